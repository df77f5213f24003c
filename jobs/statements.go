package jobs

import (
	"context"

	"github.com/hibiken/asynq"

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
