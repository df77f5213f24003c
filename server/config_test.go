package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestLoadConfigDefaults(t *testing.T) {
	c, err := LoadConfig("all", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":8080" || c.DatabaseURL != "" || c.RedisURL != "" || !c.Introspection ||
		c.MaxBodyBytes != 1<<20 || c.Shutdown != 30*time.Second || c.MaxDepth != 12 {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadConfigRefusesBadSettings(t *testing.T) {
	tests := []struct {
		name string
		role string
		env  map[string]string
		want string // the error must name this
	}{
		{"unknown role", "both", nil, "-role"},
		{"api without a shared Redis", "api", nil, "REDIS_URL"},
		{"worker without a shared Redis", "worker", nil, "REDIS_URL"},
		{"database URL of an unknown kind", "all", map[string]string{"DATABASE_URL": "mysql://x"}, "DATABASE_URL"},
		{"Redis URL of an unknown kind", "all", map[string]string{"REDIS_URL": "http://x"}, "REDIS_URL"},
		{"cluster node without a port", "all", map[string]string{"REDIS_URL": "redis-cluster://a,b"}, "REDIS_URL"},
		{"log level", "all", map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"log format", "all", map[string]string{"LOG_FORMAT": "xml"}, "LOG_FORMAT"},
		{"shutdown timeout", "all", map[string]string{"SHUTDOWN_TIMEOUT": "soon"}, "SHUTDOWN_TIMEOUT"},
		{"negative duration", "all", map[string]string{"APQ_TTL": "-1h"}, "APQ_TTL"},
		{"introspection", "all", map[string]string{"GRAPHQL_INTROSPECTION": "perhaps"}, "GRAPHQL_INTROSPECTION"},
		{"body limit too small", "all", map[string]string{"GRAPHQL_MAX_BODY_BYTES": "10"}, "GRAPHQL_MAX_BODY_BYTES"},
		{"depth not a number", "all", map[string]string{"GRAPHQL_MAX_DEPTH": "deep"}, "GRAPHQL_MAX_DEPTH"},
		{"zero concurrency", "all", map[string]string{"WORKER_CONCURRENCY": "0"}, "WORKER_CONCURRENCY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(tt.role, func(k string) string { return tt.env[k] })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %s", err, tt.want)
			}
		})
	}
}

func TestParseRedisURL(t *testing.T) {
	tests := []struct {
		name, url, kind string
	}{
		{"single server", "redis://127.0.0.1:6379/2", "asynq.RedisClientOpt"},
		{"TLS", "rediss://user:pw@redis.example:6380", "asynq.RedisClientOpt"},
		{"sentinel", "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379?master=mymaster", "asynq.RedisFailoverClientOpt"},
		{"cluster", "redis-cluster://:secret@10.0.0.1:7000,10.0.0.2:7000", "asynq.RedisClusterClientOpt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt, err := parseRedisURL(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := typeName(opt); got != tt.kind {
				t.Errorf("kind = %s, want %s", got, tt.kind)
			}
		})
	}
}

func TestConfigTableListsEverySetting(t *testing.T) {
	table := ConfigTable()
	for _, s := range settings() {
		if !strings.Contains(table, "`"+s.name+"`") {
			t.Errorf("%s missing from the table", s.name)
		}
	}
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }
