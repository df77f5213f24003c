package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"
)

// execUnbounded runs stmts one after another on a PostgreSQL connection
// of its own that the driver never times out.
//
// The pool db.Open returns gives every statement pgdriver's 10 s read
// timeout: the server must answer within 10 s or the statement fails with
// "i/o timeout". VACUUM ANALYZE of a table just bulk-loaded sends nothing
// back until it is done, which on a loaded machine can take longer, and
// the seed would fail at its very end; so these run with no read timeout,
// bounded only by the work they have. A context deadline cannot lift the
// driver's timeout (pgdriver waits for the earlier of the two), and the
// driver does not interrupt a read when its context is cancelled; so when
// ctx ends (Ctrl-C) the statement is cancelled on the server
// (pg_cancel_backend), which ends the wait.
func execUnbounded(ctx context.Context, dsn string, stmts ...string) error {
	sqldb := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(dsn), pgdriver.WithReadTimeout(0)))
	defer sqldb.Close()
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var pid int
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		return err
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-ctx.Done():
			// From another connection of the same pool; bounded, since
			// this pool has no read timeout.
			cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, _ = sqldb.ExecContext(cctx, "SELECT pg_cancel_backend($1)", pid)
		}
	}()
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
