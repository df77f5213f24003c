package jobs

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hibiken/asynq"
)

type waitFor time.Duration

func (w waitFor) Error() string          { return "quota" }
func (w waitFor) RetryIn() time.Duration { return time.Duration(w) }

func TestRetryDelay(t *testing.T) {
	task := asynq.NewTask("x", nil)
	tests := []struct {
		name     string
		err      error
		min, max time.Duration
	}{
		{name: "a task whose worker died runs again at once", err: asynq.ErrLeaseExpired, max: 0},
		{name: "an error with its own retry time", err: fmt.Errorf("push: %w", waitFor(90*time.Second)), min: 90 * time.Second, max: 90 * time.Second},
		{name: "any other failure backs off", err: errors.New("agency down"), min: 15 * time.Second, max: 45 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retryDelay(0, tt.err, task); got < tt.min || got > tt.max {
				t.Errorf("retryDelay = %s, want %s to %s", got, tt.min, tt.max)
			}
		})
	}
}
