package graph

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/uslugi/uslugi/account"
)

type principalKey struct{}
type clientKey struct{}

// authState is what the request's credentials turned out to be.
type authState struct {
	principal *account.Principal
	err       error // a token was sent but is not valid
}

// Authenticator turns an access token into a principal.
type Authenticator interface {
	Authenticate(ctx context.Context, accessToken string) (account.Principal, error)
}

// AuthMiddleware reads "Authorization: Bearer <access token>" and the
// client's address and device. A request without a token is anonymous; one
// with a bad token is anonymous too, but fields that need an account then
// say the token is the problem.
func AuthMiddleware(auth Authenticator, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), clientKey{}, clientOf(r))
		if h := r.Header.Get("Authorization"); h != "" {
			st := &authState{}
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				st.err = account.ErrUnauthenticated
			} else if p, err := auth.Authenticate(ctx, strings.TrimSpace(token)); err != nil {
				st.err = err
			} else {
				st.principal = &p
			}
			ctx = context.WithValue(ctx, principalKey{}, st)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// clientOf is the request's address (the TCP peer: proxies in front must
// be trusted explicitly, which comes with the production-readiness work)
// and its User-Agent.
func clientOf(r *http.Request) account.Client {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return account.Client{IP: ip, Device: r.UserAgent()}
}

// Client returns the request's client.
func Client(ctx context.Context) account.Client {
	c, _ := ctx.Value(clientKey{}).(account.Client)
	return c
}

// Principal returns the signed-in principal, or ErrUnauthenticated.
func Principal(ctx context.Context) (account.Principal, error) {
	st, _ := ctx.Value(principalKey{}).(*authState)
	if st == nil {
		return account.Principal{}, account.ErrUnauthenticated
	}
	if st.err != nil {
		if errors.Is(st.err, account.ErrUnauthenticated) {
			return account.Principal{}, st.err
		}
		return account.Principal{}, st.err
	}
	return *st.principal, nil
}

// authDirective is @auth(tier, notMethod): the caller must be signed in,
// at least at tier, and not confirmed only by notMethod.
func authDirective(ctx context.Context, _ any, next graphql.Resolver, tier *account.Tier, notMethod *account.Method) (any, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	need := account.TierSimplified
	if tier != nil {
		need = *tier
	}
	if p.Tier.Rank() < need.Rank() {
		return nil, &account.ForbiddenError{NeedTier: need, HaveTier: p.Tier, HaveMethod: p.Method}
	}
	if notMethod != nil && p.Method == *notMethod {
		return nil, &account.ForbiddenError{NotMethod: *notMethod, HaveTier: p.Tier, HaveMethod: p.Method}
	}
	return next(ctx)
}

// hasRoleDirective is @hasRole(role): the caller must hold the role.
func hasRoleDirective(ctx context.Context, _ any, next graphql.Resolver, role account.Role) (any, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(role) {
		return nil, &account.ForbiddenError{NeedRole: role, HaveTier: p.Tier, HaveMethod: p.Method}
	}
	return next(ctx)
}

// wsAuth authenticates a websocket in connection_init: browsers cannot set
// headers on a websocket, so the access token comes in the payload as
// {"Authorization": "Bearer <token>"}. A bad token refuses the connection
// (closed with 4403 by the wsConn wrapper); no token leaves it anonymous.
func wsAuth(auth Authenticator) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		h := payload.Authorization()
		if h == "" {
			return ctx, nil, nil
		}
		token := strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
		p, err := auth.Authenticate(ctx, token)
		if err != nil {
			// A 4xxx close: graphql-ws clients take 1000 as normal and
			// would reconnect in a tight loop.
			ctx = transport.WithWebsocketCloseCode(ctx, closeForbidden)
			ctx = transport.AppendCloseReason(ctx, "Forbidden: the access token is missing, expired or revoked")
			return ctx, nil, errors.New("unauthenticated: the access token is missing, expired or revoked")
		}
		ctx = context.WithValue(ctx, principalKey{}, &authState{principal: &p})
		if !p.ExpiresAt.IsZero() {
			// The socket ends with its token; the app reconnects with a
			// fresh one, and the 4401 close tells graphql-ws clients why.
			holder, _ := ctx.Value(wsHolderKey{}).(*wsHolder)
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			timer := time.AfterFunc(time.Until(p.ExpiresAt), func() {
				if holder != nil {
					holder.expire()
				}
				cancel()
			})
			ctx = context.WithValue(ctx, wsCancelKey{}, func() { timer.Stop(); cancel() }) // called by wsClosed
		}
		return ctx, nil, nil
	}
}

// closeUnauthorized closes a socket whose token expired.
const closeUnauthorized = 4401

type wsCancelKey struct{}

// wsClosed releases the deadline wsAuth set, however the socket ended.
func wsClosed(ctx context.Context, _ int) {
	if cancel, ok := ctx.Value(wsCancelKey{}).(func()); ok {
		cancel()
	}
}
