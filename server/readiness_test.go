package main

import (
	"net/http"
	"strings"
	"testing"
)

// An API process serves through a Redis outage (reads, and mutations whose
// jobs wait in the outbox), so its readiness names Redis but stays 200:
// a load balancer keeps it in service.
func TestReadinessServesThroughARedisOutage(t *testing.T) {
	a := newTestApp(t, "api", nil)
	_ = a.redis.client.Close()
	code, body := a.get(t, "/readyz")
	if code != http.StatusOK || !strings.Contains(body, `"redis":"degraded"`) || !strings.Contains(body, `"database":"ok"`) {
		t.Errorf("/readyz = %d %s, want 200 with redis degraded", code, body)
	}
}
