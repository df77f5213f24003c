package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/money"
)

// catalogHandler serves the GraphQL API over the seeded catalog, with the
// store's lookups counted.
func catalogHandler(t *testing.T) (http.Handler, *countingStore) {
	t.Helper()
	store := &countingStore{Store: db.NewCatalogStore(dbtest.New(t, dbtest.Options{Seed: true}))}
	return NewHandler(HandlerConfig{
		Catalog:       catalog.New(store),
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		MaxBodyBytes:  1 << 20,
		MaxComplexity: 50000,
		Limits:        DefaultLimits(),
	}), store
}

type gqlError struct {
	Message    string
	Path       []any
	Extensions map[string]any
}

// execute posts query with vars in lang and decodes the data into data.
func execute(t *testing.T, h http.Handler, lang, query string, vars map[string]any, data any) []gqlError {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var r struct {
		Data   json.RawMessage
		Errors []gqlError
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("response %d is not JSON: %s", rec.Code, rec.Body)
	}
	if data != nil && len(r.Data) > 0 && string(r.Data) != "null" {
		if err := json.Unmarshal(r.Data, data); err != nil {
			t.Fatalf("data %s: %v", r.Data, err)
		}
	}
	return r.Errors
}

func TestSourceLoadMany(t *testing.T) {
	var mu sync.Mutex
	var fetched [][]string
	src := newSource(func(_ context.Context, keys []string) (map[string]int, error) {
		mu.Lock()
		fetched = append(fetched, slices.Clone(keys))
		mu.Unlock()
		out := map[string]int{}
		errs := dataloadgen.MappedFetchError[string]{}
		for _, k := range keys {
			switch k {
			case "missing":
			case "bad":
				errs[k] = errors.New("bad key")
			case "down":
				return nil, errors.New("store down")
			default:
				out[k] = len(k)
			}
		}
		if len(errs) > 0 {
			return out, errs
		}
		return out, nil
	})
	ctx := context.Background() // no list above: fetched at once

	t.Run("one fetch of the distinct keys, answers in order", func(t *testing.T) {
		fetched = nil
		values, errs := src.LoadMany(ctx, []string{"ccc", "a", "ccc", "bb"})
		if !slices.Equal(values, []int{3, 1, 3, 2}) || slices.ContainsFunc(errs, func(e error) bool { return e != nil }) {
			t.Errorf("got %v %v", values, errs)
		}
		if len(fetched) != 1 || !slices.Equal(fetched[0], []string{"ccc", "a", "bb"}) {
			t.Errorf("fetched %v, want one fetch of [ccc a bb]", fetched)
		}
	})
	t.Run("a missing or failing key fails alone", func(t *testing.T) {
		values, errs := src.LoadMany(ctx, []string{"a", "missing", "bad", "bb"})
		if values[0] != 1 || values[3] != 2 || errs[0] != nil || errs[3] != nil {
			t.Errorf("the good keys: %v %v", values, errs)
		}
		if !errors.Is(errs[1], dataloadgen.ErrNotFound) || errs[2] == nil || errs[2].Error() != "bad key" {
			t.Errorf("the bad keys: %v", errs)
		}
	})
	t.Run("a failing fetch fails every key", func(t *testing.T) {
		_, errs := src.LoadMany(ctx, []string{"a", "down"})
		for _, err := range errs {
			if err == nil || err.Error() != "store down" {
				t.Errorf("errors %v", errs)
			}
		}
	})
	t.Run("under a list, concurrent calls meet in one fetch", func(t *testing.T) {
		fetched = nil
		list := &graphql.FieldContext{Object: "Query"}
		var wg sync.WaitGroup
		keys := []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh"}
		for i, k := range keys {
			wg.Go(func() {
				item := graphql.WithFieldContext(graphql.WithFieldContext(ctx, list), &graphql.FieldContext{Index: &i})
				field := graphql.WithFieldContext(graphql.WithFieldContext(item, &graphql.FieldContext{Object: "ServiceEdge"}), &graphql.FieldContext{Object: "Service"})
				if values, errs := src.LoadMany(field, []string{k}); values[0] != len(k) || errs[0] != nil {
					t.Errorf("%s: %v %v", k, values, errs)
				}
			})
		}
		wg.Wait()
		// Batches form by time, so a loaded machine may split one in a
		// few; without batching it would be one per key.
		if len(fetched) > len(keys)/2 {
			t.Errorf("fetched %v: the loader does not batch", fetched)
		}
	})
}

func TestConcurrentSiblings(t *testing.T) {
	index := func(i int) *graphql.FieldContext { return &graphql.FieldContext{Index: &i} }
	field := func(object string) *graphql.FieldContext { return &graphql.FieldContext{Object: object} }
	tests := []struct {
		name  string
		chain []*graphql.FieldContext // from the root to the field being resolved
		want  bool
	}{
		{"a field of a root object", []*graphql.FieldContext{field("node"), field("department")}, false},
		{"a field of the items of a root list", []*graphql.FieldContext{field("popularServices"), index(3), field("department")}, false},
		{"a field of an object inside a root list's items", []*graphql.FieldContext{field("departments"), index(3), field("parent"), field("parent")}, true},
		{"a field of the nodes of a connection", []*graphql.FieldContext{field("services"), field("edges"), index(3), field("node"), field("department")}, true},
		{"a field of the items of a list inside a list", []*graphql.FieldContext{field("popularServices"), index(1), field("municipalities"), index(2), field("region")}, true},
		{"a root field", []*graphql.FieldContext{field("service")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			for _, fc := range tt.chain {
				ctx = graphql.WithFieldContext(ctx, fc)
			}
			if got := concurrentSiblings(ctx); got != tt.want {
				t.Errorf("concurrentSiblings = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBatchResolversAskTheStoreOncePerField checks that the children of a
// list are fetched with one lookup, whether gqlgen hands the batch resolver
// the whole list or the dataloader gathers the services of a connection.
func TestBatchResolversAskTheStoreOncePerField(t *testing.T) {
	h, store := catalogHandler(t)
	tests := []struct {
		name, query string
		services    int
		maxLookups  int32 // of each kind
	}{
		{"a list", `{ s: popularServices(first: 20) { id department { name } categories { name } } }`, 20, 1},
		// The services of a connection meet in the dataloader, whose
		// batches form by time: a loaded machine may split one in a few;
		// without batching it would be 20.
		{"a connection", `{ services(first: 20) { edges { node { id department { name } categories { name } } } } }`, 20, 10},
		{"one service", `{ service(id: "` + globalIntID(typeService, 1) + `") { id department { name } categories { name } } }`, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store.departments.Store(0)
			store.links.Store(0)
			store.categories.Store(0)
			var data any
			if errs := execute(t, h, "", tt.query, nil, &data); len(errs) > 0 {
				t.Fatalf("errors %+v", errs)
			}
			if n := strings.Count(fmt.Sprint(data), "department"); n != tt.services {
				t.Fatalf("%d departments in %v, want %d", n, data, tt.services)
			}
			for name, n := range map[string]int32{"departments": store.departments.Load(), "category links": store.links.Load(), "categories": store.categories.Load()} {
				if n < 1 || n > tt.maxLookups {
					t.Errorf("%s were fetched %d times for %d services, want 1 to %d", name, n, tt.services, tt.maxLookups)
				}
			}
		})
	}
}

// TestAvailabilityErrorsPerService checks that an unknown region fails the
// availability of each service with its own error, wherever the services
// come from.
func TestAvailabilityErrorsPerService(t *testing.T) {
	h, _ := catalogHandler(t)
	tests := []struct {
		name, query string
		services    int
		path        string // of the first error
	}{
		{"a list", `{ popularServices(first: 3) { code availability(regionCode: "99") { available } } }`, 3, "popularServices.0.availability"},
		{"a connection", `{ services(first: 3) { edges { node { code availability(regionCode: "99") { available } } } } }`, 3, "services.edges.0.node.availability"},
		{"one service", `{ service(id: "` + globalIntID(typeService, 1) + `") { code availability(regionCode: "99") { available } } }`, 1, "service.availability"},
	}
	for _, tt := range tests {
		for _, lang := range []string{"ru", "en"} {
			t.Run(tt.name+" in "+lang, func(t *testing.T) {
				errs := execute(t, h, lang, tt.query, nil, nil)
				if len(errs) != tt.services {
					t.Fatalf("%d errors, want one per service: %+v", len(errs), errs)
				}
				var paths []string
				for _, e := range errs {
					if e.Extensions["code"] != CodeBadUserInput || e.Extensions["field"] != "regionCode" || e.Extensions["reason"] != "UNKNOWN_REGION" {
						t.Errorf("error %+v", e)
					}
					if want := map[string]string{"ru": "Нет региона", "en": "no region"}[lang]; !strings.Contains(e.Message, want) {
						t.Errorf("message %q, want one with %q", e.Message, want)
					}
					var p []string
					for _, s := range e.Path {
						p = append(p, fmt.Sprint(s))
					}
					paths = append(paths, strings.Join(p, "."))
				}
				slices.Sort(paths)
				if paths[0] != tt.path || len(slices.Compact(paths)) != tt.services {
					t.Errorf("paths %v, want one per service from %s", paths, tt.path)
				}
			})
		}
	}
	t.Run("a known region beside an unknown one still answers", func(t *testing.T) {
		var data struct {
			PopularServices []struct{ Availability struct{ Available bool } }
		}
		errs := execute(t, h, "", `{ popularServices(first: 3) { availability(regionCode: "77") { available } } bad: service(id: "`+
			globalIntID(typeService, 1)+`") { availability(regionCode: "99") { available } } }`, nil, &data)
		if len(errs) != 1 || len(data.PopularServices) != 3 {
			t.Errorf("errors %+v, data %+v", errs, data)
		}
	})
}

// TestIDsAndTexts checks the fields that bind straight to the domain
// types: each global id names its own type and leads back to its object
// through node(id:), and texts come in the request's language.
func TestIDsAndTexts(t *testing.T) {
	h, _ := catalogHandler(t)
	const query = `{
  popularServices(first: 100) { __typename id name description feeNote fee { kopecks formatted }
    department { __typename id name shortName parent { __typename id name } }
    categories { __typename id name } lifeSituations { __typename id name description }
    regions { __typename id name } municipalities { __typename id name region { __typename id name } }
    availability(regionCode: "77") { available reason conditions } }
  regions { __typename id name }
}`
	var ru, en any
	if errs := execute(t, h, "ru", query, nil, &ru); len(errs) > 0 {
		t.Fatalf("errors %+v", errs)
	}
	if errs := execute(t, h, "en", query, nil, &en); len(errs) > 0 {
		t.Fatalf("errors %+v", errs)
	}

	// objects collects every object with an id, keyed by the id.
	objects := map[string]map[string]any{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["id"].(string); ok {
				objects[id] = v
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(ru)
	types := map[string]bool{}
	for id, obj := range objects {
		typ, _, err := parseGlobalID(id)
		if err != nil || typ != obj["__typename"] {
			t.Errorf("id %q of a %v names %q (%v)", id, obj["__typename"], typ, err)
			continue
		}
		types[typ] = true
		var d struct{ Node map[string]any }
		errs := execute(t, h, "ru", `query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": id}, &d)
		if len(errs) > 0 || d.Node["id"] != id || d.Node["__typename"] != typ {
			t.Errorf("node(%q) = %v %+v", id, d.Node, errs)
		}
	}
	for _, typ := range []string{typeService, typeDepartment, typeCategory, typeLifeSituation, typeRegion, typeMunicipality} {
		if !types[typ] {
			t.Errorf("no %s among the objects", typ)
		}
	}

	type service struct {
		Name, Description string
		FeeNote           *string
		Fee               struct {
			Kopecks   int64
			Formatted string
		}
		Department   struct{ Name, ShortName string }
		Availability struct {
			Available          bool
			Reason, Conditions *string
		}
	}
	var sru, sen struct{ PopularServices []service }
	b, _ := json.Marshal(ru)
	_ = json.Unmarshal(b, &sru)
	b, _ = json.Marshal(en)
	_ = json.Unmarshal(b, &sen)
	var notes, reasons, conditions, fees int
	for i, r := range sru.PopularServices {
		e := sen.PopularServices[i]
		if r.Name == e.Name || r.Name == "" || e.Name == "" || r.Department.ShortName == "" {
			t.Errorf("service %d is named %q in Russian and %q in English", i, r.Name, e.Name)
		}
		if (r.FeeNote == nil) != (e.FeeNote == nil) {
			t.Errorf("service %q: fee note %v in Russian, %v in English", r.Name, r.FeeNote, e.FeeNote)
		}
		if r.FeeNote != nil {
			notes++
		}
		// Written out in the language of the request, as the amount.
		if r.Fee.Kopecks != e.Fee.Kopecks || r.Fee.Formatted != money.Format(r.Fee.Kopecks, "ru") ||
			e.Fee.Formatted != money.Format(e.Fee.Kopecks, "en") {
			t.Errorf("service %q: fee %+v in Russian, %+v in English", r.Name, r.Fee, e.Fee)
		}
		if r.Fee.Kopecks > 0 {
			fees++
		}
		if r.Availability.Available == (r.Availability.Reason != nil) {
			t.Errorf("service %q: available %v with reason %v", r.Name, r.Availability.Available, r.Availability.Reason)
		}
		if r.Availability.Reason != nil {
			reasons++
		}
		if r.Availability.Conditions != nil {
			conditions++
		}
	}
	if notes == 0 || notes == len(sru.PopularServices) || conditions == 0 || conditions == len(sru.PopularServices) || fees == 0 {
		t.Errorf("of %d services, %d have a fee note and %d conditions in Moscow: the nulls are not told apart",
			len(sru.PopularServices), notes, conditions)
	}
	t.Logf("%d services, %d fee notes, %d reasons, %d conditions, %d objects with ids", len(sru.PopularServices), notes, reasons, conditions, len(objects))
}

// failingDepartments fails every department lookup.
type failingDepartments struct{ catalog.Store }

func (failingDepartments) DepartmentsByIDs(context.Context, []int64) ([]catalog.Department, error) {
	return nil, errors.New("dial tcp 10.0.0.5:5432: password=hunter2")
}

// TestBatchResolverFailuresAreHidden checks that a store failure inside a
// batch resolver reaches the client as an internal error on each parent,
// without its cause.
func TestBatchResolverFailuresAreHidden(t *testing.T) {
	store := failingDepartments{db.NewCatalogStore(dbtest.New(t, dbtest.Options{Seed: true}))}
	var logs logBuffer
	h := NewHandler(HandlerConfig{
		Catalog:       catalog.New(store),
		Logger:        slog.New(slog.NewTextHandler(&logs, nil)),
		MaxBodyBytes:  1 << 20,
		MaxComplexity: 5000,
		Limits:        DefaultLimits(),
	})
	for _, q := range []string{
		`{ popularServices(first: 3) { code department { name } } }`,
		`{ services(first: 3) { edges { node { code department { name } } } } }`,
	} {
		errs := execute(t, h, "en", q, nil, nil)
		if len(errs) != 3 {
			t.Fatalf("%s: %d errors, want one per service: %+v", q, len(errs), errs)
		}
		for _, e := range errs {
			if e.Message != "internal error" || e.Extensions["code"] != CodeInternal || strings.Contains(fmt.Sprint(e), "hunter2") {
				t.Errorf("%s: error %+v", q, e)
			}
		}
	}
	if !strings.Contains(logs.String(), "hunter2") {
		t.Errorf("the cause is not logged: %s", logs.String())
	}
}
