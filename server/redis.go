package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alicebob/miniredis/v2"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// parseRedisURL turns REDIS_URL into asynq's connection options:
// redis://, rediss:// and redis-socket:// for one server,
// redis-sentinel://[:password@]host1:port,host2:port?master=NAME for
// Sentinel, and redis-cluster://[:password@]host1:port,host2:port for Cluster.
func parseRedisURL(u string) (asynq.RedisConnOpt, error) {
	if rest, ok := strings.CutPrefix(u, "redis-cluster://"); ok {
		var password string
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			cred := rest[:at]
			rest = rest[at+1:]
			if _, p, ok := strings.Cut(cred, ":"); ok {
				password = p
			}
		}
		rest, _, _ = strings.Cut(rest, "/")
		rest, _, _ = strings.Cut(rest, "?")
		addrs := strings.Split(rest, ",")
		for _, a := range addrs {
			if !strings.Contains(a, ":") {
				return nil, fmt.Errorf("cluster node %q must be host:port", a)
			}
		}
		return asynq.RedisClusterClientOpt{Addrs: addrs, Password: password}, nil
	}
	opt, err := asynq.ParseRedisURI(u)
	if err != nil {
		return nil, errors.New("must be redis://host:port[/db], rediss://…, redis-socket://…, redis-sentinel://host:port,…?master=NAME or redis-cluster://host:port,…")
	}
	return opt, nil
}

// redisConn is the Redis the process uses: a real one, or an embedded
// miniredis that lives and dies with the process.
type redisConn struct {
	opt      asynq.RedisConnOpt
	client   redis.UniversalClient
	embedded *miniredis.Miniredis
}

func openRedis(url string) (*redisConn, error) {
	rc := &redisConn{}
	if url == "" {
		m := miniredis.NewMiniRedis()
		if err := m.StartAddr("127.0.0.1:0"); err != nil {
			return nil, fmt.Errorf("unable to start the embedded Redis: %w", err)
		}
		rc.embedded = m
		rc.opt = asynq.RedisClientOpt{Addr: m.Addr()}
	} else {
		opt, err := parseRedisURL(url)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		rc.opt = opt
	}
	c, ok := rc.opt.MakeRedisClient().(redis.UniversalClient)
	if !ok {
		return nil, errors.New("unexpected Redis client type")
	}
	rc.client = c
	return rc, nil
}

func (rc *redisConn) describe(url string) string {
	if rc.embedded != nil {
		return "embedded in-process Redis at " + rc.embedded.Addr() + " (keeps nothing across restarts; the outbox in the database re-delivers unfinished jobs)"
	}
	if i := strings.Index(url, "@"); i >= 0 {
		if j := strings.Index(url, "://"); j >= 0 && j < i {
			url = url[:j+3] + "***" + url[i:]
		}
	}
	return url
}

func (rc *redisConn) Close() {
	_ = rc.client.Close()
	if rc.embedded != nil {
		rc.embedded.Close()
	}
}
