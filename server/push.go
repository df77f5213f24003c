package main

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/notification/fcm"
)

// pushSender adapts an FCM sender to what accounts need.
type pushSender struct {
	sender fcm.Sender
}

func (p pushSender) Push(ctx context.Context, tokens []string, m account.PushMessage) ([]account.PushResult, error) {
	results, err := p.sender.SendToTokens(ctx, tokens, fcm.Push{ID: m.ID, Title: m.Title, Body: m.Body, Link: m.Link,
		Badge: m.Badge, Locale: m.Locale, TTL: 28 * 24 * time.Hour})
	if err != nil {
		return nil, err
	}
	out := make([]account.PushResult, len(results))
	for i, r := range results {
		out[i] = account.PushResult{Token: r.Token, Remove: r.Remove, Retry: r.Retry, RetryAfter: r.RetryAfter}
	}
	return out, nil
}

// newPushSender sends through FCM when credentials are configured
// (FCM_CREDENTIALS_JSON or GOOGLE_APPLICATION_CREDENTIALS), and otherwise
// only records what it would send, saying so at start.
func newPushSender(ctx context.Context, cfg Config, log *slog.Logger) (fcm.Sender, error) {
	if cfg.pushSender != nil {
		return cfg.pushSender, nil
	}
	fc := fcm.Config{ProjectID: cfg.FCMProjectID, Endpoint: cfg.FCMEndpoint}
	switch {
	case cfg.FCMCredentialsJSON != "":
		fc.CredentialsJSON = []byte(cfg.FCMCredentialsJSON)
	case os.Getenv("GOOGLE_APPLICATION_CREDENTIALS") != "":
		fc.CredentialsFile = os.Getenv("GOOGLE_APPLICATION_CREDENTIALS")
	default:
		log.Info("push: no FCM credentials; pushes are recorded, not sent (set FCM_CREDENTIALS_JSON or GOOGLE_APPLICATION_CREDENTIALS)")
		return &fcm.RecordingSender{}, nil
	}
	return fcm.NewFirebaseSender(ctx, fc)
}
