// Package redistest gives each test a Redis of its own: an in-process
// miniredis by default, or, when REDIS_URL is set, one numbered database of
// that Redis, held under a lock so parallel test packages never share one,
// and flushed before and after the test.
package redistest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// New returns connection options for t's own Redis.
func New(t testing.TB) asynq.RedisClientOpt {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		m := miniredis.RunT(t)
		return asynq.RedisClientOpt{Addr: m.Addr()}
	}
	parsed, err := asynq.ParseRedisURI(url)
	if err != nil {
		t.Fatalf("redistest: REDIS_URL: %v", err)
	}
	base, ok := parsed.(asynq.RedisClientOpt)
	if !ok {
		t.Fatalf("redistest: REDIS_URL must name a single Redis server for tests")
	}
	ctl := redis.NewClient(&redis.Options{Addr: base.Addr, Username: base.Username, Password: base.Password, DB: 0})
	t.Cleanup(func() { _ = ctl.Close() })
	ctx := context.Background()
	// Databases 1..15 are handed out; 0 keeps the locks.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		for n := 1; n <= 15; n++ {
			key := fmt.Sprintf("uslugi:test-db-lock:%d", n)
			ok, err := ctl.SetNX(ctx, key, os.Getpid(), 10*time.Minute).Result()
			if err != nil {
				t.Fatalf("redistest: %v", err)
			}
			if !ok {
				continue
			}
			opt := base
			opt.DB = n
			c := redis.NewClient(&redis.Options{Addr: opt.Addr, Username: opt.Username, Password: opt.Password, DB: n})
			if err := c.FlushDB(ctx).Err(); err != nil {
				t.Fatalf("redistest: %v", err)
			}
			t.Cleanup(func() {
				_ = c.FlushDB(context.Background()).Err()
				_ = c.Close()
				_ = ctl.Del(context.Background(), key).Err()
			})
			return opt
		}
		if time.Now().After(deadline) {
			t.Fatalf("redistest: no free Redis database in 2 minutes")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Client returns a go-redis client for opt, closed when t ends.
func Client(t testing.TB, opt asynq.RedisClientOpt) *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: opt.Addr, Username: opt.Username, Password: opt.Password, DB: opt.DB})
	t.Cleanup(func() { _ = c.Close() })
	return c
}
