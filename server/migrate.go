package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/migrations"
)

// migrateCommand is `server migrate`: it applies the migrations and the
// catalog seed and exits, so production runs them as a step of its own (a
// Kubernetes Job, a compose service) before the new API and worker
// processes start with MIGRATE_ON_START=false. It needs only DATABASE_URL.
func migrateCommand(ctx context.Context, getenv func(string) string, out io.Writer) int {
	cfg, err := LoadConfig("all", getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "server: bad settings:", err)
		return 2
	}
	if err := migrateDatabase(ctx, cfg, out); err != nil {
		fmt.Fprintln(os.Stderr, "server migrate:", err)
		return 1
	}
	return 0
}

// migrateDatabase brings the database up to this build and loads the seed,
// saying what it did.
func migrateDatabase(ctx context.Context, cfg Config, out io.Writer) error {
	bdb, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer bdb.Close()
	pending, err := migrations.Pending(ctx, bdb)
	if err != nil {
		return err
	}
	if err := migrations.Apply(ctx, bdb); err != nil {
		return err
	}
	if err := db.Seed(ctx, bdb); err != nil {
		return err
	}
	if len(pending) == 0 {
		fmt.Fprintf(out, "database %s is up to date; catalog seed checked\n", db.Describe(cfg.DatabaseURL))
		return nil
	}
	fmt.Fprintf(out, "database %s: applied %d migrations (%s … %s); catalog seed loaded\n",
		db.Describe(cfg.DatabaseURL), len(pending), pending[0], pending[len(pending)-1])
	return nil
}

// prepareSchema runs at every start. With MIGRATE_ON_START (the default, so
// the embedded default works with one command) it migrates and seeds, under
// the migrator's lock. Without it, the process only reads which migrations
// are applied, and refuses to start on a database that is behind: new code
// on an old schema fails in ways far harder to read than this message.
func prepareSchema(ctx context.Context, bdb *bun.DB, cfg Config) error {
	if cfg.MigrateOnStart {
		if err := migrations.Apply(ctx, bdb); err != nil {
			return err
		}
		return db.Seed(ctx, bdb)
	}
	pending, err := migrations.Pending(ctx, bdb)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("the database is behind this build by %d migrations (%s); run `server migrate` first, or start with MIGRATE_ON_START=true",
			len(pending), strings.Join(pending, ", "))
	}
	return nil
}
