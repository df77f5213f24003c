package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uslugi/uslugi/notification"
)

// PushMessage is what a phone shows.
type PushMessage struct {
	ID, Title, Body, Link string
	Badge                 int
	Locale                string
}

// PushResult is one device's answer.
type PushResult struct {
	Token      string
	Remove     bool // the token is dead: forget the device
	Retry      bool
	RetryAfter time.Duration
	// Recorded: no FCM credentials, so it was recorded rather than sent.
	Recorded bool
	Err      string
}

// PushSender sends pushes (FCM, or a recorder without credentials).
type PushSender interface {
	Push(ctx context.Context, tokens []string, m PushMessage) ([]PushResult, error)
}

// ErrPushRetry asks the job to try again later.
type ErrPushRetry struct{ After time.Duration }

func (e *ErrPushRetry) Error() string { return fmt.Sprintf("push: retry after %s", e.After) }

// RetryIn tells the job runner when to try again.
func (e *ErrPushRetry) RetryIn() time.Duration { return e.After }

// PushNotification pushes a feed notification to every device of the
// citizen, in each device's language (the notification:push job). Dead
// tokens are forgotten; devices that failed for a while make the job retry,
// and since every push carries the notification's id as its collapse key,
// a phone that got it the first time shows it once. Quiet hours hold the
// push until they end. A notification is pushed once.
func (s *Service) PushNotification(ctx context.Context, id string) error {
	if s.push == nil {
		return nil
	}
	now := s.now()
	var n notification.Notification
	var devices []notification.Device
	var badge int
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var pushed bool
		var err error
		if n, pushed, err = tx.NotificationForPush(ctx, id); err != nil || pushed {
			return err
		}
		prefs, err := tx.NotificationPreferences(ctx, n.AccountID)
		if err != nil {
			return err
		}
		if !prefs.Enabled(notification.CategoryOf(n.Kind), notification.PrefPush) {
			return tx.MarkNotificationPushed(ctx, id, now)
		}
		if until := prefs.Quiet.HoldUntil(now); until.After(now) {
			ev, err := notification.PushEvent(n, until)
			if err != nil {
				return err
			}
			return tx.AddEvent(ctx, ev)
		}
		if devices, err = tx.DevicesOf(ctx, n.AccountID); err != nil {
			return err
		}
		if len(devices) == 0 {
			return tx.MarkNotificationPushed(ctx, id, now)
		}
		badge, err = tx.UnreadCount(ctx, n.AccountID)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || len(devices) == 0 {
		return err
	}
	byLang := map[string][]string{}
	for _, d := range devices {
		byLang[d.Locale] = append(byLang[d.Locale], d.Token)
	}
	platform := make(map[string]notification.Platform, len(devices))
	for _, d := range devices {
		platform[d.Token] = d.Platform
	}
	var dead []string
	var retry time.Duration
	var attempts []notification.Attempt
	for lang, tokens := range byLang {
		m := PushMessage{ID: n.ID, Title: n.TitleRu, Body: n.BodyRu, Link: n.Link, Badge: badge, Locale: lang}
		if lang == "en" && n.TitleEn != "" {
			m.Title, m.Body = n.TitleEn, n.BodyEn
		}
		// A push is a glimpse; the feed keeps the whole text, and FCM
		// refuses messages over 4 KB.
		m.Title, m.Body = shorten(m.Title, 100), shortenText(m.Body, 500)
		results, err := s.push.Push(ctx, tokens, m)
		if err != nil {
			return fmt.Errorf("account: push: %w", err)
		}
		at := s.now()
		for _, r := range results {
			a := notification.Attempt{NotificationID: n.ID, Channel: notification.PrefPush,
				Target: string(platform[r.Token]) + " …" + notification.TokenSuffix(r.Token), Status: notification.AttemptSent, Error: r.Err, At: at}
			switch {
			case r.Remove:
				dead = append(dead, r.Token)
				a.Status = notification.AttemptTokenRemoved
			case r.Retry:
				retry = max(retry, r.RetryAfter, time.Second)
				a.Status = notification.AttemptRetrying
			case r.Recorded:
				a.Status = notification.AttemptRecorded
			}
			attempts = append(attempts, a)
		}
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.RecordAttempts(ctx, attempts); err != nil {
			return err
		}
		if len(dead) > 0 {
			if err := tx.DeleteDeviceTokens(ctx, dead); err != nil {
				return err
			}
		}
		if retry > 0 {
			return nil
		}
		return tx.MarkNotificationPushed(ctx, id, s.now())
	})
	if err != nil {
		return err
	}
	if retry > 0 {
		return &ErrPushRetry{After: retry}
	}
	return nil
}

// shortenText cuts text to n characters, marking the cut.
func shortenText(text string, n int) string {
	if r := []rune(text); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return text
}
