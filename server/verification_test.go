package main

import (
	"encoding/json"
	"regexp"
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
