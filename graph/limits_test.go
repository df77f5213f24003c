package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// fanOut is a document whose fragment Fi spreads F(i+1) fan times, levels
// deep, ending in a fragment of one field: fan^levels fields once spread.
func fanOut(levels, fan int) string {
	var b strings.Builder
	b.WriteString("query FanOut { ...F0 }\n")
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on Query { %s}\n", i, strings.Repeat(fmt.Sprintf("...F%d ", i+1), fan))
	}
	fmt.Fprintf(&b, "fragment F%d on Query { regions { code } }\n", levels)
	return b.String()
}

// chain nests n fragments, each one field deeper than the last.
func chain(n int) string {
	var b strings.Builder
	b.WriteString("query Chain { node(id: \"x\") { ...D1 } }\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "fragment D%d on Department { parent { ...D%d } }\n", i, i+1)
	}
	fmt.Fprintf(&b, "fragment D%d on Department { id }\n", n)
	return b.String()
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  measurement
	}{
		{
			name:  "flat selections",
			query: `{ regions { code name } departments { id } }`,
			want:  measurement{fields: 5, expanded: 5, depth: 2},
		},
		{
			name:  "aliases count when they rename",
			query: `{ a: regions { code } b: regions { c: code } regions: regions { code } }`,
			want:  measurement{fields: 6, aliases: 3, expanded: 6, depth: 2},
		},
		{
			name: "directives count wherever they are written",
			query: `query Q @a { x @include(if: true) ...F @skip(if: false) ... on Query @include(if: true) { y } }
				fragment F on Query @b { z @c @d }`,
			want: measurement{fields: 3, directives: 7, expanded: 3, depth: 1},
		},
		{
			name:  "inline fragments add no level",
			query: `{ node(id: "x") { ... on Department { ... on Department { parent { id } } } } }`,
			want:  measurement{fields: 3, expanded: 3, depth: 3},
		},
		{
			name:  "depth counts through named fragments",
			query: chain(20),
			want:  measurement{fields: 21, expanded: 21, depth: 21},
		},
		{
			name: "the deepest operation counts",
			query: `query A { regions { code } } query B { node(id: "x") { ...D } }
				fragment D on Department { parent { parent { id } } }`,
			want: measurement{fields: 6, expanded: 6, depth: 4},
		},
		{
			name: "a fragment spread twice is written once and expanded twice",
			query: `{ services { edges { node { ...Card } } } popularServices { ...Card } }
				fragment Card on Service { id code name }`,
			want: measurement{fields: 7, expanded: 10, depth: 4},
		},
		{
			name:  "a cycle through two fragments is noted, not followed",
			query: `{ node(id: "x") { ...A } } fragment A on Department { parent { ...B } } fragment B on Department { parent { ...A } }`,
			want:  measurement{fields: 3, expanded: 3, depth: 3, cycle: true},
		},
		{
			name:  "a fragment spreading itself is a cycle",
			query: `{ ...A } fragment A on Query { regions { code } ...A }`,
			want:  measurement{fields: 2, expanded: 2, depth: 2, cycle: true},
		},
		{
			name:  "an unknown fragment is left for validation",
			query: `{ regions { code } ...Missing }`,
			want:  measurement{fields: 2, expanded: 2, depth: 2},
		},
		{
			name:  "three levels of ten spreads expand to a thousand fields",
			query: fanOut(3, 10),
			want:  measurement{fields: 2, expanded: 2000, depth: 2},
		},
		{
			name:  "40 levels of ten spreads saturate instead of overflowing",
			query: fanOut(40, 10),
			want:  measurement{fields: 2, expanded: saturated, depth: 2},
		},
		{
			name:  "1000 levels of two spreads are measured in linear time",
			query: fanOut(1000, 2),
			want:  measurement{fields: 2, expanded: saturated, depth: 2},
		},
		{
			name:  "a cycle fanning out ten ways does not hang",
			query: strings.Replace(fanOut(40, 10), "regions { code }", "...F0", 1),
			want:  measurement{cycle: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := measure(doc); got != tt.want {
				t.Errorf("measure = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestQueryLimitsCheck(t *testing.T) {
	q := newQueryLimits(DefaultLimits())
	aliases := make([]string, 31)
	for i := range aliases {
		aliases[i] = fmt.Sprintf("a%d: regions { code }", i)
	}
	tests := []struct {
		name, query string
		code, what  string // "" for within limits
	}{
		{"an ordinary query", `{ services(first: 20) { edges { node { id name department { shortName } } } } }`, "", ""},
		{"12 levels", `{ node(id: "x") { ... on Department { ` + strings.Repeat("parent { ", 10) + "id" + strings.Repeat(" }", 10) + ` } } }`, "", ""},
		{"13 levels", `{ node(id: "x") { ... on Department { ` + strings.Repeat("parent { ", 11) + "id" + strings.Repeat(" }", 11) + ` } } }`, CodeQueryTooDeep, "depth"},
		{"20 levels through fragments", chain(20), CodeQueryTooDeep, "depth"},
		{"past the parser's nesting limit", "{" + strings.Repeat("a{", 1001) + "b" + strings.Repeat("}", 1002), CodeQueryTooDeep, "depth"},
		{"past the token limit", `{ regions { ` + strings.Repeat("code ", 5000) + `} }`, CodeQueryTooComplex, "query"},
		{"501 fields", `{ regions { ` + strings.Repeat("code ", 501) + `} }`, CodeQueryTooComplex, "fields"},
		{"a fragment expanding past 500 fields", fanOut(3, 10), CodeQueryTooComplex, "fields"},
		{"an exponential fan-out of fragments", fanOut(40, 10), CodeQueryTooComplex, "fields"},
		{"31 aliases", "{ " + strings.Join(aliases, " ") + " }", CodeTooManyAliases, "aliases"},
		{"51 directives", `{ regions { code ` + strings.Repeat("@include(if: true) ", 51) + `} }`, CodeQueryTooComplex, "directives"},
		{"a cycle is left for validation to name", `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, "", ""},
		{"a syntax error is left for gqlgen to report", `{ regions { code `, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := q.check(tt.query)
			if tt.code == "" {
				if got != nil {
					t.Fatalf("refused: %v", got.Extensions)
				}
				return
			}
			if got == nil {
				t.Fatalf("not refused, want %s", tt.code)
			}
			if got.Extensions["code"] != tt.code || got.Extensions["what"] != tt.what {
				t.Errorf("refused with %v, want %s for %s", got.Extensions, tt.code, tt.what)
			}
		})
	}
}

func TestQueryLimitsMessages(t *testing.T) {
	q := newQueryLimits(DefaultLimits())
	deep := chain(20)
	tests := []struct {
		name, lang, query, message string
	}{
		{"Russian by default", "", deep, "Запрос слишком глубокий: не больше 12 уровней вложенности"},
		{"English on request", "en", deep, "the query is nested too deeply: at most 12 levels"},
		{"a cached verdict speaks Russian again", "ru", deep, "Запрос слишком глубокий: не больше 12 уровней вложенности"},
		{"tokens in English", "en", `{ regions { ` + strings.Repeat("code ", 5000) + `} }`, "the query is too large: at most 5000 tokens"},
		{"fields in Russian", "ru", fanOut(3, 10), "В запросе слишком много полей: не больше 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := graphql.WithOperationContext(ContextWithLang(context.Background(), tt.lang), &graphql.OperationContext{})
			err := q.MutateOperationParameters(ctx, &graphql.RawParams{Query: tt.query})
			if err == nil {
				t.Fatal("not refused")
			}
			if err.Message != tt.message {
				t.Errorf("message %q, want %q", err.Message, tt.message)
			}
			if _, ok := err.Extensions["what"]; ok {
				t.Errorf("the internal key leaks into extensions: %v", err.Extensions)
			}
		})
	}
	t.Run("a hash alone is left for APQ", func(t *testing.T) {
		if err := q.MutateOperationParameters(context.Background(), &graphql.RawParams{}); err != nil {
			t.Errorf("refused an empty query: %v", err)
		}
	})
	t.Run("zero limits are off", func(t *testing.T) {
		off := newQueryLimits(Limits{})
		if err := off.check(fanOut(3, 10) + strings.Repeat("# x\n", 10)); err != nil {
			t.Errorf("refused with limits off: %v", err)
		}
	})
}

func BenchmarkMeasureFanOut(b *testing.B) {
	doc, err := parser.ParseQuery(&ast.Source{Input: fanOut(1000, 10)})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		measure(doc)
	}
}
