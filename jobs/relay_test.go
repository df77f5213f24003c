package jobs_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/jobs"
	"github.com/uslugi/uslugi/jobs/redistest"
)

// TestRelayAfterCrashBeforeEnqueue: the process committed rows and died
// before any relay ran; a new relay enqueues each row exactly once.
func TestRelayAfterCrashBeforeEnqueue(t *testing.T) {
	tests := []struct {
		name      string
		events    []event.Event
		wantState map[string]asynq.TaskState // by event type
	}{
		{
			name:      "one row",
			events:    []event.Event{{Type: "test:a", Payload: []byte(`{}`)}},
			wantState: map[string]asynq.TaskState{"test:a": asynq.TaskStatePending},
		},
		{
			name: "rows on every queue",
			events: []event.Event{
				{Type: "test:critical", Queue: event.QueueCritical, Payload: []byte(`{}`)},
				{Type: "test:default", Payload: []byte(`{}`)},
				{Type: "test:low", Queue: event.QueueLow, Payload: []byte(`{}`)},
			},
			wantState: map[string]asynq.TaskState{
				"test:critical": asynq.TaskStatePending, "test:default": asynq.TaskStatePending, "test:low": asynq.TaskStatePending,
			},
		},
		{
			name: "a row due within the lookahead is scheduled, a later one waits",
			events: []event.Event{
				{Type: "test:soon", Payload: []byte(`{}`), NotBefore: time.Now().Add(30 * time.Second)},
				{Type: "test:later", Payload: []byte(`{}`), NotBefore: time.Now().Add(time.Hour)},
			},
			wantState: map[string]asynq.TaskState{"test:soon": asynq.TaskStateScheduled},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			ids := e.addEvents(t, tt.events...)
			// The crash: the relay never ran. A new process starts one.
			relay := e.newRelay(t, jobs.RelayOptions{Lookahead: time.Minute})

			moved, err := relay.RunOnce(ctx)
			if err != nil {
				t.Fatalf("RunOnce: %v", err)
			}
			if moved != len(tt.wantState) {
				t.Errorf("moved = %d, want %d", moved, len(tt.wantState))
			}
			var wantIDs []string
			for i, id := range ids {
				row := e.row(t, id)
				state, queued := tt.wantState[tt.events[i].Type]
				if !queued {
					if !row.EnqueuedAt.IsZero() {
						t.Errorf("%s marked enqueued before its time", row.Type)
					}
					continue
				}
				wantIDs = append(wantIDs, id)
				if !row.EnqueuedAt.Equal(e.clock.Now()) {
					t.Errorf("%s enqueued_at = %v, want %v", row.Type, row.EnqueuedAt, e.clock.Now())
				}
				info, err := e.inspector.GetTaskInfo(row.Queue, id)
				if err != nil {
					t.Fatalf("GetTaskInfo(%s): %v", row.Type, err)
				}
				got := []any{info.Type, info.Queue, string(info.Payload), info.State}
				want := []any{row.Type, row.Queue, string(row.Payload), state}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("task of %s (-want, +got):\n%s", row.Type, diff)
				}
			}
			if diff := cmp.Diff(sorted(wantIDs), e.taskIDs(t)); diff != "" {
				t.Errorf("queued task ids (-want, +got):\n%s", diff)
			}

			// A second pass finds nothing to do.
			if moved, err := relay.RunOnce(ctx); err != nil || moved != 0 {
				t.Errorf("second RunOnce = %d, %v; want 0, nil", moved, err)
			}
			if diff := cmp.Diff(sorted(wantIDs), e.taskIDs(t)); diff != "" {
				t.Errorf("queued task ids after a second pass (-want, +got):\n%s", diff)
			}
		})
	}
}

// TestRelayAfterCrashBeforeMarkEnqueued: the task reached Redis but the
// row was never marked; the next pass must not enqueue it twice.
func TestRelayAfterCrashBeforeMarkEnqueued(t *testing.T) {
	tests := []struct {
		name  string
		queue string
	}{
		{name: "default queue", queue: event.QueueDefault},
		{name: "critical queue", queue: event.QueueCritical},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			ids := e.addEvents(t, event.Event{Type: "test:a", Queue: tt.queue, Payload: []byte(`{"n":1}`)})
			// What the crashed relay managed before dying.
			if _, err := e.client.Enqueue(asynq.NewTask("test:a", []byte(`{"n":1}`)),
				asynq.TaskID(ids[0]), asynq.Queue(tt.queue)); err != nil {
				t.Fatal(err)
			}

			moved, err := e.newRelay(t, jobs.RelayOptions{}).RunOnce(ctx)
			if err != nil {
				t.Fatalf("RunOnce: %v", err)
			}
			if moved != 1 {
				t.Errorf("moved = %d, want 1 (already queued counts)", moved)
			}
			if diff := cmp.Diff(ids, e.taskIDs(t)); diff != "" {
				t.Errorf("queued task ids (-want, +got):\n%s", diff)
			}
			if row := e.row(t, ids[0]); !row.EnqueuedAt.Equal(e.clock.Now()) {
				t.Errorf("enqueued_at = %v, want %v", row.EnqueuedAt, e.clock.Now())
			}
		})
	}
}

// TestRelayConcurrent: relays on several nodes pick up the same rows.
func TestRelayConcurrent(t *testing.T) {
	tests := []struct {
		name   string
		relays int
		rows   int
		batch  int
	}{
		{name: "two relays, one batch", relays: 2, rows: 20, batch: 100},
		{name: "four relays, small batches", relays: 4, rows: 30, batch: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			evs := make([]event.Event, tt.rows)
			for i := range evs {
				evs[i] = event.Event{Type: "test:a", Payload: []byte(`{}`)}
			}
			ids := e.addEvents(t, evs...)
			relays := make([]*jobs.Relay, tt.relays)
			for i := range relays {
				relays[i] = e.newRelay(t, jobs.RelayOptions{BatchSize: tt.batch})
			}

			errs := make(chan error, tt.relays)
			var wg sync.WaitGroup
			for _, r := range relays {
				wg.Go(func() {
					// Each relay drains what it sees, as Run would.
					for {
						moved, err := r.RunOnce(ctx)
						if err != nil || moved == 0 {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("RunOnce: %v", err)
				}
			}
			if diff := cmp.Diff(sorted(ids), e.taskIDs(t)); diff != "" {
				t.Errorf("queued task ids (-want, +got):\n%s", diff)
			}
			n, err := e.store.Pending(ctx)
			if err != nil {
				t.Fatal(err)
			}
			due, err := e.store.Due(ctx, e.clock.Now(), e.clock.Now(), 1000)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.rows || len(due) != 0 {
				t.Errorf("pending = %d, due = %d; want %d, 0", n, len(due), tt.rows)
			}
		})
	}
}

// TestRelayRedelivery: rows enqueued long ago and still not done are
// checked against Redis.
func TestRelayRedelivery(t *testing.T) {
	const redeliverAfter = 5 * time.Minute
	tests := []struct {
		name string
		// lose does to Redis what happened while the rows waited.
		lose func(t *testing.T, e *env, ids []string)
		// restart runs the later passes in a new relay, as after a restart
		// of the process (which takes the embedded Redis with it).
		restart bool
		// advance is how far the clock moves before the second pass.
		advance   time.Duration
		wantMoved int
		// wantTasks says whether the rows' tasks are queued afterwards.
		wantTasks    bool
		wantAttempts int
		wantError    string
	}{
		{
			name:      "lost tasks are enqueued again once RedeliverAfter passed",
			lose:      flushRedis,
			restart:   true,
			advance:   redeliverAfter + time.Second,
			wantMoved: 3, wantTasks: true,
		},
		{
			name:      "lost tasks wait for RedeliverAfter",
			lose:      flushRedis,
			restart:   true,
			advance:   redeliverAfter - time.Second,
			wantMoved: 0, wantTasks: false,
		},
		{
			name:      "queued tasks are left alone",
			lose:      func(t *testing.T, e *env, ids []string) {},
			advance:   redeliverAfter + time.Second,
			wantMoved: 0, wantTasks: true,
		},
		{
			name: "archived tasks are recorded for an operator",
			lose: func(t *testing.T, e *env, ids []string) {
				for _, id := range ids {
					if err := e.inspector.ArchiveTask(event.QueueDefault, id); err != nil {
						t.Fatal(err)
					}
				}
			},
			advance:   redeliverAfter + time.Second,
			wantMoved: 0, wantTasks: true,
			wantAttempts: 1, wantError: "task archived",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			ids := e.addEvents(t,
				event.Event{Type: "test:a", Payload: []byte(`{}`)},
				event.Event{Type: "test:b", Payload: []byte(`{}`)},
				event.Event{Type: "test:c", Payload: []byte(`{}`)},
			)
			opts := jobs.RelayOptions{RedeliverAfter: redeliverAfter}
			relay := e.newRelay(t, opts)
			if moved, err := relay.RunOnce(ctx); err != nil || moved != 3 {
				t.Fatalf("first RunOnce = %d, %v; want 3, nil", moved, err)
			}
			tt.lose(t, e, ids)
			if tt.restart {
				relay = e.newRelay(t, opts)
			}
			e.clock.Advance(tt.advance)

			moved, err := relay.RunOnce(ctx)
			if err != nil {
				t.Fatalf("RunOnce: %v", err)
			}
			if moved != tt.wantMoved {
				t.Errorf("moved = %d, want %d", moved, tt.wantMoved)
			}
			wantIDs := []string{}
			if tt.wantTasks {
				wantIDs = sorted(ids)
			}
			if diff := cmp.Diff(wantIDs, e.taskIDs(t)); diff != "" {
				t.Errorf("queued task ids (-want, +got):\n%s", diff)
			}
			for _, id := range ids {
				row := e.row(t, id)
				if row.Attempts != tt.wantAttempts || !strings.Contains(row.LastError, tt.wantError) {
					t.Errorf("%s attempts, last error = %d, %q; want %d, containing %q",
						row.Type, row.Attempts, row.LastError, tt.wantAttempts, tt.wantError)
				}
				if tt.advance > redeliverAfter && !row.EnqueuedAt.Equal(e.clock.Now()) {
					t.Errorf("%s enqueued_at = %v, want it touched at %v", row.Type, row.EnqueuedAt, e.clock.Now())
				}
			}

			// Later checks of the same state change nothing more.
			e.clock.Advance(redeliverAfter + time.Second)
			if _, err := relay.RunOnce(ctx); err != nil {
				t.Fatalf("third RunOnce: %v", err)
			}
			if diff := cmp.Diff(sorted(ids), e.taskIDs(t)); diff != "" {
				t.Errorf("queued task ids after a third pass (-want, +got):\n%s", diff)
			}
			for _, id := range ids {
				if row := e.row(t, id); row.Attempts != tt.wantAttempts {
					t.Errorf("%s attempts after a third pass = %d, want %d", row.Type, row.Attempts, tt.wantAttempts)
				}
			}
		})
	}
}

// TestRelayRedeliveryRedisWiped: Redis lost everything (a restart without
// persistence) under a running relay. asynq clients remember which queues
// they registered, so the queue stays unknown to the Inspector until a new
// client enqueues to it; the relay still puts every task back, once.
func TestRelayRedeliveryRedisWiped(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ids := e.addEvents(t,
		event.Event{Type: "test:a", Payload: []byte(`{}`)},
		event.Event{Type: "test:b", Queue: event.QueueCritical, Payload: []byte(`{}`)},
	)
	relay := e.newRelay(t, jobs.RelayOptions{RedeliverAfter: time.Minute})
	if moved, err := relay.RunOnce(ctx); err != nil || moved != 2 {
		t.Fatalf("first RunOnce = %d, %v; want 2, nil", moved, err)
	}
	flushRedis(t, e, ids)
	for pass := range 2 {
		e.clock.Advance(time.Minute + time.Second)
		if _, err := relay.RunOnce(ctx); err != nil {
			t.Fatalf("RunOnce: %v", err)
		}
		// Read asynq's keys directly: the Inspector cannot see the queues.
		rdb := redistest.Client(t, e.redis)
		for _, id := range ids {
			row := e.row(t, id)
			key := "asynq:{" + row.Queue + "}:t:" + id
			if n, err := rdb.Exists(ctx, key).Result(); err != nil || n != 1 {
				t.Errorf("pass %d: task %s exists = %d, %v; want 1", pass, row.Type, n, err)
			}
			pending, err := rdb.LRange(ctx, "asynq:{"+row.Queue+"}:pending", 0, -1).Result()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{id}, pending); diff != "" {
				t.Errorf("pass %d: pending of %s (-want, +got):\n%s", pass, row.Queue, diff)
			}
		}
	}
}

// TestRelayRecordsEnqueueFailure: with Redis gone, the pass fails, the rows
// stay due and the failure is on the row.
func TestRelayRecordsEnqueueFailure(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ids := e.addEvents(t, event.Event{Type: "test:a", Payload: []byte(`{}`)})
	// A Redis that answers every command with an error.
	broken := miniredis.RunT(t)
	broken.SetError("LOADING Redis is loading the dataset in memory")
	dead := asynq.RedisClientOpt{Addr: broken.Addr()}
	client, inspector := asynq.NewClient(dead), asynq.NewInspector(dead)
	t.Cleanup(func() { _ = client.Close(); _ = inspector.Close() })
	relay := jobs.NewRelay(e.store, client, inspector, testLogger(t), jobs.RelayOptions{Clock: e.clock.Now})

	if _, err := relay.RunOnce(ctx); err == nil {
		t.Fatal("RunOnce succeeded without Redis")
	}
	row := e.row(t, ids[0])
	if row.Attempts != 1 || row.LastError == "" || !row.EnqueuedAt.IsZero() {
		t.Errorf("row = attempts %d, last error %q, enqueued_at %v; want 1, an error, zero",
			row.Attempts, row.LastError, row.EnqueuedAt)
	}
	// Redis is back: the next pass delivers it.
	moved, err := e.newRelay(t, jobs.RelayOptions{}).RunOnce(ctx)
	if err != nil || moved != 1 {
		t.Fatalf("RunOnce = %d, %v; want 1, nil", moved, err)
	}
	if diff := cmp.Diff(ids, e.taskIDs(t)); diff != "" {
		t.Errorf("queued task ids (-want, +got):\n%s", diff)
	}
}

// TestRelayRun: Run drains a backlog bigger than a batch and stops with ctx.
func TestRelayRun(t *testing.T) {
	e := newEnv(t)
	evs := make([]event.Event, 25)
	for i := range evs {
		evs[i] = event.Event{Type: "test:a", Payload: []byte(`{}`)}
	}
	ids := e.addEvents(t, evs...)
	relay := e.newRelay(t, jobs.RelayOptions{BatchSize: 10, Interval: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { relay.Run(ctx) })
	waitFor(t, "every row queued", func() bool { return len(e.taskIDs(t)) == len(ids) })
	cancel()
	wg.Wait()
	if diff := cmp.Diff(sorted(ids), e.taskIDs(t)); diff != "" {
		t.Errorf("queued task ids (-want, +got):\n%s", diff)
	}
}

func flushRedis(t *testing.T, e *env, _ []string) {
	t.Helper()
	if err := redistest.Client(t, e.redis).FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
}
