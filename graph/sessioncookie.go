package graph

import (
	"context"
	"net/http"
	"time"
)

// The web app keeps its refresh token where scripts cannot read it: in an
// HttpOnly cookie. It asks for that with SessionCookieHeader on its
// requests; mobile apps do not send it and keep getting both tokens in the
// payload.
const (
	// SessionCookieHeader set to "1" asks for the refresh token as a cookie.
	SessionCookieHeader = "X-Session-Cookie"
	// RefreshCookie holds the web app's refresh token.
	RefreshCookie = "uslugi_refresh"
	// refreshCookiePath limits the cookie to the API: no page or file
	// request carries it.
	refreshCookiePath = "/graphql"
)

type cookieSessionKey struct{}

// cookieSession is what a resolver needs to read and set the cookie of the
// request it serves.
type cookieSession struct {
	w     http.ResponseWriter
	token string
}

// WithSessionCookie lets resolvers of a web-app request read and set its
// refresh cookie. A custom header cannot be sent cross-site without a CORS
// preflight, which only configured origins pass, and the cookie itself is
// SameSite=Strict: another site can neither use nor plant a session.
func WithSessionCookie(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(SessionCookieHeader) != "1" {
			next.ServeHTTP(w, r)
			return
		}
		cs := &cookieSession{w: w}
		if c, err := r.Cookie(RefreshCookie); err == nil {
			cs.token = c.Value
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), cookieSessionKey{}, cs)))
	})
}

func cookieSessionFrom(ctx context.Context) *cookieSession {
	cs, _ := ctx.Value(cookieSessionKey{}).(*cookieSession)
	return cs
}

// refreshTokenFor is the token a refresh uses: the one given, or, for the
// web app which gives none, its cookie's.
func refreshTokenFor(ctx context.Context, given string) string {
	if given != "" {
		return given
	}
	if cs := cookieSessionFrom(ctx); cs != nil {
		return cs.token
	}
	return ""
}

// keepRefreshInCookie moves a new refresh token from the payload into the
// cookie for the web app; it reports whether it did.
func keepRefreshInCookie(ctx context.Context, token string, expires time.Time) bool {
	cs := cookieSessionFrom(ctx)
	if cs == nil || token == "" {
		return false
	}
	http.SetCookie(cs.w, &http.Cookie{
		Name: RefreshCookie, Value: token, Path: refreshCookiePath, Expires: expires, HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode,
	})
	return true
}

// clearRefreshCookie ends the web app's session in the browser too.
func clearRefreshCookie(ctx context.Context) {
	if cs := cookieSessionFrom(ctx); cs != nil {
		http.SetCookie(cs.w, &http.Cookie{
			Name: RefreshCookie, Value: "", Path: refreshCookiePath, MaxAge: -1,
			HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode,
		})
	}
}
