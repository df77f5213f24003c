package fcm

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// Sent is one call a RecordingSender received: Tokens for SendToTokens,
// Topic for SendToTopic.
type Sent struct {
	Tokens []string
	Topic  string
	Push   Push
}

// RecordingSender is the Sender used when no FCM credentials are configured:
// it records what it would send and reports every token delivered. It is safe
// for concurrent use; the zero value is ready.
type RecordingSender struct {
	mu   sync.Mutex
	sent []Sent
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
		res[i] = Result{Token: t, OK: true}
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

// Sent returns a copy of everything recorded, in call order.
func (r *RecordingSender) Sent() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Sent, len(r.sent))
	for i, s := range r.sent {
		out[i] = Sent{Tokens: slices.Clone(s.Tokens), Topic: s.Topic, Push: clonePush(s.Push)}
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
