package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/notification"
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
		out[i] = account.PushResult{Token: r.Token, Remove: r.Remove, Retry: r.Retry, RetryAfter: r.RetryAfter,
			Recorded: r.Recorded, Err: r.Err}
	}
	return out, nil
}

// newPushSender sends through FCM when credentials are configured
// (FCM_CREDENTIALS_JSON or GOOGLE_APPLICATION_CREDENTIALS), and otherwise
// only records what it would send, saying so at start.
// hc, when not nil, carries the calls (traced when tracing is on).
func newPushSender(ctx context.Context, cfg Config, log *slog.Logger, hc *http.Client) (fcm.Sender, error) {
	if cfg.pushSender != nil {
		return cfg.pushSender, nil
	}
	fc := fcm.Config{ProjectID: cfg.FCMProjectID, Endpoint: cfg.FCMEndpoint, IIDEndpoint: cfg.FCMIIDEndpoint, HTTPClient: hc}
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

// topicSender adapts an FCM sender to topic subscriptions and news.
type topicSender struct {
	sender fcm.Sender
}

func (p topicSender) Subscribe(ctx context.Context, tokens []string, topic string) ([]notification.TopicResult, error) {
	res, err := p.sender.SubscribeToTopic(ctx, tokens, topic)
	return topicResults(res), topicErr(err)
}

func (p topicSender) Unsubscribe(ctx context.Context, tokens []string, topic string) ([]notification.TopicResult, error) {
	res, err := p.sender.UnsubscribeFromTopic(ctx, tokens, topic)
	return topicResults(res), topicErr(err)
}

// topicErr makes a transient failure of a whole call a retry after the
// time FCM asked for.
func topicErr(err error) error {
	var te *fcm.TopicError
	if errors.As(err, &te) && te.Retry {
		return &notification.RetryError{After: max(te.RetryAfter, time.Second)}
	}
	return err
}

func topicResults(res []fcm.Result) []notification.TopicResult {
	out := make([]notification.TopicResult, len(res))
	for i, r := range res {
		out[i] = notification.TopicResult{Token: r.Token, OK: r.OK, Remove: r.Remove, Retry: r.Retry, RetryAfter: r.RetryAfter}
	}
	return out
}

// SendNews sends a news item to its topic; quota and server errors come
// back as retries after the time FCM asked for.
func (p topicSender) SendNews(ctx context.Context, n notification.News) error {
	err := p.sender.SendToTopic(ctx, n.Topic, fcm.Push{ID: n.ID, Title: n.Title, Body: n.Body, Link: n.Link,
		TTL: 7 * 24 * time.Hour, Data: map[string]string{"kind": "NEWS"}})
	var se *fcm.SendError
	if errors.As(err, &se) && se.Retry {
		return &notification.RetryError{After: max(se.RetryAfter, time.Second)}
	}
	return err
}
