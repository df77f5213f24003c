package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerNotificationPush records when a notification's push went out.
func registerNotificationPush(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `ALTER TABLE notifications ADD COLUMN pushed_at {{ts}}`)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `ALTER TABLE notifications DROP COLUMN pushed_at`)
	})
}
