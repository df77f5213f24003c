// Package requestid gives every HTTP request an id that its log lines and
// its "internal error" responses carry, so an operator can find one in the
// other.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
)

type key struct{}

// Header carries the id in and out.
const Header = "X-Request-Id"

// Middleware takes a well-formed X-Request-Id from the client (a proxy may
// have set it) or makes one, puts it in the context and echoes it back.
func Middleware(next http.Handler) http.Handler {
	valid := regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !valid.MatchString(id) {
			id = New()
		}
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(With(r.Context(), id)))
	})
}

// New makes a random id.
func New() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// From returns the id in ctx, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}
