package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerLetters creates the registered-mail confirmation letters.
func registerLetters(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE confirmation_letters (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				postal_code TEXT NOT NULL,
				address TEXT NOT NULL,
				code_hash TEXT NOT NULL,
				code_sealed {{bytes}} NOT NULL,
				tracking_number TEXT NOT NULL DEFAULT '',
				requested_at {{ts}} NOT NULL,
				sent_at {{ts}},
				expires_at {{ts}} NOT NULL,
				attempts INTEGER NOT NULL DEFAULT 0,
				used_at {{ts}}
			)`,
			`CREATE INDEX confirmation_letters_account_idx ON confirmation_letters (account_id, requested_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE confirmation_letters`)
	})
}
