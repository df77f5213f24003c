package catalog_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
)

// adminState is what the fake administration store holds.
type adminState struct {
	services    map[string]catalog.ServiceRecord
	departments map[string]catalog.Department
	categories  map[string]catalog.Category
	regions     map[string]catalog.Region
	changes     []catalog.Change
	audits      []account.AuditEvent
	reindexed   []catalog.ReindexScope
	nextID      int64
}

func (s adminState) clone() adminState {
	s.services, s.departments = maps.Clone(s.services), maps.Clone(s.departments)
	s.categories, s.regions = maps.Clone(s.categories), maps.Clone(s.regions)
	s.changes, s.audits, s.reindexed = slices.Clone(s.changes), slices.Clone(s.audits), slices.Clone(s.reindexed)
	return s
}

// fakeAdminStore keeps the catalog in memory; a transaction works on a
// copy that replaces the state only when it succeeds.
type fakeAdminStore struct {
	state adminState
	txs   int
}

func newFakeAdminStore() *fakeAdminStore {
	return &fakeAdminStore{state: adminState{
		services: map[string]catalog.ServiceRecord{},
		departments: map[string]catalog.Department{
			"mvd":   {ID: 1, Code: "mvd", Name: catalog.Text{Ru: "МВД России", En: "Ministry of Internal Affairs"}, Short: catalog.Text{Ru: "МВД"}, Level: catalog.LevelFederal},
			"gibdd": {ID: 2, Code: "gibdd", Name: catalog.Text{Ru: "Госавтоинспекция"}, Short: catalog.Text{Ru: "ГИБДД"}, Level: catalog.LevelFederal, ParentID: ptr(int64(1))},
			"fns":   {ID: 3, Code: "fns", Name: catalog.Text{Ru: "ФНС России"}, Short: catalog.Text{Ru: "ФНС"}, Level: catalog.LevelFederal},
		},
		categories: map[string]catalog.Category{
			"taxes":     {ID: 10, Code: "taxes", Name: catalog.Text{Ru: "Налоги и сборы", En: "Taxes and fees"}, Individuals: true, LegalEntities: true, Position: 1},
			"transport": {ID: 11, Code: "transport", Name: catalog.Text{Ru: "Транспорт и дороги"}, Individuals: true, Position: 2},
		},
		regions: map[string]catalog.Region{
			"77": {Code: "77", Name: catalog.Text{Ru: "Москва", En: "Moscow"}},
			"16": {Code: "16", Name: catalog.Text{Ru: "Республика Татарстан"}},
		},
		nextID: 100,
	}}
}

func (f *fakeAdminStore) InTx(ctx context.Context, fn func(context.Context, catalog.AdminTx) error) error {
	f.txs++
	tx := &fakeAdminTx{s: f.state.clone()}
	if err := fn(ctx, tx); err != nil {
		return err
	}
	f.state = tx.s
	return nil
}

func (f *fakeAdminStore) Changes(_ context.Context, flt catalog.ChangeFilter, limit int) ([]catalog.Change, int, error) {
	var match []catalog.Change
	for _, c := range slices.Backward(f.state.changes) {
		if (flt.Entity == "" || c.Entity == flt.Entity) && (flt.Code == "" || c.Code == flt.Code) {
			match = append(match, c)
		}
	}
	out := match
	if flt.After != nil {
		out = nil
		for _, c := range match {
			if c.ID < flt.After.ID {
				out = append(out, c)
			}
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, len(match), nil
}

type fakeAdminTx struct{ s adminState }

func (t *fakeAdminTx) id() int64 { t.s.nextID++; return t.s.nextID }

func (t *fakeAdminTx) ServiceByCode(_ context.Context, code string) (catalog.ServiceRecord, error) {
	if s, ok := t.s.services[code]; ok {
		return s, nil
	}
	return catalog.ServiceRecord{}, catalog.ErrNotFound
}

func (t *fakeAdminTx) DepartmentByCode(_ context.Context, code string) (catalog.Department, error) {
	if d, ok := t.s.departments[code]; ok {
		return d, nil
	}
	return catalog.Department{}, catalog.ErrNotFound
}

func (t *fakeAdminTx) DepartmentByID(_ context.Context, id int64) (catalog.Department, error) {
	for _, d := range t.s.departments {
		if d.ID == id {
			return d, nil
		}
	}
	return catalog.Department{}, catalog.ErrNotFound
}

func (t *fakeAdminTx) CategoryByCode(_ context.Context, code string) (catalog.Category, error) {
	if c, ok := t.s.categories[code]; ok {
		return c, nil
	}
	return catalog.Category{}, catalog.ErrNotFound
}

func (t *fakeAdminTx) RegionByCode(_ context.Context, code string) (catalog.Region, error) {
	if r, ok := t.s.regions[code]; ok {
		return r, nil
	}
	return catalog.Region{}, catalog.ErrNotFound
}

func (t *fakeAdminTx) CategoriesByCodes(_ context.Context, codes []string) ([]catalog.Category, error) {
	var out []catalog.Category
	for _, c := range codes {
		if v, ok := t.s.categories[c]; ok {
			out = append(out, v)
		}
	}
	return out, nil
}

func (t *fakeAdminTx) RegionsByCodes(_ context.Context, codes []string) ([]catalog.Region, error) {
	var out []catalog.Region
	for _, c := range codes {
		if v, ok := t.s.regions[c]; ok {
			out = append(out, v)
		}
	}
	return out, nil
}

func (t *fakeAdminTx) SaveService(_ context.Context, s *catalog.Service, categoryIDs []int64, regionCodes []string) error {
	if s.ID == 0 {
		s.ID = t.id()
	}
	rec := catalog.ServiceRecord{Service: *s, RegionCodes: regionCodes, Municipalities: t.s.services[s.Code].Municipalities}
	for _, d := range t.s.departments {
		if d.ID == s.DepartmentID {
			rec.DepartmentCode = d.Code
		}
	}
	for _, c := range t.s.categories {
		if slices.Contains(categoryIDs, c.ID) {
			rec.CategoryCodes = append(rec.CategoryCodes, c.Code)
		}
	}
	slices.Sort(rec.CategoryCodes)
	t.s.services[s.Code] = rec
	return nil
}

func (t *fakeAdminTx) SaveDepartment(_ context.Context, d *catalog.Department) error {
	if d.ID == 0 {
		d.ID = t.id()
	}
	t.s.departments[d.Code] = *d
	return nil
}

func (t *fakeAdminTx) SaveCategory(_ context.Context, c *catalog.Category) error {
	if c.ID == 0 {
		c.ID = t.id()
	}
	t.s.categories[c.Code] = *c
	return nil
}

func (t *fakeAdminTx) SaveRegion(_ context.Context, r catalog.Region, create bool) error {
	if _, ok := t.s.regions[r.Code]; ok == create {
		return errors.New("fake: create of an existing region or update of a missing one")
	}
	t.s.regions[r.Code] = r
	return nil
}

func (t *fakeAdminTx) ReindexServices(_ context.Context, scope catalog.ReindexScope) error {
	t.s.reindexed = append(t.s.reindexed, scope)
	return nil
}

func (t *fakeAdminTx) AddChange(_ context.Context, c *catalog.Change) error {
	c.ID = t.id()
	t.s.changes = append(t.s.changes, *c)
	return nil
}

func (t *fakeAdminTx) Audit(_ context.Context, e account.AuditEvent) error {
	t.s.audits = append(t.s.audits, e)
	return nil
}

type countingCache struct{ n int }

func (c *countingCache) Invalidate() { c.n++ }

func ptr[T any](v T) *T { return &v }

var (
	admin   = account.Principal{AccountID: "acc-admin", Roles: []account.Role{account.RoleAdmin}}
	officer = account.Principal{AccountID: "acc-officer", Roles: []account.Role{account.RoleOfficer}}
	citizen = account.Principal{AccountID: "acc-citizen"}
	from    = account.Client{IP: "203.0.113.9"}
	noon    = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
)

type adminFixture struct {
	store *fakeAdminStore
	cache *countingCache
	admin *catalog.Admin
}

func newAdminFixture() *adminFixture {
	f := &adminFixture{store: newFakeAdminStore(), cache: &countingCache{}}
	f.admin = catalog.NewAdmin(f.store, f.cache, func() time.Time { return noon })
	return f
}

func goodService() catalog.ServiceInput {
	return catalog.ServiceInput{
		Code: "boat-licence", NameRu: "Выдача удостоверения судоводителя", DescriptionRu: "Права на маломерное судно",
		Level: catalog.LevelFederal, Mode: catalog.ModeApplyOnline, DepartmentCode: "mvd",
		CategoryCodes: []string{"transport"}, Audiences: []catalog.Audience{catalog.AudienceIndividual},
		MinTier: account.TierStandard, FeeKopecks: 200000, ProcessingDays: 10, Reason: "новая услуга",
	}
}

// wantInputErrors checks that err is InputErrors naming field with code,
// in both languages.
func wantInputErrors(t *testing.T, err error, field, code string) catalog.InputErrors {
	t.Helper()
	var errs catalog.InputErrors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want InputErrors", err)
	}
	if !errors.Is(err, catalog.ErrInvalidInput) {
		t.Error("errors.Is(err, ErrInvalidInput) = false")
	}
	if !errs.Has(field, code) {
		t.Fatalf("errors = %v, want %s on %s", err, code, field)
	}
	for _, e := range errs {
		if e.Message.Ru == "" || e.Message.En == "" {
			t.Errorf("%s %s: message %+v, want both languages", e.Field, e.Code, e.Message)
		}
	}
	return errs
}

func TestCatalogAdminRejectsBadService(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(*catalog.ServiceInput)
		field, code string
	}{
		{"empty code", func(in *catalog.ServiceInput) { in.Code = " " }, "code", "REQUIRED"},
		{"uppercase code", func(in *catalog.ServiceInput) { in.Code = "Boat-Licence" }, "code", "BAD_FORMAT"},
		{"cyrillic code", func(in *catalog.ServiceInput) { in.Code = "права" }, "code", "BAD_FORMAT"},
		{"code with a space", func(in *catalog.ServiceInput) { in.Code = "boat licence" }, "code", "BAD_FORMAT"},
		{"code starting with a digit", func(in *catalog.ServiceInput) { in.Code = "1boat" }, "code", "BAD_FORMAT"},
		{"code too long", func(in *catalog.ServiceInput) { in.Code = strings.Repeat("a", catalog.MaxCodeLength+1) }, "code", "TOO_LONG"},
		{"empty name", func(in *catalog.ServiceInput) { in.NameRu = "  " }, "nameRu", "REQUIRED"},
		{"name too long", func(in *catalog.ServiceInput) { in.NameRu = strings.Repeat("я", catalog.MaxNameLength+1) }, "nameRu", "TOO_LONG"},
		{"english name too long", func(in *catalog.ServiceInput) { in.NameEn = ptr(strings.Repeat("a", catalog.MaxNameLength+1)) }, "nameEn", "TOO_LONG"},
		{"empty description", func(in *catalog.ServiceInput) { in.DescriptionRu = "" }, "descriptionRu", "REQUIRED"},
		{"unknown department", func(in *catalog.ServiceInput) { in.DepartmentCode = "kgb" }, "departmentCode", "UNKNOWN_DEPARTMENT"},
		{"no department", func(in *catalog.ServiceInput) { in.DepartmentCode = "" }, "departmentCode", "REQUIRED"},
		{"unknown category", func(in *catalog.ServiceInput) { in.CategoryCodes = []string{"transport", "space"} }, "categoryCodes", "UNKNOWN_CATEGORY"},
		{"no category", func(in *catalog.ServiceInput) { in.CategoryCodes = nil }, "categoryCodes", "REQUIRED"},
		{"unknown region", func(in *catalog.ServiceInput) { in.RegionCodes = []string{"77", "00"} }, "regionCodes", "UNKNOWN_REGION"},
		{"region by name", func(in *catalog.ServiceInput) { in.RegionCodes = []string{"Москва"} }, "regionCodes", "BAD_FORMAT"},
		{"regional service everywhere", func(in *catalog.ServiceInput) { in.Level = catalog.LevelRegional }, "regionCodes", "REQUIRED"},
		{"no audience", func(in *catalog.ServiceInput) { in.Audiences = nil }, "audiences", "NO_AUDIENCE"},
		{"unknown audience", func(in *catalog.ServiceInput) { in.Audiences = []catalog.Audience{"ROBOT"} }, "audiences", "INVALID"},
		{"negative fee", func(in *catalog.ServiceInput) { in.FeeKopecks = -1 }, "feeKopecks", "NEGATIVE"},
		{"negative processing days", func(in *catalog.ServiceInput) { in.ProcessingDays = -1 }, "processingDays", "NEGATIVE"},
		{"processing for ages", func(in *catalog.ServiceInput) { in.ProcessingDays = catalog.MaxProcessingDays + 1 }, "processingDays", "TOO_LARGE"},
		{"unknown level", func(in *catalog.ServiceInput) { in.Level = "GALACTIC" }, "level", "INVALID"},
		{"unknown mode", func(in *catalog.ServiceInput) { in.Mode = "TELEPATHY" }, "mode", "INVALID"},
		{"unknown tier", func(in *catalog.ServiceInput) { in.MinTier = "GOLD" }, "minTier", "INVALID"},
		{"empty reason", func(in *catalog.ServiceInput) { in.Reason = " \n" }, "reason", "REQUIRED"},
		{"reason too long", func(in *catalog.ServiceInput) { in.Reason = strings.Repeat("я", catalog.MaxReasonLength+1) }, "reason", "TOO_LONG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAdminFixture()
			in := goodService()
			tt.edit(&in)
			ch, err := f.admin.SaveService(context.Background(), admin, from, in)
			wantInputErrors(t, err, tt.field, tt.code)
			if ch != nil {
				t.Errorf("change = %+v, want none", ch)
			}
			if len(f.store.state.services) != 0 || len(f.store.state.changes) != 0 || len(f.store.state.audits) != 0 {
				t.Errorf("a bad input changed the catalog: %+v", f.store.state)
			}
			if f.cache.n != 0 {
				t.Errorf("the cache was emptied %d times", f.cache.n)
			}
		})
	}
}

func TestCatalogAdminReportsEveryProblemAtOnce(t *testing.T) {
	f := newAdminFixture()
	in := goodService()
	in.Code, in.DepartmentCode, in.Reason, in.FeeKopecks = "Bad_Code!", "nobody", "", -5
	_, err := f.admin.SaveService(context.Background(), admin, from, in)
	errs := wantInputErrors(t, err, "code", "BAD_FORMAT")
	for _, w := range [][2]string{{"departmentCode", "UNKNOWN_DEPARTMENT"}, {"reason", "REQUIRED"}, {"feeKopecks", "NEGATIVE"}} {
		if !errs.Has(w[0], w[1]) {
			t.Errorf("missing %s on %s in %v", w[1], w[0], err)
		}
	}
	// The code's rule is spelled out.
	for _, e := range errs {
		if e.Field == "code" && (!strings.Contains(e.Message.En, "lowercase Latin letters, digits, dashes") ||
			!strings.Contains(e.Message.Ru, "строчные латинские буквы, цифры, дефисы")) {
			t.Errorf("the code's message does not say the rule: %+v", e.Message)
		}
	}
}

func TestCatalogAdminCreatesAndUpdatesAService(t *testing.T) {
	ctx := context.Background()
	f := newAdminFixture()

	ch, err := f.admin.SaveService(ctx, admin, from, goodService())
	if err != nil {
		t.Fatal(err)
	}
	if ch.Action != catalog.ChangeCreated || ch.Entity != catalog.EntityService || ch.Code != "boat-licence" ||
		ch.ActorID != "acc-admin" || !ch.At.Equal(noon) || ch.Reason != "новая услуга" || ch.ID == 0 {
		t.Fatalf("change = %+v", ch)
	}
	got := map[string]catalog.FieldChange{}
	for _, fc := range ch.Fields {
		got[fc.Field] = fc
		if fc.Old != nil {
			t.Errorf("a created field has an old value: %+v", fc)
		}
	}
	for field, want := range map[string]string{"nameRu": "Выдача удостоверения судоводителя", "departmentCode": "mvd",
		"categoryCodes": "transport", "audiences": "INDIVIDUAL", "feeKopecks": "200000", "processingDays": "10", "minTier": "STANDARD"} {
		if fc, ok := got[field]; !ok || fc.New == nil || *fc.New != want {
			t.Errorf("%s: %+v, want new %q", field, fc, want)
		}
	}
	if _, ok := got["regionCodes"]; ok {
		t.Error("no regions (everywhere) recorded as a change")
	}
	s := f.store.state.services["boat-licence"]
	if s.DepartmentID != 1 || !s.Individuals || s.LegalEntities || s.Name.En != "" {
		t.Errorf("saved service = %+v", s)
	}
	if a := f.store.state.audits; len(a) != 1 || a[0].Action != "catalog.service.created" || a[0].ActorID != "acc-admin" ||
		a[0].IP != "203.0.113.9" || a[0].Details["code"] != "boat-licence" || a[0].Details["reason"] != "новая услуга" {
		t.Errorf("audit = %+v", a)
	}
	if !slices.ContainsFunc(f.store.state.reindexed, func(s catalog.ReindexScope) bool {
		return slices.Equal(s.ServiceIDs, []int64{f.store.state.services["boat-licence"].ID})
	}) {
		t.Errorf("search words not refreshed for the new service: %+v", f.store.state.reindexed)
	}
	if f.cache.n != 1 {
		t.Errorf("cache emptied %d times, want 1", f.cache.n)
	}

	t.Run("the fee changes", func(t *testing.T) {
		in := goodService()
		in.FeeKopecks, in.Reason = 350000, "новый размер пошлины"
		ch, err := f.admin.SaveService(ctx, admin, from, in)
		if err != nil {
			t.Fatal(err)
		}
		want := []catalog.FieldChange{{Field: "feeKopecks", Old: ptr("200000"), New: ptr("350000")}}
		if ch.Action != catalog.ChangeUpdated || !cmp.Equal(ch.Fields, want) {
			t.Errorf("change = %+v %s", ch, cmp.Diff(want, ch.Fields))
		}
		if a := f.store.state.audits; a[len(a)-1].Action != "catalog.service.updated" || a[len(a)-1].Details["fields"] != "feeKopecks" {
			t.Errorf("audit = %+v", a[len(a)-1])
		}
	})

	t.Run("nothing changes", func(t *testing.T) {
		in := goodService()
		in.FeeKopecks, in.Reason = 350000, "ещё раз"
		n, audits, cache := len(f.store.state.changes), len(f.store.state.audits), f.cache.n
		ch, err := f.admin.SaveService(ctx, admin, from, in)
		if err != nil || ch != nil {
			t.Fatalf("change, err = %+v, %v; want none, nil", ch, err)
		}
		if len(f.store.state.changes) != n || len(f.store.state.audits) != audits || f.cache.n != cache {
			t.Error("a save that changed nothing was recorded")
		}
	})

	t.Run("english kept when left out, cleared when empty", func(t *testing.T) {
		in := goodService()
		in.FeeKopecks, in.NameEn = 350000, ptr("Boat licence")
		if _, err := f.admin.SaveService(ctx, admin, from, in); err != nil {
			t.Fatal(err)
		}
		in.NameEn = nil
		if ch, err := f.admin.SaveService(ctx, admin, from, in); err != nil || ch != nil {
			t.Fatalf("left out: %+v, %v", ch, err)
		}
		if got := f.store.state.services["boat-licence"].Name.En; got != "Boat licence" {
			t.Errorf("English name = %q", got)
		}
		in.NameEn = ptr("")
		ch, err := f.admin.SaveService(ctx, admin, from, in)
		if err != nil {
			t.Fatal(err)
		}
		if want := []catalog.FieldChange{{Field: "nameEn", Old: ptr("Boat licence")}}; !cmp.Equal(ch.Fields, want) {
			t.Errorf("fields: %s", cmp.Diff(want, ch.Fields))
		}
	})

	t.Run("coverage and categories replaced", func(t *testing.T) {
		in := goodService()
		in.FeeKopecks, in.Level = 350000, catalog.LevelRegional
		in.RegionCodes, in.CategoryCodes = []string{"77", "16", "77"}, []string{"taxes"}
		in.Audiences = []catalog.Audience{catalog.AudienceLegalEntity, catalog.AudienceIndividual}
		ch, err := f.admin.SaveService(ctx, admin, from, in)
		if err != nil {
			t.Fatal(err)
		}
		want := []catalog.FieldChange{
			{Field: "level", Old: ptr("FEDERAL"), New: ptr("REGIONAL")},
			{Field: "categoryCodes", Old: ptr("transport"), New: ptr("taxes")},
			{Field: "audiences", Old: ptr("INDIVIDUAL"), New: ptr("INDIVIDUAL, LEGAL_ENTITY")},
			{Field: "regionCodes", New: ptr("16, 77")},
		}
		if !cmp.Equal(ch.Fields, want) {
			t.Errorf("fields: %s", cmp.Diff(want, ch.Fields))
		}
		s := f.store.state.services["boat-licence"]
		if !slices.Equal(s.RegionCodes, []string{"16", "77"}) || !slices.Equal(s.CategoryCodes, []string{"taxes"}) || !s.LegalEntities {
			t.Errorf("saved = %+v", s)
		}
	})
}

func TestCatalogAdminKeepsAMunicipalServiceWithoutRegions(t *testing.T) {
	f := newAdminFixture()
	f.store.state.services["parking"] = catalog.ServiceRecord{
		Service:        catalog.Service{ID: 5, Code: "parking", Level: catalog.LevelMunicipal, Name: catalog.Text{Ru: "Парковка"}},
		Municipalities: 2,
	}
	in := goodService()
	in.Code, in.Level = "parking", catalog.LevelMunicipal
	if _, err := f.admin.SaveService(context.Background(), admin, from, in); err != nil {
		t.Fatalf("a municipal service with municipalities needs no regions: %v", err)
	}
}

func TestCatalogAdminRejectsBadDepartment(t *testing.T) {
	good := func() catalog.DepartmentInput {
		return catalog.DepartmentInput{Code: "gibdd", NameRu: "Госавтоинспекция", ShortNameRu: "ГИБДД", Level: catalog.LevelFederal,
			ParentCode: "mvd", Reason: "уточнение"}
	}
	tests := []struct {
		name        string
		edit        func(*catalog.DepartmentInput)
		field, code string
	}{
		{"its own parent", func(in *catalog.DepartmentInput) { in.ParentCode = "gibdd" }, "parentCode", "SELF_PARENT"},
		{"unknown parent", func(in *catalog.DepartmentInput) { in.ParentCode = "kgb" }, "parentCode", "UNKNOWN_DEPARTMENT"},
		{"a subordinate as parent", func(in *catalog.DepartmentInput) { in.Code, in.ParentCode = "mvd", "gibdd" }, "parentCode", "PARENT_CYCLE"},
		{"empty short name", func(in *catalog.DepartmentInput) { in.ShortNameRu = "" }, "shortNameRu", "REQUIRED"},
		{"short name too long", func(in *catalog.DepartmentInput) { in.ShortNameRu = strings.Repeat("я", catalog.MaxShortNameLength+1) }, "shortNameRu", "TOO_LONG"},
		{"empty name", func(in *catalog.DepartmentInput) { in.NameRu = "" }, "nameRu", "REQUIRED"},
		{"unknown level", func(in *catalog.DepartmentInput) { in.Level = "" }, "level", "INVALID"},
		{"bad code", func(in *catalog.DepartmentInput) { in.Code = "ГИБДД" }, "code", "BAD_FORMAT"},
		{"empty reason", func(in *catalog.DepartmentInput) { in.Reason = "" }, "reason", "REQUIRED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAdminFixture()
			before := f.store.state.clone()
			in := good()
			tt.edit(&in)
			_, err := f.admin.SaveDepartment(context.Background(), admin, from, in)
			wantInputErrors(t, err, tt.field, tt.code)
			if !cmp.Equal(before.departments, f.store.state.departments) || len(f.store.state.changes) != 0 {
				t.Error("a bad input changed the catalog")
			}
		})
	}
}

func TestCatalogAdminSavesDepartments(t *testing.T) {
	ctx := context.Background()
	f := newAdminFixture()
	ch, err := f.admin.SaveDepartment(ctx, admin, from, catalog.DepartmentInput{Code: "gims", NameRu: "Государственная инспекция по маломерным судам",
		NameEn: ptr("State Small Vessels Inspectorate"), ShortNameRu: "ГИМС", Level: catalog.LevelFederal, ParentCode: "mvd", Reason: "новое ведомство"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.Action != catalog.ChangeCreated || f.store.state.departments["gims"].ParentID == nil || *f.store.state.departments["gims"].ParentID != 1 {
		t.Fatalf("change %+v, saved %+v", ch, f.store.state.departments["gims"])
	}
	if len(f.store.state.reindexed) != 0 {
		t.Error("a new department reindexed services")
	}

	ch, err = f.admin.SaveDepartment(ctx, admin, from, catalog.DepartmentInput{Code: "gims", NameRu: "ГИМС МЧС России",
		ShortNameRu: "ГИМС", Level: catalog.LevelFederal, Reason: "передана в МЧС"})
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.FieldChange{
		{Field: "nameRu", Old: ptr("Государственная инспекция по маломерным судам"), New: ptr("ГИМС МЧС России")},
		{Field: "parentCode", Old: ptr("mvd")},
	}
	if !cmp.Equal(ch.Fields, want) {
		t.Errorf("fields: %s", cmp.Diff(want, ch.Fields))
	}
	id := f.store.state.departments["gims"].ID
	if f.store.state.departments["gims"].Name.En != "State Small Vessels Inspectorate" {
		t.Error("the English name was lost")
	}
	if want := []catalog.ReindexScope{{DepartmentIDs: []int64{id}}}; !cmp.Equal(f.store.state.reindexed, want) {
		t.Errorf("a renamed department's services are not reindexed: %+v", f.store.state.reindexed)
	}
	if a := f.store.state.audits; a[len(a)-1].Action != "catalog.department.updated" {
		t.Errorf("audit: %+v", a)
	}
}

func TestCatalogAdminSavesCategoriesAndRegions(t *testing.T) {
	ctx := context.Background()
	f := newAdminFixture()

	_, err := f.admin.SaveCategory(ctx, admin, from, catalog.CategoryInput{Code: "water", NameRu: "Водный транспорт", Reason: "x"})
	wantInputErrors(t, err, "audiences", "NO_AUDIENCE")

	ch, err := f.admin.SaveCategory(ctx, admin, from, catalog.CategoryInput{Code: "transport", NameRu: "Транспорт",
		Audiences: []catalog.Audience{catalog.AudienceIndividual, catalog.AudienceLegalEntity}, Reason: "для организаций тоже"})
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.FieldChange{
		{Field: "nameRu", Old: ptr("Транспорт и дороги"), New: ptr("Транспорт")},
		{Field: "audiences", Old: ptr("INDIVIDUAL"), New: ptr("INDIVIDUAL, LEGAL_ENTITY")},
	}
	if ch.Action != catalog.ChangeUpdated || !cmp.Equal(ch.Fields, want) {
		t.Errorf("change %+v: %s", ch, cmp.Diff(want, ch.Fields))
	}
	if want := []catalog.ReindexScope{{CategoryIDs: []int64{11}}}; !cmp.Equal(f.store.state.reindexed, want) {
		t.Errorf("reindexed: %+v", f.store.state.reindexed)
	}

	for _, code := range []string{"7", "777", "msk", "7a"} {
		_, err := f.admin.SaveRegion(ctx, admin, from, catalog.RegionInput{Code: code, NameRu: "Регион", Reason: "x"})
		wantInputErrors(t, err, "code", "BAD_FORMAT")
	}
	ch, err = f.admin.SaveRegion(ctx, admin, from, catalog.RegionInput{Code: "95", NameRu: "Чеченская Республика", NameEn: ptr("Chechen Republic"), Reason: "пропущен"})
	if err != nil || ch.Action != catalog.ChangeCreated || ch.Entity != catalog.EntityRegion {
		t.Fatalf("change, err = %+v, %v", ch, err)
	}
	ch, err = f.admin.SaveRegion(ctx, admin, from, catalog.RegionInput{Code: "77", NameRu: "г. Москва", Reason: "официальное название"})
	if err != nil || ch.Action != catalog.ChangeUpdated || !cmp.Equal(ch.Fields, []catalog.FieldChange{{Field: "nameRu", Old: ptr("Москва"), New: ptr("г. Москва")}}) {
		t.Fatalf("change, err = %+v, %v", ch, err)
	}
	if f.store.state.regions["77"].Name.En != "Moscow" {
		t.Error("the English name was lost")
	}
}

func TestCatalogAdminIsForAdministratorsOnly(t *testing.T) {
	ctx := context.Background()
	for _, p := range []account.Principal{citizen, officer} {
		f := newAdminFixture()
		calls := []func() error{
			func() error { _, err := f.admin.SaveService(ctx, p, from, goodService()); return err },
			func() error {
				_, err := f.admin.SaveDepartment(ctx, p, from, catalog.DepartmentInput{Code: "x", NameRu: "x", ShortNameRu: "x", Level: catalog.LevelFederal, Reason: "x"})
				return err
			},
			func() error {
				_, err := f.admin.SaveCategory(ctx, p, from, catalog.CategoryInput{Code: "x", NameRu: "x", Audiences: []catalog.Audience{catalog.AudienceIndividual}, Reason: "x"})
				return err
			},
			func() error {
				_, err := f.admin.SaveRegion(ctx, p, from, catalog.RegionInput{Code: "99", NameRu: "x", Reason: "x"})
				return err
			},
			func() error { _, err := f.admin.Changes(ctx, p, catalog.ChangeFilter{}, 10); return err },
		}
		for i, call := range calls {
			var fe *account.ForbiddenError
			if err := call(); !errors.As(err, &fe) || fe.NeedRole != account.RoleAdmin {
				t.Errorf("%s, call %d: err = %v, want FORBIDDEN (ADMIN)", p.AccountID, i, err)
			}
		}
		if f.store.txs != 0 {
			t.Errorf("%s reached the store", p.AccountID)
		}
	}
}

func TestCatalogAdminListsChanges(t *testing.T) {
	ctx := context.Background()
	f := newAdminFixture()
	for _, fee := range []int64{100, 200, 300} {
		in := goodService()
		in.FeeKopecks = fee
		if _, err := f.admin.SaveService(ctx, admin, from, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.admin.SaveRegion(ctx, admin, from, catalog.RegionInput{Code: "95", NameRu: "Чечня", Reason: "x"}); err != nil {
		t.Fatal(err)
	}
	page, err := f.admin.Changes(ctx, admin, catalog.ChangeFilter{Entity: "service", Code: "boat-licence"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || !page.More || len(page.Changes) != 2 || *page.Changes[0].Fields[0].New != "300" {
		t.Fatalf("page = %+v", page)
	}
	c := catalog.CursorOfChange(page.Changes[1])
	page, err = f.admin.Changes(ctx, admin, catalog.ChangeFilter{Entity: catalog.EntityService, After: &c}, 2)
	if err != nil || page.More || len(page.Changes) != 1 || page.Changes[0].Action != catalog.ChangeCreated {
		t.Fatalf("second page = %+v, %v", page, err)
	}
	_, err = f.admin.Changes(ctx, admin, catalog.ChangeFilter{Entity: "SPACESHIP"}, 0)
	var ie *catalog.InputError
	if !errors.As(err, &ie) || ie.Field != "entity" {
		t.Errorf("unknown entity: err = %v", err)
	}
}

// departmentsStore answers Departments from a function, for the cache
// tests.
type departmentsStore struct {
	catalog.Store
	departments func() []catalog.Department
}

func (s departmentsStore) Departments(context.Context) ([]catalog.Department, error) {
	return s.departments(), nil
}

func TestCatalogCacheInvalidate(t *testing.T) {
	ctx := context.Background()
	name := "МВД"
	var during func()
	store := departmentsStore{departments: func() []catalog.Department {
		out := []catalog.Department{{ID: 1, Code: "mvd", Name: catalog.Text{Ru: name}}}
		if during != nil {
			during()
		}
		return out
	}}
	c := catalog.NewCachedStore(store, time.Hour, 100)
	get := func() string {
		d, err := c.Departments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d[0].Name.Ru
	}
	if got := get(); got != "МВД" {
		t.Fatal(got)
	}
	name = "МВД России"
	if got := get(); got != "МВД" {
		t.Fatalf("served %q, want the cached answer", got)
	}
	c.Invalidate()
	if got := get(); got != "МВД России" {
		t.Fatalf("after Invalidate served %q", got)
	}

	// An answer read while a change commits and invalidates may be the
	// old one: it is served once but not kept.
	c.Invalidate()
	name = "old"
	during = func() { name = "new"; c.Invalidate() }
	if got := get(); got != "old" {
		t.Fatalf("got %q", got)
	}
	during = nil
	if got := get(); got != "new" {
		t.Errorf("an answer read during an invalidation was cached: %q", got)
	}
}
