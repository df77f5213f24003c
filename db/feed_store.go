package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/notification"
)

// FeedStore reads the notification feed. It implements
// notification.FeedStore.
type FeedStore struct {
	db bun.IDB
}

// NewFeedStore returns a feed store over db.
func NewFeedStore(db bun.IDB) *FeedStore { return &FeedStore{db: db} }

var _ notification.FeedStore = (*FeedStore)(nil)

func (r *notificationRow) model() notification.Notification {
	return notification.Notification{ID: r.ID, AccountID: r.AccountID, Kind: notification.Kind(r.Kind), TitleRu: r.TitleRu,
		TitleEn: r.TitleEn, BodyRu: r.BodyRu, BodyEn: r.BodyEn, Link: r.Link, CreatedAt: r.CreatedAt.UTC(), ReadAt: timeVal(r.ReadAt)}
}

// List implements notification.FeedStore.
func (s *FeedStore) List(ctx context.Context, accountID string, unreadOnly bool, offset, limit int) ([]notification.Notification, int, error) {
	var rows []notificationRow
	q := s.db.NewSelect().Model(&rows).Where("n.account_id = ?", accountID).OrderExpr("n.created_at DESC, n.id DESC").
		Offset(int64(offset)).Limit(int64(limit))
	if unreadOnly {
		q.Where("n.read_at IS NULL")
	}
	n, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list notifications: %w", err)
	}
	return mapRows(rows, (*notificationRow).model), int(n), nil
}

// UnreadCount implements notification.FeedStore.
func (s *FeedStore) UnreadCount(ctx context.Context, accountID string) (int, error) {
	n, err := s.db.NewSelect().Model((*notificationRow)(nil)).Where("n.account_id = ? AND n.read_at IS NULL", accountID).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count notifications: %w", err)
	}
	return int(n), nil
}

// Get implements notification.FeedStore.
func (s *FeedStore) Get(ctx context.Context, accountID, id string) (notification.Notification, error) {
	var r notificationRow
	if err := s.db.NewSelect().Model(&r).Where("n.id = ? AND n.account_id = ?", id, accountID).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return notification.Notification{}, notification.ErrNotFound
		}
		return notification.Notification{}, fmt.Errorf("store: unable to read a notification: %w", err)
	}
	return r.model(), nil
}

// MarkRead implements notification.FeedStore.
func (s *FeedStore) MarkRead(ctx context.Context, accountID string, ids []string, at time.Time) (int, error) {
	q := s.db.NewUpdate().Table("notifications").Set("read_at = ?", at.UTC()).Where("account_id = ? AND read_at IS NULL", accountID)
	if ids != nil {
		q.Where("id IN (?)", bun.List(ids))
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to mark notifications read: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
