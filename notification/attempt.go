package notification

import (
	"context"
	"time"
)

// AttemptStatus is the outcome of one try to deliver a notification to one
// device or contact.
type AttemptStatus string

// Attempt outcomes.
const (
	// AttemptSent: the gateway (FCM, SMS, email) accepted it.
	AttemptSent AttemptStatus = "SENT"
	// AttemptRecorded: no gateway is configured; it was recorded, not sent.
	AttemptRecorded AttemptStatus = "RECORDED"
	// AttemptRetrying: a transient failure (quota, unavailable); tried again later.
	AttemptRetrying AttemptStatus = "RETRYING"
	// AttemptTokenRemoved: the token is unregistered or invalid; the device
	// was forgotten and is not tried again.
	AttemptTokenRemoved AttemptStatus = "TOKEN_REMOVED"
	// AttemptFailed: a permanent failure (the address was refused).
	AttemptFailed AttemptStatus = "FAILED"
)

// Attempt is one try to deliver a notification through one channel to one
// device or contact. A notification shows its attempts, so a citizen or an
// operator sees which phone got it and why another did not.
type Attempt struct {
	NotificationID string
	Channel        PrefChannel
	// Target tells devices and contacts apart without revealing them: the
	// platform and the token's last characters, or a masked phone or email.
	Target string
	Status AttemptStatus
	// Error is the gateway's answer when it was not SENT.
	Error string
	At    time.Time
}

// AttemptRecorder keeps delivery attempts.
type AttemptRecorder interface {
	RecordAttempts(ctx context.Context, attempts []Attempt) error
}

// TokenSuffix is the part of a token shown to people: its last 6 characters.
func TokenSuffix(token string) string {
	if len(token) <= 6 {
		return token
	}
	return token[len(token)-6:]
}

// MaskContact hides most of a phone number or email address:
// +7******4567, i***@example.com.
func MaskContact(c string) string {
	r := []rune(c)
	if at := indexRune(r, '@'); at > 0 {
		return string(r[0]) + "***" + string(r[at:])
	}
	if len(r) <= 6 {
		return c
	}
	out := make([]rune, len(r))
	for i := range r {
		if i < 2 || i >= len(r)-4 {
			out[i] = r[i]
		} else {
			out[i] = '*'
		}
	}
	return string(out)
}

func indexRune(r []rune, c rune) int {
	for i, x := range r {
		if x == c {
			return i
		}
	}
	return -1
}
