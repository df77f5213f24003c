package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerAccounts creates accounts, registrations, sessions, one-time
// codes, sign-in throttles and the audit log. Uniqueness that matters (one
// account per phone, per email, per SNILS) is a unique index, not a
// read-then-write.
func registerAccounts(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE accounts (
				id TEXT PRIMARY KEY,
				kind TEXT NOT NULL,
				last_name TEXT NOT NULL,
				first_name TEXT NOT NULL,
				patronymic TEXT NOT NULL DEFAULT '',
				phone TEXT UNIQUE,
				email TEXT UNIQUE,
				snils_hash TEXT UNIQUE,
				password_hash TEXT NOT NULL,
				tier TEXT NOT NULL,
				method TEXT NOT NULL,
				created_at {{ts}} NOT NULL,
				password_changed_at {{ts}} NOT NULL
			)`,
			`CREATE TABLE account_roles (
				account_id TEXT NOT NULL REFERENCES accounts (id),
				role TEXT NOT NULL,
				scope TEXT NOT NULL DEFAULT '',
				granted_by TEXT NOT NULL DEFAULT '',
				granted_at {{ts}} NOT NULL,
				reason TEXT NOT NULL DEFAULT '',
				PRIMARY KEY (account_id, role, scope)
			)`,
			`CREATE TABLE registrations (
				id TEXT PRIMARY KEY,
				last_name TEXT NOT NULL,
				first_name TEXT NOT NULL,
				contact_kind TEXT NOT NULL,
				contact TEXT NOT NULL,
				code_hash TEXT NOT NULL,
				code_expires_at {{ts}} NOT NULL,
				code_attempts INTEGER NOT NULL DEFAULT 0,
				resend_after {{ts}} NOT NULL,
				confirmed_at {{ts}},
				setup_hash TEXT UNIQUE,
				setup_expires {{ts}},
				account_id TEXT,
				created_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX registrations_contact_idx ON registrations (contact)`,
			`CREATE TABLE sessions (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				device TEXT NOT NULL,
				ip TEXT NOT NULL,
				created_at {{ts}} NOT NULL,
				last_used_at {{ts}} NOT NULL,
				expires_at {{ts}} NOT NULL,
				revoked_at {{ts}},
				reason TEXT NOT NULL DEFAULT ''
			)`,
			`CREATE INDEX sessions_account_idx ON sessions (account_id)`,
			`CREATE TABLE refresh_tokens (
				hash TEXT PRIMARY KEY,
				session_id TEXT NOT NULL REFERENCES sessions (id),
				created_at {{ts}} NOT NULL,
				used_at {{ts}}
			)`,
			`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`,
			`CREATE TABLE account_codes (
				id TEXT PRIMARY KEY,
				purpose TEXT NOT NULL,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				channel TEXT NOT NULL,
				hash TEXT NOT NULL UNIQUE,
				expires_at {{ts}} NOT NULL,
				attempts INTEGER NOT NULL DEFAULT 0,
				used_at {{ts}},
				created_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX account_codes_account_idx ON account_codes (account_id, purpose)`,
			`CREATE TABLE signin_throttles (
				key TEXT PRIMARY KEY,
				failures INTEGER NOT NULL,
				window_start {{ts}} NOT NULL,
				last_failure {{ts}} NOT NULL,
				locked_until {{ts}}
			)`,
			`CREATE TABLE audit_log (
				id {{id}},
				at {{ts}} NOT NULL,
				action TEXT NOT NULL,
				actor_id TEXT NOT NULL DEFAULT '',
				subject_id TEXT NOT NULL DEFAULT '',
				ip TEXT NOT NULL DEFAULT '',
				details TEXT NOT NULL DEFAULT '{}'
			)`,
			`CREATE INDEX audit_log_subject_idx ON audit_log (subject_id, at)`,
			`CREATE INDEX audit_log_action_idx ON audit_log (action, at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE audit_log`, `DROP TABLE signin_throttles`, `DROP TABLE account_codes`,
			`DROP TABLE refresh_tokens`, `DROP TABLE sessions`, `DROP TABLE registrations`,
			`DROP TABLE account_roles`, `DROP TABLE accounts`)
	})
}
