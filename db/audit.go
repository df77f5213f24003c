package db

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
)

// WriteAudit appends one entry to the audit log, in idb's transaction if it
// is one: for actions outside a domain's own transaction (an
// administrator's re-run of a job).
func WriteAudit(ctx context.Context, idb bun.IDB, e account.AuditEvent) error {
	return (&accountTx{tx: idb}).Audit(ctx, e)
}
