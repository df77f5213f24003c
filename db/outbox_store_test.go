package db_test

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/event"
)

// outboxT0 is a fixed instant for the outbox tests, on the microsecond so it
// reads back unchanged from both dialects.
func outboxT0() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 123456000, time.UTC) }

func addOutboxEvent(t *testing.T, idb bun.IDB, now time.Time, ev event.Event) string {
	t.Helper()
	id, err := db.AddEvent(context.Background(), idb, now, ev)
	if err != nil {
		t.Fatalf("AddEvent: %v", err)
	}
	return id
}

func getOutboxRow(t *testing.T, s *db.OutboxStore, id string) db.OutboxRow {
	t.Helper()
	row, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return row
}

func TestAddEvent(t *testing.T) {
	t0 := outboxT0()
	moscow := time.FixedZone("MSK", 3*60*60)
	tests := []struct {
		name string
		now  time.Time
		ev   event.Event
		want db.OutboxRow
	}{
		{
			name: "defaults queue and availability",
			now:  t0,
			ev:   event.Event{Type: "test:a", Payload: []byte(`{"a":1}`)},
			want: db.OutboxRow{Type: "test:a", Queue: event.QueueDefault, Payload: []byte(`{"a":1}`),
				CreatedAt: t0, AvailableAt: t0},
		},
		{
			name: "keeps queue and not-before",
			now:  t0,
			ev:   event.Event{Type: "test:b", Queue: event.QueueCritical, Payload: []byte(`{}`), NotBefore: t0.Add(time.Hour)},
			want: db.OutboxRow{Type: "test:b", Queue: event.QueueCritical, Payload: []byte(`{}`),
				CreatedAt: t0, AvailableAt: t0.Add(time.Hour)},
		},
		{
			name: "stores times in UTC",
			now:  t0.In(moscow),
			ev:   event.Event{Type: "test:c", Payload: []byte(`{}`), NotBefore: t0.Add(time.Minute).In(moscow)},
			want: db.OutboxRow{Type: "test:c", Queue: event.QueueDefault, Payload: []byte(`{}`),
				CreatedAt: t0, AvailableAt: t0.Add(time.Minute)},
		},
		{
			name: "accepts an empty payload",
			now:  t0,
			ev:   event.Event{Type: "test:d"},
			want: db.OutboxRow{Type: "test:d", Queue: event.QueueDefault, Payload: []byte{},
				CreatedAt: t0, AvailableAt: t0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bdb := dbtest.New(t, dbtest.Options{})
			s := db.NewOutboxStore(bdb)
			id := addOutboxEvent(t, bdb, tt.now, tt.ev)
			got := getOutboxRow(t, s, id)
			if got.CreatedAt.Location() != time.UTC || got.AvailableAt.Location() != time.UTC {
				t.Errorf("times not in UTC: %v, %v", got.CreatedAt, got.AvailableAt)
			}
			tt.want.ID = id
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("row (-want, +got):\n%s", diff)
			}
		})
	}

	t.Run("rejects an event without a type", func(t *testing.T) {
		bdb := dbtest.New(t, dbtest.Options{})
		if _, err := db.AddEvent(context.Background(), bdb, t0, event.Event{}); err == nil {
			t.Fatal("AddEvent accepted an event without a type")
		}
	})

	t.Run("gives each event its own id", func(t *testing.T) {
		bdb := dbtest.New(t, dbtest.Options{})
		a := addOutboxEvent(t, bdb, t0, event.Event{Type: "test:a"})
		b := addOutboxEvent(t, bdb, t0, event.Event{Type: "test:a"})
		if a == b {
			t.Fatalf("two events share id %s", a)
		}
	})
}

func TestAddEventTransaction(t *testing.T) {
	t0 := outboxT0()
	tests := []struct {
		name     string
		rollback bool
		want     int
	}{
		{name: "committed transaction keeps the event", want: 1},
		{name: "rolled back transaction drops the event", rollback: true, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			bdb := dbtest.New(t, dbtest.Options{})
			errRollback := errors.New("rollback")
			err := bdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				if _, err := db.AddEvent(ctx, tx, t0, event.Event{Type: "test:a"}); err != nil {
					return err
				}
				if tt.rollback {
					return errRollback
				}
				return nil
			})
			if err != nil && !errors.Is(err, errRollback) {
				t.Fatalf("RunInTx: %v", err)
			}
			n, err := db.NewOutboxStore(bdb).Pending(ctx)
			if err != nil {
				t.Fatalf("Pending: %v", err)
			}
			if n != tt.want {
				t.Errorf("Pending = %d, want %d", n, tt.want)
			}
		})
	}
}

func TestOutboxStoreDue(t *testing.T) {
	t0 := outboxT0()
	ctx := context.Background()
	bdb := dbtest.New(t, dbtest.Options{})
	s := db.NewOutboxStore(bdb)

	// One row in each state the relay can meet; names say which.
	ids := map[string]string{}
	add := func(name string, available time.Time) {
		ids[name] = addOutboxEvent(t, bdb, t0, event.Event{Type: "test:" + name, NotBefore: available})
	}
	add("new", t0)
	add("later", t0.Add(time.Hour))
	add("enqueued-recently", t0.Add(-time.Minute))
	add("enqueued-long-ago", t0.Add(-2*time.Minute))
	add("done", t0.Add(-3*time.Minute))
	if err := s.MarkEnqueued(ctx, ids["enqueued-recently"], t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkEnqueued(ctx, ids["enqueued-long-ago"], t0); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDone(ctx, ids["done"], t0); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name            string
		now             time.Time
		redeliverBefore time.Time
		limit           int
		want            []string
	}{
		{
			name: "new rows only, oldest first, when nothing is stale",
			now:  t0, redeliverBefore: t0, limit: 10,
			want: []string{"new"},
		},
		{
			name: "stale enqueued rows come back, oldest available first",
			now:  t0, redeliverBefore: t0.Add(5 * time.Minute), limit: 10,
			want: []string{"enqueued-long-ago", "new"},
		},
		{
			name: "every stale row and future ones once available",
			now:  t0.Add(time.Hour), redeliverBefore: t0.Add(time.Hour), limit: 10,
			want: []string{"enqueued-long-ago", "enqueued-recently", "new", "later"},
		},
		{
			name: "limit cuts the oldest first",
			now:  t0.Add(time.Hour), redeliverBefore: t0.Add(time.Hour), limit: 2,
			want: []string{"enqueued-long-ago", "enqueued-recently"},
		},
		{
			name: "nothing before the first row is available",
			now:  t0.Add(-time.Hour), redeliverBefore: t0.Add(time.Hour), limit: 10,
			want: []string{},
		},
		{
			name: "zero limit returns nothing",
			now:  t0, redeliverBefore: t0, limit: 0,
			want: []string{},
		},
	}
	names := map[string]string{}
	for name, id := range ids {
		names[id] = name
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.Due(ctx, tt.now, tt.redeliverBefore, tt.limit)
			if err != nil {
				t.Fatalf("Due: %v", err)
			}
			got := []string{}
			for _, r := range rows {
				got = append(got, names[r.ID])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("due rows (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestOutboxStoreMarks(t *testing.T) {
	t0 := outboxT0()
	ctx := context.Background()
	tests := []struct {
		name string
		do   func(t *testing.T, s *db.OutboxStore, id string) error
		want func(id string) db.OutboxRow
	}{
		{
			name: "mark enqueued sets enqueued_at",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				return s.MarkEnqueued(ctx, id, t0.Add(time.Second))
			},
			want: func(id string) db.OutboxRow {
				return db.OutboxRow{ID: id, EnqueuedAt: t0.Add(time.Second)}
			},
		},
		{
			name: "mark enqueued again moves enqueued_at",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				if err := s.MarkEnqueued(ctx, id, t0.Add(time.Second)); err != nil {
					return err
				}
				return s.MarkEnqueued(ctx, id, t0.Add(time.Minute))
			},
			want: func(id string) db.OutboxRow {
				return db.OutboxRow{ID: id, EnqueuedAt: t0.Add(time.Minute)}
			},
		},
		{
			name: "mark done sets done_at",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				return s.MarkDone(ctx, id, t0.Add(time.Second))
			},
			want: func(id string) db.OutboxRow {
				return db.OutboxRow{ID: id, DoneAt: t0.Add(time.Second)}
			},
		},
		{
			name: "mark done twice keeps the first time",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				if err := s.MarkDone(ctx, id, t0.Add(time.Second)); err != nil {
					return err
				}
				return s.MarkDone(ctx, id, t0.Add(time.Minute))
			},
			want: func(id string) db.OutboxRow {
				return db.OutboxRow{ID: id, DoneAt: t0.Add(time.Second)}
			},
		},
		{
			name: "mark enqueued after done changes nothing",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				if err := s.MarkDone(ctx, id, t0.Add(time.Second)); err != nil {
					return err
				}
				return s.MarkEnqueued(ctx, id, t0.Add(time.Minute))
			},
			want: func(id string) db.OutboxRow {
				return db.OutboxRow{ID: id, DoneAt: t0.Add(time.Second)}
			},
		},
		{
			name: "mark done of an unknown id is a no-op",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				return s.MarkDone(ctx, "not-from-the-outbox", t0)
			},
			want: func(id string) db.OutboxRow { return db.OutboxRow{ID: id} },
		},
		{
			name: "record failure counts and keeps the last message",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				if err := s.RecordFailure(ctx, id, "first"); err != nil {
					return err
				}
				return s.RecordFailure(ctx, id, "second")
			},
			want: func(id string) db.OutboxRow {
				return db.OutboxRow{ID: id, Attempts: 2, LastError: "second"}
			},
		},
		{
			name: "record failure cuts a long message",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				return s.RecordFailure(ctx, id, strings.Repeat("ж", 5000))
			},
			want: func(id string) db.OutboxRow {
				return db.OutboxRow{ID: id, Attempts: 1, LastError: strings.Repeat("ж", 1000)}
			},
		},
		{
			name: "record failure of an unknown id is a no-op",
			do: func(t *testing.T, s *db.OutboxStore, id string) error {
				return s.RecordFailure(ctx, "not-from-the-outbox", "boom")
			},
			want: func(id string) db.OutboxRow { return db.OutboxRow{ID: id} },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bdb := dbtest.New(t, dbtest.Options{})
			s := db.NewOutboxStore(bdb)
			id := addOutboxEvent(t, bdb, t0, event.Event{Type: "test:a", Payload: []byte(`{}`)})
			if err := tt.do(t, s, id); err != nil {
				t.Fatal(err)
			}
			got := getOutboxRow(t, s, id)
			want := tt.want(id)
			want.Type, want.Queue, want.Payload = "test:a", event.QueueDefault, []byte(`{}`)
			want.CreatedAt, want.AvailableAt = t0, t0
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("row (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestOutboxStoreGetUnknown(t *testing.T) {
	s := db.NewOutboxStore(dbtest.New(t, dbtest.Options{}))
	_, err := s.Get(context.Background(), "missing")
	if !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("Get(missing) error = %v, want sql.ErrNoRows", err)
	}
}

func TestOutboxStoreDeleteDone(t *testing.T) {
	t0 := outboxT0()
	ctx := context.Background()
	tests := []struct {
		name        string
		olderThan   time.Time
		wantDeleted int
		wantLeft    []string
	}{
		{name: "nothing done that long ago", olderThan: t0.Add(-time.Hour), wantDeleted: 0,
			wantLeft: []string{"done-early", "done-late", "pending-old"}},
		{name: "deletes only rows done before the cut", olderThan: t0.Add(time.Minute), wantDeleted: 1,
			wantLeft: []string{"done-late", "pending-old"}},
		{name: "never deletes pending rows", olderThan: t0.Add(24 * time.Hour), wantDeleted: 2,
			wantLeft: []string{"pending-old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bdb := dbtest.New(t, dbtest.Options{})
			s := db.NewOutboxStore(bdb)
			names := map[string]string{}
			for _, name := range []string{"done-early", "done-late", "pending-old"} {
				names[addOutboxEvent(t, bdb, t0.Add(-48*time.Hour), event.Event{Type: "test:" + name})] = name
			}
			for id, name := range names {
				switch name {
				case "done-early":
					if err := s.MarkDone(ctx, id, t0); err != nil {
						t.Fatal(err)
					}
				case "done-late":
					if err := s.MarkDone(ctx, id, t0.Add(time.Hour)); err != nil {
						t.Fatal(err)
					}
				}
			}
			n, err := s.DeleteDone(ctx, tt.olderThan)
			if err != nil {
				t.Fatalf("DeleteDone: %v", err)
			}
			if n != tt.wantDeleted {
				t.Errorf("DeleteDone = %d, want %d", n, tt.wantDeleted)
			}
			left := []string{}
			for _, id := range slices.Sorted(maps.Keys(names)) {
				if _, err := s.Get(ctx, id); err == nil {
					left = append(left, names[id])
				}
			}
			slices.Sort(left)
			if diff := cmp.Diff(tt.wantLeft, left); diff != "" {
				t.Errorf("rows left (-want, +got):\n%s", diff)
			}
		})
	}
}

func TestOutboxStorePending(t *testing.T) {
	t0 := outboxT0()
	ctx := context.Background()
	bdb := dbtest.New(t, dbtest.Options{})
	s := db.NewOutboxStore(bdb)
	want := func(n int) {
		t.Helper()
		got, err := s.Pending(ctx)
		if err != nil {
			t.Fatalf("Pending: %v", err)
		}
		if got != n {
			t.Errorf("Pending = %d, want %d", got, n)
		}
	}
	want(0)
	a := addOutboxEvent(t, bdb, t0, event.Event{Type: "test:a"})
	addOutboxEvent(t, bdb, t0, event.Event{Type: "test:b", NotBefore: t0.Add(time.Hour)})
	want(2)
	if err := s.MarkEnqueued(ctx, a, t0); err != nil {
		t.Fatal(err)
	}
	want(2)
	if err := s.MarkDone(ctx, a, t0); err != nil {
		t.Fatal(err)
	}
	want(1)
}
