package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/jobs/redistest"
)

// TestSlowLorisClientsAreCutOff holds 50 connections that send their
// headers one byte a second (the slow-loris attack): the server keeps
// answering everyone else, and drops each of them once the header timeout
// (10 s) has passed rather than holding it for ever.
func TestSlowLorisClientsAreCutOff(t *testing.T) {
	t.Parallel() // most of it is waiting for the server's timeout
	ropt := redistest.New(t)
	env := map[string]string{"DATABASE_URL": dbtest.DSN(t), "REDIS_URL": fmt.Sprintf("redis://%s/%d", ropt.Addr, ropt.DB)}
	cfg, err := LoadConfig("api", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	app, err := NewApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	base, stop, done := runApp(t, app)
	defer func() {
		stop()
		_ = done()
	}()
	addr := strings.TrimPrefix(base, "http://")

	const attackers = 50
	cut := make(chan time.Duration, attackers)
	for range attackers {
		go func() {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				cut <- -1
				return
			}
			defer conn.Close()
			start := time.Now()
			if _, err := io.WriteString(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\n"); err != nil {
				cut <- -1
				return
			}
			header := "X-Slow: " + strings.Repeat("a", 60)
			for i := 0; i < len(header); i++ {
				if _, err := conn.Write([]byte{header[i]}); err != nil {
					break
				}
				time.Sleep(time.Second)
			}
			// The server answers 408 or just closes: either way, reading
			// ends once it has let go of the connection.
			_, _ = io.Copy(io.Discard, bufio.NewReader(conn))
			cut <- time.Since(start)
		}()
	}

	// Meanwhile everyone else is served.
	time.Sleep(2 * time.Second)
	for i := range 5 {
		resp, err := http.Get(base + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("healthz #%d during the attack: %v", i, err)
		}
		resp.Body.Close()
		time.Sleep(500 * time.Millisecond)
	}

	deadline := time.After(30 * time.Second)
	for i := range attackers {
		select {
		case d := <-cut:
			if d < 0 {
				t.Fatal("an attacker could not connect")
			}
			if d > 20*time.Second {
				t.Errorf("attacker %d held its connection %v: the header timeout does not cut it", i, d)
			}
		case <-deadline:
			t.Fatalf("%d slow-loris connections still open after 30 s", attackers-i)
		}
	}
}
