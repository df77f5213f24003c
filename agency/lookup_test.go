package agency_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// lookups are the synchronous look-up simulators sharing one register.
type lookups struct {
	gibdd *agency.GIBDDSimulator
	fns   *agency.FNSSimulator
	fssp  *agency.FSSPSimulator
	gmp   *agency.GISGMPSimulator
}

func newLookups(clock func() time.Time, o agency.LookupOptions) lookups {
	gmp := agency.NewGISGMPSimulator(clock, o)
	return lookups{
		gibdd: agency.NewGIBDDSimulator(clock, gmp, o),
		fns:   agency.NewFNSSimulator(clock, gmp, agency.FNSOptions{Lookup: o}),
		fssp:  agency.NewFSSPSimulator(clock, gmp, o),
		gmp:   gmp,
	}
}

var born = time.Date(1985, time.May, 17, 0, 0, 0, 0, time.UTC)

func innQuery(series, number string) agency.INNQuery {
	return agency.INNQuery{LastName: "Иванов", FirstName: "Иван", Patronymic: "Иванович", BirthDate: born, PassportSeries: series, PassportNumber: number}
}

func debtor(lastName string) agency.ProceedingsQuery {
	return agency.ProceedingsQuery{LastName: lastName, FirstName: "Иван", Patronymic: "Петрович", BirthDate: born}
}

// lookupCalls try one request of each look-up: call the n-th ordinary one,
// down and hang the documented special ones (nil: none).
var lookupCalls = []struct {
	name       string
	call       func(ctx context.Context, l lookups, n int) error
	down, hang func(ctx context.Context, l lookups) error
}{
	{
		name: "GIBDD fines",
		call: func(ctx context.Context, l lookups, n int) error {
			_, err := l.gibdd.Fines(ctx, agency.FineQuery{DriverLicences: []string{fmt.Sprintf("7712%06d", 100001+n)}})
			return err
		},
		down: func(ctx context.Context, l lookups) error {
			_, err := l.gibdd.Fines(ctx, agency.FineQuery{Plates: []string{"А123ВС77"}, VehicleCertificates: []string{"0000 123456"}})
			return err
		},
		hang: func(ctx context.Context, l lookups) error {
			_, err := l.gibdd.Fines(ctx, agency.FineQuery{DriverLicences: []string{"0000 123456", "99 99 123456"}})
			return err
		},
	},
	{
		name: "FNS tax debts",
		call: func(ctx context.Context, l lookups, n int) error {
			_, err := l.fns.TaxDebts(ctx, agency.PersonalINN(fmt.Sprintf("7712%06d", 100001+n)))
			return err
		},
		down: func(ctx context.Context, l lookups) error {
			_, err := l.fns.TaxDebts(ctx, agency.PersonalINN("7712000000"))
			return err
		},
		hang: func(ctx context.Context, l lookups) error {
			_, err := l.fns.TaxDebts(ctx, agency.PersonalINN("7712999999"))
			return err
		},
	},
	{
		name: "FNS tax account",
		call: func(ctx context.Context, l lookups, n int) error {
			_, err := l.fns.TaxAccount(ctx, agency.PersonalINN(fmt.Sprintf("5001%06d", 100001+n)))
			return err
		},
		down: func(ctx context.Context, l lookups) error {
			_, err := l.fns.TaxAccount(ctx, agency.PersonalINN("5001000000"))
			return err
		},
		hang: func(ctx context.Context, l lookups) error {
			_, err := l.fns.TaxAccount(ctx, agency.PersonalINN("5001999999"))
			return err
		},
	},
	{
		name: "FNS find INN",
		call: func(ctx context.Context, l lookups, n int) error {
			_, _, err := l.fns.FindINN(ctx, innQuery("4508", fmt.Sprintf("%06d", 200001+n)))
			return err
		},
		down: func(ctx context.Context, l lookups) error {
			_, _, err := l.fns.FindINN(ctx, innQuery("0000", "123456"))
			return err
		},
		hang: func(ctx context.Context, l lookups) error {
			_, _, err := l.fns.FindINN(ctx, innQuery("9999", "123456"))
			return err
		},
	},
	{
		name: "FSSP proceedings",
		call: func(ctx context.Context, l lookups, n int) error {
			q := debtor("Петров")
			q.BirthDate = q.BirthDate.AddDate(0, 0, n)
			_, err := l.fssp.Proceedings(ctx, q)
			return err
		},
		down: func(ctx context.Context, l lookups) error {
			_, err := l.fssp.Proceedings(ctx, debtor("сбоева"))
			return err
		},
		hang: func(ctx context.Context, l lookups) error {
			_, err := l.fssp.Proceedings(ctx, debtor("Зависов"))
			return err
		},
	},
	{
		name: "GIS GMP payments",
		call: func(ctx context.Context, l lookups, n int) error {
			_, err := l.gmp.Payments(ctx, fmt.Sprintf("188101%014d", n))
			return err
		},
	},
}

func TestLookupSpecialDocuments(t *testing.T) {
	for _, lc := range lookupCalls {
		if lc.down == nil {
			continue
		}
		l := newLookups(agencytest.NewClock(t0).Now, agency.LookupOptions{})
		t.Run(lc.name+"/down", func(t *testing.T) {
			for range 3 {
				if err := lc.down(context.Background(), l); !errors.Is(err, agency.ErrUnavailable) {
					t.Fatalf("got %v, want ErrUnavailable", err)
				}
			}
		})
		t.Run(lc.name+"/hang returns when ctx is done", func(t *testing.T) {
			// start before the deadline is set: under load the two may be
			// milliseconds apart, and the deadline counts from its setting.
			start := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			err := lc.hang(ctx, l)
			if !errors.Is(err, agency.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want ErrUnavailable and DeadlineExceeded", err)
			}
			if d := time.Since(start); d < 30*time.Millisecond {
				t.Fatalf("returned after %v, before the deadline", d)
			}
		})
		t.Run(lc.name+"/hang ends on cancel", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- lc.hang(ctx, l) }()
			select {
			case err := <-done:
				t.Fatalf("answered before cancel: %v", err)
			case <-time.After(20 * time.Millisecond):
			}
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, agency.ErrUnavailable) || !errors.Is(err, context.Canceled) {
					t.Fatalf("got %v, want ErrUnavailable and Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("still hanging after cancel")
			}
		})
	}
}

func TestLookupFailureRateIsDeterministic(t *testing.T) {
	const n = 300
	for _, lc := range lookupCalls {
		t.Run(lc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			o := agency.LookupOptions{FailureRate: 0.3}
			a, b := newLookups(clock.Now, o), newLookups(clock.Now, o) // b: another process
			fails := 0
			for i := range n {
				first := lc.call(context.Background(), a, i)
				if first != nil && !errors.Is(first, agency.ErrUnavailable) {
					t.Fatalf("request %d: %v", i, first)
				}
				clock.Advance(time.Hour)
				for _, again := range []error{lc.call(context.Background(), a, i), lc.call(context.Background(), b, i)} {
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

func TestLookupTimeoutRate(t *testing.T) {
	const n = 40
	for _, lc := range lookupCalls {
		t.Run(lc.name, func(t *testing.T) {
			t.Parallel()
			l := newLookups(agencytest.NewClock(t0).Now, agency.LookupOptions{TimeoutRate: 0.5})
			try := func(i int) error {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
				defer cancel()
				return lc.call(ctx, l, i)
			}
			hung := 0
			for i := range n {
				err := try(i)
				switch {
				case err == nil:
				case errors.Is(err, agency.ErrUnavailable) && errors.Is(err, context.DeadlineExceeded):
					hung++
				default:
					t.Fatalf("request %d: %v", i, err)
				}
				if again := try(i); (err == nil) != (again == nil) {
					t.Fatalf("request %d: %v, then %v", i, err, again)
				}
			}
			if hung < n*25/100 || hung > n*75/100 {
				t.Fatalf("%d of %d hung with rate 0.5", hung, n)
			}
		})
	}
}

func TestLookupRateExtremes(t *testing.T) {
	for _, lc := range lookupCalls {
		t.Run(lc.name+"/failure rate 1 always fails", func(t *testing.T) {
			l := newLookups(agencytest.NewClock(t0).Now, agency.LookupOptions{FailureRate: 1})
			for i := range 20 {
				if err := lc.call(context.Background(), l, i); !errors.Is(err, agency.ErrUnavailable) {
					t.Fatalf("request %d: %v", i, err)
				}
			}
		})
		t.Run(lc.name+"/timeout rate 1 always hangs", func(t *testing.T) {
			l := newLookups(agencytest.NewClock(t0).Now, agency.LookupOptions{TimeoutRate: 1})
			ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
			defer cancel()
			if err := lc.call(ctx, l, 0); !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, agency.ErrUnavailable) {
				t.Fatalf("got %v", err)
			}
		})
		t.Run(lc.name+"/negative rates never fail", func(t *testing.T) {
			l := newLookups(agencytest.NewClock(t0).Now, agency.LookupOptions{FailureRate: -1, TimeoutRate: -1})
			for i := range 20 {
				if err := lc.call(context.Background(), l, i); err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
			}
		})
	}
}

func TestLookupFailureWindowEndsAnOutage(t *testing.T) {
	for _, lc := range lookupCalls {
		t.Run(lc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			l := newLookups(clock.Now, agency.LookupOptions{FailureRate: 0.5, FailureWindow: 10 * time.Minute})
			i := 0
			for lc.call(context.Background(), l, i) == nil {
				i++
			}
			clock.Advance(5 * time.Minute)
			if err := lc.call(context.Background(), l, i); !errors.Is(err, agency.ErrUnavailable) {
				t.Fatalf("within the window: %v", err)
			}
			for w := 1; lc.call(context.Background(), l, i) != nil; w++ {
				if w > 64 {
					t.Fatal("request failed in 64 windows in a row")
				}
				clock.Advance(10 * time.Minute)
			}
		})
	}
}

func TestLookupLatency(t *testing.T) {
	for _, lc := range lookupCalls {
		t.Run(lc.name, func(t *testing.T) {
			t.Parallel()
			l := newLookups(agencytest.NewClock(t0).Now, agency.LookupOptions{Latency: 40 * time.Millisecond})
			start := time.Now()
			if err := lc.call(context.Background(), l, 1); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d < 40*time.Millisecond {
				t.Fatalf("answered after %v, want at least the latency", d)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
			defer cancel()
			start = time.Now()
			err := lc.call(ctx, l, 1)
			if !errors.Is(err, agency.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("deadline within the latency: got %v", err)
			}
			if d := time.Since(start); d > 35*time.Millisecond {
				t.Fatalf("waited %v, past the deadline", d)
			}
		})
	}
}

func TestLookupCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, lc := range lookupCalls {
		t.Run(lc.name, func(t *testing.T) {
			err := lc.call(ctx, newLookups(nil, agency.LookupOptions{}), 0)
			if !errors.Is(err, context.Canceled) || errors.Is(err, agency.ErrUnavailable) {
				t.Fatalf("got %v, want context.Canceled alone", err)
			}
		})
	}
}

func TestPersonalINN(t *testing.T) {
	for _, body := range []string{"5001007322", "7712000000", "7712999999", "0100000001"} {
		inn := agency.PersonalINN(body)
		if len(inn) != 12 || !strings.HasPrefix(inn, body) || !validINN(inn) {
			t.Fatalf("PersonalINN(%s) = %s", body, inn)
		}
	}
	if got := agency.PersonalINN("5001007322"); got != "500100732259" { // the example identity's messages give
		t.Fatalf("PersonalINN(5001007322) = %s, want 500100732259", got)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a body of 9 digits did not panic")
		}
	}()
	agency.PersonalINN("500100732")
}

// validINN checks a 10- or 12-digit INN's check digits, independently of
// the package.
func validINN(s string) bool {
	digit := func(d string, w []int) byte {
		sum := 0
		for i, x := range w {
			sum += int(d[i]-'0') * x
		}
		return byte(sum%11%10) + '0'
	}
	switch len(s) {
	case 10:
		return s[9] == digit(s, []int{2, 4, 10, 3, 5, 9, 4, 6, 8})
	case 12:
		return s[10] == digit(s, []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) && s[11] == digit(s, []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8})
	}
	return false
}

// validUIN checks a UIN's length, digits and check digit, independently of
// the package.
func validUIN(s string) bool {
	if len(s) != 20 && len(s) != 25 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	body := s[:len(s)-1]
	sum := func(start int) int {
		total := 0
		for i, r := range body {
			total += int(r-'0') * ((start-1+i)%10 + 1)
		}
		return total % 11
	}
	c := sum(1)
	if c == 10 {
		if c = sum(3); c == 10 {
			c = 0
		}
	}
	return int(s[len(s)-1]-'0') == c
}
