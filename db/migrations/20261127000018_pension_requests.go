package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerPensionRequests creates the requests for pension account
// statements; the statements themselves are documents.
func registerPensionRequests(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE pension_requests (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				status TEXT NOT NULL,
				ticket TEXT NOT NULL,
				attempts INTEGER NOT NULL,
				message TEXT NOT NULL,
				message_en TEXT NOT NULL,
				requested_at {{ts}} NOT NULL,
				answered_at {{ts}},
				document_id TEXT NOT NULL
			)`,
			`CREATE INDEX pension_requests_account_idx ON pension_requests (account_id, requested_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE pension_requests`)
	})
}
