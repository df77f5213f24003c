package graph

import (
	"context"
	"errors"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/document"
	"github.com/uslugi/uslugi/graph/model"
)

func (r *Resolver) documents(ctx context.Context, kind *document.Kind, first *int, after *string) (*model.DocumentConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	offset, err := parseCursor(after)
	if err != nil {
		return nil, err
	}
	items, total, err := r.Documents.List(ctx, p.AccountID, deref(kind), offset, deref(first))
	if err != nil {
		return nil, err
	}
	c := &model.DocumentConnection{Edges: make([]model.DocumentEdge, len(items)), TotalCount: total,
		PageInfo: &model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: offset+len(items) < total}}
	for i := range items {
		c.Edges[i] = model.DocumentEdge{Cursor: offsetCursor(offset + i), Node: &items[i]}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

func (r *Resolver) document(ctx context.Context, id string) (*document.Document, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := r.Documents.Get(ctx, p.AccountID, id)
	if errors.Is(err, document.ErrNotFound) {
		return nil, account.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}
