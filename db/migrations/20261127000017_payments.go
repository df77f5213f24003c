package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerPayments creates payments, the locks that keep a charge in one
// unfinished payment, and the citizen's documents (receipts first).
func registerPayments(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE payments (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				idempotency_key TEXT NOT NULL,
				status TEXT NOT NULL,
				amount_kopecks BIGINT NOT NULL,
				items TEXT NOT NULL,
				return_url TEXT NOT NULL,
				acquirer_id TEXT NOT NULL,
				page_url TEXT NOT NULL,
				acquirer_ref TEXT NOT NULL,
				receipt_id TEXT NOT NULL,
				created_at {{ts}} NOT NULL,
				paid_at {{ts}},
				reported_at {{ts}},
				UNIQUE (account_id, idempotency_key)
			)`,
			`CREATE TABLE charge_locks (
				charge_id TEXT PRIMARY KEY REFERENCES charges (id),
				payment_id TEXT NOT NULL REFERENCES payments (id)
			)`,
			`CREATE INDEX charge_locks_payment_idx ON charge_locks (payment_id)`,
			`CREATE TABLE documents (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				kind TEXT NOT NULL,
				title TEXT NOT NULL,
				data TEXT NOT NULL,
				created_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX documents_account_idx ON documents (account_id, kind, created_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE documents`, `DROP TABLE charge_locks`, `DROP TABLE payments`)
	})
}
