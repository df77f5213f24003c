package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerDeviceTopics records the FCM topics each device is on, and keeps
// the news sent to them.
func registerDeviceTopics(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`ALTER TABLE devices ADD COLUMN topics TEXT NOT NULL DEFAULT ''`,
			`CREATE TABLE news (
				id TEXT PRIMARY KEY,
				topic TEXT NOT NULL,
				title TEXT NOT NULL,
				body TEXT NOT NULL,
				link TEXT NOT NULL,
				author_id TEXT NOT NULL REFERENCES accounts (id),
				created_at {{ts}} NOT NULL,
				pushed_at {{ts}},
				push_error TEXT NOT NULL DEFAULT ''
			)`,
			`CREATE INDEX news_topic_idx ON news (topic, created_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE news`, `ALTER TABLE devices DROP COLUMN topics`)
	})
}
