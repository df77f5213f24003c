// Command loadtest seeds a PostgreSQL database with the portal at scale
// and plays a realistic mix of requests against a running server at rising
// concurrency (issue 8, "Scale").
//
//	DATABASE_URL=postgres://…/uslugi_load go run ./loadtest seed [-citizens 100000] [-services 35000] [-reset]
//	DATABASE_URL=… go run ./loadtest run -url http://127.0.0.1:8080/graphql [-c 1,2,4,…] [-d 15s] [-only catalog.search]
//	DATABASE_URL=… go run ./loadtest compare -url … -c 32      # the catalog against a plain net/http handler
//	DATABASE_URL=… go run ./loadtest token                     # an ADMIN access token, for /debug/pprof
//
// seed writes 100,000 citizens in bulk (accounts, sealed personal data,
// verifications, sessions, look-up documents, notifications), an open
// hearing in each seeded municipality and a 35,000-service catalog. run
// mints access tokens for the seeded sessions with the server's keys
// (SECRET_KEYS, or DATA_DIR/secret.key as the server keeps it), so every
// request authenticates for real, and prints per step throughput, latency
// percentiles, errors by code and the server's memory from its /metrics.
// The load goes to loopback addresses only.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, log); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
		}
		os.Exit(1)
	}
}

const usage = `usage: loadtest seed|run|compare|token [flags]   (-h after a command lists its flags)`

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "seed":
		return seedCommand(ctx, args[1:], getenv, out, log)
	case "run":
		return runCommand(ctx, args[1:], getenv, out, log)
	case "compare":
		return compareCommand(ctx, args[1:], getenv, out, log)
	case "token":
		return tokenCommand(ctx, args[1:], getenv, out, log)
	}
	return fmt.Errorf("unknown command %q; %s", args[0], usage)
}

// tokenCommand prints an access token of the seeded administrator (ADMIN,
// MUNICIPAL_OFFICER of the seeded municipalities), for reading the
// server's profiles:
//
//	curl -H "Authorization: Bearer $(go run ./loadtest token)" http://127.0.0.1:8080/debug/pprof/profile?seconds=20 > cpu.pprof
func tokenCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer, log *slog.Logger) error {
	cfg, _, err := parseRunFlags("token", args, getenv)
	if err != nil {
		return err
	}
	if cfg.tokenTTL > 24*time.Hour {
		return errors.New("-token-ttl: at most 24h for an administrator's token")
	}
	w, err := loadWorld(ctx, cfg, log)
	if err != nil {
		return err
	}
	if w.admin.id == "" {
		return errors.New("no seeded administrator: run `go run ./loadtest seed` first")
	}
	t, err := w.token(w.admin, "ADMIN", "MUNICIPAL_OFFICER")
	if err != nil {
		return err
	}
	fmt.Fprintln(out, t)
	return nil
}
