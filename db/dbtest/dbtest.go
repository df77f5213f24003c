// Package dbtest gives each test its own migrated database: a SQLite file in
// the test's temporary folder by default, or, when DATABASE_URL names
// PostgreSQL, a schema of its own there, dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/migrations"
)

// Options choose what New prepares.
type Options struct {
	// Seed loads the catalog seed after the migrations.
	Seed bool
}

// New returns a migrated database for t, closed when t ends.
func New(t testing.TB, opts Options) *bun.DB {
	t.Helper()
	dsn := DSN(t)
	ctx := context.Background()
	bdb, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { _ = bdb.Close() })
	if err := migrations.Apply(ctx, bdb); err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	if opts.Seed {
		if err := db.Seed(ctx, bdb); err != nil {
			t.Fatalf("dbtest: %v", err)
		}
	}
	return bdb
}

// DSN returns a DATABASE_URL for a fresh, empty database of t's own: a new
// PostgreSQL schema (dropped at the end of t) when DATABASE_URL names
// PostgreSQL, else a SQLite file in t's temporary folder.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("DATABASE_URL")
	if !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		return "sqlite:" + t.TempDir() + "/test.db"
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin := db.OpenPostgres(base, nil)
	defer admin.Close()
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("dbtest: unable to create schema: %v", err)
	}
	t.Cleanup(func() {
		a := db.OpenPostgres(base, nil)
		defer a.Close()
		if _, err := a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dbtest: unable to drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(base, schema)
}

// withSearchPath adds search_path to a PostgreSQL URL, so every connection
// of the pool works in schema.
func withSearchPath(dsn, schema string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}
