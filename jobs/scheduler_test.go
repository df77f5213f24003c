package jobs

import (
	"errors"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/jobs/redistest"
)

// TestPeriodicTasksEnqueueOnce: every scheduler fires each entry at the same
// moment; only the first enqueue of a period may land.
func TestPeriodicTasksEnqueueOnce(t *testing.T) {
	tasks, err := periodicTasks()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tasks {
		t.Run(p.task.Type(), func(t *testing.T) {
			opt := redistest.New(t)
			inspector := asynq.NewInspector(opt)
			t.Cleanup(func() { _ = inspector.Close() })
			// Three schedulers on three nodes, each with its own client.
			var landed []*asynq.TaskInfo
			for range 3 {
				client := asynq.NewClient(opt)
				t.Cleanup(func() { _ = client.Close() })
				info, err := client.Enqueue(p.task, p.opts...)
				switch {
				case err == nil:
					landed = append(landed, info)
				case !errors.Is(err, asynq.ErrDuplicateTask):
					t.Fatalf("enqueue: %v", err)
				}
			}
			if len(landed) != 1 {
				t.Fatalf("%d enqueues landed, want 1", len(landed))
			}
			info, err := inspector.GetQueueInfo(landed[0].Queue)
			if err != nil {
				t.Fatal(err)
			}
			if info.Size != 1 {
				t.Errorf("queue size = %d, want 1", info.Size)
			}
		})
	}
}

// TestNewScheduler: the schedule registers, starts and stops cleanly.
func TestNewScheduler(t *testing.T) {
	s, err := NewScheduler(redistest.New(t), SchedulerConfig{})
	if err != nil {
		t.Fatalf("NewScheduler: %v", err)
	}
	if err := s.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	s.Shutdown()
}
