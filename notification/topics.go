package notification

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification/fcm"
)

// TypeSyncTopics is the job that brings an account's devices to the FCM
// topics of its municipality and region.
const TypeSyncTopics = "devices:topics"

// TypeUnsubscribeTopics is the job that takes a signed-out device off its
// topics.
const TypeUnsubscribeTopics = "devices:unsubscribe"

// SyncTopicsPayload names the account whose devices to bring up to date.
type SyncTopicsPayload struct {
	AccountID string `json:"account_id"`
}

// UnsubscribePayload is a forgotten device and the topics it was on.
type UnsubscribePayload struct {
	Token  string   `json:"token"`
	Topics []string `json:"topics"`
}

// SyncTopicsEvent is the outbox event that syncs accountID's topics: written
// with whatever changed them (an address, a device, the news preference).
func SyncTopicsEvent(accountID string) (event.Event, error) {
	b, err := json.Marshal(SyncTopicsPayload{AccountID: accountID})
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: TypeSyncTopics, Queue: event.QueueDefault, Payload: b}, nil
}

// UnsubscribeEvent is the outbox event that takes d off its topics.
func UnsubscribeEvent(d Device) (event.Event, error) {
	b, err := json.Marshal(UnsubscribePayload{Token: d.Token, Topics: d.Topics})
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: TypeUnsubscribeTopics, Queue: event.QueueDefault, Payload: b}, nil
}

// WantedTopics are the topics an account's devices belong on: its
// municipality's and its region's, unless the citizen turned news pushes
// off (a topic reaches every subscribed device, so the preference is kept
// by not subscribing).
func WantedTopics(region, oktmo string, prefs Preferences) []string {
	if !prefs.Enabled(CategoryNews, PrefPush) {
		return nil
	}
	var out []string
	if region != "" {
		out = append(out, fcm.RegionTopic(region))
	}
	if oktmo != "" {
		out = append(out, fcm.MunicipalityTopic(oktmo))
	}
	return out
}

// TopicResult is FCM's answer for one token.
type TopicResult struct {
	Token      string
	OK         bool
	Remove     bool // the token is dead: forget the device
	Retry      bool
	RetryAfter time.Duration
}

// TopicSubscriber manages FCM topic subscriptions.
type TopicSubscriber interface {
	Subscribe(ctx context.Context, tokens []string, topic string) ([]TopicResult, error)
	Unsubscribe(ctx context.Context, tokens []string, topic string) ([]TopicResult, error)
}

// TopicStore is what syncing topics reads and writes.
type TopicStore interface {
	// AccountPlace returns the region code and OKTMO of the account's
	// registered address; empty when it has none.
	AccountPlace(ctx context.Context, accountID string) (region, oktmo string, err error)
	Preferences(ctx context.Context, accountID string) (Preferences, error)
	Devices(ctx context.Context, accountID string) ([]Device, error)
	// SetDeviceTopics records the topics token is on, if it still belongs
	// to accountID.
	SetDeviceTopics(ctx context.Context, accountID, token string, topics []string) error
	DeleteDeviceTokens(ctx context.Context, tokens []string) error
}

// RetryError asks the job to run again later.
type RetryError struct{ After time.Duration }

func (e *RetryError) Error() string { return fmt.Sprintf("notification: retry after %s", e.After) }

// RetryIn tells the job runner when to try again.
func (e *RetryError) RetryIn() time.Duration { return e.After }

// Topics keeps devices subscribed to the topics of their owner's
// municipality and region, so news reach them in one FCM call per topic.
type Topics struct {
	store TopicStore
	fcm   TopicSubscriber
}

// NewTopics returns the topic manager.
func NewTopics(store TopicStore, sub TopicSubscriber) *Topics {
	return &Topics{store: store, fcm: sub}
}

// Sync subscribes the account's devices to the topics they should be on
// and off those they should not. It is idempotent: each device records the
// topics FCM confirmed, and a retry does only what is left.
func (t *Topics) Sync(ctx context.Context, accountID string) error {
	region, oktmo, err := t.store.AccountPlace(ctx, accountID)
	if err != nil {
		return err
	}
	prefs, err := t.store.Preferences(ctx, accountID)
	if err != nil {
		return err
	}
	want := WantedTopics(region, oktmo, prefs)
	devices, err := t.store.Devices(ctx, accountID)
	if err != nil {
		return err
	}
	have := make(map[string][]string, len(devices))
	add, drop := map[string][]string{}, map[string][]string{}
	for _, d := range devices {
		have[d.Token] = slices.Clone(d.Topics)
		for _, w := range want {
			if !slices.Contains(d.Topics, w) {
				add[w] = append(add[w], d.Token)
			}
		}
		for _, h := range d.Topics {
			if !slices.Contains(want, h) {
				drop[h] = append(drop[h], d.Token)
			}
		}
	}
	changed := map[string]bool{}
	dead := map[string]bool{}
	var retry time.Duration
	apply := func(results []TopicResult, topic string, subscribe bool) {
		for _, r := range results {
			switch {
			case r.Remove:
				dead[r.Token] = true
			case r.Retry:
				retry = max(retry, r.RetryAfter, time.Second)
			case r.OK && subscribe:
				have[r.Token] = append(have[r.Token], topic)
				changed[r.Token] = true
			case r.OK:
				have[r.Token] = slices.DeleteFunc(have[r.Token], func(x string) bool { return x == topic })
				changed[r.Token] = true
			}
		}
	}
	for _, topic := range sortedKeys(add) {
		res, err := t.fcm.Subscribe(ctx, add[topic], topic)
		if err != nil {
			return fmt.Errorf("notification: unable to subscribe to %s: %w", topic, err)
		}
		apply(res, topic, true)
	}
	for _, topic := range sortedKeys(drop) {
		res, err := t.fcm.Unsubscribe(ctx, drop[topic], topic)
		if err != nil {
			return fmt.Errorf("notification: unable to unsubscribe from %s: %w", topic, err)
		}
		apply(res, topic, false)
	}
	for token := range changed {
		if dead[token] {
			continue
		}
		topics := have[token]
		slices.Sort(topics)
		if err := t.store.SetDeviceTopics(ctx, accountID, token, topics); err != nil {
			return err
		}
	}
	if len(dead) > 0 {
		if err := t.store.DeleteDeviceTokens(ctx, sortedKeys(dead)); err != nil {
			return err
		}
	}
	if retry > 0 {
		return &RetryError{After: retry}
	}
	return nil
}

// Unsubscribe takes a forgotten device off its topics; a dead token is
// already off them.
func (t *Topics) Unsubscribe(ctx context.Context, token string, topics []string) error {
	var retry time.Duration
	for _, topic := range topics {
		res, err := t.fcm.Unsubscribe(ctx, []string{token}, topic)
		if err != nil {
			return fmt.Errorf("notification: unable to unsubscribe from %s: %w", topic, err)
		}
		for _, r := range res {
			if r.Retry {
				retry = max(retry, r.RetryAfter, time.Second)
			}
		}
	}
	if retry > 0 {
		return &RetryError{After: retry}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
