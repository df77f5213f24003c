package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/event"
)

// Clock tells the time; tests inject a fixed or stepping one.
type Clock func() time.Time

// RelayStore is what the Relay needs of the outbox (db.OutboxStore).
type RelayStore interface {
	// Due returns up to limit rows not done, available at or before now, and
	// either never enqueued or last enqueued before redeliverBefore.
	Due(ctx context.Context, now, redeliverBefore time.Time, limit int) ([]event.Record, error)
	// MarkEnqueued records that the queue holds the row's task as of at.
	MarkEnqueued(ctx context.Context, id string, at time.Time) error
	// MarkDone records that the row's job finished; unknown ids are a no-op.
	MarkDone(ctx context.Context, id string, at time.Time) error
	// RecordFailure adds one to the row's attempts and keeps msg.
	RecordFailure(ctx context.Context, id, msg string) error
}

// RelayOptions tune a Relay; zero values take the defaults.
type RelayOptions struct {
	// Interval is the pause between passes of Run. Default 1s.
	Interval time.Duration
	// RedeliverAfter is how long after enqueueing a row that is still not
	// done the relay checks that its task still exists. Default 5m.
	RedeliverAfter time.Duration
	// Lookahead lets rows available within it be enqueued early with
	// asynq.ProcessAt, so a delayed job runs on time rather than up to
	// Interval late. Default 1m; negative enqueues nothing early.
	Lookahead time.Duration
	// BatchSize bounds the rows one RunOnce handles. Default 100.
	BatchSize int
	// MaxRetry is the asynq retry limit of relayed tasks. Default 25.
	MaxRetry int
	// Retention keeps a completed task in Redis for this long, so that a
	// second relay that read the row before it was marked done gets a task
	// id conflict instead of running the job again. Default 1h.
	Retention time.Duration
	// Clock defaults to time.Now.
	Clock Clock
}

func (o RelayOptions) withDefaults() RelayOptions {
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.RedeliverAfter <= 0 {
		o.RedeliverAfter = 5 * time.Minute
	}
	if o.Lookahead < 0 {
		o.Lookahead = 0
	} else if o.Lookahead == 0 {
		o.Lookahead = time.Minute
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 100
	}
	if o.MaxRetry <= 0 {
		o.MaxRetry = 25
	}
	if o.Retention <= 0 {
		o.Retention = time.Hour
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// Relay moves outbox rows into asynq. Several relays may run at once (one
// per node): the task id is the row id, so a row two relays pick up is still
// enqueued once.
type Relay struct {
	store     RelayStore
	client    *asynq.Client
	inspector *asynq.Inspector
	log       *slog.Logger
	opts      RelayOptions
}

// NewRelay returns a relay from store to client. inspector must reach the
// same Redis; it tells a lost task from one still queued. A nil logger
// discards.
func NewRelay(store RelayStore, client *asynq.Client, inspector *asynq.Inspector, logger *slog.Logger, opts RelayOptions) *Relay {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Relay{
		store:     store,
		client:    client,
		inspector: inspector,
		log:       logger.With("component", "relay"),
		opts:      opts.withDefaults(),
	}
}

// Run relays until ctx is done: a pass every Interval, or straight away
// again after a full batch so a backlog drains at full speed. A failed pass
// is logged and retried on the next tick; the rows stay due meanwhile.
func (r *Relay) Run(ctx context.Context) {
	ticker := time.NewTicker(r.opts.Interval)
	defer ticker.Stop()
	for {
		moved, full, err := r.runOnce(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			r.log.ErrorContext(ctx, "relay pass failed", "moved", moved, "err", err)
		case full:
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// RunOnce handles one batch of due rows and returns how many it enqueued
// (a task id conflict counts: the task is queued either way). It stops at
// the first row it cannot handle, since that is usually Redis or the
// database being down; the rows left stay due for the next pass.
func (r *Relay) RunOnce(ctx context.Context) (moved int, err error) {
	moved, _, err = r.runOnce(ctx)
	return moved, err
}

func (r *Relay) runOnce(ctx context.Context) (moved int, full bool, err error) {
	now := r.opts.Clock()
	rows, err := r.store.Due(ctx, now.Add(r.opts.Lookahead), now.Add(-r.opts.RedeliverAfter), r.opts.BatchSize)
	if err != nil {
		return 0, false, fmt.Errorf("jobs: relay: %w", err)
	}
	for _, row := range rows {
		if err := ctx.Err(); err != nil {
			return moved, false, err
		}
		enqueued, err := r.relay(ctx, now, row)
		if err != nil {
			return moved, false, err
		}
		if enqueued {
			moved++
		}
	}
	return moved, len(rows) == r.opts.BatchSize, nil
}

// relay handles one due row and reports whether it enqueued the row's task.
func (r *Relay) relay(ctx context.Context, now time.Time, row event.Record) (bool, error) {
	if row.Queue == "" {
		row.Queue = event.QueueDefault
	}
	rechecked := !row.EnqueuedAt.IsZero()
	if rechecked {
		again, err := r.recheck(ctx, now, row)
		if err != nil || !again {
			return false, err
		}
	}
	opts := []asynq.Option{
		asynq.TaskID(row.ID),
		asynq.Queue(row.Queue),
		asynq.MaxRetry(r.opts.MaxRetry),
		asynq.Retention(r.opts.Retention),
	}
	if row.AvailableAt.After(now) {
		// A delay, not an absolute time: asynq counts on Redis's clock,
		// the outbox on the application's (tests move it).
		opts = append(opts, asynq.ProcessIn(row.AvailableAt.Sub(now)))
	}
	_, err := r.client.EnqueueContext(ctx, asynq.NewTask(row.Type, row.Payload), opts...)
	switch {
	case errors.Is(err, asynq.ErrTaskIDConflict) && rechecked:
		// The task is there after all: Redis lost asynq's queue registry
		// (a wipe under a running client, which does not register a queue
		// twice), so the Inspector could not see it.
		r.log.DebugContext(ctx, "task still queued", "type", row.Type, "task_id", row.ID, "queue", row.Queue)
	case errors.Is(err, asynq.ErrTaskIDConflict):
		// An earlier pass enqueued it and crashed before MarkEnqueued, or
		// another relay got there first: either way it is queued once.
	case err != nil:
		err = fmt.Errorf("jobs: unable to enqueue %s %s: %w", row.Type, row.ID, err)
		r.recordFailure(ctx, row.ID, err)
		return false, err
	case rechecked:
		r.log.WarnContext(ctx, "task lost, enqueued again", "type", row.Type, "task_id", row.ID, "queue", row.Queue)
	}
	if err := r.store.MarkEnqueued(ctx, row.ID, now); err != nil {
		// The task is queued; the row will be rechecked and left alone.
		return true, fmt.Errorf("jobs: relay: %w", err)
	}
	return true, nil
}

// recheck looks at the task of a row enqueued long ago and not done, and
// reports whether it must be enqueued again.
func (r *Relay) recheck(ctx context.Context, now time.Time, row event.Record) (bool, error) {
	info, err := r.inspector.GetTaskInfo(row.Queue, row.ID)
	switch {
	case errors.Is(err, asynq.ErrTaskNotFound), errors.Is(err, asynq.ErrQueueNotFound):
		// Redis lost it (the embedded one keeps nothing across restarts)
		// or the task finished without its row being marked done; handlers
		// are idempotent, so running it again is safe.
		return true, nil
	case err != nil:
		return false, fmt.Errorf("jobs: unable to inspect task %s: %w", row.ID, err)
	}
	switch info.State {
	case asynq.TaskStateCompleted:
		// The handler succeeded but marking the row done failed.
		if err := r.store.MarkDone(ctx, row.ID, now); err != nil {
			return false, fmt.Errorf("jobs: relay: %w", err)
		}
		return false, nil
	case asynq.TaskStateArchived:
		// Out of retries: an operator decides (asynq can run it again, and
		// the worker then marks the row done). Record it once, not on every
		// recheck, so attempts keeps meaning failures.
		msg := fmt.Sprintf("task archived after %d retries: %s", info.Retried, info.LastErr)
		if row.LastError != msg {
			r.log.ErrorContext(ctx, "task archived", "type", row.Type, "task_id", row.ID, "queue", row.Queue, "err", info.LastErr)
			if err := r.store.RecordFailure(ctx, row.ID, msg); err != nil {
				return false, fmt.Errorf("jobs: relay: %w", err)
			}
		}
	}
	// Still queued (or archived): look again after RedeliverAfter.
	if err := r.store.MarkEnqueued(ctx, row.ID, now); err != nil {
		return false, fmt.Errorf("jobs: relay: %w", err)
	}
	return false, nil
}

// recordFailure notes err on the row for operators; failing to note it must
// not hide err itself, so it only logs.
func (r *Relay) recordFailure(ctx context.Context, id string, err error) {
	if ferr := r.store.RecordFailure(ctx, id, err.Error()); ferr != nil {
		r.log.ErrorContext(ctx, "unable to record relay failure", "task_id", id, "err", ferr)
	}
}
