package agency_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

const testUIN = "18810177260310123456"

func report(id, uin string, kopecks int64, at time.Time) agency.PaymentReport {
	return agency.PaymentReport{PaymentID: id, UIN: uin, AmountKopecks: kopecks, PaidAt: at, PayerName: "Иванов Иван Иванович", AcquirerRef: "123456789012"}
}

func TestGISGMPReportIsIdempotent(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	gmp := agency.NewGISGMPSimulator(clock.Now, agency.LookupOptions{})
	id, err := gmp.ReportPayment(ctx, report("pay-1", testUIN, 250_00, t0))
	if err != nil {
		t.Fatal(err)
	}
	if len(id) != 32 || !isAllDigits(id) {
		t.Fatalf("register id %q, want 32 digits", id)
	}
	clock.Advance(time.Hour)
	t.Run("the same payment again returns the same id", func(t *testing.T) {
		again, err := gmp.ReportPayment(ctx, report("pay-1", testUIN, 250_00, t0.Add(time.Minute)))
		if err != nil || again != id {
			t.Fatalf("got %q, %v; want %q", again, err, id)
		}
	})
	t.Run("another UIN under the same id is invalid", func(t *testing.T) {
		if _, err := gmp.ReportPayment(ctx, report("pay-1", "18810177260310999999", 250_00, t0)); !errors.Is(err, agency.ErrInvalidRequest) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("another amount under the same id is invalid", func(t *testing.T) {
		if _, err := gmp.ReportPayment(ctx, report("pay-1", testUIN, 500_00, t0)); !errors.Is(err, agency.ErrInvalidRequest) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("payments are listed once, oldest first", func(t *testing.T) {
		if _, err := gmp.ReportPayment(ctx, report("pay-0", testUIN, 100_00, t0.Add(-time.Hour))); err != nil {
			t.Fatal(err)
		}
		ps, err := gmp.Payments(ctx, testUIN)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].PaymentID != "pay-0" || ps[1].PaymentID != "pay-1" || ps[1].RegisterID != id ||
			!ps[1].RegisteredAt.Equal(t0) || ps[1].PayerName == "" || ps[1].AcquirerRef == "" {
			t.Fatalf("got %+v", ps)
		}
		if ps, _ := gmp.Payments(ctx, "18810177260310000000"); len(ps) != 0 {
			t.Fatalf("payments of another UIN: %+v", ps)
		}
	})
	t.Run("a 25-digit UIN is accepted", func(t *testing.T) {
		if _, err := gmp.ReportPayment(ctx, report("pay-25", "1881017726031012345678901", 100, t0)); err != nil {
			t.Fatal(err)
		}
	})
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func TestGISGMPInvalidReports(t *testing.T) {
	gmp := agency.NewGISGMPSimulator(nil, agency.LookupOptions{})
	for name, r := range map[string]agency.PaymentReport{
		"no payment id":     report(" ", testUIN, 100, t0),
		"UIN of 19 digits":  report("p", testUIN[:19], 100, t0),
		"UIN of 21 digits":  report("p", testUIN+"1", 100, t0),
		"UIN with a letter": report("p", "1881017726031012345A", 100, t0),
		"zero amount":       report("p", testUIN, 0, t0),
		"negative amount":   report("p", testUIN, -100, t0),
		"no payment time":   report("p", testUIN, 100, time.Time{}),
		"an empty report":   {},
		"no UIN":            report("p", "", 100, t0),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := gmp.ReportPayment(context.Background(), r); !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("got %v", err)
			}
		})
	}
	if _, err := gmp.Payments(context.Background(), "123"); !errors.Is(err, agency.ErrInvalidRequest) {
		t.Fatalf("payments of a short UIN: %v", err)
	}
}

func TestGISGMPFailureIsNotRegistered(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	gmp := agency.NewGISGMPSimulator(clock.Now, agency.LookupOptions{FailureRate: 0.5, FailureWindow: time.Minute})
	var failed string
	for i := 0; failed == ""; i++ {
		id := fmt.Sprintf("pay-%d", i)
		if _, err := gmp.ReportPayment(ctx, report(id, testUIN, 100, t0)); errors.Is(err, agency.ErrUnavailable) {
			failed = id
		}
	}
	for _, p := range mustPayments(t, agency.NewGISGMPSimulator(clock.Now, agency.LookupOptions{}), testUIN) {
		if p.PaymentID == failed {
			t.Fatal("a failed report was registered")
		}
	}
	// Retried until the outage ends, it is registered once.
	for w := 0; ; w++ {
		if w > 64 {
			t.Fatal("failed in 64 windows")
		}
		clock.Advance(time.Minute)
		if _, err := gmp.ReportPayment(ctx, report(failed, testUIN, 100, t0)); err == nil {
			break
		}
	}
}

func mustPayments(t *testing.T, g *agency.GISGMPSimulator, uin string) []agency.RegisteredPayment {
	t.Helper()
	ps, err := g.Payments(context.Background(), uin)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestGISGMPIsSafeForConcurrentUse(t *testing.T) {
	ctx := context.Background()
	gmp := agency.NewGISGMPSimulator(agencytest.NewClock(t0).Now, agency.LookupOptions{})
	var wg sync.WaitGroup
	ids := make([]string, 50)
	for i := range 50 {
		wg.Go(func() {
			id, err := gmp.ReportPayment(ctx, report(fmt.Sprintf("pay-%d", i%10), testUIN, 100, t0.Add(time.Duration(i%10)*time.Second)))
			if err != nil {
				t.Error(err)
			}
			ids[i] = id
			_, _ = gmp.Payments(ctx, testUIN)
		})
	}
	wg.Wait()
	for i := range 50 {
		if ids[i] != ids[i%10] {
			t.Fatalf("payment %d registered as %s and %s", i%10, ids[i%10], ids[i])
		}
	}
	if ps := mustPayments(t, gmp, testUIN); len(ps) != 10 {
		t.Fatalf("%d payments registered, want 10", len(ps))
	}
}
