package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// postRaw sends body as it is to /graphql. With chunked the length is not
// announced, as a client streaming its body does, so only reading it can
// tell how big it is.
func (a *testApp) postRaw(t *testing.T, lang string, body []byte, chunked bool) *gqlResponse {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	if chunked {
		r = io.MultiReader(r) // hides the length from http.NewRequest
	}
	req, err := http.NewRequest(http.MethodPost, a.URL+"/graphql", r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	return a.do(t, req)
}

// stillServes checks that the server answers an ordinary query, so a
// refused attack left nothing broken behind it.
func (a *testApp) stillServes(t *testing.T) {
	t.Helper()
	var d struct{ Regions []struct{ Code string } }
	a.query(t, "", `query StillServes { regions { code } }`, nil, &d)
	if len(d.Regions) != 85 {
		t.Fatalf("after the refusal the server answered %d regions, want 85", len(d.Regions))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// nested returns open, then n copies of step wrapped around leaf, closed.
func nested(step, leaf string, n int) string {
	return strings.Repeat(step+" { ", n) + leaf + strings.Repeat(" }", n)
}

// serviceFields asks for every field of a service, nested objects included.
const serviceFields = `id code name description level mode audiences minTier excludesMailConfirmation
  feeNote processingDays fee { kopecks formatted }
  department { id code name shortName level parent { id code name shortName level } }
  categories { id code name audiences }
  lifeSituations { id code name description }
  regions { id code name }
  municipalities { id oktmo name region { id code name } }
  availability(regionCode: "77") { regionCode available reason conditions }`

// chainedFragments is a query whose fragment Fi spreads F(i+1) fan times,
// levels deep: written small, it expands to fan^levels selections.
func chainedFragments(levels, fan int) string {
	var b strings.Builder
	b.WriteString("query FanOut { ...F0 }\n")
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on Query { %s}\n", i, strings.Repeat(fmt.Sprintf("...F%d ", i+1), fan))
	}
	fmt.Fprintf(&b, "fragment F%d on Query { regions { code } }\n", levels)
	return b.String()
}

func TestQueryLimitsRefuseAbuse(t *testing.T) {
	a := newTestApp(t, "api", nil)

	query := func(q string) func(t *testing.T) []byte {
		return func(t *testing.T) []byte { return mustJSON(t, map[string]any{"query": q}) }
	}
	var fragmentChain strings.Builder
	fragmentChain.WriteString(`query Chain { node(id: "RGVwYXJ0bWVudDox") { ...D1 } }` + "\n")
	for i := 1; i < 20; i++ {
		fmt.Fprintf(&fragmentChain, "fragment D%d on Department { parent { ...D%d } }\n", i, i+1)
	}
	fragmentChain.WriteString("fragment D20 on Department { id }\n")

	aliases := make([]string, 200)
	for i := range aliases {
		aliases[i] = fmt.Sprintf("a%d: services(first: 100) { totalCount }", i)
	}

	tests := []struct {
		name    string
		lang    string
		body    func(t *testing.T) []byte
		chunked bool
		status  int    // the HTTP status wanted; 0 for any
		code    string // extensions.code of the first error
		message string // a part of its message
	}{
		{
			name:    "20 levels through inline fragments are too deep",
			body:    query(`{ node(id: "RGVwYXJ0bWVudDox") { ... on Department { ` + nested("parent", "id", 19) + ` } } }`),
			code:    "QUERY_TOO_DEEP",
			message: "Запрос слишком глубокий: не больше 12 уровней",
		},
		{
			name:    "20 levels through named fragments are too deep",
			body:    query(fragmentChain.String()),
			code:    "QUERY_TOO_DEEP",
			message: "Запрос слишком глубокий",
		},
		{
			name:    "the depth error speaks English on request",
			lang:    "en",
			body:    query(`{ node(id: "RGVwYXJ0bWVudDox") { ... on Department { ` + nested("parent", "id", 19) + ` } } }`),
			code:    "QUERY_TOO_DEEP",
			message: "the query is nested too deeply: at most 12 levels",
		},
		{
			name:    "a query nested 5000 deep is refused without parsing it whole",
			body:    query("{ " + nested("a", "b", 5000) + " }"),
			code:    "QUERY_TOO_DEEP",
			message: "Запрос слишком глубокий: не больше 12 уровней",
		},
		{
			name:    "a query nested 100000 deep is refused before the parser sees it",
			body:    query("{ " + nested("a", "b", 100000) + " }"),
			code:    "QUERY_TOO_COMPLEX",
			message: "Текст запроса слишком длинный: не больше 65536 байт",
		},
		{
			name:    "a full page of 100 services with every field is over the complexity budget",
			body:    query(`{ services(first: 100) { totalCount edges { cursor node { ` + serviceFields + ` } } } }`),
			code:    "COMPLEXITY_LIMIT_EXCEEDED",
			message: "Запрос слишком сложный",
		},
		{
			name:    "100 popular services with every field are over the complexity budget",
			lang:    "en",
			body:    query(`{ popularServices(first: 100) { ` + serviceFields + ` } }`),
			code:    "COMPLEXITY_LIMIT_EXCEEDED",
			message: "over the limit of 5000; ask for fewer fields or a smaller page",
		},
		{
			name:    "200 aliases of a page of services",
			body:    query("{ " + strings.Join(aliases, "\n") + " }"),
			code:    "TOO_MANY_ALIASES",
			message: "В запросе слишком много псевдонимов: не больше 30",
		},
		{
			name:    "aliases in English",
			lang:    "en",
			body:    query("{ " + strings.Join(aliases, "\n") + " }"),
			code:    "TOO_MANY_ALIASES",
			message: "the query has too many aliases: at most 30",
		},
		{
			name:    "8000 duplicated fields",
			body:    query(`{ regions { ` + strings.Repeat("code ", 8000) + `} }`),
			code:    "QUERY_TOO_COMPLEX",
			message: "Запрос слишком большой",
		},
		{
			name:    "600 duplicated fields within the token limit",
			body:    query(`{ regions { ` + strings.Repeat("code ", 600) + `} }`),
			code:    "QUERY_TOO_COMPLEX",
			message: "В запросе слишком много полей: не больше 500",
		},
		{
			name:    "@include repeated 1000 times",
			body:    query(`{ regions { code ` + strings.Repeat("@include(if: true) ", 1000) + `} }`),
			code:    "QUERY_TOO_COMPLEX",
			message: "Запрос слишком большой",
		},
		{
			name:    "@include repeated 60 times within the token limit",
			lang:    "en",
			body:    query(`{ regions { code ` + strings.Repeat("@include(if: true) ", 60) + `} }`),
			code:    "QUERY_TOO_COMPLEX",
			message: "the query has too many directives: at most 50",
		},
		{
			name: "fragments spreading each other in a circle fail validation",
			body: query(`query Circle { node(id: "RGVwYXJ0bWVudDox") { ...A } }
				fragment A on Department { parent { ...B } }
				fragment B on Department { parent { ...A } }`),
			code:    "GRAPHQL_VALIDATION_FAILED",
			message: `Cannot spread fragment "A" within itself via "B"`,
		},
		{
			name:    "a fragment spreading itself fails validation",
			body:    query(`query Self { ...A } fragment A on Query { regions { code } ...A }`),
			code:    "GRAPHQL_VALIDATION_FAILED",
			message: `Cannot spread fragment "A" within itself`,
		},
		{
			name:    "fragments A, B, C each spreading the next 10 times",
			body:    query(chainedFragments(3, 10)),
			code:    "QUERY_TOO_COMPLEX",
			message: "В запросе слишком много полей",
		},
		{
			name:    "40 fragments each spreading the next 10 times",
			body:    query(chainedFragments(40, 10)),
			code:    "QUERY_TOO_COMPLEX",
			message: "В запросе слишком много полей",
		},
		{
			name:    "40 fragments in a circle each spreading the next 10 times fail validation",
			body:    query(strings.Replace(chainedFragments(40, 10), "regions { code }", "...F0", 1)),
			code:    "GRAPHQL_VALIDATION_FAILED",
			message: "Cannot spread fragment",
		},
		{
			name:    "a body over 1 MiB",
			body:    query(`{ regions { code } } # ` + strings.Repeat("x", 1<<20)),
			status:  http.StatusRequestEntityTooLarge,
			code:    "BODY_TOO_LARGE",
			message: "Тело запроса слишком большое",
		},
		{
			name:    "a body over 1 MiB sent without its length",
			lang:    "en",
			body:    query(`{ regions { code } } # ` + strings.Repeat("x", 1<<20)),
			chunked: true,
			status:  http.StatusRequestEntityTooLarge,
			code:    "BODY_TOO_LARGE",
			message: "request body too large",
		},
		{
			name: "2 MB of variables",
			body: func(t *testing.T) []byte {
				return mustJSON(t, map[string]any{
					"query":     `query Search($f: ServiceFilter) { services(filter: $f) { totalCount } }`,
					"variables": map[string]any{"f": map[string]any{"query": strings.Repeat("x", 2<<20)}},
				})
			},
			status: http.StatusRequestEntityTooLarge,
			code:   "BODY_TOO_LARGE",
		},
		{
			name: "a search of 10000 characters",
			body: func(t *testing.T) []byte {
				return mustJSON(t, map[string]any{
					"query":     `query Search($f: ServiceFilter) { services(filter: $f) { totalCount } }`,
					"variables": map[string]any{"f": map[string]any{"query": strings.Repeat("я", 10000)}},
				})
			},
			code:    "BAD_USER_INPUT",
			message: "Поисковый запрос длиннее 200 символов: сократите его",
		},
		{
			name: "a search of 10000 characters in English",
			lang: "en",
			body: func(t *testing.T) []byte {
				return mustJSON(t, map[string]any{
					"query":     `query Search($f: ServiceFilter) { services(filter: $f) { totalCount } }`,
					"variables": map[string]any{"f": map[string]any{"query": strings.Repeat("a", 10000)}},
				})
			},
			code:    "BAD_USER_INPUT",
			message: "shorten it",
		},
		{
			name: "a batch of 100 operations",
			body: func(t *testing.T) []byte {
				ops := make([]map[string]any, 100)
				for i := range ops {
					ops[i] = map[string]any{"query": `{ regions { code } }`}
				}
				return mustJSON(t, ops)
			},
			status:  http.StatusBadRequest,
			code:    "BATCHING_NOT_SUPPORTED",
			message: "Пакетные запросы не поддерживаются",
		},
		{
			name: "a batch in English",
			lang: "en",
			body: func(t *testing.T) []byte {
				return []byte(` [{"query":"{ regions { code } }"},{"query":"{ departments { code } }"}]`)
			},
			status:  http.StatusBadRequest,
			code:    "BATCHING_NOT_SUPPORTED",
			message: "batched requests are not supported",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.postRaw(t, tt.lang, tt.body(t), tt.chunked)
			if tt.status != 0 && r.status != tt.status {
				t.Errorf("HTTP status %d, want %d", r.status, tt.status)
			}
			if len(r.Errors) == 0 {
				t.Fatalf("no error; data %.200s", r.Data)
			}
			if got := r.code(0); got != tt.code {
				t.Errorf("code %q (%.300s), want %q", got, r.Errors[0].Message, tt.code)
			}
			switch tt.code {
			case "QUERY_TOO_DEEP", "TOO_MANY_ALIASES", "QUERY_TOO_COMPLEX", "COMPLEXITY_LIMIT_EXCEEDED", "BODY_TOO_LARGE":
				if limit, _ := r.Errors[0].Extensions["limit"].(float64); limit <= 0 {
					t.Errorf("extensions %v lack the limit", r.Errors[0].Extensions)
				}
			}
			if msg := r.Errors[0].Message; !strings.Contains(msg, tt.message) {
				t.Errorf("message %.300q lacks %q", msg, tt.message)
			}
			if len(r.Errors[0].Message) > 1000 {
				t.Errorf("a %d-byte message echoes the request back", len(r.Errors[0].Message))
			}
			if r.Data != nil && string(r.Data) != "null" {
				t.Errorf("a refused request ran: data %.200s", r.Data)
			}
			a.stillServes(t)
		})
	}

	t.Run("the same fields on a page of 20 services are within budget", func(t *testing.T) {
		var d struct {
			Services struct {
				Edges []struct{ Node struct{ Code string } }
			}
		}
		a.query(t, "", `{ services(first: 20) { totalCount edges { cursor node { `+serviceFields+` } } } }`, nil, &d)
		if len(d.Services.Edges) != 20 {
			t.Errorf("%d services, want 20", len(d.Services.Edges))
		}
	})
	t.Run("a fragment used twice is fine", func(t *testing.T) {
		var d struct {
			Services struct {
				Edges []struct{ Node struct{ Code string } }
			}
			PopularServices []struct{ Code string }
		}
		a.query(t, "", `query Twice { services(first: 5) { edges { node { ...Card } } } popularServices(first: 5) { ...Card } }
			fragment Card on Service { id code name fee { formatted } department { shortName } }`, nil, &d)
		if len(d.Services.Edges) != 5 || len(d.PopularServices) == 0 {
			t.Errorf("got %d services and %d popular ones", len(d.Services.Edges), len(d.PopularServices))
		}
	})
	t.Run("12 levels are allowed", func(t *testing.T) {
		var d struct{ Node struct{ ID string } }
		a.query(t, "", `{ node(id: "RGVwYXJ0bWVudDox") { ... on Department { `+nested("parent", "id", 10)+` } } }`, nil, &d)
	})
}

func TestIntrospection(t *testing.T) {
	t.Run("on by default", func(t *testing.T) {
		a := newTestApp(t, "api", nil)
		var d struct {
			Schema struct{ QueryType struct{ Name string } } `json:"__schema"`
		}
		a.query(t, "", `{ __schema { queryType { name } } }`, nil, &d)
		if d.Schema.QueryType.Name != "Query" {
			t.Errorf("query type %q", d.Schema.QueryType.Name)
		}
		r := a.post(t, "", map[string]any{"query": `{ regoins { code } }`})
		if len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, `Did you mean "regions"?`) {
			t.Errorf("a misspelled field with introspection on: %+v, want a suggestion", r.Errors)
		}
	})

	a := newTestApp(t, "api", func(c *Config) { c.Introspection = false })
	tests := []struct {
		name, query, code, message string
	}{
		{"__schema is refused", `{ __schema { types { name } } }`, "INTROSPECTION_DISABLED", "Интроспекция схемы отключена"},
		{"__type is refused", `{ __type(name: "Service") { fields { name } } }`, "INTROSPECTION_DISABLED", "Интроспекция схемы отключена"},
		{"a misspelled field gets no suggestion", `{ regoins { code } }`, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "regoins" on type "Query".`},
		{"a misspelled subfield gets no suggestion", `{ regions { cod } }`, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "cod" on type "Region".`},
	}
	for _, tt := range tests {
		t.Run("off: "+tt.name, func(t *testing.T) {
			r := a.post(t, "", map[string]any{"query": tt.query})
			if len(r.Errors) == 0 {
				t.Fatalf("no error; data %s", r.Data)
			}
			if tt.code != "" && r.code(0) != tt.code {
				t.Errorf("code %q, want %q", r.code(0), tt.code)
			}
			for _, e := range r.Errors {
				if strings.Contains(e.Message, "Did you mean") {
					t.Errorf("with introspection off the error suggests: %q", e.Message)
				}
			}
			if !strings.Contains(r.Errors[0].Message, tt.message) {
				t.Errorf("message %q lacks %q", r.Errors[0].Message, tt.message)
			}
			a.stillServes(t)
		})
	}
}
