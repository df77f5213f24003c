package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func sha256Hex(s string) string {
	b := sha256.Sum256([]byte(s))
	return hex.EncodeToString(b[:])
}

func persisted(hash string) map[string]any {
	return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
}

// apqGet sends an APQ request over GET; query may be empty.
func (a *testApp) apqGet(t *testing.T, query, hash string) *gqlResponse {
	t.Helper()
	ext, err := json.Marshal(persisted(hash))
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{"extensions": {string(ext)}}
	if query != "" {
		v.Set("query", query)
	}
	req, err := http.NewRequest(http.MethodGet, a.URL+"/graphql?"+v.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return a.do(t, req)
}

// peer starts a second API process with a's configuration: the same
// database and the same Redis, as a second node behind a load balancer.
func (a *testApp) peer(t *testing.T) *testApp {
	t.Helper()
	app, err := NewApp(context.Background(), a.App.cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(func() {
		srv.Close()
		app.Close()
	})
	return &testApp{App: app, URL: srv.URL}
}

func wantRegions(t *testing.T, r *gqlResponse) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	var d struct{ Regions []struct{ Code string } }
	if err := json.Unmarshal(r.Data, &d); err != nil || len(d.Regions) != 85 {
		t.Fatalf("data %.200s (%v), want 85 regions", r.Data, err)
	}
}

func wantError(t *testing.T, r *gqlResponse, code, message string) {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("no error; data %.200s", r.Data)
	}
	if r.code(0) != code || !strings.Contains(r.Errors[0].Message, message) {
		t.Errorf("error %q %q, want %q with %q", r.code(0), r.Errors[0].Message, code, message)
	}
}

func TestAutomaticPersistedQueries(t *testing.T) {
	a := newTestApp(t, "api", nil)

	t.Run("POST round trip", func(t *testing.T) {
		q := `query APQPost { regions { code } }`
		h := sha256Hex(q)
		// The hash alone is unknown at first: the client must send the query.
		r := a.post(t, "", map[string]any{"extensions": persisted(h)})
		wantError(t, r, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
		wantRegions(t, a.post(t, "", map[string]any{"query": q, "extensions": persisted(h)}))
		wantRegions(t, a.post(t, "", map[string]any{"extensions": persisted(h)}))
		a.stillServes(t)
	})

	t.Run("GET round trip", func(t *testing.T) {
		q := `query APQGet { regions { code } }`
		h := sha256Hex(q)
		wantError(t, a.apqGet(t, "", h), "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
		wantRegions(t, a.apqGet(t, q, h))
		wantRegions(t, a.apqGet(t, "", h))
	})

	t.Run("a query registered over POST is found over GET", func(t *testing.T) {
		q := `query APQBoth { regions { code } }`
		h := sha256Hex(q)
		wantRegions(t, a.post(t, "", map[string]any{"query": q, "extensions": persisted(h)}))
		wantRegions(t, a.apqGet(t, "", h))
	})

	t.Run("a hash that is not the query's is refused and not stored", func(t *testing.T) {
		q := `query APQWrong { regions { code } }`
		wrong := sha256Hex("something else")
		r := a.post(t, "", map[string]any{"query": q, "extensions": persisted(wrong)})
		wantError(t, r, "BAD_USER_INPUT", "provided APQ hash does not match query")
		if r.Data != nil && string(r.Data) != "null" {
			t.Errorf("the query ran under a wrong hash: %s", r.Data)
		}
		r = a.post(t, "", map[string]any{"extensions": persisted(wrong)})
		wantError(t, r, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
		a.stillServes(t)
	})

	t.Run("an unsupported version is refused", func(t *testing.T) {
		q := `{ regions { code } }`
		ext := map[string]any{"persistedQuery": map[string]any{"version": 2, "sha256Hash": sha256Hex(q)}}
		wantError(t, a.post(t, "", map[string]any{"query": q, "extensions": ext}), "BAD_USER_INPUT", "unsupported APQ version")
		a.stillServes(t)
	})

	t.Run("the limits apply to the query a hash stands for", func(t *testing.T) {
		q := `{ node(id: "RGVwYXJ0bWVudDox") { ... on Department { ` + nested("parent", "id", 19) + ` } } }`
		h := sha256Hex(q)
		wantError(t, a.post(t, "", map[string]any{"query": q, "extensions": persisted(h)}), "QUERY_TOO_DEEP", "Запрос слишком глубокий")
		// Stored before the limits refused it, it is still refused by hash.
		wantError(t, a.post(t, "en", map[string]any{"extensions": persisted(h)}), "QUERY_TOO_DEEP", "nested too deeply")
		a.stillServes(t)
	})

	t.Run("entries live in Redis with the configured lifetime", func(t *testing.T) {
		q := `query APQTTL { regions { code } }`
		h := sha256Hex(q)
		wantRegions(t, a.post(t, "", map[string]any{"query": q, "extensions": persisted(h)}))
		ttl, err := a.redis.client.TTL(context.Background(), "uslugi:apq:"+h).Result()
		if err != nil {
			t.Fatal(err)
		}
		if ttl <= 0 || ttl > a.App.cfg.APQTTL || a.App.cfg.APQTTL != 24*time.Hour {
			t.Errorf("TTL %v, want up to APQ_TTL %v (24h by default)", ttl, a.App.cfg.APQTTL)
		}
	})

	t.Run("a query registered on one API process is found on another", func(t *testing.T) {
		b := a.peer(t)
		q := `query APQShared { regions { code } }`
		h := sha256Hex(q)
		wantError(t, b.post(t, "", map[string]any{"extensions": persisted(h)}), "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
		wantRegions(t, a.post(t, "", map[string]any{"query": q, "extensions": persisted(h)}))
		wantRegions(t, b.post(t, "", map[string]any{"extensions": persisted(h)}))
		wantRegions(t, b.apqGet(t, "", h))
		// And back: registered on the second, found on the first.
		q2 := `query APQSharedBack { regions { code } }`
		h2 := sha256Hex(q2)
		wantRegions(t, b.post(t, "", map[string]any{"query": q2, "extensions": persisted(h2)}))
		wantRegions(t, a.post(t, "", map[string]any{"extensions": persisted(h2)}))
		b.stillServes(t)
	})
}
