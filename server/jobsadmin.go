package main

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/jobs"
)

// jobAuditor writes administrators' actions on jobs to the audit log.
type jobAuditor struct {
	db    *bun.DB
	clock func() time.Time
}

func (j jobAuditor) AuditJob(ctx context.Context, actorID, action string, details map[string]string) error {
	return db.WriteAudit(ctx, j.db, account.AuditEvent{At: j.clock().UTC(), Action: action, ActorID: actorID, Details: details})
}

// jobsAdmin is the administrators' view of the queues, on the inspector the
// queue metrics read too.
func (a *App) jobsAdmin() *jobs.Admin {
	return jobs.NewAdmin(a.queueInspector, jobAuditor{db: a.db, clock: a.clock})
}
