package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerServicesForChildren marks the services a parent may receive on
// behalf of his child.
func registerServicesForChildren(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `ALTER TABLE services ADD COLUMN for_children {{bool}} NOT NULL DEFAULT FALSE`)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `ALTER TABLE services DROP COLUMN for_children`)
	})
}
