package main

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
)

const (
	saveServiceMutation = `mutation($in: ServiceAdminInput!) { saveService(input: $in) {
		change { id at actorId entity code action reason fields { field old new } } userErrors { field code message } } }`
	saveDepartmentMutation = `mutation($in: DepartmentAdminInput!) { saveDepartment(input: $in) {
		change { entity code action fields { field old new } } userErrors { field code message } } }`
	saveCategoryMutation = `mutation($in: CategoryAdminInput!) { saveCategory(input: $in) {
		change { entity code action fields { field old new } } userErrors { field code message } } }`
	saveRegionMutation = `mutation($in: RegionAdminInput!) { saveRegion(input: $in) {
		change { entity code action fields { field old new } } userErrors { field code message } } }`
	catalogChangesQuery = `query($entity: String, $code: String, $first: Int, $after: String) {
		catalogChanges(entity: $entity, code: $code, first: $first, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
		edges { cursor node { id at actorId entity code action reason fields { field old new } } } } }`
)

type catalogFieldChange struct {
	Field    string
	Old, New *string
}

type catalogChange struct {
	ID, ActorID, Entity, Code, Action, Reason string
	At                                        time.Time
	Fields                                    []catalogFieldChange
}

type catalogAdminPayload struct {
	Change     *catalogChange
	UserErrors []userErr
}

type catalogChangeConn struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		EndCursor                    *string
	}
	Edges []struct {
		Cursor string
		Node   catalogChange
	}
}

// catalogAdminApp is a server with a citizen, a department officer and an
// administrator signed in. The catalog cache lives for an hour, so only
// the save's own invalidation can make a change visible in this process.
type catalogAdminApp struct {
	*testApp
	citizen, officer, admin authSession
}

func newCatalogAdminApp(t *testing.T) *catalogAdminApp {
	t.Helper()
	a := newTestApp(t, "all", func(c *Config) { c.CatalogTTL = time.Hour })
	seen := map[string]bool{}
	c := &catalogAdminApp{testApp: a}
	c.citizen = a.registerPhone(t, "+79120000081", seen)
	officer := a.registerPhone(t, "+79120000082", seen)
	staff := a.registerPhone(t, "+79120000083", seen)
	root := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	ctx := context.Background()
	for _, g := range []struct {
		s     authSession
		grant account.RoleGrant
	}{
		{officer, account.RoleGrant{Role: account.RoleOfficer, Scope: "gibdd", Reason: "назначен приказом"}},
		{staff, account.RoleGrant{Role: account.RoleAdmin, Reason: "администратор каталога"}},
	} {
		if err := a.accounts.GrantRole(ctx, root, localID(t, g.s.Account.ID), g.grant, account.Client{}); err != nil {
			t.Fatal(err)
		}
	}
	c.officer, c.admin = a.refresh(t, officer), a.refresh(t, staff)
	return c
}

// postAs sends a request with a bearer token and Accept-Language.
func (a *catalogAdminApp) postAs(t *testing.T, token, lang, q string, vars map[string]any) *gqlResponse {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	return a.do(t, req)
}

// save runs one of the save mutations as the administrator.
func (a *catalogAdminApp) save(t *testing.T, mutation string, in map[string]any) catalogAdminPayload {
	t.Helper()
	var p catalogAdminPayload
	a.mutate(t, a.admin.AccessToken, mutation, map[string]any{"in": in}, &p)
	return p
}

func (a *catalogAdminApp) changes(t *testing.T, vars map[string]any) catalogChangeConn {
	t.Helper()
	var c catalogChangeConn
	a.mutate(t, a.admin.AccessToken, catalogChangesQuery, vars, &c)
	return c
}

// searchCodes lists the codes services(filter: {query}) finds, in lang.
func (a *catalogAdminApp) searchCodes(t *testing.T, lang, query string) []string {
	t.Helper()
	var d struct {
		Services struct {
			Edges []struct{ Node struct{ ID, Code string } }
		}
	}
	a.query(t, lang, `query($q: String) { services(filter: {query: $q}, first: 100) { edges { node { id code } } } }`,
		map[string]any{"q": query}, &d)
	var out []string
	for _, e := range d.Services.Edges {
		out = append(out, e.Node.Code)
	}
	return out
}

func (a *catalogAdminApp) serviceID(t *testing.T, query, code string) string {
	t.Helper()
	var d struct {
		Services struct {
			Edges []struct{ Node struct{ ID, Code string } }
		}
	}
	a.query(t, "", `query($q: String) { services(filter: {query: $q}, first: 100) { edges { node { id code } } } }`,
		map[string]any{"q": query}, &d)
	for _, e := range d.Services.Edges {
		if e.Node.Code == code {
			return e.Node.ID
		}
	}
	t.Fatalf("search %q does not find %s", query, code)
	return ""
}

type adminServiceView struct {
	Code, Name, Level, Mode, MinTier string
	Fee                              struct{ Kopecks int64 }
	ProcessingDays                   int
	Audiences                        []string
	Department                       struct{ Code string }
	Categories                       []struct{ Code string }
	Regions                          []struct{ Code string }
	Availability                     struct{ Available bool }
}

func (a *catalogAdminApp) service(t *testing.T, lang, id string) adminServiceView {
	t.Helper()
	var d struct{ Service *adminServiceView }
	a.query(t, lang, `query($id: ID!) { service(id: $id) { code name level mode minTier fee { kopecks } processingDays audiences
		department { code } categories { code } regions { code } availability(regionCode: "16") { available } } }`,
		map[string]any{"id": id}, &d)
	if d.Service == nil {
		t.Fatalf("service(%s) = null", id)
	}
	return *d.Service
}

func jetSki() map[string]any {
	return map[string]any{
		"code": "jet-ski-registration", "nameRu": "Регистрация гидроцикла", "nameEn": "Jet ski registration",
		"descriptionRu": "Постановка на учёт маломерного судна в регионе", "descriptionEn": "Registering a small vessel",
		"level": "REGIONAL", "mode": "APPLY_ONLINE", "departmentCode": "mchs", "categoryCodes": []string{"transport"},
		"audiences": []string{"INDIVIDUAL"}, "minTier": "STANDARD", "feeKopecks": 150000, "processingDays": 5,
		"regionCodes": []string{"77"}, "reason": "новая услуга по обращению МЧС",
	}
}

func caWith(in map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range in {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func fieldsOf(c *catalogChange) map[string]catalogFieldChange {
	out := map[string]catalogFieldChange{}
	if c != nil {
		for _, f := range c.Fields {
			out[f.Field] = f
		}
	}
	return out
}

// caLookup is list[i] for a message, or "missing".
func caLookup[T any](list []T, i int) any {
	if i < 0 {
		return "missing"
	}
	return list[i]
}

func caStr(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// TestCatalogAdminServiceThroughTheAPI: an administrator creates a
// service, and at once search and service(id) show it; a change of the
// fee is recorded with old and new values in catalogChanges and auditLog;
// bad inputs are refused field by field and change nothing.
func TestCatalogAdminServiceThroughTheAPI(t *testing.T) {
	a := newCatalogAdminApp(t)

	// The catalog answers are cached before the change.
	if got := a.searchCodes(t, "ru", "гидроцикл"); len(got) != 0 {
		t.Fatalf("found before it exists: %v", got)
	}

	p := a.save(t, saveServiceMutation, jetSki())
	if len(p.UserErrors) != 0 || p.Change == nil {
		t.Fatalf("saveService: %+v", p)
	}
	if c := p.Change; c.Action != "CREATED" || c.Entity != "SERVICE" || c.Code != "jet-ski-registration" ||
		c.ActorID != a.admin.Account.ID || c.Reason != "новая услуга по обращению МЧС" || time.Since(c.At) > time.Minute {
		t.Errorf("change = %+v", c)
	}
	if f := fieldsOf(p.Change); caStr(f["feeKopecks"].New) != "150000" || f["feeKopecks"].Old != nil || caStr(f["departmentCode"].New) != "mchs" {
		t.Errorf("fields = %+v", p.Change.Fields)
	}

	for _, q := range []struct{ lang, query string }{{"ru", "гидроцикл"}, {"ru", "регистрация гидроциклов"}, {"en", "jet ski"}} {
		if got := a.searchCodes(t, q.lang, q.query); !slices.Contains(got, "jet-ski-registration") {
			t.Errorf("services(query: %q) in %s = %v, want the new service", q.query, q.lang, got)
		}
	}
	id := a.serviceID(t, "гидроцикл", "jet-ski-registration")
	s := a.service(t, "en", id)
	if s.Name != "Jet ski registration" || s.Fee.Kopecks != 150000 || s.ProcessingDays != 5 || s.Level != "REGIONAL" ||
		s.Mode != "APPLY_ONLINE" || s.MinTier != "STANDARD" || s.Department.Code != "mchs" || len(s.Categories) != 1 ||
		s.Categories[0].Code != "transport" || len(s.Regions) != 1 || s.Regions[0].Code != "77" || s.Availability.Available ||
		!slices.Equal(s.Audiences, []string{"INDIVIDUAL"}) {
		t.Errorf("service = %+v", s)
	}

	t.Run("the fee changes and the change is recorded", func(t *testing.T) {
		p := a.save(t, saveServiceMutation, caWith(jetSki(), "feeKopecks", 250000, "reason", "пошлина изменена законом"))
		if len(p.UserErrors) != 0 || p.Change == nil || p.Change.Action != "UPDATED" {
			t.Fatalf("saveService: %+v", p)
		}
		if len(p.Change.Fields) != 1 || p.Change.Fields[0].Field != "feeKopecks" || caStr(p.Change.Fields[0].Old) != "150000" ||
			caStr(p.Change.Fields[0].New) != "250000" {
			t.Errorf("fields = %+v", p.Change.Fields)
		}
		if got := a.service(t, "", id); got.Fee.Kopecks != 250000 {
			t.Errorf("service(id) fee = %d, want the new one", got.Fee.Kopecks)
		}
		c := a.changes(t, map[string]any{"entity": "SERVICE", "code": "jet-ski-registration"})
		if c.TotalCount != 2 || len(c.Edges) != 2 || c.Edges[0].Node.Action != "UPDATED" || c.Edges[1].Node.Action != "CREATED" {
			t.Fatalf("catalogChanges = %+v", c)
		}
		n := c.Edges[0].Node
		if n.ID != p.Change.ID || n.Reason != "пошлина изменена законом" || n.ActorID != a.admin.Account.ID ||
			len(n.Fields) != 1 || caStr(n.Fields[0].Old) != "150000" || caStr(n.Fields[0].New) != "250000" {
			t.Errorf("newest change = %+v", n)
		}

		var log struct {
			Edges []struct {
				Node struct {
					Action  string
					ActorID *string
					Details []struct{ Key, Value string }
				}
			}
		}
		a.mutate(t, a.admin.AccessToken, `{ auditLog(filter: {action: "catalog.service.updated"}) { edges { node { action actorId details { key value } } } } }`, nil, &log)
		if len(log.Edges) != 1 || caStr(log.Edges[0].Node.ActorID) != localID(t, a.admin.Account.ID) {
			t.Fatalf("auditLog = %+v", log)
		}
		details := map[string]string{}
		for _, d := range log.Edges[0].Node.Details {
			details[d.Key] = d.Value
		}
		if details["code"] != "jet-ski-registration" || details["fields"] != "feeKopecks" || details["reason"] != "пошлина изменена законом" {
			t.Errorf("audit details = %v", details)
		}
		a.mutate(t, a.admin.AccessToken, `{ auditLog(filter: {action: "catalog.service.created"}) { edges { node { action actorId details { key value } } } } }`, nil, &log)
		if len(log.Edges) != 1 {
			t.Errorf("creation audit = %+v", log)
		}
	})

	t.Run("a save that changes nothing records nothing", func(t *testing.T) {
		p := a.save(t, saveServiceMutation, caWith(jetSki(), "feeKopecks", 250000, "reason", "ещё раз"))
		if p.Change != nil || len(p.UserErrors) != 0 {
			t.Errorf("saveService = %+v, want no change and no errors", p)
		}
		if c := a.changes(t, map[string]any{"code": "jet-ski-registration"}); c.TotalCount != 2 {
			t.Errorf("changes = %d, want 2", c.TotalCount)
		}
	})

	t.Run("bad inputs are refused and change nothing", func(t *testing.T) {
		before := a.changes(t, nil).TotalCount
		for _, tt := range []struct {
			name, lang  string
			in          map[string]any
			field, code string
			says        string
		}{
			{"unknown department", "", caWith(jetSki(), "departmentCode", "kgb", "feeKopecks", 1), "departmentCode", "UNKNOWN_DEPARTMENT", "kgb"},
			{"empty reason", "", caWith(jetSki(), "reason", "  ", "feeKopecks", 1), "reason", "REQUIRED", "причину"},
			{"bad code", "en", caWith(jetSki(), "code", "Jet Ski!"), "code", "BAD_FORMAT", "lowercase Latin letters, digits, dashes"},
			{"bad code in Russian", "", caWith(jetSki(), "code", "гидроцикл"), "code", "BAD_FORMAT", "строчные латинские буквы, цифры, дефисы"},
			{"unknown category", "", caWith(jetSki(), "categoryCodes", []string{"space"}, "feeKopecks", 1), "categoryCodes", "UNKNOWN_CATEGORY", "space"},
			{"unknown region", "", caWith(jetSki(), "regionCodes", []string{"00"}, "feeKopecks", 1), "regionCodes", "UNKNOWN_REGION", "00"},
			{"no audience", "", caWith(jetSki(), "audiences", []string{}, "feeKopecks", 1), "audiences", "NO_AUDIENCE", ""},
			{"negative fee", "", caWith(jetSki(), "feeKopecks", -100), "feeKopecks", "NEGATIVE", ""},
			{"negative processing days", "", caWith(jetSki(), "processingDays", -1, "feeKopecks", 1), "processingDays", "NEGATIVE", ""},
			{"empty name", "en", caWith(jetSki(), "nameRu", "", "feeKopecks", 1), "nameRu", "REQUIRED", "fill in"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := a.postAs(t, a.admin.AccessToken, tt.lang, saveServiceMutation, map[string]any{"in": tt.in})
				if len(r.Errors) > 0 {
					t.Fatalf("errors: %+v", r.Errors)
				}
				var d struct{ SaveService catalogAdminPayload }
				if err := json.Unmarshal(r.Data, &d); err != nil {
					t.Fatal(err)
				}
				p := d.SaveService
				if p.Change != nil {
					t.Errorf("change = %+v, want none", p.Change)
				}
				i := slices.IndexFunc(p.UserErrors, func(e userErr) bool { return e.Field == tt.field && e.Code == tt.code })
				if i < 0 {
					t.Fatalf("userErrors = %+v, want %s on %s", p.UserErrors, tt.code, tt.field)
				}
				if msg := p.UserErrors[i].Message; msg == "" || !strings.Contains(msg, tt.says) {
					t.Errorf("message %q does not say %q", msg, tt.says)
				}
			})
		}
		if got := a.changes(t, nil).TotalCount; got != before {
			t.Errorf("bad inputs recorded %d changes", got-before)
		}
		if got := a.service(t, "", id); got.Fee.Kopecks != 250000 || got.Department.Code != "mchs" {
			t.Errorf("a bad input changed the service: %+v", got)
		}
		if got := a.searchCodes(t, "ru", "гидроцикл"); !slices.Equal(got, []string{"jet-ski-registration"}) {
			t.Errorf("a bad input made a service: %v", got)
		}
	})

	t.Run("offered everywhere once its regions are cleared", func(t *testing.T) {
		p := a.save(t, saveServiceMutation, caWith(jetSki(), "feeKopecks", 250000, "level", "FEDERAL", "regionCodes", []string{},
			"audiences", []string{"INDIVIDUAL", "LEGAL_ENTITY"}, "reason", "по всей стране"))
		if p.Change == nil {
			t.Fatalf("saveService: %+v", p)
		}
		if f := fieldsOf(p.Change); caStr(f["regionCodes"].Old) != "77" || f["regionCodes"].New != nil || caStr(f["audiences"].New) != "INDIVIDUAL, LEGAL_ENTITY" {
			t.Errorf("fields = %+v", p.Change.Fields)
		}
		s := a.service(t, "", id)
		if len(s.Regions) != 0 || !s.Availability.Available || len(s.Audiences) != 2 {
			t.Errorf("service = %+v", s)
		}
	})
}

// TestCatalogAdminOnlyForAdministrators: citizens and officers get
// FORBIDDEN for every save and for the record of changes.
func TestCatalogAdminOnlyForAdministrators(t *testing.T) {
	a := newCatalogAdminApp(t)
	calls := []struct {
		q    string
		vars map[string]any
	}{
		{saveServiceMutation, map[string]any{"in": jetSki()}},
		{saveDepartmentMutation, map[string]any{"in": map[string]any{"code": "gims", "nameRu": "ГИМС", "shortNameRu": "ГИМС", "level": "FEDERAL", "reason": "x"}}},
		{saveCategoryMutation, map[string]any{"in": map[string]any{"code": "water", "nameRu": "Вода", "audiences": []string{"INDIVIDUAL"}, "reason": "x"}}},
		{saveRegionMutation, map[string]any{"in": map[string]any{"code": "77", "nameRu": "Москва!", "reason": "x"}}},
		{catalogChangesQuery, nil},
	}
	for _, who := range []struct {
		name  string
		token string
	}{{"citizen", a.citizen.AccessToken}, {"officer", a.officer.AccessToken}} {
		for _, c := range calls {
			r := a.postAuth(t, who.token, c.q, c.vars)
			if r.code(0) != "FORBIDDEN" {
				t.Errorf("%s ran %.40s…: %+v %s", who.name, c.q, r.Errors, r.Data)
			}
		}
	}
	if r := a.postAuth(t, "", catalogChangesQuery, nil); r.code(0) != "UNAUTHENTICATED" {
		t.Errorf("anonymous catalogChanges: %+v", r.Errors)
	}
	if c := a.changes(t, nil); c.TotalCount != 0 {
		t.Errorf("refused saves were recorded: %+v", c)
	}
	var d struct{ Regions []struct{ Code, Name string } }
	a.query(t, "", `{ regions { code name } }`, nil, &d)
	if i := slices.IndexFunc(d.Regions, func(r struct{ Code, Name string }) bool { return r.Code == "77" }); i < 0 || d.Regions[i].Name == "Москва!" {
		t.Errorf("a refused save changed the region: 77 is %v", caLookup(d.Regions, i))
	}
}

// TestCatalogAdminDepartmentsCategoriesRegions: saves of departments,
// categories and regions show in departments, categories and regions at
// once, and a new service can use them.
func TestCatalogAdminDepartmentsCategoriesRegions(t *testing.T) {
	a := newCatalogAdminApp(t)
	type dep struct {
		Code, Name, ShortName, Level string
		Parent                       *struct{ Code string }
	}
	type cat struct {
		Code, Name string
		Audiences  []string
	}
	type region struct{ Code, Name string }
	var ref struct {
		Departments []dep
		Categories  []cat
		Regions     []region
	}
	read := func(lang string) {
		t.Helper()
		a.query(t, lang, `{ departments { code name shortName level parent { code } } categories { code name audiences } regions { code name } }`, nil, &ref)
	}
	read("") // cached from here on

	p := a.save(t, saveDepartmentMutation, map[string]any{"code": "gims", "nameRu": "Государственная инспекция по маломерным судам",
		"nameEn": "State Small Vessels Inspectorate", "shortNameRu": "ГИМС", "shortNameEn": "GIMS", "level": "FEDERAL", "parentCode": "mchs",
		"reason": "новое ведомство"})
	if p.Change == nil || p.Change.Action != "CREATED" || p.Change.Entity != "DEPARTMENT" {
		t.Fatalf("saveDepartment: %+v", p)
	}
	p = a.save(t, saveCategoryMutation, map[string]any{"code": "water-transport", "nameRu": "Водный транспорт", "nameEn": "Water transport",
		"audiences": []string{"INDIVIDUAL", "LEGAL_ENTITY"}, "reason": "новая категория"})
	if p.Change == nil || p.Change.Action != "CREATED" || p.Change.Entity != "CATEGORY" {
		t.Fatalf("saveCategory: %+v", p)
	}
	p = a.save(t, saveRegionMutation, map[string]any{"code": "77", "nameRu": "город Москва", "reason": "официальное название"})
	if p.Change == nil || p.Change.Action != "UPDATED" || len(p.Change.Fields) != 1 || caStr(p.Change.Fields[0].New) != "город Москва" {
		t.Fatalf("saveRegion: %+v", p)
	}
	p = a.save(t, saveRegionMutation, map[string]any{"code": "99", "nameRu": "г. Байконур", "nameEn": "Baikonur", "reason": "арендуемая территория"})
	if p.Change == nil || p.Change.Action != "CREATED" || p.Change.Entity != "REGION" {
		t.Fatalf("saveRegion: %+v", p)
	}

	read("en")
	i := slices.IndexFunc(ref.Departments, func(d dep) bool { return d.Code == "gims" })
	if i < 0 || ref.Departments[i].Name != "State Small Vessels Inspectorate" || ref.Departments[i].ShortName != "GIMS" ||
		ref.Departments[i].Parent == nil || ref.Departments[i].Parent.Code != "mchs" {
		t.Errorf("departments: gims is %v", caLookup(ref.Departments, i))
	}
	i = slices.IndexFunc(ref.Categories, func(c cat) bool { return c.Code == "water-transport" })
	if i < 0 || ref.Categories[i].Name != "Water transport" || len(ref.Categories[i].Audiences) != 2 {
		t.Errorf("categories: water-transport is %v", caLookup(ref.Categories, i))
	}
	read("")
	if i := slices.IndexFunc(ref.Regions, func(r region) bool { return r.Code == "77" }); i < 0 || ref.Regions[i].Name != "город Москва" {
		t.Errorf("regions: 77 is %v", caLookup(ref.Regions, i))
	}
	if i := slices.IndexFunc(ref.Regions, func(r region) bool { return r.Code == "99" }); i < 0 || ref.Regions[i].Name != "г. Байконур" {
		t.Errorf("regions: 99 is %v", caLookup(ref.Regions, i))
	}

	t.Run("refusals", func(t *testing.T) {
		for _, tt := range []struct {
			name, mutation string
			in             map[string]any
			field, code    string
		}{
			{"department its own parent", saveDepartmentMutation, map[string]any{"code": "gims", "nameRu": "ГИМС", "shortNameRu": "ГИМС",
				"level": "FEDERAL", "parentCode": "gims", "reason": "x"}, "parentCode", "SELF_PARENT"},
			{"department under an unknown one", saveDepartmentMutation, map[string]any{"code": "gims", "nameRu": "ГИМС", "shortNameRu": "ГИМС",
				"level": "FEDERAL", "parentCode": "nobody", "reason": "x"}, "parentCode", "UNKNOWN_DEPARTMENT"},
			{"department under its subordinate", saveDepartmentMutation, map[string]any{"code": "mchs", "nameRu": "МЧС", "shortNameRu": "МЧС",
				"level": "FEDERAL", "parentCode": "gims", "reason": "x"}, "parentCode", "PARENT_CYCLE"},
			{"category for nobody", saveCategoryMutation, map[string]any{"code": "water-transport", "nameRu": "Вода", "audiences": []string{},
				"reason": "x"}, "audiences", "NO_AUDIENCE"},
			{"category without a reason", saveCategoryMutation, map[string]any{"code": "water-transport", "nameRu": "Вода",
				"audiences": []string{"INDIVIDUAL"}, "reason": ""}, "reason", "REQUIRED"},
			{"region by name", saveRegionMutation, map[string]any{"code": "msk", "nameRu": "Москва", "reason": "x"}, "code", "BAD_FORMAT"},
			{"region without a name", saveRegionMutation, map[string]any{"code": "77", "nameRu": " ", "reason": "x"}, "nameRu", "REQUIRED"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				p := a.save(t, tt.mutation, tt.in)
				if p.Change != nil || !slices.ContainsFunc(p.UserErrors, func(e userErr) bool { return e.Field == tt.field && e.Code == tt.code }) {
					t.Errorf("payload = %+v, want %s on %s", p, tt.code, tt.field)
				}
			})
		}
	})

	// A service under the new department and category, in the new region.
	in := caWith(jetSki(), "departmentCode", "gims", "categoryCodes", []string{"water-transport", "transport"}, "regionCodes", []string{"99"})
	if p := a.save(t, saveServiceMutation, in); p.Change == nil {
		t.Fatalf("saveService: %+v", p)
	}
	s := a.service(t, "", a.serviceID(t, "гидроцикл", "jet-ski-registration"))
	if s.Department.Code != "gims" || len(s.Categories) != 2 || len(s.Regions) != 1 || s.Regions[0].Code != "99" {
		t.Errorf("service = %+v", s)
	}
	// Found by its new department's name and its category's too.
	for _, q := range []string{"ГИМС", "водный транспорт"} {
		if got := a.searchCodes(t, "ru", q); !slices.Contains(got, "jet-ski-registration") {
			t.Errorf("search %q = %v", q, got)
		}
	}

	t.Run("the record pages newest first", func(t *testing.T) {
		all := a.changes(t, nil)
		if all.TotalCount != 5 || all.Edges[0].Node.Entity != "SERVICE" || all.Edges[4].Node.Code != "gims" {
			t.Fatalf("catalogChanges = %+v", all)
		}
		var got []string
		var after any
		for page := 0; page < 10; page++ {
			c := a.changes(t, map[string]any{"first": 2, "after": after})
			if c.TotalCount != 5 || c.PageInfo.HasPreviousPage != (after != nil) {
				t.Fatalf("page %d: %+v", page, c)
			}
			for _, e := range c.Edges {
				got = append(got, e.Node.Entity+":"+e.Node.Code)
			}
			if !c.PageInfo.HasNextPage {
				break
			}
			after = *c.PageInfo.EndCursor
		}
		want := []string{"SERVICE:jet-ski-registration", "REGION:99", "REGION:77", "CATEGORY:water-transport", "DEPARTMENT:gims"}
		if !slices.Equal(got, want) {
			t.Errorf("pages = %v, want %v", got, want)
		}
		if c := a.changes(t, map[string]any{"entity": "REGION"}); c.TotalCount != 2 {
			t.Errorf("region changes = %d", c.TotalCount)
		}
		r := a.postAuth(t, a.admin.AccessToken, catalogChangesQuery, map[string]any{"entity": "SPACESHIP"})
		if r.code(0) != "BAD_USER_INPUT" {
			t.Errorf("unknown entity: %+v", r.Errors)
		}
		r = a.postAuth(t, a.admin.AccessToken, catalogChangesQuery, map[string]any{"after": "garbage"})
		if r.code(0) != "BAD_USER_INPUT" {
			t.Errorf("bad cursor: %+v", r.Errors)
		}
	})
}
