package graph

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisPause is how long the API leaves Redis alone after a failed call.
const redisPause = time.Second

// redisBreaker keeps the API's optional uses of Redis (persisted queries,
// rate limits) from slowing every request while Redis is down. go-redis
// retries a refused connection three times with backoff, so each call took
// about 200 ms (up to 2 s under load) in the fault test, on every request.
// After a failure the breaker skips Redis for a pause; then one caller
// probes it while the others go on skipping, and a success closes it.
type redisBreaker struct {
	pause time.Duration
	now   func() time.Time
	// openUntil is when the next probe may go, in Unix nanoseconds; zero
	// while Redis answers.
	openUntil atomic.Int64
}

func newRedisBreaker(pause time.Duration, now func() time.Time) *redisBreaker {
	if now == nil {
		now = time.Now
	}
	return &redisBreaker{pause: pause, now: now}
}

// allow reports whether this call may go to Redis.
func (b *redisBreaker) allow() bool {
	until := b.openUntil.Load()
	if until == 0 {
		return true
	}
	now := b.now().UnixNano()
	if now < until {
		return false
	}
	// The pause is over: the caller that wins the swap probes; the rest
	// wait another pause instead of all paying for a dead Redis at once.
	return b.openUntil.CompareAndSwap(until, now+int64(b.pause))
}

// breakerChange is what a call's outcome did to the breaker.
type breakerChange int

const (
	breakerSame   breakerChange = iota
	breakerOpened               // Redis just failed after answering
	breakerClosed               // Redis answers again after failing
)

// done records a call's outcome: a miss (redis.Nil) is an answer; the
// caller's own cancellation says nothing about Redis.
func (b *redisBreaker) done(ctx context.Context, err error) breakerChange {
	if err == nil || errors.Is(err, redis.Nil) {
		if b.openUntil.Swap(0) != 0 {
			return breakerClosed
		}
		return breakerSame
	}
	if ctx.Err() != nil {
		return breakerSame
	}
	if b.openUntil.Swap(b.now().Add(b.pause).UnixNano()) == 0 {
		return breakerOpened
	}
	return breakerSame
}
