package jobs

import (
	"context"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/notification"
)

// TypeDeviceCleanup drops push devices not seen for the device TTL.
const TypeDeviceCleanup = "devices:cleanup"

// deviceCleanupSpec runs the clean-up daily at 03:30 UTC.
const deviceCleanupSpec = "30 3 * * *"

// StaleDevices drops devices not seen for ttl (notification.Devices).
type StaleDevices interface {
	DropStale(ctx context.Context, ttl time.Duration) (int, error)
}

// RegisterDeviceCleanup adds the daily clean-up of stale push devices.
func RegisterDeviceCleanup(mux *asynq.ServeMux, devices StaleDevices, ttl time.Duration) {
	mux.HandleFunc(TypeDeviceCleanup, func(ctx context.Context, _ *asynq.Task) error {
		_, err := devices.DropStale(ctx, ttl)
		return err
	})
}

// TopicJobs keep devices on the FCM topics of their owner's place
// (notification.Topics).
type TopicJobs interface {
	Sync(ctx context.Context, accountID string) error
	Unsubscribe(ctx context.Context, token string, topics []string) error
}

// NewsJobs push news to their topics (notification.NewsService).
type NewsJobs interface {
	Push(ctx context.Context, id string) error
}

// RegisterTopicJobs adds the topic subscription and news jobs.
func RegisterTopicJobs(mux *asynq.ServeMux, topics TopicJobs, news NewsJobs) {
	mux.HandleFunc(notification.TypeSyncTopics, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[notification.SyncTopicsPayload](t)
		if err != nil {
			return err
		}
		return topics.Sync(ctx, p.AccountID)
	})
	mux.HandleFunc(notification.TypeUnsubscribeTopics, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[notification.UnsubscribePayload](t)
		if err != nil {
			return err
		}
		return topics.Unsubscribe(ctx, p.Token, p.Topics)
	})
	mux.HandleFunc(notification.TypePushNews, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[notification.NewsPayload](t)
		if err != nil {
			return err
		}
		return news.Push(ctx, p.NewsID)
	})
}
