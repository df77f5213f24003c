package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerOrganisations creates legal entities and individual
// entrepreneurs and the people who act for them.
func registerOrganisations(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE organisations (
				id TEXT PRIMARY KEY,
				kind TEXT NOT NULL,
				name TEXT NOT NULL,
				inn TEXT NOT NULL UNIQUE,
				ogrn TEXT NOT NULL UNIQUE,
				head_id TEXT NOT NULL REFERENCES accounts (id),
				created_at {{ts}} NOT NULL
			)`,
			`CREATE TABLE organisation_members (
				org_id TEXT NOT NULL REFERENCES organisations (id),
				account_id TEXT NOT NULL REFERENCES accounts (id),
				role TEXT NOT NULL,
				added_by TEXT NOT NULL,
				added_at {{ts}} NOT NULL,
				PRIMARY KEY (org_id, account_id)
			)`,
			`CREATE INDEX organisation_members_account_idx ON organisation_members (account_id)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE organisation_members`, `DROP TABLE organisations`)
	})
}
