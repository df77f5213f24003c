package main

import (
	"context"
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// apiMetrics counts GraphQL operations by name. Names come from clients,
// so only well-formed ones are kept and at most maxOperationNames of them:
// the rest count as "other", and a hostile client cannot blow up the
// metrics' cardinality.
type apiMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec

	mu    sync.Mutex
	names map[string]bool
	valid *regexp.Regexp
}

const maxOperationNames = 200

func newAPIMetrics(reg prometheus.Registerer) *apiMetrics {
	m := &apiMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "uslugi_graphql_operations_total",
			Help: "GraphQL operations served, by operation name and outcome (ok or error).",
		}, []string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "uslugi_graphql_operation_duration_seconds",
			Help:    "Time to serve a GraphQL operation, by operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"operation"}),
		names: map[string]bool{},
		valid: regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *apiMetrics) observe(_ context.Context, operation string, took time.Duration, errors int) {
	op := m.label(operation)
	outcome := "ok"
	if errors > 0 {
		outcome = "error"
	}
	m.requests.WithLabelValues(op, outcome).Inc()
	m.duration.WithLabelValues(op).Observe(took.Seconds())
}

func (m *apiMetrics) label(name string) string {
	if !m.valid.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// newRegistry is the process's own metrics registry (no global one), with
// the Go runtime and process collectors.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}
