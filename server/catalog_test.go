package main

import (
	"slices"
	"strings"
	"testing"
)

type svc struct {
	ID           string
	Code         string
	Name         string
	Level        string
	Mode         string
	MinTier      string
	Department   struct{ Code string }
	Availability *struct {
		Available  bool
		Reason     *string
		Conditions *string
	}
}

type svcConn struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage     bool
		HasPreviousPage bool
		EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   svc
	}
}

func (c svcConn) codes() []string {
	var out []string
	for _, e := range c.Edges {
		out = append(out, e.Node.Code)
	}
	return out
}

const servicesQuery = `query Services($f: ServiceFilter, $first: Int, $after: String, $region: String!) {
  services(filter: $f, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id code name level mode minTier department { code }
      availability(regionCode: $region) { available reason conditions } } }
  }
}`

func (a *testApp) services(t *testing.T, lang string, filter map[string]any, first int, after *string) svcConn {
	t.Helper()
	var d struct{ Services svcConn }
	region := "77"
	if r, ok := filter["regionCode"].(string); ok {
		region = r
	}
	vars := map[string]any{"f": filter, "first": first, "region": region}
	if after != nil {
		vars["after"] = *after
	}
	a.query(t, lang, servicesQuery, vars, &d)
	return d.Services
}

func TestCatalogReferenceData(t *testing.T) {
	a := newTestApp(t, "api", nil)
	var d struct {
		Ind            []struct{ Code, Name string } `json:"ind"`
		Leg            []struct{ Code string }       `json:"leg"`
		Regions        []struct{ Code, Name string }
		Departments    []struct{ Code string }
		LifeSituations []struct{ Code, Name string }
		Municipalities []struct {
			Oktmo  string
			Region struct{ Code string }
		}
	}
	a.query(t, "", `{
	  ind: categories(audience: INDIVIDUAL) { code name }
	  leg: categories(audience: LEGAL_ENTITY) { code }
	  regions { code name }
	  departments { code }
	  lifeSituations { code name }
	  municipalities(region: "16") { oktmo region { code } }
	}`, nil, &d)
	if len(d.Ind) != 20 || len(d.Leg) != 22 {
		t.Errorf("categories: %d for individuals, %d for legal entities; want 20 and 22", len(d.Ind), len(d.Leg))
	}
	if len(d.Regions) != 85 {
		t.Errorf("regions: %d, want all 85 federal subjects", len(d.Regions))
	}
	if d.Ind[0].Name != "Гражданство, регистрация, визы" {
		t.Errorf("first category in Russian = %q", d.Ind[0].Name)
	}
	for _, want := range []string{"mvd", "gibdd", "fns", "sfr", "fssp", "rosreestr", "minzdrav", "zags", "municipal_administration"} {
		if !slices.ContainsFunc(d.Departments, func(x struct{ Code string }) bool { return x.Code == want }) {
			t.Errorf("department %s is missing", want)
		}
	}
	if len(d.Municipalities) == 0 {
		t.Error("no municipalities in Tatarstan")
	}
	for _, m := range d.Municipalities {
		if m.Region.Code != "16" {
			t.Errorf("municipality %s of region %s listed under 16", m.Oktmo, m.Region.Code)
		}
	}

	var en struct {
		Categories []struct{ Name string }
		Regions    []struct{ Code, Name string }
	}
	a.query(t, "en-US,en;q=0.9", `{ categories(audience: INDIVIDUAL) { name } regions { code name } }`, nil, &en)
	if en.Categories[0].Name != "Citizenship, registration, visas" {
		t.Errorf("first category in English = %q", en.Categories[0].Name)
	}
}

func TestCatalogSearch(t *testing.T) {
	a := newTestApp(t, "api", nil)
	tests := []struct {
		name, lang, query, want string
	}{
		{"Russian plural finds the singular by stem", "ru", "штрафы", "gibdd_fines"},
		{"Russian genitive", "ru", "штрафов ГИБДД", "gibdd_fines"},
		{"Russian partial words while typing", "ru", "загранич пасп", "foreign_passport"},
		{"English plural", "en", "fines", "gibdd_fines"},
		{"English stem", "en", "passports", "foreign_passport"},
		{"Russian search for a department finds its services", "ru", "налоговая задолженность", "fns_tax_debts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := a.services(t, tt.lang, map[string]any{"query": tt.query}, 5, nil)
			if len(c.Edges) == 0 || !slices.Contains(c.codes(), tt.want) {
				t.Fatalf("search %q (%s) = %v, want %s among the first", tt.query, tt.lang, c.codes(), tt.want)
			}
		})
	}
	t.Run("the best match ranks first", func(t *testing.T) {
		c := a.services(t, "ru", map[string]any{"query": "штрафы"}, 5, nil)
		if c.Edges[0].Node.Code != "gibdd_fines" {
			t.Errorf("first result for штрафы = %s", c.Edges[0].Node.Code)
		}
	})
	t.Run("a query matching nothing is empty", func(t *testing.T) {
		c := a.services(t, "ru", map[string]any{"query": "абырвалг"}, 5, nil)
		if c.TotalCount != 0 || len(c.Edges) != 0 {
			t.Errorf("got %v", c.codes())
		}
	})
	t.Run("punctuation alone finds nothing and breaks nothing", func(t *testing.T) {
		c := a.services(t, "ru", map[string]any{"query": `"*:() OR AND`}, 5, nil)
		_ = c
	})
	t.Run("too long a query is refused with a message", func(t *testing.T) {
		r := a.post(t, "en", map[string]any{"query": `query($q: String) { services(filter: {query: $q}) { totalCount } }`,
			"variables": map[string]any{"q": strings.Repeat("штраф ", 100)}})
		if r.code(0) != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "shorten") {
			t.Errorf("got %+v", r.Errors)
		}
	})
}

func TestCatalogFiltersAndPagination(t *testing.T) {
	a := newTestApp(t, "api", nil)
	all := a.services(t, "", nil, 100, nil)
	if all.TotalCount < 60 {
		t.Fatalf("catalog has %d services, want at least 60", all.TotalCount)
	}
	if all.Edges[0].Node.Code != "gibdd_fines" {
		t.Errorf("without a query services are by popularity; first = %s", all.Edges[0].Node.Code)
	}

	t.Run("pages do not overlap and cover everything", func(t *testing.T) {
		var seen []string
		var after *string
		for page := 0; ; page++ {
			c := a.services(t, "", nil, 7, after)
			if page > 0 && !c.PageInfo.HasPreviousPage {
				t.Error("a later page says it has no previous page")
			}
			for _, code := range c.codes() {
				if slices.Contains(seen, code) {
					t.Fatalf("service %s on two pages", code)
				}
				seen = append(seen, code)
			}
			if !c.PageInfo.HasNextPage {
				break
			}
			after = c.PageInfo.EndCursor
		}
		if len(seen) != all.TotalCount {
			t.Errorf("paged through %d services, total says %d", len(seen), all.TotalCount)
		}
	})

	t.Run("filters", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			filter map[string]any
			check  func(svc) bool
		}{
			{"municipal level", map[string]any{"level": "MUNICIPAL"}, func(s svc) bool { return s.Level == "MUNICIPAL" }},
			{"fully online", map[string]any{"mode": "FULLY_ONLINE"}, func(s svc) bool { return s.Mode == "FULLY_ONLINE" }},
		} {
			t.Run(tt.name, func(t *testing.T) {
				c := a.services(t, "", tt.filter, 100, nil)
				if c.TotalCount == 0 {
					t.Fatal("nothing matched")
				}
				for _, e := range c.Edges {
					if !tt.check(e.Node) {
						t.Errorf("%s does not fit the filter", e.Node.Code)
					}
				}
			})
		}
	})

	t.Run("by department, category and life situation ids", func(t *testing.T) {
		var d struct {
			Departments    []struct{ ID, Code string }
			Categories     []struct{ ID, Code string }
			LifeSituations []struct{ ID, Code string }
		}
		a.query(t, "", `{ departments { id code } categories { id code } lifeSituations { id code } }`, nil, &d)
		find := func(list []struct{ ID, Code string }, code string) string {
			for _, x := range list {
				if x.Code == code {
					return x.ID
				}
			}
			t.Fatalf("%s not found", code)
			return ""
		}
		c := a.services(t, "", map[string]any{"departmentId": find(d.Departments, "gibdd")}, 100, nil)
		if !slices.Contains(c.codes(), "gibdd_fines") {
			t.Errorf("GIBDD's services lack the fines: %v", c.codes())
		}
		for _, e := range c.Edges {
			if e.Node.Department.Code != "gibdd" {
				t.Errorf("%s is of %s", e.Node.Code, e.Node.Department.Code)
			}
		}
		c = a.services(t, "", map[string]any{"categoryId": find(d.Categories, "taxes")}, 100, nil)
		if !slices.Contains(c.codes(), "fns_tax_debts") {
			t.Errorf("taxes category lacks the tax debts: %v", c.codes())
		}
		c = a.services(t, "", map[string]any{"lifeSituationId": find(d.LifeSituations, "birth")}, 100, nil)
		if !slices.Contains(c.codes(), "birth_registration") {
			t.Errorf("birth of a child lacks birth registration: %v", c.codes())
		}
		c = a.services(t, "", map[string]any{"audience": "LEGAL_ENTITY"}, 100, nil)
		if c.TotalCount == 0 || c.TotalCount == all.TotalCount {
			t.Errorf("legal-entity services: %d of %d", c.TotalCount, all.TotalCount)
		}
	})

	t.Run("a region keeps what is offered there and marks the rest", func(t *testing.T) {
		// Chukotka (87) has no municipality offering kindergarten enrolment here.
		c := a.services(t, "", map[string]any{"regionCode": "87"}, 100, nil)
		if slices.Contains(c.codes(), "kindergarten_enrolment") {
			t.Error("a municipal service of other regions is listed for Chukotka")
		}
		if !slices.Contains(c.codes(), "foreign_passport") {
			t.Error("a federal service is missing in Chukotka")
		}
		c = a.services(t, "en", map[string]any{"regionCode": "87", "includeUnavailable": true}, 100, nil)
		if c.TotalCount != all.TotalCount {
			t.Errorf("with unavailable ones: %d of %d", c.TotalCount, all.TotalCount)
		}
		firstUnavailable := -1
		for i, e := range c.Edges {
			if e.Node.Code == "kindergarten_enrolment" {
				if e.Node.Availability.Available || e.Node.Availability.Reason == nil || !strings.Contains(*e.Node.Availability.Reason, "municipalities") {
					t.Errorf("kindergarten in Chukotka: %+v", e.Node.Availability)
				}
			}
			if !e.Node.Availability.Available && firstUnavailable < 0 {
				firstUnavailable = i
			}
			if e.Node.Availability.Available && firstUnavailable >= 0 {
				t.Errorf("available %s listed after unavailable ones", e.Node.Code)
			}
		}
	})

	t.Run("regional conditions", func(t *testing.T) {
		c := a.services(t, "ru", map[string]any{"regionCode": "77", "query": "запись к врачу"}, 5, nil)
		if len(c.Edges) == 0 || c.Edges[0].Node.Code != "doctor_appointment" {
			t.Fatalf("got %v", c.codes())
		}
		av := c.Edges[0].Node.Availability
		if !av.Available || av.Conditions == nil || *av.Conditions == "" {
			t.Errorf("doctor appointment in Moscow: %+v", av)
		}
	})

	t.Run("bad input says what to fix", func(t *testing.T) {
		for _, tt := range []struct {
			name, q, field string
		}{
			{"unknown region", `{ services(filter: {regionCode: "99"}) { totalCount } }`, "regionCode"},
			{"malformed category id", `{ services(filter: {categoryId: "nope"}) { totalCount } }`, "categoryId"},
			{"page too large", `{ services(first: 1000) { totalCount } }`, "first"},
			{"bad cursor", `{ services(after: "xyz") { totalCount } }`, "after"},
			{"unknown region for municipalities", `{ municipalities(region: "00") { oktmo } }`, "region"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := a.post(t, "", map[string]any{"query": tt.q})
				if r.code(0) != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != tt.field {
					t.Errorf("got %+v", r.Errors)
				}
			})
		}
	})
}

func TestNodeAndService(t *testing.T) {
	a := newTestApp(t, "api", nil)
	var d struct {
		PopularServices []svc
	}
	a.query(t, "", `{ popularServices(regionCode: "16", first: 3) { id code } }`, nil, &d)
	if len(d.PopularServices) != 3 || d.PopularServices[0].Code != "gibdd_fines" {
		t.Fatalf("popular services: %+v", d.PopularServices)
	}
	id := d.PopularServices[0].ID

	var n struct {
		Node  *struct{ Typename, Code, Name string } `json:"node"`
		Nodes []*struct{ Code string }
		S     *struct {
			Code       string
			Fee        struct{ Kopecks int }
			Categories []struct{ Code string }
		} `json:"s"`
		Missing *struct{ Code string } `json:"missing"`
	}
	missing := "U2VydmljZTo5OTk5OTk" // Service:999999
	a.query(t, "en", `query($id: ID!, $missing: ID!) {
	  node(id: $id) { Typename: __typename ... on Service { code name } }
	  nodes(ids: [$id, $missing]) { ... on Service { code } }
	  s: service(id: $id) { code fee { kopecks } categories { code } }
	  missing: service(id: $missing) { code }
	}`, map[string]any{"id": id, "missing": missing}, &n)
	if n.Node == nil || n.Node.Typename != "Service" || n.Node.Code != "gibdd_fines" || !strings.Contains(strings.ToLower(n.Node.Name), "fines") {
		t.Errorf("node = %+v", n.Node)
	}
	if len(n.Nodes) != 2 || n.Nodes[0] == nil || n.Nodes[1] != nil {
		t.Errorf("nodes = %+v, want the service and null", n.Nodes)
	}
	if n.S == nil || len(n.S.Categories) == 0 {
		t.Errorf("service = %+v", n.S)
	}
	if n.Missing != nil {
		t.Error("an unknown service is not null")
	}

	r := a.post(t, "", map[string]any{"query": `{ node(id: "garbage!") { id } }`})
	if r.code(0) != "BAD_USER_INPUT" {
		t.Errorf("malformed id: %+v", r.Errors)
	}
}
