package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func durations(ms ...int) []time.Duration {
	out := make([]time.Duration, len(ms))
	for i, m := range ms {
		out[i] = time.Duration(m) * time.Millisecond
	}
	return out
}

func TestPercentile(t *testing.T) {
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value is every percentile", durations(7), 50, 7 * time.Millisecond},
		{"one value, p99", durations(7), 99, 7 * time.Millisecond},
		{"median of 1..100", durations(hundred...), 50, 50 * time.Millisecond},
		{"p90 of 1..100", durations(hundred...), 90, 90 * time.Millisecond},
		{"p99 of 1..100", durations(hundred...), 99, 99 * time.Millisecond},
		{"max of 1..100", durations(hundred...), 100, 100 * time.Millisecond},
		{"nearest rank rounds up", durations(1, 2, 3), 50, 2 * time.Millisecond},
		{"p99 of three is the max", durations(1, 2, 3), 99, 3 * time.Millisecond},
		{"p90 of ten", durations(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Millisecond},
		{"tiny p is the min", durations(1, 2, 3), 0.001, 1 * time.Millisecond},
		{"ties", durations(5, 5, 5, 9), 75, 5 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(p%g) = %s, want %s", tt.p, got, tt.want)
			}
		})
	}
}

func TestLoopbackURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080/graphql", true},
		{"http://127.1.2.3:18080/graphql", true},
		{"http://127.255.255.254/graphql", true},
		{"http://[::1]:8080/graphql", true},
		{"http://localhost:8080/graphql", true},
		{"http://LOCALHOST/graphql", true},
		{"https://127.0.0.1/graphql", true},
		{"http://128.0.0.1/graphql", false},
		{"http://10.0.0.1:8080/graphql", false},
		{"http://192.168.1.10/graphql", false},
		{"http://0.0.0.0:8080/graphql", false},
		{"http://[::]:8080/graphql", false},
		{"http://[fe80::1%25lo]:8080/graphql", false},
		{"http://example.com/graphql", false},
		{"http://localhost.example.com/graphql", false},
		{"http://127.0.0.1.example.com/graphql", false},
		{"http://evil.com@127.0.0.1/graphql", false}, // credentials refused
		{"http://127.0.0.1@evil.com/graphql", false},
		{"http://[::ffff:10.0.0.1]/graphql", false},
		{"ftp://127.0.0.1/graphql", false},
		{"127.0.0.1:8080/graphql", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := loopbackURL(tt.url)
			if (err == nil) != tt.ok {
				t.Errorf("loopbackURL(%q) err = %v, want ok %v", tt.url, err, tt.ok)
			}
		})
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		ok   bool
	}{
		{"defaults", nil, true},
		{"every scenario", []string{"-scenario", "node"}, true},
		{"custom query", []string{"-query", "{ regions { code } }", "-scenario", "nonsense"}, true},
		{"remote url", []string{"-url", "http://10.1.1.1/graphql"}, false},
		{"unknown scenario", []string{"-scenario", "everything"}, false},
		{"no workers", []string{"-c", "0"}, false},
		{"too many requests", []string{"-n", "100000000"}, false},
		{"unbounded time", []string{"-d", "1h"}, false},
		{"zero time", []string{"-d", "0s"}, false},
		{"warm-up longer than the run", []string{"-n", "10", "-warmup", "20"}, false},
		{"stray argument", []string{"http://127.0.0.1/graphql"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFlags(tt.args)
			if (err == nil) != tt.ok {
				t.Errorf("parseFlags(%q) err = %v, want ok %v", tt.args, err, tt.ok)
			}
		})
	}
}

func TestClientRefusesNonLoopback(t *testing.T) {
	c := newClient(1, time.Second)
	_, err := c.Post("http://192.0.2.1:9/graphql", "application/json", strings.NewReader("{}"))
	if err == nil || !strings.Contains(err.Error(), "non-loopback") {
		t.Errorf("err = %v, want a refusal", err)
	}
}

// TestRun drives a tiny run against a fake endpoint on loopback.
func TestRun(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if bytes.Contains(b, []byte("first:1")) { // the node scenario's id lookup
			_, _ = io.WriteString(w, `{"data":{"services":{"edges":[{"node":{"id":"U2VydmljZTox"}}]}}}`)
			return
		}
		if !bytes.Contains(b, []byte("U2VydmljZTox")) {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"node":{"id":"U2VydmljZTox"}}}`)
	}))
	defer srv.Close()
	cfg, err := parseFlags([]string{"-url", srv.URL + "/graphql", "-scenario", "node", "-c", "4", "-n", "200", "-warmup", "10", "-d", "10s"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(cfg, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"uslugi", "plain net/http", "uslugi/plain: throughput", "p99"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "error:") {
		t.Errorf("errors reported:\n%s", out.String())
	}
	t.Log("\n" + out.String())
}
