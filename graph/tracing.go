package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// tracerName names the instrumentation in the spans it makes.
const tracerName = "github.com/uslugi/uslugi/graph"

// tracing is a gqlgen extension that records a span per operation and a
// child span per resolver. Plain struct fields are left out: a page of 20
// services has hundreds of them, and they cost nothing worth seeing; the
// time is in resolvers, loaders and the database.
//
// It is written here rather than taken from otelgqlgen because the
// versions of that module the proxy serves are built for gqlgen 0.14 and an
// old OpenTelemetry; the whole of it is these two interceptors.
type tracing struct {
	tracer trace.Tracer
	// propagator continues a trace a client started (a W3C traceparent
	// header), so a mobile app's or the web app's trace reaches the server.
	propagator propagation.TextMapPropagator
}

func newTracing(tp trace.TracerProvider) tracing {
	return tracing{tracer: tp.Tracer(tracerName), propagator: propagation.TraceContext{}}
}

var (
	_ graphql.HandlerExtension    = tracing{}
	_ graphql.ResponseInterceptor = tracing{}
	_ graphql.FieldInterceptor    = tracing{}
)

// ExtensionName implements graphql.HandlerExtension.
func (tracing) ExtensionName() string { return "Tracing" }

// Validate implements graphql.HandlerExtension.
func (tracing) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse wraps each response: one for a query or mutation, one
// per event of a subscription. The resolvers run inside it.
func (t tracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	kind, name := "unknown", oc.OperationName
	if oc.Operation != nil {
		kind = string(oc.Operation.Operation)
		if name == "" {
			name = oc.Operation.Name
		}
	}
	if !trace.SpanContextFromContext(ctx).IsValid() && oc.Headers != nil {
		ctx = t.propagator.Extract(ctx, propagation.HeaderCarrier(oc.Headers))
	}
	spanName := kind
	if name != "" {
		spanName = kind + " " + name
	}
	// The document itself is left out of the span: its literals may carry
	// personal data (a phone, a SNILS), which must not reach a collector.
	ctx, span := t.tracer.Start(ctx, spanName, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
		attribute.String("graphql.operation.type", kind),
		attribute.String("graphql.operation.name", name),
	))
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		span.SetAttributes(attribute.Int("graphql.errors", len(resp.Errors)))
		span.SetStatus(codes.Error, resp.Errors[0].Message)
	}
	return resp
}

// InterceptField records a span for each field that has a resolver of its
// own (a method or a resolver function), named Object.field.
func (t tracing) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || (!fc.IsResolver && !fc.IsMethod) || !trace.SpanContextFromContext(ctx).IsValid() {
		return next(ctx)
	}
	ctx, span := t.tracer.Start(ctx, fc.Object+"."+fc.Field.Name,
		trace.WithAttributes(attribute.String("graphql.field.path", fc.Path().String())))
	defer span.End()
	res, err := next(ctx)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	return res, err
}
