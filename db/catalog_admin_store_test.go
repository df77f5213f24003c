package db_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// catalogAdminFixture is a seeded database with the administration over it.
type catalogAdminFixture struct {
	store *db.CatalogStore
	admin *catalog.Admin
}

var catalogAdmin = account.Principal{AccountID: "admin-1", Roles: []account.Role{account.RoleAdmin}}

func newCatalogAdminFixture(t *testing.T, clock func() time.Time) *catalogAdminFixture {
	t.Helper()
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	return &catalogAdminFixture{store: db.NewCatalogStore(bdb), admin: catalog.NewAdmin(db.NewCatalogAdminStore(bdb), nil, clock)}
}

func (f *catalogAdminFixture) search(t *testing.T, lang, query string) []string {
	t.Helper()
	svcs, _, err := f.store.FindServices(context.Background(), catalog.Filter{Query: query, Terms: catalog.Terms(query), Lang: lang}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return codes(svcs)
}

func (f *catalogAdminFixture) byCode(t *testing.T, code string) catalog.Service {
	t.Helper()
	svcs, _, err := f.store.FindServices(context.Background(), catalog.Filter{}, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		if s.Code == code {
			return s
		}
	}
	t.Fatalf("no service %s", code)
	return catalog.Service{}
}

func TestCatalogAdminStoreServiceIsSearchable(t *testing.T) {
	ctx := context.Background()
	f := newCatalogAdminFixture(t, time.Now)
	in := catalog.ServiceInput{
		Code: "jet-ski-registration", NameRu: "Регистрация гидроцикла", NameEn: caPtr("Jet ski registration"),
		DescriptionRu: "Постановка на учёт маломерного судна", DescriptionEn: caPtr("Registering a small vessel"),
		Level: catalog.LevelRegional, Mode: catalog.ModeApplyOnline, DepartmentCode: "mchs",
		CategoryCodes: []string{"transport", "law_enforcement"}, Audiences: []catalog.Audience{catalog.AudienceIndividual},
		MinTier: account.TierStandard, FeeKopecks: 150000, ProcessingDays: 5, RegionCodes: []string{"77", "16"}, Reason: "новая услуга",
	}
	if _, err := f.admin.SaveService(ctx, catalogAdmin, account.Client{}, in); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct{ lang, query string }{{"ru", "гидроцикл"}, {"ru", "регистрация гидроциклов"}, {"en", "jet ski"},
		{"ru", "маломерного"}, {"ru", "транспорт гидроцикл"}} {
		if got := f.search(t, q.lang, q.query); !slices.Contains(got, in.Code) {
			t.Errorf("search %s %q = %v, want the new service", q.lang, q.query, got)
		}
	}
	s := f.byCode(t, in.Code)
	links, err := f.store.ServiceCategoryIDs(ctx, []int64{s.ID})
	if err != nil {
		t.Fatal(err)
	}
	cov, err := f.store.ServiceCoverage(ctx, []int64{s.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(links[s.ID]) != 2 || !slices.Equal(cov[s.ID].RegionCodes, []string{"16", "77"}) || s.FeeKopecks != 150000 || s.Name.En != "Jet ski registration" {
		t.Fatalf("saved %+v, categories %v, coverage %+v", s, links[s.ID], cov[s.ID])
	}

	// Renamed, it is found by the new name and not the old one.
	in.NameRu, in.RegionCodes, in.Level, in.Reason = "Регистрация аквабайка", nil, catalog.LevelFederal, "переименована"
	ch, err := f.admin.SaveService(ctx, catalogAdmin, account.Client{}, in)
	if err != nil {
		t.Fatal(err)
	}
	if ch == nil || ch.Action != catalog.ChangeUpdated {
		t.Fatalf("change = %+v", ch)
	}
	if got := f.search(t, "ru", "аквабайк"); !slices.Contains(got, in.Code) {
		t.Errorf("not found by its new name: %v", got)
	}
	if got := f.search(t, "ru", "гидроцикл"); slices.Contains(got, in.Code) {
		t.Errorf("still found by its old name: %v", got)
	}
	if cov, _ := f.store.ServiceCoverage(ctx, []int64{s.ID}); len(cov[s.ID].RegionCodes) != 0 {
		t.Errorf("regions left after a change to everywhere: %+v", cov[s.ID])
	}
}

func TestCatalogAdminStoreKeepsWhatTheInputCannotSay(t *testing.T) {
	ctx := context.Background()
	f := newCatalogAdminFixture(t, time.Now)
	before := f.byCode(t, "kindergarten_enrolment")
	sits, _ := f.store.ServiceLifeSituationIDs(ctx, []int64{before.ID})
	cov, _ := f.store.ServiceCoverage(ctx, []int64{before.ID})
	ch, err := f.admin.SaveService(ctx, catalogAdmin, account.Client{}, catalog.ServiceInput{
		Code: "kindergarten_enrolment", NameRu: before.Name.Ru, DescriptionRu: before.Description.Ru, Level: before.Level,
		Mode: before.Mode, DepartmentCode: "municipal_education", CategoryCodes: []string{"education", "family"},
		Audiences: []catalog.Audience{catalog.AudienceIndividual}, MinTier: before.MinTier, FeeKopecks: before.FeeKopecks,
		ProcessingDays: before.ProcessingDays + 1, Reason: "срок по новому регламенту",
	})
	if err != nil {
		t.Fatal(err)
	}
	if ch == nil || len(ch.Fields) != 1 || ch.Fields[0].Field != "processingDays" {
		t.Fatalf("change = %+v", ch)
	}
	after := f.byCode(t, "kindergarten_enrolment")
	sitsAfter, _ := f.store.ServiceLifeSituationIDs(ctx, []int64{before.ID})
	covAfter, _ := f.store.ServiceCoverage(ctx, []int64{before.ID})
	if after.Popularity != before.Popularity || after.Name.En != before.Name.En || after.ForChildren != before.ForChildren ||
		!slices.Equal(sits[before.ID], sitsAfter[before.ID]) || len(covAfter[before.ID].Municipalities) != len(cov[before.ID].Municipalities) {
		t.Errorf("before %+v %v %+v\nafter %+v %v %+v", before, sits, cov, after, sitsAfter, covAfter)
	}
	// Still found by its life situations' words.
	if got := f.search(t, "ru", "детский сад"); !slices.Contains(got, "kindergarten_enrolment") {
		t.Errorf("search = %v", got)
	}
}

func TestCatalogAdminStoreRenamesReachSearch(t *testing.T) {
	ctx := context.Background()
	f := newCatalogAdminFixture(t, time.Now)
	if got := f.search(t, "ru", "кибернадзор"); len(got) != 0 {
		t.Fatalf("found before the rename: %v", got)
	}
	if _, err := f.admin.SaveDepartment(ctx, catalogAdmin, account.Client{}, catalog.DepartmentInput{
		Code: "fns", NameRu: "Федеральная налоговая служба", ShortNameRu: "ФНС Кибернадзор", Level: catalog.LevelFederal, Reason: "проверка поиска",
	}); err != nil {
		t.Fatal(err)
	}
	if got := f.search(t, "ru", "кибернадзор"); !slices.Contains(got, "fns_tax_debts") {
		t.Errorf("a department's new name does not find its services: %v", got)
	}
	if _, err := f.admin.SaveCategory(ctx, catalogAdmin, account.Client{}, catalog.CategoryInput{
		Code: "taxes", NameRu: "Фискальные сборы", NameEn: caPtr("Fiscal levies"),
		Audiences: []catalog.Audience{catalog.AudienceIndividual, catalog.AudienceLegalEntity}, Reason: "проверка поиска",
	}); err != nil {
		t.Fatal(err)
	}
	if got := f.search(t, "ru", "фискальные"); !slices.Contains(got, "fns_tax_debts") {
		t.Errorf("a category's new name does not find its services (ru): %v", got)
	}
	if got := f.search(t, "en", "levies"); !slices.Contains(got, "fns_tax_debts") {
		t.Errorf("a category's new name does not find its services (en): %v", got)
	}
}

func TestCatalogAdminStoreChangesNewestFirst(t *testing.T) {
	ctx := context.Background()
	// Two changes at each instant: the cursor must tell them apart by id.
	at := time.Date(2026, 12, 1, 9, 0, 0, 123456789, time.UTC)
	n := 0
	f := newCatalogAdminFixture(t, func() time.Time { n++; return at.Add(time.Duration(n/2) * time.Minute) })
	for i, name := range []string{"Москва-1", "Москва-2", "Москва-3", "Москва-4", "Москва-5"} {
		if _, err := f.admin.SaveRegion(ctx, catalogAdmin, account.Client{}, catalog.RegionInput{Code: "77", NameRu: name, Reason: "шаг"}); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
	}
	if _, err := f.admin.SaveRegion(ctx, catalogAdmin, account.Client{}, catalog.RegionInput{Code: "78", NameRu: "Петербург", Reason: "шаг"}); err != nil {
		t.Fatal(err)
	}
	var got []string
	var after *catalog.ChangeCursor
	for page := 0; ; page++ {
		p, err := f.admin.Changes(ctx, catalogAdmin, catalog.ChangeFilter{Entity: catalog.EntityRegion, Code: "77", After: after}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 5 {
			t.Fatalf("total = %d, want 5", p.Total)
		}
		for _, c := range p.Changes {
			got = append(got, *c.Fields[0].New)
			if c.ActorID != "admin-1" || c.Reason != "шаг" || c.Entity != catalog.EntityRegion {
				t.Errorf("change = %+v", c)
			}
		}
		if !p.More {
			break
		}
		c := catalog.CursorOfChange(p.Changes[len(p.Changes)-1])
		after = &c
		if page > 5 {
			t.Fatal("pages do not end")
		}
	}
	if want := []string{"Москва-5", "Москва-4", "Москва-3", "Москва-2", "Москва-1"}; !slices.Equal(got, want) {
		t.Errorf("changes = %v, want %v", got, want)
	}
	all, err := f.admin.Changes(ctx, catalogAdmin, catalog.ChangeFilter{}, 0)
	if err != nil || all.Total != 6 || all.Changes[0].Code != "78" {
		t.Errorf("all changes: %+v, %v", all, err)
	}
}

func caPtr[T any](v T) *T { return &v }
