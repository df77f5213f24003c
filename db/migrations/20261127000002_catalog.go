package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"
)

// registerCatalog creates the service catalog and its full-text index:
// PostgreSQL text search with the russian and english configurations, or on
// SQLite an FTS5 table that the store fills with words stemmed in Go (FTS5
// has no Russian stemmer of its own).
func registerCatalog(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		stmts := []string{
			// Small facts about the database itself, such as the seed version.
			`CREATE TABLE settings (
				key TEXT PRIMARY KEY,
				value TEXT NOT NULL
			)`,
			`CREATE TABLE categories (
				id {{id}},
				code TEXT NOT NULL UNIQUE,
				name_ru TEXT NOT NULL,
				name_en TEXT NOT NULL,
				individuals {{bool}} NOT NULL,
				legal_entities {{bool}} NOT NULL,
				position INTEGER NOT NULL
			)`,
			`CREATE TABLE departments (
				id {{id}},
				code TEXT NOT NULL UNIQUE,
				name_ru TEXT NOT NULL,
				name_en TEXT NOT NULL,
				short_ru TEXT NOT NULL,
				short_en TEXT NOT NULL,
				level TEXT NOT NULL,
				parent_id BIGINT REFERENCES departments (id)
			)`,
			`CREATE TABLE life_situations (
				id {{id}},
				code TEXT NOT NULL UNIQUE,
				name_ru TEXT NOT NULL,
				name_en TEXT NOT NULL,
				description_ru TEXT NOT NULL,
				description_en TEXT NOT NULL
			)`,
			`CREATE TABLE regions (
				code TEXT PRIMARY KEY,
				name_ru TEXT NOT NULL,
				name_en TEXT NOT NULL
			)`,
			`CREATE TABLE municipalities (
				id {{id}},
				oktmo TEXT NOT NULL UNIQUE,
				region_code TEXT NOT NULL REFERENCES regions (code),
				name_ru TEXT NOT NULL,
				name_en TEXT NOT NULL
			)`,
			`CREATE INDEX municipalities_region_idx ON municipalities (region_code)`,
			`CREATE TABLE services (
				id {{id}},
				code TEXT NOT NULL UNIQUE,
				name_ru TEXT NOT NULL,
				name_en TEXT NOT NULL,
				description_ru TEXT NOT NULL,
				description_en TEXT NOT NULL,
				keywords_ru TEXT NOT NULL DEFAULT '',
				keywords_en TEXT NOT NULL DEFAULT '',
				level TEXT NOT NULL,
				department_id BIGINT NOT NULL REFERENCES departments (id),
				mode TEXT NOT NULL,
				min_tier TEXT NOT NULL,
				excludes_mail_confirmation {{bool}} NOT NULL,
				individuals {{bool}} NOT NULL,
				legal_entities {{bool}} NOT NULL,
				fee_kopecks BIGINT NOT NULL,
				fee_note_ru TEXT NOT NULL,
				fee_note_en TEXT NOT NULL,
				processing_days INTEGER NOT NULL,
				popularity BIGINT NOT NULL
			)`,
			`CREATE INDEX services_popularity_idx ON services (popularity DESC, id)`,
			`CREATE INDEX services_department_idx ON services (department_id)`,
			`CREATE TABLE service_categories (
				service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
				category_id BIGINT NOT NULL REFERENCES categories (id),
				PRIMARY KEY (service_id, category_id)
			)`,
			`CREATE INDEX service_categories_category_idx ON service_categories (category_id)`,
			`CREATE TABLE service_life_situations (
				service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
				life_situation_id BIGINT NOT NULL REFERENCES life_situations (id),
				PRIMARY KEY (service_id, life_situation_id)
			)`,
			`CREATE INDEX service_life_situations_ls_idx ON service_life_situations (life_situation_id)`,
			// Where a regional (or a federal pilot) service is offered; no
			// rows for a federal service means everywhere.
			`CREATE TABLE service_regions (
				service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
				region_code TEXT NOT NULL REFERENCES regions (code),
				PRIMARY KEY (service_id, region_code)
			)`,
			`CREATE INDEX service_regions_region_idx ON service_regions (region_code)`,
			`CREATE TABLE service_municipalities (
				service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
				municipality_id BIGINT NOT NULL REFERENCES municipalities (id),
				PRIMARY KEY (service_id, municipality_id)
			)`,
			`CREATE TABLE service_region_conditions (
				service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
				region_code TEXT NOT NULL REFERENCES regions (code),
				conditions_ru TEXT NOT NULL,
				conditions_en TEXT NOT NULL,
				PRIMARY KEY (service_id, region_code)
			)`,
		}
		if db.Dialect().Name() == dialect.PG {
			stmts = append(stmts,
				`ALTER TABLE services ADD COLUMN search_ru tsvector GENERATED ALWAYS AS (
					setweight(to_tsvector('russian', name_ru), 'A') ||
					setweight(to_tsvector('russian', keywords_ru), 'B') ||
					setweight(to_tsvector('russian', description_ru), 'C')) STORED`,
				`ALTER TABLE services ADD COLUMN search_en tsvector GENERATED ALWAYS AS (
					setweight(to_tsvector('english', name_en), 'A') ||
					setweight(to_tsvector('english', keywords_en), 'B') ||
					setweight(to_tsvector('english', description_en), 'C')) STORED`,
				`CREATE INDEX services_search_ru_idx ON services USING GIN (search_ru)`,
				`CREATE INDEX services_search_en_idx ON services USING GIN (search_en)`,
			)
		} else {
			stmts = append(stmts,
				`CREATE VIRTUAL TABLE services_fts USING fts5 (name_ru, body_ru, name_en, body_en, tokenize = 'unicode61 remove_diacritics 2')`,
			)
		}
		return execAll(ctx, db, stmts...)
	}, func(ctx context.Context, db *bun.DB) error {
		stmts := []string{
			`DROP TABLE service_region_conditions`, `DROP TABLE service_municipalities`,
			`DROP TABLE service_regions`, `DROP TABLE service_life_situations`,
			`DROP TABLE service_categories`, `DROP TABLE services`, `DROP TABLE municipalities`,
			`DROP TABLE regions`, `DROP TABLE life_situations`, `DROP TABLE departments`,
			`DROP TABLE categories`, `DROP TABLE settings`,
		}
		if db.Dialect().Name() != dialect.PG {
			stmts = append(stmts, `DROP TABLE services_fts`)
		}
		return execAll(ctx, db, stmts...)
	})
}
