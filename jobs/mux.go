package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
)

// DefaultOutboxRetention is how long done outbox rows are kept: long enough
// for an operator to trace what a change caused, short enough that the
// table stays small.
const DefaultOutboxRetention = 7 * 24 * time.Hour

// markDoneTimeout bounds the bookkeeping after a handler succeeded.
const markDoneTimeout = 5 * time.Second

// Outcome labels of the processed-jobs metric.
const (
	outcomeSuccess = "success"
	outcomeFailure = "failure"
)

// MuxOutbox is what the mux needs of the outbox (db.OutboxStore).
type MuxOutbox interface {
	// MarkDone records that the row's job finished; unknown ids are a no-op.
	MarkDone(ctx context.Context, id string, at time.Time) error
	// DeleteDone deletes rows done before olderThan and says how many.
	DeleteDone(ctx context.Context, olderThan time.Time) (int, error)
}

// MuxDeps are what NewMux needs.
type MuxDeps struct {
	// Outbox is required.
	Outbox MuxOutbox
	// Logger receives a line per job run; nil discards.
	Logger *slog.Logger
	// Registerer receives the job metrics; nil leaves them unregistered.
	Registerer prometheus.Registerer
	// Clock defaults to time.Now.
	Clock Clock
	// OutboxRetention defaults to DefaultOutboxRetention.
	OutboxRetention time.Duration
	// TracerProvider, when set, runs each task in a span; nil adds no
	// middleware at all.
	TracerProvider trace.TracerProvider
}

// NewMux returns the worker's ServeMux with the platform's handlers and
// middleware (logging, metrics, outbox bookkeeping, panic recovery), which
// also wraps handlers registered on it later. It fails only if the metrics
// clash with other collectors on the Registerer.
func NewMux(deps MuxDeps) (*asynq.ServeMux, error) {
	if deps.Outbox == nil {
		return nil, errors.New("jobs: NewMux needs an outbox")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Clock == nil {
		deps.Clock = time.Now
	}
	if deps.OutboxRetention <= 0 {
		deps.OutboxRetention = DefaultOutboxRetention
	}
	met, err := newJobMetrics(deps.Registerer)
	if err != nil {
		return nil, err
	}
	mw := &middleware{log: deps.Logger.With("component", "worker"), met: met, outbox: deps.Outbox, clock: deps.Clock}

	mux := asynq.NewServeMux()
	// The first is outermost: the span covers everything the run does,
	// and recovery sits next to the handler so that logging and metrics
	// see a panic as the error it becomes.
	if deps.TracerProvider != nil {
		mux.Use(tracing(deps.TracerProvider))
	}
	mux.Use(mw.logging, mw.metrics, mw.markDone, mw.recoverPanic)
	mux.Handle(TypeOutboxCleanup, &OutboxCleanupHandler{
		Outbox: deps.Outbox, Clock: deps.Clock, Retention: deps.OutboxRetention, Logger: mw.log,
	})
	return mux, nil
}

type jobMetrics struct {
	processed *prometheus.CounterVec
	duration  *prometheus.HistogramVec
}

func newJobMetrics(reg prometheus.Registerer) (*jobMetrics, error) {
	processed := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "uslugi_jobs_processed_total",
		Help: "Background job runs by task type and outcome (success or failure).",
	}, []string{"type", "outcome"})
	duration := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "uslugi_jobs_duration_seconds",
		Help:    "Background job run time by task type.",
		Buckets: prometheus.ExponentialBuckets(0.005, 4, 9), // 5ms .. ~5.5min
	}, []string{"type"})
	if reg == nil {
		return &jobMetrics{processed: processed, duration: duration}, nil
	}
	var err error
	// A second mux on the same registry (tests, a restart in process)
	// shares the first one's collectors instead of failing.
	if processed, err = register(reg, processed); err != nil {
		return nil, err
	}
	if duration, err = register(reg, duration); err != nil {
		return nil, err
	}
	return &jobMetrics{processed: processed, duration: duration}, nil
}

func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	if err == nil {
		return c, nil
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, fmt.Errorf("jobs: unable to register metrics: %w", err)
}

type middleware struct {
	log    *slog.Logger
	met    *jobMetrics
	outbox MuxOutbox
	clock  Clock
}

func (m *middleware) logging(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		err := next.ProcessTask(ctx, t)
		id, _ := asynq.GetTaskID(ctx)
		queue, _ := asynq.GetQueueName(ctx)
		retry, _ := asynq.GetRetryCount(ctx)
		attrs := []slog.Attr{
			slog.String("type", t.Type()),
			slog.String("task_id", id),
			slog.String("queue", queue),
			slog.Int("retry", retry),
			slog.Duration("duration", time.Since(start)),
		}
		if err != nil {
			attrs = append(attrs, slog.String("outcome", outcomeFailure), slog.Any("err", err))
			m.log.LogAttrs(ctx, slog.LevelWarn, "job failed", attrs...)
			return err
		}
		attrs = append(attrs, slog.String("outcome", outcomeSuccess))
		m.log.LogAttrs(ctx, slog.LevelInfo, "job done", attrs...)
		return nil
	})
}

func (m *middleware) metrics(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		err := next.ProcessTask(ctx, t)
		m.met.duration.WithLabelValues(t.Type()).Observe(time.Since(start).Seconds())
		outcome := outcomeSuccess
		if err != nil {
			outcome = outcomeFailure
		}
		m.met.processed.WithLabelValues(t.Type(), outcome).Inc()
		return err
	})
}

// markDone marks the outbox row of a task that succeeded done. A task not
// from the outbox has an id no row has, which makes this a no-op.
func (m *middleware) markDone(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		if err := next.ProcessTask(ctx, t); err != nil {
			return err
		}
		id, ok := asynq.GetTaskID(ctx)
		if !ok {
			return nil
		}
		// The work is done even if the run's deadline just passed, so the
		// bookkeeping gets its own short budget.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markDoneTimeout)
		defer cancel()
		if err := m.outbox.MarkDone(dctx, id, m.clock()); err != nil {
			// Failing the task would run it again for nothing; the relay's
			// recheck finds it completed (or gone) and settles the row.
			m.log.ErrorContext(ctx, "unable to mark outbox row done", "type", t.Type(), "task_id", id, "err", err)
		}
		return nil
	})
}

// recoverPanic turns a handler's panic into an error, so asynq retries the
// task like any failure and the worker keeps serving others.
func (m *middleware) recoverPanic(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) (err error) {
		defer func() {
			if p := recover(); p != nil {
				id, _ := asynq.GetTaskID(ctx)
				m.log.ErrorContext(ctx, "job panicked", "type", t.Type(), "task_id", id,
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				err = fmt.Errorf("jobs: %s panicked: %v", t.Type(), p)
			}
		}()
		return next.ProcessTask(ctx, t)
	})
}

// OutboxCleanupHandler handles TypeOutboxCleanup: it deletes outbox rows
// done longer ago than the payload's retention, or Retention when the
// payload names none (zero means DefaultOutboxRetention). Deleting is
// idempotent, so duplicate runs are safe.
type OutboxCleanupHandler struct {
	Outbox    MuxOutbox
	Clock     Clock
	Retention time.Duration
	Logger    *slog.Logger
}

// ProcessTask implements asynq.Handler.
func (h *OutboxCleanupHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := decodePayload[OutboxCleanupPayload](t)
	if err != nil {
		return err
	}
	retention := p.Retention
	if retention <= 0 {
		retention = h.Retention
	}
	if retention <= 0 {
		retention = DefaultOutboxRetention
	}
	now := time.Now
	if h.Clock != nil {
		now = h.Clock
	}
	n, err := h.Outbox.DeleteDone(ctx, now().Add(-retention))
	if err != nil {
		return fmt.Errorf("jobs: outbox cleanup: %w", err)
	}
	if h.Logger != nil {
		h.Logger.InfoContext(ctx, "outbox cleaned", "deleted", n, "retention", retention)
	}
	return nil
}
