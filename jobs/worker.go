package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/hibiken/asynq"
)

// DefaultShutdownTimeout is how long a stopping worker lets running jobs
// finish before it abandons them to be re-run elsewhere: well under the
// 30s most orchestrators wait between SIGTERM and SIGKILL.
const DefaultShutdownTimeout = 25 * time.Second

// WorkerConfig tunes NewServer; zero values take the defaults.
type WorkerConfig struct {
	// Concurrency is how many jobs run at once; zero means one per CPU.
	Concurrency int
	// Queues weighs the queues; nil means QueuePriorities().
	Queues map[string]int
	// ShutdownTimeout defaults to DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// TaskCheckInterval is how often idle workers look for new tasks;
	// zero means asynq's default (1s). Tests shorten it.
	TaskCheckInterval time.Duration
	// DelayedTaskCheckInterval is how often scheduled and retried tasks
	// are moved to their queue; zero means asynq's default (5s).
	DelayedTaskCheckInterval time.Duration
	// BaseContext is the parent of every job's context; nil means
	// context.Background.
	BaseContext func() context.Context
	// Logger receives asynq's own messages and job failures; nil discards.
	Logger *slog.Logger
}

// NewServer returns an asynq worker on redis serving the platform's queues.
// Start it with the mux from NewMux; Shutdown (or SIGTERM under Run) waits
// up to ShutdownTimeout for running jobs.
func NewServer(redis asynq.RedisConnOpt, cfg WorkerConfig) *asynq.Server {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With("component", "worker")
	queues := cfg.Queues
	if queues == nil {
		queues = QueuePriorities()
	}
	shutdown := cfg.ShutdownTimeout
	if shutdown <= 0 {
		shutdown = DefaultShutdownTimeout
	}
	return asynq.NewServer(redis, asynq.Config{
		Concurrency:              cfg.Concurrency,
		Queues:                   queues,
		ShutdownTimeout:          shutdown,
		TaskCheckInterval:        cfg.TaskCheckInterval,
		DelayedTaskCheckInterval: cfg.DelayedTaskCheckInterval,
		BaseContext:              cfg.BaseContext,
		Logger:                   NewAsynqLogger(logger),
		LogLevel:                 asynqLevel(logger),
		ErrorHandler:             errorHandler(logger),
		RetryDelayFunc:           retryDelay,
	})
}

// retryAfter is an error that says when to try again (an FCM quota's
// Retry-After).
type retryAfter interface{ RetryIn() time.Duration }

// retryDelay honours an error's own retry time, else asynq's exponential
// backoff. A task whose worker died (killed, out of memory, its node lost)
// did not fail: asynq's recoverer hands it back only once its lease has
// expired, a minute or so later, and it runs again at once instead of
// waiting a first retry's 15–45 s more.
func retryDelay(n int, err error, t *asynq.Task) time.Duration {
	if errors.Is(err, asynq.ErrLeaseExpired) {
		return 0
	}
	var ra retryAfter
	if errors.As(err, &ra) && ra.RetryIn() > 0 {
		return ra.RetryIn()
	}
	return asynq.DefaultRetryDelayFunc(n, err, t)
}

// errorHandler logs the failures an operator must act on: the last one of
// a task, after which asynq archives it. Every failed run is already logged
// by the mux's middleware.
func errorHandler(logger *slog.Logger) asynq.ErrorHandler {
	return asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
		id, _ := asynq.GetTaskID(ctx)
		queue, _ := asynq.GetQueueName(ctx)
		retry, okRetry := asynq.GetRetryCount(ctx)
		maxRetry, okMax := asynq.GetMaxRetry(ctx)
		attrs := []any{"type", t.Type(), "task_id", id, "queue", queue, "retry", retry, "max_retry", maxRetry, "err", err}
		switch {
		case errors.Is(err, asynq.SkipRetry), okRetry && okMax && retry >= maxRetry:
			logger.ErrorContext(ctx, "job gave up, task archived", attrs...)
		case errors.Is(err, asynq.RevokeTask):
			logger.WarnContext(ctx, "job revoked", attrs...)
		default:
			logger.DebugContext(ctx, "job will be retried", attrs...)
		}
	})
}

// asynqLevel lets through to the adapter what logger would keep, so asynq
// does not format debug messages that would be dropped.
func asynqLevel(logger *slog.Logger) asynq.LogLevel {
	if logger.Enabled(context.Background(), slog.LevelDebug) {
		return asynq.DebugLevel
	}
	return asynq.InfoLevel
}

// AsynqLogger adapts a *slog.Logger to asynq.Logger, for the server and the
// scheduler.
type AsynqLogger struct {
	log *slog.Logger
}

// NewAsynqLogger returns an asynq.Logger writing to logger.
func NewAsynqLogger(logger *slog.Logger) *AsynqLogger {
	return &AsynqLogger{log: logger}
}

// Debug logs at slog.LevelDebug.
func (l *AsynqLogger) Debug(args ...any) { l.log.Debug(fmt.Sprint(args...)) }

// Info logs at slog.LevelInfo.
func (l *AsynqLogger) Info(args ...any) { l.log.Info(fmt.Sprint(args...)) }

// Warn logs at slog.LevelWarn.
func (l *AsynqLogger) Warn(args ...any) { l.log.Warn(fmt.Sprint(args...)) }

// Error logs at slog.LevelError.
func (l *AsynqLogger) Error(args ...any) { l.log.Error(fmt.Sprint(args...)) }

// Fatal logs at slog.LevelError and exits, as asynq.Logger requires: asynq
// calls it only when it cannot go on.
func (l *AsynqLogger) Fatal(args ...any) {
	l.log.Error(fmt.Sprint(args...), "fatal", true)
	os.Exit(1)
}
