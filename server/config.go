package main

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/uslugi/uslugi/notification/fcm"
)

// Config is every setting of the server. Each comes from an environment
// variable with a default, so `go run ./server` needs none.
type Config struct {
	Role        string        // -role: api, worker or all
	HTTPAddr    string        // HTTP_ADDR
	DatabaseURL string        // DATABASE_URL
	RedisURL    string        // REDIS_URL
	LogLevel    slog.Level    // LOG_LEVEL
	LogFormat   string        // LOG_FORMAT
	Shutdown    time.Duration // SHUTDOWN_TIMEOUT

	Introspection      bool          // GRAPHQL_INTROSPECTION
	MaxBodyBytes       int64         // GRAPHQL_MAX_BODY_BYTES
	MaxTokens          int           // GRAPHQL_MAX_TOKENS
	MaxDepth           int           // GRAPHQL_MAX_DEPTH
	MaxAliases         int           // GRAPHQL_MAX_ALIASES
	MaxFields          int           // GRAPHQL_MAX_FIELDS
	MaxComplexity      int           // GRAPHQL_MAX_COMPLEXITY
	APQTTL             time.Duration // APQ_TTL
	SecretKeys         string        // SECRET_KEYS
	DataDir            string        // DATA_DIR
	PublicURL          string        // PUBLIC_URL
	CORSOrigins        []string      // CORS_ORIGINS
	FCMCredentialsJSON string        // FCM_CREDENTIALS_JSON
	FCMProjectID       string        // FCM_PROJECT_ID
	FCMEndpoint        string        // FCM_ENDPOINT
	FCMIIDEndpoint     string        // FCM_IID_ENDPOINT
	SMTPURL            string        // SMTP_URL
	AcquirerSecret     string        // ACQUIRER_SECRET
	BlobURL            string        // BLOB_URL
	StatementFreshness time.Duration // STATEMENT_FRESHNESS
	StatementWait      time.Duration // STATEMENT_WAIT
	AgencyLatency      time.Duration // AGENCY_LATENCY
	AgencyFailureRate  float64       // AGENCY_FAILURE_RATE
	AgencyTimeoutRate  float64       // AGENCY_TIMEOUT_RATE
	AgencyCheckLatency time.Duration // AGENCY_CHECK_LATENCY
	RateAuth           int           // RATE_LIMIT_AUTH_PER_MINUTE
	RateMutations      int           // RATE_LIMIT_MUTATIONS_PER_MINUTE
	ESignCAs           string        // ESIGN_TRUSTED_CAS
	ESignCRLs          string        // ESIGN_CRLS
	AccessTTL          time.Duration // ACCESS_TOKEN_TTL
	RefreshTTL         time.Duration // REFRESH_TOKEN_TTL
	CatalogTTL         time.Duration // CATALOG_CACHE_TTL

	WorkerConcurrency int           // WORKER_CONCURRENCY
	RelayInterval     time.Duration // OUTBOX_RELAY_INTERVAL
	RedeliverAfter    time.Duration // OUTBOX_REDELIVER_AFTER
	OutboxRetention   time.Duration // OUTBOX_RETENTION
	DeviceTTL         time.Duration // DEVICE_TTL

	MigrateOnStart bool    // MIGRATE_ON_START
	OTLPEndpoint   string  // OTEL_EXPORTER_OTLP_ENDPOINT
	ServiceName    string  // OTEL_SERVICE_NAME
	TraceRatio     float64 // TRACE_SAMPLE_RATIO
	Pprof          bool    // PPROF_ENABLED
	WebDistDir     string  // WEB_DIST_DIR

	// relayLookahead is left at the relay's default in production; tests
	// that move the clock set it negative, so a delayed job is enqueued
	// only once the moved clock says it is due.
	relayLookahead time.Duration
	// pushSender replaces the FCM sender in tests.
	pushSender fcm.Sender
	// tracerProvider replaces the OTLP exporter in tests (an in-memory
	// recorder).
	tracerProvider trace.TracerProvider
}

// setting documents one environment variable; the README's table is made
// from the same facts.
type setting struct {
	name, def, doc string
	parse          func(c *Config, v string) error
}

func settings() []setting {
	return []setting{
		{"HTTP_ADDR", ":8080", "address the HTTP server listens on", func(c *Config, v string) error { c.HTTPAddr = v; return nil }},
		{"DATABASE_URL", "", "postgres://… for PostgreSQL; empty or sqlite:PATH for SQLite (default data/uslugi.db)", func(c *Config, v string) error { c.DatabaseURL = v; return nil }},
		{"REDIS_URL", "", "redis://, rediss://, redis-sentinel://, redis-cluster://host1,host2; empty starts an in-process Redis that keeps nothing across restarts", func(c *Config, v string) error { c.RedisURL = v; return nil }},
		{"LOG_LEVEL", "info", "debug, info, warn or error", func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }},
		{"LOG_FORMAT", "json", "json or text", func(c *Config, v string) error {
			if v != "json" && v != "text" {
				return errors.New("must be json or text")
			}
			c.LogFormat = v
			return nil
		}},
		{"SHUTDOWN_TIMEOUT", "30s", "how long in-flight requests and jobs get to finish on SIGTERM", durationVar(func(c *Config) *time.Duration { return &c.Shutdown })},
		{"GRAPHQL_INTROSPECTION", "true", "allow introspection and field suggestions", func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			c.Introspection = b
			return err
		}},
		{"GRAPHQL_MAX_BODY_BYTES", "1048576", "largest request body", func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err == nil && n < 1024 {
				err = errors.New("must be at least 1024")
			}
			c.MaxBodyBytes = n
			return err
		}},
		{"GRAPHQL_MAX_TOKENS", "5000", "most lexer tokens in one document", intVar(func(c *Config) *int { return &c.MaxTokens })},
		{"GRAPHQL_MAX_DEPTH", "12", "deepest selection nesting", intVar(func(c *Config) *int { return &c.MaxDepth })},
		{"GRAPHQL_MAX_ALIASES", "30", "most aliases in one document", intVar(func(c *Config) *int { return &c.MaxAliases })},
		{"GRAPHQL_MAX_FIELDS", "500", "most fields written in one document", intVar(func(c *Config) *int { return &c.MaxFields })},
		{"GRAPHQL_MAX_COMPLEXITY", "5000", "complexity budget of one operation (a list costs its page size times its fields)", intVar(func(c *Config) *int { return &c.MaxComplexity })},
		{"APQ_TTL", "24h", "how long a persisted query hash lives after its last use", durationVar(func(c *Config) *time.Duration { return &c.APQTTL })},
		{"SECRET_KEYS", "", "keys that encrypt personal data and sign tokens (`go run ./server keys` makes one; several, comma-separated, rotate: the first encrypts); empty keeps a generated key in DATA_DIR/secret.key, with a warning", func(c *Config, v string) error { c.SecretKeys = v; return nil }},
		{"DATA_DIR", "data", "folder for the embedded default's files (the generated key)", func(c *Config, v string) error { c.DataDir = v; return nil }},
		{"PUBLIC_URL", "http://localhost:8080", "the portal's address, for links in emails", func(c *Config, v string) error {
			if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				return errors.New("must start with http:// or https://")
			}
			c.PublicURL = v
			return nil
		}},
		{"ESIGN_TRUSTED_CAS", "", "PEM bundle (a file path) of the accredited certification centres whose qualified certificates confirm identities; empty turns signature confirmation off", func(c *Config, v string) error { c.ESignCAs = v; return nil }},
		{"ESIGN_CRLS", "", "comma-separated paths of the centres' revocation lists (PEM or DER)", func(c *Config, v string) error { c.ESignCRLs = v; return nil }},
		{"CORS_ORIGINS", "", "comma-separated origins allowed to call the API from a browser (e.g. https://uslugi.example); empty allows none but the API's own", func(c *Config, v string) error {
			c.CORSOrigins = nil
			for _, o := range strings.Split(v, ",") {
				if o = strings.TrimSpace(o); o == "" {
					continue
				}
				if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
					return errors.New("each origin must start with http:// or https://")
				}
				c.CORSOrigins = append(c.CORSOrigins, strings.TrimRight(o, "/"))
			}
			return nil
		}},
		{"RATE_LIMIT_AUTH_PER_MINUTE", "30", "sign-in, code, registration and recovery mutations one client address may make a minute (0 turns it off)", zeroOrMore(func(c *Config) *int { return &c.RateAuth })},
		{"RATE_LIMIT_MUTATIONS_PER_MINUTE", "120", "mutations one account (or anonymous address) may make a minute (0 turns it off)", zeroOrMore(func(c *Config) *int { return &c.RateMutations })},
		{"FCM_CREDENTIALS_JSON", "", "the Firebase service-account key (JSON) for push; or set GOOGLE_APPLICATION_CREDENTIALS to its file; neither: pushes are recorded, not sent", func(c *Config, v string) error { c.FCMCredentialsJSON = v; return nil }},
		{"FCM_PROJECT_ID", "", "the Firebase project, when the key does not name it", func(c *Config, v string) error { c.FCMProjectID = v; return nil }},
		{"FCM_ENDPOINT", "", "another FCM v1 base URL (tests point it at a local fake)", func(c *Config, v string) error { c.FCMEndpoint = v; return nil }},
		{"FCM_IID_ENDPOINT", "", "another scheme and host for FCM topic subscriptions (https://iid.googleapis.com; tests point it at a local fake)", func(c *Config, v string) error { c.FCMIIDEndpoint = v; return nil }},
		{"STATEMENT_FRESHNESS", "1h", "fines, taxes and proceedings are served from the cache this long; older answers come marked stale while a job asks again", durationVar(func(c *Config) *time.Duration { return &c.StatementFreshness })},
		{"STATEMENT_WAIT", "5s", "how long a look with nothing cached waits for the agency before answering without it", durationVar(func(c *Config) *time.Duration { return &c.StatementWait })},
		{"AGENCY_LATENCY", "0s", "simulated agencies (GIBDD, FNS, FSSP) answer after this wait", func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return errors.New("must be a duration such as 0s or 300ms")
			}
			c.AgencyLatency = d
			return nil
		}},
		{"AGENCY_FAILURE_RATE", "0", "share (0 to 1) of simulated agency look-ups that fail", rateVar(func(c *Config) *float64 { return &c.AgencyFailureRate })},
		{"AGENCY_TIMEOUT_RATE", "0", "share (0 to 1) of simulated agency look-ups that never answer", rateVar(func(c *Config) *float64 { return &c.AgencyTimeoutRate })},
		{"AGENCY_CHECK_LATENCY", "2m", "simulated SFR and MVD answer personal-data checks after this wait (0s: at once, found by the first poll 10 s later)", func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return errors.New("must be a duration such as 2m or 0s")
			}
			c.AgencyCheckLatency = d
			return nil
		}},
		{"ACQUIRER_SECRET", "", "key of the card acquirer's callback signatures (HMAC-SHA256); empty derives one from SECRET_KEYS, which the simulated acquirer uses too", func(c *Config, v string) error { c.AcquirerSecret = v; return nil }},
		{"BLOB_URL", "", "where document files are kept: s3://ACCESS:SECRET@host:port/bucket[/prefix]?secure=true&region=… for any S3-compatible store; empty keeps them in DATA_DIR/blobs", func(c *Config, v string) error { c.BlobURL = v; return nil }},
		{"SMTP_URL", "", "send email through SMTP: smtp://[user:password@]host[:587]?from=ADDRESS (STARTTLS when offered; &starttls=required or off, &timeout=30s) or smtps://…:465; empty records email at /dev/messages", func(c *Config, v string) error { c.SMTPURL = v; return nil }},
		{"ACCESS_TOKEN_TTL", "10m", "life of an access token; the next refresh carries a changed tier", durationVar(func(c *Config) *time.Duration { return &c.AccessTTL })},
		{"REFRESH_TOKEN_TTL", "720h", "life of a session without use", durationVar(func(c *Config) *time.Duration { return &c.RefreshTTL })},
		{"CATALOG_CACHE_TTL", "30s", "how long an API process serves catalog answers from memory (rows, search matches and the rendered answers of public catalog queries) before asking the database again; under 100ms it asks every time", durationVar(func(c *Config) *time.Duration { return &c.CatalogTTL })},
		{"WORKER_CONCURRENCY", "10", "jobs one worker process runs at once", intVar(func(c *Config) *int { return &c.WorkerConcurrency })},
		{"OUTBOX_RELAY_INTERVAL", "1s", "how often the relay moves outbox rows into the queue", durationVar(func(c *Config) *time.Duration { return &c.RelayInterval })},
		{"OUTBOX_REDELIVER_AFTER", "5m", "after how long an unfinished job whose task the queue lost is enqueued again", durationVar(func(c *Config) *time.Duration { return &c.RedeliverAfter })},
		{"OUTBOX_RETENTION", "168h", "how long finished outbox rows are kept", durationVar(func(c *Config) *time.Duration { return &c.OutboxRetention })},
		{"DEVICE_TTL", "1440h", "push devices not seen for this long are dropped (FCM advises about two months)", durationVar(func(c *Config) *time.Duration { return &c.DeviceTTL })},
		{"MIGRATE_ON_START", "true", "apply the migrations and the catalog seed at start; false (production, with `server migrate` as its own step) only checks that the database is not behind and refuses to start if it is", boolVar(func(c *Config) *bool { return &c.MigrateOnStart })},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "", "OTLP/HTTP collector to send traces to (e.g. http://otel-collector:4318; /v1/traces is appended); empty turns tracing off at no cost; the exporter's other OTEL_EXPORTER_OTLP_* variables (headers, TLS, timeout) apply", func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				return errors.New("must start with http:// or https://")
			}
			c.OTLPEndpoint = strings.TrimRight(v, "/")
			return nil
		}},
		{"OTEL_SERVICE_NAME", "uslugi", "service.name of the traces (the role is added as service.role)", func(c *Config, v string) error { c.ServiceName = v; return nil }},
		{"TRACE_SAMPLE_RATIO", "1", "share (0 to 1) of traces started here that are kept; a trace a client started with a sampled traceparent is kept", rateVar(func(c *Config) *float64 { return &c.TraceRatio })},
		{"PPROF_ENABLED", "false", "serve Go's profiles at /debug/pprof/ to ADMIN access tokens only (Authorization: Bearer …)", boolVar(func(c *Config) *bool { return &c.Pprof })},
		{"WEB_DIST_DIR", "", "serve the web app from this folder (a vite build) instead of the one embedded in the binary: for developing the app without rebuilding the server", func(c *Config, v string) error { c.WebDistDir = v; return nil }},
	}
}

func intVar(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return errors.New("must be a whole number")
		}
		if n < 1 {
			return errors.New("must be at least 1")
		}
		*field(c) = n
		return nil
	}
}

func boolVar(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("must be true or false")
		}
		*field(c) = b
		return nil
	}
}

func zeroOrMore(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errors.New("must be a whole number, 0 or more")
		}
		*field(c) = n
		return nil
	}
}

func rateVar(field func(*Config) *float64) func(*Config, string) error {
	return func(c *Config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return errors.New("must be a number from 0 to 1")
		}
		*field(c) = f
		return nil
	}
}

func durationVar(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return errors.New("must be a duration such as 30s or 5m")
		}
		if d <= 0 {
			return errors.New("must be positive")
		}
		*field(c) = d
		return nil
	}
}

// LoadConfig reads the environment through getenv. A bad value fails with
// a message naming the variable and what it must be.
func LoadConfig(role string, getenv func(string) string) (Config, error) {
	c := Config{Role: role}
	switch role {
	case "api", "worker", "all":
	default:
		return c, fmt.Errorf("-role must be api, worker or all, not %q", role)
	}
	for _, s := range settings() {
		v := strings.TrimSpace(getenv(s.name))
		if v == "" {
			v = s.def
		}
		if err := s.parse(&c, v); err != nil {
			return c, fmt.Errorf("%s=%q: %v", s.name, v, err)
		}
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") &&
		!strings.HasPrefix(c.DatabaseURL, "sqlite:") && !strings.HasPrefix(c.DatabaseURL, "file:") {
		return c, fmt.Errorf("DATABASE_URL must start with postgres://, postgresql:// or sqlite:")
	}
	if role != "all" && c.RedisURL == "" {
		// The in-process Redis lives inside one process; split roles
		// must meet in a shared one.
		return c, fmt.Errorf("REDIS_URL must be set when -role=%s: API and worker processes share jobs through it", role)
	}
	if _, err := parseRedisURL(c.RedisURL); c.RedisURL != "" && err != nil {
		return c, fmt.Errorf("REDIS_URL: %v", err)
	}
	return c, nil
}

// ConfigTable renders the settings as the README's Markdown table.
func ConfigTable() string {
	var b strings.Builder
	b.WriteString("| variable | default | meaning |\n|---|---|---|\n")
	for _, s := range settings() {
		def := s.def
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", s.name, def, s.doc)
	}
	return b.String()
}
