package jobs

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/statement"
)

// outboxCleanupSpec runs the cleanup at minute 0 of every hour. A wall-clock
// spec (not "@every 1h") makes every node's scheduler fire at the same
// moment, which is what lets asynq.Unique keep one of them.
const outboxCleanupSpec = "0 * * * *"

// SchedulerConfig tunes NewScheduler; zero values take the defaults.
type SchedulerConfig struct {
	// Location is the time zone of the cron specs; nil means UTC.
	Location *time.Location
	// Logger receives asynq's messages and failed enqueues; nil discards.
	Logger *slog.Logger
}

// periodicTask is one entry of the schedule.
type periodicTask struct {
	spec string
	task *asynq.Task
	opts []asynq.Option
}

// periodicTasks is the schedule. Each task is asynq.Unique for half its
// period: every node runs a scheduler, they all fire together, and the
// first enqueue wins while the rest get asynq.ErrDuplicateTask. The lock
// ends before the next period, so a stuck task never blocks the next run.
func periodicTasks() ([]periodicTask, error) {
	cleanup, err := NewOutboxCleanupTask(OutboxCleanupPayload{})
	if err != nil {
		return nil, err
	}
	return []periodicTask{
		{spec: outboxCleanupSpec, task: cleanup, opts: []asynq.Option{asynq.Unique(30 * time.Minute), asynq.MaxRetry(3)}},
		{spec: deviceCleanupSpec, task: asynq.NewTask(TypeDeviceCleanup, nil, asynq.Queue("low")),
			opts: []asynq.Option{asynq.Unique(12 * time.Hour), asynq.MaxRetry(3)}},
		// The hourly round of subscribed citizens, spread over the hour.
		{spec: "5 * * * *", task: asynq.NewTask(statement.TypeScheduleChecks, nil, asynq.Queue("low")),
			opts: []asynq.Option{asynq.Unique(30 * time.Minute), asynq.MaxRetry(3)}},
	}, nil
}

// NewScheduler returns an asynq scheduler on redis with the platform's
// periodic tasks registered. Start it (or Run it) on every node; each
// period's task is enqueued once however many run.
func NewScheduler(redis asynq.RedisConnOpt, cfg SchedulerConfig) (*asynq.Scheduler, error) {
	tasks, err := periodicTasks()
	if err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With("component", "scheduler")
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	s := asynq.NewScheduler(redis, &asynq.SchedulerOpts{
		Location: loc,
		Logger:   NewAsynqLogger(logger),
		LogLevel: asynqLevel(logger),
		PostEnqueueFunc: func(info *asynq.TaskInfo, err error) {
			switch {
			case err == nil:
				logger.Debug("periodic task enqueued", "type", info.Type, "task_id", info.ID, "queue", info.Queue)
			case errors.Is(err, asynq.ErrDuplicateTask):
				logger.Debug("periodic task already enqueued by another scheduler", "err", err)
			default:
				logger.Error("unable to enqueue periodic task", "err", err)
			}
		},
	})
	for _, p := range tasks {
		if _, err := s.Register(p.spec, p.task, p.opts...); err != nil {
			return nil, fmt.Errorf("jobs: unable to schedule %s: %w", p.task.Type(), err)
		}
	}
	return s, nil
}
