package jobs_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/jobs"
)

const (
	metricProcessed = "uslugi_jobs_processed_total"
	metricDuration  = "uslugi_jobs_duration_seconds"
)

// recorder is a handler that counts its runs by task id.
type recorder struct {
	mu    sync.Mutex
	calls map[string]int
}

func (r *recorder) ProcessTask(ctx context.Context, t *asynq.Task) error {
	id, _ := asynq.GetTaskID(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = map[string]int{}
	}
	r.calls[id]++
	return nil
}

func (r *recorder) snapshot() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.calls)
}

// startWorker runs a real asynq server with mux on e's Redis until t ends.
func startWorker(t *testing.T, e *env, mux *asynq.ServeMux) {
	t.Helper()
	srv := jobs.NewServer(e.redis, jobs.WorkerConfig{
		Concurrency:              4,
		ShutdownTimeout:          5 * time.Second,
		TaskCheckInterval:        20 * time.Millisecond,
		DelayedTaskCheckInterval: 100 * time.Millisecond,
		Logger:                   testLogger(t),
	})
	if err := srv.Start(mux); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(srv.Shutdown)
}

func newMux(t *testing.T, e *env, reg *prometheus.Registry) *asynq.ServeMux {
	t.Helper()
	mux, err := jobs.NewMux(jobs.MuxDeps{Outbox: e.store, Logger: testLogger(t), Registerer: reg, Clock: e.clock.Now})
	if err != nil {
		t.Fatalf("NewMux: %v", err)
	}
	return mux
}

// TestEndToEnd: rows committed with their change reach a real worker
// through the relay, each handler runs once, and the rows end done.
func TestEndToEnd(t *testing.T) {
	tests := []struct {
		name   string
		events []event.Event
	}{
		{name: "one row", events: []event.Event{{Type: "test:record", Payload: []byte(`{}`)}}},
		{name: "rows on every queue", events: []event.Event{
			{Type: "test:record", Queue: event.QueueCritical, Payload: []byte(`{"n":1}`)},
			{Type: "test:record", Queue: event.QueueDefault, Payload: []byte(`{"n":2}`)},
			{Type: "test:record", Queue: event.QueueLow, Payload: []byte(`{"n":3}`)},
			{Type: "test:record", Queue: event.QueueDefault, Payload: []byte(`{"n":4}`)},
		}},
		{name: "a delayed row", events: []event.Event{
			{Type: "test:record", Payload: []byte(`{}`), NotBefore: time.Now().Add(300 * time.Millisecond)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			reg := prometheus.NewRegistry()
			mux := newMux(t, e, reg)
			rec := &recorder{}
			mux.Handle("test:record", rec)
			startWorker(t, e, mux)

			ids := e.addEvents(t, tt.events...)
			// A task that did not come from the outbox: marking it done
			// must be a harmless no-op.
			if _, err := e.client.Enqueue(asynq.NewTask("test:record", nil), asynq.TaskID("not-from-outbox")); err != nil {
				t.Fatal(err)
			}
			relay := e.newRelay(t, jobs.RelayOptions{Interval: 20 * time.Millisecond})
			rctx, stop := context.WithCancel(ctx)
			var wg sync.WaitGroup
			wg.Go(func() { relay.Run(rctx) })
			defer func() { stop(); wg.Wait() }()

			waitFor(t, "every row done", func() bool {
				n, err := e.store.Pending(ctx)
				return err == nil && n == 0
			})
			waitFor(t, "the task not from the outbox", func() bool { return rec.snapshot()["not-from-outbox"] == 1 })

			want := map[string]int{"not-from-outbox": 1}
			for _, id := range ids {
				want[id] = 1
				if row := e.row(t, id); row.DoneAt.IsZero() || row.Attempts != 0 {
					t.Errorf("row %s: done_at %v, attempts %d; want done, 0", id, row.DoneAt, row.Attempts)
				}
			}
			if diff := cmp.Diff(want, rec.snapshot()); diff != "" {
				t.Errorf("handler runs by task id (-want, +got):\n%s", diff)
			}
			labels := map[string]string{"type": "test:record", "outcome": "success"}
			waitFor(t, "metrics", func() bool { return counter(t, reg, metricProcessed, labels) == float64(len(ids)+1) })
			if got := histogramCount(t, reg, metricDuration, map[string]string{"type": "test:record"}); got != uint64(len(ids)+1) {
				t.Errorf("duration observations = %d, want %d", got, len(ids)+1)
			}
		})
	}
}

// TestMuxMiddleware drives the mux directly: outcome, error and metrics of
// each kind of handler run.
func TestMuxMiddleware(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name        string
		handler     asynq.HandlerFunc
		taskType    string
		payload     []byte
		wantErr     bool
		wantSkip    bool
		wantErrText string
		wantOutcome string
	}{
		{
			name:        "success counts a success",
			taskType:    "test:ok",
			handler:     func(context.Context, *asynq.Task) error { return nil },
			wantOutcome: "success",
		},
		{
			name:        "error counts a failure",
			taskType:    "test:err",
			handler:     func(context.Context, *asynq.Task) error { return errBoom },
			wantErr:     true,
			wantErrText: "boom",
			wantOutcome: "failure",
		},
		{
			name:        "panic becomes an error and counts a failure",
			taskType:    "test:panic",
			handler:     func(context.Context, *asynq.Task) error { panic("kaboom") },
			wantErr:     true,
			wantErrText: "test:panic panicked: kaboom",
			wantOutcome: "failure",
		},
		{
			name:        "undecodable payload skips retries",
			taskType:    jobs.TypeOutboxCleanup,
			payload:     []byte("not json"),
			wantErr:     true,
			wantSkip:    true,
			wantErrText: "undecodable",
			wantOutcome: "failure",
		},
		{
			name:        "unknown type fails",
			taskType:    "test:nobody",
			wantErr:     true,
			wantErrText: "handler not found",
			wantOutcome: "failure",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			reg := prometheus.NewRegistry()
			mux := newMux(t, e, reg)
			if tt.handler != nil {
				mux.Handle(tt.taskType, tt.handler)
			}
			payload := tt.payload
			if payload == nil {
				payload = []byte(`{}`)
			}

			err := mux.ProcessTask(context.Background(), asynq.NewTask(tt.taskType, payload))
			if (err != nil) != tt.wantErr {
				t.Fatalf("ProcessTask error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantErrText) {
				t.Errorf("ProcessTask error = %q, want it to contain %q", err, tt.wantErrText)
			}
			if got := errors.Is(err, asynq.SkipRetry); got != tt.wantSkip {
				t.Errorf("errors.Is(err, SkipRetry) = %v, want %v", got, tt.wantSkip)
			}
			for _, outcome := range []string{"success", "failure"} {
				want := 0.0
				if outcome == tt.wantOutcome {
					want = 1
				}
				got := counter(t, reg, metricProcessed, map[string]string{"type": tt.taskType, "outcome": outcome})
				if got != want {
					t.Errorf("%s{outcome=%s} = %v, want %v", metricProcessed, outcome, got, want)
				}
			}
		})
	}
}

// TestWorkerSurvivesPanic: under a real worker a panicking job is retried
// like a failed one, and the worker keeps serving other jobs.
func TestWorkerSurvivesPanic(t *testing.T) {
	e := newEnv(t)
	reg := prometheus.NewRegistry()
	mux := newMux(t, e, reg)
	mux.HandleFunc("test:panic", func(context.Context, *asynq.Task) error { panic("kaboom") })
	rec := &recorder{}
	mux.Handle("test:record", rec)
	startWorker(t, e, mux)

	if _, err := e.client.Enqueue(asynq.NewTask("test:panic", nil), asynq.TaskID("panics"), asynq.MaxRetry(5)); err != nil {
		t.Fatal(err)
	}
	var info *asynq.TaskInfo
	waitFor(t, "the panicking task to wait for a retry", func() bool {
		var err error
		info, err = e.inspector.GetTaskInfo(event.QueueDefault, "panics")
		return err == nil && info.State == asynq.TaskStateRetry
	})
	if info.Retried != 1 || !strings.Contains(info.LastErr, "panicked: kaboom") {
		t.Errorf("task retried %d, last error %q; want 1, the panic", info.Retried, info.LastErr)
	}
	if got := counter(t, reg, metricProcessed, map[string]string{"type": "test:panic", "outcome": "failure"}); got != 1 {
		t.Errorf("failures counted = %v, want 1", got)
	}
	if _, err := e.client.Enqueue(asynq.NewTask("test:record", nil), asynq.TaskID("after-panic")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the worker to run the next job", func() bool { return rec.snapshot()["after-panic"] == 1 })
}

// TestUndecodablePayloadNotRetried: a real worker archives the task on its
// first failure instead of retrying it.
func TestUndecodablePayloadNotRetried(t *testing.T) {
	tests := []struct {
		name    string
		payload []byte
	}{
		{name: "not JSON", payload: []byte("not json")},
		{name: "wrong shape", payload: []byte(`{"retention":"a week"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			reg := prometheus.NewRegistry()
			startWorker(t, e, newMux(t, e, reg))
			if _, err := e.client.Enqueue(asynq.NewTask(jobs.TypeOutboxCleanup, tt.payload),
				asynq.TaskID("bad"), asynq.MaxRetry(5)); err != nil {
				t.Fatal(err)
			}
			var info *asynq.TaskInfo
			waitFor(t, "the task to be archived", func() bool {
				var err error
				info, err = e.inspector.GetTaskInfo(event.QueueDefault, "bad")
				return err == nil && info.State == asynq.TaskStateArchived
			})
			if info.Retried != 0 || !strings.Contains(info.LastErr, "undecodable") {
				t.Errorf("task retried %d, last error %q; want 0, undecodable", info.Retried, info.LastErr)
			}
			labels := map[string]string{"type": jobs.TypeOutboxCleanup, "outcome": "failure"}
			if got := counter(t, reg, metricProcessed, labels); got != 1 {
				t.Errorf("runs = %v, want 1", got)
			}
		})
	}
}

// TestOutboxCleanup: the cleanup job deletes done rows older than the
// retention and nothing else.
func TestOutboxCleanup(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		name     string
		payload  jobs.OutboxCleanupPayload
		wantLeft []string
	}{
		{name: "default retention keeps a week", wantLeft: []string{"done-yesterday", "pending"}},
		{name: "payload retention overrides", payload: jobs.OutboxCleanupPayload{Retention: time.Hour},
			wantLeft: []string{"pending"}},
		{name: "long retention keeps all", payload: jobs.OutboxCleanupPayload{Retention: 30 * day},
			wantLeft: []string{"done-long-ago", "done-yesterday", "pending"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			mux := newMux(t, e, prometheus.NewRegistry())
			e.clock.Advance(-20 * day)
			ids := e.addEvents(t,
				event.Event{Type: "test:done-long-ago"},
				event.Event{Type: "test:done-yesterday"},
				event.Event{Type: "test:pending"},
			)
			e.clock.Advance(20 * day)
			if err := e.store.MarkDone(ctx, ids[0], e.clock.Now().Add(-8*day)); err != nil {
				t.Fatal(err)
			}
			if err := e.store.MarkDone(ctx, ids[1], e.clock.Now().Add(-day)); err != nil {
				t.Fatal(err)
			}

			task, err := jobs.NewOutboxCleanupTask(tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			if err := mux.ProcessTask(ctx, task); err != nil {
				t.Fatalf("cleanup: %v", err)
			}
			left := []string{}
			for _, id := range ids {
				if row, err := e.store.Get(ctx, id); err == nil {
					left = append(left, strings.TrimPrefix(row.Type, "test:"))
				}
			}
			slices.Sort(left)
			if diff := cmp.Diff(tt.wantLeft, left); diff != "" {
				t.Errorf("rows left (-want, +got):\n%s", diff)
			}
		})
	}
}

// TestNewMuxSharedRegistry: a second mux on one registry reuses the
// metrics instead of failing, and a clash with a foreign collector fails.
func TestNewMuxSharedRegistry(t *testing.T) {
	e := newEnv(t)
	reg := prometheus.NewRegistry()
	newMux(t, e, reg)
	newMux(t, e, reg)

	clash := prometheus.NewRegistry()
	clash.MustRegister(prometheus.NewGauge(prometheus.GaugeOpts{Name: metricProcessed, Help: "x"}))
	if _, err := jobs.NewMux(jobs.MuxDeps{Outbox: e.store, Registerer: clash}); err == nil {
		t.Error("NewMux accepted a registry with a clashing metric")
	}
	if _, err := jobs.NewMux(jobs.MuxDeps{}); err == nil {
		t.Error("NewMux accepted no outbox")
	}
}
