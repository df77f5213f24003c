package agency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestSFRRules(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		body    string
		opts    agency.CheckOptions
		readyIn time.Duration // 0: never
		want    agency.Result
	}{
		{
			name: "ordinary SNILS is confirmed after the default latency", body: "112233445",
			readyIn: agency.DefaultLatency,
			want:    agency.Result{State: agency.StateConfirmed, Message: "Данные подтверждены СФР", MessageEn: "The data is confirmed by SFR"},
		},
		{
			name: "ordinary SNILS is confirmed after a configured latency", body: "112233445",
			opts: agency.CheckOptions{Latency: 30 * time.Second}, readyIn: 30 * time.Second,
			want: agency.Result{State: agency.StateConfirmed, Message: "Данные подтверждены СФР", MessageEn: "The data is confirmed by SFR"},
		},
		{
			name: "body ending 000 is a name mismatch", body: "123456000",
			readyIn: agency.DefaultLatency,
			want: agency.Result{State: agency.StateRejected, Reason: agency.ReasonNameMismatch,
				Message: "ФИО не совпадает с данными СНИЛС", MessageEn: "The full name does not match the SNILS records"},
		},
		{
			name: "body ending 001 is a sex or age mismatch", body: "123456001",
			readyIn: agency.DefaultLatency,
			want: agency.Result{State: agency.StateRejected, Reason: agency.ReasonSexOrAgeMismatch,
				Message: "Пол или дата рождения не совпадают с данными СНИЛС", MessageEn: "The sex or date of birth does not match the SNILS records"},
		},
		{
			name: "body ending 998 answers after an hour whatever the latency", body: "123456998",
			opts: agency.CheckOptions{Latency: time.Second}, readyIn: time.Hour,
			want: agency.Result{State: agency.StateConfirmed, Message: "Данные подтверждены СФР", MessageEn: "The data is confirmed by SFR"},
		},
		{
			name: "body ending 999 never answers", body: "123456999",
		},
		{
			name: "only the body counts, not the check sum", body: "100029990", // SNILS 10002999000 ends in 000
			readyIn: agency.DefaultLatency,
			want:    agency.Result{State: agency.StateConfirmed, Message: "Данные подтверждены СФР", MessageEn: "The data is confirmed by SFR"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			sfr := agency.NewSFRSimulator(clock.Now, tc.opts)
			ticket, err := sfr.SubmitPersonCheck(ctx, person(tc.body))
			if err != nil {
				t.Fatalf("submit: %v", err)
			}
			pending := agency.Result{State: agency.StatePending, Message: "Запрос обрабатывается", MessageEn: "The request is being processed"}
			if tc.readyIn == 0 {
				clock.Advance(365 * 24 * time.Hour)
				if got := mustSFR(t, sfr, ticket); got != pending {
					t.Fatalf("a year later: got %+v, want pending", got)
				}
				return
			}
			clock.Set(t0.Add(tc.readyIn - time.Millisecond))
			if got := mustSFR(t, sfr, ticket); got != pending {
				t.Fatalf("just before the ready time: got %+v, want pending", got)
			}
			clock.Set(t0.Add(tc.readyIn))
			want := tc.want
			want.AnsweredAt = t0.Add(tc.readyIn)
			got := mustSFR(t, sfr, ticket)
			if got.State != want.State || got.Reason != want.Reason || got.Message != want.Message ||
				got.MessageEn != want.MessageEn || !got.AnsweredAt.Equal(want.AnsweredAt) {
				t.Fatalf("at the ready time: got %+v, want %+v", got, want)
			}
			if !got.Done() {
				t.Fatal("answer not Done")
			}
			clock.Advance(24 * time.Hour)
			if later := mustSFR(t, sfr, ticket); later != got {
				t.Fatalf("a day later the answer changed: %+v, was %+v", later, got)
			}
		})
	}
}

func mustSFR(t *testing.T, sfr agency.SFR, ticket agency.Ticket) agency.Result {
	t.Helper()
	r, err := sfr.PersonCheckResult(context.Background(), ticket)
	if err != nil {
		t.Fatalf("result: %v", err)
	}
	return r
}

func TestSFRInvalidRequests(t *testing.T) {
	tests := []struct {
		name   string
		change func(*agency.PersonCheck)
	}{
		{"SNILS with 10 digits", func(c *agency.PersonCheck) { c.SNILS = "1122334459" }},
		{"SNILS with letters", func(c *agency.PersonCheck) { c.SNILS = "11223344A95" }},
		{"missing last name", func(c *agency.PersonCheck) { c.LastName = " " }},
		{"missing first name", func(c *agency.PersonCheck) { c.FirstName = "" }},
		{"missing birth date", func(c *agency.PersonCheck) { c.BirthDate = time.Time{} }},
		{"unknown sex", func(c *agency.PersonCheck) { c.Sex = "M" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := person("112233445")
			tc.change(&c)
			_, err := agency.NewSFRSimulator(agencytest.NewClock(t0).Now, agency.CheckOptions{}).SubmitPersonCheck(context.Background(), c)
			if !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("got %v, want ErrInvalidRequest", err)
			}
		})
	}
	t.Run("formatted SNILS is accepted", func(t *testing.T) {
		c := person("112233445")
		c.SNILS = "112-233-445 95"
		if _, err := agency.NewSFRSimulator(nil, agency.CheckOptions{}).SubmitPersonCheck(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSFRNegativeLatencyAnswersAtOnce(t *testing.T) {
	clock := agencytest.NewClock(t0)
	sfr := agency.NewSFRSimulator(clock.Now, agency.CheckOptions{Latency: -1})
	ticket, err := sfr.SubmitPersonCheck(context.Background(), person("112233445"))
	if err != nil {
		t.Fatal(err)
	}
	if got := mustSFR(t, sfr, ticket); got.State != agency.StateConfirmed || !got.AnsweredAt.Equal(t0) {
		t.Fatalf("got %+v, want confirmed at once", got)
	}
}

func TestSFRCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sfr := agency.NewSFRSimulator(nil, agency.CheckOptions{})
	if _, err := sfr.SubmitPersonCheck(ctx, person("112233445")); !errors.Is(err, context.Canceled) {
		t.Fatalf("submit: got %v, want context.Canceled", err)
	}
	if _, err := sfr.PersonCheckResult(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("result: got %v, want context.Canceled", err)
	}
}
