package db_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/db/migrations"
)

// seedSnapshot is what a seed leaves behind: the id of every coded row and
// the row count of every catalog table.
type seedSnapshot struct {
	IDs    map[string]map[string]int64
	Counts map[string]int
}

func takeSeedSnapshot(t *testing.T, bdb *bun.DB) seedSnapshot {
	t.Helper()
	ctx := context.Background()
	snap := seedSnapshot{IDs: map[string]map[string]int64{}, Counts: map[string]int{}}
	keyed := map[string]string{"categories": "code", "departments": "code", "life_situations": "code", "services": "code", "municipalities": "oktmo"}
	for table, key := range keyed {
		var rows []struct {
			ID  int64  `bun:"id"`
			Key string `bun:"key"`
		}
		if err := bdb.NewSelect().TableExpr(table).ColumnExpr("id, ? AS key", bun.Ident(key)).Scan(ctx, &rows); err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		snap.IDs[table] = map[string]int64{}
		for _, r := range rows {
			snap.IDs[table][r.Key] = r.ID
		}
	}
	tables := []string{"categories", "departments", "life_situations", "regions", "municipalities", "services",
		"service_categories", "service_life_situations", "service_regions", "service_municipalities",
		"service_region_conditions", "settings"}
	if !db.IsPostgres(bdb) {
		tables = append(tables, "services_fts")
	}
	for _, table := range tables {
		n, err := bdb.NewSelect().TableExpr(table).Count(ctx)
		if err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		snap.Counts[table] = int(n)
	}
	return snap
}

func TestSeedIsIdempotent(t *testing.T) {
	ctx := context.Background()
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	first := takeSeedSnapshot(t, bdb)
	if first.Counts["services"] == 0 || first.Counts["service_categories"] == 0 {
		t.Fatalf("the seed wrote nothing: %v", first.Counts)
	}
	if n := first.Counts["services_fts"]; !db.IsPostgres(bdb) && n != first.Counts["services"] {
		t.Errorf("search index holds %d rows for %d services", n, first.Counts["services"])
	}

	t.Run("same seed again is skipped", func(t *testing.T) {
		if err := db.Seed(ctx, bdb); err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(first, takeSeedSnapshot(t, bdb)); diff != "" {
			t.Errorf("(-first, +second):\n%s", diff)
		}
	})

	t.Run("re-applied seed updates in place", func(t *testing.T) {
		// Forget the recorded version, so Seed writes every row again.
		if _, err := bdb.NewDelete().TableExpr("settings").Where("key = ?", "catalog_seed_sha256").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := bdb.NewUpdate().TableExpr("services").Set("name_ru = ?", "испорчено").Where("code = ?", "gibdd_fines").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Seed(ctx, bdb); err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(first, takeSeedSnapshot(t, bdb)); diff != "" {
			t.Errorf("(-first, +re-applied):\n%s", diff)
		}
		store := db.NewCatalogStore(bdb)
		got, err := store.ServicesByIDs(ctx, []int64{first.IDs["services"]["gibdd_fines"]})
		if err != nil || len(got) != 1 || got[0].Name.Ru != "Проверка и оплата штрафов ГИБДД" {
			t.Errorf("gibdd_fines after re-seed = %+v, %v", got, err)
		}
		found, total, err := store.FindServices(ctx, catalog.Filter{Lang: "ru", Query: "штрафы", Terms: []string{"штрафы"}}, 0, 10)
		if err != nil || total != 1 || found[0].Code != "gibdd_fines" {
			t.Errorf("search after re-seed = %v (total %d), %v", codes(found), total, err)
		}
	})
}

func TestSeedContents(t *testing.T) {
	ctx := context.Background()
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	store := db.NewCatalogStore(bdb)

	for _, tt := range []struct {
		audience catalog.Audience
		want     int
	}{{"", 22}, {catalog.AudienceIndividual, 20}, {catalog.AudienceLegalEntity, 22}} {
		cats, err := store.Categories(ctx, tt.audience)
		if err != nil {
			t.Fatal(err)
		}
		if len(cats) != tt.want {
			t.Errorf("categories for %q = %d, want %d", tt.audience, len(cats), tt.want)
		}
	}

	regions, err := store.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 85 {
		t.Errorf("regions = %d, want 85", len(regions))
	}

	munis, err := store.Municipalities(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	muniRegions := map[string]int{}
	for _, m := range munis {
		muniRegions[m.RegionCode]++
	}
	if len(munis) < 12 || len(muniRegions) < 5 {
		t.Errorf("municipalities = %d in %d regions, want at least 12 in at least 5", len(munis), len(muniRegions))
	}

	svcs, total, err := store.FindServices(ctx, catalog.Filter{}, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if total < 60 {
		t.Errorf("services = %d, want at least 60", total)
	}
	levels := map[catalog.Level]int{}
	byCode := map[string]bool{}
	for _, s := range svcs {
		levels[s.Level]++
		byCode[s.Code] = true
	}
	for _, l := range []catalog.Level{catalog.LevelFederal, catalog.LevelRegional, catalog.LevelMunicipal} {
		if levels[l] < 5 {
			t.Errorf("%s services = %d, want at least 5", l, levels[l])
		}
	}
	for _, code := range []string{"gibdd_fines", "fns_tax_debts", "fssp_proceedings", "sfr_pension_account",
		"foreign_passport", "internal_passport", "doctor_appointment", "kindergarten_enrolment", "tax_return",
		"inn", "vehicle_registration", "marriage_registration", "birth_registration"} {
		if !byCode[code] {
			t.Errorf("service %s is missing from the seed", code)
		}
	}
}

func TestSeedConcurrently(t *testing.T) {
	for _, tt := range []struct {
		name   string
		seeded bool
	}{{"empty database", false}, {"seeded database", true}} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := dbtest.DSN(t)
			bdb := openDB(t, dsn)
			if err := migrations.Apply(ctx, bdb); err != nil {
				t.Fatal(err)
			}
			if tt.seeded {
				if err := db.Seed(ctx, bdb); err != nil {
					t.Fatal(err)
				}
			}
			// A pool each, as separate processes starting at once would have.
			const n = 4
			pools := make([]*bun.DB, n)
			for i := range pools {
				pools[i] = openDB(t, dsn)
			}
			errs := make(chan error, n)
			var wg sync.WaitGroup
			for i, p := range pools {
				wg.Go(func() {
					if err := db.Seed(ctx, p); err != nil {
						errs <- fmt.Errorf("seed %d: %w", i, err)
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			snap := takeSeedSnapshot(t, bdb)
			if snap.Counts["services"] < 60 || snap.Counts["regions"] != 85 || snap.Counts["settings"] != 1 {
				t.Errorf("after concurrent seeds: %v", snap.Counts)
			}
		})
	}
}

func openDB(t *testing.T, dsn string) *bun.DB {
	t.Helper()
	bdb, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = bdb.Close() })
	return bdb
}
