package db_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// missingID names no row in any table.
const missingID = int64(987654321)

// catalogFixture is a seeded database with the whole catalog read into
// memory, so each test can compute what the store should answer.
type catalogFixture struct {
	db       *bun.DB
	store    *db.CatalogStore
	services []catalog.Service // in the listing order: popularity, then id
	byCode   map[string]catalog.Service
	coverage map[int64]catalog.Coverage
	regions  []catalog.Region
}

func newCatalogFixture(t *testing.T) *catalogFixture {
	t.Helper()
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	f := &catalogFixture{db: bdb, store: db.NewCatalogStore(bdb), byCode: map[string]catalog.Service{}}
	ctx := context.Background()
	var total int
	var err error
	f.services, total, err = f.store.FindServices(ctx, catalog.Filter{}, 0, 1000)
	if err != nil {
		t.Fatalf("FindServices: %v", err)
	}
	if total != len(f.services) {
		t.Fatalf("FindServices total = %d, but listed %d", total, len(f.services))
	}
	ids := make([]int64, len(f.services))
	for i, s := range f.services {
		f.byCode[s.Code] = s
		ids[i] = s.ID
	}
	if f.coverage, err = f.store.ServiceCoverage(ctx, ids); err != nil {
		t.Fatalf("ServiceCoverage: %v", err)
	}
	if f.regions, err = f.store.Regions(ctx); err != nil {
		t.Fatalf("Regions: %v", err)
	}
	return f
}

func (f *catalogFixture) service(t *testing.T, code string) catalog.Service {
	t.Helper()
	s, ok := f.byCode[code]
	if !ok {
		t.Fatalf("no service %q in the seed", code)
	}
	return s
}

// want lists the codes of the services keep accepts, in the listing order.
func (f *catalogFixture) want(keep func(catalog.Service) bool) []string {
	var out []string
	for _, s := range f.services {
		if keep(s) {
			out = append(out, s.Code)
		}
	}
	return out
}

func (f *catalogFixture) availableIn(s catalog.Service, region string) bool {
	return catalog.AvailabilityIn(&s, f.coverage[s.ID], nil, region, nil).Available
}

// find runs FindServices, checks that total agrees with a full listing, and
// returns the codes of the page.
func (f *catalogFixture) find(t *testing.T, filter catalog.Filter, offset, limit int) ([]string, int) {
	t.Helper()
	if filter.Query != "" && filter.Terms == nil {
		filter.Terms = catalog.Terms(filter.Query)
	}
	svcs, total, err := f.store.FindServices(context.Background(), filter, offset, limit)
	if err != nil {
		t.Fatalf("FindServices(%+v): %v", filter, err)
	}
	return codes(svcs), total
}

func codes(svcs []catalog.Service) []string {
	var out []string
	for _, s := range svcs {
		out = append(out, s.Code)
	}
	return out
}

func TestCatalogStoreReferenceLists(t *testing.T) {
	f := newCatalogFixture(t)
	ctx := context.Background()

	t.Run("categories by audience in portal order", func(t *testing.T) {
		for _, tt := range []struct {
			audience catalog.Audience
			want     int
		}{{"", 22}, {catalog.AudienceIndividual, 20}, {catalog.AudienceLegalEntity, 22}} {
			cats, err := f.store.Categories(ctx, tt.audience)
			if err != nil {
				t.Fatalf("Categories(%q): %v", tt.audience, err)
			}
			if len(cats) != tt.want {
				t.Errorf("Categories(%q) = %d, want %d", tt.audience, len(cats), tt.want)
			}
			if !slices.IsSortedFunc(cats, func(a, b catalog.Category) int { return cmp.Compare(a.Position, b.Position) }) {
				t.Errorf("Categories(%q) not in position order", tt.audience)
			}
			for _, c := range cats {
				if tt.audience == catalog.AudienceIndividual && !c.Individuals || tt.audience == catalog.AudienceLegalEntity && !c.LegalEntities {
					t.Errorf("Categories(%q) lists %s, which is not for that audience", tt.audience, c.Code)
				}
			}
		}
	})

	t.Run("departments with parents", func(t *testing.T) {
		deps, err := f.store.Departments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]catalog.Department{}
		for _, d := range deps {
			byCode[d.Code] = d
		}
		gibdd, mvd := byCode["gibdd"], byCode["mvd"]
		if gibdd.ParentID == nil || *gibdd.ParentID != mvd.ID {
			t.Errorf("gibdd parent = %v, want mvd's id %d", gibdd.ParentID, mvd.ID)
		}
		if mvd.ParentID != nil {
			t.Errorf("mvd parent = %d, want none", *mvd.ParentID)
		}
	})

	t.Run("regions by code", func(t *testing.T) {
		if len(f.regions) != 85 {
			t.Errorf("Regions = %d, want 85", len(f.regions))
		}
		if !slices.IsSortedFunc(f.regions, func(a, b catalog.Region) int { return strings.Compare(a.Code, b.Code) }) {
			t.Error("Regions not in code order")
		}
	})

	t.Run("municipalities of a region", func(t *testing.T) {
		all, err := f.store.Municipalities(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			region string
			want   int
		}{{"", len(all)}, {"50", 3}, {"16", 2}, {"77", 0}, {"99", 0}} {
			ms, err := f.store.Municipalities(ctx, tt.region)
			if err != nil {
				t.Fatalf("Municipalities(%q): %v", tt.region, err)
			}
			if len(ms) != tt.want {
				t.Errorf("Municipalities(%q) = %d, want %d", tt.region, len(ms), tt.want)
			}
			for _, m := range ms {
				if tt.region != "" && m.RegionCode != tt.region {
					t.Errorf("Municipalities(%q) lists %s of region %s", tt.region, m.OKTMO, m.RegionCode)
				}
			}
		}
	})
}

func TestCatalogStoreFindServicesFilters(t *testing.T) {
	f := newCatalogFixture(t)
	ctx := context.Background()
	fines := f.service(t, "gibdd_fines")
	birth := f.service(t, "birth_registration")
	catIDs, err := f.store.ServiceCategoryIDs(ctx, []int64{fines.ID})
	if err != nil {
		t.Fatal(err)
	}
	lsIDs, err := f.store.ServiceLifeSituationIDs(ctx, []int64{birth.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(catIDs[fines.ID]) == 0 || len(lsIDs[birth.ID]) == 0 {
		t.Fatalf("seed links missing: categories %v, life situations %v", catIDs, lsIDs)
	}
	category, situation := catIDs[fines.ID][0], lsIDs[birth.ID][0]
	ids := make([]int64, len(f.services))
	for i, s := range f.services {
		ids[i] = s.ID
	}
	allCats, err := f.store.ServiceCategoryIDs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	allSits, err := f.store.ServiceLifeSituationIDs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		filter catalog.Filter
		keep   func(catalog.Service) bool
	}{
		{"no filter lists everything", catalog.Filter{}, func(catalog.Service) bool { return true }},
		{"individuals", catalog.Filter{Audience: catalog.AudienceIndividual}, func(s catalog.Service) bool { return s.Individuals }},
		{"legal entities", catalog.Filter{Audience: catalog.AudienceLegalEntity}, func(s catalog.Service) bool { return s.LegalEntities }},
		{"category", catalog.Filter{CategoryID: category}, func(s catalog.Service) bool { return slices.Contains(allCats[s.ID], category) }},
		{"life situation", catalog.Filter{LifeSituationID: situation}, func(s catalog.Service) bool { return slices.Contains(allSits[s.ID], situation) }},
		{"department", catalog.Filter{DepartmentID: fines.DepartmentID}, func(s catalog.Service) bool { return s.DepartmentID == fines.DepartmentID }},
		{"federal", catalog.Filter{Level: catalog.LevelFederal}, func(s catalog.Service) bool { return s.Level == catalog.LevelFederal }},
		{"regional", catalog.Filter{Level: catalog.LevelRegional}, func(s catalog.Service) bool { return s.Level == catalog.LevelRegional }},
		{"municipal", catalog.Filter{Level: catalog.LevelMunicipal}, func(s catalog.Service) bool { return s.Level == catalog.LevelMunicipal }},
		{"info only", catalog.Filter{Mode: catalog.ModeInfo}, func(s catalog.Service) bool { return s.Mode == catalog.ModeInfo }},
		{"apply online", catalog.Filter{Mode: catalog.ModeApplyOnline}, func(s catalog.Service) bool { return s.Mode == catalog.ModeApplyOnline }},
		{"fully online", catalog.Filter{Mode: catalog.ModeFullyOnline}, func(s catalog.Service) bool { return s.Mode == catalog.ModeFullyOnline }},
		{"region", catalog.Filter{RegionCode: "77"}, func(s catalog.Service) bool { return f.availableIn(s, "77") }},
		{"unknown category", catalog.Filter{CategoryID: missingID}, func(catalog.Service) bool { return false }},
		{"unknown department", catalog.Filter{DepartmentID: missingID}, func(catalog.Service) bool { return false }},
		{
			"everything at once",
			catalog.Filter{Audience: catalog.AudienceIndividual, Level: catalog.LevelRegional, Mode: catalog.ModeApplyOnline, RegionCode: "16"},
			func(s catalog.Service) bool {
				return s.Individuals && s.Level == catalog.LevelRegional && s.Mode == catalog.ModeApplyOnline && f.availableIn(s, "16")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := f.want(tt.keep)
			got, total := f.find(t, tt.filter, 0, 1000)
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Errorf("FindServices(%+v) (-want, +got):\n%s", tt.filter, diff)
			}
			if total != len(want) {
				t.Errorf("total = %d, want %d", total, len(want))
			}
		})
	}

	t.Run("department is the fines department", func(t *testing.T) {
		got, _ := f.find(t, catalog.Filter{DepartmentID: fines.DepartmentID}, 0, 100)
		slices.Sort(got)
		want := []string{"driver_licence_replacement", "gibdd_fines", "vehicle_registration"}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Errorf("(-want, +got):\n%s", diff)
		}
	})

	t.Run("listing is by popularity", func(t *testing.T) {
		if !slices.IsSortedFunc(f.services, func(a, b catalog.Service) int {
			return cmp.Or(cmp.Compare(b.Popularity, a.Popularity), cmp.Compare(a.ID, b.ID))
		}) {
			t.Error("services are not ordered by popularity, then id")
		}
		if f.services[0].Code != "gibdd_fines" {
			t.Errorf("most popular = %s, want gibdd_fines", f.services[0].Code)
		}
	})

	t.Run("pages follow each other", func(t *testing.T) {
		var got []string
		for offset := 0; offset < len(f.services)+7; offset += 7 {
			page, total := f.find(t, catalog.Filter{}, offset, 7)
			if total != len(f.services) {
				t.Fatalf("total at offset %d = %d, want %d", offset, total, len(f.services))
			}
			got = append(got, page...)
		}
		if diff := gocmp.Diff(f.want(func(catalog.Service) bool { return true }), got); diff != "" {
			t.Errorf("pages (-want, +got):\n%s", diff)
		}
	})
}

func TestCatalogStoreRegionAvailability(t *testing.T) {
	f := newCatalogFixture(t)

	t.Run("store and rule agree in every region", func(t *testing.T) {
		for _, r := range f.regions {
			want := f.want(func(s catalog.Service) bool { return f.availableIn(s, r.Code) })
			got, total := f.find(t, catalog.Filter{RegionCode: r.Code}, 0, 1000)
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Errorf("region %s (-want, +got):\n%s", r.Code, diff)
			}
			if total != len(want) {
				t.Errorf("region %s total = %d, want %d", r.Code, total, len(want))
			}
		}
	})

	tests := []struct {
		name    string
		code    string
		in, out []string
	}{
		{"federal service everywhere", "gibdd_fines", []string{"77", "87", "01", "16", "50"}, nil},
		{"regional service only where listed", "doctor_appointment", []string{"77", "78", "16"}, []string{"87", "01", "24"}},
		{"municipal service in its municipalities' regions", "kindergarten_enrolment", []string{"16", "50", "66", "02"}, []string{"77", "78", "87"}},
		{"municipal service not in a region without municipalities", "school_enrolment", []string{"16", "66"}, []string{"77"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, region := range tt.in {
				if got, _ := f.find(t, catalog.Filter{RegionCode: region}, 0, 1000); !slices.Contains(got, tt.code) {
					t.Errorf("%s not found in region %s", tt.code, region)
				}
			}
			for _, region := range tt.out {
				if got, _ := f.find(t, catalog.Filter{RegionCode: region}, 0, 1000); slices.Contains(got, tt.code) {
					t.Errorf("%s found in region %s, where it is not offered", tt.code, region)
				}
			}
		})
	}

	t.Run("federal pilot and mixed coverage", func(t *testing.T) {
		ctx := context.Background()
		bdb := dbtest.New(t, dbtest.Options{Seed: true}) // its own database: this changes the seed
		store := db.NewCatalogStore(bdb)
		all, _, err := store.FindServices(ctx, catalog.Filter{}, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]catalog.Service{}
		for _, s := range all {
			byCode[s.Code] = s
		}
		munis, err := store.Municipalities(ctx, "50")
		if err != nil || len(munis) == 0 {
			t.Fatalf("municipalities of 50: %v, %v", munis, err)
		}
		pilot, mixed := byCode["mid_travel_assistant"], byCode["hunting_licence"]
		links := []struct {
			table string
			row   map[string]any
		}{
			// A federal service listing a region becomes a pilot there.
			{"service_regions", map[string]any{"service_id": pilot.ID, "region_code": "77"}},
			// A regional service also offered by one municipality elsewhere.
			{"service_municipalities", map[string]any{"service_id": mixed.ID, "municipality_id": munis[0].ID}},
		}
		for _, l := range links {
			if _, err := bdb.NewInsert().TableExpr(l.table).Model(&l.row).Exec(ctx); err != nil {
				t.Fatalf("insert into %s: %v", l.table, err)
			}
		}
		ids := []int64{pilot.ID, mixed.ID}
		cov, err := store.ServiceCoverage(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for region, want := range map[string][2]bool{"77": {true, false}, "50": {false, true}, "66": {false, true}, "16": {false, false}} {
			got, _, err := store.FindServices(ctx, catalog.Filter{RegionCode: region}, 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range []catalog.Service{pilot, mixed} {
				listed := slices.Contains(codes(got), s.Code)
				rule := catalog.AvailabilityIn(&s, cov[s.ID], nil, region, nil).Available
				if listed != want[i] || rule != want[i] {
					t.Errorf("%s in %s: listed %v, rule %v, want %v", s.Code, region, listed, rule, want[i])
				}
			}
		}
	})
}

func TestCatalogStoreIncludeUnavailable(t *testing.T) {
	f := newCatalogFixture(t)
	tests := []struct {
		name   string
		filter catalog.Filter
		keep   func(catalog.Service) bool
	}{
		{"everything", catalog.Filter{RegionCode: "77", IncludeUnavailable: true}, func(catalog.Service) bool { return true }},
		{"municipal in a city without municipalities", catalog.Filter{RegionCode: "77", Level: catalog.LevelMunicipal, IncludeUnavailable: true},
			func(s catalog.Service) bool { return s.Level == catalog.LevelMunicipal }},
		{"regional in Tatarstan", catalog.Filter{RegionCode: "16", Level: catalog.LevelRegional, IncludeUnavailable: true},
			func(s catalog.Service) bool { return s.Level == catalog.LevelRegional }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			region := tt.filter.RegionCode
			// Available first, then the rest, each part by popularity.
			want := f.want(func(s catalog.Service) bool { return tt.keep(s) && f.availableIn(s, region) })
			want = append(want, f.want(func(s catalog.Service) bool { return tt.keep(s) && !f.availableIn(s, region) })...)
			got, total := f.find(t, tt.filter, 0, 1000)
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Errorf("(-want, +got):\n%s", diff)
			}
			if total != len(want) {
				t.Errorf("total = %d, want %d", total, len(want))
			}
			// A page in the middle is the same slice of that order.
			if len(want) > 10 {
				page, _ := f.find(t, tt.filter, 5, 5)
				if diff := gocmp.Diff(want[5:10], page); diff != "" {
					t.Errorf("page 5..10 (-want, +got):\n%s", diff)
				}
			}
		})
	}

	t.Run("without a region it changes nothing", func(t *testing.T) {
		got, _ := f.find(t, catalog.Filter{IncludeUnavailable: true}, 0, 1000)
		if diff := gocmp.Diff(f.want(func(catalog.Service) bool { return true }), got); diff != "" {
			t.Errorf("(-want, +got):\n%s", diff)
		}
	})
}

func TestCatalogStoreSearch(t *testing.T) {
	f := newCatalogFixture(t)
	tests := []struct {
		name   string
		filter catalog.Filter
		first  []string // the top results, in any order
		has    []string // also found, anywhere
		hasNot []string
		none   bool
	}{
		{name: "russian plural", filter: catalog.Filter{Lang: "ru", Query: "штрафы"}, first: []string{"gibdd_fines"}},
		{name: "russian genitive", filter: catalog.Filter{Lang: "ru", Query: "штрафов"}, first: []string{"gibdd_fines"}},
		{name: "russian capitals and department", filter: catalog.Filter{Lang: "ru", Query: "Штрафы ГИБДД"}, first: []string{"gibdd_fines"}},
		{name: "russian with a preposition", filter: catalog.Filter{Lang: "ru", Query: "штрафы на дорогах"}, first: []string{"gibdd_fines"}},
		{name: "english plural", filter: catalog.Filter{Lang: "en", Query: "fines"}, first: []string{"gibdd_fines"}},
		{name: "english singular", filter: catalog.Filter{Lang: "en", Query: "fine"}, first: []string{"gibdd_fines"}},
		{name: "russian prefix", filter: catalog.Filter{Lang: "ru", Query: "штра"}, first: []string{"gibdd_fines"}},
		{name: "russian prefix of an adjective", filter: catalog.Filter{Lang: "ru", Query: "загран"}, first: []string{"foreign_passport"}},
		{name: "english prefix", filter: catalog.Filter{Lang: "en", Query: "passp"}, first: []string{"foreign_passport", "internal_passport"}},
		{name: "digits and hyphen", filter: catalog.Filter{Lang: "ru", Query: "3-НДФЛ"}, first: []string{"tax_return"}},
		{name: "abbreviation", filter: catalog.Filter{Lang: "ru", Query: "ЕГЭ"}, first: []string{"ege_results"}},
		{name: "two words", filter: catalog.Filter{Lang: "ru", Query: "детский сад"}, has: []string{"kindergarten_enrolment", "kindergarten_fee_compensation"}},
		{name: "search within a region", filter: catalog.Filter{Lang: "ru", Query: "детский сад", RegionCode: "16"}, has: []string{"kindergarten_enrolment"}},
		{name: "search drops what the region lacks", filter: catalog.Filter{Lang: "ru", Query: "детский сад", RegionCode: "78"}, hasNot: []string{"kindergarten_enrolment", "kindergarten_fee_compensation"}},
		{name: "search with a level", filter: catalog.Filter{Lang: "ru", Query: "паспорт", Level: catalog.LevelMunicipal}, none: true},
		{name: "russian words in english find nothing", filter: catalog.Filter{Lang: "en", Query: "штрафы"}, none: true},
		{name: "nonsense finds nothing", filter: catalog.Filter{Lang: "ru", Query: "абракадабра"}, none: true},
		{name: "every word must match", filter: catalog.Filter{Lang: "ru", Query: "штрафы абракадабра"}, none: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := f.find(t, tt.filter, 0, 100)
			if total != len(got) {
				t.Errorf("total = %d, but found %d", total, len(got))
			}
			if tt.none {
				if len(got) != 0 {
					t.Errorf("found %v, want nothing", got)
				}
				return
			}
			if len(got) < len(tt.first) {
				t.Fatalf("found %v, want %v first", got, tt.first)
			}
			top := slices.Clone(got[:len(tt.first)])
			slices.Sort(top)
			if want := slices.Sorted(slices.Values(tt.first)); !slices.Equal(top, want) {
				t.Errorf("top results %v (of %v), want %v", top, got, want)
			}
			for _, c := range tt.has {
				if !slices.Contains(got, c) {
					t.Errorf("%s not found in %v", c, got)
				}
			}
			for _, c := range tt.hasNot {
				if slices.Contains(got, c) {
					t.Errorf("%s found in %v", c, got)
				}
			}
			for _, c := range got {
				if r := tt.filter.RegionCode; r != "" && !f.availableIn(f.byCode[c], r) {
					t.Errorf("%s found, but it is not offered in %s", c, r)
				}
			}
		})
	}

	t.Run("relevance beats popularity", func(t *testing.T) {
		// "налог" is in the names of five services and, through the
		// department's name, in the keywords of more popular ones.
		got, _ := f.find(t, catalog.Filter{Lang: "ru", Query: "налог"}, 0, 100)
		named := f.want(func(s catalog.Service) bool { return strings.Contains(strings.ToLower(s.Name.Ru), "налог") })
		if len(named) < 3 || len(got) <= len(named) {
			t.Fatalf("found %v; services named with налог: %v", got, named)
		}
		top := slices.Sorted(slices.Values(got[:len(named)]))
		if diff := gocmp.Diff(slices.Sorted(slices.Values(named)), top); diff != "" {
			t.Errorf("top results (-want, +got):\n%s\nall: %v", diff, got)
		}
		egrul := f.service(t, "fns_egrul_extract")
		if i := slices.Index(got, egrul.Code); i < len(named) {
			t.Errorf("%s (popularity %d, named without налог) ranked %d, above a named match", egrul.Code, egrul.Popularity, i)
		}
	})

	t.Run("passport services first in both languages", func(t *testing.T) {
		for lang, q := range map[string]string{"ru": "паспорт", "en": "passport"} {
			got, _ := f.find(t, catalog.Filter{Lang: lang, Query: q}, 0, 100)
			if len(got) < 2 {
				t.Fatalf("%s: found %v", q, got)
			}
			top := slices.Sorted(slices.Values(got[:2]))
			if want := []string{"foreign_passport", "internal_passport"}; !slices.Equal(top, want) {
				t.Errorf("%s: top %v, want %v (all: %v)", q, top, want, got)
			}
		}
	})

	t.Run("search pages follow each other", func(t *testing.T) {
		filter := catalog.Filter{Lang: "ru", Query: "регистрация"}
		all, total := f.find(t, filter, 0, 100)
		if total < 6 {
			t.Fatalf("found only %d", total)
		}
		var got []string
		for offset := 0; offset < total; offset += 4 {
			page, n := f.find(t, filter, offset, 4)
			if n != total {
				t.Errorf("total at offset %d = %d, want %d", offset, n, total)
			}
			got = append(got, page...)
		}
		if diff := gocmp.Diff(all, got); diff != "" {
			t.Errorf("(-want, +got):\n%s", diff)
		}
	})

	t.Run("search with unavailable ones after", func(t *testing.T) {
		got, _ := f.find(t, catalog.Filter{Lang: "ru", Query: "детский сад", RegionCode: "78", IncludeUnavailable: true}, 0, 100)
		if !slices.Contains(got, "kindergarten_enrolment") {
			t.Fatalf("kindergarten_enrolment not found in %v", got)
		}
		seenUnavailable := false
		for _, c := range got {
			ok := f.availableIn(f.byCode[c], "78")
			if ok && seenUnavailable {
				t.Errorf("%s is available in 78 but listed after an unavailable one: %v", c, got)
			}
			seenUnavailable = seenUnavailable || !ok
		}
	})
}

func TestCatalogStoreLinks(t *testing.T) {
	f := newCatalogFixture(t)
	ctx := context.Background()
	fines := f.service(t, "gibdd_fines")
	doctor := f.service(t, "doctor_appointment")
	kinder := f.service(t, "kindergarten_enrolment")
	pension := f.service(t, "regional_pension_supplement")

	t.Run("categories and life situations", func(t *testing.T) {
		cats, err := f.store.ServiceCategoryIDs(ctx, []int64{fines.ID, missingID})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := cats[missingID]; ok {
			t.Errorf("a missing service has categories: %v", cats[missingID])
		}
		got, err := f.store.CategoriesByIDs(ctx, cats[fines.ID])
		if err != nil {
			t.Fatal(err)
		}
		var gotCodes []string
		for _, c := range got {
			gotCodes = append(gotCodes, c.Code)
		}
		slices.Sort(gotCodes)
		if diff := gocmp.Diff([]string{"law_enforcement", "transport"}, gotCodes); diff != "" {
			t.Errorf("categories of gibdd_fines (-want, +got):\n%s", diff)
		}
		sits, err := f.store.ServiceLifeSituationIDs(ctx, []int64{fines.ID})
		if err != nil {
			t.Fatal(err)
		}
		ls, err := f.store.LifeSituationsByIDs(ctx, sits[fines.ID])
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 1 || ls[0].Code != "car_purchase" {
			t.Errorf("life situations of gibdd_fines = %+v, want car_purchase", ls)
		}
		for name, lookup := range map[string]func(context.Context, []int64) (map[int64][]int64, error){
			"categories": f.store.ServiceCategoryIDs, "life situations": f.store.ServiceLifeSituationIDs,
		} {
			m, err := lookup(ctx, nil)
			if err != nil || m == nil || len(m) != 0 {
				t.Errorf("%s of no services = %v, %v; want an empty map", name, m, err)
			}
		}
	})

	t.Run("coverage", func(t *testing.T) {
		cov, err := f.store.ServiceCoverage(ctx, []int64{fines.ID, doctor.ID, kinder.ID, missingID})
		if err != nil {
			t.Fatal(err)
		}
		if c := cov[fines.ID]; len(c.RegionCodes) != 0 || len(c.Municipalities) != 0 {
			t.Errorf("federal gibdd_fines has coverage %+v, want none", c)
		}
		wantRegions := []string{"02", "16", "23", "50", "52", "54", "59", "61", "63", "66", "74", "77", "78"}
		if diff := gocmp.Diff(wantRegions, cov[doctor.ID].RegionCodes); diff != "" {
			t.Errorf("doctor_appointment regions (-want, +got):\n%s", diff)
		}
		if n := len(cov[doctor.ID].Municipalities); n != 0 {
			t.Errorf("doctor_appointment has %d municipalities", n)
		}
		ms := cov[kinder.ID].Municipalities
		if len(ms) != 18 {
			t.Errorf("kindergarten_enrolment has %d municipalities, want 18", len(ms))
		}
		if !slices.IsSortedFunc(ms, func(a, b catalog.Municipality) int { return strings.Compare(a.OKTMO, b.OKTMO) }) {
			t.Error("municipalities not in OKTMO order")
		}
		regions := map[string]bool{}
		for _, m := range ms {
			if m.ID == 0 || m.OKTMO == "" || m.RegionCode == "" || m.Name.Ru == "" || m.Name.En == "" {
				t.Errorf("incomplete municipality %+v", m)
			}
			regions[m.RegionCode] = true
		}
		if !regions["16"] || !regions["50"] || regions["77"] {
			t.Errorf("kindergarten_enrolment regions = %v, want 16 and 50, not 77", regions)
		}
		if _, ok := cov[missingID]; ok {
			t.Error("a missing service has coverage")
		}
	})

	t.Run("conditions of a region", func(t *testing.T) {
		tests := []struct {
			name    string
			service catalog.Service
			region  string
			want    bool
		}{
			{"regional service with Moscow terms", doctor, "77", true},
			{"regional service with Petersburg terms", pension, "78", true},
			{"regional service without terms in its region", doctor, "50", false},
			{"municipal service with regional terms", kinder, "16", true},
			{"federal service without terms", fines, "77", false},
			{"unknown region", doctor, "00", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				m, err := f.store.ServiceConditions(ctx, []int64{tt.service.ID, missingID}, tt.region)
				if err != nil {
					t.Fatal(err)
				}
				c, ok := m[tt.service.ID]
				if ok != tt.want {
					t.Fatalf("conditions of %s in %s present = %v, want %v", tt.service.Code, tt.region, ok, tt.want)
				}
				if ok && (c.RegionCode != tt.region || c.Text.Ru == "" || c.Text.En == "") {
					t.Errorf("conditions = %+v", c)
				}
				if _, ok := m[missingID]; ok {
					t.Error("a missing service has conditions")
				}
			})
		}
	})
}

func TestCatalogStoreLookupsByIDs(t *testing.T) {
	f := newCatalogFixture(t)
	ctx := context.Background()
	fines := f.service(t, "gibdd_fines")
	cats, _ := f.store.Categories(ctx, "")
	deps, _ := f.store.Departments(ctx)
	sits, _ := f.store.LifeSituations(ctx)
	munis, _ := f.store.Municipalities(ctx, "")
	if len(cats) == 0 || len(deps) == 0 || len(sits) == 0 || len(munis) == 0 {
		t.Fatal("reference lists are empty")
	}

	lookups := []struct {
		name   string
		lookup func(ids []int64) (int, error)
		id     int64
	}{
		{"services", func(ids []int64) (int, error) { r, err := f.store.ServicesByIDs(ctx, ids); return len(r), err }, fines.ID},
		{"categories", func(ids []int64) (int, error) { r, err := f.store.CategoriesByIDs(ctx, ids); return len(r), err }, cats[0].ID},
		{"departments", func(ids []int64) (int, error) { r, err := f.store.DepartmentsByIDs(ctx, ids); return len(r), err }, deps[0].ID},
		{"life situations", func(ids []int64) (int, error) { r, err := f.store.LifeSituationsByIDs(ctx, ids); return len(r), err }, sits[0].ID},
		{"municipalities", func(ids []int64) (int, error) { r, err := f.store.MunicipalitiesByIDs(ctx, ids); return len(r), err }, munis[0].ID},
	}
	for _, l := range lookups {
		for _, tt := range []struct {
			name string
			ids  []int64
			want int
		}{
			{"none asked", nil, 0},
			{"one found", []int64{l.id}, 1},
			{"missing ones left out", []int64{l.id, missingID, 0, -1}, 1},
			{"only missing", []int64{missingID}, 0},
			{"duplicates once", []int64{l.id, l.id}, 1},
		} {
			t.Run(l.name+"/"+tt.name, func(t *testing.T) {
				n, err := l.lookup(tt.ids)
				if err != nil {
					t.Fatal(err)
				}
				if n != tt.want {
					t.Errorf("got %d, want %d", n, tt.want)
				}
			})
		}
	}

	t.Run("services by ids carry every field", func(t *testing.T) {
		got, err := f.store.ServicesByIDs(ctx, []int64{fines.ID})
		if err != nil || len(got) != 1 {
			t.Fatalf("ServicesByIDs = %v, %v", got, err)
		}
		if diff := gocmp.Diff(fines, got[0]); diff != "" {
			t.Errorf("(-listing, +by id):\n%s", diff)
		}
	})

	t.Run("regions by codes", func(t *testing.T) {
		for _, tt := range []struct {
			name  string
			codes []string
			want  []string
		}{
			{"none asked", nil, nil},
			{"found", []string{"77"}, []string{"77"}},
			{"missing left out", []string{"77", "00", "", "770"}, []string{"77"}},
			{"only missing", []string{"00"}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := f.store.RegionsByCodes(ctx, tt.codes)
				if err != nil {
					t.Fatal(err)
				}
				var codes []string
				for _, r := range got {
					codes = append(codes, r.Code)
					if r.Name.Ru == "" || r.Name.En == "" {
						t.Errorf("region %s has no name", r.Code)
					}
				}
				if diff := gocmp.Diff(tt.want, codes); diff != "" {
					t.Errorf("(-want, +got):\n%s", diff)
				}
			})
		}
	})
}

// BenchmarkFindServices measures the store's part of the catalog queries
// the load command sends (go test -bench FindServices ./db).
func BenchmarkFindServices(b *testing.B) {
	bdb := dbtest.New(b, dbtest.Options{Seed: true})
	store := db.NewCatalogStore(bdb)
	ctx := context.Background()
	for _, bb := range []struct {
		name   string
		filter catalog.Filter
	}{
		{"list region", catalog.Filter{RegionCode: "77"}},
		{"search region", catalog.Filter{RegionCode: "77", Lang: "ru", Query: "штрафы", Terms: []string{"штрафы"}}},
		{"include unavailable", catalog.Filter{RegionCode: "77", IncludeUnavailable: true}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := store.FindServices(ctx, bb.filter, 0, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A broad search: many services match, some by name and more popular ones
// only by their description. Every name match comes first, then the rest,
// each group by popularity; the pages follow each other and each says how
// many there are, also past the end; a region with the unavailable ones
// after keeps that order within each part.
func TestCatalogStoreSearchManyMatches(t *testing.T) {
	ctx := context.Background()
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	store := db.NewCatalogStore(bdb)
	admin := catalog.NewAdmin(db.NewCatalogAdminStore(bdb), nil, time.Now)
	type made struct {
		code       string
		named      bool
		popularity int
		region     string
	}
	var all []made
	for i := range 24 {
		m := made{code: fmt.Sprintf("kayak-%02d", i), named: i%2 == 0, popularity: 100 + i*7%24, region: "16"}
		in := catalog.ServiceInput{
			Code: m.code, NameRu: fmt.Sprintf("Регистрация байдарки, выпуск %d", i),
			DescriptionRu: "Постановка на учёт маломерного судна", Level: catalog.LevelRegional,
			Mode: catalog.ModeApplyOnline, DepartmentCode: "mchs", CategoryCodes: []string{"transport"},
			Audiences: []catalog.Audience{catalog.AudienceIndividual}, MinTier: account.TierStandard,
			RegionCodes: []string{"16"}, Reason: "проверка поиска",
		}
		if !m.named {
			// More popular, but "байдарка" only in the description.
			m.popularity += 1000
			in.NameRu = fmt.Sprintf("Регистрация маломерного судна, выпуск %d", i)
			in.DescriptionRu = "Постановка на учёт маломерного судна: лодки, байдарки или гидроцикла"
		}
		if i%3 == 0 {
			m.region, in.RegionCodes = "77", []string{"77"}
		}
		if _, err := admin.SaveService(ctx, catalogAdmin, account.Client{}, in); err != nil {
			t.Fatalf("%s: %v", m.code, err)
		}
		if _, err := bdb.NewUpdate().TableExpr("services").Set("popularity = ?", m.popularity).Where("code = ?", m.code).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		all = append(all, m)
	}
	// want lists the codes of keep, name matches first, each part by popularity.
	want := func(keep func(made) bool, first func(made) bool) []string {
		var sel []made
		for _, m := range all {
			if keep(m) {
				sel = append(sel, m)
			}
		}
		slices.SortFunc(sel, func(a, b made) int {
			if a, b := first(a), first(b); a != b {
				if a {
					return -1
				}
				return 1
			}
			if a.named != b.named {
				if a.named {
					return -1
				}
				return 1
			}
			return cmp.Compare(b.popularity, a.popularity)
		})
		out := make([]string, len(sel))
		for i, m := range sel {
			out[i] = m.code
		}
		return out
	}
	everything := func(made) bool { return true }
	for _, tt := range []struct {
		name   string
		filter catalog.Filter
		want   []string
	}{
		{"anywhere", catalog.Filter{}, want(everything, everything)},
		{"in a region", catalog.Filter{RegionCode: "16"}, want(func(m made) bool { return m.region == "16" }, everything)},
		{"unavailable after", catalog.Filter{RegionCode: "16", IncludeUnavailable: true}, want(everything, func(m made) bool { return m.region == "16" })},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.filter
			f.Lang, f.Query, f.Terms = "ru", "байдарка", catalog.Terms("байдарка")
			var got []string
			for offset := 0; offset < len(tt.want)+10; offset += 5 {
				page, total, err := store.FindServices(ctx, f, offset, 5)
				if err != nil {
					t.Fatal(err)
				}
				if total != len(tt.want) {
					t.Errorf("from %d: total %d, want %d", offset, total, len(tt.want))
				}
				if offset >= total && len(page) > 0 {
					t.Errorf("from %d, past the %d matches: %v", offset, total, codes(page))
				}
				got = append(got, codes(page)...)
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pages of 5 (-want, +got):\n%s", diff)
			}
		})
	}
}
