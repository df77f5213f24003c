package graph

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/graph/model"
)

// HandlerConfig is what the GraphQL handler is built from.
type HandlerConfig struct {
	Catalog *catalog.Catalog
	Clock   func() time.Time
	Logger  *slog.Logger
	// APQ keeps automatic persisted queries; nil keeps them in process.
	APQ graphql.Cache[string]
	// Introspection allows __schema and __type queries and field
	// suggestions in errors.
	Introspection bool
	// MaxBodyBytes caps a request body.
	MaxBodyBytes int64
	// MaxComplexity is the complexity budget of one operation; a list
	// field costs its page size times its children.
	MaxComplexity int
	Limits        Limits
	// Observe is told of every finished operation (for metrics); may be nil.
	Observe func(ctx context.Context, operation string, took time.Duration, errors int)
}

// NewHandler returns the GraphQL endpoint: GET and POST (GraphQL over HTTP)
// and websocket subscriptions (graphql-transport-ws) on one path.
func NewHandler(cfg HandlerConfig) http.Handler {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	res := &Resolver{Catalog: cfg.Catalog, Clock: cfg.Clock}
	es := NewExecutableSchema(Config{Resolvers: res, Complexity: complexity()})
	srv := handler.New(es)
	srv.AddTransport(transport.Websocket{
		Implementation:   wsImplementation{inner: transport.CoderWebsocketImplementation{}},
		InitTimeout:      10 * time.Second,
		PingPongInterval: 20 * time.Second, // graphql-transport-ws keep-alive
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(cfg.Limits.MaxTokens)
	srv.SetErrorPresenter(ErrorPresenter(cfg.Logger))
	srv.SetRecoverFunc(RecoverFunc(cfg.Logger))
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.SetDisableSuggestion(true)
	}
	apq := cfg.APQ
	if apq == nil {
		apq = lru.New[string](1000)
	}
	// APQ first: the limits must see the query a hash stands for.
	srv.Use(extension.AutomaticPersistedQuery{Cache: apq})
	srv.Use(newQueryLimits(cfg.Limits))
	if cfg.MaxComplexity > 0 {
		srv.Use(extension.FixedComplexityLimit(cfg.MaxComplexity))
	}
	if cfg.Observe != nil {
		srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
			start := time.Now()
			resp := next(ctx)
			name := "unknown"
			if graphql.HasOperationContext(ctx) {
				if oc := graphql.GetOperationContext(ctx); oc != nil && oc.Operation != nil {
					name = oc.Operation.Name
					if name == "" {
						name = "anonymous"
					}
				}
			}
			n := 0
			if resp != nil {
				n = len(resp.Errors)
			}
			cfg.Observe(ctx, name, time.Since(start), n)
			return resp
		})
	}
	var h http.Handler = srv
	h = LoadersMiddleware(cfg.Catalog.Store(), h)
	h = WithLanguage(h)
	if cfg.MaxBodyBytes > 0 {
		h = limitBody(cfg.MaxBodyBytes, h)
	}
	return h
}

// limitBody refuses a body over max with 413 before anything reads it.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = w.Write([]byte(`{"errors":[{"message":"request body too large","extensions":{"code":"BODY_TOO_LARGE"}}]}`))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// complexity prices list fields by the page they ask for.
func complexity() ComplexityRoot {
	var c ComplexityRoot
	c.Query.Services = func(child int, _ *model.ServiceFilter, first *int, _ *string) int {
		return pageCost(child, first, catalog.DefaultPageSize)
	}
	c.Query.PopularServices = func(child int, _ *string, first *int) int {
		return pageCost(child, first, 10)
	}
	c.Query.Nodes = func(child int, ids []string) int {
		return 1 + child*max(len(ids), 1)
	}
	return c
}

func pageCost(child int, first *int, def int) int {
	n := def
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + child*n
}
