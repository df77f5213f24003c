package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerDevices creates the push devices, one row per FCM token.
func registerDevices(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE devices (
				token TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				platform TEXT NOT NULL,
				app_version TEXT NOT NULL,
				locale TEXT NOT NULL,
				created_at {{ts}} NOT NULL,
				last_seen_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX devices_account_idx ON devices (account_id)`,
			`CREATE INDEX devices_seen_idx ON devices (last_seen_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE devices`)
	})
}
