package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerDeliveryAttempts records every try to deliver a notification, per
// device or contact.
func registerDeliveryAttempts(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE delivery_attempts (
				id {{id}},
				notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
				channel TEXT NOT NULL,
				target TEXT NOT NULL,
				status TEXT NOT NULL,
				error TEXT NOT NULL DEFAULT '',
				attempted_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX delivery_attempts_notification_idx ON delivery_attempts (notification_id, id)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE delivery_attempts`)
	})
}
