package main

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/event"
)

// TestAdminSeesDeadJobsAndRunsThemAgain: a job that failed for good shows
// in the administrator's view with its error; once the cause is fixed he
// runs it again, and that is in the audit log. Nobody else sees the queues.
func TestAdminSeesDeadJobsAndRunsThemAgain(t *testing.T) {
	a := newTestApp(t, "all", nil)
	ctx := context.Background()
	seen := map[string]bool{}
	citizen := a.registerPhone(t, "+79120000061", seen)
	staff := a.registerPhone(t, "+79120000062", seen)
	root := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	if err := a.accounts.GrantRole(ctx, root, localID(t, staff.Account.ID), account.RoleGrant{Role: account.RoleAdmin, Reason: "дежурный администратор"}, account.Client{}); err != nil {
		t.Fatal(err)
	}
	admin := a.refresh(t, staff)

	// The agency behind the job is down: the job fails and, out of
	// retries, dies.
	var fixed atomic.Bool
	var ran atomic.Int32
	a.worker.mux.HandleFunc("test:agency-call", func(ctx context.Context, _ *asynq.Task) error {
		if !fixed.Load() {
			return errors.New("agency answered 503")
		}
		ran.Add(1)
		return nil
	})
	client := asynq.NewClient(a.redis.opt)
	defer client.Close()
	info, err := client.Enqueue(asynq.NewTask("test:agency-call", []byte(`{"secret":"not for admins"}`)), asynq.Queue(event.QueueDefault), asynq.MaxRetry(0))
	if err != nil {
		t.Fatal(err)
	}

	type job struct {
		TaskID, Queue, Type, State string
		LastError                  *string
	}
	var dead struct {
		TotalCount int
		Edges      []struct{ Node job }
	}
	const list = `{ jobs(queue: "default", state: ARCHIVED) { totalCount edges { node { taskId queue type state lastError } } } }`
	waitFor(t, "the job to die", func() bool {
		a.mutate(t, admin.AccessToken, list, nil, &dead)
		return dead.TotalCount == 1
	})
	d := dead.Edges[0].Node
	if d.TaskID != info.ID || d.Type != "test:agency-call" || d.State != "ARCHIVED" || !strings.Contains(deref(d.LastError), "503") {
		t.Fatalf("the dead job: %+v", d)
	}
	var queues []struct {
		Name     string
		Archived int
	}
	a.mutate(t, admin.AccessToken, `{ jobQueues { name archived pending retry latencySeconds processedToday failedToday } }`, nil, &queues)
	if len(queues) != 3 || queues[1].Name != "default" || queues[1].Archived != 1 {
		t.Fatalf("queues: %+v", queues)
	}

	// Citizens see none of it and can run nothing.
	for _, q := range []string{list, `{ jobQueues { name } }`, `mutation { rerunJob(input: {queue: "default", taskId: "` + info.ID + `"}) { userErrors { code } } }`} {
		r := a.postAuth(t, citizen.AccessToken, q, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
			t.Errorf("a citizen ran %s: %s", q, r.Data)
		}
	}

	// The cause is fixed; the administrator runs it again.
	fixed.Store(true)
	var p struct {
		Job        *job
		UserErrors []userErr
	}
	rerun := `mutation($in: RerunJobInput!) { rerunJob(input: $in) { job { taskId state } userErrors { field code message } } }`
	a.mutate(t, admin.AccessToken, rerun, map[string]any{"in": map[string]any{"queue": "default", "taskId": info.ID}}, &p)
	if len(p.UserErrors) > 0 || p.Job == nil || p.Job.TaskID != info.ID {
		t.Fatalf("rerun: %+v", p)
	}
	waitFor(t, "the job to run again", func() bool { return ran.Load() == 1 })
	a.mutate(t, admin.AccessToken, list, nil, &dead)
	if dead.TotalCount != 0 {
		t.Errorf("the job is still dead after it ran: %+v", dead)
	}
	// A task that is gone cannot be run again.
	a.mutate(t, admin.AccessToken, rerun, map[string]any{"in": map[string]any{"queue": "default", "taskId": info.ID}}, &p)
	if len(p.UserErrors) != 1 || p.UserErrors[0].Code != "NOT_FOUND" || p.UserErrors[0].Field != "taskId" {
		t.Errorf("rerun of a finished task: %+v", p)
	}
	entries, _, err := a.accounts.AuditLog(ctx, root, account.AuditFilter{Action: "job.rerun"}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].ActorID != localID(t, admin.Account.ID) || entries[0].Details["task"] != info.ID || entries[0].Details["was"] != "ARCHIVED" {
		t.Fatalf("the re-run is not in the audit log: %+v", entries)
	}
}
