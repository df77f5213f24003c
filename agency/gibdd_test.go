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

func mustFines(t *testing.T, g agency.GIBDD, q agency.FineQuery) []agency.Fine {
	t.Helper()
	fs, err := g.Fines(context.Background(), q)
	if err != nil {
		t.Fatalf("fines: %v", err)
	}
	return fs
}

func licences(from, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("7712%06d", from+i))
	}
	return out
}

func TestGIBDDIsDeterministic(t *testing.T) {
	clock := agencytest.NewClock(t0)
	q := agency.FineQuery{DriverLicences: []string{"77 12 123456"}, VehicleCertificates: []string{"77 УВ 654321"}, Plates: []string{"а 123 вс 77"}}
	a := mustFines(t, agency.NewGIBDDSimulator(clock.Now, nil, agency.LookupOptions{}), q)
	b := mustFines(t, agency.NewGIBDDSimulator(clock.Now, nil, agency.LookupOptions{}), q) // another process
	if len(a) == 0 {
		t.Fatal("no fines for three documents over two years")
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("another simulator answers otherwise (-first, +second):\n%s", diff)
	}
	t.Run("documents are read as identity reads them", func(t *testing.T) {
		c := mustFines(t, agency.NewGIBDDSimulator(clock.Now, nil, agency.LookupOptions{}), agency.FineQuery{
			DriverLicences: []string{"7712123456", "77-12-123456"}, VehicleCertificates: []string{"77УВ654321"}, Plates: []string{"A123BC77"},
		})
		if diff := cmp.Diff(a, c); diff != "" {
			t.Fatalf("(-spaced, +plain):\n%s", diff)
		}
	})
}

func TestGIBDDFines(t *testing.T) {
	clock := agencytest.NewClock(t0)
	g := agency.NewGIBDDSimulator(clock.Now, nil, agency.LookupOptions{})
	amounts := map[string]int64{"12.9.2": 500_00, "12.9.3": 1_500_00, "12.9.6": 2_000_00, "12.12.1": 1_000_00, "12.6": 1_000_00, "12.8.1": 30_000_00}
	noDiscount := map[string]bool{"12.9.6": true, "12.8.1": true, "12.26.1": true, "12.24.1": true}
	uins := map[string]bool{}
	articles := map[string]int{}
	var total, lengths25 int
	check := func(f agency.Fine, kind agency.FineDocumentKind) {
		t.Helper()
		total++
		if !validUIN(f.UIN) || !strings.HasPrefix(f.UIN, "188") {
			t.Fatalf("UIN %q: want 20 or 25 digits from 188 with a right check digit", f.UIN)
		}
		if len(f.UIN) == 25 {
			lengths25++
		}
		if uins[f.UIN] {
			t.Fatalf("UIN %s twice", f.UIN)
		}
		uins[f.UIN] = true
		articles[f.Article]++
		if want, ok := amounts[f.Article]; ok && f.AmountKopecks != want {
			t.Fatalf("article %s costs %d kopecks, want %d", f.Article, f.AmountKopecks, want)
		}
		if f.AmountKopecks <= 0 || f.Description == "" || f.Place == "" || f.Document.Kind != kind {
			t.Fatalf("incomplete fine %+v", f)
		}
		if f.DecisionDate.After(t0) || !f.DecisionDate.After(t0.AddDate(-2, 0, 0)) {
			t.Fatalf("decided %v: not within two years before %v", f.DecisionDate, t0)
		}
		if noDiscount[f.Article] != f.DiscountUntil.IsZero() {
			t.Fatalf("article %s: DiscountUntil %v", f.Article, f.DiscountUntil)
		}
		if !f.DiscountUntil.IsZero() {
			if days := f.DiscountUntil.Sub(f.DecisionDate); days <= 20*24*time.Hour || days > 21*24*time.Hour {
				t.Fatalf("discount ends %v after the decision, want the end of the 20th day", days)
			}
		}
		if camera := kind != agency.FineByDriverLicence; camera != (f.PhotoRef != "") {
			t.Fatalf("%s fine with PhotoRef %q", kind, f.PhotoRef)
		}
	}
	const docs = 100
	for _, tc := range []struct {
		kind agency.FineDocumentKind
		q    func(docs []string) agency.FineQuery
	}{
		{agency.FineByDriverLicence, func(d []string) agency.FineQuery { return agency.FineQuery{DriverLicences: d} }},
		{agency.FineByVehicleCertificate, func(d []string) agency.FineQuery { return agency.FineQuery{VehicleCertificates: d} }},
	} {
		for from := 100001; from < 100001+docs; from += agency.MaxFineDocuments {
			fs := mustFines(t, g, tc.q(licences(from, agency.MaxFineDocuments)))
			for i, f := range fs {
				check(f, tc.kind)
				if i > 0 && f.DecisionDate.After(fs[i-1].DecisionDate) {
					t.Fatal("fines not newest first")
				}
			}
		}
	}
	// About one fine in two months: 12 in two years per document.
	if per := total / (2 * docs); per < 9 || per > 15 {
		t.Fatalf("%d fines for %d documents over two years", total, 2*docs)
	}
	if lengths25 == 0 || lengths25 > total/2 {
		t.Fatalf("%d of %d UINs have 25 digits", lengths25, total)
	}
	for _, a := range []string{"12.9.2", "12.9.3", "12.12.1", "12.16.4", "12.6", "12.15.4"} {
		if articles[a] == 0 {
			t.Fatalf("no fine under %s in %d: %v", a, total, articles)
		}
	}
}

func TestGIBDDNumbersEndingIn00HaveNoFines(t *testing.T) {
	g := agency.NewGIBDDSimulator(agencytest.NewClock(t0).Now, nil, agency.LookupOptions{})
	var q agency.FineQuery
	for i := range agency.MaxFineDocuments / 2 {
		q.DriverLicences = append(q.DriverLicences, fmt.Sprintf("77%02d1234%02d", i, 0))
		q.Plates = append(q.Plates, fmt.Sprintf("А%d00ВС77", 1+i%9))
	}
	if fs := mustFines(t, g, q); len(fs) != 0 {
		t.Fatalf("got %d fines, want none: %+v", len(fs), fs[0])
	}
}

func TestGIBDDNewFinesAppearAsTimePasses(t *testing.T) {
	clock := agencytest.NewClock(t0)
	g := agency.NewGIBDDSimulator(clock.Now, nil, agency.LookupOptions{})
	q := agency.FineQuery{DriverLicences: licences(200001, 10)}
	known := map[string]agency.Fine{}
	for _, f := range mustFines(t, g, q) {
		known[f.UIN] = f
	}
	appeared := 0
	for day := 1; day <= 90; day++ {
		prev := clock.Now()
		now := clock.Advance(24 * time.Hour)
		fs := mustFines(t, g, q)
		seen := map[string]bool{}
		for _, f := range fs {
			seen[f.UIN] = true
			if f.DecisionDate.After(now) {
				t.Fatalf("day %d: a fine decided in the future, %v", day, f.DecisionDate)
			}
			if old, ok := known[f.UIN]; ok {
				if !old.DecisionDate.Equal(f.DecisionDate) || old.Article != f.Article {
					t.Fatalf("fine %s changed: %+v, was %+v", f.UIN, f, old)
				}
				continue
			}
			if !f.DecisionDate.After(prev) {
				t.Fatalf("day %d: fine %s decided %v appears only now", day, f.UIN, f.DecisionDate)
			}
			known[f.UIN] = f
			appeared++
		}
		for uin, f := range known {
			if !seen[uin] && f.DecisionDate.After(now.AddDate(-2, 0, 0)) {
				t.Fatalf("day %d: fine %s of %v vanished", day, uin, f.DecisionDate)
			}
		}
	}
	if appeared < 5 || appeared > 30 { // 10 documents, 3 months: about 15
		t.Fatalf("%d new fines in 90 days for 10 documents", appeared)
	}
	t.Run("fines older than two years are gone", func(t *testing.T) {
		clock.Set(t0.AddDate(2, 0, 1))
		for _, f := range mustFines(t, g, q) {
			if known[f.UIN].UIN != "" && !known[f.UIN].DecisionDate.After(t0.AddDate(0, 0, 1)) {
				t.Fatalf("fine of %v still returned two years later", f.DecisionDate)
			}
		}
	})
}

func TestGIBDDPaymentsMarkFinesPaid(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	gmp := agency.NewGISGMPSimulator(clock.Now, agency.LookupOptions{})
	g := agency.NewGIBDDSimulator(clock.Now, gmp, agency.LookupOptions{})
	fresh := func(f agency.Fine) bool {
		return !f.Paid && !f.DiscountUntil.IsZero() && t0.Before(f.DiscountUntil) && f.AmountKopecks >= 1000_00
	}
	f, ok := g.FindFine(agency.FineByPlate, fresh)
	if !ok {
		t.Fatal("no plate with a fresh fine")
	}
	q := agency.FineQuery{Plates: []string{f.Document.Number}}
	find := func() agency.Fine {
		t.Helper()
		for _, got := range mustFines(t, g, q) {
			if got.UIN == f.UIN {
				return got
			}
		}
		t.Fatalf("fine %s not found", f.UIN)
		return agency.Fine{}
	}
	pay := func(id string, kopecks int64, at time.Time) {
		t.Helper()
		if _, err := gmp.ReportPayment(ctx, agency.PaymentReport{PaymentID: id, UIN: f.UIN, AmountKopecks: kopecks, PaidAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("half the amount within the discount period settles it", func(t *testing.T) {
		pay("p1", f.AmountKopecks/2, t0)
		if got := find(); !got.Paid || !got.PaidAt.Equal(t0) {
			t.Fatalf("got Paid %v at %v, want paid at %v", got.Paid, got.PaidAt, t0)
		}
	})

	f, ok = g.FindFine(agency.FineByVehicleCertificate, fresh)
	if !ok {
		t.Fatal("no certificate with a fresh fine")
	}
	q = agency.FineQuery{VehicleCertificates: []string{f.Document.Number}}
	late := f.DiscountUntil.Add(time.Hour)
	clock.Set(late)
	t.Run("half the amount after the discount period does not", func(t *testing.T) {
		pay("p2", f.AmountKopecks/2, late)
		if got := find(); got.Paid {
			t.Fatalf("paid with half the amount after the discount: %+v", got)
		}
	})
	t.Run("the other half does", func(t *testing.T) {
		clock.Advance(time.Minute)
		pay("p3", f.AmountKopecks-f.AmountKopecks/2, late.Add(time.Minute))
		if got := find(); !got.Paid || !got.PaidAt.Equal(late.Add(time.Minute)) {
			t.Fatalf("got %+v, want paid", got)
		}
	})
}

func TestGIBDDOldFinesArePartlyPaidAnyway(t *testing.T) {
	g := agency.NewGIBDDSimulator(agencytest.NewClock(t0).Now, nil, agency.LookupOptions{})
	var old, paid int
	for from := 300001; from < 300101; from += agency.MaxFineDocuments {
		for _, f := range mustFines(t, g, agency.FineQuery{DriverLicences: licences(from, agency.MaxFineDocuments)}) {
			recent := t0.Sub(f.DecisionDate) < 90*24*time.Hour
			if f.Paid && (recent || f.PaidAt.After(t0) || f.PaidAt.Before(f.DecisionDate)) {
				t.Fatalf("fine of %v paid at %v without a payment", f.DecisionDate, f.PaidAt)
			}
			if !recent && t0.Sub(f.DecisionDate) > 91*24*time.Hour {
				old++
				if f.Paid {
					paid++
				}
			}
		}
	}
	if paid < old*20/100 || paid > old*40/100 {
		t.Fatalf("%d of %d old fines paid, want about 30%%", paid, old)
	}
}

func TestGIBDDFindFine(t *testing.T) {
	g := agency.NewGIBDDSimulator(agencytest.NewClock(t0).Now, nil, agency.LookupOptions{})
	for _, kind := range []agency.FineDocumentKind{agency.FineByDriverLicence, agency.FineByVehicleCertificate, agency.FineByPlate} {
		t.Run(string(kind), func(t *testing.T) {
			article := "12.8.1"
			if kind != agency.FineByDriverLicence {
				article = "12.9.6"
			}
			f, ok := g.FindFine(kind, func(f agency.Fine) bool { return f.Article == article && !f.Paid })
			if !ok {
				t.Fatalf("no %s fine under %s", kind, article)
			}
			var q agency.FineQuery
			switch kind {
			case agency.FineByDriverLicence:
				q.DriverLicences = []string{f.Document.Number}
			case agency.FineByVehicleCertificate:
				q.VehicleCertificates = []string{f.Document.Number}
			default:
				q.Plates = []string{f.Document.Number}
			}
			fs := mustFines(t, g, q)
			found := false
			for _, got := range fs {
				found = found || cmp.Equal(got, f)
			}
			if !found {
				t.Fatalf("the fine FindFine gave is not among the document's %d fines", len(fs))
			}
		})
	}
	if _, ok := g.FindFine("PASSPORT", func(agency.Fine) bool { return true }); ok {
		t.Fatal("found a fine for an unknown kind of document")
	}
}

func TestGIBDDInvalidRequests(t *testing.T) {
	g := agency.NewGIBDDSimulator(nil, nil, agency.LookupOptions{})
	tests := []struct {
		name      string
		q         agency.FineQuery
		wantField bool
	}{
		{"no documents", agency.FineQuery{}, false},
		{"licence of 9 characters", agency.FineQuery{DriverLicences: []string{"771212345"}}, true},
		{"certificate with Latin letters that are not look-alikes", agency.FineQuery{VehicleCertificates: []string{"77 QZ 123456"}}, true},
		{"plate with 000", agency.FineQuery{Plates: []string{"А000ВС77"}}, true},
		{"too many documents", agency.FineQuery{DriverLicences: licences(100001, agency.MaxFineDocuments+1)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := g.Fines(context.Background(), tc.q)
			if !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("got %v, want ErrInvalidRequest", err)
			}
			var fe *identity.FieldError
			if errors.As(err, &fe) != tc.wantField {
				t.Fatalf("FieldError in %v: %v, want %v", err, fe, tc.wantField)
			}
		})
	}
	t.Run("duplicates count once", func(t *testing.T) {
		q := agency.FineQuery{DriverLicences: append(licences(100001, agency.MaxFineDocuments), "77 12 100001")}
		if _, err := g.Fines(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	})
}

func TestGIBDDSeries5050IsFinedEveryMondayAndPaysAtHalfPrice(t *testing.T) {
	ctx := context.Background()
	msk := time.FixedZone("MSK", 3*60*60)
	clock := agencytest.NewClock(t0) // Tuesday 10 March 2026, 10:00 in Moscow
	gmp := agency.NewGISGMPSimulator(clock.Now, agency.LookupOptions{})
	g := agency.NewGIBDDSimulator(clock.Now, gmp, agency.LookupOptions{})
	// A number ending in "00" would never be fined otherwise: the series decides.
	q := agency.FineQuery{DriverLicences: []string{"50 50 123400"}, VehicleCertificates: []string{"50 50 654321"}}
	unpaid := func() []agency.Fine {
		t.Helper()
		var out []agency.Fine
		for _, f := range mustFines(t, g, q) {
			if !f.Paid {
				out = append(out, f)
			}
		}
		return out
	}

	fs := mustFines(t, g, q)
	if want := 2 * 104; len(fs) < want || len(fs) > want+2 {
		t.Fatalf("%d fines in two years for two documents, want one a week each (%d)", len(fs), want)
	}
	for _, f := range fs {
		at := f.DecisionDate.In(msk)
		if at.Weekday() != time.Monday || at.Hour() != 0 || at.Minute() != 0 {
			t.Fatalf("fine decided %v, want a Monday at 00:00 in Moscow", at)
		}
		if f.Article != "12.9.2" || f.AmountKopecks != 500_00 || !f.DiscountUntil.Equal(f.DecisionDate.AddDate(0, 0, 21)) {
			t.Fatalf("fine %+v: want 500 ₽ under 12.9.2 with its discount until the end of the 20th day", f)
		}
		if f.Paid != f.PaidAt.Equal(f.DiscountUntil.Add(-time.Hour)) {
			t.Fatalf("fine of %v paid %v at %v, want paid an hour before its discount ends (%v)", at, f.Paid, f.PaidAt, f.DiscountUntil)
		}
	}

	t.Run("its unpaid fines are always within their discount", func(t *testing.T) {
		defer clock.Set(t0)
		// Every hour of a week, and a minute later.
		for i := range 2 * 7 * 24 {
			now := t0.Add(time.Duration(i/2)*time.Hour + time.Duration(i%2)*time.Minute)
			clock.Set(now)
			us := unpaid()
			if len(us) < 4 || len(us) > 6 {
				t.Fatalf("%v: %d unpaid fines for two documents, want two or three each", now, len(us))
			}
			if left := us[0].DiscountUntil.Sub(now); left < 14*24*time.Hour {
				t.Fatalf("%v: the newest fine's discount ends in %v, want 14 days or more", now, left)
			}
			for _, f := range us {
				if !now.Before(f.DiscountUntil.Add(-time.Hour)) {
					t.Fatalf("%v: fine of %v unpaid with its discount ending %v", now, f.DecisionDate, f.DiscountUntil)
				}
			}
		}
	})

	t.Run("the newest fine paid at half price through the register is paid", func(t *testing.T) {
		newest := unpaid()[0]
		if want := time.Date(2026, time.March, 9, 0, 0, 0, 0, msk); !newest.DecisionDate.Equal(want) {
			t.Fatalf("the newest fine is of %v, want this week's Monday %v", newest.DecisionDate, want)
		}
		if _, err := gmp.ReportPayment(ctx, agency.PaymentReport{PaymentID: "p-5050", UIN: newest.UIN, AmountKopecks: 250_00, PaidAt: t0}); err != nil {
			t.Fatal(err)
		}
		us := unpaid()
		if len(us) != 5 {
			t.Fatalf("%d unpaid fines after paying one, want 5", len(us))
		}
		for _, f := range mustFines(t, g, q) {
			if f.UIN == newest.UIN && (!f.Paid || !f.PaidAt.Equal(t0)) {
				t.Fatalf("paid fine %+v: want paid at %v", f, t0)
			}
		}
	})

	t.Run("the next series is drawn as any other", func(t *testing.T) {
		var docs []string
		for i := range agency.MaxFineDocuments {
			docs = append(docs, fmt.Sprintf("5051%06d", 123401+i))
		}
		// About one fine in two months: 12 in two years per document.
		if n := len(mustFines(t, g, agency.FineQuery{VehicleCertificates: docs})); n < len(docs)*2*9/2 || n > len(docs)*2*15/2 {
			t.Fatalf("%d fines for %d certificates over two years", n, len(docs))
		}
	})
}
