package agency_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/identity"
)

func mustDebts(t *testing.T, f agency.FNS, inn string) []agency.TaxDebt {
	t.Helper()
	ds, err := f.TaxDebts(context.Background(), inn)
	if err != nil {
		t.Fatalf("tax debts: %v", err)
	}
	return ds
}

// findDebt returns an INN with a debt that match accepts, scanning serials.
func findDebt(t *testing.T, f agency.FNS, match func(agency.TaxDebt) bool) (string, agency.TaxDebt) {
	t.Helper()
	for i := range 2000 {
		inn := agency.PersonalINN(fmt.Sprintf("7712%06d", 400001+i))
		for _, d := range mustDebts(t, f, inn) {
			if match(d) {
				return inn, d
			}
		}
	}
	t.Fatal("no INN with such a debt")
	return "", agency.TaxDebt{}
}

func TestFNSTaxDebtsAndAccount(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	fns := agency.NewFNSSimulator(clock.Now, nil, agency.FNSOptions{})
	other := agency.NewFNSSimulator(clock.Now, nil, agency.FNSOptions{})
	kinds := map[agency.TaxKind]int{}
	var debts int
	for i := range 200 {
		inn := agency.PersonalINN(fmt.Sprintf("7712%06d", 500001+i))
		ds := mustDebts(t, fns, inn)
		if diff := cmp.Diff(ds, mustDebts(t, other, inn)); diff != "" {
			t.Fatalf("another simulator answers otherwise:\n%s", diff)
		}
		acct, err := fns.TaxAccount(ctx, inn)
		if err != nil {
			t.Fatal(err)
		}
		if acct.INN != inn {
			t.Fatalf("account of %s for %s", acct.INN, inn)
		}
		for j, d := range ds {
			debts++
			kinds[d.Kind]++
			if !validUIN(d.UIN) || len(d.UIN) != 20 || !strings.HasPrefix(d.UIN, "182") {
				t.Fatalf("UIN %q", d.UIN)
			}
			if d.Paid || d.AmountKopecks <= 0 || d.AmountKopecks%100 != 0 || d.PenaltyKopecks <= 0 {
				t.Fatalf("debt %+v: want unpaid, whole roubles, with a penalty", d)
			}
			if want := time.Date(d.Period+1, time.December, 1, 0, 0, 0, 0, d.DueDate.Location()); !d.DueDate.Equal(want) || !d.DueDate.Before(t0) {
				t.Fatalf("period %d due %v", d.Period, d.DueDate)
			}
			if j > 0 && d.Period > ds[j-1].Period {
				t.Fatal("debts not newest period first")
			}
			if d.Kind == agency.TaxTransport && !transportMatches(acct, d.AmountKopecks) {
				t.Fatalf("transport tax %d matches no vehicle of %+v", d.AmountKopecks, acct.Vehicles)
			}
			if d.Kind == agency.TaxProperty && len(acct.RealEstate) == 0 || d.Kind == agency.TaxLand && len(acct.Land) == 0 {
				t.Fatalf("%s tax without such an object: %+v", d.Kind, acct)
			}
		}
	}
	for _, k := range []agency.TaxKind{agency.TaxProperty, agency.TaxLand, agency.TaxTransport, agency.TaxPersonalIncome} {
		if kinds[k] == 0 {
			t.Fatalf("no %s debt among %d: %v", k, debts, kinds)
		}
	}
	t.Run("serial ending in 00 has no debts", func(t *testing.T) {
		for i := range 20 {
			if ds := mustDebts(t, fns, agency.PersonalINN(fmt.Sprintf("77120%03d00", 1+i))); len(ds) != 0 {
				t.Fatalf("got %+v", ds)
			}
		}
	})
}

// transportMatches reports whether kopecks is the Moscow transport tax of
// one of the account's vehicles.
func transportMatches(a agency.TaxAccount, kopecks int64) bool {
	for _, v := range a.Vehicles {
		rate := int64(150)
		for _, r := range []struct{ upTo, rate int }{{100, 12}, {125, 25}, {150, 35}, {175, 45}, {200, 50}, {225, 65}, {250, 75}} {
			if v.EnginePowerHP <= r.upTo {
				rate = int64(r.rate)
				break
			}
		}
		if int64(v.EnginePowerHP)*rate*100 == kopecks {
			return true
		}
	}
	return false
}

func TestFNSDebtsAppearAfterTheDueDate(t *testing.T) {
	clock := agencytest.NewClock(time.Date(2027, time.January, 10, 9, 0, 0, 0, time.UTC))
	fns := agency.NewFNSSimulator(clock.Now, nil, agency.FNSOptions{})
	inn, _ := findDebt(t, fns, func(d agency.TaxDebt) bool { return d.Period == 2025 })
	count := func(at time.Time) int {
		clock.Set(at)
		n := 0
		for _, d := range mustDebts(t, fns, inn) {
			if d.Period == 2025 {
				n++
			}
		}
		return n
	}
	msk := time.FixedZone("MSK", 3*60*60)
	if n := count(time.Date(2026, time.December, 1, 23, 59, 0, 0, msk)); n != 0 {
		t.Fatalf("%d debts for 2025 on the due date", n)
	}
	if n := count(time.Date(2026, time.December, 2, 0, 0, 0, 0, msk)); n == 0 {
		t.Fatal("no debt for 2025 the day after the due date")
	}
}

func TestFNSPenaltyGrowsUntilPaid(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	gmp := agency.NewGISGMPSimulator(clock.Now, agency.LookupOptions{})
	fns := agency.NewFNSSimulator(clock.Now, gmp, agency.FNSOptions{})
	inn, d := findDebt(t, fns, func(d agency.TaxDebt) bool { return d.Period == 2024 })
	find := func() agency.TaxDebt {
		t.Helper()
		for _, got := range mustDebts(t, fns, inn) {
			if got.UIN == d.UIN {
				return got
			}
		}
		t.Fatalf("debt %s gone", d.UIN)
		return agency.TaxDebt{}
	}
	// 1/300 of 16% a day since 2 December 2025.
	days := int64(t0.Sub(time.Date(2025, time.December, 2, 0, 0, 0, 0, time.FixedZone("MSK", 3*60*60))) / (24 * time.Hour))
	if want := d.AmountKopecks * days * 16 / 30000; d.PenaltyKopecks != want {
		t.Fatalf("penalty %d after %d days on %d, want %d", d.PenaltyKopecks, days, d.AmountKopecks, want)
	}
	clock.Advance(30 * 24 * time.Hour)
	later := find()
	if later.PenaltyKopecks <= d.PenaltyKopecks {
		t.Fatalf("penalty %d a month later, was %d", later.PenaltyKopecks, d.PenaltyKopecks)
	}
	report := func(id string, kopecks int64) {
		t.Helper()
		if _, err := gmp.ReportPayment(ctx, agency.PaymentReport{PaymentID: id, UIN: d.UIN, AmountKopecks: kopecks, PaidAt: clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	report("tax-1", later.AmountKopecks)
	if got := find(); got.Paid {
		t.Fatal("paid without the penalty")
	}
	report("tax-2", later.PenaltyKopecks)
	paid := find()
	if !paid.Paid || !paid.PaidAt.Equal(clock.Now()) || paid.PenaltyKopecks != later.PenaltyKopecks {
		t.Fatalf("got %+v, want paid now with the penalty of now", paid)
	}
	clock.Advance(60 * 24 * time.Hour)
	if got := find(); got.PenaltyKopecks != paid.PenaltyKopecks || !got.Paid {
		t.Fatalf("after payment the penalty moved: %+v", got)
	}
}

func TestFNSInvalidINN(t *testing.T) {
	fns := agency.NewFNSSimulator(nil, nil, agency.FNSOptions{})
	for _, inn := range []string{"", "7707083893" /* an organisation's */, "500100732258", "50010073225"} {
		t.Run(inn, func(t *testing.T) {
			_, err := fns.TaxDebts(context.Background(), inn)
			var fe *identity.FieldError
			if !errors.Is(err, agency.ErrInvalidRequest) || !errors.As(err, &fe) {
				t.Fatalf("debts: got %v, want ErrInvalidRequest with a FieldError", err)
			}
			if _, err := fns.TaxAccount(context.Background(), inn); !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("account: got %v", err)
			}
		})
	}
}

func TestFNSFindINN(t *testing.T) {
	ctx := context.Background()
	fns := agency.NewFNSSimulator(nil, nil, agency.FNSOptions{})
	find := func(q agency.INNQuery) (string, bool) {
		t.Helper()
		inn, found, err := fns.FindINN(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return inn, found
	}
	inn, found := find(innQuery("4508", "123456"))
	if !found || !validINN(inn) || !strings.HasPrefix(inn, "45") {
		t.Fatalf("got %q %v, want a valid INN of region 45", inn, found)
	}
	if _, err := identity.ParsePersonalINN(inn); err != nil {
		t.Fatal(err)
	}
	t.Run("the same person has the same INN", func(t *testing.T) {
		q := innQuery(" 45 08", "123 456")
		q.LastName, q.FirstName, q.Patronymic = "  ИВАНОВ ", "иван", "Иванович"
		if again, _ := find(q); again != inn {
			t.Fatalf("got %s, want %s", again, inn)
		}
		if other, _, _ := agency.NewFNSSimulator(nil, nil, agency.FNSOptions{}).FindINN(ctx, innQuery("4508", "123456")); other != inn {
			t.Fatalf("another simulator: %s", other)
		}
		if other, _ := find(innQuery("4508", "123457")); other == inn {
			t.Fatal("another person has the same INN")
		}
	})
	t.Run("ё is е", func(t *testing.T) {
		a := innQuery("4508", "223456")
		a.LastName = "Королёв"
		b := a
		b.LastName = "Королев"
		if x, _ := find(a); x != must1(find(b)) {
			t.Fatal("Королёв and Королев differ")
		}
	})
	for _, number := range []string{"123410", "123411", "123412"} {
		t.Run("number ending "+number[4:]+" has no INN", func(t *testing.T) {
			if inn, found := find(innQuery("4508", number)); found || inn != "" {
				t.Fatalf("got %q %v", inn, found)
			}
		})
	}
	t.Run("INNs are never special", func(t *testing.T) {
		for i := range 300 {
			inn, found := find(innQuery("7700", fmt.Sprintf("%06d", 300001+i)))
			if !found {
				continue
			}
			if s := inn[4:10]; s == "000000" || s == "999999" {
				t.Fatalf("INN %s is a special one", inn)
			}
		}
	})
	t.Run("invalid requests", func(t *testing.T) {
		for name, change := range map[string]func(*agency.INNQuery){
			"no last name":          func(q *agency.INNQuery) { q.LastName = " " },
			"no first name":         func(q *agency.INNQuery) { q.FirstName = "" },
			"no birth date":         func(q *agency.INNQuery) { q.BirthDate = time.Time{} },
			"series of 3 digits":    func(q *agency.INNQuery) { q.PassportSeries = "450" },
			"number with a letter":  func(q *agency.INNQuery) { q.PassportNumber = "12345A" },
			"number of 7 digits":    func(q *agency.INNQuery) { q.PassportNumber = "1234567" },
			"series with a letter":  func(q *agency.INNQuery) { q.PassportSeries = "45О8" },
			"empty passport fields": func(q *agency.INNQuery) { q.PassportSeries, q.PassportNumber = "", "" },
		} {
			q := innQuery("4508", "123456")
			change(&q)
			if _, _, err := fns.FindINN(ctx, q); !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("%s: find: %v", name, err)
			}
			if _, err := fns.ApplyForINN(ctx, q); !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("%s: apply: %v", name, err)
			}
		}
	})
}

func must1(s string, _ bool) string { return s }

func TestFNSINNApplication(t *testing.T) {
	ctx := context.Background()
	pending := agency.INNApplicationResult{State: agency.StatePending, Message: "Запрос обрабатывается", MessageEn: "The request is being processed"}
	existing, _, err := agency.NewFNSSimulator(nil, nil, agency.FNSOptions{}).FindINN(ctx, innQuery("4508", "123456"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		series, number string
		never          bool
		reason         agency.Reason
		inn            string // "new": a valid INN other than FindINN's
	}{
		{name: "a person with an INN gets it", series: "4508", number: "123456", inn: existing},
		{name: "number ending 10 gets a new INN", series: "4508", number: "123410", inn: "new"},
		{name: "number ending 11 is rejected", series: "4508", number: "123411", reason: agency.ReasonPassportNotConfirmed},
		{name: "number ending 12 is never answered", series: "4508", number: "123412", never: true},
		{name: "series 9999 is never answered", series: "9999", number: "123456", never: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			fns := agency.NewFNSSimulator(clock.Now, nil, agency.FNSOptions{Application: agency.CheckOptions{Latency: 10 * time.Minute}})
			ticket, err := fns.ApplyForINN(ctx, innQuery(tc.series, tc.number))
			if err != nil {
				t.Fatal(err)
			}
			result := func() agency.INNApplicationResult {
				t.Helper()
				r, err := fns.INNApplication(ctx, ticket)
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			if tc.never {
				clock.Advance(365 * 24 * time.Hour)
				if got := result(); got != pending {
					t.Fatalf("a year later: %+v", got)
				}
				return
			}
			clock.Set(t0.Add(10*time.Minute - time.Millisecond))
			if got := result(); got != pending || got.Done() {
				t.Fatalf("before the latency: %+v", got)
			}
			clock.Set(t0.Add(10 * time.Minute))
			got := result()
			if !got.Done() || !got.AnsweredAt.Equal(t0.Add(10*time.Minute)) || got.Message == "" || got.MessageEn == "" {
				t.Fatalf("after the latency: %+v", got)
			}
			switch {
			case tc.reason != "":
				if got.State != agency.StateRejected || got.Reason != tc.reason || got.INN != "" {
					t.Fatalf("got %+v, want rejected %s", got, tc.reason)
				}
			case tc.inn == "new":
				if got.State != agency.StateConfirmed || !validINN(got.INN) || got.INN == existing {
					t.Fatalf("got %+v, want a new INN", got)
				}
			default:
				if got.State != agency.StateConfirmed || got.INN != tc.inn {
					t.Fatalf("got %+v, want INN %s", got, tc.inn)
				}
			}
			// Any simulator answers the ticket.
			other := agency.NewFNSSimulator(clock.Now, nil, agency.FNSOptions{})
			if again, err := other.INNApplication(ctx, ticket); err != nil || again != got {
				t.Fatalf("another simulator: %+v, %v", again, err)
			}
		})
	}
	t.Run("the ticket holds no personal data", func(t *testing.T) {
		fns := agency.NewFNSSimulator(agencytest.NewClock(t0).Now, nil, agency.FNSOptions{})
		ticket, err := fns.ApplyForINN(ctx, innQuery("4508", "123456"))
		if err != nil {
			t.Fatal(err)
		}
		if s := string(ticket); strings.Contains(s, "123456") || strings.Contains(s, existing) {
			t.Fatalf("ticket %s", s)
		}
	})
	t.Run("series 0000 is unavailable", func(t *testing.T) {
		fns := agency.NewFNSSimulator(agencytest.NewClock(t0).Now, nil, agency.FNSOptions{})
		if _, err := fns.ApplyForINN(ctx, innQuery("0000", "123456")); !errors.Is(err, agency.ErrUnavailable) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("failure rate", func(t *testing.T) {
		fns := agency.NewFNSSimulator(agencytest.NewClock(t0).Now, nil, agency.FNSOptions{Application: agency.CheckOptions{FailureRate: 0.5}})
		fails := 0
		for i := range 100 {
			q := innQuery("4508", fmt.Sprintf("%06d", 500001+i))
			_, err := fns.ApplyForINN(ctx, q)
			if err != nil && !errors.Is(err, agency.ErrUnavailable) {
				t.Fatal(err)
			}
			if _, again := fns.ApplyForINN(ctx, q); (err == nil) != (again == nil) {
				t.Fatalf("request %d: %v, then %v", i, err, again)
			}
			if err != nil {
				fails++
			}
		}
		if fails < 30 || fails > 70 {
			t.Fatalf("%d of 100 failed with rate 0.5", fails)
		}
	})
	t.Run("unknown tickets", func(t *testing.T) {
		fns := agency.NewFNSSimulator(nil, nil, agency.FNSOptions{})
		sfrTicket, err := agency.NewSFRSimulator(nil, agency.CheckOptions{}).SubmitPersonCheck(ctx, person("112233445"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range []agency.Ticket{"", "garbage", sfrTicket} {
			if _, err := fns.INNApplication(ctx, tk); !errors.Is(err, agency.ErrUnknownTicket) {
				t.Fatalf("%q: got %v", tk, err)
			}
		}
	})
}
