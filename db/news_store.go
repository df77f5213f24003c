package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// NewsStore keeps municipality and region news. It implements
// notification.NewsStore.
type NewsStore struct {
	*CatalogStore
	db    *bun.DB
	clock func() time.Time
}

// NewNewsStore returns a news store over db; clock stamps outbox rows.
func NewNewsStore(db *bun.DB, clock func() time.Time) *NewsStore {
	return &NewsStore{CatalogStore: NewCatalogStore(db), db: db, clock: clock}
}

var _ notification.NewsStore = (*NewsStore)(nil)

type newsRow struct {
	bun.BaseModel `bun:"table:news,alias:nw"`
	ID            string     `bun:"id,pk"`
	Topic         string     `bun:"topic"`
	Title         string     `bun:"title"`
	Body          string     `bun:"body"`
	Link          string     `bun:"link"`
	AuthorID      string     `bun:"author_id"`
	CreatedAt     time.Time  `bun:"created_at"`
	PushedAt      *time.Time `bun:"pushed_at"`
	PushError     string     `bun:"push_error"`
}

func (r *newsRow) model() notification.News {
	return notification.News{ID: r.ID, Topic: r.Topic, Title: r.Title, Body: r.Body, Link: r.Link, AuthorID: r.AuthorID,
		CreatedAt: r.CreatedAt.UTC(), PushedAt: timeVal(r.PushedAt), PushError: r.PushError}
}

// RoleScopes implements notification.NewsStore.
func (s *NewsStore) RoleScopes(ctx context.Context, accountID string) ([]notification.RoleScope, error) {
	var rows []roleRow
	if err := s.db.NewSelect().Model(&rows).Where("ar.account_id = ?", accountID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to read roles: %w", err)
	}
	return mapRows(rows, func(r *roleRow) notification.RoleScope { return notification.RoleScope{Role: r.Role, Scope: r.Scope} }), nil
}

// AddNews implements notification.NewsStore.
func (s *NewsStore) AddNews(ctx context.Context, n notification.News, ev event.Event) error {
	row := &newsRow{ID: n.ID, Topic: n.Topic, Title: n.Title, Body: n.Body, Link: n.Link, AuthorID: n.AuthorID, CreatedAt: n.CreatedAt.UTC()}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to add news: %w", err)
		}
		_, err := AddEvent(ctx, tx, s.clock(), ev)
		return err
	})
}

// NewsItem implements notification.NewsStore.
func (s *NewsStore) NewsItem(ctx context.Context, id string) (notification.News, error) {
	var r newsRow
	if err := s.db.NewSelect().Model(&r).Where("nw.id = ?", id).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return notification.News{}, notification.ErrNotFound
		}
		return notification.News{}, fmt.Errorf("store: unable to read news: %w", err)
	}
	return r.model(), nil
}

// MarkNewsPushed implements notification.NewsStore.
func (s *NewsStore) MarkNewsPushed(ctx context.Context, id string, at time.Time, pushErr string) error {
	_, err := s.db.NewUpdate().Table("news").Set("pushed_at = ?, push_error = ?", at.UTC(), shortError(pushErr)).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to mark news pushed: %w", err)
	}
	return nil
}

// ListNews implements notification.NewsStore.
func (s *NewsStore) ListNews(ctx context.Context, topics []string, limit int) ([]notification.News, error) {
	var rows []newsRow
	err := s.db.NewSelect().Model(&rows).Where("nw.topic IN (?)", bun.List(topics)).
		OrderExpr("nw.created_at DESC, nw.id DESC").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list news: %w", err)
	}
	return mapRows(rows, (*newsRow).model), nil
}
