package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Limits bound the shape of a query. gqlgen's defaults bound nothing: a
// query nested a million deep kills the process and thousands of duplicated
// fields take seconds to validate, so these run before gqlgen validates.
type Limits struct {
	// MaxTokens caps the lexer tokens of a document (gqlparser's limit).
	MaxTokens int
	// MaxDepth caps selection nesting, counted through fragments.
	MaxDepth int
	// MaxAliases caps aliased fields in a document.
	MaxAliases int
	// MaxFields caps the fields written in a document.
	MaxFields int
	// MaxDirectives caps the directives written in a document.
	MaxDirectives int
}

// MaxQueryBytes caps the text of a query document: the apps' largest
// queries are a few kilobytes.
const MaxQueryBytes = 64 << 10

// DefaultLimits fit every query the apps send with room to spare.
func DefaultLimits() Limits {
	return Limits{MaxTokens: 5000, MaxDepth: 12, MaxAliases: 30, MaxFields: 500, MaxDirectives: 50}
}

// queryLimits is the gqlgen extension that enforces Limits before parsing
// and validation. Verdicts are cached by query text, as gqlgen caches
// parsed documents.
type queryLimits struct {
	limits   Limits
	verdicts *lru.LRU[*gqlerror.Error]
}

var (
	_ graphql.HandlerExtension          = (*queryLimits)(nil)
	_ graphql.OperationParameterMutator = (*queryLimits)(nil)
)

func newQueryLimits(l Limits) *queryLimits {
	return &queryLimits{limits: l, verdicts: lru.New[*gqlerror.Error](1000)}
}

func (q *queryLimits) ExtensionName() string { return "QueryLimits" }

func (q *queryLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (q *queryLimits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil
	}
	// gqlgen caches parsed documents by their text; a cap on the text keeps
	// that cache (and ours, keyed by a hash) small whatever clients send.
	if len(params.Query) > MaxQueryBytes {
		return localise(ctx, limitError(CodeQueryTooComplex, "bytes", MaxQueryBytes))
	}
	sum := sha256.Sum256([]byte(params.Query))
	key := hex.EncodeToString(sum[:])
	if v, ok := q.verdicts.Get(ctx, key); ok {
		return localise(ctx, v)
	}
	v := q.check(params.Query)
	q.verdicts.Add(ctx, key, v)
	return localise(ctx, v)
}

// check measures query; nil means within limits. A document that does not
// parse is left for gqlgen to report, unless it broke the token limit or
// the parser's own nesting limit.
func (q *queryLimits) check(query string) *gqlerror.Error {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, q.limits.MaxTokens)
	if err != nil {
		switch {
		case q.limits.MaxTokens > 0 && parseErrorSays(err, "token limit"):
			return limitError(CodeQueryTooComplex, "query", q.limits.MaxTokens)
		case parseErrorSays(err, "maximum nesting depth"):
			limit := q.limits.MaxDepth
			if limit <= 0 {
				limit = parser.MaxNestingDepth
			}
			return limitError(CodeQueryTooDeep, "depth", limit)
		}
		return nil
	}
	m := measure(doc)
	fields := m.fields
	if !m.cycle {
		fields = max(fields, m.expanded)
	}
	// A cycle of fragments has no depth and no expansion; validation
	// refuses it, naming the fragments, and nothing runs.
	switch {
	case q.limits.MaxFields > 0 && fields > q.limits.MaxFields:
		return limitError(CodeQueryTooComplex, "fields", q.limits.MaxFields)
	case q.limits.MaxAliases > 0 && m.aliases > q.limits.MaxAliases:
		return limitError(CodeTooManyAliases, "aliases", q.limits.MaxAliases)
	case q.limits.MaxDirectives > 0 && m.directives > q.limits.MaxDirectives:
		return limitError(CodeQueryTooComplex, "directives", q.limits.MaxDirectives)
	case !m.cycle && q.limits.MaxDepth > 0 && m.depth > q.limits.MaxDepth:
		return limitError(CodeQueryTooDeep, "depth", q.limits.MaxDepth)
	}
	return nil
}

func parseErrorSays(err error, what string) bool {
	e, ok := err.(*gqlerror.Error)
	return ok && strings.Contains(e.Message, what)
}

// limitError is a refusal with a stable code; its message is localised
// per request by localise.
func limitError(code, what string, limit int) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    what,
		Extensions: map[string]any{"code": code, "limit": limit, "what": what},
	}
}

var limitMessages = map[string][2]string{
	"query":      {"Запрос слишком большой: не больше %d лексем", "the query is too large: at most %d tokens"},
	"bytes":      {"Текст запроса слишком длинный: не больше %d байт", "the query text is too long: at most %d bytes"},
	"fields":     {"В запросе слишком много полей: не больше %d", "the query has too many fields: at most %d"},
	"aliases":    {"В запросе слишком много псевдонимов: не больше %d", "the query has too many aliases: at most %d"},
	"directives": {"В запросе слишком много директив: не больше %d", "the query has too many directives: at most %d"},
	"depth":      {"Запрос слишком глубокий: не больше %d уровней вложенности", "the query is nested too deeply: at most %d levels"},
}

func localise(ctx context.Context, e *gqlerror.Error) *gqlerror.Error {
	if e == nil {
		return nil
	}
	what, _ := e.Extensions["what"].(string)
	limit, _ := e.Extensions["limit"].(int)
	msgs := limitMessages[what]
	out := &gqlerror.Error{Extensions: map[string]any{"code": e.Extensions["code"], "limit": limit}}
	if Lang(ctx) == "en" {
		out.Message = fmt.Sprintf(msgs[1], limit)
	} else {
		out.Message = fmt.Sprintf(msgs[0], limit)
	}
	return out
}

type measurement struct {
	// fields, aliases and directives count what the document writes.
	fields, aliases, directives int
	// expanded counts the fields of the operations with every fragment
	// spread in place, as gqlgen's complexity walk visits them; depth is
	// how deep they nest. Neither means anything when cycle is set.
	expanded, depth int
	// cycle is set when a fragment spreads itself, directly or not.
	cycle bool
}

// saturated caps the counts of a document whose fragments fan out, so they
// never overflow.
const saturated = 1 << 30

// measure counts what a document writes, and how many fields its
// operations expand to and how deep they nest through fragments. Each
// fragment is measured once, so fragments that spread each other many times
// cost linear time however far they fan out; a cycle is noted and left for
// validation to name.
func measure(doc *ast.QueryDocument) measurement {
	var m measurement
	var count func(ast.SelectionSet)
	count = func(ss ast.SelectionSet) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.Field:
				m.fields++
				if s.Alias != "" && s.Alias != s.Name {
					m.aliases++
				}
				m.directives += len(s.Directives)
				count(s.SelectionSet)
			case *ast.InlineFragment:
				m.directives += len(s.Directives)
				count(s.SelectionSet)
			case *ast.FragmentSpread:
				m.directives += len(s.Directives)
			}
		}
	}
	for _, op := range doc.Operations {
		m.directives += len(op.Directives)
		count(op.SelectionSet)
	}
	fragments := make(map[string]*ast.FragmentDefinition, len(doc.Fragments))
	for _, f := range doc.Fragments {
		m.directives += len(f.Directives)
		count(f.SelectionSet)
		if _, dup := fragments[f.Name]; !dup {
			fragments[f.Name] = f
		}
	}

	type size struct{ depth, fields int }
	add := func(a, b int) int { return min(a+b, saturated) }
	memo := map[string]size{}
	visiting := map[string]bool{}
	var walk func(ast.SelectionSet) size
	spread := func(name string) size {
		if s, ok := memo[name]; ok {
			return s
		}
		f := fragments[name]
		if visiting[name] || f == nil {
			// A cycle, or an unknown fragment: validation names either.
			m.cycle = m.cycle || visiting[name]
			return size{}
		}
		visiting[name] = true
		s := walk(f.SelectionSet)
		visiting[name] = false
		memo[name] = s
		return s
	}
	walk = func(ss ast.SelectionSet) size {
		var out size
		for _, s := range ss {
			var in size
			switch s := s.(type) {
			case *ast.Field:
				in = walk(s.SelectionSet)
				in = size{depth: in.depth + 1, fields: add(in.fields, 1)}
			case *ast.InlineFragment:
				in = walk(s.SelectionSet)
			case *ast.FragmentSpread:
				in = spread(s.Name)
			}
			out = size{depth: max(out.depth, in.depth), fields: add(out.fields, in.fields)}
		}
		return out
	}
	for _, op := range doc.Operations {
		s := walk(op.SelectionSet)
		m.depth = max(m.depth, s.depth)
		m.expanded = add(m.expanded, s.fields)
	}
	return m
}
