package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCatalogQueries serves the load command's catalog queries
// through the whole HTTP handler, without the network:
//
//	go test ./server -run '^$' -bench CatalogQueries -benchmem
func BenchmarkCatalogQueries(b *testing.B) {
	a := newTestApp(&testing.T{}, "api", nil)
	queries := map[string]string{
		"search":  `{ services(filter:{query:"штрафы", regionCode:"77"}, first:20){ totalCount edges{ node{ id name department{name} categories{name} availability(regionCode:"77"){available} } } } }`,
		"list":    `{ services(filter:{regionCode:"77"}, first:20){ totalCount edges{ node{ id name level mode fee{formatted} department{name} categories{name} availability(regionCode:"77"){available conditions} } } } }`,
		"popular": `{ popularServices(regionCode:"77", first:10){ id name department{name} } }`,
	}
	for name, q := range queries {
		body, _ := json.Marshal(map[string]any{"query": q})
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
