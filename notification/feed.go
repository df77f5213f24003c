package notification

import (
	"context"
	"encoding/json"
	"time"

	"github.com/uslugi/uslugi/event"
)

// TypeDeliver is the job that delivers a feed notification through the
// citizen's channels.
const TypeDeliver = "notification:deliver"

// Kind is what a notification is about; apps route on it.
type Kind string

// Kinds.
const (
	KindVerificationSucceeded Kind = "VERIFICATION_SUCCEEDED"
	KindVerificationFailed    Kind = "VERIFICATION_FAILED"
	KindIdentityConfirmed     Kind = "IDENTITY_CONFIRMED"
	KindConfirmationLetter    Kind = "CONFIRMATION_LETTER"
)

// Notification is one row of a citizen's feed: every notification is a row
// first, then a job per channel.
type Notification struct {
	ID        string
	AccountID string
	Kind      Kind
	TitleRu   string
	TitleEn   string
	BodyRu    string
	BodyEn    string
	// Link is a deep link a mobile app routes to, e.g. uslugi://account/verification.
	Link      string
	CreatedAt time.Time
	ReadAt    time.Time
}

// DeliverPayload names the notification to deliver.
type DeliverPayload struct {
	NotificationID string `json:"notification_id"`
}

// DeliverEvent is the outbox event that delivers n.
func DeliverEvent(n Notification) (event.Event, error) {
	b, err := json.Marshal(DeliverPayload{NotificationID: n.ID})
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: TypeDeliver, Queue: event.QueueDefault, Payload: b}, nil
}

// TypePush is the job that pushes a feed notification to the citizen's
// devices.
const TypePush = "notification:push"

// PushEvent is the outbox event that pushes n (at, when held by quiet
// hours; zero means now).
func PushEvent(n Notification, at time.Time) (event.Event, error) {
	b, err := json.Marshal(DeliverPayload{NotificationID: n.ID})
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: TypePush, Queue: event.QueueDefault, Payload: b, NotBefore: at}, nil
}

// Events are the jobs that deliver n, one per way it travels: the live feed
// with SMS or email, and the push; each is idempotent by n's id. Write them
// in the transaction that adds n.
func Events(n Notification) ([]event.Event, error) {
	deliver, err := DeliverEvent(n)
	if err != nil {
		return nil, err
	}
	push, err := PushEvent(n, time.Time{})
	if err != nil {
		return nil, err
	}
	return []event.Event{deliver, push}, nil
}

// Sink is a transaction that takes a notification and its outbox events.
type Sink interface {
	AddNotification(ctx context.Context, n Notification) error
	AddEvent(ctx context.Context, ev event.Event) error
}

// Add writes n and the jobs that deliver it into one transaction.
func Add(ctx context.Context, tx Sink, n Notification) error {
	if err := tx.AddNotification(ctx, n); err != nil {
		return err
	}
	evs, err := Events(n)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		if err := tx.AddEvent(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}
