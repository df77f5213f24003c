package notification

import (
	"context"
	"errors"
	"time"
)

// FeedStore reads and marks a citizen's feed. Every call is scoped to one
// account: no citizen reads another's notifications.
type FeedStore interface {
	// List returns a page of the account's notifications, newest first,
	// and how many there are.
	List(ctx context.Context, accountID string, unreadOnly bool, offset, limit int) ([]Notification, int, error)
	UnreadCount(ctx context.Context, accountID string) (int, error)
	// Get returns the account's notification, or ErrNotFound.
	Get(ctx context.Context, accountID, id string) (Notification, error)
	// MarkRead marks the given notifications (all of them when ids is
	// nil) read at at and says how many changed.
	MarkRead(ctx context.Context, accountID string, ids []string, at time.Time) (int, error)
	// Attempts returns the delivery attempts of the account's notification,
	// oldest first.
	Attempts(ctx context.Context, accountID, notificationID string) ([]Attempt, error)
}

// Publisher tells the API processes that a notification was added, so
// their live subscriptions pick it up.
type Publisher interface {
	Publish(ctx context.Context, accountID, notificationID string) error
}

// ErrNotFound is returned for a notification that is not the caller's.
var ErrNotFound = errors.New("notification not found")

// Feed paging limits.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	MaxMarkIDs      = 500
)

// Feed is the citizen's notification feed.
type Feed struct {
	store FeedStore
	clock func() time.Time
}

// NewFeed returns the feed over store.
func NewFeed(store FeedStore, clock func() time.Time) *Feed {
	if clock == nil {
		clock = time.Now
	}
	return &Feed{store: store, clock: clock}
}

// List returns a page of the account's feed.
func (f *Feed) List(ctx context.Context, accountID string, unreadOnly bool, offset, limit int) ([]Notification, int, error) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	return f.store.List(ctx, accountID, unreadOnly, offset, limit)
}

// UnreadCount is the number the app shows on its badge.
func (f *Feed) UnreadCount(ctx context.Context, accountID string) (int, error) {
	return f.store.UnreadCount(ctx, accountID)
}

// Get returns one of the account's notifications.
func (f *Feed) Get(ctx context.Context, accountID, id string) (Notification, error) {
	return f.store.Get(ctx, accountID, id)
}

// MarkRead marks notifications read: the listed ones, or all when all is
// set. Ids of other accounts' notifications change nothing.
func (f *Feed) MarkRead(ctx context.Context, accountID string, ids []string, all bool) (int, error) {
	if all {
		ids = nil
	} else if len(ids) == 0 {
		return 0, nil
	}
	if len(ids) > MaxMarkIDs {
		ids = ids[:MaxMarkIDs]
	}
	return f.store.MarkRead(ctx, accountID, ids, f.clock().UTC())
}

// Attempts returns how the account's notification was delivered: one entry
// per try and device or contact.
func (f *Feed) Attempts(ctx context.Context, accountID, notificationID string) ([]Attempt, error) {
	return f.store.Attempts(ctx, accountID, notificationID)
}
