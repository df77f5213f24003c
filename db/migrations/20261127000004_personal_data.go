package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerPersonalData creates personal data (identifiers sealed, with
// keyed hashes for look-ups), verifications and the notification feed.
func registerPersonalData(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE personal_data (
				account_id TEXT PRIMARY KEY REFERENCES accounts (id),
				last_name TEXT NOT NULL,
				first_name TEXT NOT NULL,
				patronymic TEXT NOT NULL,
				birth_date {{ts}} NOT NULL,
				sex TEXT NOT NULL,
				citizenship TEXT NOT NULL,
				doc_kind TEXT NOT NULL,
				doc_sealed {{bytes}} NOT NULL,
				doc_hash TEXT NOT NULL,
				doc_issued_on {{ts}} NOT NULL,
				doc_issuer TEXT NOT NULL,
				snils_sealed {{bytes}},
				snils_hash TEXT UNIQUE,
				birth_place TEXT NOT NULL,
				region_code TEXT NOT NULL,
				oktmo TEXT NOT NULL,
				address TEXT NOT NULL,
				updated_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX personal_data_doc_idx ON personal_data (doc_hash)`,
			`CREATE TABLE verifications (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				status TEXT NOT NULL,
				started_at {{ts}} NOT NULL,
				finished_at {{ts}},
				deadline {{ts}} NOT NULL,
				checks TEXT NOT NULL,
				message_ru TEXT NOT NULL DEFAULT '',
				message_en TEXT NOT NULL DEFAULT ''
			)`,
			`CREATE INDEX verifications_account_idx ON verifications (account_id, started_at)`,
			`CREATE TABLE notifications (
				id TEXT PRIMARY KEY,
				account_id TEXT NOT NULL REFERENCES accounts (id),
				kind TEXT NOT NULL,
				title_ru TEXT NOT NULL,
				title_en TEXT NOT NULL,
				body_ru TEXT NOT NULL,
				body_en TEXT NOT NULL,
				link TEXT NOT NULL,
				created_at {{ts}} NOT NULL,
				read_at {{ts}},
				delivered_at {{ts}}
			)`,
			`CREATE INDEX notifications_account_idx ON notifications (account_id, created_at)`,
		)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE notifications`, `DROP TABLE verifications`, `DROP TABLE personal_data`)
	})
}
