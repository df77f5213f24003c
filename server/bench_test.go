package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchQueries are the load command's catalog queries, with a few more
// fields on the list (fee, conditions) and the node query by a service id.
var benchQueries = map[string]string{
	"search":  `{ services(filter:{query:"штрафы", regionCode:"77"}, first:20){ totalCount edges{ node{ id name department{name} categories{name} availability(regionCode:"77"){available} } } } }`,
	"list":    `{ services(filter:{regionCode:"77"}, first:20){ totalCount edges{ node{ id name level mode fee{formatted} department{name} categories{name} availability(regionCode:"77"){available conditions} } } } }`,
	"popular": `{ popularServices(regionCode:"77", first:10){ id name department{name} categories{name} } }`,
	"node":    `query Node($id: ID!){ node(id:$id){ id ... on Service { name description department{name} categories{name} availability(regionCode:"77"){available reason conditions} } } }`,
}

// BenchmarkCatalogQueries serves the load command's catalog queries
// through the whole HTTP handler, without the network, one at a time: the
// time per operation is a request's latency.
//
//	go test ./server -run '^$' -bench CatalogQueries -benchmem
func BenchmarkCatalogQueries(b *testing.B) {
	h, bodies := benchSetup(b)
	for name, body := range bodies {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				serveBench(b, h, body)
			}
		})
	}
}

// BenchmarkCatalogQueriesParallel serves the same queries from 16
// concurrent clients per CPU: the time per operation is the inverse of the
// throughput.
func BenchmarkCatalogQueriesParallel(b *testing.B) {
	h, bodies := benchSetup(b)
	for name, body := range bodies {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					serveBench(b, h, body)
				}
			})
		})
	}
}

func benchSetup(b *testing.B) (http.Handler, map[string][]byte) {
	a := newTestApp(&testing.T{}, "api", nil)
	h := a.Handler()
	var first struct {
		Data struct {
			Services struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	q, _ := json.Marshal(map[string]any{"query": `{ services(filter:{query:"штрафы"}, first:1){ edges{ node{ id } } } }`})
	rec := serveBench(b, h, q)
	if err := json.Unmarshal(rec.Body.Bytes(), &first); err != nil || len(first.Data.Services.Edges) == 0 {
		b.Fatalf("no service id for the node query: %v %s", err, rec.Body)
	}
	bodies := map[string][]byte{}
	for name, q := range benchQueries {
		req := map[string]any{"query": q}
		if name == "node" {
			req["variables"] = map[string]any{"id": first.Data.Services.Edges[0].Node.ID}
		}
		bodies[name], _ = json.Marshal(req)
	}
	return h, bodies
}

func serveBench(b *testing.B, h http.Handler, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	return rec
}
