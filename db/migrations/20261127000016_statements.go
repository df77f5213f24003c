package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerStatements creates the look-up documents, the cached charges of
// the agencies and when each agency was last asked.
func registerStatements(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`ALTER TABLE personal_data ADD COLUMN inn TEXT NOT NULL DEFAULT ''`,
			`CREATE TABLE lookup_documents (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				kind TEXT NOT NULL,
				number TEXT NOT NULL,
				label TEXT NOT NULL,
				created_at {{ts}} NOT NULL,
				UNIQUE (account_id, kind, number)
			)`,
			`CREATE TABLE statement_checks (
				account_id TEXT NOT NULL REFERENCES accounts (id),
				source TEXT NOT NULL,
				checked_at {{ts}},
				refresh_requested_at {{ts}},
				PRIMARY KEY (account_id, source)
			)`,
			`CREATE TABLE charges (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				source TEXT NOT NULL,
				kind TEXT NOT NULL,
				uin TEXT NOT NULL,
				title TEXT NOT NULL,
				amount_kopecks BIGINT NOT NULL,
				penalty_kopecks BIGINT NOT NULL,
				date {{ts}} NOT NULL,
				article TEXT NOT NULL,
				place TEXT NOT NULL,
				photo_ref TEXT NOT NULL,
				document TEXT NOT NULL,
				tax_kind TEXT NOT NULL,
				period INTEGER NOT NULL,
				number TEXT NOT NULL,
				bailiff_office TEXT NOT NULL,
				paid {{bool}} NOT NULL,
				paid_at {{ts}},
				first_seen_at {{ts}} NOT NULL,
				UNIQUE (account_id, uin)
			)`,
			`CREATE INDEX charges_account_idx ON charges (account_id, source, date)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE charges`, `DROP TABLE statement_checks`, `DROP TABLE lookup_documents`,
			`ALTER TABLE personal_data DROP COLUMN inn`)
	})
}
