// Package pubsub fans live events out across API processes through Redis
// pub/sub: a worker publishes that a citizen's feed has a new row, or that a
// hearing's tally changed, and every API process forwards it to its open
// subscriptions.
package pubsub

import (
	"context"
	"log/slog"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Channels: a citizen's feed and a hearing's tally.
const (
	feedPrefix  = "uslugi:feed:"
	tallyPrefix = "uslugi:tally:"
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
	ps := h.client.PSubscribe(ctx, feedPrefix+"*", tallyPrefix+"*")
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
			if strings.HasPrefix(m.Channel, tallyPrefix) {
				key = "tally:" + strings.TrimPrefix(m.Channel, tallyPrefix)
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

// Subscribers counts this process's live subscriptions of accountID.
func (h *Hub) Subscribers(accountID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs["feed:"+accountID])
}
