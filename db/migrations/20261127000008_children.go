package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerChildren creates the children parents act for.
func registerChildren(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE children (
				id TEXT PRIMARY KEY,
				parent_id TEXT NOT NULL REFERENCES accounts (id),
				last_name TEXT NOT NULL,
				first_name TEXT NOT NULL,
				patronymic TEXT NOT NULL,
				birth_date {{ts}} NOT NULL,
				cert_series TEXT NOT NULL,
				cert_number TEXT NOT NULL,
				added_at {{ts}} NOT NULL,
				UNIQUE (parent_id, cert_series, cert_number)
			)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE children`)
	})
}
