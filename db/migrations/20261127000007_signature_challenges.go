package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerSignatureChallenges creates the one-use texts that citizens sign
// to confirm their identity with a qualified electronic signature.
func registerSignatureChallenges(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE signature_challenges (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				nonce TEXT NOT NULL,
				issued_at {{ts}} NOT NULL,
				expires_at {{ts}} NOT NULL
			)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE signature_challenges`)
	})
}
