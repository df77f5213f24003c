package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/extra/bunotel"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/uslugi/uslugi/blob"
)

// newTracerProvider returns where spans go: nil when tracing is off (no
// OTEL_EXPORTER_OTLP_ENDPOINT), so that nothing is wrapped and requests pay
// nothing; otherwise a provider that batches spans to the OTLP/HTTP
// collector. Its shutdown flushes what is batched. The provider is passed
// to each instrumented part; the otel package's global one is left alone.
func newTracerProvider(ctx context.Context, cfg Config) (trace.TracerProvider, func(context.Context) error, error) {
	if cfg.tracerProvider != nil {
		return cfg.tracerProvider, func(context.Context) error { return nil }, nil
	}
	if cfg.OTLPEndpoint == "" {
		return nil, func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(cfg.OTLPEndpoint+"/v1/traces"))
	if err != nil {
		return nil, nil, fmt.Errorf("OTEL_EXPORTER_OTLP_ENDPOINT: %w", err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.TraceRatio))),
		sdktrace.WithResource(resource.NewSchemaless(
			attribute.String("service.name", cfg.ServiceName),
			attribute.String("service.role", cfg.Role),
		)),
	)
	return tp, tp.Shutdown, nil
}

// traceQueries adds a span per database query to whatever span the query
// runs under (an operation, a resolver, a job). Queries with no span around
// them, such as the outbox relay polling every second, would each start a
// trace of one span: they are left out. The span carries the query with
// placeholders, never its arguments (personal data).
func traceQueries(db *bun.DB, tp trace.TracerProvider) {
	db.AddQueryHook(childQueries{inner: bunotel.NewQueryHook(
		bunotel.WithTracerProvider(tp),
		bunotel.WithMeterProvider(metricnoop.NewMeterProvider()),
	)})
}

type childQueries struct{ inner *bunotel.QueryHook }

func (h childQueries) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	return h.inner.BeforeQuery(ctx, e)
}

func (h childQueries) AfterQuery(ctx context.Context, e *bun.QueryEvent) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		// No span was started for it (or it is not sampled).
		return
	}
	h.inner.AfterQuery(ctx, e)
}

// tracedHTTPClient is an HTTP client whose requests are spans, for the calls
// to outside services (FCM); nil when tracing is off, so the callers keep
// their own default client.
func tracedHTTPClient(tp trace.TracerProvider) *http.Client {
	if tp == nil {
		return nil
	}
	return &http.Client{Transport: tracedTransport(tp, propagation.TraceContext{})(http.DefaultTransport)}
}

// tracedTransport wraps a transport so that each request is a span; prop
// says what of the trace the request carries to the other side.
func tracedTransport(tp trace.TracerProvider, prop propagation.TextMapPropagator) func(http.RoundTripper) http.RoundTripper {
	return func(rt http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(rt,
			otelhttp.WithTracerProvider(tp),
			otelhttp.WithMeterProvider(metricnoop.NewMeterProvider()),
			otelhttp.WithPropagators(prop))
	}
}

// blobOptions traces the S3 store's requests when tracing is on. They
// carry no trace headers: S3 would not read them, and signed requests are
// best left as the client built them.
func blobOptions(tp trace.TracerProvider) []blob.Option {
	if tp == nil {
		return nil
	}
	return []blob.Option{blob.WithTransport(tracedTransport(tp, propagation.NewCompositeTextMapPropagator()))}
}
