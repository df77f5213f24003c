package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerCatalogChanges keeps the record of administrators' changes to the
// catalog: who changed which service, department, category or region,
// when, why, and each changed field's old and new value (a JSON list in
// fields). Rows are only ever added. The listing reads them newest first,
// all of them or one entity's (and one code's), by (at, id): hence the two
// indexes.
func registerCatalogChanges(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE catalog_changes (
				id {{id}},
				at {{ts}} NOT NULL,
				actor_id TEXT NOT NULL,
				entity TEXT NOT NULL,
				code TEXT NOT NULL,
				action TEXT NOT NULL,
				fields TEXT NOT NULL DEFAULT '[]',
				reason TEXT NOT NULL
			)`,
			`CREATE INDEX catalog_changes_at_idx ON catalog_changes (at DESC, id DESC)`,
			`CREATE INDEX catalog_changes_entity_code_idx ON catalog_changes (entity, code, at DESC, id DESC)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE catalog_changes`)
	})
}
