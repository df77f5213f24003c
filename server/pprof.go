package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"strings"

	"github.com/uslugi/uslugi/account"
)

// tokenChecker turns an access token into the account behind it
// (account.Service).
type tokenChecker interface {
	Authenticate(ctx context.Context, accessToken string) (account.Principal, error)
}

// pprofHandler serves Go's profiles under /debug/pprof/ to ADMIN access
// tokens only: a profile shows the code's paths and a heap dump can hold
// personal data, so it is never public. Without a valid token: 401; with
// another account's token: 403. It is mounted only when PPROF_ENABLED.
//
// net/http/pprof also registers itself on http.DefaultServeMux when
// imported; the server never serves that mux, so this handler is the only
// way in.
func pprofHandler(log *slog.Logger, tokens tokenChecker) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="uslugi"`)
			http.Error(w, "an ADMIN access token is required (Authorization: Bearer …)", http.StatusUnauthorized)
			return
		}
		p, err := tokens.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="uslugi", error="invalid_token"`)
			http.Error(w, "the access token is not valid (expired or revoked?)", http.StatusUnauthorized)
			return
		}
		if !p.HasRole(account.RoleAdmin) {
			http.Error(w, "only an ADMIN may read profiles", http.StatusForbidden)
			return
		}
		log.InfoContext(r.Context(), "profile read", "account", p.AccountID, "path", r.URL.Path)
		mux.ServeHTTP(w, r)
	})
}
