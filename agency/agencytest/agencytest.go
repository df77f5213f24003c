// Package agencytest helps tests drive the agency simulators: a clock the
// test moves, and SNILS numbers with a valid check sum around a chosen body
// (the body's ending picks the simulated SFR's answer).
package agencytest

import (
	"fmt"
	"sync"
	"time"
)

// Clock is a fake clock for the simulators; pass its Now method. It is safe
// for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// SNILS returns the 11-digit SNILS made of the 9-digit body and its check
// sum: the digits weigh 9 down to 1; a sum below 100 is the check sum, 100
// and 101 give 00, a larger sum is taken modulo 101 first (a remainder of 100
// gives 00). It panics if body is not 9 digits.
func SNILS(body string) string {
	if len(body) != 9 {
		panic("agencytest: SNILS body must have 9 digits: " + body)
	}
	sum := 0
	for i, r := range body {
		if r < '0' || r > '9' {
			panic("agencytest: SNILS body must have 9 digits: " + body)
		}
		sum += int(r-'0') * (9 - i)
	}
	if sum > 101 {
		sum %= 101
	}
	if sum == 100 || sum == 101 {
		sum = 0
	}
	return fmt.Sprintf("%s%02d", body, sum)
}
