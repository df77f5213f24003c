package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/jobs"
	"github.com/uslugi/uslugi/jobs/redistest"
)

// env is one test's database and Redis, with asynq clients on the Redis.
type env struct {
	db        *bun.DB
	store     *db.OutboxStore
	redis     asynq.RedisClientOpt
	client    *asynq.Client
	inspector *asynq.Inspector
	clock     *fakeClock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	bdb := dbtest.New(t, dbtest.Options{})
	opt := redistest.New(t)
	e := &env{
		db:        bdb,
		store:     db.NewOutboxStore(bdb),
		redis:     opt,
		client:    asynq.NewClient(opt),
		inspector: asynq.NewInspector(opt),
		// Near the real time, because asynq schedules by the real clock.
		clock: &fakeClock{now: time.Now().UTC().Truncate(time.Second)},
	}
	t.Cleanup(func() {
		_ = e.client.Close()
		_ = e.inspector.Close()
	})
	return e
}

// newRelay returns a relay with its own asynq client and inspector, as
// another process would have.
func (e *env) newRelay(t *testing.T, opts jobs.RelayOptions) *jobs.Relay {
	t.Helper()
	client := asynq.NewClient(e.redis)
	inspector := asynq.NewInspector(e.redis)
	t.Cleanup(func() {
		_ = client.Close()
		_ = inspector.Close()
	})
	if opts.Clock == nil {
		opts.Clock = e.clock.Now
	}
	return jobs.NewRelay(e.store, client, inspector, testLogger(t), opts)
}

// addEvents writes evs in one committed transaction, as a domain store
// does, and returns their row ids.
func (e *env) addEvents(t *testing.T, evs ...event.Event) []string {
	t.Helper()
	var ids []string
	err := e.db.RunInTx(context.Background(), nil, func(ctx context.Context, tx bun.Tx) error {
		for _, ev := range evs {
			id, err := db.AddEvent(ctx, tx, e.clock.Now(), ev)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("add events: %v", err)
	}
	return ids
}

func (e *env) row(t *testing.T, id string) db.OutboxRow {
	t.Helper()
	row, err := e.store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// taskIDs lists the ids of every task asynq holds on the platform's queues,
// in any state, sorted; a task held twice appears twice.
func (e *env) taskIDs(t *testing.T) []string {
	t.Helper()
	lists := []func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error){
		e.inspector.ListPendingTasks, e.inspector.ListScheduledTasks, e.inspector.ListActiveTasks,
		e.inspector.ListRetryTasks, e.inspector.ListArchivedTasks, e.inspector.ListCompletedTasks,
	}
	ids := []string{}
	for q := range jobs.QueuePriorities() {
		for _, list := range lists {
			infos, err := list(q, asynq.PageSize(1000))
			if errors.Is(err, asynq.ErrQueueNotFound) {
				continue
			}
			if err != nil {
				t.Fatalf("list tasks of %s: %v", q, err)
			}
			for _, info := range infos {
				ids = append(ids, info.ID)
			}
		}
	}
	slices.Sort(ids)
	return ids
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}

// waitFor polls cond until it holds or the deadline passes; asynq works in
// its own goroutines, so the test waits for an outcome, never for a time.
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

// fakeClock is a settable clock, safe for the goroutines of a server.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testLogger writes to t's log, so a failing test shows what the jobs said.
// Lines that come after t's cleanups (a goroutine winding down) are dropped:
// t.Log would panic then.
func testLogger(t *testing.T) *slog.Logger {
	w := &tWriter{t: t}
	t.Cleanup(func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.done = true
	})
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct {
	t    *testing.T
	mu   sync.Mutex
	done bool
}

func (w *tWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimSuffix(string(p), "\n"))
	}
	return len(p), nil
}

// counter reads a counter of reg by name and labels; 0 when absent.
func counter(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metric:
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if v, ok := labels[lp.GetName()]; ok && v != lp.GetValue() {
					continue metric
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

// histogramCount reads how many observations a histogram of reg has.
func histogramCount(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) uint64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metric:
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if v, ok := labels[lp.GetName()]; ok && v != lp.GetValue() {
					continue metric
				}
			}
			return m.GetHistogram().GetSampleCount()
		}
	}
	return 0
}
