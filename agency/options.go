package agency

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"time"
)

// Latencies of the verification simulators.
const (
	// DefaultLatency is how long a check takes when CheckOptions.Latency is zero.
	DefaultLatency = 2 * time.Minute
	// SlowLatency is how long the "slow" inputs take (see the package doc),
	// whatever the configured latency.
	SlowLatency = time.Hour
)

// CheckOptions configure a verification simulator (SFR, MVD).
type CheckOptions struct {
	// Latency is how long after submission an ordinary check is answered.
	// Zero means DefaultLatency; a negative value answers at once.
	Latency time.Duration
	// FailureRate, from 0 to 1, is the share of requests whose submission
	// fails with ErrUnavailable. Which requests fail is decided by a hash of
	// the request, so the same request always fails the same way (see
	// FailureWindow).
	FailureRate float64
	// FailureWindow, when positive, mixes the clock's current window of this
	// length into the hash: a request that fails now may pass in a later
	// window, like an outage that ends. Zero: the same request always fails.
	FailureWindow time.Duration
}

func (o CheckOptions) latency() time.Duration {
	switch {
	case o.Latency == 0:
		return DefaultLatency
	case o.Latency < 0:
		return 0
	}
	return o.Latency
}

// SendOptions configure a message simulator (SMS, email, post).
type SendOptions struct {
	// FailureRate and FailureWindow work as in CheckOptions: the message
	// (recipient and text) decides whether sending fails with ErrUnavailable.
	FailureRate   float64
	FailureWindow time.Duration
}

// faults decides deterministically which requests fail.
type faults struct {
	rate   float64
	window time.Duration
}

func newFaults(rate float64, window time.Duration) faults {
	if math.IsNaN(rate) || rate < 0 {
		rate = 0
	}
	return faults{rate: min(rate, 1), window: window}
}

// fails reports whether the request made of parts fails at now. parts should
// start with the agency's name so that agencies fail independently.
func (f faults) fails(now time.Time, parts ...string) bool {
	if f.rate <= 0 {
		return false
	}
	if f.rate >= 1 {
		return true
	}
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	if f.window > 0 {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(now.UnixNano()/int64(f.window)))
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	// 53 random bits as a float in [0, 1).
	x := float64(binary.BigEndian.Uint64(sum[:8])>>11) / (1 << 53)
	return x < f.rate
}

func clockOrNow(clock func() time.Time) func() time.Time {
	if clock == nil {
		return time.Now
	}
	return clock
}
