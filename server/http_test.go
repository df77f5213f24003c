package main

import (
	"net/http"
	"testing"
)

func TestCORSAndSecurityHeaders(t *testing.T) {
	a := newTestApp(t, "api", func(c *Config) { c.CORSOrigins = []string{"https://uslugi.example"} })
	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, a.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	tests := []struct {
		name, origin string
		allowed      bool
	}{
		{"a configured origin", "https://uslugi.example", true},
		{"any other origin", "https://evil.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := preflight(tt.origin).Header.Get("Access-Control-Allow-Origin")
			if (got == tt.origin) != tt.allowed {
				t.Errorf("Access-Control-Allow-Origin = %q", got)
			}
		})
	}
	resp, err := http.Get(a.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}
