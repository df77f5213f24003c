package graph

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// catalogPageQuery is the catalog page's query (web/src/features/catalog/
// catalog.graphql, CatalogServices) with a region chosen.
const catalogPageQuery = `query CatalogServices($filter: ServiceFilter!, $first: Int!, $regionCode: String!) {
  services(filter: $filter, first: $first) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id name level mode minTier fee { kopecks formatted } department { id shortName }
      availability(regionCode: $regionCode) { regionCode available reason } } } } }`

// BenchmarkCatalogPage serves the catalog page's query, one request at a
// time, over a catalog grown to about 35,000 services (the load command's
// size) and read from the database on every request (the catalog cache
// off, as in the load command's runs "from the database"): "list" and
// "search" are whole requests, "availability" the availability field's
// resolver alone over the list's page of services, as already loaded.
// service-reads/op counts the store's ServicesByIDs calls.
//
//	go test ./graph -run '^$' -bench CatalogPage -benchmem
//	DATABASE_URL=postgres://… go test ./graph -run '^$' -bench CatalogPage -benchmem
func BenchmarkCatalogPage(b *testing.B) {
	bdb := dbtest.New(b, dbtest.Options{Seed: true})
	total := growCatalog(b, bdb, 35_000)
	store := &serviceReads{Store: db.NewCatalogStore(bdb)}
	cat := catalog.New(store)
	h := NewHandler(HandlerConfig{
		Catalog:       cat,
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		MaxBodyBytes:  1 << 20,
		MaxComplexity: 50000,
		Limits:        DefaultLimits(),
	})
	list := map[string]any{"regionCode": "77", "includeUnavailable": true}
	for _, bb := range []struct {
		name   string
		filter map[string]any
	}{
		{"list", list},
		{"search", map[string]any{"query": "паспорт", "regionCode": "77", "includeUnavailable": true}},
	} {
		body, _ := json.Marshal(map[string]any{"query": catalogPageQuery,
			"variables": map[string]any{"filter": bb.filter, "first": 20, "regionCode": "77"}})
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			if n := servePage(b, h, body); n != 20 {
				b.Fatalf("%d services on the page of %d, want 20", n, total)
			}
			store.n.Store(0)
			for b.Loop() {
				servePage(b, h, body)
			}
			b.ReportMetric(float64(store.n.Load())/float64(b.N), "service-reads/op")
		})
	}
	b.Run("availability", func(b *testing.B) {
		ctx := context.Background()
		page, err := cat.FindServices(ctx, catalog.Filter{RegionCode: "77", IncludeUnavailable: true}, 0, 20)
		if err != nil || len(page.Services) != 20 {
			b.Fatalf("%d services, %v", len(page.Services), err)
		}
		objs := make([]*catalog.Service, len(page.Services))
		for i := range page.Services {
			objs[i] = &page.Services[i]
		}
		// Without a request's loaders, as a batch resolver handed the
		// whole page: one fetch.
		r := (&Resolver{Catalog: cat}).Service()
		b.ReportAllocs()
		store.n.Store(0)
		for b.Loop() {
			if _, err := r.Availability(ctx, objs, "77"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(store.n.Load())/float64(b.N), "service-reads/op")
	})
}

// servePage serves one catalog page and returns how many services it has.
func servePage(b *testing.B, h http.Handler, body []byte) int {
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	return strings.Count(rec.Body.String(), `"available"`)
}

// serviceReads counts the store's reads of services by id.
type serviceReads struct {
	catalog.Store
	n atomic.Int64
}

func (s *serviceReads) ServicesByIDs(ctx context.Context, ids []int64) ([]catalog.Service, error) {
	s.n.Add(1)
	return s.Store.ServicesByIDs(ctx, ids)
}

// growCatalog copies the seeded services, with their links, conditions
// and search entries, until there are about total of them, and returns how
// many there are. The copies are coded "<code>-<n>", less popular than
// their original the higher n is, so a listing and a search find many
// alike, as in the real catalog of regional variations.
func growCatalog(b *testing.B, bdb *bun.DB, total int) int {
	ctx := context.Background()
	var seeded int
	if err := bdb.NewSelect().TableExpr("services").ColumnExpr("count(*)").Scan(ctx, &seeded); err != nil {
		b.Fatal(err)
	}
	copies := (total - seeded + seeded - 1) / seeded
	// n numbers the copies; c is a copy of s.
	const with = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) `
	const copyOf = ` JOIN n ON TRUE JOIN services c ON c.code = s.code || '-' || n.i`
	stmts := []string{
		with + `INSERT INTO services (code, name_ru, name_en, description_ru, description_en, keywords_ru, keywords_en,
			level, department_id, mode, min_tier, excludes_mail_confirmation, individuals, legal_entities,
			fee_kopecks, fee_note_ru, fee_note_en, processing_days, popularity, for_children)
			SELECT s.code || '-' || n.i, s.name_ru, s.name_en, s.description_ru, s.description_en, s.keywords_ru, s.keywords_en,
			s.level, s.department_id, s.mode, s.min_tier, s.excludes_mail_confirmation, s.individuals, s.legal_entities,
			s.fee_kopecks, s.fee_note_ru, s.fee_note_en, s.processing_days, s.popularity / (n.i + 1), s.for_children
			FROM services s JOIN n ON TRUE`,
		with + `INSERT INTO service_categories (service_id, category_id)
			SELECT c.id, l.category_id FROM service_categories l JOIN services s ON s.id = l.service_id` + copyOf,
		with + `INSERT INTO service_life_situations (service_id, life_situation_id)
			SELECT c.id, l.life_situation_id FROM service_life_situations l JOIN services s ON s.id = l.service_id` + copyOf,
		with + `INSERT INTO service_regions (service_id, region_code)
			SELECT c.id, l.region_code FROM service_regions l JOIN services s ON s.id = l.service_id` + copyOf,
		with + `INSERT INTO service_municipalities (service_id, municipality_id)
			SELECT c.id, l.municipality_id FROM service_municipalities l JOIN services s ON s.id = l.service_id` + copyOf,
		with + `INSERT INTO service_region_conditions (service_id, region_code, conditions_ru, conditions_en)
			SELECT c.id, l.region_code, l.conditions_ru, l.conditions_en FROM service_region_conditions l JOIN services s ON s.id = l.service_id` + copyOf,
	}
	if !db.IsPostgres(bdb) {
		stmts = append(stmts, with+`INSERT INTO services_fts (rowid, name_ru, body_ru, name_en, body_en)
			SELECT c.id, f.name_ru, f.body_ru, f.name_en, f.body_en FROM services_fts f JOIN services s ON s.id = f.rowid`+copyOf)
	}
	for _, q := range stmts {
		if _, err := bdb.ExecContext(ctx, q, copies); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	if db.IsPostgres(bdb) {
		// The planner's statistics, as autovacuum would gather them.
		if _, err := bdb.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	var n int
	if err := bdb.NewSelect().TableExpr("services").ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
		b.Fatal(err)
	}
	return n
}
