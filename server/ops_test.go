package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/jobs"
	"github.com/uslugi/uslugi/jobs/redistest"
)

// spans indexes what a recorder saw, to walk from a span to its parents.
type spans struct {
	all  []sdktrace.ReadOnlySpan
	byID map[trace.SpanID]sdktrace.ReadOnlySpan
}

func recorded(rec *tracetest.SpanRecorder) spans {
	s := spans{all: rec.Ended(), byID: map[trace.SpanID]sdktrace.ReadOnlySpan{}}
	for _, sp := range s.all {
		s.byID[sp.SpanContext().SpanID()] = sp
	}
	return s
}

func (s spans) named(name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, sp := range s.all {
		if sp.Name() == name {
			out = append(out, sp)
		}
	}
	return out
}

// under reports whether sp descends from root.
func (s spans) under(sp, root sdktrace.ReadOnlySpan) bool {
	for p := sp.Parent(); p.IsValid(); {
		if p.SpanID() == root.SpanContext().SpanID() {
			return true
		}
		parent, ok := s.byID[p.SpanID()]
		if !ok {
			return false
		}
		p = parent.Parent()
	}
	return false
}

// queries are the database spans under root.
func (s spans) queries(root sdktrace.ReadOnlySpan) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, sp := range s.all {
		if attrOf(sp, "db.system") != "" && s.under(sp, root) {
			out = append(out, sp)
		}
	}
	return out
}

func attrOf(sp sdktrace.ReadOnlySpan, key attribute.Key) string {
	for _, kv := range sp.Attributes() {
		if kv.Key == key {
			return kv.Value.Emit()
		}
	}
	return ""
}

// TestTracingSpans: with tracing on, one GraphQL request is an operation
// span with resolver spans beneath it and the database queries beneath
// those, and a job run is a span of its own with its queries beneath it.
func TestTracingSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	a := newTestApp(t, "all", func(c *Config) { c.tracerProvider = tp })

	var data struct {
		Services struct {
			Edges []struct{ Node struct{ Name string } }
		}
	}
	a.query(t, "", `query TracedCatalog { services(first: 3, filter: {query: "паспорт"}) { edges { node { name department { name } } } } }`, nil, &data)
	if len(data.Services.Edges) == 0 {
		t.Fatal("no services found")
	}
	s := recorded(rec)
	ops := s.named("query TracedCatalog")
	if len(ops) != 1 {
		t.Fatalf("operation spans: %d, want 1", len(ops))
	}
	op := ops[0]
	if op.SpanKind() != trace.SpanKindServer || attrOf(op, "graphql.operation.name") != "TracedCatalog" {
		t.Errorf("operation span: kind %v, attributes %v", op.SpanKind(), op.Attributes())
	}
	resolvers := s.named("Query.services")
	if len(resolvers) != 1 || resolvers[0].Parent().SpanID() != op.SpanContext().SpanID() {
		t.Fatalf("Query.services spans %d, or not the operation's child", len(resolvers))
	}
	if qs := s.queries(op); len(qs) == 0 {
		t.Error("no database spans under the operation")
	} else if q := attrOf(qs[0], "db.statement"); q == "" || strings.Contains(q, "паспорт") {
		// The statement is kept with its placeholders, never the values.
		t.Errorf("query span statement %q", q)
	}

	// A job: the hourly outbox clean-up, enqueued by hand.
	task, err := jobs.NewOutboxCleanupTask(jobs.OutboxCleanupPayload{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.worker.client.Enqueue(task, asynq.TaskID("traced-cleanup")); err != nil {
		t.Fatal(err)
	}
	var job sdktrace.ReadOnlySpan
	waitUntil(t, "the job's span", func() bool {
		for _, sp := range recorded(rec).named("job " + jobs.TypeOutboxCleanup) {
			if attrOf(sp, "messaging.message.id") == "traced-cleanup" {
				job = sp
				return true
			}
		}
		return false
	})
	if attrOf(job, "messaging.destination.name") != "low" || job.Parent().IsValid() || job.Status().Code == codes.Error {
		t.Errorf("job span: %v, parent %v", job.Attributes(), job.Parent())
	}
	if qs := recorded(rec).queries(job); len(qs) == 0 {
		t.Error("no database spans under the job")
	}
}

// TestTracingOffAddsNothing: without an OTLP endpoint there is no provider,
// so nothing is wrapped.
func TestTracingOffAddsNothing(t *testing.T) {
	cfg, err := LoadConfig("all", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	tp, stop, err := newTracerProvider(context.Background(), cfg)
	if err != nil || tp != nil || stop == nil {
		t.Errorf("tracing off: provider %v, err %v", tp, err)
	}
	if tracedHTTPClient(nil) != nil {
		t.Error("an HTTP client was wrapped with tracing off")
	}
	cfg.OTLPEndpoint = "http://127.0.0.1:4318"
	tp, stop, err = newTracerProvider(context.Background(), cfg)
	if err != nil || tp == nil {
		t.Fatalf("tracing on: provider %v, err %v", tp, err)
	}
	if err := stop(context.Background()); err != nil {
		t.Errorf("shutdown with nothing to send: %v", err)
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestAsynqQueueMetrics: /metrics carries asynq's own queue figures, read
// from Redis at each scrape.
func TestAsynqQueueMetrics(t *testing.T) {
	a := newTestApp(t, "api", nil)
	client := asynq.NewClient(a.redis.opt)
	defer client.Close()
	if _, err := client.Enqueue(asynq.NewTask("test:later", nil), asynq.Queue("low"), asynq.ProcessIn(time.Hour)); err != nil {
		t.Fatal(err)
	}
	code, body := a.get(t, "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`asynq_queue_size{queue="low"} 1`,
		`asynq_tasks_enqueued_total{queue="low",state="scheduled"} 1`,
		`asynq_queue_latency_seconds{queue="low"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestPprof: off by default (404); on, only an ADMIN's access token reads
// the profiles.
func TestPprof(t *testing.T) {
	getWith := func(t *testing.T, a *testApp, token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, a.URL+"/debug/pprof/", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	t.Run("off by default", func(t *testing.T) {
		a := newTestApp(t, "api", nil)
		if code, _ := getWith(t, a, ""); code != http.StatusNotFound {
			t.Errorf("/debug/pprof/ = %d, want 404", code)
		}
	})

	t.Run("on: only an ADMIN", func(t *testing.T) {
		a := newTestApp(t, "all", func(c *Config) { c.Pprof = true })
		seen := map[string]bool{}
		citizen := a.registerPhone(t, "+79120000011", seen)
		admin := a.registerPhone(t, "+79120000012", seen)
		if _, err := a.accounts.BootstrapAdmin(context.Background(), "+79120000012", "profiling the server"); err != nil {
			t.Fatal(err)
		}
		admin = a.refresh(t, admin)

		for _, tc := range []struct {
			name, token string
			want        int
		}{
			{"no token", "", http.StatusUnauthorized},
			{"a forged token", "not-a-token", http.StatusUnauthorized},
			{"a citizen", citizen.AccessToken, http.StatusForbidden},
		} {
			if code, _ := getWith(t, a, tc.token); code != tc.want {
				t.Errorf("%s: /debug/pprof/ = %d, want %d", tc.name, code, tc.want)
			}
		}
		code, body := getWith(t, a, admin.AccessToken)
		if code != http.StatusOK || !strings.Contains(body, "goroutine") || !strings.Contains(body, "heap") {
			t.Errorf("an ADMIN: /debug/pprof/ = %d %.200s", code, body)
		}
	})
}

// TestMigrateAsAStep: with MIGRATE_ON_START=false a process refuses a
// database that is behind, naming the fix; `server migrate` brings it up to
// date (and says so); then the process starts. Running migrate again
// changes nothing.
func TestMigrateAsAStep(t *testing.T) {
	ropt := redistest.New(t)
	env := map[string]string{
		"DATABASE_URL":     dbtest.DSN(t),
		"REDIS_URL":        fmt.Sprintf("redis://%s/%d", ropt.Addr, ropt.DB),
		"MIGRATE_ON_START": "false",
	}
	getenv := func(k string) string { return env[k] }
	cfg, err := LoadConfig("api", getenv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	log := slog.New(slog.DiscardHandler)
	ctx := context.Background()

	if app, err := NewApp(ctx, cfg, log); err == nil {
		app.Close()
		t.Fatal("started on an empty database without migrating")
	} else if !strings.Contains(err.Error(), "server migrate") || !strings.Contains(err.Error(), "behind") {
		t.Errorf("refusal does not say what to do: %v", err)
	}

	var out bytes.Buffer
	if code := migrateCommand(ctx, getenv, &out); code != 0 {
		t.Fatalf("migrate exited %d: %s", code, out.String())
	}
	if !strings.Contains(out.String(), "applied") {
		t.Errorf("migrate said: %s", out.String())
	}
	out.Reset()
	if code := migrateCommand(ctx, getenv, &out); code != 0 || !strings.Contains(out.String(), "up to date") {
		t.Errorf("second migrate exited %d: %s", code, out.String())
	}

	app, err := NewApp(ctx, cfg, log)
	if err != nil {
		t.Fatalf("start after migrate: %v", err)
	}
	defer app.Close()
	var n int
	if err := app.db.NewRaw("SELECT count(*) FROM services").Scan(ctx, &n); err != nil || n == 0 {
		t.Errorf("the seed is not there after migrate: %d services, %v", n, err)
	}
}

// TestTracingS3Requests: with tracing on, the S3 store's requests are client
// spans, and they carry no trace headers to the store.
func TestTracingS3Requests(t *testing.T) {
	var sawTraceparent atomic.Bool
	s3 := gofakes3.New(s3mem.New()).Server()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("traceparent") != "" {
			sawTraceparent.Store(true)
		}
		s3.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	host := strings.TrimPrefix(ts.URL, "http://")

	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	newTestApp(t, "all", func(c *Config) {
		c.tracerProvider = tp
		c.BlobURL = "s3://AKIAEXAMPLE:s3cr3t-key@" + host + "/traced?secure=false&region=us-east-1"
	})

	// Opening the store looks the bucket up and creates it.
	var clientSpans int
	for _, sp := range recorded(rec).all {
		if sp.SpanKind() == trace.SpanKindClient && attrOf(sp, "server.address") == strings.Split(host, ":")[0] {
			clientSpans++
		}
	}
	if clientSpans < 2 {
		t.Errorf("S3 client spans: %d, want the bucket look-up and its creation", clientSpans)
	}
	if sawTraceparent.Load() {
		t.Error("an S3 request carried a traceparent header")
	}
}
