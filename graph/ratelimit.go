package graph

import (
	"context"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/uslugi/uslugi/account"
)

// RateLimits are how many mutations a minute one client address or one
// account may make. The sensitive ones (sign-in, codes, recovery,
// registration) have their own, lower budget per address.
type RateLimits struct {
	AuthPerMinute      int // per address, for the sensitive mutations
	MutationsPerMinute int // per account, or per address when anonymous
}

// sensitive are the mutations that guess or send secrets.
func sensitive(field string) bool {
	switch field {
	case "signIn", "register", "resendCode", "confirmContact", "setPassword", "requestRecovery", "resetPassword",
		"refreshSession", "confirmWithLetterCode", "confirmWithSignature":
		return true
	}
	return false
}

// rateLimiter counts in Redis, so every API process shares one budget.
// Without Redis it lets requests through (fails open): refusing every
// mutation would turn a Redis outage into a portal outage, and the sign-in
// throttle in the database still guards passwords.
type rateLimiter struct {
	limiter *redis_rate.Limiter
	limits  RateLimits
	log     *slog.Logger
	breaker *redisBreaker
}

func newRateLimiter(client redis.UniversalClient, limits RateLimits, log *slog.Logger) *rateLimiter {
	return &rateLimiter{limiter: redis_rate.NewLimiter(client), limits: limits, log: log, breaker: newRedisBreaker(redisPause, nil)}
}

// allow counts one try against key's budget and says whether it is over
// it and how long to wait; while Redis is unreachable it allows, and says
// so in the log once when Redis goes and once when it is back.
func (l *rateLimiter) allow(ctx context.Context, key string, limit int) (retryAfter time.Duration, limited bool) {
	res, change, err := guarded(ctx, l.breaker, func(ctx context.Context) (*redis_rate.Result, error) {
		return l.limiter.Allow(ctx, key, redis_rate.PerMinute(limit))
	})
	switch change {
	case breakerOpened:
		l.log.WarnContext(ctx, "rate limiter unavailable: letting requests through until Redis answers", "err", err)
	case breakerClosed:
		l.log.InfoContext(ctx, "rate limiter available again")
	}
	if err != nil || res.Allowed > 0 {
		return 0, false
	}
	return max(res.RetryAfter, time.Second), true
}

// aroundRootFields refuses a mutation's root field over its budget with
// RATE_LIMITED and the time to wait. Each root field counts, so aliases of
// one mutation in one request are as many tries.
func (l *rateLimiter) aroundRootFields(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != "mutation" {
		return next(ctx)
	}
	field := graphql.GetRootFieldContext(ctx).Field.Name
	c := Client(ctx)
	checks := []struct {
		key   string
		limit int
	}{}
	if sensitive(field) && l.limits.AuthPerMinute > 0 {
		checks = append(checks, struct {
			key   string
			limit int
		}{"uslugi:rl:auth:" + c.IP, l.limits.AuthPerMinute})
	}
	if l.limits.MutationsPerMinute > 0 {
		key := "uslugi:rl:ip:" + c.IP
		if p, err := Principal(ctx); err == nil {
			key = "uslugi:rl:account:" + p.AccountID
		}
		checks = append(checks, struct {
			key   string
			limit int
		}{key, l.limits.MutationsPerMinute})
	}
	for _, ch := range checks {
		if wait, limited := l.allow(ctx, ch.key, ch.limit); limited {
			graphql.AddError(ctx, &account.RateLimitedError{RetryAfter: wait})
			return graphql.Null
		}
	}
	return next(ctx)
}
