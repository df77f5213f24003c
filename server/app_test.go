package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/jobs/redistest"
)

// testApp is a real server on a real port over the test's own database and
// Redis (SQLite and miniredis by default; PostgreSQL and Redis when
// DATABASE_URL and REDIS_URL are set).
type testApp struct {
	*App
	URL string
}

func newTestApp(t *testing.T, role string, tweak func(*Config)) *testApp {
	t.Helper()
	return newTestAppClock(t, role, tweak, time.Now)
}

// newTestAppClock is newTestApp on a clock the test moves. With role "all"
// the worker runs too, relaying the outbox every 20 ms.
func newTestAppClock(t *testing.T, role string, tweak func(*Config), clock func() time.Time) *testApp {
	t.Helper()
	ropt := redistest.New(t)
	env := map[string]string{
		"DATABASE_URL": dbtest.DSN(t),
		"REDIS_URL":    fmt.Sprintf("redis://%s/%d", ropt.Addr, ropt.DB),
		"LOG_LEVEL":    "warn",
	}
	cfg, err := LoadConfig(role, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	cfg.RelayInterval = 20 * time.Millisecond
	// Tests make many mutations from one address; the rate-limit test
	// turns the limits back on.
	cfg.RateAuth, cfg.RateMutations = 0, 0
	if tweak != nil {
		tweak(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	// The server's address is the portal's public URL: the acquirer's
	// callbacks and pages point at it.
	srv := httptest.NewUnstartedServer(nil)
	cfg.PublicURL = "http://" + srv.Listener.Addr().String()
	app, err := newApp(context.Background(), cfg, log, clock)
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	if app.worker != nil {
		if err := app.worker.start(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	srv.Config.Handler = app.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		if app.worker != nil {
			app.worker.stop()
		}
		app.Close()
	})
	return &testApp{App: app, URL: srv.URL}
}

type testWriter struct{ t *testing.T }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// gqlResponse is a GraphQL response with its data left raw.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	Extensions map[string]any `json:"extensions"`
	status     int
}

func (r *gqlResponse) code(i int) string {
	if i >= len(r.Errors) {
		return ""
	}
	c, _ := r.Errors[i].Extensions["code"].(string)
	return c
}

// post sends a GraphQL request; lang sets Accept-Language when not empty.
func (a *testApp) post(t *testing.T, lang string, body any) *gqlResponse {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	return a.do(t, req)
}

func (a *testApp) do(t *testing.T, req *http.Request) *gqlResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := &gqlResponse{status: resp.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("response is not JSON (%d): %s", resp.StatusCode, raw)
	}
	return out
}

// query runs q with variables and decodes data into dest, failing on errors.
func (a *testApp) query(t *testing.T, lang, q string, vars map[string]any, dest any) {
	t.Helper()
	r := a.post(t, lang, map[string]any{"query": q, "variables": vars})
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, dest); err != nil {
		t.Fatal(err)
	}
}

func (a *testApp) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(a.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	a := newTestApp(t, "api", nil)
	if code, body := a.get(t, "/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz = %d %s", code, body)
	}
	code, body := a.get(t, "/readyz")
	if code != 200 || !strings.Contains(body, `"database":"ok"`) || !strings.Contains(body, `"redis":"ok"`) {
		t.Errorf("/readyz = %d %s", code, body)
	}
	var d struct{ Regions []struct{ Code string } }
	a.query(t, "", `query Regions { regions { code } }`, nil, &d)
	code, body = a.get(t, "/metrics")
	if code != 200 || !strings.Contains(body, `uslugi_graphql_operations_total{operation="Regions",outcome="ok"} 1`) {
		t.Errorf("/metrics lacks the Regions operation count: %d", code)
	}
	if code, body := a.get(t, "/graphiql"); code != 200 || !strings.Contains(body, "GraphiQL") && !strings.Contains(body, "graphiql") {
		t.Errorf("GraphiQL at /graphiql = %d", code)
	}
}

func TestReadinessGoesRedWhenTheDatabaseIsGone(t *testing.T) {
	a := newTestApp(t, "api", nil)
	_ = a.db.Close()
	code, body := a.get(t, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"database":"unavailable"`) {
		t.Errorf("/readyz = %d %s, want 503 naming the database", code, body)
	}
}

func TestGraphQLOverGET(t *testing.T) {
	a := newTestApp(t, "api", nil)
	q := url.QueryEscape(`{ regions { code } }`)
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/graphql?query="+q, nil)
	r := a.do(t, req)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"77"`) {
		t.Errorf("GET /graphql = %s %+v", r.Data, r.Errors)
	}
	// GET never runs a mutation; here the schema has none, so it is refused too.
	req, _ = http.NewRequest(http.MethodGet, a.URL+"/graphql?query="+url.QueryEscape(`mutation { x }`), nil)
	if r := a.do(t, req); len(r.Errors) == 0 {
		t.Error("a mutation over GET was not refused")
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
