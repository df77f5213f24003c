package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerDuplicates creates the service centres' signing keys, the
// citizens' consents to duplicates and the duplicates themselves (each is
// also a row of documents).
func registerDuplicates(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE signing_keys (
				signer TEXT PRIMARY KEY,
				sealed {{bytes}} NOT NULL,
				created_at {{ts}} NOT NULL
			)`,
			`CREATE TABLE duplicate_consents (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				operator_id TEXT NOT NULL,
				centre TEXT NOT NULL,
				type TEXT NOT NULL,
				status TEXT NOT NULL,
				paper {{bool}} NOT NULL,
				paper_key TEXT NOT NULL,
				created_at {{ts}} NOT NULL,
				expires_at {{ts}} NOT NULL,
				answered_at {{ts}}
			)`,
			`CREATE TABLE duplicates (
				id TEXT PRIMARY KEY REFERENCES documents (id),
				account_id TEXT NOT NULL REFERENCES accounts (id),
				type TEXT NOT NULL,
				fields TEXT NOT NULL,
				files TEXT NOT NULL,
				centre TEXT NOT NULL,
				operator_id TEXT NOT NULL,
				signature {{bytes}} NOT NULL,
				key_id TEXT NOT NULL,
				signed_at {{ts}} NOT NULL,
				revoked_at {{ts}},
				revoke_reason TEXT NOT NULL DEFAULT '',
				revoked_by TEXT NOT NULL DEFAULT ''
			)`,
			`CREATE TABLE duplicate_hashes (
				sha256 TEXT NOT NULL,
				duplicate_id TEXT NOT NULL REFERENCES duplicates (id),
				PRIMARY KEY (sha256, duplicate_id)
			)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE duplicate_hashes`, `DROP TABLE duplicates`, `DROP TABLE duplicate_consents`, `DROP TABLE signing_keys`)
	})
}
