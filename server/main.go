// Command server runs Uslugi: the GraphQL API, the background-job worker and
// scheduler, or both (the default), on embedded defaults or on PostgreSQL
// and Redis.
//
//	go run ./server                  # everything, SQLite + in-process Redis
//	server -role=api                 # only the API (needs REDIS_URL)
//	server -role=worker              # only jobs and schedules (needs REDIS_URL)
//	server config                    # print the settings table
//	server keys                      # print a new SECRET_KEYS value
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
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
