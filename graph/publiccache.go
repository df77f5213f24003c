package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/vektah/gqlparser/v2/ast"
)

// CatalogVersion is what the public answer cache follows: the catalog
// cache's invalidations and its TTL (catalog.CachedStore).
type CatalogVersion interface {
	// Generation changes whenever this process changed the catalog.
	Generation() uint64
	// TTL is how long a catalog answer may be served; 0 when not cached.
	TTL() time.Duration
}

// publicCache keeps the rendered answers of catalog queries. Everyone asks
// the same few thousand of them (a search term, a region, a page), and
// rendering a page of services costs the server more than finding it: at
// 35,000 services a search page holds five times the services of the
// small catalog's (README "Load"). Only queries made entirely of public
// catalog fields are kept (publicFields), so nothing that depends on who
// asks is ever served to someone else. An answer is as stale as the
// catalog cache allows: at most its TTL, and never after this process
// changed the catalog (the generation is part of the key).
type publicCache struct {
	version CatalogVersion
	answers *expirable.LRU[[sha256.Size]byte, json.RawMessage]
	// maxBytes bounds the answers' total size; bytes is that total.
	maxBytes int64
	bytes    atomic.Int64
	// addMu makes check-then-add one step, so bytes counts each answer once.
	addMu sync.Mutex
}

const (
	publicCacheEntries = 20000
	publicCacheBytes   = 32 << 20
)

func newPublicCache(v CatalogVersion, maxBytes int64) *publicCache {
	c := &publicCache{version: v, maxBytes: maxBytes}
	c.answers = expirable.NewLRU(publicCacheEntries, func(_ [sha256.Size]byte, a json.RawMessage) {
		c.bytes.Add(-int64(len(a)))
	}, v.TTL())
	return c
}

var (
	_ graphql.HandlerExtension    = (*publicCache)(nil)
	_ graphql.ResponseInterceptor = (*publicCache)(nil)
)

// ExtensionName implements graphql.HandlerExtension.
func (c *publicCache) ExtensionName() string { return "PublicCatalogAnswers" }

// Validate implements graphql.HandlerExtension.
func (c *publicCache) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse answers a public catalog query from the cache, or
// runs it and keeps an answer without errors.
func (c *publicCache) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query || !public(oc.Doc, oc.Operation.SelectionSet) {
		return next(ctx)
	}
	gen := c.version.Generation()
	key, ok := answerKey(Lang(ctx), gen, oc)
	if !ok {
		return next(ctx)
	}
	if a, ok := c.answers.Get(key); ok {
		return &graphql.Response{Data: a}
	}
	resp := next(ctx)
	// An answer read while the catalog changed may predate the change.
	if resp == nil || len(resp.Errors) > 0 || resp.Data == nil || c.version.Generation() != gen {
		return resp
	}
	c.add(key, resp.Data)
	return resp
}

func (c *publicCache) add(key [sha256.Size]byte, a json.RawMessage) {
	if int64(len(a)) > c.maxBytes/16 {
		return // one answer may not crowd out the others
	}
	c.addMu.Lock()
	defer c.addMu.Unlock()
	if c.answers.Contains(key) {
		return
	}
	// The executor's buffer may hold twice the answer: keep the answer alone.
	a = bytes.Clone(a)
	c.answers.Add(key, a)
	c.bytes.Add(int64(len(a)))
	for c.bytes.Load() > c.maxBytes {
		if _, _, ok := c.answers.RemoveOldest(); !ok {
			return
		}
	}
}

// answerKey names an answer by everything it depends on besides the
// catalog: the language, the query's text, the operation and its
// variables (the @include of a region among them).
func answerKey(lang string, gen uint64, oc *graphql.OperationContext) ([sha256.Size]byte, bool) {
	vars, err := json.Marshal(oc.Variables) // map keys sorted: one text per value
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	h := sha256.New()
	h.Write(binary.LittleEndian.AppendUint64(nil, gen))
	for _, s := range []string{lang, oc.OperationName, oc.RawQuery} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(vars)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k, true
}

// publicFields are the fields whose values are the same for every caller
// and change only with the catalog (or never, as the application forms,
// which are part of the program). A field not named here, such as
// Service.access (what the caller's account may do) or any field of an
// account, keeps the whole query out of the cache, so a new field is
// uncached until someone decides it is public.
var publicFields = map[string]bool{
	"Query.categories": true, "Query.departments": true, "Query.lifeSituations": true,
	"Query.regions": true, "Query.municipalities": true, "Query.services": true,
	"Query.service": true, "Query.popularServices": true,

	"ServiceConnection.edges": true, "ServiceConnection.pageInfo": true, "ServiceConnection.totalCount": true,
	"ServiceEdge.cursor": true, "ServiceEdge.node": true,
	"PageInfo.hasNextPage": true, "PageInfo.hasPreviousPage": true, "PageInfo.startCursor": true, "PageInfo.endCursor": true,

	"Service.id": true, "Service.code": true, "Service.name": true, "Service.description": true,
	"Service.level": true, "Service.mode": true, "Service.audiences": true, "Service.department": true,
	"Service.categories": true, "Service.lifeSituations": true, "Service.minTier": true,
	"Service.excludesMailConfirmation": true, "Service.fee": true, "Service.feeNote": true,
	"Service.processingDays": true, "Service.regions": true, "Service.municipalities": true,
	"Service.availability": true, "Service.forChildren": true, "Service.applicationForm": true,

	"Money.kopecks": true, "Money.formatted": true,
	"Availability.regionCode": true, "Availability.available": true, "Availability.reason": true, "Availability.conditions": true,
	"Category.id": true, "Category.code": true, "Category.name": true, "Category.audiences": true,
	"Department.id": true, "Department.code": true, "Department.name": true, "Department.shortName": true,
	"Department.level": true, "Department.parent": true,
	"LifeSituation.id": true, "LifeSituation.code": true, "LifeSituation.name": true, "LifeSituation.description": true,
	"Region.id": true, "Region.code": true, "Region.name": true,
	"Municipality.id": true, "Municipality.oktmo": true, "Municipality.name": true, "Municipality.region": true,
	"ApplicationForm.serviceCode": true, "ApplicationForm.schema": true, "ApplicationForm.documents": true,
	"ApplicationForm.applicants": true, "ApplicationForm.branchChoice": true,
	"DocumentRequirement.type": true, "DocumentRequirement.title": true, "DocumentRequirement.required": true,
}

// public says whether every field the selection asks for, through its
// fragments, is in publicFields.
func public(doc *ast.QueryDocument, set ast.SelectionSet) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == "__typename" {
				continue
			}
			if s.ObjectDefinition == nil || !publicFields[s.ObjectDefinition.Name+"."+s.Name] {
				return false
			}
			if !public(doc, s.SelectionSet) {
				return false
			}
		case *ast.InlineFragment:
			if !public(doc, s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			def := s.Definition
			if def == nil && doc != nil {
				def = doc.Fragments.ForName(s.Name)
			}
			if def == nil || !public(doc, def.SelectionSet) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
