package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

type fakeVersion struct {
	gen atomic.Uint64
	ttl time.Duration
}

func (v *fakeVersion) Generation() uint64 { return v.gen.Load() }
func (v *fakeVersion) TTL() time.Duration { return v.ttl }

// runner sends operations through a public cache and counts the ones it
// had to execute.
type runner struct {
	t      *testing.T
	schema *ast.Schema
	cache  *publicCache
	ran    int
	// errs is what the next execution answers with, if anything.
	errs gqlerror.List
}

func newRunner(t *testing.T, v CatalogVersion, maxBytes int64) *runner {
	return &runner{t: t, schema: NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema(), cache: newPublicCache(v, maxBytes)}
}

// do runs query in lang and returns its answer's data.
func (r *runner) do(lang, query string, vars map[string]any) string {
	r.t.Helper()
	doc, errs := gqlparser.LoadQueryWithRules(r.schema, query, nil)
	if len(errs) > 0 {
		r.t.Fatalf("%s: %v", query, errs)
	}
	oc := &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0], Variables: vars}
	ctx := graphql.WithOperationContext(ContextWithLang(context.Background(), lang), oc)
	resp := r.cache.InterceptResponse(ctx, func(context.Context) *graphql.Response {
		r.ran++
		if r.errs != nil {
			return &graphql.Response{Data: json.RawMessage(`null`), Errors: r.errs}
		}
		return &graphql.Response{Data: json.RawMessage(fmt.Sprintf(`{"run":%d}`, r.ran))}
	})
	return string(resp.Data)
}

const searchQuery = `query CatalogServices($filter: ServiceFilter!, $regionCode: String!, $withRegion: Boolean!) {
  services(filter: $filter, first: 20) { totalCount edges { cursor node { ...Card availability(regionCode: $regionCode) @include(if: $withRegion) { available reason } } } }
}
fragment Card on Service { id name fee { formatted } department { id shortName } __typename }`

func TestPublicCatalogAnswersAreKept(t *testing.T) {
	v := &fakeVersion{ttl: time.Hour}
	r := newRunner(t, v, publicCacheBytes)
	vars := func(q, region string) map[string]any {
		return map[string]any{"filter": map[string]any{"query": q, "regionCode": region}, "regionCode": region, "withRegion": region != ""}
	}
	first := r.do("ru", searchQuery, vars("паспорт", ""))
	if got := r.do("ru", searchQuery, vars("паспорт", "")); got != first || r.ran != 1 {
		t.Fatalf("the same search again: %s after %s, executed %d times", got, first, r.ran)
	}
	// Each thing an answer depends on is a different answer.
	for _, c := range []struct {
		name, lang string
		vars       map[string]any
	}{
		{"another term", "ru", vars("налог", "")},
		{"a region", "ru", vars("паспорт", "77")},
		{"another region", "ru", vars("паспорт", "78")},
		{"English", "en", vars("паспорт", "")},
	} {
		before := r.ran
		r.do(c.lang, searchQuery, c.vars)
		if r.ran != before+1 {
			t.Errorf("%s was answered from the cache", c.name)
		}
	}
	// A change of the catalog in this process: nothing kept before it is served.
	v.gen.Add(1)
	before := r.ran
	if r.do("ru", searchQuery, vars("паспорт", "")) == first || r.ran != before+1 {
		t.Error("an answer from before the catalog changed was served")
	}
	// An answer with errors is not kept.
	r.errs = gqlerror.List{gqlerror.Errorf("unavailable")}
	r.do("ru", searchQuery, vars("ошибка", ""))
	r.errs = nil
	before = r.ran
	r.do("ru", searchQuery, vars("ошибка", ""))
	if r.ran != before+1 {
		t.Error("an answer with errors was kept")
	}
}

// Anything that depends on who asks, or is not a plain read of the
// catalog, runs every time.
func TestAnswersThatDependOnTheCallerAreNotKept(t *testing.T) {
	r := newRunner(t, &fakeVersion{ttl: time.Hour}, publicCacheBytes)
	for _, q := range []string{
		`query ServiceAccess($id: ID!) { service(id: $id) { id access { allowed reason } } }`,
		`query { service(id: "1") { ...A } } fragment A on Service { name access { allowed } }`,
		`query { service(id: "1") { name ... on Service { access { allowed } } } }`,
		`query { me { id } }`,
		`query { node(id: "1") { id } }`,
		`query { services(first: 1) { totalCount } me { id } }`,
		`mutation { signOut { ok } }`,
	} {
		before := r.ran
		r.do("ru", q, map[string]any{"id": "1"})
		r.do("ru", q, map[string]any{"id": "1"})
		if r.ran != before+2 {
			t.Errorf("kept: %s", q)
		}
	}
}

func TestPublicAnswersStayWithinTheirBytes(t *testing.T) {
	const maxBytes = 16 * 64
	r := newRunner(t, &fakeVersion{ttl: time.Hour}, maxBytes)
	for i := range 200 {
		r.do("ru", searchQuery, map[string]any{"filter": map[string]any{"query": fmt.Sprint(i)}, "regionCode": "", "withRegion": false})
	}
	if n := r.cache.bytes.Load(); n > maxBytes || n <= 0 {
		t.Errorf("%d bytes kept, at most %d", n, maxBytes)
	}
	var sum int64
	for _, a := range r.cache.answers.Values() {
		sum += int64(len(a))
	}
	if sum != r.cache.bytes.Load() {
		t.Errorf("counted %d bytes, holds %d", r.cache.bytes.Load(), sum)
	}
	// The newest answers are the ones kept.
	before := r.ran
	r.do("ru", searchQuery, map[string]any{"filter": map[string]any{"query": "199"}, "regionCode": "", "withRegion": false})
	if r.ran != before {
		t.Error("the newest answer was not kept")
	}
}
