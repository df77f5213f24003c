package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/event"
)

// State is where a task is in asynq's life cycle.
type State string

// States an administrator can list.
const (
	StatePending   State = "PENDING"
	StateActive    State = "ACTIVE"
	StateScheduled State = "SCHEDULED"
	StateRetry     State = "RETRY"
	// StateArchived holds the dead tasks: out of retries, or skipped.
	StateArchived  State = "ARCHIVED"
	StateCompleted State = "COMPLETED"
)

// QueueStats is one queue as the inspector sees it.
type QueueStats struct {
	Name                                                    string
	Size, Pending, Active, Scheduled, Retry, Archived, Done int
	// ProcessedToday and FailedToday reset at midnight UTC.
	ProcessedToday, FailedToday int
	Paused                      bool
	// Latency is how long the oldest pending task has waited.
	Latency time.Duration
}

// Task is a job without its payload: payloads may carry personal data,
// and an administrator needs the type, state and error to act.
type Task struct {
	ID, Queue, Type string
	State           State
	Retried         int
	MaxRetry        int
	LastError       string
	LastFailedAt    time.Time
	NextProcessAt   time.Time
}

// Errors of Rerun.
var (
	ErrTaskNotFound = errors.New("jobs: no such task in the queue")
	// ErrNotRerunnable: the task is already waiting or running.
	ErrNotRerunnable = errors.New("jobs: the task is already pending or running")
)

// Auditor records an administrator's action.
type Auditor interface {
	AuditJob(ctx context.Context, actorID, action string, details map[string]string) error
}

// Admin is the view of the queues an administrator gets through the API:
// what waits, what retries, what died and why, and a way to run a dead
// task again once its cause is fixed.
type Admin struct {
	in    *asynq.Inspector
	audit Auditor
}

// NewAdmin returns an Admin over the inspector.
func NewAdmin(in *asynq.Inspector, audit Auditor) *Admin { return &Admin{in: in, audit: audit} }

// Queues returns every queue's counts, in the order of the worker's
// priorities.
func (a *Admin) Queues(ctx context.Context) ([]QueueStats, error) {
	exist, err := a.existing()
	if err != nil {
		return nil, err
	}
	var out []QueueStats
	for _, q := range []string{event.QueueCritical, event.QueueDefault, event.QueueLow} {
		if !exist[q] {
			out = append(out, QueueStats{Name: q}) // nothing was ever queued there
			continue
		}
		info, err := a.in.GetQueueInfo(q)
		if err != nil {
			return nil, fmt.Errorf("jobs: unable to read queue %s: %w", q, err)
		}
		out = append(out, QueueStats{Name: q, Size: info.Size, Pending: info.Pending, Active: info.Active,
			Scheduled: info.Scheduled, Retry: info.Retry, Archived: info.Archived, Done: info.Completed,
			ProcessedToday: info.Processed, FailedToday: info.Failed, Paused: info.Paused, Latency: info.Latency})
	}
	return out, nil
}

// Tasks returns a page of a queue's tasks in a state, and how many there
// are in all.
func (a *Admin) Tasks(ctx context.Context, queue string, st State, offset, limit int) ([]Task, int, error) {
	if !knownQueue(queue) {
		return nil, 0, ErrTaskNotFound
	}
	exist, err := a.existing()
	if err != nil {
		return nil, 0, err
	}
	if !exist[queue] {
		return nil, 0, nil
	}
	info, err := a.in.GetQueueInfo(queue)
	if err != nil {
		return nil, 0, fmt.Errorf("jobs: unable to read queue %s: %w", queue, err)
	}
	list, total := a.lister(st, info)
	if list == nil {
		return nil, 0, fmt.Errorf("jobs: unknown state %q", st)
	}
	// asynq pages by number: read the pages that cover offset..offset+limit.
	page, size := offset/limit+1, limit
	skip := offset % limit
	if skip != 0 {
		page, size = 1, offset+limit
		skip = offset
	}
	infos, err := list(queue, asynq.Page(page), asynq.PageSize(size))
	if err != nil {
		return nil, 0, fmt.Errorf("jobs: unable to list %s tasks of %s: %w", st, queue, err)
	}
	if skip > len(infos) {
		skip = len(infos)
	}
	infos = infos[skip:]
	out := make([]Task, 0, len(infos))
	for _, ti := range infos {
		out = append(out, task(ti))
	}
	return out, total, nil
}

func (a *Admin) lister(st State, info *asynq.QueueInfo) (func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error), int) {
	switch st {
	case StatePending:
		return a.in.ListPendingTasks, info.Pending
	case StateActive:
		return a.in.ListActiveTasks, info.Active
	case StateScheduled:
		return a.in.ListScheduledTasks, info.Scheduled
	case StateRetry:
		return a.in.ListRetryTasks, info.Retry
	case StateArchived:
		return a.in.ListArchivedTasks, info.Archived
	case StateCompleted:
		return a.in.ListCompletedTasks, info.Completed
	}
	return nil, 0
}

// Rerun puts a dead, retrying or scheduled task at the head of its queue,
// with the administrator's action in the audit log. The handler is
// idempotent (the outbox row is the effect's key), so running a task whose
// effect did happen changes nothing.
func (a *Admin) Rerun(ctx context.Context, actorID, queue, id string) (Task, error) {
	if !knownQueue(queue) {
		return Task{}, ErrTaskNotFound
	}
	ti, err := a.in.GetTaskInfo(queue, id)
	if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
		return Task{}, ErrTaskNotFound
	}
	if err != nil {
		return Task{}, fmt.Errorf("jobs: unable to read task %s: %w", id, err)
	}
	switch ti.State {
	case asynq.TaskStateArchived, asynq.TaskStateRetry, asynq.TaskStateScheduled:
	default:
		return task(ti), ErrNotRerunnable
	}
	was := task(ti)
	// The record comes first: if the audit cannot be written, the task is
	// not touched.
	if err := a.audit.AuditJob(ctx, actorID, "job.rerun", map[string]string{
		"queue": queue, "task": id, "type": ti.Type, "was": string(was.State), "lastError": ti.LastErr,
	}); err != nil {
		return Task{}, err
	}
	if err := a.in.RunTask(queue, id); err != nil {
		return Task{}, fmt.Errorf("jobs: unable to run task %s: %w", id, err)
	}
	if ti, err = a.in.GetTaskInfo(queue, id); err != nil {
		// It ran (and, being done, left the queue) before we looked again.
		was.State = StatePending
		return was, nil
	}
	return task(ti), nil
}

// existing are the queues Redis knows (asynq's inspector answers an
// unwrapped error for one never used).
func (a *Admin) existing() (map[string]bool, error) {
	qs, err := a.in.Queues()
	if err != nil {
		return nil, fmt.Errorf("jobs: unable to list the queues: %w", err)
	}
	out := make(map[string]bool, len(qs))
	for _, q := range qs {
		out[q] = true
	}
	return out, nil
}

func knownQueue(q string) bool {
	return q == event.QueueCritical || q == event.QueueDefault || q == event.QueueLow
}

func task(ti *asynq.TaskInfo) Task {
	return Task{ID: ti.ID, Queue: ti.Queue, Type: ti.Type, State: stateOf(ti.State), Retried: ti.Retried,
		MaxRetry: ti.MaxRetry, LastError: ti.LastErr, LastFailedAt: ti.LastFailedAt, NextProcessAt: ti.NextProcessAt}
}

func stateOf(s asynq.TaskState) State {
	switch s {
	case asynq.TaskStateActive:
		return StateActive
	case asynq.TaskStateScheduled:
		return StateScheduled
	case asynq.TaskStateRetry:
		return StateRetry
	case asynq.TaskStateArchived:
		return StateArchived
	case asynq.TaskStateCompleted:
		return StateCompleted
	}
	return StatePending
}
