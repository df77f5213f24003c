package graph

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestWithLanguage(t *testing.T) {
	tests := []struct {
		name, header, want string
	}{
		{"English", "en", "en"},
		{"American English first", "en-US,en;q=0.9", "en"},
		{"British English", "en-GB", "en"},
		{"Russian", "ru", "ru"},
		{"Russian before English", "ru-RU,ru;q=0.9,en;q=0.8", "ru"},
		{"an unsupported language falls back to Russian", "de", "ru"},
		{"no header means Russian", "", "ru"},
		{"English preferred over an unsupported first choice", "fr;q=1, en;q=0.5", "en"},
		{"English weighted above Russian", "ru;q=0.3, en;q=0.7", "en"},
		{"any language means Russian", "*", "ru"},
		{"a malformed header means Russian", ";;;q=x", "ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			h := WithLanguage(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = Lang(r.Context())
			}))
			req := httptest.NewRequest(http.MethodGet, "/graphql", nil)
			if tt.header != "" {
				req.Header.Set("Accept-Language", tt.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if got != tt.want {
				t.Errorf("Accept-Language %q picked %q, want %q", tt.header, got, tt.want)
			}
			if cl := rec.Header().Get("Content-Language"); cl != tt.want {
				t.Errorf("Content-Language %q, want %q", cl, tt.want)
			}
			if v := rec.Header().Get("Vary"); v != "Accept-Language" {
				t.Errorf("Vary %q: caches would mix the languages", v)
			}
		})
	}
}

func TestLang(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"Russian without a language", context.Background(), "ru"},
		{"English", ContextWithLang(context.Background(), "en"), "en"},
		{"English in capitals", ContextWithLang(context.Background(), "EN"), "en"},
		{"Russian", ContextWithLang(context.Background(), "ru"), "ru"},
		{"anything else is Russian", ContextWithLang(context.Background(), "de"), "ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Lang(tt.ctx); got != tt.want {
				t.Errorf("Lang = %q, want %q", got, tt.want)
			}
		})
	}
}
