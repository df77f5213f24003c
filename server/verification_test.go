package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency/agencytest"
)

const personalDataMutation = `mutation($in: PersonalDataInput!) { submitPersonalData(input: $in) {
	verification { id status checks { agency state } } userErrors { field code message } } }`

func personalInput(snilsBody, passportNumber string) map[string]any {
	return map[string]any{
		"lastName": "Иванов", "firstName": "Иван", "patronymic": "Иванович", "birthDate": "1985-04-12", "sex": "MALE",
		"citizenship": "RUS", "snils": agencytest.SNILS(snilsBody), "birthPlace": "г. Казань",
		"document": map[string]any{"kind": "RF_PASSPORT", "series": "4506", "number": passportNumber, "issuedOn": "2005-05-20", "issuerCode": "770-001"},
		"address":  map[string]any{"regionCode": "16", "municipalityOktmo": "92701000", "street": "ул. Баумана, д. 1"},
	}
}

type verificationView struct {
	Status  string
	Message *string
	Checks  []struct {
		Agency, State string
		Message       *string
	}
}

func TestVerificationThroughTheAPI(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	s := a.registerPhone(t, "+79123456789", seen)

	// A STANDARD-only answer is refused before: me is open to SIMPLIFIED.
	var p struct {
		Verification *struct{ ID string }
		UserErrors   []userErr
	}
	a.mutate(t, s.AccessToken, personalDataMutation, map[string]any{"in": personalInput("112233445", "123456")}, &p)
	if p.Verification == nil {
		t.Fatalf("submit: %+v", p.UserErrors)
	}
	verification := func() verificationView {
		var d struct{ Verification verificationView }
		r := a.postAuth(t, s.AccessToken, `{ verification { status message checks { agency state message } } }`, nil)
		if err := json.Unmarshal(r.Data, &d); err != nil || len(r.Errors) > 0 {
			t.Fatalf("%s %+v", r.Data, r.Errors)
		}
		return d.Verification
	}
	waitFor(t, "both checks to be sent", func() bool {
		v := verification()
		return len(v.Checks) == 2 && v.Checks[0].State == "PENDING" && v.Checks[1].State == "PENDING"
	})
	// The agencies answer within minutes; move the clock instead of waiting.
	clock.Advance(3 * time.Minute)
	waitFor(t, "the verification to finish", func() bool { return verification().Status != "RUNNING" })
	if v := verification(); v.Status != "SUCCEEDED" {
		t.Fatalf("verification: %+v", v)
	}
	// The next refresh carries the new tier.
	var next authPayload
	a.mutate(t, "", refreshMutation, map[string]any{"in": map[string]any{"refreshToken": s.RefreshToken}}, &next)
	if next.Session == nil || next.Session.Account.Tier != "STANDARD" {
		t.Fatalf("after refresh: %+v", next)
	}
	var me struct {
		Me           struct{ Tier string }
		PersonalData struct{ Snils, DocumentNumber string }
	}
	r := a.postAuth(t, next.Session.AccessToken, `{ me { tier verification { status } } personalData { snils documentNumber } }`, nil)
	if err := json.Unmarshal(r.Data, &me); err != nil || me.Me.Tier != "STANDARD" || me.PersonalData.DocumentNumber != "123456" {
		t.Errorf("me: %s %+v", r.Data, r.Errors)
	}
	// The citizen was told by SMS.
	a.message(t, "+79123456789", regexp.MustCompile(`(Личные данные подтверждены)`), seen)
	// And signs in by SNILS now.
	var bySNILS authPayload
	a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": agencytest.SNILS("112233445"), "password": goodPassword}}, &bySNILS)
	if bySNILS.Session == nil {
		t.Errorf("sign in by SNILS: %+v", bySNILS.UserErrors)
	}
}

func TestPersonalDataErrorsThroughTheAPI(t *testing.T) {
	a := newTestApp(t, "all", nil)
	s := a.registerPhone(t, "+79123456789", map[string]bool{})
	in := personalInput("112233445", "123456")
	in["snils"] = "112-233-445 96"
	in["document"].(map[string]any)["issuerCode"] = "77-001"
	var p struct {
		Verification *struct{ ID string }
		UserErrors   []userErr
	}
	a.mutate(t, s.AccessToken, personalDataMutation, map[string]any{"in": in}, &p)
	fields := map[string]bool{}
	for _, e := range p.UserErrors {
		fields[e.Field] = true
		if e.Message == "" {
			t.Errorf("error without a message: %+v", e)
		}
	}
	if p.Verification != nil || !fields["snils"] || !fields["passportIssuerCode"] {
		t.Errorf("got %+v", p)
	}
	if r := a.post(t, "", map[string]any{"query": personalDataMutation, "variables": map[string]any{"in": personalInput("112233445", "123456")}}); r.code(0) != "UNAUTHENTICATED" {
		t.Errorf("without a token: %+v", r.Errors)
	}
}

// liveVerification is one verificationUpdated message, shortened to
// "STATUS SFR:STATE MVD:STATE".
func liveVerification(t *testing.T, m wsMessage) string {
	t.Helper()
	var r struct {
		Data struct {
			VerificationUpdated struct {
				ID, Status string
				Checks     []struct{ Agency, State string }
			}
		}
		Errors []wsError
	}
	if err := json.Unmarshal(m.Payload, &r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("verificationUpdated payload %s: %v", m.Payload, err)
	}
	v := r.Data.VerificationUpdated
	out := v.Status
	for _, c := range v.Checks {
		out += " " + c.Agency + ":" + c.State
	}
	return out
}

// TestVerificationUpdatedAcrossAPIProcesses: a subscription held on a
// second API process follows the citizen's verification as the worker
// (beside the first) moves it on: the new verification, each agency's
// answer as it comes, the final status. A new subscription gets the
// current verification at once; one without a token is refused.
func TestVerificationUpdatedAcrossAPIProcesses(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	// MVD answers after AGENCY_CHECK_LATENCY; SFR answers a SNILS ending in
	// 998 after an hour, whatever the latency.
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead, c.AgencyCheckLatency = -1, time.Minute }, clock.Now)
	cfg := a.App.cfg
	cfg.Role = "api"
	second, err := newApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(second.Handler())
	t.Cleanup(func() { srv.Close(); second.Close() })
	s := a.registerPhone(t, "+79123456789", map[string]bool{})
	const live = `subscription { verificationUpdated { id status checks { agency state } } }`

	t.Run("without a token the subscription is refused", func(t *testing.T) {
		ws := dialGraphQLWSInit(t, srv.URL, "en", nil)
		// As notificationAdded is: the socket stays, the operation fails.
		for _, op := range []struct{ id, query string }{{"v", live}, {"feed", `subscription { notificationAdded { kind } }`}} {
			ws.subscribe(t, op.id, op.query)
			m := ws.expect(t, "an answer for "+op.id, func(m wsMessage) bool { return m.ID == op.id })
			if errs := m.errors(t); len(errs) != 1 || errs[0].Extensions["code"] != "UNAUTHENTICATED" {
				t.Fatalf("%s for %s: %s", m.Type, op.id, m.Payload)
			}
		}
	})

	ws := dialGraphQLWSInit(t, srv.URL, "en", map[string]any{"Authorization": "Bearer " + s.AccessToken})
	ws.subscribe(t, "v", live)
	waitFor(t, "the subscription to register", func() bool { return second.hub.VerificationSubscribers(localID(t, s.Account.ID)) > 0 })
	// next reads the subscription's messages until want, each one a step
	// the verification may pass through on the way.
	next := func(want string, allowed ...string) {
		t.Helper()
		for {
			got := liveVerification(t, ws.expect(t, want, is("v", "next")))
			if got == want {
				return
			}
			if !slices.Contains(allowed, got) {
				t.Fatalf("got %q on the way to %q", got, want)
			}
		}
	}

	var p struct {
		Verification *struct{ ID string }
		UserErrors   []userErr
	}
	a.mutate(t, s.AccessToken, personalDataMutation, map[string]any{"in": personalInput("112233998", "123456")}, &p)
	if p.Verification == nil {
		t.Fatalf("submit: %+v", p.UserErrors)
	}
	// He had none before: the first message is the new one. A signal that
	// comes after the read it caused was already answered reads the same
	// state again, so a step may repeat (seen under load).
	next("RUNNING SFR:PENDING MVD:PENDING", "RUNNING SFR:NOT_STARTED MVD:NOT_STARTED")
	clock.Advance(2 * time.Minute)
	next("RUNNING SFR:PENDING MVD:CONFIRMED", "RUNNING SFR:PENDING MVD:PENDING")
	clock.Advance(time.Hour)
	next("SUCCEEDED SFR:CONFIRMED MVD:CONFIRMED", "RUNNING SFR:PENDING MVD:CONFIRMED")

	t.Run("a new subscription gets the current verification at once", func(t *testing.T) {
		ws.subscribe(t, "again", live)
		if got := liveVerification(t, ws.expect(t, "the current verification", is("again", "next"))); got != "SUCCEEDED SFR:CONFIRMED MVD:CONFIRMED" {
			t.Errorf("at once: %q", got)
		}
	})

	t.Run("complete ends the subscriptions on the server", func(t *testing.T) {
		ws.send(t, wsMessage{ID: "v", Type: "complete"})
		ws.send(t, wsMessage{ID: "again", Type: "complete"})
		waitFor(t, "the subscriptions to end", func() bool { return second.hub.VerificationSubscribers(localID(t, s.Account.ID)) == 0 })
	})
}
