package migrations

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"
)

// Pending names the migrations of this build that db has not applied, oldest
// first. It only reads: a process that does not migrate at start uses it to
// refuse a database that is behind. A database never migrated (no
// migrations table) has every migration pending.
func Pending(ctx context.Context, db *bun.DB) ([]string, error) {
	mg := migrate.NewMigrator(db, New())
	all, err := mg.MigrationsWithStatus(ctx)
	if err != nil {
		if !tableExists(ctx, db, "bun_migrations") {
			all = New().Sorted()
		} else {
			return nil, fmt.Errorf("migrations: unable to read the applied migrations: %w", err)
		}
	}
	var names []string
	for _, m := range all.Unapplied() {
		names = append(names, m.Name)
	}
	return names, nil
}

// tableExists asks the catalog whether a table is on the connection's
// search path (PostgreSQL) or in the file (SQLite).
func tableExists(ctx context.Context, db *bun.DB, name string) bool {
	var n int
	q := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if db.Dialect().Name() == dialect.PG {
		q = "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = ANY (current_schemas(false))"
	}
	if err := db.NewRaw(q, name).Scan(ctx, &n); err != nil {
		return false
	}
	return n > 0
}
