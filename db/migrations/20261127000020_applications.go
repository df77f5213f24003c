package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerApplications creates applications, their stage history and the
// ratings of the services received.
func registerApplications(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE applications (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				service_code TEXT NOT NULL,
				department_code TEXT NOT NULL,
				status TEXT NOT NULL,
				channel TEXT NOT NULL,
				applicant TEXT NOT NULL,
				applicant_id TEXT NOT NULL,
				data TEXT NOT NULL,
				branch_code TEXT NOT NULL,
				idempotency_key TEXT,
				request TEXT NOT NULL,
				reason TEXT NOT NULL,
				result_document TEXT NOT NULL,
				agency_ticket TEXT NOT NULL DEFAULT '',
				created_at {{ts}} NOT NULL,
				updated_at {{ts}} NOT NULL,
				submitted_at {{ts}},
				UNIQUE (account_id, idempotency_key)
			)`,
			`CREATE INDEX applications_account_idx ON applications (account_id, created_at)`,
			`CREATE INDEX applications_department_idx ON applications (department_code, status, submitted_at)`,
			`CREATE TABLE application_stages (
				id {{id}},
				application_id TEXT NOT NULL REFERENCES applications (id),
				status TEXT NOT NULL,
				actor_id TEXT NOT NULL,
				comment TEXT NOT NULL,
				at {{ts}} NOT NULL
			)`,
			`CREATE INDEX application_stages_idx ON application_stages (application_id, id)`,
			`CREATE TABLE ratings (
				application_id TEXT PRIMARY KEY REFERENCES applications (id),
				score INTEGER NOT NULL,
				comment TEXT NOT NULL,
				at {{ts}} NOT NULL
			)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE ratings`, `DROP TABLE application_stages`, `DROP TABLE applications`)
	})
}
