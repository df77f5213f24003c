package db_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// The cache answers searches from its in-memory index (the matches of
// the terms, filtered by every service's placement) and the coverage and
// conditions of services from the placement. Every answer must be the
// store's own: the same services in the same order and the same total,
// for terms with and without a region, with the unavailable ones after,
// on every page, and with the coverage the region rule finds tricky.
func TestCachedCatalogIndexAnswersAsTheStore(t *testing.T) {
	ctx := context.Background()
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	store := db.NewCatalogStore(bdb)
	all, _, err := store.FindServices(ctx, catalog.Filter{}, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]catalog.Service{}
	ids := make([]int64, len(all))
	for i, s := range all {
		byCode[s.Code] = s
		ids[i] = s.ID
	}
	munis, err := store.Municipalities(ctx, "50")
	if err != nil || len(munis) == 0 {
		t.Fatalf("municipalities of 50: %v, %v", munis, err)
	}
	for _, l := range []struct {
		table string
		row   map[string]any
	}{
		// A federal service listing a region: offered there only.
		{"service_regions", map[string]any{"service_id": byCode["mid_travel_assistant"].ID, "region_code": "77"}},
		// A regional service also offered by a municipality elsewhere.
		{"service_municipalities", map[string]any{"service_id": byCode["hunting_licence"].ID, "municipality_id": munis[0].ID}},
		// A federal service with a region's own conditions.
		{"service_region_conditions", map[string]any{"service_id": byCode["foreign_passport"].ID, "region_code": "16",
			"conditions_ru": "Только по записи", "conditions_en": "By appointment only"}},
	} {
		if _, err := bdb.NewInsert().TableExpr(l.table).Model(&l.row).Exec(ctx); err != nil {
			t.Fatalf("insert into %s: %v", l.table, err)
		}
	}
	cached := catalog.NewCachedStore(store, time.Hour, 10000)

	t.Run("searches", func(t *testing.T) {
		regions := []string{"", "77", "78", "16", "50", "66", "02", "87", "01", "24"}
		queries := []struct{ lang, q string }{
			{"ru", "паспорт"}, {"ru", "справка"}, {"ru", "регистрация"}, {"ru", "детский сад"}, {"ru", "пособие"},
			{"ru", "загран"}, {"ru", "налог"}, {"ru", "лиценз"}, {"ru", "охот"}, {"ru", "абракадабра"},
			{"en", "passport"}, {"en", "licence"}, {"en", "tax"},
		}
		extra := []catalog.Filter{{}, {Audience: catalog.AudienceLegalEntity}, {Level: catalog.LevelRegional}}
		asked := 0
		for _, q := range queries {
			for _, region := range regions {
				for _, unavailable := range []bool{false, true} {
					for _, x := range extra {
						f := x
						f.Lang, f.Query, f.Terms = q.lang, q.q, catalog.Terms(q.q)
						f.RegionCode, f.IncludeUnavailable = region, unavailable
						for _, page := range []struct{ offset, limit int }{{0, 100}, {2, 3}} {
							want, wantTotal, err := store.FindServices(ctx, f, page.offset, page.limit)
							if err != nil {
								t.Fatal(err)
							}
							got, total, err := cached.FindServices(ctx, f, page.offset, page.limit)
							if err != nil {
								t.Fatal(err)
							}
							asked++
							if diff := gocmp.Diff(codes(want), codes(got)); diff != "" || total != wantTotal {
								t.Errorf("%+v from %d by %d: total %d, want %d (-want, +got):\n%s", f, page.offset, page.limit, total, wantTotal, diff)
							}
						}
					}
				}
			}
		}
		t.Logf("%d searches compared", asked)
	})

	t.Run("coverage and conditions", func(t *testing.T) {
		want, err := store.ServiceCoverage(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if _, ok := want[id]; !ok {
				want[id] = catalog.Coverage{} // the cache names every service asked
			}
		}
		got, err := cached.ServiceCoverage(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("coverage (-want, +got):\n%s", diff)
		}
		regions, err := store.Regions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range regions {
			want, err := store.ServiceConditions(ctx, ids, r.Code)
			if err != nil {
				t.Fatal(err)
			}
			got, err := cached.ServiceConditions(ctx, ids, r.Code)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Errorf("conditions in %s (-want, +got):\n%s", r.Code, diff)
			}
		}
		if c, err := cached.ServiceConditions(ctx, []int64{byCode["foreign_passport"].ID}, "16"); err != nil || c[byCode["foreign_passport"].ID].Text.En != "By appointment only" {
			t.Errorf("the added conditions: %v, %v", c, err)
		}
	})

	t.Run("a change is seen after Invalidate", func(t *testing.T) {
		f := catalog.Filter{Lang: "ru", Query: "байдарка", Terms: catalog.Terms("байдарка"), RegionCode: "16"}
		if got, total, err := cached.FindServices(ctx, f, 0, 20); err != nil || total != 0 {
			t.Fatalf("before: %v, %d, %v", codes(got), total, err)
		}
		// An administrator's save invalidates the cache it is given.
		admin := catalog.NewAdmin(db.NewCatalogAdminStore(bdb), cached, time.Now)
		for i, region := range []string{"16", "77"} {
			if _, err := admin.SaveService(ctx, catalogAdmin, account.Client{}, catalog.ServiceInput{
				Code: fmt.Sprintf("kayak-%d", i), NameRu: "Регистрация байдарки", DescriptionRu: "Постановка на учёт маломерного судна",
				Level: catalog.LevelRegional, Mode: catalog.ModeApplyOnline, DepartmentCode: "mchs", CategoryCodes: []string{"transport"},
				Audiences: []catalog.Audience{catalog.AudienceIndividual}, MinTier: account.TierStandard,
				RegionCodes: []string{region}, Reason: "проверка кэша",
			}); err != nil {
				t.Fatal(err)
			}
		}
		got, total, err := cached.FindServices(ctx, f, 0, 20)
		if err != nil || total != 1 || !slices.Equal(codes(got), []string{"kayak-0"}) {
			t.Errorf("after: %v, total %d, %v; want [kayak-0], 1", codes(got), total, err)
		}
		cov, err := cached.ServiceCoverage(ctx, []int64{got[0].ID})
		if err != nil || !slices.Equal(cov[got[0].ID].RegionCodes, []string{"16"}) {
			t.Errorf("the new service's coverage: %v, %v", cov, err)
		}
	})
}

// SearchMatches is the search's order without a region: the store's own
// pages laid end to end.
func TestCatalogStoreSearchMatches(t *testing.T) {
	ctx := context.Background()
	store := db.NewCatalogStore(dbtest.New(t, dbtest.Options{Seed: true}))
	for _, f := range []catalog.Filter{
		{Lang: "ru", Query: "регистрация"},
		{Lang: "ru", Query: "справка", Audience: catalog.AudienceIndividual},
		{Lang: "en", Query: "passport"},
		// The region is the caller's to apply.
		{Lang: "ru", Query: "детский сад", RegionCode: "78"},
	} {
		f.Terms = catalog.Terms(f.Query)
		ids, err := store.SearchMatches(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		nf := f
		nf.RegionCode = ""
		page, total, err := store.FindServices(ctx, nf, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]int64, len(page))
		for i, s := range page {
			want[i] = s.ID
		}
		if total < 2 || !slices.Equal(ids, want) {
			t.Errorf("%+v: %v, want %v", f, ids, want)
		}
	}
	if _, err := store.SearchMatches(ctx, catalog.Filter{}); err == nil {
		t.Error("no terms: no error")
	}
}
