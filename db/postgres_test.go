package db_test

import (
	"context"
	"testing"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// On PostgreSQL every connection runs without JIT compilation, and keeps
// the parameters its URL gives (the tests' search_path).
func TestPostgresConnectionsRunWithoutJIT(t *testing.T) {
	bdb := dbtest.New(t, dbtest.Options{})
	if !db.IsPostgres(bdb) {
		t.Skip("PostgreSQL only (set DATABASE_URL)")
	}
	ctx := context.Background()
	var jit, path string
	if err := bdb.QueryRowContext(ctx, "SHOW jit").Scan(&jit); err != nil {
		t.Fatal(err)
	}
	if err := bdb.QueryRowContext(ctx, "SHOW search_path").Scan(&path); err != nil {
		t.Fatal(err)
	}
	if jit != "off" {
		t.Errorf("jit = %q, want off", jit)
	}
	if len(path) < 2 || path[:2] != "t_" {
		t.Errorf("search_path = %q, want the test's own schema", path)
	}
}
