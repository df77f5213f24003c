package graph

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// Under a connection, a field the catalog cache holds in memory is
// answered at once, without the dataloader (no wait, no batch); what it
// does not hold still goes through the dataloader, batched; and either
// way the answers are the store's.
func TestLoadersAnswerFromMemory(t *testing.T) {
	inner := &countingStore{Store: db.NewCatalogStore(dbtest.New(t, dbtest.Options{Seed: true}))}
	cached := catalog.NewCachedStore(inner, time.Hour, 1000)
	ctx := context.Background()
	services, _, err := inner.FindServices(ctx, catalog.Filter{}, 0, 20)
	if err != nil || len(services) != 20 {
		t.Fatalf("services: %d, %v", len(services), err)
	}
	// An edge's node's field: siblings resolve concurrently.
	underConnection := func(i int) context.Context {
		c := ctx
		for _, fc := range []*graphql.FieldContext{{Object: "Query"}, {Object: "ServiceConnection"}, {Index: &i}, {Object: "ServiceEdge"}, {Object: "Service"}} {
			c = graphql.WithFieldContext(c, fc)
		}
		return c
	}
	load := func(l *Loaders) {
		for i, s := range services {
			values, errs := l.Department.LoadMany(underConnection(i), []int64{s.DepartmentID})
			if errs[0] != nil || values[0].ID != s.DepartmentID {
				t.Fatalf("%s: %v, %v", s.Code, values, errs)
			}
		}
	}
	// Cold: one at a time, as a slow resolver would, through the
	// dataloader (each waits for its batch), the misses asked of the store.
	l := NewLoaders(cached)
	if l.Department.inMemory == nil {
		t.Fatal("the loaders of a catalog cache do not answer from memory")
	}
	load(l)
	cold := inner.departments.Load()
	if cold == 0 {
		t.Fatal("the cold cache asked the store nothing")
	}
	// Warm: no store, and no dataloader either — a loader that had to
	// batch would wait loaderWait for each of the 20.
	l = NewLoaders(cached)
	l.Department.loader = nil // would panic if used
	began := time.Now()
	load(l)
	if n := inner.departments.Load(); n != cold {
		t.Errorf("the warm cache asked the store %d more times", n-cold)
	}
	t.Logf("20 departments from memory in %s", time.Since(began))

	t.Run("a page is read from memory once", func(t *testing.T) {
		// What each service gets on its own (this also warms the cache).
		want := make([]catalog.Availability, len(services))
		for i := range services {
			values, errs := NewLoaders(cached).Availability.LoadMany(underConnection(i), []availabilityKey{{&services[i], "77"}})
			if errs[0] != nil {
				t.Fatal(errs[0])
			}
			want[i] = values[0]
		}
		l := NewLoaders(cached)
		l.AddPage(services)
		var deps, avail int
		depFetch, availFetch := l.Department.fetch, l.Availability.fetch
		l.Department.fetch = func(ctx context.Context, ids []int64) (map[int64]catalog.Department, error) {
			deps++
			return depFetch(ctx, ids)
		}
		l.Availability.fetch = func(ctx context.Context, keys []availabilityKey) (map[availabilityKey]catalog.Availability, error) {
			avail++
			return availFetch(ctx, keys)
		}
		load(l)
		for i := range services {
			values, errs := l.Availability.LoadMany(underConnection(i), []availabilityKey{{&services[i], "77"}})
			if errs[0] != nil || !reflect.DeepEqual(values[0], want[i]) {
				t.Errorf("%s: %+v, %v; on its own %+v", services[i].Code, values[0], errs[0], want[i])
			}
		}
		if deps != 1 || avail != 1 {
			t.Errorf("20 services of a page looked up their departments %d times and their availability %d times, want once each", deps, avail)
		}
	})

	t.Run("answers as the store", func(t *testing.T) {
		handler := func(store catalog.Store) func(vars map[string]any) string {
			h := NewHandler(HandlerConfig{Catalog: catalog.New(store), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
				MaxBodyBytes: 1 << 20, MaxComplexity: 50000, Limits: DefaultLimits()})
			return func(vars map[string]any) string {
				var data any
				if errs := execute(t, h, "", `query($r: String!, $q: String) { services(first: 30, filter: {regionCode: $r, includeUnavailable: true, query: $q}) { totalCount
					edges { node { id name department { id name } categories { id } regions { code } municipalities { id region { code } }
					availability(regionCode: $r) { available reason conditions } } } } }`, vars, &data); len(errs) > 0 {
					t.Fatalf("errors %+v", errs)
				}
				b, _ := json.Marshal(data)
				return string(b)
			}
		}
		// The second cache's store is an IndexStore: searches, coverage
		// and conditions come from its index.
		direct, viaCache, viaIndex := handler(inner), handler(cached), handler(catalog.NewCachedStore(inner.Store, time.Hour, 1000))
		for _, r := range []string{"77", "16", "50", "87"} {
			for _, q := range []string{"", "справка", "паспорт"} {
				vars := map[string]any{"r": r, "q": q}
				want := direct(vars)
				for range 2 { // cold, then from memory
					if got := viaCache(vars); got != want {
						t.Errorf("region %s, %q:\n got %s\nwant %s", r, q, got, want)
					}
					if got := viaIndex(vars); got != want {
						t.Errorf("region %s, %q from the index:\n got %s\nwant %s", r, q, got, want)
					}
				}
			}
		}
	})
}
