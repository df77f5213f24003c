package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerServicesLevelIndex indexes services by level. The catalog's
// filter by region starts from the federal services offered everywhere (51
// of the 35,000 services of the load test's catalog); without the index
// every region page read the whole services table to find them.
func registerServicesLevelIndex(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `CREATE INDEX services_level_idx ON services (level)`)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP INDEX services_level_idx`)
	})
}
