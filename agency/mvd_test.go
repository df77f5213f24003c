package agency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestMVDRules(t *testing.T) {
	ctx := context.Background()
	valid := agency.Result{State: agency.StateConfirmed, Message: "Паспорт действителен", MessageEn: "The passport is valid"}
	tests := []struct {
		name    string
		check   agency.DocumentCheck
		opts    agency.CheckOptions
		readyIn time.Duration // 0: never
		want    agency.Result
	}{
		{name: "ordinary passport is confirmed after the default latency", check: passport("4508", "123456"),
			readyIn: agency.DefaultLatency, want: valid},
		{name: "ordinary passport is confirmed after a configured latency", check: passport("45 08", "123456"),
			opts: agency.CheckOptions{Latency: 5 * time.Minute}, readyIn: 5 * time.Minute, want: valid},
		{name: "number ending 00 is an invalid passport", check: passport("4508", "123400"),
			readyIn: agency.DefaultLatency,
			want: agency.Result{State: agency.StateRejected, Reason: agency.ReasonDocumentInvalid,
				Message: "Паспорт недействителен", MessageEn: "The passport is invalid"}},
		{name: "number ending 98 answers after an hour", check: passport("4508", "123498"),
			opts: agency.CheckOptions{Latency: time.Second}, readyIn: time.Hour, want: valid},
		{name: "number ending 99 never answers", check: passport("4508", "123499")},
		{name: "foreign passport follows the same rules", check: func() agency.DocumentCheck {
			c := passport("", "AB1234500")
			c.Kind, c.IssuerCode, c.Citizenship = agency.DocForeignPassport, "", "DEU"
			return c
		}(), readyIn: agency.DefaultLatency,
			want: agency.Result{State: agency.StateRejected, Reason: agency.ReasonDocumentInvalid,
				Message: "Паспорт недействителен", MessageEn: "The passport is invalid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			mvd := agency.NewMVDSimulator(clock.Now, tc.opts)
			ticket, err := mvd.SubmitDocumentCheck(ctx, tc.check)
			if err != nil {
				t.Fatalf("submit: %v", err)
			}
			pending := agency.Result{State: agency.StatePending, Message: "Запрос обрабатывается", MessageEn: "The request is being processed"}
			if tc.readyIn == 0 {
				clock.Advance(365 * 24 * time.Hour)
				if got := mustMVD(t, mvd, ticket); got != pending {
					t.Fatalf("a year later: got %+v, want pending", got)
				}
				return
			}
			clock.Set(t0.Add(tc.readyIn - time.Millisecond))
			if got := mustMVD(t, mvd, ticket); got != pending {
				t.Fatalf("just before the ready time: got %+v, want pending", got)
			}
			clock.Set(t0.Add(tc.readyIn))
			got := mustMVD(t, mvd, ticket)
			want := tc.want
			if got.State != want.State || got.Reason != want.Reason || got.Message != want.Message ||
				got.MessageEn != want.MessageEn || !got.AnsweredAt.Equal(t0.Add(tc.readyIn)) {
				t.Fatalf("at the ready time: got %+v, want %+v answered at %v", got, want, t0.Add(tc.readyIn))
			}
		})
	}
}

func mustMVD(t *testing.T, mvd agency.MVD, ticket agency.Ticket) agency.Result {
	t.Helper()
	r, err := mvd.DocumentCheckResult(context.Background(), ticket)
	if err != nil {
		t.Fatalf("result: %v", err)
	}
	return r
}

func TestMVDSubmitErrors(t *testing.T) {
	tests := []struct {
		name  string
		check agency.DocumentCheck
		want  error
	}{
		{"series 0000 means the agency is down", passport("0000", "123456"), agency.ErrUnavailable},
		{"series 0000 with spaces too", passport("00 00", "123456"), agency.ErrUnavailable},
		{"unknown document kind", func() agency.DocumentCheck { c := passport("4508", "123456"); c.Kind = "DRIVING_LICENCE"; return c }(), agency.ErrInvalidRequest},
		{"RF passport series of 3 digits", passport("450", "123456"), agency.ErrInvalidRequest},
		{"RF passport number with a letter", passport("4508", "12345A"), agency.ErrInvalidRequest},
		{"missing last name", func() agency.DocumentCheck { c := passport("4508", "123456"); c.LastName = ""; return c }(), agency.ErrInvalidRequest},
		{"foreign passport without a number", func() agency.DocumentCheck {
			c := passport("", "")
			c.Kind = agency.DocForeignPassport
			return c
		}(), agency.ErrInvalidRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mvd := agency.NewMVDSimulator(agencytest.NewClock(t0).Now, agency.CheckOptions{})
			for range 3 { // the same every time
				if _, err := mvd.SubmitDocumentCheck(context.Background(), tc.check); !errors.Is(err, tc.want) {
					t.Fatalf("got %v, want %v", err, tc.want)
				}
			}
		})
	}
}
