// Package pubsub fans live events out across API processes through Redis
// pub/sub: a worker publishes that a citizen's feed has a new row, that a
// hearing's tally changed, or that a citizen's verification moved on, and
// every API process forwards it to its open subscriptions.
package pubsub

import (
	"context"
	"log/slog"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Channels: a citizen's feed, a hearing's tally, a citizen's verification.
const (
	feedPrefix         = "uslugi:feed:"
	tallyPrefix        = "uslugi:tally:"
	verificationPrefix = "uslugi:verification:"
)

// Hub holds one Redis subscription per process and hands its messages to
// the local subscribers of each account.
type Hub struct {
	life   context.Context
	client redis.UniversalClient
	log    *slog.Logger

	mu    sync.Mutex
	subs  map[string]map[chan string]struct{}
	start sync.Once
	ready chan struct{}
}

// NewHub returns a hub over client; its Redis subscription lives until
// life ends (the process's lifetime).
func NewHub(life context.Context, client redis.UniversalClient, log *slog.Logger) *Hub {
	return &Hub{life: life, client: client, log: log, subs: map[string]map[chan string]struct{}{}, ready: make(chan struct{})}
}

// Publish tells every API process that accountID's feed has notification
// notificationID. Implements notification.Publisher.
func (h *Hub) Publish(ctx context.Context, accountID, notificationID string) error {
	return h.client.Publish(ctx, feedPrefix+accountID, notificationID).Err()
}

// Run listens until ctx ends; Subscribe starts it on first use.
func (h *Hub) run(ctx context.Context) {
	ps := h.client.PSubscribe(ctx, feedPrefix+"*", tallyPrefix+"*", verificationPrefix+"*")
	if _, err := ps.Receive(ctx); err != nil {
		h.log.Error("pubsub: unable to subscribe", "err", err)
	}
	close(h.ready)
	defer ps.Close()
	ch := ps.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case m, ok := <-ch:
			if !ok {
				return
			}
			key := "feed:" + strings.TrimPrefix(m.Channel, feedPrefix)
			if rest, ok := strings.CutPrefix(m.Channel, tallyPrefix); ok {
				key = "tally:" + rest
			} else if rest, ok := strings.CutPrefix(m.Channel, verificationPrefix); ok {
				key = "verification:" + rest
			}
			h.mu.Lock()
			for sub := range h.subs[key] {
				select {
				case sub <- m.Payload:
				default: // a slow client misses a live update, not its feed
				}
			}
			h.mu.Unlock()
		}
	}
}

// Subscribe returns the ids of notifications added to accountID's feed
// from now until ctx ends.
func (h *Hub) Subscribe(ctx context.Context, accountID string) <-chan string {
	return h.subscribe(ctx, "feed:"+accountID)
}

// TallyChanged tells every API process that a hearing's tally changed.
// Implements hearing.TallyPublisher.
func (h *Hub) TallyChanged(ctx context.Context, hearingID string) error {
	return h.client.Publish(ctx, tallyPrefix+hearingID, hearingID).Err()
}

// SubscribeTally returns a signal each time the hearing's tally changes,
// until ctx ends.
func (h *Hub) SubscribeTally(ctx context.Context, hearingID string) <-chan string {
	return h.subscribe(ctx, "tally:"+hearingID)
}

// VerificationChanged tells every API process that accountID's
// verification (its status or one agency's check) changed. Implements
// account.VerificationPublisher.
func (h *Hub) VerificationChanged(ctx context.Context, accountID string) error {
	return h.client.Publish(ctx, verificationPrefix+accountID, accountID).Err()
}

// SubscribeVerification returns a signal each time accountID's
// verification changes, until ctx ends.
func (h *Hub) SubscribeVerification(ctx context.Context, accountID string) <-chan string {
	return h.subscribe(ctx, "verification:"+accountID)
}

func (h *Hub) subscribe(ctx context.Context, key string) <-chan string {
	h.start.Do(func() { go h.run(h.life) })
	<-h.ready
	ch := make(chan string, 16)
	h.mu.Lock()
	if h.subs[key] == nil {
		h.subs[key] = map[chan string]struct{}{}
	}
	h.subs[key][ch] = struct{}{}
	h.mu.Unlock()
	go func() {
		<-ctx.Done()
		h.mu.Lock()
		delete(h.subs[key], ch)
		if len(h.subs[key]) == 0 {
			delete(h.subs, key)
		}
		h.mu.Unlock()
	}()
	return ch
}

// Subscribers counts this process's live subscriptions of accountID's
// feed.
func (h *Hub) Subscribers(accountID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs["feed:"+accountID])
}

// VerificationSubscribers counts this process's live subscriptions of
// accountID's verification.
func (h *Hub) VerificationSubscribers(accountID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs["verification:"+accountID])
}
