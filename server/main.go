// Command server runs Uslugi: the GraphQL API, the background-job worker and
// scheduler, or both (the default), on embedded defaults or on PostgreSQL
// and Redis.
//
//	go run ./server                  # everything, SQLite + in-process Redis
//	server -role=api                 # only the API (needs REDIS_URL)
//	server -role=worker              # only jobs and schedules (needs REDIS_URL)
//	server config                    # print the settings table
//	server keys                      # print a new SECRET_KEYS value
//	server migrate                   # apply migrations and the seed, then exit
//	server admin -login +79... -reason "..."  # make a registered account an ADMIN
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/uslugi/uslugi/secret"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "config" {
		fmt.Print(ConfigTable())
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "keys" {
		fmt.Println(secret.GenerateKeys())
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "migrate" {
		os.Exit(migrateCommand(context.Background(), os.Getenv, os.Stdout))
	}
	if len(os.Args) > 1 && os.Args[1] == "admin" {
		os.Exit(adminCommand(os.Args[2:]))
	}
	if os.Getenv("GOGC") == "" {
		// The live heap is small and a catalog page allocates ~450 KB:
		// collecting at 100% growth spends a third of the CPU on GC.
		// 400 nearly doubled list throughput in the load command; GOGC
		// (and GOMEMLIMIT) still override it.
		debug.SetGCPercent(400)
	}
	role := flag.String("role", envOr("ROLE", "all"), "api, worker or all")
	flag.Parse()

	cfg, err := LoadConfig(*role, os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "server: bad settings:", err)
		os.Exit(2)
	}
	log := newLogger(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	app, err := NewApp(ctx, cfg, log)
	if err != nil {
		log.Error("server: unable to start", "err", err)
		os.Exit(1)
	}
	if err := app.Run(ctx, nil); err != nil {
		log.Error("server: stopped with an error", "err", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func newLogger(cfg Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

// adminCommand grants ADMIN to a registered account: this is how the first
// administrator appears; later ones are granted through the API.
func adminCommand(args []string) int {
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	login := fs.String("login", "", "the account's phone, email or SNILS")
	reason := fs.String("reason", "", "why (kept in the audit log)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *login == "" || len(*reason) < 5 {
		fmt.Fprintln(os.Stderr, "server admin: give -login (phone, email or SNILS of a registered account) and -reason (at least 5 characters)")
		return 2
	}
	cfg, err := LoadConfig("all", os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "server: bad settings:", err)
		return 2
	}
	ctx := context.Background()
	app, err := NewApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		fmt.Fprintln(os.Stderr, "server admin:", err)
		return 1
	}
	defer app.Close()
	a, err := app.accounts.BootstrapAdmin(ctx, *login, *reason)
	if err != nil {
		fmt.Fprintln(os.Stderr, "server admin: no registered account has this login, or:", err)
		return 1
	}
	fmt.Printf("account %s is now an ADMIN (it takes effect at its next sign-in or token refresh)\n", a.ID)
	return 0
}
