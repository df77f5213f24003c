// Package db holds persistence: Open for SQLite (the embedded default) and
// PostgreSQL (production), the migrations both dialects share, one store file
// per domain, the outbox, and the seed catalog.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/pgdriver"
	_ "modernc.org/sqlite" // pure-Go SQLite: the embedded default must build without cgo.
)

// DefaultSQLitePath is where the embedded default keeps its database.
const DefaultSQLitePath = "data/uslugi.db"

// Open connects to the database that dsn names:
//   - "" or "sqlite:" opens DefaultSQLitePath, creating its folder;
//   - "sqlite:PATH" or "file:PATH" opens SQLite at PATH;
//   - "postgres://..." or "postgresql://..." opens PostgreSQL.
//
// It checks the connection before it returns.
func Open(ctx context.Context, dsn string) (*bun.DB, error) {
	var db *bun.DB
	switch {
	case dsn == "" || dsn == "sqlite:":
		var err error
		if db, err = openSQLite(DefaultSQLitePath); err != nil {
			return nil, err
		}
	case strings.HasPrefix(dsn, "sqlite:"):
		var err error
		if db, err = openSQLite(strings.TrimPrefix(dsn, "sqlite:")); err != nil {
			return nil, err
		}
	case strings.HasPrefix(dsn, "file:"):
		var err error
		if db, err = openSQLite(strings.TrimPrefix(dsn, "file:")); err != nil {
			return nil, err
		}
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := url.Parse(dsn); err != nil {
			return nil, fmt.Errorf("db: DATABASE_URL is not a valid URL: %w", err)
		}
		db = OpenPostgres(dsn, nil)
	default:
		return nil, fmt.Errorf("db: DATABASE_URL must start with postgres://, postgresql://, sqlite: or file:")
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("db: unable to reach the database: %w", err)
	}
	return db, nil
}

// OpenPostgres opens PostgreSQL without checking the connection; params are
// extra connection parameters such as search_path (tests use one schema each).
//
// Every connection runs with JIT compilation off (unless params set "jit"):
// it pays only for analytical queries of seconds, and PostgreSQL decides on
// it by the planner's cost. The catalog's filter by region is estimated at
// tens of thousands of rows where it keeps hundreds, so with 35,000
// services every count of a region's page went over jit_above_cost and
// spent 0.7 s of its 0.84 s compiling (the load command, README "Load").
func OpenPostgres(dsn string, params map[string]any) *bun.DB {
	opts := []pgdriver.Option{pgdriver.WithDSN(dsn)}
	if len(params) > 0 {
		opts = append(opts, pgdriver.WithConnParams(params))
	}
	// Last, beside whatever parameters the URL or params gave (each
	// option replaces the map the previous one set).
	opts = append(opts, func(c *pgdriver.Config) {
		conn := map[string]any{"jit": "off"}
		maps.Copy(conn, c.ConnParams)
		c.ConnParams = conn
	})
	sqldb := sql.OpenDB(pgdriver.NewConnector(opts...))
	sqldb.SetMaxOpenConns(32)
	sqldb.SetMaxIdleConns(16)
	return bun.NewDB(sqldb, pgdialect.New())
}

func openSQLite(path string) (*bun.DB, error) {
	if path == "" {
		return nil, fmt.Errorf("db: DATABASE_URL names SQLite but no file path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("db: unable to create %s: %w", dir, err)
		}
	}
	// WAL lets readers run beside the one writer; the busy timeout makes a
	// second writer wait instead of failing; immediate transactions take the
	// write lock up front so two read-then-write transactions cannot deadlock.
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("db: unable to open SQLite at %s: %w", path, err)
	}
	sqldb.SetMaxOpenConns(8)
	return bun.NewDB(sqldb, sqlitedialect.New()), nil
}

// IsPostgres reports whether db speaks PostgreSQL.
func IsPostgres(db bun.IDB) bool {
	return db.Dialect().Name() == dialect.PG
}

// Describe names the database for the start-up log line, without secrets.
func Describe(dsn string) string {
	switch {
	case dsn == "" || dsn == "sqlite:":
		return "sqlite " + DefaultSQLitePath
	case strings.HasPrefix(dsn, "sqlite:"):
		return "sqlite " + strings.TrimPrefix(dsn, "sqlite:")
	case strings.HasPrefix(dsn, "file:"):
		return "sqlite " + strings.TrimPrefix(dsn, "file:")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres"
	}
	return "postgres " + u.Host + u.Path
}
