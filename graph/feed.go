package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/notification"
)

const typeNotification = "Notification"

// LiveFeed hands out the ids of notifications added to an account's feed
// (pubsub.Hub, across API processes).
type LiveFeed interface {
	Subscribe(ctx context.Context, accountID string) <-chan string
}

func (r *Resolver) notifications(ctx context.Context, first *int, after *string, unreadOnly *bool) (*model.NotificationConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	offset, err := parseCursor(after)
	if err != nil {
		return nil, err
	}
	items, total, err := r.Feed.List(ctx, p.AccountID, deref(unreadOnly), offset, deref(first))
	if err != nil {
		return nil, err
	}
	c := &model.NotificationConnection{Edges: make([]model.NotificationEdge, len(items)), TotalCount: total,
		PageInfo: &model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: offset+len(items) < total}}
	for i := range items {
		c.Edges[i] = model.NotificationEdge{Cursor: offsetCursor(offset + i), Node: &items[i]}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

func (r *Resolver) unreadCount(ctx context.Context) (int, error) {
	p, err := Principal(ctx)
	if err != nil {
		return 0, err
	}
	return r.Feed.UnreadCount(ctx, p.AccountID)
}

func (r *Resolver) markRead(ctx context.Context, in model.MarkNotificationsReadInput) (*model.MarkNotificationsReadPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	out := &model.MarkNotificationsReadPayload{UserErrors: []model.UserError{}}
	var ids []string
	for _, id := range in.Ids {
		typ, key, err := parseGlobalID(id)
		if err != nil || typ != typeNotification {
			out.UserErrors = append(out.UserErrors, model.UserError{Field: "ids", Code: "BAD_ID",
				Message: pickLang(Lang(ctx), "Неверный идентификатор уведомления", "malformed notification id")})
			return out, nil
		}
		ids = append(ids, key)
	}
	if !deref(in.All) && len(ids) == 0 {
		out.UserErrors = append(out.UserErrors, model.UserError{Field: "ids", Code: "REQUIRED",
			Message: pickLang(Lang(ctx), "Укажите уведомления или all: true", "give the notifications or all: true")})
		return out, nil
	}
	if out.Updated, err = r.Feed.MarkRead(ctx, p.AccountID, ids, deref(in.All)); err != nil {
		return nil, err
	}
	if out.UnreadCount, err = r.Feed.UnreadCount(ctx, p.AccountID); err != nil {
		return nil, err
	}
	return out, nil
}

// notificationAdded forwards the citizen's new feed rows until the client
// goes away.
func (r *Resolver) notificationAdded(ctx context.Context) (<-chan *notification.Notification, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	ids := r.Live.Subscribe(ctx, p.AccountID)
	out := make(chan *notification.Notification, 1)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case id := <-ids:
				n, err := r.Feed.Get(ctx, p.AccountID, id)
				if err != nil {
					continue // not this account's, or gone
				}
				select {
				case out <- &n:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

func notificationText(ctx context.Context, ru, en string) string {
	if s := pickLang(Lang(ctx), ru, en); strings.TrimSpace(s) != "" {
		return s
	}
	return ru
}

func (r *Resolver) registerDevice(ctx context.Context, in model.RegisterDeviceInput) (*model.RegisterDevicePayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := r.Devices.Register(ctx, p.AccountID, notification.Device{Token: in.Token, Platform: in.Platform,
		AppVersion: in.AppVersion, Locale: in.Locale})
	var fe *notification.FieldError
	if errors.As(err, &fe) {
		return &model.RegisterDevicePayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.RegisterDevicePayload{Device: &d, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) unregisterDevice(ctx context.Context, in model.UnregisterDeviceInput) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	ok, err := r.Devices.Unregister(ctx, p.AccountID, in.Token)
	if err != nil {
		return nil, err
	}
	out := &model.OkPayload{Ok: ok, UserErrors: []model.UserError{}}
	if !ok {
		out.UserErrors = append(out.UserErrors, model.UserError{Field: "token", Code: "NOT_FOUND",
			Message: pickLang(Lang(ctx), "Такое устройство не зарегистрировано", "no such device is registered")})
	}
	return out, nil
}

func (r *Resolver) devices(ctx context.Context) ([]notification.Device, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Devices.List(ctx, p.AccountID)
}

func tokenSuffix(t string) string {
	if len(t) <= 6 {
		return t
	}
	return "…" + t[len(t)-6:]
}

func settingsModel(p notification.Preferences) *model.NotificationSettings {
	out := &model.NotificationSettings{}
	for _, c := range notification.Categories() {
		for _, ch := range notification.Channels() {
			out.Preferences = append(out.Preferences, model.NotificationPreference{Category: c, Channel: ch,
				Enabled: p.Enabled(c, ch), Locked: notification.Locked(c)})
		}
	}
	if q := p.Quiet; q != nil {
		out.QuietHours = &model.QuietHours{Start: fmt.Sprintf("%02d:%02d", q.Start/60, q.Start%60),
			End: fmt.Sprintf("%02d:%02d", q.End/60, q.End%60), TimeZone: q.TimeZone}
	}
	return out
}

func settingsPayload(ctx context.Context, p notification.Preferences, err error) (*model.NotificationSettingsPayload, error) {
	var fe *notification.FieldError
	if errors.As(err, &fe) {
		return &model.NotificationSettingsPayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.NotificationSettingsPayload{Settings: settingsModel(p), UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) notificationSettings(ctx context.Context) (*model.NotificationSettings, error) {
	pr, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	p, err := r.Settings.Get(ctx, pr.AccountID)
	if err != nil {
		return nil, err
	}
	return settingsModel(p), nil
}

func (r *Resolver) setPreference(ctx context.Context, in model.SetNotificationPreferenceInput) (*model.NotificationSettingsPayload, error) {
	pr, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	p, err := r.Settings.Set(ctx, pr.AccountID, in.Category, in.Channel, in.Enabled)
	return settingsPayload(ctx, p, err)
}

func (r *Resolver) setQuietHours(ctx context.Context, in model.SetQuietHoursInput) (*model.NotificationSettingsPayload, error) {
	pr, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	var q *notification.QuietHours
	if !deref(in.Clear) {
		if q, err = notification.ParseQuietHours(deref(in.Start), deref(in.End), deref(in.TimeZone)); err != nil {
			return settingsPayload(ctx, notification.Preferences{}, err)
		}
	}
	p, err := r.Settings.SetQuietHours(ctx, pr.AccountID, q)
	return settingsPayload(ctx, p, err)
}

func (r *Resolver) publishNews(ctx context.Context, in model.PublishNewsInput) (*model.PublishNewsPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	n, err := r.News.Publish(ctx, p.AccountID, notification.NewsInput{MunicipalityOKTMO: deref(in.MunicipalityOktmo),
		RegionCode: deref(in.RegionCode), Title: in.Title, Body: in.Body, Link: deref(in.Link)})
	var fe *notification.FieldError
	if errors.As(err, &fe) {
		return &model.PublishNewsPayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
	}
	if errors.Is(err, notification.ErrNotOfficer) {
		return nil, &account.ForbiddenError{NeedRole: account.RoleMunicipalOfficer}
	}
	if err != nil {
		return nil, err
	}
	return &model.PublishNewsPayload{News: &n, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) news(ctx context.Context, oktmo string, first *int) ([]notification.News, error) {
	limit := notification.DefaultPageSize
	if first != nil {
		limit = *first
	}
	out, err := r.News.ForPlace(ctx, oktmo, limit)
	var fe *notification.FieldError
	if errors.As(err, &fe) {
		return nil, &userError{field: fe.Field, code: fe.Code, ru: fe.Ru, en: fe.En}
	}
	return out, err
}
