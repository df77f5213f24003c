package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerChargeSubscriptions records the citizens' choices about news of
// charges, and when each agency first answered about a citizen (charges
// found after that are new to him).
func registerChargeSubscriptions(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`ALTER TABLE statement_checks ADD COLUMN first_checked_at {{ts}}`,
			`UPDATE statement_checks SET first_checked_at = checked_at`,
			`CREATE TABLE charge_subscriptions (
				account_id TEXT PRIMARY KEY REFERENCES accounts (id),
				fines {{bool}} NOT NULL,
				taxes {{bool}} NOT NULL,
				updated_at {{ts}} NOT NULL
			)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE charge_subscriptions`, `ALTER TABLE statement_checks DROP COLUMN first_checked_at`)
	})
}
