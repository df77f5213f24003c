package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerHearings creates public hearings: the hearings, their notices,
// votes (one row per hearing, question and participant: the primary key),
// the final tallies, proposals and their supports (once per participant:
// the primary key), and the rights to land and buildings officers record.
func registerHearings(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE hearings (
				id TEXT PRIMARY KEY,
				oktmo TEXT NOT NULL REFERENCES municipalities (oktmo),
				title TEXT NOT NULL,
				subject TEXT NOT NULL,
				subject_detail TEXT NOT NULL,
				description TEXT NOT NULL,
				materials TEXT NOT NULL,
				questions TEXT NOT NULL,
				territory TEXT NOT NULL,
				territory_quarters TEXT NOT NULL,
				organiser TEXT NOT NULL,
				status TEXT NOT NULL,
				opens_at {{ts}} NOT NULL,
				closes_at {{ts}} NOT NULL,
				meeting_at {{ts}} NOT NULL,
				meeting_place TEXT NOT NULL,
				created_by TEXT NOT NULL REFERENCES accounts (id),
				created_at {{ts}} NOT NULL,
				updated_at {{ts}} NOT NULL,
				announced_at {{ts}},
				opened_at {{ts}},
				closed_at {{ts}},
				early_close_reason TEXT NOT NULL DEFAULT '',
				voters INTEGER NOT NULL DEFAULT 0,
				eligible INTEGER NOT NULL DEFAULT 0,
				conclusion TEXT NOT NULL DEFAULT '',
				results_at {{ts}},
				protocol_id TEXT NOT NULL DEFAULT '',
				protocol_sha256 TEXT NOT NULL DEFAULT '',
				protocol_signature TEXT NOT NULL DEFAULT ''
			)`,
			`CREATE INDEX hearings_place_idx ON hearings (oktmo, status, opens_at)`,
			`CREATE INDEX hearings_status_idx ON hearings (status, opens_at)`,
			`CREATE TABLE hearing_notices (
				id TEXT PRIMARY KEY,
				hearing_id TEXT NOT NULL REFERENCES hearings (id),
				kind TEXT NOT NULL,
				title TEXT NOT NULL,
				body TEXT NOT NULL,
				author_id TEXT NOT NULL REFERENCES accounts (id),
				at {{ts}} NOT NULL
			)`,
			`CREATE INDEX hearing_notices_idx ON hearing_notices (hearing_id, at)`,
			`CREATE TABLE hearing_votes (
				hearing_id TEXT NOT NULL REFERENCES hearings (id),
				question INTEGER NOT NULL,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				choice TEXT NOT NULL,
				cast_at {{ts}} NOT NULL,
				first_cast_at {{ts}} NOT NULL,
				changes INTEGER NOT NULL DEFAULT 0,
				PRIMARY KEY (hearing_id, question, account_id)
			)`,
			`CREATE INDEX hearing_votes_account_idx ON hearing_votes (account_id, hearing_id)`,
			`CREATE TABLE hearing_tallies (
				hearing_id TEXT NOT NULL REFERENCES hearings (id),
				question INTEGER NOT NULL,
				choice TEXT NOT NULL,
				votes INTEGER NOT NULL,
				PRIMARY KEY (hearing_id, question, choice)
			)`,
			`CREATE TABLE hearing_proposals (
				id TEXT PRIMARY KEY,
				hearing_id TEXT NOT NULL REFERENCES hearings (id),
				account_id TEXT NOT NULL REFERENCES accounts (id),
				kind TEXT NOT NULL,
				text TEXT NOT NULL,
				attachments TEXT NOT NULL,
				status TEXT NOT NULL,
				reject_reason TEXT NOT NULL DEFAULT '',
				moderated_by TEXT NOT NULL DEFAULT '',
				moderated_at {{ts}},
				verdict TEXT NOT NULL DEFAULT '',
				verdict_note TEXT NOT NULL DEFAULT '',
				created_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX hearing_proposals_idx ON hearing_proposals (hearing_id, created_at)`,
			`CREATE INDEX hearing_proposals_author_idx ON hearing_proposals (account_id, hearing_id)`,
			`CREATE TABLE hearing_supports (
				proposal_id TEXT NOT NULL REFERENCES hearing_proposals (id),
				account_id TEXT NOT NULL REFERENCES accounts (id),
				at {{ts}} NOT NULL,
				PRIMARY KEY (proposal_id, account_id)
			)`,
			`CREATE TABLE hearing_land_rights (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				oktmo TEXT NOT NULL REFERENCES municipalities (oktmo),
				kind TEXT NOT NULL,
				cadastral_number TEXT NOT NULL,
				quarter TEXT NOT NULL,
				registry_record TEXT NOT NULL,
				recorded_by TEXT NOT NULL REFERENCES accounts (id),
				recorded_at {{ts}} NOT NULL,
				UNIQUE (account_id, cadastral_number)
			)`,
			`CREATE INDEX hearing_land_rights_place_idx ON hearing_land_rights (oktmo, quarter)`,
			// The turnout counts a municipality's residents.
			`CREATE INDEX personal_data_oktmo_idx ON personal_data (oktmo)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP INDEX personal_data_oktmo_idx`, `DROP TABLE hearing_land_rights`, `DROP TABLE hearing_supports`, `DROP TABLE hearing_proposals`,
			`DROP TABLE hearing_tallies`, `DROP TABLE hearing_votes`, `DROP TABLE hearing_notices`, `DROP TABLE hearings`)
	})
}
