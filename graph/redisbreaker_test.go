package graph

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestRedisBreaker(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	b := newRedisBreaker(time.Second, func() time.Time { return now })
	ctx := context.Background()
	down := errors.New("dial tcp: connection refused")

	if !b.allow() {
		t.Fatal("a new breaker skips Redis")
	}
	if got := b.done(ctx, redis.Nil); got != breakerSame || !b.allow() {
		t.Fatalf("a miss is an answer: %v", got)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if got := b.done(cancelled, context.Canceled); got != breakerSame || !b.allow() {
		t.Fatalf("the caller's cancellation opened the breaker: %v", got)
	}
	if got := b.done(ctx, down); got != breakerOpened {
		t.Fatalf("a failure: %v, want opened", got)
	}
	if got := b.done(ctx, down); got != breakerSame {
		t.Fatalf("a second failure: %v, want no change (logged once)", got)
	}
	if b.allow() {
		t.Fatal("Redis is tried during the pause")
	}
	now = now.Add(1500 * time.Millisecond)
	if !b.allow() {
		t.Fatal("no probe after the pause")
	}
	if b.allow() {
		t.Fatal("a second caller probes at the same time")
	}
	if got := b.done(ctx, nil); got != breakerClosed {
		t.Fatalf("the probe succeeded: %v, want closed", got)
	}
	if !b.allow() || !b.allow() {
		t.Fatal("Redis skipped after it answered again")
	}
}

// deadRedis is a client of a port nobody listens on, counting the commands
// that reach it.
func deadRedis(t *testing.T) (redis.UniversalClient, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { c.Close() })
	var calls atomic.Int64
	c.AddHook(countHook{&calls})
	return c, &calls
}

type countHook struct{ n *atomic.Int64 }

func (h countHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h countHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { h.n.Add(1); return next(ctx, cmd) }
}
func (h countHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func TestAPQCacheWithoutRedis(t *testing.T) {
	client, calls := deadRedis(t)
	c := NewAPQCache(client, time.Hour)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, ok := c.Get(ctx, "abc"); ok {
			t.Fatal("a hit from a dead Redis")
		}
		c.Add(ctx, "abc", "{ regions { code } }")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d calls reached the dead Redis, want 1 (then it is left alone for a pause)", n)
	}
}

func TestRateLimiterFailsOpenWithoutRedis(t *testing.T) {
	client, calls := deadRedis(t)
	var logs logBuffer
	l := newRateLimiter(client, RateLimits{AuthPerMinute: 1, MutationsPerMinute: 1}, slog.New(slog.NewTextHandler(&logs, nil)))
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, limited := l.allow(ctx, "uslugi:rl:auth:127.0.0.1", 1); limited {
			t.Fatalf("try %d refused without Redis", i+1)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d calls reached the dead Redis, want 1", n)
	}
	if n := strings.Count(logs.String(), "rate limiter unavailable"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs.String())
	}
}

// hungRedis is a server that takes connections and never answers, as a
// stopped (SIGSTOP) or swapping Redis does.
func hungRedis(t *testing.T) redis.UniversalClient {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never read
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	c := redis.NewClient(&redis.Options{Addr: ln.Addr().String(), ReadTimeout: time.Minute, WriteTimeout: time.Minute})
	t.Cleanup(func() { c.Close() })
	return c
}

func TestAHungRedisCostsOneShortWait(t *testing.T) {
	client := hungRedis(t)
	var logs logBuffer
	l := newRateLimiter(client, RateLimits{AuthPerMinute: 1, MutationsPerMinute: 1}, slog.New(slog.NewTextHandler(&logs, nil)))
	l.breaker.wait = 50 * time.Millisecond
	apq := NewAPQCache(client, time.Hour)
	apq.breaker.wait = 50 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// The client would wait a minute for each answer; the requests go on
	// after the short wait, the first one of each use only.
	for i := 0; i < 3; i++ {
		if _, limited := l.allow(ctx, "uslugi:rl:auth:127.0.0.1", 1); limited {
			t.Fatalf("try %d refused by a Redis that does not answer", i+1)
		}
		if _, ok := apq.Get(ctx, "abc"); ok {
			t.Fatal("a hit from a hung Redis")
		}
	}
	if ctx.Err() != nil {
		t.Fatal("the calls waited for the hung Redis")
	}
	if n := strings.Count(logs.String(), "rate limiter unavailable"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs.String())
	}
	if l.breaker.allow() || apq.breaker.allow() {
		t.Error("the hung Redis is tried again during the pause")
	}
}
