package jobs

import (
	"context"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/pension"
	"github.com/uslugi/uslugi/statement"
)

// StatementJobs refresh the cached statements and check subscribed
// citizens for new charges (statement.Service).
type StatementJobs interface {
	Refresh(ctx context.Context, accountID string, src statement.Source) error
	ScheduleChecks(ctx context.Context, period time.Duration) (int, error)
	CheckNew(ctx context.Context, accountID string) error
}

// RegisterStatementJobs adds the background refresh of fines, taxes and
// proceedings.
func RegisterStatementJobs(mux *asynq.ServeMux, svc StatementJobs) {
	mux.HandleFunc(statement.TypeRefresh, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[statement.RefreshPayload](t)
		if err != nil {
			return err
		}
		return svc.Refresh(ctx, p.AccountID, p.Source)
	})
	mux.HandleFunc(statement.TypeScheduleChecks, func(ctx context.Context, _ *asynq.Task) error {
		_, err := svc.ScheduleChecks(ctx, time.Hour)
		return err
	})
	mux.HandleFunc(statement.TypeCheckNew, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[statement.CheckPayload](t)
		if err != nil {
			return err
		}
		return svc.CheckNew(ctx, p.AccountID)
	})
}

// PaymentJobs report payments to the state register (payment.Service).
type PaymentJobs interface {
	Report(ctx context.Context, paymentID string) error
}

// RegisterPaymentJobs adds the report of succeeded payments to GIS GMP.
func RegisterPaymentJobs(mux *asynq.ServeMux, svc PaymentJobs) {
	mux.HandleFunc(payment.TypeReport, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[payment.ReportPayload](t)
		if err != nil {
			return err
		}
		return svc.Report(ctx, p.PaymentID)
	})
}

// PensionJobs send and poll pension statement requests (pension.Service).
type PensionJobs interface {
	Send(ctx context.Context, id string) error
	Poll(ctx context.Context, id string) error
}

// RegisterPensionJobs adds the pension statement request and its polls.
func RegisterPensionJobs(mux *asynq.ServeMux, svc PensionJobs) {
	mux.HandleFunc(pension.TypeRequest, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[pension.Payload](t)
		if err != nil {
			return err
		}
		return svc.Send(ctx, p.RequestID)
	})
	mux.HandleFunc(pension.TypePoll, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[pension.Payload](t)
		if err != nil {
			return err
		}
		return svc.Poll(ctx, p.RequestID)
	})
}

// ApplicationJobs send INN applications to the tax service and collect its
// answers (application.Service).
type ApplicationJobs interface {
	SendINN(ctx context.Context, id string) error
	PollINN(ctx context.Context, id string, attempt int) error
}

// RegisterApplicationJobs adds the jobs of applications agencies answer.
func RegisterApplicationJobs(mux *asynq.ServeMux, svc ApplicationJobs) {
	mux.HandleFunc(application.TypeINNSend, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[application.INNPayload](t)
		if err != nil {
			return err
		}
		return svc.SendINN(ctx, p.ApplicationID)
	})
	mux.HandleFunc(application.TypeINNPoll, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[application.INNPayload](t)
		if err != nil {
			return err
		}
		return svc.PollINN(ctx, p.ApplicationID, p.Attempt)
	})
}

// HearingJobs open and close hearings at their scheduled times
// (hearing.Service).
type HearingJobs interface {
	Open(ctx context.Context, id string, at time.Time) error
	Close(ctx context.Context, id string, at time.Time) error
}

// RegisterHearingJobs adds the scheduled opening and closing of hearings.
// Each is an outbox row with its time, so it survives a restart and runs
// once whatever the number of workers; the service ignores a stale one.
func RegisterHearingJobs(mux *asynq.ServeMux, svc HearingJobs) {
	mux.HandleFunc(hearing.TypeOpen, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[hearing.Payload](t)
		if err != nil {
			return err
		}
		return svc.Open(ctx, p.HearingID, p.At)
	})
	mux.HandleFunc(hearing.TypeClose, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[hearing.Payload](t)
		if err != nil {
			return err
		}
		return svc.Close(ctx, p.HearingID, p.At)
	})
}
