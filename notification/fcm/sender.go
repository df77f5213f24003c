package fcm

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Push is one notification as the citizen sees it.
type Push struct {
	ID     string // notification id: collapse key, and "id" in data so the app shows it once
	Title  string
	Body   string
	Link   string // deep link or https URL, "link" in data
	Badge  int    // iOS badge; zero leaves the badge alone
	Data   map[string]string
	Urgent bool          // high priority on Android, apns-priority 10, Urgency high on the web
	TTL    time.Duration // how long FCM keeps it for an offline device; zero is FCM's default
	Locale string        // language of Title and Body, "locale" in data
}

// Result is the outcome for one token.
type Result struct {
	Token string
	OK    bool
	// Remove: the token is unregistered or invalid; delete it and do not retry.
	Remove bool
	// Retry: a transient failure (quota, unavailable, internal); send again
	// after RetryAfter.
	Retry      bool
	RetryAfter time.Duration
	// Recorded: a RecordingSender took it; nothing went to FCM.
	Recorded bool
	Err      string
}

// Sender sends pushes to device tokens and topics, and subscribes devices to
// topics.
type Sender interface {
	// SendToTokens sends p to every token and returns one Result per token,
	// in order. The error is for failures of the whole call (a bad Push, a
	// cancelled context); per-token failures are in the results.
	SendToTokens(ctx context.Context, tokens []string, p Push) ([]Result, error)
	// SendToTopic sends p to a topic ("municipality-<OKTMO>", "region-<code>").
	SendToTopic(ctx context.Context, topic string, p Push) error
	// SubscribeToTopic subscribes tokens to topic and returns one Result per token, in order (OK; Remove for an unregistered or invalid token; Retry for transient failures).
	// The error is for failures of the whole call: an invalid topic
	// (ErrInvalidTopic, before any request), a cancelled context, or a failed
	// request (*TopicError); the results of the tokens before the failed
	// request come with it.
	SubscribeToTopic(ctx context.Context, tokens []string, topic string) ([]Result, error)
	// UnsubscribeFromTopic unsubscribes tokens from topic; its results and
	// errors are those of SubscribeToTopic.
	UnsubscribeFromTopic(ctx context.Context, tokens []string, topic string) ([]Result, error)
}

// TopicBatchSize is the most tokens one topic management call takes (the
// SDK's limit); longer lists are split.
const TopicBatchSize = 1000

// Errors returned before anything is sent.
var (
	ErrInvalidTopic = errors.New("fcm: invalid topic")
	ErrInvalidPush  = errors.New("fcm: invalid push")
)

// topicRE accepts municipality topics by OKTMO (8 or 11 digits) and region
// topics by the two-digit subject code.
var topicRE = regexp.MustCompile(`^(municipality-([0-9]{8}|[0-9]{11})|region-[0-9]{2})$`)

// ValidTopic reports whether topic is one this platform publishes to.
func ValidTopic(topic string) bool { return topicRE.MatchString(topic) }

// MunicipalityTopic is the topic of a municipality by its OKTMO code.
func MunicipalityTopic(oktmo string) string { return "municipality-" + oktmo }

// RegionTopic is the topic of a region by its two-digit code.
func RegionTopic(code string) string { return "region-" + code }

func validateTopic(topic string) error {
	if !ValidTopic(topic) {
		return fmt.Errorf("%w: %q", ErrInvalidTopic, topic)
	}
	return nil
}

func validatePush(p Push) error {
	switch {
	case p.Title == "" && p.Body == "":
		return fmt.Errorf("%w: empty title and body", ErrInvalidPush)
	case p.TTL < 0:
		return fmt.Errorf("%w: negative ttl", ErrInvalidPush)
	case p.Badge < 0:
		return fmt.Errorf("%w: negative badge", ErrInvalidPush)
	case payloadSize(p) > MaxPayload:
		// FCM answers INVALID_ARGUMENT to an oversized message, which would
		// read as a dead token: refuse it here and keep the tokens.
		return fmt.Errorf("%w: payload of %d bytes over FCM's %d", ErrInvalidPush, payloadSize(p), MaxPayload)
	}
	return nil
}

// MaxPayload is FCM's limit on a message's notification and data, in bytes.
const MaxPayload = 4096

func payloadSize(p Push) int {
	n := len(p.ID) + len(p.Title) + len(p.Body) + 2*len(p.Link) + len(p.Locale)
	for k, v := range p.Data {
		n += len(k) + len(v)
	}
	return n
}
