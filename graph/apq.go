package graph

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// APQCache keeps automatic persisted queries in Redis, so a hash that a
// mobile client registered through one API process works on every other.
// While Redis is unreachable it answers every hash with a miss at once (the
// client then sends the full query, which is served), instead of making
// each request wait for Redis.
type APQCache struct {
	client  redis.UniversalClient
	ttl     time.Duration
	breaker *redisBreaker
}

// NewAPQCache returns a cache whose entries live ttl after their last use.
func NewAPQCache(client redis.UniversalClient, ttl time.Duration) *APQCache {
	return &APQCache{client: client, ttl: ttl, breaker: newRedisBreaker(redisPause, nil)}
}

const apqPrefix = "uslugi:apq:"

// Get implements graphql.Cache.
func (c *APQCache) Get(ctx context.Context, key string) (string, bool) {
	s, _, err := guarded(ctx, c.breaker, func(ctx context.Context) (string, error) {
		return c.client.GetEx(ctx, apqPrefix+key, c.ttl).Result()
	})
	if err != nil {
		// A miss or an unreachable Redis: the client resends the full query.
		return "", false
	}
	return s, true
}

// Add implements graphql.Cache.
func (c *APQCache) Add(ctx context.Context, key string, value string) {
	_, _, _ = guarded(ctx, c.breaker, func(ctx context.Context) (string, error) {
		return c.client.Set(ctx, apqPrefix+key, value, c.ttl).Result()
	})
}
