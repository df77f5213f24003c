package graph

import (
	"context"
	"errors"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/jobs"
)

func (r *Resolver) jobQueues(ctx context.Context) ([]jobs.QueueStats, error) {
	if _, err := r.jobsAdmin(ctx); err != nil {
		return nil, err
	}
	return r.Jobs.Queues(ctx)
}

func (r *Resolver) jobs(ctx context.Context, queue string, state jobs.State, first *int, after *string) (*model.JobConnection, error) {
	if _, err := r.jobsAdmin(ctx); err != nil {
		return nil, err
	}
	offset, err := parseCursor(after)
	if err != nil {
		return nil, err
	}
	limit := deref(first)
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	items, total, err := r.Jobs.Tasks(ctx, queue, state, offset, limit)
	if errors.Is(err, jobs.ErrTaskNotFound) {
		return nil, &userError{field: "queue", code: "NOT_FOUND", ru: "Нет такой очереди: critical, default или low", en: "no such queue: critical, default or low"}
	}
	if err != nil {
		return nil, err
	}
	c := &model.JobConnection{Edges: make([]model.JobEdge, len(items)), TotalCount: total}
	for i := range items {
		c.Edges[i] = model.JobEdge{Cursor: offsetCursor(offset + i), Node: &items[i]}
	}
	c.PageInfo = pageInfo(offset, len(items), total, func(i int) string { return c.Edges[i].Cursor })
	return c, nil
}

func (r *Resolver) rerunJob(ctx context.Context, in model.RerunJobInput) (*model.RerunJobPayload, error) {
	p, err := r.jobsAdmin(ctx)
	if err != nil {
		return nil, err
	}
	t, err := r.Jobs.Rerun(ctx, p.AccountID, in.Queue, in.TaskID)
	switch {
	case errors.Is(err, jobs.ErrTaskNotFound):
		return &model.RerunJobPayload{UserErrors: []model.UserError{{Field: "taskId", Code: "NOT_FOUND",
			Message: pickLang(Lang(ctx), "Такой задачи в очереди нет: возможно, она уже выполнена", "no such task in the queue: it may have finished")}}}, nil
	case errors.Is(err, jobs.ErrNotRerunnable):
		return &model.RerunJobPayload{Job: &t, UserErrors: []model.UserError{{Field: "taskId", Code: "NOT_RERUNNABLE",
			Message: pickLang(Lang(ctx), "Задача уже ждёт очереди или выполняется", "the task is already waiting or running")}}}, nil
	case err != nil:
		return nil, err
	}
	return &model.RerunJobPayload{Job: &t, UserErrors: []model.UserError{}}, nil
}

// jobsAdmin is the signed-in ADMIN (the schema's directive checks the
// role too; this keeps the rule if the schema ever loses it).
func (r *Resolver) jobsAdmin(ctx context.Context) (account.Principal, error) {
	p, err := Principal(ctx)
	if err != nil {
		return p, err
	}
	if !p.HasRole(account.RoleAdmin) {
		return p, &account.ForbiddenError{NeedRole: account.RoleAdmin}
	}
	return p, nil
}

// pageInfo describes a page of n items from offset out of total, its
// cursors taken from the page's edges.
func pageInfo(offset, n, total int, cursor func(i int) string) *model.PageInfo {
	pi := &model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: offset+n < total}
	if n > 0 {
		start, end := cursor(0), cursor(n-1)
		pi.StartCursor, pi.EndCursor = &start, &end
	}
	return pi
}
