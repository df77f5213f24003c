package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerHearingStages keeps each hearing's history: when it reached each
// status and who moved it there (empty for its schedule). The key is the
// hearing and the status, since a hearing reaches each status once: an
// opening or closing job run twice, or by two workers at once, fails on
// it instead of opening or closing the hearing again. Hearings made before
// get their history from the times they already keep.
func registerHearingStages(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE hearing_stages (
				hearing_id TEXT NOT NULL REFERENCES hearings (id),
				status TEXT NOT NULL,
				at {{ts}} NOT NULL,
				actor_id TEXT NOT NULL DEFAULT '',
				PRIMARY KEY (hearing_id, status)
			)`,
			`INSERT INTO hearing_stages (hearing_id, status, at, actor_id) SELECT id, 'DRAFT', created_at, created_by FROM hearings`,
			`INSERT INTO hearing_stages (hearing_id, status, at, actor_id) SELECT id, 'ANNOUNCED', announced_at, created_by FROM hearings WHERE announced_at IS NOT NULL`,
			`INSERT INTO hearing_stages (hearing_id, status, at) SELECT id, 'OPEN', opened_at FROM hearings WHERE opened_at IS NOT NULL`,
			`INSERT INTO hearing_stages (hearing_id, status, at) SELECT id, 'CLOSED', closed_at FROM hearings WHERE closed_at IS NOT NULL`,
			`INSERT INTO hearing_stages (hearing_id, status, at) SELECT id, 'RESULTS_PUBLISHED', results_at FROM hearings WHERE results_at IS NOT NULL`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE hearing_stages`)
	})
}
