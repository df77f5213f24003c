package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/hibiken/asynq"
)

func TestAsynqLogger(t *testing.T) {
	tests := []struct {
		name string
		log  func(l *AsynqLogger)
		want string
	}{
		{name: "debug", log: func(l *AsynqLogger) { l.Debug("a", 1) }, want: "level=DEBUG msg=a1"},
		{name: "info", log: func(l *AsynqLogger) { l.Info("started") }, want: "level=INFO msg=started"},
		{name: "warn", log: func(l *AsynqLogger) { l.Warn("slow ", "redis") }, want: `level=WARN msg="slow redis"`},
		{name: "error", log: func(l *AsynqLogger) { l.Error("lost lease") }, want: `level=ERROR msg="lost lease"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.log(NewAsynqLogger(newBufLogger(&buf, slog.LevelDebug)))
			if got := buf.String(); !strings.Contains(got, tt.want) {
				t.Errorf("logged %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestAsynqLevel(t *testing.T) {
	tests := []struct {
		name  string
		level slog.Level
		want  asynq.LogLevel
	}{
		{name: "debug logger gets asynq's debug lines", level: slog.LevelDebug, want: asynq.DebugLevel},
		{name: "info logger spares asynq the formatting", level: slog.LevelInfo, want: asynq.InfoLevel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := asynqLevel(newBufLogger(&bytes.Buffer{}, tt.level)); got != tt.want {
				t.Errorf("asynqLevel = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestErrorHandler(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "skip retry is final", err: fmt.Errorf("bad payload: %w", asynq.SkipRetry), want: "level=ERROR"},
		{name: "revoked is a warning", err: asynq.RevokeTask, want: "level=WARN"},
		{name: "retryable is debug", err: errors.New("agency down"), want: "level=DEBUG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			errorHandler(newBufLogger(&buf, slog.LevelDebug)).HandleError(context.Background(), asynq.NewTask("test:a", nil), tt.err)
			if got := buf.String(); !strings.Contains(got, tt.want) || !strings.Contains(got, "type=test:a") {
				t.Errorf("logged %q, want %s with the task type", got, tt.want)
			}
		})
	}
}

func TestQueuePrioritiesIsFresh(t *testing.T) {
	q := QueuePriorities()
	q["critical"] = 100
	if got := QueuePriorities()["critical"]; got != 6 {
		t.Errorf("critical priority = %d after a caller changed its copy, want 6", got)
	}
}

func TestDecodePayload(t *testing.T) {
	task, err := NewOutboxCleanupTask(OutboxCleanupPayload{Retention: 42})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		task     *asynq.Task
		want     OutboxCleanupPayload
		wantSkip bool
	}{
		{name: "round trip", task: task, want: OutboxCleanupPayload{Retention: 42}},
		{name: "empty object", task: asynq.NewTask(TypeOutboxCleanup, []byte(`{}`))},
		{name: "garbage skips retry", task: asynq.NewTask(TypeOutboxCleanup, []byte(`{`)), wantSkip: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodePayload[OutboxCleanupPayload](tt.task)
			if errors.Is(err, asynq.SkipRetry) != tt.wantSkip || (err != nil && !tt.wantSkip) {
				t.Fatalf("decodePayload error = %v, want skip %v", err, tt.wantSkip)
			}
			if got != tt.want {
				t.Errorf("decodePayload = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func newBufLogger(buf *bytes.Buffer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: level}))
}
