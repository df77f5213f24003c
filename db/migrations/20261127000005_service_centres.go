package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerServiceCentres creates the service centres (MFC), where
// operators confirm identities and make electronic duplicates.
func registerServiceCentres(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE service_centres (
				id {{id}},
				code TEXT NOT NULL UNIQUE,
				name_ru TEXT NOT NULL,
				name_en TEXT NOT NULL,
				region_code TEXT NOT NULL REFERENCES regions (code),
				oktmo TEXT NOT NULL DEFAULT '',
				address TEXT NOT NULL
			)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE service_centres`)
	})
}
