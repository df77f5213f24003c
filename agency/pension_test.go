package agency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func pensionQuery(body string, born time.Time) agency.PensionQuery {
	return agency.PensionQuery{SNILS: agencytest.SNILS(body), LastName: "Иванова", FirstName: "Мария", Patronymic: "Петровна", BirthDate: born}
}

func TestPensionStatementRules(t *testing.T) {
	ctx := context.Background()
	born := time.Date(1975, time.May, 17, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		body    string
		readyIn time.Duration // 0: never
		reason  agency.Reason
		empty   bool
	}{
		{name: "ordinary SNILS is answered after the latency", body: "112233445", readyIn: 5 * time.Minute},
		{name: "body ending 000 is a name mismatch", body: "123456000", readyIn: 5 * time.Minute, reason: agency.ReasonNameMismatch},
		{name: "body ending 002 has no record", body: "123456002", readyIn: 5 * time.Minute, empty: true},
		{name: "body ending 998 takes an hour", body: "123456998", readyIn: time.Hour},
		{name: "body ending 999 is never answered", body: "123456999"},
	}
	pending := agency.PensionResult{State: agency.StatePending, Message: "Запрос обрабатывается", MessageEn: "The request is being processed"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			sfr := agency.NewSFRSimulator(clock.Now, agency.CheckOptions{Latency: 5 * time.Minute})
			ticket, err := sfr.RequestPensionStatement(ctx, pensionQuery(tc.body, born))
			if err != nil {
				t.Fatal(err)
			}
			result := func() agency.PensionResult {
				t.Helper()
				r, err := sfr.PensionStatement(ctx, ticket)
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			if tc.readyIn == 0 {
				clock.Advance(365 * 24 * time.Hour)
				if got := result(); !cmp.Equal(got, pending) {
					t.Fatalf("a year later: %+v", got)
				}
				return
			}
			clock.Set(t0.Add(tc.readyIn - time.Millisecond))
			if got := result(); !cmp.Equal(got, pending) || got.Done() {
				t.Fatalf("before the latency: %+v", got)
			}
			clock.Set(t0.Add(tc.readyIn))
			got := result()
			if !got.Done() || !got.AnsweredAt.Equal(t0.Add(tc.readyIn)) || got.Message == "" || got.MessageEn == "" {
				t.Fatalf("at the ready time: %+v", got)
			}
			if tc.reason != "" {
				if got.State != agency.StateRejected || got.Reason != tc.reason || got.Statement != nil {
					t.Fatalf("got %+v, want rejected %s", got, tc.reason)
				}
				return
			}
			if got.State != agency.StateConfirmed || got.Statement == nil {
				t.Fatalf("got %+v, want a statement", got)
			}
			st := got.Statement
			if tc.empty != (len(st.Contributions) == 0) || tc.empty && (st.IPK != 0 || st.InsuranceYears+st.InsuranceMonths+st.InsuranceDays != 0) {
				t.Fatalf("statement %+v", st)
			}
			other := agency.NewSFRSimulator(clock.Now, agency.CheckOptions{})
			again, err := other.PensionStatement(ctx, ticket)
			if err != nil || !cmp.Equal(again, got) {
				t.Fatalf("another simulator answers otherwise: %v\n%s", err, cmp.Diff(got, again))
			}
		})
	}
}

func statementOf(t *testing.T, body string, born time.Time) *agency.PensionStatement {
	t.Helper()
	ctx := context.Background()
	sfr := agency.NewSFRSimulator(agencytest.NewClock(t0).Now, agency.CheckOptions{Latency: -1})
	ticket, err := sfr.RequestPensionStatement(ctx, pensionQuery(body, born))
	if err != nil {
		t.Fatal(err)
	}
	r, err := sfr.PensionStatement(ctx, ticket)
	if err != nil || r.Statement == nil {
		t.Fatalf("got %+v, %v", r, err)
	}
	return r.Statement
}

func TestPensionStatementIsConsistent(t *testing.T) {
	bodies := []string{"112233445", "200300400", "345678912", "987654321", "111222333", "555666777"}
	for _, body := range bodies {
		for _, year := range []int{1962, 1975, 1990, 2003} {
			born := time.Date(year, time.March, 3, 0, 0, 0, 0, time.UTC)
			st := statementOf(t, body, born)
			if year < 1990 && len(st.Contributions) == 0 {
				t.Fatalf("born %d: no record", year)
			}
			var months, days int
			years := map[int]bool{}
			var prevTo time.Time
			for _, c := range st.Contributions {
				years[c.Year] = true
				if c.From.Year() != c.Year || c.To.Year() != c.Year || c.To.Before(c.From) || !c.From.After(prevTo) {
					t.Fatalf("period %v-%v of %d after %v", c.From, c.To, c.Year, prevTo)
				}
				if c.From.Before(born.AddDate(18, 0, 0)) || c.Year >= t0.Year() {
					t.Fatalf("born %v, worked in %d", born, c.Year)
				}
				if c.AmountKopecks <= 0 || c.Employer.Name == "" || !validINN(c.Employer.INN) || len(c.Employer.INN) != 10 {
					t.Fatalf("contribution %+v", c)
				}
				prevTo = c.To
				m, d := monthsDays(c.From, c.To)
				months, days = months+m, days+d
			}
			if year == 2003 && len(years) > 5 {
				t.Fatalf("born %d: contributions in %d years", year, len(years))
			}
			months += days / 30
			if st.InsuranceYears != months/12 || st.InsuranceMonths != months%12 || st.InsuranceDays != days%30 {
				t.Fatalf("record %dy %dm %dd, contributions give %dy %dm %dd",
					st.InsuranceYears, st.InsuranceMonths, st.InsuranceDays, months/12, months%12, days%30)
			}
			if full := st.InsuranceYears; full > len(years) || len(years) > full+1 {
				t.Fatalf("%d years of record over %d years with contributions", full, len(years))
			}
			if st.IPK < 0 || st.IPK > int64(len(years))*10_000 || len(years) > 0 && st.IPK == 0 {
				t.Fatalf("IPK %d over %d years", st.IPK, len(years))
			}
		}
	}
	t.Run("the same SNILS gives the same statement", func(t *testing.T) {
		born := time.Date(1980, time.July, 1, 0, 0, 0, 0, time.UTC)
		if diff := cmp.Diff(statementOf(t, "112233445", born), statementOf(t, "112233445", born)); diff != "" {
			t.Fatal(diff)
		}
		if cmp.Equal(statementOf(t, "112233445", born), statementOf(t, "112233446", born)) {
			t.Fatal("two SNILS have the same statement")
		}
	})
}

// monthsDays counts a period from its first to its last day as whole
// months and the days left.
func monthsDays(from, to time.Time) (int, int) {
	end := to.AddDate(0, 0, 1)
	m := 0
	for !from.AddDate(0, m+1, 0).After(end) {
		m++
	}
	return m, int(end.Sub(from.AddDate(0, m, 0)).Hours() / 24)
}

func TestPensionStatementErrors(t *testing.T) {
	ctx := context.Background()
	born := time.Date(1975, time.May, 17, 0, 0, 0, 0, time.UTC)
	sfr := agency.NewSFRSimulator(agencytest.NewClock(t0).Now, agency.CheckOptions{})
	for name, change := range map[string]func(*agency.PensionQuery){
		"SNILS of 10 digits": func(q *agency.PensionQuery) { q.SNILS = "1122334459" },
		"no last name":       func(q *agency.PensionQuery) { q.LastName = "" },
		"no first name":      func(q *agency.PensionQuery) { q.FirstName = " " },
		"no birth date":      func(q *agency.PensionQuery) { q.BirthDate = time.Time{} },
	} {
		t.Run(name, func(t *testing.T) {
			q := pensionQuery("112233445", born)
			change(&q)
			if _, err := sfr.RequestPensionStatement(ctx, q); !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("got %v", err)
			}
		})
	}
	t.Run("unknown tickets", func(t *testing.T) {
		check, err := sfr.SubmitPersonCheck(ctx, person("112233445"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range []agency.Ticket{"", "garbage", check} {
			if _, err := sfr.PensionStatement(ctx, tk); !errors.Is(err, agency.ErrUnknownTicket) {
				t.Fatalf("%q: got %v", tk, err)
			}
		}
	})
	t.Run("the ticket holds no personal data", func(t *testing.T) {
		q := pensionQuery("112233445", born)
		ticket, err := sfr.RequestPensionStatement(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(ticket), "112233445") {
			t.Fatalf("ticket %s", ticket)
		}
	})
	t.Run("failure rate", func(t *testing.T) {
		failing := agency.NewSFRSimulator(agencytest.NewClock(t0).Now, agency.CheckOptions{FailureRate: 1})
		if _, err := failing.RequestPensionStatement(ctx, pensionQuery("112233445", born)); !errors.Is(err, agency.ErrUnavailable) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("canceled context", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := sfr.RequestPensionStatement(c, pensionQuery("112233445", born)); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	})
}
