package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
)

func TestRateLimitsAreSharedByAPIProcesses(t *testing.T) {
	a := newTestApp(t, "api", func(c *Config) { c.RateAuth, c.RateMutations = 5, 100 })
	// A different login each time: the per-login throttle in the database
	// is not what this test is about.
	signIn := func(i int) map[string]any {
		return map[string]any{"query": fmt.Sprintf(`mutation { signIn(input: {login: "+7999000000%d", password: "Wrong2026x"}) { userErrors { code } } }`, i)}
	}
	for i := 1; i <= 5; i++ {
		if r := a.post(t, "", signIn(i)); len(r.Errors) > 0 {
			t.Fatalf("try %d: %+v", i, r.Errors)
		}
	}
	r := a.post(t, "en", signIn(6))
	if r.code(0) != "RATE_LIMITED" || r.Errors[0].Extensions["retryAfterSeconds"] == nil {
		t.Fatalf("the 6th sign-in in a minute: %+v", r.Errors)
	}
	// A second API process on the same Redis shares the budget.
	second, err := NewApp(context.Background(), a.App.cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(second.Handler())
	t.Cleanup(func() { srv.Close(); second.Close() })
	other := &testApp{App: second, URL: srv.URL}
	if r := other.post(t, "", signIn(7)); r.code(0) != "RATE_LIMITED" {
		t.Errorf("the other process let the 7th sign-in through: %+v", r.Errors)
	}
	// Queries are not limited.
	if r := a.post(t, "", map[string]any{"query": `{ regions { code } }`}); len(r.Errors) > 0 {
		t.Errorf("a query after the limit: %+v", r.Errors)
	}
}
