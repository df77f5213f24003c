package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/db"
)

// postgresDSN is DATABASE_URL when it names PostgreSQL; the test is
// skipped otherwise.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("DATABASE_URL")
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		t.Skip("needs DATABASE_URL=postgres://…")
	}
	return dsn
}

// The seed's final VACUUM ANALYZE must outlast the driver's read timeout.
// The timeout is cut to 1 s here (the DSN's read_timeout), so a statement
// that answers after 2 s stands for a VACUUM that takes more than 10 s.
func TestExecUnboundedOutlastsTheReadTimeout(t *testing.T) {
	dsn := postgresDSN(t)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	dsn += sep + "read_timeout=1s"
	ctx := context.Background()
	pool, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	const slow = "SELECT pg_sleep(2)"
	if _, err := pool.ExecContext(ctx, slow); err == nil {
		t.Fatal("the pool answered past its read timeout: the test proves nothing")
	}
	if err := execUnbounded(ctx, dsn, slow, slow); err != nil {
		t.Errorf("without the read timeout: %v", err)
	}
}

// Ctrl-C during the VACUUM: the statement is cancelled on the server
// rather than waited for.
func TestExecUnboundedStopsWithItsContext(t *testing.T) {
	dsn := postgresDSN(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	marker := "loadtest-" + hex.EncodeToString(b[:])
	// Long enough that it ends only if cancelled: finishing is a failure.
	slow := "SELECT pg_sleep(60) -- " + marker
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- execUnbounded(ctx, dsn, slow) }()
	// Cancel once the server runs it, so the cancellation reaches a
	// statement in flight rather than one not yet sent.
	for {
		var n int
		if err := pool.NewSelect().TableExpr("pg_stat_activity").ColumnExpr("count(*)").
			Where("query = ?", slow).Where("state = 'active'").Scan(context.Background(), &n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		select {
		case err := <-errc:
			t.Fatalf("ended before it ran: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if err := <-errc; err == nil || !strings.Contains(err.Error(), "canceling statement") {
		t.Errorf("after the context ended: %v, want the statement cancelled", err)
	}
}
