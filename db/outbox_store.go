package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/event"
)

// OutboxRow is one outbox row as the relay and the worker see it.
type OutboxRow = event.Record

// maxErrorLen bounds last_error: a failure message is for an operator to
// read, and a runaway one (a whole HTML error page) must not bloat the row.
const maxErrorLen = 2000

type outboxModel struct {
	bun.BaseModel `bun:"table:outbox,alias:o"`
	ID            string    `bun:"id,pk"`
	Type          string    `bun:"type"`
	Queue         string    `bun:"queue"`
	Payload       []byte    `bun:"payload"`
	CreatedAt     time.Time `bun:"created_at"`
	AvailableAt   time.Time `bun:"available_at"`
	EnqueuedAt    time.Time `bun:"enqueued_at,nullzero"`
	DoneAt        time.Time `bun:"done_at,nullzero"`
	Attempts      int       `bun:"attempts"`
	LastError     string    `bun:"last_error"`
}

func (m *outboxModel) record() OutboxRow {
	return OutboxRow{
		ID: m.ID, Type: m.Type, Queue: m.Queue, Payload: m.Payload,
		CreatedAt: utcOrZero(m.CreatedAt), AvailableAt: utcOrZero(m.AvailableAt),
		EnqueuedAt: utcOrZero(m.EnqueuedAt), DoneAt: utcOrZero(m.DoneAt),
		Attempts: m.Attempts, LastError: m.LastError,
	}
}

// AddEvent writes ev to the outbox and returns the new row's id. Call it with
// the bun.Tx of the change that causes the event, so both commit or neither
// does; the relay later moves the row into the job queue. An empty Queue
// means event.QueueDefault, a zero NotBefore means now.
func AddEvent(ctx context.Context, idb bun.IDB, now time.Time, ev event.Event) (string, error) {
	if ev.Type == "" {
		return "", errors.New("store: unable to add an event without a type")
	}
	queue := ev.Queue
	if queue == "" {
		queue = event.QueueDefault
	}
	payload := ev.Payload
	if payload == nil {
		// The column is NOT NULL; an event may carry nothing.
		payload = []byte{}
	}
	available := ev.NotBefore
	if available.IsZero() {
		available = now
	}
	m := &outboxModel{
		ID:          uuid.NewString(),
		Type:        ev.Type,
		Queue:       queue,
		Payload:     payload,
		CreatedAt:   dbTime(now),
		AvailableAt: dbTime(available),
	}
	if _, err := idb.NewInsert().Model(m).Exec(ctx); err != nil {
		return "", fmt.Errorf("store: unable to add event %s: %w", ev.Type, err)
	}
	return m.ID, nil
}

// OutboxStore reads and updates the outbox for the relay, the worker and
// the cleanup job. Rows are created with AddEvent.
type OutboxStore struct {
	db bun.IDB
}

// NewOutboxStore returns a store over db (a *bun.DB or a bun.Tx).
func NewOutboxStore(db bun.IDB) *OutboxStore {
	return &OutboxStore{db: db}
}

// Due returns up to limit rows the relay must look at, oldest available
// first: rows not done, available at or before now, and either never
// enqueued or last enqueued before redeliverBefore (so their task may have
// been lost). It returns an empty slice when there are none.
func (s *OutboxStore) Due(ctx context.Context, now, redeliverBefore time.Time, limit int) ([]OutboxRow, error) {
	if limit <= 0 {
		return nil, nil
	}
	var ms []outboxModel
	err := s.db.NewSelect().Model(&ms).
		Where("o.done_at IS NULL").
		Where("o.available_at <= ?", dbTime(now)).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("o.enqueued_at IS NULL").WhereOr("o.enqueued_at < ?", dbTime(redeliverBefore))
		}).
		OrderExpr("o.available_at ASC, o.id ASC").
		Limit(int64(limit)).
		Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch due outbox rows: %w", err)
	}
	rows := make([]OutboxRow, len(ms))
	for i := range ms {
		rows[i] = ms[i].record()
	}
	return rows, nil
}

// Get returns the row with id, or an error wrapping sql.ErrNoRows.
func (s *OutboxStore) Get(ctx context.Context, id string) (OutboxRow, error) {
	var m outboxModel
	if err := s.db.NewSelect().Model(&m).Where("o.id = ?", id).Scan(ctx); err != nil {
		return OutboxRow{}, fmt.Errorf("store: unable to fetch outbox row %s: %w", id, err)
	}
	return m.record(), nil
}

// MarkEnqueued records that the queue holds the row's task as of at. It does
// nothing for an unknown id or a row already done.
func (s *OutboxStore) MarkEnqueued(ctx context.Context, id string, at time.Time) error {
	_, err := s.db.NewUpdate().Model((*outboxModel)(nil)).
		Set("enqueued_at = ?", dbTime(at)).
		Where("id = ?", id).
		Where("done_at IS NULL").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to mark outbox row %s enqueued: %w", id, err)
	}
	return nil
}

// MarkDone records that a handler finished the row's job at at. It does
// nothing for an unknown id (a task that did not come from the outbox) and
// keeps the first time for a row already done, since delivery is
// at-least-once and a job may finish twice.
func (s *OutboxStore) MarkDone(ctx context.Context, id string, at time.Time) error {
	_, err := s.db.NewUpdate().Model((*outboxModel)(nil)).
		Set("done_at = ?", dbTime(at)).
		Where("id = ?", id).
		Where("done_at IS NULL").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to mark outbox row %s done: %w", id, err)
	}
	return nil
}

// RecordFailure adds one to the row's attempts and keeps msg (cut to a
// readable length) as its last error. It does nothing for an unknown id.
func (s *OutboxStore) RecordFailure(ctx context.Context, id, msg string) error {
	if len(msg) > maxErrorLen {
		msg = strings.ToValidUTF8(msg[:maxErrorLen], "")
	}
	_, err := s.db.NewUpdate().Model((*outboxModel)(nil)).
		Set("attempts = attempts + 1").
		Set("last_error = ?", msg).
		Where("id = ?", id).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to record a failure of outbox row %s: %w", id, err)
	}
	return nil
}

// DeleteDone deletes rows done before olderThan and returns how many it
// deleted. Rows not done are never deleted, however old.
func (s *OutboxStore) DeleteDone(ctx context.Context, olderThan time.Time) (int, error) {
	res, err := s.db.NewDelete().Model((*outboxModel)(nil)).
		Where("done_at IS NOT NULL").
		Where("done_at < ?", dbTime(olderThan)).
		Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to delete done outbox rows: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: unable to count deleted outbox rows: %w", err)
	}
	return int(n), nil
}

// Pending counts rows not done yet, for metrics and readiness: a number
// that keeps growing means the relay or the worker is stuck.
func (s *OutboxStore) Pending(ctx context.Context) (int, error) {
	n, err := s.db.NewSelect().Model((*outboxModel)(nil)).Where("o.done_at IS NULL").Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count pending outbox rows: %w", err)
	}
	return int(n), nil
}

// dbTime is t as the outbox stores it: UTC, so SQLite's text timestamps
// compare in time order, and microseconds, which both dialects keep, so a
// time reads back equal to what was written.
func dbTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

func utcOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
