package agency_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// A ticket issued by one process is answered by another, e.g. after a restart.
func TestTicketsSurviveARestart(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		body      string // SFR
		number    string // MVD
		wait      time.Duration
		wantSFR   agency.State
		wantMVD   agency.State
		sfrReason agency.Reason
		mvdReason agency.Reason
	}{
		{name: "confirmed", body: "112233445", number: "123456", wait: agency.DefaultLatency,
			wantSFR: agency.StateConfirmed, wantMVD: agency.StateConfirmed},
		{name: "rejected", body: "123456000", number: "123400", wait: agency.DefaultLatency,
			wantSFR: agency.StateRejected, wantMVD: agency.StateRejected,
			sfrReason: agency.ReasonNameMismatch, mvdReason: agency.ReasonDocumentInvalid},
		{name: "slow", body: "123456998", number: "123498", wait: time.Hour,
			wantSFR: agency.StateConfirmed, wantMVD: agency.StateConfirmed},
		{name: "never", body: "123456999", number: "123499", wait: 30 * 24 * time.Hour,
			wantSFR: agency.StatePending, wantMVD: agency.StatePending},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			before := agency.NewSimulators(clock.Now, agency.SimOptions{})
			st, err := before.SFR.SubmitPersonCheck(ctx, person(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			mt, err := before.MVD.SubmitDocumentCheck(ctx, passport("4508", tc.number))
			if err != nil {
				t.Fatal(err)
			}

			clock.Advance(tc.wait)
			after := agency.NewSimulators(clock.Now, agency.SimOptions{}) // a new process
			sr, err := after.SFR.PersonCheckResult(ctx, agency.Ticket(string(st)))
			if err != nil {
				t.Fatal(err)
			}
			mr, err := after.MVD.DocumentCheckResult(ctx, agency.Ticket(string(mt)))
			if err != nil {
				t.Fatal(err)
			}
			if sr.State != tc.wantSFR || sr.Reason != tc.sfrReason {
				t.Errorf("SFR: got %s %s, want %s %s", sr.State, sr.Reason, tc.wantSFR, tc.sfrReason)
			}
			if mr.State != tc.wantMVD || mr.Reason != tc.mvdReason {
				t.Errorf("MVD: got %s %s, want %s %s", mr.State, mr.Reason, tc.wantMVD, tc.mvdReason)
			}
			if sr.State != agency.StatePending && !sr.AnsweredAt.Equal(t0.Add(tc.wait)) {
				t.Errorf("SFR answered at %v, want %v", sr.AnsweredAt, t0.Add(tc.wait))
			}
		})
	}
}

func TestTicketsCarryNoPersonalData(t *testing.T) {
	c := person("112233445")
	ticket, err := agency.NewSFRSimulator(agencytest.NewClock(t0).Now, agency.CheckOptions{}).SubmitPersonCheck(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(string(ticket))
	if err != nil {
		t.Fatalf("ticket is not base64url: %v", err)
	}
	for _, s := range []string{c.SNILS, "112233445", c.LastName, "1985"} {
		if strings.Contains(string(raw), s) {
			t.Errorf("ticket %s contains %q", raw, s)
		}
	}
}

func TestDistinctRequestsGetDistinctTickets(t *testing.T) {
	sfr := agency.NewSFRSimulator(agencytest.NewClock(t0).Now, agency.CheckOptions{})
	a, _ := sfr.SubmitPersonCheck(context.Background(), person("112233445"))
	b, _ := sfr.SubmitPersonCheck(context.Background(), person("112233446"))
	if a == b {
		t.Fatalf("two citizens got the same ticket %s", a)
	}
}

func TestUnknownTickets(t *testing.T) {
	ctx := context.Background()
	sims := agency.NewSimulators(agencytest.NewClock(t0).Now, agency.SimOptions{})
	sfrTicket, _ := sims.SFR.SubmitPersonCheck(ctx, person("112233445"))
	mvdTicket, _ := sims.MVD.SubmitDocumentCheck(ctx, passport("4508", "123456"))
	enc := func(json string) agency.Ticket {
		return agency.Ticket(base64.RawURLEncoding.EncodeToString([]byte(json)))
	}
	tests := []struct {
		name   string
		ticket agency.Ticket
	}{
		{"empty", ""},
		{"not base64", "не тикет"},
		{"not JSON", enc("hello")},
		{"truncated", sfrTicket[:len(sfrTicket)-4]},
		{"another agency's ticket", mvdTicket},
		{"unknown version", enc(`{"v":2,"k":"sfr.person","st":"CONFIRMED","r":1,"ref":"x"}`)},
		{"unknown state", enc(`{"v":1,"k":"sfr.person","st":"MAYBE","r":1,"ref":"x"}`)},
		{"rejected without a reason", enc(`{"v":1,"k":"sfr.person","st":"REJECTED","r":1,"ref":"x"}`)},
		{"huge", agency.Ticket(strings.Repeat("A", 5000))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := sims.SFR.PersonCheckResult(ctx, tc.ticket); !errors.Is(err, agency.ErrUnknownTicket) {
				t.Fatalf("got %v, want ErrUnknownTicket", err)
			}
		})
	}
	t.Run("SFR ticket at MVD", func(t *testing.T) {
		if _, err := sims.MVD.DocumentCheckResult(ctx, sfrTicket); !errors.Is(err, agency.ErrUnknownTicket) {
			t.Fatalf("got %v, want ErrUnknownTicket", err)
		}
	})
}
