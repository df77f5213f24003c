package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerInit creates the outbox: every event is written in the transaction
// of the change that causes it, and the relay moves it into asynq.
func registerInit(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE outbox (
				id TEXT PRIMARY KEY,
				type TEXT NOT NULL,
				queue TEXT NOT NULL,
				payload {{bytes}} NOT NULL,
				created_at {{ts}} NOT NULL,
				available_at {{ts}} NOT NULL,
				enqueued_at {{ts}},
				done_at {{ts}},
				attempts INTEGER NOT NULL DEFAULT 0,
				last_error TEXT NOT NULL DEFAULT ''
			)`,
			// The relay scans what is not done yet, oldest first.
			`CREATE INDEX outbox_pending_idx ON outbox (done_at, available_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE outbox`)
	})
}
