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

// redisWait is the longest a request waits for one of these optional
// calls. A Redis that takes connections but does not answer (stopped,
// swapping, a partition that drops packets) would otherwise hold each
// request for go-redis's 3-second read timeout and its retries, and every
// request that arrives before the first failure is recorded at once. A
// healthy Redis answers in about a millisecond, even under the load test.
const redisWait = 500 * time.Millisecond

// errRedisSlow is a call given up after redisWait.
var errRedisSlow = errors.New("redis did not answer in time")

// redisBreaker keeps the API's optional uses of Redis (persisted queries,
// rate limits) from slowing every request while Redis is down. go-redis
// retries a refused connection three times with backoff, so each call took
// about 200 ms (up to 2 s under load) in the fault test, on every request.
// After a failure the breaker skips Redis for a pause; then one caller
// probes it while the others go on skipping, and a success closes it.
type redisBreaker struct {
	pause time.Duration
	wait  time.Duration
	now   func() time.Time
	// openUntil is when the next probe may go, in Unix nanoseconds; zero
	// while Redis answers.
	openUntil atomic.Int64
}

func newRedisBreaker(pause time.Duration, now func() time.Time) *redisBreaker {
	if now == nil {
		now = time.Now
	}
	return &redisBreaker{pause: pause, wait: redisWait, now: now}
}

// errRedisSkipped is returned by guarded while the breaker is open.
var errRedisSkipped = errors.New("redis skipped after a failure")

// guarded runs call unless the breaker is open, and waits for it at most
// b.wait: a call that takes longer counts as a failure and is left to
// finish on its own (go-redis's read timeout ends it), so a hung Redis
// costs one request half a second, and the rest nothing until the probe.
func guarded[T any](ctx context.Context, b *redisBreaker, call func(context.Context) (T, error)) (T, breakerChange, error) {
	var zero T
	if !b.allow() {
		return zero, breakerSame, errRedisSkipped
	}
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := call(ctx)
		ch <- result{v, err}
	}()
	timer := time.NewTimer(b.wait)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.v, b.done(ctx, r.err), r.err
	case <-timer.C:
		return zero, b.done(ctx, errRedisSlow), errRedisSlow
	case <-ctx.Done():
		return zero, breakerSame, ctx.Err()
	}
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
