package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerNotificationSettings creates each citizen's notification
// preferences and quiet hours.
func registerNotificationSettings(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE notification_settings (
				account_id TEXT PRIMARY KEY REFERENCES accounts (id),
				overrides TEXT NOT NULL DEFAULT '{}',
				quiet_start INTEGER,
				quiet_end INTEGER,
				time_zone TEXT NOT NULL DEFAULT ''
			)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE notification_settings`)
	})
}
