package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/redis/go-redis/v9"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/blob"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/document"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/jobs"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/pension"
	"github.com/uslugi/uslugi/statement"
	"github.com/uslugi/uslugi/stats"
)

// HandlerConfig is what the GraphQL handler is built from.
type HandlerConfig struct {
	Catalog      *catalog.Catalog
	Accounts     *account.Service
	Feed         *notification.Feed
	Live         LiveFeed
	Devices      *notification.Devices
	News         *notification.NewsService
	Statements   *statement.Service
	Payments     *payment.Service
	Pension      *pension.Service
	Applications *application.Service
	Documents    *document.Service
	Stats        *stats.Service
	Duplicates   *duplicate.Service
	Hearings     *hearing.Service
	Tallies      TallyFeed
	// Verifications signals changes of a citizen's verification.
	Verifications VerificationFeed
	Protocols     hearing.ProtocolVerifier
	Blobs         blob.Store
	// Jobs is the administrators' view of the background queues.
	Jobs     *jobs.Admin
	FileURLs *blob.URLSigner
	Settings *notification.Settings
	Clock    func() time.Time
	Logger   *slog.Logger
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
	// Redis holds the rate limits' counters; nil turns rate limiting off.
	Redis      redis.UniversalClient
	RateLimits RateLimits
	// Observe is told of every finished operation (for metrics); may be nil.
	Observe func(ctx context.Context, operation string, took time.Duration, errors int)
	// TracerProvider receives a span per operation and per resolver; nil
	// (tracing off) adds nothing to a request.
	TracerProvider trace.TracerProvider
}

// NewHandler returns the GraphQL endpoint: GET and POST (GraphQL over HTTP)
// and websocket subscriptions (graphql-transport-ws) on one path.
func NewHandler(cfg HandlerConfig) http.Handler {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	res := &Resolver{Catalog: cfg.Catalog, Accounts: cfg.Accounts, Feed: cfg.Feed, Live: cfg.Live, Devices: cfg.Devices, News: cfg.News, Statements: cfg.Statements, Payments: cfg.Payments, Pension: cfg.Pension, Applications: cfg.Applications, Documents: cfg.Documents, Stats: cfg.Stats, Duplicates: cfg.Duplicates, Hearings: cfg.Hearings, Tallies: cfg.Tallies, Verifications: cfg.Verifications, Protocols: cfg.Protocols, Blobs: cfg.Blobs, Jobs: cfg.Jobs, FileURLs: cfg.FileURLs, Settings: cfg.Settings, Clock: cfg.Clock}
	es := NewExecutableSchema(Config{Resolvers: res, Complexity: complexity(),
		Directives: DirectiveRoot{Auth: authDirective, HasRole: hasRoleDirective}})
	srv := handler.New(es)
	srv.AddTransport(transport.Websocket{
		Implementation:   wsImplementation{inner: transport.CoderWebsocketImplementation{}},
		InitTimeout:      10 * time.Second,
		InitFunc:         wsAuth(cfg.Accounts),
		CloseFunc:        wsClosed,
		PingPongInterval: 20 * time.Second, // graphql-transport-ws keep-alive
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: MaxUploadBytes, MaxMemory: 8 << 20})
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
	srv.Use(inputLimits{max: MaxInputBytes})
	if cfg.MaxComplexity > 0 {
		srv.Use(extension.FixedComplexityLimit(cfg.MaxComplexity))
	}
	if cfg.Redis != nil {
		srv.AroundRootFields(newRateLimiter(cfg.Redis, cfg.RateLimits, cfg.Logger).aroundRootFields)
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
	if cfg.TracerProvider != nil {
		srv.Use(newTracing(cfg.TracerProvider))
	}
	// Last, so the metrics and traces above see cached answers too.
	if v, ok := cfg.Catalog.Store().(CatalogVersion); ok && v.TTL() > 0 {
		srv.Use(newPublicCache(v, publicCacheBytes))
	}
	var h http.Handler = srv
	h = LoadersMiddleware(cfg.Catalog.Store(), h)
	h = AuthMiddleware(cfg.Accounts, h)
	h = WithSessionCookie(h)
	h = withWSHolder(h)
	h = guardBody(cfg.MaxBodyBytes, h)
	h = WithLanguage(h)
	return h
}

// guardBody reads a POST body before gqlgen does and refuses, in the
// request's language, one over max bytes with 413 (whether or not its
// length is announced) and a JSON array, a batch of operations, with 400.
// gqlgen would answer either with a decoding error that echoes the body.
// MaxUploadBytes caps a multipart request: a duplicate's scans, at most
// 10 MB each, with room for a translation and the consent.
const MaxUploadBytes = 64 << 20

func guardBody(maxBytes int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		lang := Lang(r.Context())
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			// File uploads (scans of documents) stream to gqlgen's multipart
			// transport under their own, larger limit; only a signed-in
			// caller may send one, so nobody anonymous makes the server
			// read megabytes.
			if r.Header.Get("Authorization") == "" {
				refuse(w, http.StatusUnauthorized, CodeUnauthenticated, nil,
					pickLang(lang, "Загружать файлы может только вошедший пользователь", "sign in to upload files"))
				return
			}
			if r.ContentLength > MaxUploadBytes {
				refuse(w, http.StatusRequestEntityTooLarge, CodeBodyTooLarge, map[string]any{"limit": MaxUploadBytes},
					pickLang(lang, fmt.Sprintf("Файлы слишком большие: не больше %d байт за запрос", MaxUploadBytes),
						fmt.Sprintf("files too large: at most %d bytes a request", MaxUploadBytes)))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, MaxUploadBytes)
			next.ServeHTTP(w, r)
			return
		}
		tooLarge := func() {
			refuse(w, http.StatusRequestEntityTooLarge, CodeBodyTooLarge, map[string]any{"limit": maxBytes},
				pickLang(lang, fmt.Sprintf("Тело запроса слишком большое: не больше %d байт", maxBytes),
					fmt.Sprintf("request body too large: at most %d bytes", maxBytes)))
		}
		if maxBytes > 0 && r.ContentLength > maxBytes {
			tooLarge()
			return
		}
		var body io.Reader = r.Body
		if maxBytes > 0 {
			body = io.LimitReader(r.Body, maxBytes+1)
		}
		b, err := io.ReadAll(body)
		switch {
		case err != nil:
			refuse(w, http.StatusBadRequest, CodeBadUserInput, nil,
				pickLang(lang, "Не удалось прочитать тело запроса", "unable to read the request body"))
			return
		case maxBytes > 0 && int64(len(b)) > maxBytes:
			tooLarge()
			return
		case bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("[")):
			refuse(w, http.StatusBadRequest, CodeBatchingNotSupported, nil,
				pickLang(lang, "Пакетные запросы не поддерживаются: отправляйте по одной операции в запросе",
					"batched requests are not supported: send one operation per request"))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		next.ServeHTTP(w, r)
	})
}

// refuse answers a request gqlgen never sees with one GraphQL error.
func refuse(w http.ResponseWriter, status int, code string, ext map[string]any, message string) {
	extensions := map[string]any{"code": code}
	for k, v := range ext {
		extensions[k] = v
	}
	b, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{"message": message, "extensions": extensions}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
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
	// Every public or staff list that can grow is priced by its page, so
	// aliases of big pages run out of budget.
	c.Query.Hearings = func(child int, _ *string, _ *hearing.Status, _ *hearing.Subject, first *int, _ *string) int {
		return pageCost(child, first, 20)
	}
	c.Query.HearingParticipants = func(child int, _ string, first *int, _ *string) int {
		return pageCost(child, first, 100)
	}
	c.Query.Documents = func(child int, _ *document.Kind, first *int, _ *string) int {
		return pageCost(child, first, 20)
	}
	c.Query.Notifications = func(child int, first *int, _ *string, _ *bool) int {
		return pageCost(child, first, 20)
	}
	c.Query.AuditLog = func(child int, _ *model.AuditFilter, first *int, _ *string) int {
		return pageCost(child, first, 50)
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
