package jobs

import (
	"context"

	"github.com/hibiken/asynq"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// tracerName names the instrumentation in the spans it makes.
const tracerName = "github.com/uslugi/uslugi/jobs"

// tracing runs each task in a span of its own, "job <type>", with the task
// id, queue and retry, so a slow or failing job shows its database queries
// and outgoing calls beneath it.
//
// The span is a new trace rather than a child of the request that caused
// the job: the request only wrote an outbox row, and the relay enqueues it
// later from another process; carrying the trace across would need a
// column in the outbox. The task id is the outbox row's id, which is what
// ties the two together in logs.
func tracing(tp trace.TracerProvider) asynq.MiddlewareFunc {
	tracer := tp.Tracer(tracerName)
	return func(next asynq.Handler) asynq.Handler {
		return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
			id, _ := asynq.GetTaskID(ctx)
			queue, _ := asynq.GetQueueName(ctx)
			retry, _ := asynq.GetRetryCount(ctx)
			ctx, span := tracer.Start(ctx, "job "+t.Type(),
				trace.WithSpanKind(trace.SpanKindConsumer),
				trace.WithAttributes(
					attribute.String("messaging.system", "asynq"),
					attribute.String("messaging.operation.type", "process"),
					attribute.String("messaging.destination.name", queue),
					attribute.String("messaging.message.id", id),
					attribute.String("asynq.task.type", t.Type()),
					attribute.Int("asynq.task.retry", retry),
				))
			defer span.End()
			err := next.ProcessTask(ctx, t)
			if err != nil {
				span.RecordError(err)
				span.SetStatus(codes.Error, err.Error())
			}
			return err
		})
	}
}
