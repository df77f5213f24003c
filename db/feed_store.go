package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// FeedStore reads the notification feed. It implements
// notification.FeedStore.
type FeedStore struct {
	db    bun.IDB
	clock func() time.Time
}

// NewFeedStore returns a feed store over db; clock stamps outbox rows.
func NewFeedStore(db bun.IDB, clock func() time.Time) *FeedStore {
	if clock == nil {
		clock = time.Now
	}
	return &FeedStore{db: db, clock: clock}
}

// inTx runs f in a transaction with the events added to its outbox.
func (s *FeedStore) inTx(ctx context.Context, f func(tx bun.Tx) error, events func() ([]event.Event, error)) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := f(tx); err != nil {
			return err
		}
		evs, err := events()
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if _, err := AddEvent(ctx, tx, s.clock(), ev); err != nil {
				return err
			}
		}
		return nil
	})
}

func eventList(events ...event.Event) func() ([]event.Event, error) {
	return func() ([]event.Event, error) { return events, nil }
}

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

type deviceRow struct {
	bun.BaseModel `bun:"table:devices,alias:dv"`
	Token         string    `bun:"token,pk"`
	AccountID     string    `bun:"account_id"`
	Platform      string    `bun:"platform"`
	AppVersion    string    `bun:"app_version"`
	Locale        string    `bun:"locale"`
	CreatedAt     time.Time `bun:"created_at"`
	LastSeenAt    time.Time `bun:"last_seen_at"`
	Topics        string    `bun:"topics"`
}

func (r *deviceRow) model() notification.Device {
	d := notification.Device{Token: r.Token, AccountID: r.AccountID, Platform: notification.Platform(r.Platform),
		AppVersion: r.AppVersion, Locale: r.Locale, CreatedAt: r.CreatedAt.UTC(), LastSeenAt: r.LastSeenAt.UTC()}
	if r.Topics != "" {
		d.Topics = strings.Split(r.Topics, ",")
	}
	return d
}

var _ notification.DeviceStore = (*FeedStore)(nil)

// UpsertDevice implements notification.DeviceStore: the token moves to the
// account that registers it last.
func (s *FeedStore) UpsertDevice(ctx context.Context, d notification.Device, events ...event.Event) error {
	row := &deviceRow{Token: d.Token, AccountID: d.AccountID, Platform: string(d.Platform), AppVersion: d.AppVersion,
		Locale: d.Locale, CreatedAt: d.CreatedAt.UTC(), LastSeenAt: d.LastSeenAt.UTC()}
	// The topics stay: they are what FCM has for the token, whoever owns it
	// now; the sync job moves it to the new owner's.
	return s.inTx(ctx, func(tx bun.Tx) error {
		_, err := tx.NewInsert().Model(row).On("CONFLICT (token) DO UPDATE").
			Set("account_id = EXCLUDED.account_id, platform = EXCLUDED.platform, app_version = EXCLUDED.app_version, locale = EXCLUDED.locale, last_seen_at = EXCLUDED.last_seen_at").
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("store: unable to register a device: %w", err)
		}
		return nil
	}, eventList(events...))
}

// DeleteDevice implements notification.DeviceStore.
func (s *FeedStore) DeleteDevice(ctx context.Context, accountID, token string, events func(notification.Device) ([]event.Event, error)) (bool, error) {
	var row deviceRow
	found := false
	err := s.inTx(ctx, func(tx bun.Tx) error {
		err := tx.NewDelete().Model(&row).Where("token = ? AND account_id = ?", token, accountID).Returning("*").Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: unable to unregister a device: %w", err)
		}
		found = true
		return nil
	}, func() ([]event.Event, error) {
		if !found || events == nil {
			return nil, nil
		}
		return events(row.model())
	})
	return found, err
}

// Devices implements notification.DeviceStore.
func (s *FeedStore) Devices(ctx context.Context, accountID string) ([]notification.Device, error) {
	var rows []deviceRow
	if err := s.db.NewSelect().Model(&rows).Where("dv.account_id = ?", accountID).OrderExpr("dv.last_seen_at DESC").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to list devices: %w", err)
	}
	return mapRows(rows, (*deviceRow).model), nil
}

// DeleteStaleDevices implements notification.DeviceStore.
func (s *FeedStore) DeleteStaleDevices(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.NewDelete().Table("devices").Where("last_seen_at < ?", before.UTC()).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to drop stale devices: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

type settingsRow struct {
	bun.BaseModel `bun:"table:notification_settings,alias:ns"`
	AccountID     string `bun:"account_id,pk"`
	Overrides     string `bun:"overrides"`
	QuietStart    *int   `bun:"quiet_start"`
	QuietEnd      *int   `bun:"quiet_end"`
	TimeZone      string `bun:"time_zone"`
}

func readPreferences(ctx context.Context, db bun.IDB, accountID string) (notification.Preferences, error) {
	var r settingsRow
	err := db.NewSelect().Model(&r).Where("ns.account_id = ?", accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return notification.Preferences{Overrides: map[string]bool{}}, nil
	}
	if err != nil {
		return notification.Preferences{}, fmt.Errorf("store: unable to read preferences: %w", err)
	}
	p := notification.Preferences{Overrides: map[string]bool{}}
	if err := json.Unmarshal([]byte(r.Overrides), &p.Overrides); err != nil {
		return p, fmt.Errorf("store: unreadable preferences: %w", err)
	}
	if r.QuietStart != nil && r.QuietEnd != nil {
		p.Quiet = &notification.QuietHours{Start: *r.QuietStart, End: *r.QuietEnd, TimeZone: r.TimeZone}
	}
	return p, nil
}

// Preferences implements notification.PreferenceStore.
func (s *FeedStore) Preferences(ctx context.Context, accountID string) (notification.Preferences, error) {
	return readPreferences(ctx, s.db, accountID)
}

// SavePreferences implements notification.PreferenceStore.
func (s *FeedStore) SavePreferences(ctx context.Context, accountID string, p notification.Preferences, events ...event.Event) error {
	b, err := json.Marshal(p.Overrides)
	if err != nil {
		return err
	}
	row := &settingsRow{AccountID: accountID, Overrides: string(b)}
	if p.Quiet != nil {
		row.QuietStart, row.QuietEnd, row.TimeZone = &p.Quiet.Start, &p.Quiet.End, p.Quiet.TimeZone
	}
	return s.inTx(ctx, func(tx bun.Tx) error {
		_, err := tx.NewInsert().Model(row).On("CONFLICT (account_id) DO UPDATE").
			Set("overrides = EXCLUDED.overrides, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, time_zone = EXCLUDED.time_zone").
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("store: unable to save preferences: %w", err)
		}
		return nil
	}, eventList(events...))
}

// AccountPlace implements notification.TopicStore.
func (s *FeedStore) AccountPlace(ctx context.Context, accountID string) (region, oktmo string, err error) {
	err = s.db.NewSelect().TableExpr("personal_data").Column("region_code", "oktmo").Where("account_id = ?", accountID).Scan(ctx, &region, &oktmo)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("store: unable to read the account's place: %w", err)
	}
	return region, oktmo, nil
}

// SetDeviceTopics implements notification.TopicStore.
func (s *FeedStore) SetDeviceTopics(ctx context.Context, accountID, token string, topics []string) error {
	_, err := s.db.NewUpdate().Table("devices").Set("topics = ?", strings.Join(topics, ",")).
		Where("token = ? AND account_id = ?", token, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to record a device's topics: %w", err)
	}
	return nil
}

// DeleteDeviceTokens implements notification.TopicStore.
func (s *FeedStore) DeleteDeviceTokens(ctx context.Context, tokens []string) error {
	if _, err := s.db.NewDelete().Table("devices").Where("token IN (?)", bun.List(tokens)).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to forget devices: %w", err)
	}
	return nil
}

// NotificationPreferences implements account.Tx.
func (t *accountTx) NotificationPreferences(ctx context.Context, accountID string) (notification.Preferences, error) {
	return readPreferences(ctx, t.tx, accountID)
}

// NotificationForPush implements account.Tx.
func (t *accountTx) NotificationForPush(ctx context.Context, id string) (notification.Notification, bool, error) {
	var r notificationRow
	var pushed *time.Time
	q := t.forUpdate(t.tx.NewSelect().Model(&r).Where("n.id = ?", id))
	if err := q.Scan(ctx); err != nil {
		return notification.Notification{}, false, notFound(err, "read a notification")
	}
	if err := t.tx.NewSelect().TableExpr("notifications").Column("pushed_at").Where("id = ?", id).Scan(ctx, &pushed); err != nil {
		return notification.Notification{}, false, fmt.Errorf("store: unable to read a notification: %w", err)
	}
	return r.model(), pushed != nil, nil
}

// MarkNotificationPushed implements account.Tx.
func (t *accountTx) MarkNotificationPushed(ctx context.Context, id string, at time.Time) error {
	if _, err := t.tx.NewUpdate().Table("notifications").Set("pushed_at = ?", at.UTC()).Where("id = ?", id).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to mark a notification pushed: %w", err)
	}
	return nil
}

// DevicesOf implements account.Tx.
func (t *accountTx) DevicesOf(ctx context.Context, accountID string) ([]notification.Device, error) {
	return (&FeedStore{db: t.tx}).Devices(ctx, accountID)
}

// DeleteDeviceTokens implements account.Tx.
func (t *accountTx) DeleteDeviceTokens(ctx context.Context, tokens []string) error {
	return (&FeedStore{db: t.tx}).DeleteDeviceTokens(ctx, tokens)
}

// UnreadCount implements account.Tx.
func (t *accountTx) UnreadCount(ctx context.Context, accountID string) (int, error) {
	return (&FeedStore{db: t.tx}).UnreadCount(ctx, accountID)
}

type attemptRow struct {
	bun.BaseModel  `bun:"table:delivery_attempts,alias:da"`
	ID             int64     `bun:"id,pk,autoincrement"`
	NotificationID string    `bun:"notification_id"`
	Channel        string    `bun:"channel"`
	Target         string    `bun:"target"`
	Status         string    `bun:"status"`
	Error          string    `bun:"error"`
	AttemptedAt    time.Time `bun:"attempted_at"`
}

func (r *attemptRow) model() notification.Attempt {
	return notification.Attempt{NotificationID: r.NotificationID, Channel: notification.PrefChannel(r.Channel), Target: r.Target,
		Status: notification.AttemptStatus(r.Status), Error: r.Error, At: r.AttemptedAt.UTC()}
}

// RecordAttempts implements notification.AttemptRecorder.
func (s *FeedStore) RecordAttempts(ctx context.Context, attempts []notification.Attempt) error {
	if len(attempts) == 0 {
		return nil
	}
	rows := make([]attemptRow, len(attempts))
	for i, a := range attempts {
		rows[i] = attemptRow{NotificationID: a.NotificationID, Channel: string(a.Channel), Target: a.Target,
			Status: string(a.Status), Error: shortError(a.Error), AttemptedAt: a.At.UTC()}
	}
	// Devices of one citizen number at most a few hundred; chunk anyway so
	// a batch stays under SQLite's bound-variable limit.
	for chunk := range slices.Chunk(rows, 500) {
		if _, err := s.db.NewInsert().Model(&chunk).Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to record delivery attempts: %w", err)
		}
	}
	return nil
}

// shortError keeps a gateway's error readable and the row small.
func shortError(e string) string {
	if len(e) > 300 {
		return e[:300]
	}
	return e
}

// Attempts implements notification.FeedStore.
func (s *FeedStore) Attempts(ctx context.Context, accountID, notificationID string) ([]notification.Attempt, error) {
	var rows []attemptRow
	err := s.db.NewSelect().Model(&rows).
		Join("JOIN notifications AS n ON n.id = da.notification_id").
		Where("da.notification_id = ? AND n.account_id = ?", notificationID, accountID).
		OrderExpr("da.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read delivery attempts: %w", err)
	}
	return mapRows(rows, (*attemptRow).model), nil
}

// RecordAttempts implements account.Tx.
func (t *accountTx) RecordAttempts(ctx context.Context, attempts []notification.Attempt) error {
	return (&FeedStore{db: t.tx}).RecordAttempts(ctx, attempts)
}
