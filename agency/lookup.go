package agency

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The synchronous look-ups (GIBDD's fines, FNS's debts, account and INN
// search, FSSP's proceedings, GIS GMP) answer within the call, like the
// agencies' SMEV services with a short deadline. Their simulators share
// LookupOptions and these rules:
//
//	a request that...                  answers
//	is malformed                       ErrInvalidRequest at once
//	has a "down" document (see below)  ErrUnavailable, after the latency
//	has a "hang" document              nothing: it waits until ctx is done, then ErrUnavailable wrapping ctx's error
//	falls in TimeoutRate               as a "hang" document
//	falls in FailureRate               as a "down" document
//	anything else                      the answer, after the latency
//
// The documents that are always down or always hang:
//
//	agency  down                                      hang
//	GIBDD   licence or certificate series "0000"      series "9999"
//	FNS     INN serial (digits 5-10) "000000";        INN serial "999999";
//	        passport series "0000" (FindINN)          passport series "9999" (FindINN)
//	FSSP    last name "Сбоев" or "Сбоева"             last name "Зависов" or "Зависова"
//
// What each simulator answers otherwise is decided by hashes of the request,
// so the same request gets the same answer in any process, and by the clock:
// fines, debts and proceedings appear as it moves.

// LookupOptions configure a synchronous look-up simulator.
type LookupOptions struct {
	// Latency is a real wait before answering, cut short when ctx is done.
	// Zero answers at once.
	Latency time.Duration
	// FailureRate, from 0 to 1, is the share of requests answering
	// ErrUnavailable. A hash of the request decides which, so the same
	// request always fails the same way (see FailureWindow).
	FailureRate float64
	// TimeoutRate, from 0 to 1, is the share of requests that never answer:
	// they wait until ctx is done and return its error wrapped with
	// ErrUnavailable. It is drawn independently of FailureRate, first.
	TimeoutRate float64
	// FailureWindow, when positive, mixes the clock's current window of this
	// length into both draws, like an outage that ends.
	FailureWindow time.Duration
}

// lookup is what the look-up simulators share: the clock, the latency and
// the draws of failures and timeouts.
type lookup struct {
	name     string // the agency, e.g. "gibdd"; prefixes draws and errors
	now      func() time.Time
	latency  time.Duration
	failures faults
	timeouts faults
}

func newLookup(name string, clock func() time.Time, o LookupOptions) lookup {
	return lookup{
		name:     name,
		now:      clockOrNow(clock),
		latency:  max(o.Latency, 0),
		failures: newFaults(o.FailureRate, o.FailureWindow),
		timeouts: newFaults(o.TimeoutRate, o.FailureWindow),
	}
}

// special is how a request's documents decide its fate, before the draws.
type special int

const (
	ordinary special = iota
	down             // always ErrUnavailable
	hang             // never answers
)

// await does what the agency does before answering the request made of
// parts: it checks ctx, hangs or waits the latency, and fails. A nil error
// means answer now; any other is returned as it is.
func (l lookup) await(ctx context.Context, sp special, parts ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := l.now()
	if sp == hang || l.timeouts.fails(now, append([]string{l.name + ".timeout"}, parts...)...) {
		<-ctx.Done()
		return fmt.Errorf("%w: no answer: %w", ErrUnavailable, ctx.Err())
	}
	if l.latency > 0 {
		t := time.NewTimer(l.latency)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: no answer in time: %w", ErrUnavailable, ctx.Err())
		case <-t.C:
		}
	}
	if sp == down || l.failures.fails(now, append([]string{l.name}, parts...)...) {
		return ErrUnavailable
	}
	return nil
}

// seed is a hash of parts, for deterministic draws.
type seed [sha256.Size]byte

func seedOf(parts ...string) seed {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var s seed
	h.Sum(s[:0])
	return s
}

// n returns the i-th draw of the seed in [0, m); i from 0 to 3.
func (s seed) n(i int, m uint64) uint64 {
	return binary.BigEndian.Uint64(s[i*8:]) % m
}

// digits returns n decimal digits drawn from the seed and a label.
func (s seed) digits(label string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		t := seedOf(string(s[:]), label, strconv.Itoa(i))
		for j := range 4 {
			fmt.Fprintf(&b, "%015d", t.n(j, 1e15))
		}
	}
	return b.String()[:n]
}

// UINs (unique accrual identifiers, УИН) have 20 or 25 digits, the last a
// check digit: the digits weigh 1, 2, ..., 10, 1, 2, ... and the sum modulo
// 11 is the check digit; a remainder of 10 gives a second try with weights
// starting at 3, whose remainder of 10 gives 0. The first digits are the
// administrator's code: 188 for the traffic police, 182 for the tax service,
// 322 for the bailiffs.

// withUINCheck appends the check digit to a UIN's first 19 or 24 digits.
func withUINCheck(body string) string {
	sum := func(shift int) int {
		s := 0
		for i, r := range body {
			s += int(r-'0') * ((i+shift)%10 + 1)
		}
		return s % 11
	}
	c := sum(0)
	if c == 10 {
		if c = sum(2); c == 10 {
			c = 0
		}
	}
	return body + strconv.Itoa(c)
}

// validUIN reports whether s is a UIN: 20 or 25 digits (the check digit is
// not verified: the payer's bank does not either).
func validUIN(s string) bool { return isDigits(s, 20) || isDigits(s, 25) }

// withINNCheck appends the check digits to an INN's first 10 digits (an
// individual's 12-digit INN) or first 9 (an organisation's 10-digit one).
func withINNCheck(body string) string {
	digit := func(d string, weights []int) string {
		sum := 0
		for i, w := range weights {
			sum += int(d[i]-'0') * w
		}
		return strconv.Itoa(sum % 11 % 10)
	}
	if len(body) == 9 {
		return body + digit(body, []int{2, 4, 10, 3, 5, 9, 4, 6, 8})
	}
	body += digit(body, []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8})
	return body + digit(body, []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8})
}

// PersonalINN returns the 12-digit INN made of a 10-digit body (2 digits of
// region, 2 of tax office, 6 of serial) and its two check digits; the
// serial picks the FNS simulator's answer (see FNSSimulator). It panics if
// body is not 10 digits.
func PersonalINN(body string) string {
	if !isDigits(body, 10) {
		panic("agency: an INN body has 10 digits: " + body)
	}
	return withINNCheck(body)
}

// paidBy returns when the payments, taken in the order they were made,
// first add up to what is due at that time; ok is false if they never do.
func paidBy(ps []RegisteredPayment, due func(at time.Time) int64) (at time.Time, ok bool) {
	var sum int64
	for _, p := range ps {
		sum += p.AmountKopecks
		if sum >= due(p.PaidAt) {
			return p.PaidAt, true
		}
	}
	return time.Time{}, false
}

// startOfDay is midnight in Moscow of t's day there.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.In(moscow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, moscow)
}
