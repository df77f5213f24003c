// Package jobs runs the background work of the platform on asynq.
//
// Work starts as an outbox row written in the transaction of the change that
// causes it (see db.AddEvent). The Relay moves due rows into asynq with the
// row's id as the task id, so a crash between commit and enqueue loses
// nothing (the row is still due) and a crash between enqueue and bookkeeping
// enqueues nothing twice (asynq refuses a second task with the same id). It
// also re-delivers rows whose task vanished from Redis, which the embedded
// in-memory Redis loses on every restart.
//
// The worker (NewServer) serves the ServeMux from NewMux: its middleware logs
// every run, counts it in Prometheus, turns a panic into an error so asynq
// retries it, and marks the outbox row done once its handler succeeded.
// Delivery is at-least-once, so handlers must be idempotent.
//
// Periodic work (NewScheduler) is deduplicated across schedulers, so every
// node may run one.
//
// Task types are "domain:action" constants in tasks.go, each with a payload
// struct and a NewXTask constructor.
package jobs
