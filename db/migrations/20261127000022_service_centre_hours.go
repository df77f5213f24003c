package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerServiceCentreHours gives each service-centre branch its opening
// hours, which a citizen choosing where to collect a result needs.
func registerServiceCentreHours(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `ALTER TABLE service_centres ADD COLUMN hours_ru TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE service_centres ADD COLUMN hours_en TEXT NOT NULL DEFAULT ''`)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `ALTER TABLE service_centres DROP COLUMN hours_en`, `ALTER TABLE service_centres DROP COLUMN hours_ru`)
	})
}
