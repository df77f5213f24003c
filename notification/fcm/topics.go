package fcm

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"firebase.google.com/go/v4/messaging"
)

// SubscribeToTopic subscribes tokens to topic in calls of at most
// TopicBatchSize tokens. Empty tokens are reported Remove without being sent.
// A per-token error NOT_FOUND or INVALID_ARGUMENT is Remove, any other Retry
// after DefaultRetryAfter. A call that fails as a whole (transport, an HTTP
// error after the SDK's own retries of 503) is not turned into per-token
// Retry results: it returns the results of the tokens before that call's
// first token and a *TopicError, which says whether to retry and when (the
// answer's Retry-After, else DefaultRetryAfter). Subscribing is
// idempotent, so retrying the whole list is safe.
func (s *FirebaseSender) SubscribeToTopic(ctx context.Context, tokens []string, topic string) ([]Result, error) {
	return s.manageTopic(ctx, "subscribe", tokens, topic, s.client.SubscribeToTopic)
}

// UnsubscribeFromTopic unsubscribes tokens from topic, batched and reported
// as SubscribeToTopic does.
func (s *FirebaseSender) UnsubscribeFromTopic(ctx context.Context, tokens []string, topic string) ([]Result, error) {
	return s.manageTopic(ctx, "unsubscribe", tokens, topic, s.client.UnsubscribeFromTopic)
}

type topicCall func(ctx context.Context, tokens []string, topic string) (*messaging.TopicManagementResponse, error)

func (s *FirebaseSender) manageTopic(ctx context.Context, op string, tokens []string, topic string, call topicCall) ([]Result, error) {
	if err := validateTopic(topic); err != nil {
		return nil, err
	}
	results := make([]Result, len(tokens))
	idx := make([]int, 0, min(len(tokens), TopicBatchSize)) // results index of each token in the batch
	batch := make([]string, 0, min(len(tokens), TopicBatchSize))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("fcm: %s cancelled: %w", op, err)
		}
		resp, err := call(ctx, batch, topic)
		if err != nil {
			r := classify(topic, &messaging.SendResponse{Error: err})
			return &TopicError{Op: op, Topic: topic, Tokens: len(batch), Retry: r.Retry, RetryAfter: r.RetryAfter, Err: err}
		}
		if n := resp.SuccessCount + resp.FailureCount; n != len(batch) {
			err := fmt.Errorf("%d results for %d tokens", n, len(batch))
			return &TopicError{Op: op, Topic: topic, Tokens: len(batch), Retry: true, RetryAfter: DefaultRetryAfter, Err: err}
		}
		for _, i := range idx {
			results[i].OK = true
		}
		for _, e := range resp.Errors {
			if e != nil && e.Index >= 0 && e.Index < len(idx) {
				results[idx[e.Index]] = classifyTopic(results[idx[e.Index]].Token, e.Reason)
			}
		}
		batch, idx = batch[:0], idx[:0]
		return nil
	}
	for i, t := range tokens {
		results[i].Token = t
		if strings.TrimSpace(t) == "" {
			results[i].Remove, results[i].Err = true, "empty token"
			continue
		}
		batch, idx = append(batch, t), append(idx, i)
		if len(batch) == TopicBatchSize {
			if err := flush(); err != nil {
				return results[:idx[0]], err
			}
		}
	}
	if err := flush(); err != nil {
		return results[:idx[0]], err
	}
	return results, nil
}

// classifyTopic turns one per-token error reason of the Instance ID API into
// a Result.
func classifyTopic(token, reason string) Result {
	res := Result{Token: token, Err: reason}
	switch strings.ToUpper(reason) {
	case "NOT_FOUND", "INVALID_ARGUMENT", "UNREGISTERED": // the token is dead or malformed
		res.Remove = true
	default: // INTERNAL, RESOURCE_EXHAUSTED, TOO_MANY_TOPICS, ...
		res.Retry, res.RetryAfter = true, DefaultRetryAfter
	}
	return res
}

// TopicError is a topic management call that failed as a whole; none of its
// tokens has a result.
type TopicError struct {
	Op     string // "subscribe" or "unsubscribe"
	Topic  string
	Tokens int // tokens in the failed call
	// Retry: transient (unavailable, internal, quota, timeout); call again
	// after RetryAfter. Otherwise (credentials, a bad request) retrying will
	// not help.
	Retry      bool
	RetryAfter time.Duration
	Err        error // the SDK's error, for errorutils.IsUnavailable and the like
}

func (e *TopicError) Error() string {
	return fmt.Sprintf("fcm: unable to %s %d tokens (topic %q): %v", e.Op, e.Tokens, e.Topic, e.Err)
}

func (e *TopicError) Unwrap() error { return e.Err }

// iidHost is the Instance ID API host the SDK sends topic management to.
const iidHost = "iid.googleapis.com"

// iidRewrite sends requests for iidHost to target instead, keeping their
// path (under target's path) and query.
type iidRewrite struct {
	target *url.URL
	base   http.RoundTripper // nil: http.DefaultTransport
}

func (t *iidRewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	if !strings.EqualFold(req.URL.Hostname(), iidHost) {
		return base.RoundTrip(req)
	}
	u := *req.URL
	u.Scheme, u.Host, u.User = t.target.Scheme, t.target.Host, t.target.User
	u.Path, u.RawPath = t.target.Path+req.URL.Path, ""
	r := req.Clone(req.Context())
	r.URL, r.Host = &u, u.Host
	return base.RoundTrip(r)
}
