package migrations

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// registerApplicationDocuments keeps the documents given for an
// application's requirements: a duplicate or an uploaded file.
func registerApplicationDocuments(m *migrate.Migrations) {
	m.MustRegister(func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db,
			`CREATE TABLE application_documents (
				application_id TEXT NOT NULL REFERENCES applications (id),
				requirement TEXT NOT NULL,
				document_id TEXT NOT NULL,
				blob_key TEXT NOT NULL,
				content_type TEXT NOT NULL,
				sha256 TEXT NOT NULL,
				PRIMARY KEY (application_id, requirement)
			)`)
	}, func(ctx context.Context, db *bun.DB) error {
		return execAll(ctx, db, `DROP TABLE application_documents`)
	})
}
