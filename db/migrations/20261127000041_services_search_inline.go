package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"
)

// registerServicesSearchInline keeps the services' search vectors in the
// row (PostgreSQL only; SQLite has no such storage choice). A catalog row
// is about 3 KB, over the 2 KB at which PostgreSQL moves its widest values
// out to the TOAST table, and it moved the search vectors: every match
// of a search then read them back from there to test and rank it. With
// 35,000 services, a broad prefix such as "земельн" (4,665 matches) read
// 127,000 buffers in 290–620 ms; kept in the row (compressed if need be),
// 8,700 buffers in 75 ms, while the descriptions go out instead. It applies
// to rows written from now on (the seed rewrites the catalog when it
// changes).
func registerServicesSearchInline(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		if db.Dialect().Name() != dialect.PG {
			return nil
		}
		return execAll(ctx, db,
			`ALTER TABLE services ALTER COLUMN search_ru SET STORAGE MAIN`,
			`ALTER TABLE services ALTER COLUMN search_en SET STORAGE MAIN`)
	}, func(ctx context.Context, db *bun.DB) error {
		if db.Dialect().Name() != dialect.PG {
			return nil
		}
		return execAll(ctx, db,
			`ALTER TABLE services ALTER COLUMN search_ru SET STORAGE EXTENDED`,
			`ALTER TABLE services ALTER COLUMN search_en SET STORAGE EXTENDED`)
	})
}
