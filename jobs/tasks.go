package jobs

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/event"
)

// Task types, "domain:action".
const (
	// TypeOutboxCleanup deletes outbox rows done longer ago than a retention.
	TypeOutboxCleanup = "outbox:cleanup"
)

// QueuePriorities returns the worker's queue weights: with all queues busy,
// critical gets 60% of the workers, default 30% and low 10%, and no queue
// starves. It returns a fresh map, so callers may change it.
func QueuePriorities() map[string]int {
	return map[string]int{
		event.QueueCritical: 6,
		event.QueueDefault:  3,
		event.QueueLow:      1,
	}
}

// OutboxCleanupPayload is the payload of TypeOutboxCleanup.
type OutboxCleanupPayload struct {
	// Retention is how long done rows are kept; zero means the handler's
	// default.
	Retention time.Duration `json:"retention,omitempty"`
}

// NewOutboxCleanupTask returns a TypeOutboxCleanup task on the low queue:
// housekeeping must never delay a citizen's work.
func NewOutboxCleanupTask(p OutboxCleanupPayload) (*asynq.Task, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("jobs: unable to encode %s payload: %w", TypeOutboxCleanup, err)
	}
	return asynq.NewTask(TypeOutboxCleanup, b, asynq.Queue(event.QueueLow)), nil
}

// decodePayload decodes t's JSON payload into a T. A payload that does not
// decode will not decode on a retry either, so the error wraps
// asynq.SkipRetry and the task goes straight to the archive for an operator.
func decodePayload[T any](t *asynq.Task) (T, error) {
	var p T
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return p, fmt.Errorf("jobs: undecodable %s payload: %w: %w", t.Type(), err, asynq.SkipRetry)
	}
	return p, nil
}
