package agency_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// submitters try one request of each gateway; n varies the request.
var submitters = []struct {
	name string
	try  func(s *agency.Simulators, n int) error
}{
	{"SFR", func(s *agency.Simulators, n int) error {
		_, err := s.SFR.SubmitPersonCheck(context.Background(), person(fmt.Sprintf("%09d", 100000000+n*7)))
		return err
	}},
	{"MVD", func(s *agency.Simulators, n int) error {
		_, err := s.MVD.SubmitDocumentCheck(context.Background(), passport("4508", fmt.Sprintf("%06d", 100001+n)))
		return err
	}},
	{"SMS", func(s *agency.Simulators, n int) error {
		_, err := s.SMS.Send(context.Background(), fmt.Sprintf("+7912%07d", n), "Код: 1234")
		return err
	}},
	{"Email", func(s *agency.Simulators, n int) error {
		_, err := s.Email.Send(context.Background(), fmt.Sprintf("user%d@mail.ru", n), "Код", "Код: 1234")
		return err
	}},
	{"Post", func(s *agency.Simulators, n int) error {
		_, err := s.Post.SendRegisteredLetter(context.Background(), agency.Letter{To: "Иванов И. И.", Address: fmt.Sprintf("Москва, ул. Ленина, д. %d", n), Body: "Код: 123456"})
		return err
	}},
}

func failing(rate float64, window time.Duration) agency.SimOptions {
	c := agency.CheckOptions{FailureRate: rate, FailureWindow: window}
	s := agency.SendOptions{FailureRate: rate, FailureWindow: window}
	return agency.SimOptions{SFR: c, MVD: c, SMS: s, Email: s, Post: s}
}

func TestFailureRateIsDeterministic(t *testing.T) {
	const n = 400
	for _, sub := range submitters {
		t.Run(sub.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			a := agency.NewSimulators(clock.Now, failing(0.3, 0))
			b := agency.NewSimulators(clock.Now, failing(0.3, 0)) // another process
			fails := 0
			for i := range n {
				first := sub.try(a, i)
				if first != nil && !errors.Is(first, agency.ErrUnavailable) {
					t.Fatalf("request %d: %v", i, first)
				}
				clock.Advance(time.Hour)
				for _, again := range []error{sub.try(a, i), sub.try(b, i)} {
					if (first == nil) != (again == nil) {
						t.Fatalf("request %d failed with %v, then %v", i, first, again)
					}
				}
				if first != nil {
					fails++
				}
			}
			if fails < n*20/100 || fails > n*40/100 {
				t.Fatalf("%d of %d failed with rate 0.3", fails, n)
			}
		})
	}
}

func TestFailureRateExtremes(t *testing.T) {
	tests := []struct {
		name     string
		rate     float64
		wantFail bool
	}{
		{"rate 0 never fails", 0, false},
		{"negative rate never fails", -1, false},
		{"rate 1 always fails", 1, true},
		{"rate above 1 always fails", 7, true},
	}
	for _, tc := range tests {
		for _, sub := range submitters {
			t.Run(tc.name+"/"+sub.name, func(t *testing.T) {
				s := agency.NewSimulators(agencytest.NewClock(t0).Now, failing(tc.rate, 0))
				for i := range 50 {
					err := sub.try(s, i)
					if tc.wantFail != errors.Is(err, agency.ErrUnavailable) || (!tc.wantFail && err != nil) {
						t.Fatalf("request %d: %v", i, err)
					}
				}
			})
		}
	}
}

func TestFailureWindowEndsAnOutage(t *testing.T) {
	for _, sub := range submitters {
		t.Run(sub.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			s := agency.NewSimulators(clock.Now, failing(0.5, 10*time.Minute))
			i := 0
			for sub.try(s, i) == nil { // find a request that fails now
				i++
			}
			for range 5 { // within the window it keeps failing
				clock.Advance(time.Minute)
				if err := sub.try(s, i); !errors.Is(err, agency.ErrUnavailable) {
					t.Fatalf("within the window: %v", err)
				}
			}
			clock.Set(t0)
			for w := 1; ; w++ {
				if w > 64 {
					t.Fatal("request failed in 64 windows in a row")
				}
				clock.Advance(10 * time.Minute)
				if sub.try(s, i) == nil {
					break
				}
			}
		})
	}
}
