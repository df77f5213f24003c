package jobs_test

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/jobs"
)

// Example wires the three parts as server/ does: the relay and the
// scheduler on every node, the worker where jobs run. It is compiled, not
// run: it needs a database and a Redis.
func Example() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	bdb, err := db.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		logger.Error("database", "err", err)
		return
	}
	redis := asynq.RedisClientOpt{Addr: "127.0.0.1:6379"}
	outbox := db.NewOutboxStore(bdb)

	client, inspector := asynq.NewClient(redis), asynq.NewInspector(redis)
	defer client.Close()
	defer inspector.Close()
	relay := jobs.NewRelay(outbox, client, inspector, logger, jobs.RelayOptions{})
	var wg sync.WaitGroup
	wg.Go(func() { relay.Run(ctx) })
	defer wg.Wait()
	defer stop() // the relay stops with ctx, whatever ends the worker

	scheduler, err := jobs.NewScheduler(redis, jobs.SchedulerConfig{Logger: logger})
	if err != nil {
		logger.Error("scheduler", "err", err)
		return
	}
	if err := scheduler.Start(); err != nil {
		logger.Error("scheduler", "err", err)
		return
	}
	defer scheduler.Shutdown()

	mux, err := jobs.NewMux(jobs.MuxDeps{Outbox: outbox, Logger: logger, Registerer: prometheus.NewRegistry()})
	if err != nil {
		logger.Error("mux", "err", err)
		return
	}
	// Run blocks until SIGTERM, then lets running jobs finish.
	if err := jobs.NewServer(redis, jobs.WorkerConfig{Logger: logger}).Run(mux); err != nil {
		logger.Error("worker", "err", err)
	}
}
