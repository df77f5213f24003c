package jobs_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/uslugi/uslugi/jobs"
)

// TestJobSpans: under a real worker each task runs in a span named for its
// type that carries the task id and queue, the handler's own spans are its
// children, and a failure marks the span.
func TestJobSpans(t *testing.T) {
	e := newEnv(t)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	mux, err := jobs.NewMux(jobs.MuxDeps{Outbox: e.store, Logger: testLogger(t), Registerer: prometheus.NewRegistry(),
		Clock: e.clock.Now, TracerProvider: tp})
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("test:ok", func(ctx context.Context, _ *asynq.Task) error {
		_, span := tp.Tracer("test").Start(ctx, "inside")
		span.End()
		return nil
	})
	mux.HandleFunc("test:fail", func(context.Context, *asynq.Task) error { return errors.New("boom") })
	startWorker(t, e, mux)

	if _, err := e.client.Enqueue(asynq.NewTask("test:ok", nil), asynq.TaskID("traced-ok"), asynq.Queue("critical")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Enqueue(asynq.NewTask("test:fail", nil), asynq.TaskID("traced-fail"), asynq.MaxRetry(0)); err != nil {
		t.Fatal(err)
	}
	find := func(name string) sdktrace.ReadOnlySpan {
		for _, s := range rec.Ended() {
			if s.Name() == name {
				return s
			}
		}
		return nil
	}
	waitFor(t, "both job spans", func() bool { return find("job test:ok") != nil && find("job test:fail") != nil })

	ok := find("job test:ok")
	attrs := map[attribute.Key]string{}
	for _, kv := range ok.Attributes() {
		attrs[kv.Key] = kv.Value.Emit()
	}
	if attrs["messaging.message.id"] != "traced-ok" || attrs["messaging.destination.name"] != "critical" || attrs["asynq.task.type"] != "test:ok" {
		t.Errorf("job span attributes: %v", attrs)
	}
	if ok.SpanKind() != trace.SpanKindConsumer || ok.Status().Code == codes.Error {
		t.Errorf("job span kind %v, status %v", ok.SpanKind(), ok.Status())
	}
	inside := find("inside")
	if inside == nil || inside.Parent().SpanID() != ok.SpanContext().SpanID() {
		t.Errorf("the handler's span is not the job span's child: %v", inside)
	}
	if fail := find("job test:fail"); fail.Status().Code != codes.Error || fail.Status().Description != "boom" {
		t.Errorf("failed job span status: %+v", fail.Status())
	}
}
