// Package event holds what a state change tells the rest of the system. An
// event is written to the outbox in the same transaction as the change, and
// the relay turns it into a background job.
package event

import "time"

// Queues, most urgent first. Workers serve them with priorities 6, 3 and 1.
const (
	QueueCritical = "critical"
	QueueDefault  = "default"
	QueueLow      = "low"
)

// Event is one thing that happened and must be acted on in the background.
type Event struct {
	// Type is the job type that acts on it, "domain:action".
	Type string
	// Queue is one of the Queue constants; empty means QueueDefault.
	Queue string
	// Payload is the job's JSON payload.
	Payload []byte
	// NotBefore delays the job; zero means as soon as possible.
	NotBefore time.Time
}

// Record is an event as the outbox keeps it: what the relay moves into the
// job queue and what the worker marks done. Zero times mean "not yet".
type Record struct {
	// ID is also the job's task id, which is what makes a repeated enqueue
	// of the same record a no-op.
	ID      string
	Type    string
	Queue   string
	Payload []byte
	// CreatedAt is when the change that caused the event committed.
	CreatedAt time.Time
	// AvailableAt is when the job may run: NotBefore, or CreatedAt.
	AvailableAt time.Time
	// EnqueuedAt is when the relay last handed the record to the queue or
	// last confirmed that the queue still holds it.
	EnqueuedAt time.Time
	// DoneAt is when a handler finished the job successfully.
	DoneAt time.Time
	// Attempts counts failures recorded against the record.
	Attempts int
	// LastError is the most recent recorded failure.
	LastError string
}
