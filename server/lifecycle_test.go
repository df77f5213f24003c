package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/jobs/redistest"
)

// syncBuffer is a log sink that tests may read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runApp starts app.Run on a loopback port and returns its base URL, the
// function that stops it, and a function that waits for Run's result.
func runApp(t *testing.T, app *App) (string, context.CancelFunc, func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	var runErr error
	go func() {
		runErr = app.Run(ctx, ln)
		close(stopped)
	}()
	wait := func() error {
		select {
		case <-stopped:
			return runErr
		case <-time.After(30 * time.Second):
			return fmt.Errorf("server did not stop in 30s")
		}
	}
	t.Cleanup(func() {
		cancel()
		if err := wait(); err != nil {
			t.Error(err)
		}
	})
	return "http://" + ln.Addr().String(), cancel, wait
}

func TestEmbeddedDefaultsNeedNoConfiguration(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := LoadConfig("all", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.RelayInterval = 20 * time.Millisecond
	logs := &syncBuffer{}
	app, err := NewApp(context.Background(), cfg, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db.DefaultSQLitePath); err != nil {
		t.Fatalf("no SQLite file at ./%s: %v", db.DefaultSQLitePath, err)
	}
	var journal string
	if err := app.db.QueryRow("PRAGMA journal_mode").Scan(&journal); err != nil || journal != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", journal, err)
	}
	var busy int
	if err := app.db.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil || busy == 0 {
		t.Errorf("busy_timeout = %d (%v), want one set", busy, err)
	}
	start := logs.String()
	if !strings.Contains(start, "sqlite data/uslugi.db") || !strings.Contains(start, "embedded in-process Redis") ||
		!strings.Contains(start, "keeps nothing across restarts") {
		t.Errorf("the start-up line does not say which database and Redis: %s", start)
	}

	// Role "all" runs the worker too: an event written to the outbox is
	// relayed and its job finishes.
	ran := make(chan string, 1)
	app.worker.mux.HandleFunc("test:ping", func(ctx context.Context, task *asynq.Task) error {
		ran <- string(task.Payload())
		return nil
	})
	base, _, _ := runApp(t, app)
	id, err := db.AddEvent(context.Background(), app.db, time.Now(), event.Event{Type: "test:ping", Payload: []byte("hello")})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-ran:
		if p != "hello" {
			t.Errorf("payload = %q", p)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the outbox event's job never ran")
	}
	waitFor(t, "the outbox row to be marked done", func() bool {
		row, err := db.NewOutboxStore(app.db).Get(context.Background(), id)
		return err == nil && !row.DoneAt.IsZero()
	})
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz = %d", resp.StatusCode)
	}
}

// TestGracefulShutdown stops the server while a request and a job are in
// flight: both finish, and the job's outbox row is marked done.
func TestGracefulShutdown(t *testing.T) {
	dsn := dbtest.DSN(t)
	ropt := redistest.New(t)
	env := map[string]string{"DATABASE_URL": dsn, "REDIS_URL": fmt.Sprintf("redis://%s/%d", ropt.Addr, ropt.DB)}
	cfg, err := LoadConfig("all", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg.RelayInterval = 20 * time.Millisecond
	cfg.Shutdown = 20 * time.Second
	cfg.DataDir = t.TempDir()
	app, err := NewApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}

	release := make(chan struct{})
	requestStarted := make(chan struct{})
	inner := app.handler
	app.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(requestStarted)
			<-release
			_, _ = io.WriteString(w, "finished")
			return
		}
		inner.ServeHTTP(w, r)
	})
	jobStarted := make(chan struct{})
	var jobFinished atomic.Bool
	app.worker.mux.HandleFunc("test:slow", func(ctx context.Context, _ *asynq.Task) error {
		close(jobStarted)
		<-release
		jobFinished.Store(true)
		return nil
	})

	base, stop, done := runApp(t, app)
	id, err := db.AddEvent(context.Background(), app.db, time.Now(), event.Event{Type: "test:slow", Payload: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body <- string(b)
	}()
	<-requestStarted
	select {
	case <-jobStarted:
	case <-time.After(20 * time.Second):
		t.Fatal("the job never started")
	}

	stop() // as SIGTERM does
	time.Sleep(100 * time.Millisecond)
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still accepts new connections while shutting down")
	}
	close(release)
	if got := <-body; got != "finished" {
		t.Errorf("in-flight request got %q", got)
	}
	if err := done(); err != nil {
		t.Errorf("Run returned %v", err)
	}
	if !jobFinished.Load() {
		t.Error("the in-flight job did not finish")
	}
	// The app closed its database; look with a fresh connection.
	check, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	row, err := db.NewOutboxStore(check).Get(context.Background(), id)
	if err != nil || row.DoneAt.IsZero() {
		t.Errorf("the job's outbox row is not done after shutdown: %+v %v", row, err)
	}
}

func TestSplitRoles(t *testing.T) {
	api := newTestApp(t, "api", nil)
	if api.worker != nil {
		t.Error("-role=api started a worker")
	}
	w := newTestApp(t, "worker", nil)
	if w.worker == nil {
		t.Error("-role=worker has no worker")
	}
	code, _ := w.get(t, "/graphql")
	if code != http.StatusNotFound {
		t.Errorf("-role=worker serves GraphQL: %d", code)
	}
	if code, _ := w.get(t, "/readyz"); code != http.StatusOK {
		t.Errorf("-role=worker /readyz = %d", code)
	}
}
