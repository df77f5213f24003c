package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/klauspost/compress/gzhttp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/cors"

	"github.com/uslugi/uslugi/graph"
	"github.com/uslugi/uslugi/requestid"
)

// readiness checks what the process needs to serve: each check gets a short
// deadline, so /readyz answers quickly even when a dependency hangs.
type readiness map[string]func(ctx context.Context) error

// degraded wraps a failed readiness check that the process serves through:
// /readyz names it "degraded" but stays 200, so a load balancer keeps
// sending traffic.
type degraded struct{ error }

func (d degraded) Unwrap() error { return d.error }

// routes is the HTTP surface: the web app, GraphQL, GraphiQL, health,
// readiness, metrics.
func routes(log *slog.Logger, gql http.Handler, app fs.FS, headings serviceHeadings, ready readiness, reg *prometheus.Registry, extra map[string]http.Handler, origins []string) http.Handler {
	// Browsers may call the API only from the configured origins; the
	// mobile apps send no Origin and are not affected.
	gql = cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Authorization", "Content-Type", "Accept-Language", requestid.Header, graph.SessionCookieHeader},
		MaxAge:         600,
	}).Handler(gql)
	gql = compressReads(gql)
	mux := http.NewServeMux()
	for path, h := range extra {
		mux.Handle(path, h)
	}
	mux.Handle("/graphql", gql)
	mux.Handle("GET /graphiql", playground.Handler("Uslugi GraphQL", "/graphql"))
	// Every path no route above claims belongs to the app (its client-side
	// routes fall back to index.html).
	mux.Handle("/", appHandler(app, headings))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		status, code := map[string]string{}, http.StatusOK
		for name, check := range ready {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			err := check(ctx)
			cancel()
			var d degraded
			if errors.As(err, &d) {
				status[name] = "degraded"
				log.WarnContext(r.Context(), "readiness check failed, serving without it", "check", name, "err", err)
				continue
			}
			if err != nil {
				status[name] = "unavailable"
				code = http.StatusServiceUnavailable
				log.WarnContext(r.Context(), "readiness check failed", "check", name, "err", err)
				continue
			}
			status[name] = "ok"
		}
		writeJSON(w, code, status)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return securityHeaders(requestid.Middleware(accessLog(log, mux)))
}

// securityHeaders are set on every response: no MIME sniffing, no framing
// (clickjacking), no referrer leaking tokens in URLs.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController (and the websocket upgrade) reach
// the connection.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog writes one line per request with its id, never its body or
// query string (they may carry personal data).
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			return
		}
		log.InfoContext(r.Context(), "http request",
			"request_id", requestid.From(r.Context()),
			"method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", time.Since(start).Milliseconds())
	})
}

// compressReads gzips GraphQL answers to GET requests (queries: the web app
// sends them as GET with a persisted-query hash) for clients that accept it;
// the catalog's lists shrink about five times. Mutations (POST) are sent as
// they are: their answers carry tokens beside what the client sent, the
// shape a compression side channel (BREACH) needs. Websocket upgrades pass
// through untouched.
func compressReads(h http.Handler) http.Handler {
	gz := gzhttp.GzipHandler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Upgrade") != "" {
			h.ServeHTTP(w, r)
			return
		}
		gz.ServeHTTP(w, r)
	})
}
