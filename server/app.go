package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/hibiken/asynq"
	asynqmetrics "github.com/hibiken/asynq/x/metrics"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/uptrace/bun"
	"go.opentelemetry.io/otel/trace"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/account/accountsecret"
	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/blob"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/docsign"
	"github.com/uslugi/uslugi/document"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/esign"
	"github.com/uslugi/uslugi/graph"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/pension"
	"github.com/uslugi/uslugi/pubsub"
	"github.com/uslugi/uslugi/secret"
	"github.com/uslugi/uslugi/statement"
	"github.com/uslugi/uslugi/stats"
	"github.com/uslugi/uslugi/web"
)

// App is the composition root: it owns the connections and wires the
// domain services, the API and the worker.
type App struct {
	cfg   Config
	log   *slog.Logger
	db    *bun.DB
	redis *redisConn
	reg   *prometheus.Registry
	clock func() time.Time
	// tracer receives the spans of operations, resolvers, queries, jobs
	// and outgoing calls; nil when tracing is off.
	tracer         trace.TracerProvider
	stopTracing    func(context.Context) error
	queueInspector *asynq.Inspector

	keys     *secret.Keys
	sims     *agency.Simulators
	accounts *account.Service
	hub      *pubsub.Hub
	devices  *notification.Devices
	topics   *notification.Topics
	news     *notification.NewsService
	// agencies and statements: fines, taxes and proceedings.
	agencies   statementAgencies
	statements *statement.Service
	// acquirer is the simulated card acquirer; payments pays through it.
	acquirer *agency.AcquirerSimulator
	payments *payment.Service
	pension  *pension.Service
	// applications for services: forms, drafts, stages, ratings.
	applications *application.Service
	// duplicates: electronic duplicates, their files and signatures.
	duplicates *duplicate.Service
	hearings   *hearing.Service
	protocols  protocolSigner
	blobs      blob.Store
	fileURLs   *blob.URLSigner
	// life ends when the app closes; the live-feed subscription runs on it.
	life     context.Context
	stopLife context.CancelFunc

	handler http.Handler
	worker  *worker
}

// NewApp connects to the database and Redis, migrates, seeds the catalog,
// and builds the HTTP handler and (for the worker roles) the job runner.
func NewApp(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	return newApp(ctx, cfg, log, time.Now)
}

// newApp is NewApp with the clock every service reads (tests move it).
func newApp(ctx context.Context, cfg Config, log *slog.Logger, clock func() time.Time) (*App, error) {
	a := &App{cfg: cfg, log: log, reg: newRegistry(), clock: clock}
	a.life, a.stopLife = context.WithCancel(context.Background())
	var err error
	if a.tracer, a.stopTracing, err = newTracerProvider(ctx, cfg); err != nil {
		return nil, err
	}
	if a.db, err = db.Open(ctx, cfg.DatabaseURL); err != nil {
		a.Close()
		return nil, err
	}
	if a.tracer != nil {
		traceQueries(a.db, a.tracer)
	}
	if err := prepareSchema(ctx, a.db, cfg); err != nil {
		a.Close()
		return nil, err
	}
	if a.redis, err = openRedis(cfg.RedisURL); err != nil {
		a.Close()
		return nil, err
	}
	// asynq's queue sizes, latency and totals on /metrics, read through
	// the inspector at each scrape. Every process shows the same figures
	// (they are Redis's), so dashboards take max by queue, not sum.
	a.queueInspector = asynq.NewInspector(a.redis.opt)
	if err := a.reg.Register(asynqmetrics.NewQueueMetricsCollector(a.queueInspector)); err != nil {
		a.Close()
		return nil, fmt.Errorf("asynq queue metrics: %w", err)
	}
	log.Info("uslugi starting",
		"role", cfg.Role,
		"database", db.Describe(cfg.DatabaseURL),
		"redis", a.redis.describe(cfg.RedisURL))

	keys, _, err := secret.LoadKeys(cfg.SecretKeys, cfg.DataDir, log)
	if err != nil {
		a.Close()
		return nil, err
	}
	// Simulated agencies until real adapters exist; what they "send" is
	// listed at /dev/messages.
	// The checks' latency is configurable so that demos and the fault
	// tests need not wait the default two minutes per verification.
	checks := agency.CheckOptions{Latency: cfg.AgencyCheckLatency}
	if checks.Latency == 0 {
		checks.Latency = -1 // the simulator's zero means its default; 0s here means at once
	}
	a.sims = agency.NewSimulators(a.clock, agency.SimOptions{SFR: checks, MVD: checks})
	hasher, err := secret.NewPasswordHasher(secret.DefaultArgon2Params())
	if err != nil {
		a.Close()
		return nil, err
	}
	a.keys = keys
	a.hub = pubsub.NewHub(a.life, a.redis.client, log)
	a.devices = notification.NewDevices(db.NewFeedStore(a.db, a.clock), a.clock)
	sender, err := newPushSender(ctx, cfg, log, tracedHTTPClient(a.tracer))
	if err != nil {
		a.Close()
		return nil, err
	}
	a.topics = notification.NewTopics(db.NewFeedStore(a.db, a.clock), topicSender{sender: sender})
	a.news = notification.NewNewsService(db.NewNewsStore(a.db, a.clock), topicSender{sender: sender}, a.clock)
	a.agencies = newStatementAgencies(a)
	a.acquirer = agency.NewAcquirerSimulator(a.clock, agency.AcquirerOptions{BaseURL: publicPrefix(cfg.PublicURL) + "dev/acquirer",
		Secret: acquirerSecret(cfg, keys)})
	a.payments = payment.New(db.NewPaymentStore(a.db, a.clock), acquirerAdapter{acq: a.acquirer}, registerAdapter{reg: a.agencies.register},
		payment.Config{CallbackURL: publicPrefix(cfg.PublicURL) + "payments/callback", ReturnPrefixes: []string{publicPrefix(cfg.PublicURL)}}, a.clock)
	a.statements = statement.New(db.NewStatementStore(a.db, a.clock), a.agencies.gateways(),
		statement.Config{Freshness: cfg.StatementFreshness, Wait: cfg.StatementWait}, a.clock)
	var signatures account.SignatureVerifier
	if cfg.ESignCAs != "" {
		ecfg, err := esign.LoadConfig(cfg.ESignCAs, cfg.ESignCRLs)
		if err == nil {
			ecfg.Clock = a.clock
			var v *esign.Verifier
			if v, err = esign.NewVerifier(ecfg); err == nil {
				signatures = v
				if skipped := v.Skipped(); len(skipped) > 0 {
					log.Warn("GOST certificates and lists skipped: the standard library cannot check them", "skipped", skipped)
				}
			}
		}
		if err != nil {
			a.Close()
			return nil, err
		}
	}
	a.accounts = account.New(db.NewAccountStore(a.db, a.clock), account.Deps{
		Passwords:  accountsecret.Passwords{Hasher: hasher},
		Secrets:    accountsecret.Secrets{Keys: keys},
		Clock:      a.clock,
		Places:     db.NewCatalogStore(a.db),
		Scopes:     db.NewCatalogStore(a.db),
		Agencies:   account.Agencies{SFR: a.sims.SFR, MVD: a.sims.MVD, Post: a.sims.Post},
		Signatures: signatures,
		Publisher:  a.hub,
		// Verification jobs signal each change to the live subscriptions.
		Verifications: a.hub,
		Push:          pushSender{sender: sender},
	}, account.Config{AccessTTL: cfg.AccessTTL, RefreshTTL: cfg.RefreshTTL, PublicURL: cfg.PublicURL})

	forms, err := application.LoadForms()
	if err != nil {
		a.Close()
		return nil, err
	}
	blobs, err := blob.Open(ctx, cfg.BlobURL, filepath.Join(cfg.DataDir, "blobs"), blobOptions(a.tracer)...)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("BLOB_URL: %w", err)
	}
	if a.fileURLs, err = blob.NewURLSigner(fileURLKey(keys), a.clock); err != nil {
		a.Close()
		return nil, err
	}
	a.blobs = blobs
	// One key ring signs duplicates (per service centre) and results (per
	// department).
	ring := docsign.NewKeyRing(db.NewSigningKeyStore(a.db, a.clock), keys)
	a.applications = application.New(db.NewApplicationStore(a.db, a.clock), forms, innApplications{fns: a.agencies.fns, accounts: a.accounts}, blobs, ring, a.clock)
	a.applications.Identity = a.accounts
	a.duplicates = duplicate.New(db.NewDuplicateStore(a.db, a.clock), blobs, ring, a.clock)
	a.hearings = hearing.New(db.NewHearingStore(a.db, a.clock), a.clock)
	a.hearings.Live = a.hub
	a.hearings.Lookup = keys
	a.protocols = protocolSigner{ring: ring, hearings: func() *hearing.Service { return a.hearings }, clock: a.clock}
	a.hearings.Signer = a.protocols
	a.pension = pension.New(db.NewPensionStore(a.db, a.clock), sfrPension{sfr: a.sims.SFR}, pensionPeople{accounts: a.accounts}, a.clock)

	catCache := catalog.NewCachedStore(db.NewCatalogStore(a.db), cfg.CatalogTTL, 10000)
	// Administrators' saves empty this process's cache; the other API
	// processes see them when their entries expire (CATALOG_CACHE_TTL).
	cat := catalog.New(catCache).WithAdmin(catalog.NewAdmin(db.NewCatalogAdminStore(a.db), catCache, a.clock))
	var gql http.Handler = http.NotFoundHandler()
	if cfg.Role != "worker" {
		m := newAPIMetrics(a.reg)
		gql = graph.NewHandler(graph.HandlerConfig{
			Catalog:       cat,
			Accounts:      a.accounts,
			Feed:          notification.NewFeed(db.NewFeedStore(a.db, a.clock), a.clock),
			Live:          a.hub,
			Devices:       a.devices,
			News:          a.news,
			Statements:    a.statements,
			Payments:      a.payments,
			Pension:       a.pension,
			Applications:  a.applications,
			Documents:     document.New(db.NewDocumentStore(a.db)),
			Stats:         stats.New(db.NewStatsStore(a.db)),
			Duplicates:    a.duplicates,
			Hearings:      a.hearings,
			Protocols:     a.protocols,
			Tallies:       a.hub,
			Verifications: a.hub,
			Blobs:         a.blobs,
			Jobs:          a.jobsAdmin(),
			FileURLs:      a.fileURLs,
			Settings:      notification.NewSettings(db.NewFeedStore(a.db, a.clock)),
			Clock:         a.clock,
			Logger:        log,
			APQ:           graph.NewAPQCache(a.redis.client, cfg.APQTTL),
			Introspection: cfg.Introspection,
			MaxBodyBytes:  cfg.MaxBodyBytes,
			MaxComplexity: cfg.MaxComplexity,
			Limits: graph.Limits{
				MaxTokens: cfg.MaxTokens, MaxDepth: cfg.MaxDepth, MaxAliases: cfg.MaxAliases,
				MaxFields: cfg.MaxFields, MaxDirectives: 50,
			},
			Redis:      a.redis.client,
			RateLimits: graph.RateLimits{AuthPerMinute: cfg.RateAuth, MutationsPerMinute: cfg.RateMutations},
			Observe:    m.observe,
			// Left nil when tracing is off: not even a no-op extension.
			TracerProvider: a.tracer,
		})
	}
	if cfg.Role != "api" {
		if a.worker, err = newWorker(a); err != nil {
			a.Close()
			return nil, err
		}
	}
	extra := map[string]http.Handler{
		"/dev/messages":           agency.DevMessagesHandler(a.sims.Mailbox),
		"/dev/acquirer/":          a.acquirer.Handler(),
		"POST /payments/callback": callbackHandler(log, acquirerSecret(cfg, keys), a.payments),
		"GET /files":              filesHandler(log, a.fileURLs, a.blobs),
	}
	// /debug/ is the operators': off, it is a plain 404 rather than the
	// web app's fallback page.
	extra["/debug/"] = http.NotFoundHandler()
	if cfg.Pprof {
		extra["/debug/pprof/"] = pprofHandler(log, a.accounts)
	}
	app := web.Dist()
	if cfg.WebDistDir != "" {
		app = os.DirFS(cfg.WebDistDir)
	}
	a.handler = routes(log, gql, app, cat, readiness{
		"database": func(ctx context.Context) error { return a.db.PingContext(ctx) },
		"redis": func(ctx context.Context) error {
			err := a.redis.client.Ping(ctx).Err()
			if err != nil && cfg.Role != "worker" {
				// The API serves reads and commits mutations without Redis
				// (their jobs wait in the outbox): taking every API process
				// out of the load balancer would make a Redis outage a full one.
				return degraded{err}
			}
			return err
		},
	}, a.reg, extra, cfg.CORSOrigins)
	return a, nil
}

// Handler is the HTTP surface, for tests that serve it themselves.
func (a *App) Handler() http.Handler { return a.handler }

// Run serves until ctx is done, then shuts down gracefully: the listener
// closes, in-flight requests and jobs get SHUTDOWN_TIMEOUT to finish, and
// the connections close. ln may be nil to listen on HTTP_ADDR.
func (a *App) Run(ctx context.Context, ln net.Listener) error {
	defer a.Close()
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", a.cfg.HTTPAddr); err != nil {
			return fmt.Errorf("HTTP_ADDR=%s: %w", a.cfg.HTTPAddr, err)
		}
	}
	// Requests run on a context that outlives the signal, so in-flight ones
	// finish; it is cancelled once they have, which ends websocket
	// subscriptions (hijacked connections that Shutdown does not track).
	connCtx, cancelConns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelConns()
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second, // slow-loris clients are cut off
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return connCtx },
	}
	errc := make(chan error, 2)
	go func() {
		a.log.Info("http listening", "addr", ln.Addr().String())
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	if a.worker != nil {
		if err := a.worker.start(ctx); err != nil {
			_ = srv.Close()
			return err
		}
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	a.log.Info("shutting down", "timeout", a.cfg.Shutdown.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.Shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		a.log.Warn("http shutdown incomplete", "err", err)
	}
	cancelConns()
	if a.worker != nil {
		a.worker.stop()
	}
	a.log.Info("stopped")
	return runErr
}

// Close releases the connections.
func (a *App) Close() {
	if a.stopLife != nil {
		a.stopLife()
	}
	if a.queueInspector != nil {
		_ = a.queueInspector.Close()
		a.queueInspector = nil
	}
	if a.redis != nil {
		a.redis.Close()
		a.redis = nil
	}
	if a.db != nil {
		_ = a.db.Close()
		a.db = nil
	}
	if a.stopTracing != nil {
		// Send the spans still batched; a collector that is down must not
		// hold up the exit.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := a.stopTracing(ctx); err != nil {
			a.log.Warn("traces not flushed", "err", err)
		}
		cancel()
		a.stopTracing = nil
	}
}
