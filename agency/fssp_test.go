package agency_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func mustProceedings(t *testing.T, f agency.FSSP, q agency.ProceedingsQuery) []agency.Proceeding {
	t.Helper()
	ps, err := f.Proceedings(context.Background(), q)
	if err != nil {
		t.Fatalf("proceedings: %v", err)
	}
	return ps
}

var proceedingNumber = regexp.MustCompile(`^\d{5,6}/\d{2}/\d{5}-ИП$`)

func TestFSSPProceedings(t *testing.T) {
	clock := agencytest.NewClock(t0)
	fssp := agency.NewFSSPSimulator(clock.Now, nil, agency.LookupOptions{})
	other := agency.NewFSSPSimulator(clock.Now, nil, agency.LookupOptions{})
	subjects := map[string]int{}
	var withAny int
	const people = 300
	for i := range people {
		q := debtor("Петров")
		q.BirthDate = q.BirthDate.AddDate(0, 0, i)
		ps := mustProceedings(t, fssp, q)
		if diff := cmp.Diff(ps, mustProceedings(t, other, q)); diff != "" {
			t.Fatalf("another simulator answers otherwise:\n%s", diff)
		}
		if len(ps) > 0 {
			withAny++
		}
		for j, p := range ps {
			subjects[p.Subject]++
			if !proceedingNumber.MatchString(p.Number) || !strings.Contains(p.Number, "/"+p.RegionCode) {
				t.Fatalf("number %q of region %s", p.Number, p.RegionCode)
			}
			if p.Date.After(t0) || p.AmountOwedKopecks <= 0 || p.Paid {
				t.Fatalf("proceeding %+v", p)
			}
			if !validUIN(p.UIN) || !strings.HasPrefix(p.UIN, "322") {
				t.Fatalf("UIN %q", p.UIN)
			}
			if p.BailiffOffice.Name == "" || p.BailiffOffice.Address == "" {
				t.Fatalf("no office: %+v", p)
			}
			if j > 0 && p.Date.After(ps[j-1].Date) {
				t.Fatal("proceedings not newest first")
			}
			regional := q
			regional.RegionCode = p.RegionCode
			found := false
			for _, r := range mustProceedings(t, fssp, regional) {
				if r.RegionCode != p.RegionCode {
					t.Fatalf("region %s asked, %s returned", p.RegionCode, r.RegionCode)
				}
				found = found || r.Number == p.Number
			}
			if !found {
				t.Fatalf("%s not found in its region", p.Number)
			}
		}
	}
	if withAny < people*10/100 || withAny > people*35/100 {
		t.Fatalf("%d of %d people have proceedings", withAny, people)
	}
	for _, s := range []string{"Штраф ГИБДД", "Задолженность по кредиту", "Налоги и сборы"} {
		if subjects[s] == 0 {
			t.Fatalf("no %q among %v", s, subjects)
		}
	}
}

func TestFSSPDolzhnikovIsADebtor(t *testing.T) {
	fssp := agency.NewFSSPSimulator(agencytest.NewClock(t0).Now, nil, agency.LookupOptions{})
	for _, name := range []string{"Должников", "должникова"} {
		q := debtor(name)
		q.RegionCode = "77"
		ps := mustProceedings(t, fssp, q)
		credit := false
		for _, p := range ps {
			credit = credit || p.Subject == "Задолженность по кредиту"
		}
		if !credit {
			t.Fatalf("%s: no credit proceeding in 77: %+v", name, ps)
		}
	}
}

func TestFSSPProceedingsOpenAndCloseAsTimePasses(t *testing.T) {
	clock := agencytest.NewClock(t0)
	fssp := agency.NewFSSPSimulator(clock.Now, nil, agency.LookupOptions{})
	opened, closed := 0, 0
	for i := range 100 {
		q := debtor("Сидоров")
		q.BirthDate = q.BirthDate.AddDate(0, 0, i)
		clock.Set(t0)
		before := map[string]bool{}
		for _, p := range mustProceedings(t, fssp, q) {
			before[p.Number] = true
		}
		clock.Set(t0.AddDate(1, 0, 0))
		after := map[string]bool{}
		for _, p := range mustProceedings(t, fssp, q) {
			after[p.Number] = true
			if !before[p.Number] {
				opened++
				if !p.Date.After(t0) {
					t.Fatalf("%s of %v appears only a year later", p.Number, p.Date)
				}
			}
		}
		for n := range before {
			if !after[n] {
				closed++
			}
		}
	}
	if opened == 0 || closed == 0 {
		t.Fatalf("in a year %d proceedings opened and %d closed", opened, closed)
	}
}

func TestFSSPPaymentsReduceTheDebt(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	gmp := agency.NewGISGMPSimulator(clock.Now, agency.LookupOptions{})
	fssp := agency.NewFSSPSimulator(clock.Now, gmp, agency.LookupOptions{})
	q := debtor("Должников")
	p := mustProceedings(t, fssp, q)[0]
	find := func() agency.Proceeding {
		t.Helper()
		for _, got := range mustProceedings(t, fssp, q) {
			if got.Number == p.Number {
				return got
			}
		}
		t.Fatal("proceeding gone")
		return agency.Proceeding{}
	}
	if _, err := gmp.ReportPayment(ctx, agency.PaymentReport{PaymentID: "f1", UIN: p.UIN, AmountKopecks: 100_00, PaidAt: t0}); err != nil {
		t.Fatal(err)
	}
	if got := find(); got.AmountOwedKopecks != p.AmountOwedKopecks-100_00 || got.Paid {
		t.Fatalf("owed %d after paying 100 ₽ of %d", got.AmountOwedKopecks, p.AmountOwedKopecks)
	}
	if _, err := gmp.ReportPayment(ctx, agency.PaymentReport{PaymentID: "f2", UIN: p.UIN, AmountKopecks: p.AmountOwedKopecks, PaidAt: t0}); err != nil {
		t.Fatal(err)
	}
	if got := find(); got.AmountOwedKopecks != 0 || !got.Paid || !got.PaidAt.Equal(t0) {
		t.Fatalf("after paying in full: %+v", got)
	}
}

func TestFSSPInvalidRequests(t *testing.T) {
	fssp := agency.NewFSSPSimulator(nil, nil, agency.LookupOptions{})
	for name, change := range map[string]func(*agency.ProceedingsQuery){
		"no last name":         func(q *agency.ProceedingsQuery) { q.LastName = "" },
		"no first name":        func(q *agency.ProceedingsQuery) { q.FirstName = "  " },
		"no birth date":        func(q *agency.ProceedingsQuery) { q.BirthDate = time.Time{} },
		"region of 3 digits":   func(q *agency.ProceedingsQuery) { q.RegionCode = "777" },
		"region 00":            func(q *agency.ProceedingsQuery) { q.RegionCode = "00" },
		"region with a letter": func(q *agency.ProceedingsQuery) { q.RegionCode = "7A" },
	} {
		t.Run(name, func(t *testing.T) {
			q := debtor("Петров")
			change(&q)
			_, err := fssp.Proceedings(context.Background(), q)
			if !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("got %v, want ErrInvalidRequest", err)
			}
		})
	}
}
