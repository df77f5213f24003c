package jobs

import (
	"context"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/statement"
)

// StatementJobs refresh the cached statements (statement.Service).
type StatementJobs interface {
	Refresh(ctx context.Context, accountID string, src statement.Source) error
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
