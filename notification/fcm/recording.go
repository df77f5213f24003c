package fcm

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// Sent is one call a RecordingSender received: Tokens for SendToTokens,
// Topic for SendToTopic, and Tokens and Topic with Subscribe or Unsubscribe
// set (and no Push) for SubscribeToTopic and UnsubscribeFromTopic.
type Sent struct {
	Tokens      []string
	Topic       string
	Push        Push
	Subscribe   bool
	Unsubscribe bool
}

// RecordingSender is the Sender used when no FCM credentials are configured:
// it records what it would send and reports every token delivered (and Recorded). It is safe
// for concurrent use; the zero value is ready.
type RecordingSender struct {
	mu          sync.Mutex
	sent        []Sent
	subscribers map[string]map[string]struct{} // topic -> tokens
}

var _ Sender = (*RecordingSender)(nil)

// SendToTokens records the call and returns OK for every token.
func (r *RecordingSender) SendToTokens(ctx context.Context, tokens []string, p Push) ([]Result, error) {
	if err := validatePush(p); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := make([]Result, len(tokens))
	for i, t := range tokens {
		res[i] = Result{Token: t, OK: true, Recorded: true}
	}
	r.record(Sent{Tokens: slices.Clone(tokens), Push: clonePush(p)})
	return res, nil
}

// SendToTopic validates the topic and records the call.
func (r *RecordingSender) SendToTopic(ctx context.Context, topic string, p Push) error {
	if err := validateTopic(topic); err != nil {
		return err
	}
	if err := validatePush(p); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r.record(Sent{Topic: topic, Push: clonePush(p)})
	return nil
}

// SubscribeToTopic validates the topic, records the call, adds the tokens to
// Subscribers(topic) and returns OK for every token.
func (r *RecordingSender) SubscribeToTopic(ctx context.Context, tokens []string, topic string) ([]Result, error) {
	return r.manageTopic(ctx, tokens, topic, true)
}

// UnsubscribeFromTopic validates the topic, records the call, takes the
// tokens off Subscribers(topic) and returns OK for every token.
func (r *RecordingSender) UnsubscribeFromTopic(ctx context.Context, tokens []string, topic string) ([]Result, error) {
	return r.manageTopic(ctx, tokens, topic, false)
}

func (r *RecordingSender) manageTopic(ctx context.Context, tokens []string, topic string, subscribe bool) ([]Result, error) {
	if err := validateTopic(topic); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := make([]Result, len(tokens))
	for i, t := range tokens {
		res[i] = Result{Token: t, OK: true, Recorded: true}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, Sent{Tokens: slices.Clone(tokens), Topic: topic, Subscribe: subscribe, Unsubscribe: !subscribe})
	subs := r.subscribers[topic]
	if subscribe && subs == nil {
		if r.subscribers == nil {
			r.subscribers = map[string]map[string]struct{}{}
		}
		subs = map[string]struct{}{}
		r.subscribers[topic] = subs
	}
	for _, t := range tokens {
		if subscribe {
			subs[t] = struct{}{}
		} else {
			delete(subs, t)
		}
	}
	if len(subs) == 0 {
		delete(r.subscribers, topic)
	}
	return res, nil
}

// Subscribers returns the tokens currently subscribed to topic, sorted.
func (r *RecordingSender) Subscribers(topic string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.subscribers[topic]))
}

// Sent returns a copy of everything recorded, in call order.
func (r *RecordingSender) Sent() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Sent, len(r.sent))
	for i, s := range r.sent {
		s.Tokens, s.Push = slices.Clone(s.Tokens), clonePush(s.Push)
		out[i] = s
	}
	return out
}

func (r *RecordingSender) record(s Sent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, s)
}

func clonePush(p Push) Push {
	p.Data = maps.Clone(p.Data)
	return p
}
