package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/document"
)

// DocumentStore reads the citizen's documents. It implements document.Store.
type DocumentStore struct{ db bun.IDB }

// NewDocumentStore returns a store over db.
func NewDocumentStore(db bun.IDB) *DocumentStore { return &DocumentStore{db: db} }

var _ document.Store = (*DocumentStore)(nil)

func (r *documentRow) model() document.Document {
	return document.Document{ID: r.ID, AccountID: r.AccountID, Kind: document.Kind(r.Kind), Title: r.Title, Data: r.Data, CreatedAt: r.CreatedAt.UTC()}
}

// List implements document.Store.
func (s *DocumentStore) List(ctx context.Context, accountID string, kind document.Kind, offset, limit int) ([]document.Document, int, error) {
	var rows []documentRow
	q := s.db.NewSelect().Model(&rows).Where("dc.account_id = ?", accountID).OrderExpr("dc.created_at DESC, dc.id").
		Offset(int64(offset)).Limit(int64(limit))
	if kind != "" {
		q.Where("dc.kind = ?", string(kind))
	}
	n, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list documents: %w", err)
	}
	return mapRows(rows, (*documentRow).model), int(n), nil
}

// Get implements document.Store.
func (s *DocumentStore) Get(ctx context.Context, accountID, id string) (document.Document, error) {
	var r documentRow
	err := s.db.NewSelect().Model(&r).Where("dc.id = ? AND dc.account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return document.Document{}, document.ErrNotFound
	}
	if err != nil {
		return document.Document{}, fmt.Errorf("store: unable to read a document: %w", err)
	}
	return r.model(), nil
}
