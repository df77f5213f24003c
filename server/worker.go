package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/jobs"
	"github.com/uslugi/uslugi/notification"
)

// worker runs the background side: the asynq server with the job mux, the
// scheduler of periodic tasks, and the outbox relay.
type worker struct {
	app       *App
	server    *asynq.Server
	mux       *asynq.ServeMux
	scheduler *asynq.Scheduler
	relay     *jobs.Relay
	client    *asynq.Client
	inspector *asynq.Inspector

	cancelRelay context.CancelFunc
	relayDone   sync.WaitGroup
}

func newWorker(a *App) (*worker, error) {
	outbox := db.NewOutboxStore(a.db)
	mux, err := jobs.NewMux(jobs.MuxDeps{
		Outbox:          outbox,
		Logger:          a.log,
		Registerer:      a.reg,
		Clock:           a.clock,
		OutboxRetention: a.cfg.OutboxRetention,
		TracerProvider:  a.tracer,
	})
	if err != nil {
		return nil, err
	}
	var email jobs.EmailSender = a.sims.Email
	if a.cfg.SMTPURL != "" {
		smtp, err := agency.NewSMTPSender(a.cfg.SMTPURL)
		if err != nil {
			return nil, fmt.Errorf("SMTP_URL: %w", err)
		}
		email = smtp
	}
	mux.Handle(notification.TypeSendMessage, &jobs.MessageHandler{SMS: a.sims.SMS, Email: email, Opener: a.keys,
		Attempts: db.NewFeedStore(a.db, a.clock), Clock: a.clock})
	jobs.RegisterAccountJobs(mux, a.accounts)
	jobs.RegisterDeviceCleanup(mux, a.devices, a.cfg.DeviceTTL)
	jobs.RegisterTopicJobs(mux, a.topics, a.news)
	jobs.RegisterStatementJobs(mux, a.statements)
	jobs.RegisterPaymentJobs(mux, a.payments)
	jobs.RegisterPensionJobs(mux, a.pension)
	jobs.RegisterApplicationJobs(mux, a.applications)
	jobs.RegisterHearingJobs(mux, a.hearings)
	sched, err := jobs.NewScheduler(a.redis.opt, jobs.SchedulerConfig{Logger: a.log})
	if err != nil {
		return nil, err
	}
	w := &worker{
		app: a,
		server: jobs.NewServer(a.redis.opt, jobs.WorkerConfig{
			Concurrency:     a.cfg.WorkerConcurrency,
			ShutdownTimeout: a.cfg.Shutdown,
			Logger:          a.log,
		}),
		mux:       mux,
		scheduler: sched,
		client:    asynq.NewClient(a.redis.opt),
		inspector: asynq.NewInspector(a.redis.opt),
	}
	w.relay = jobs.NewRelay(outbox, w.client, w.inspector, a.log, jobs.RelayOptions{
		Interval:       a.cfg.RelayInterval,
		RedeliverAfter: a.cfg.RedeliverAfter,
		Lookahead:      a.cfg.relayLookahead,
		Clock:          a.clock,
	})
	return w, nil
}

func (w *worker) start(ctx context.Context) error {
	if err := w.server.Start(w.mux); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if err := w.scheduler.Start(); err != nil {
		w.server.Shutdown()
		return fmt.Errorf("scheduler: %w", err)
	}
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w.cancelRelay = cancel
	w.relayDone.Add(1)
	go func() {
		defer w.relayDone.Done()
		w.relay.Run(rctx)
	}()
	return nil
}

// stop lets running jobs finish (up to SHUTDOWN_TIMEOUT); whatever the relay
// had not moved stays in the outbox for the next start.
func (w *worker) stop() {
	if w.cancelRelay != nil {
		w.cancelRelay()
		w.relayDone.Wait()
	}
	w.scheduler.Shutdown()
	w.server.Shutdown()
	_ = w.client.Close()
	_ = w.inspector.Close()
}
