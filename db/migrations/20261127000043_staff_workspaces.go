package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerStaffWorkspaces keeps what the service centres' operators need:
// when an application was completed (earlier completions get the time of
// their COMPLETED stage), and when and by whom its result was handed to
// the citizen at the centre he chose. The centre's list of results waiting
// (oldest completion first) or handed out (latest first) reads them by
// branch; its list of duplicates made there reads them by centre, newest
// first: hence the indexes.
func registerStaffWorkspaces(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`ALTER TABLE applications ADD COLUMN completed_at {{ts}}`,
			`ALTER TABLE applications ADD COLUMN handed_out_at {{ts}}`,
			`ALTER TABLE applications ADD COLUMN handed_out_by TEXT NOT NULL DEFAULT ''`,
			`UPDATE applications SET completed_at = (SELECT MIN(st.at) FROM application_stages AS st
				WHERE st.application_id = applications.id AND st.status = 'COMPLETED') WHERE status = 'COMPLETED'`,
			`CREATE INDEX applications_branch_idx ON applications (branch_code, status, completed_at)`,
			`CREATE INDEX duplicates_centre_idx ON duplicates (centre, signed_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`DROP INDEX duplicates_centre_idx`,
			`DROP INDEX applications_branch_idx`,
			`ALTER TABLE applications DROP COLUMN handed_out_by`,
			`ALTER TABLE applications DROP COLUMN handed_out_at`,
			`ALTER TABLE applications DROP COLUMN completed_at`,
		)
	})
}
