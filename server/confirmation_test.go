package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency/agencytest"
)

// verified registers a citizen and walks the verification to STANDARD,
// returning fresh credentials that carry the tier.
func verified(t *testing.T, a *testApp, clock *agencytest.Clock, phone, snilsBody string, seen map[string]bool) authSession {
	t.Helper()
	s := a.registerPhone(t, phone, seen)
	var p struct {
		Verification *struct{ ID string }
		UserErrors   []userErr
	}
	a.mutate(t, s.AccessToken, personalDataMutation, map[string]any{"in": personalInput(snilsBody, "123456")}, &p)
	if p.Verification == nil {
		t.Fatalf("submit: %+v", p.UserErrors)
	}
	waitFor(t, "the checks to be sent", func() bool {
		r := a.postAuth(t, s.AccessToken, `{ verification { checks { state } } }`, nil)
		var d struct {
			Verification struct{ Checks []struct{ State string } }
		}
		_ = json.Unmarshal(r.Data, &d)
		return len(d.Verification.Checks) == 2 && d.Verification.Checks[0].State == "PENDING" && d.Verification.Checks[1].State == "PENDING"
	})
	clock.Advance(3 * time.Minute)
	waitFor(t, "verification", func() bool {
		r := a.postAuth(t, s.AccessToken, `{ verification { status } }`, nil)
		var d struct{ Verification struct{ Status string } }
		_ = json.Unmarshal(r.Data, &d)
		return d.Verification.Status == "SUCCEEDED"
	})
	return a.refresh(t, s)
}

func (a *testApp) refresh(t *testing.T, s authSession) authSession {
	t.Helper()
	var next authPayload
	a.mutate(t, "", refreshMutation, map[string]any{"in": map[string]any{"refreshToken": s.RefreshToken}}, &next)
	if next.Session == nil {
		t.Fatalf("refresh: %+v", next.UserErrors)
	}
	return *next.Session
}

func TestConfirmationThroughTheAPI(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	citizen := verified(t, a, clock, "+79123456789", "112233445", seen)
	if citizen.Account.Tier != "STANDARD" {
		t.Fatalf("tier %s", citizen.Account.Tier)
	}

	// The first administrator comes from the server's admin subcommand.
	admin := a.registerPhone(t, "+79120000001", seen)
	if _, err := a.accounts.BootstrapAdmin(context.Background(), "+79120000001", "first administrator"); err != nil {
		t.Fatal(err)
	}
	admin = a.refresh(t, admin)
	operator := a.registerPhone(t, "+79120000002", seen)

	t.Run("only an admin grants roles, with a scope and a reason", func(t *testing.T) {
		grant := `mutation($in: RoleGrantInput!) { grantRole(input: $in) { ok userErrors { field code } } }`
		in := map[string]any{"accountId": operator.Account.ID, "role": "OPERATOR", "scope": "mfc-16-kazan-vakhitovsky", "reason": "приказ № 7 по центру"}
		if r := a.postAuth(t, citizen.AccessToken, grant, map[string]any{"in": in}); r.code(0) != "FORBIDDEN" {
			t.Errorf("a citizen granted a role: %+v", r.Errors)
		}
		var bad struct {
			Ok         bool
			UserErrors []userErr
		}
		a.mutate(t, admin.AccessToken, grant, map[string]any{"in": map[string]any{"accountId": operator.Account.ID, "role": "OPERATOR", "scope": "nowhere", "reason": "приказ № 7"}}, &bad)
		if bad.Ok || len(bad.UserErrors) == 0 || bad.UserErrors[0].Code != "UNKNOWN_SCOPE" {
			t.Errorf("an unknown centre: %+v", bad)
		}
		var ok struct {
			Ok         bool
			UserErrors []userErr
		}
		a.mutate(t, admin.AccessToken, grant, map[string]any{"in": in}, &ok)
		if !ok.Ok {
			t.Fatalf("grant failed: %+v", ok.UserErrors)
		}
		operator = a.refresh(t, operator)
	})

	snils := agencytest.SNILS("112233445")
	t.Run("an operator finds the citizen and confirms the identity by the verified document", func(t *testing.T) {
		find := `query($s: String!) { citizenBySnils(snils: $s) { accountId lastName verified tier } }`
		if r := a.postAuth(t, citizen.AccessToken, find, map[string]any{"s": snils}); r.code(0) != "FORBIDDEN" || r.Errors[0].Extensions["requiredRole"] != "OPERATOR" {
			t.Errorf("a citizen looked someone up: %+v", r.Errors)
		}
		var card struct {
			CitizenBySnils struct {
				AccountID string
				Verified  bool
			}
		}
		r := a.postAuth(t, operator.AccessToken, find, map[string]any{"s": snils})
		if err := json.Unmarshal(r.Data, &card); err != nil || !card.CitizenBySnils.Verified {
			t.Fatalf("find: %s %+v", r.Data, r.Errors)
		}
		confirm := `mutation($in: ConfirmInPersonInput!) { confirmIdentityInPerson(input: $in) { account { tier confirmationMethod } userErrors { field code message } } }`
		var wrong struct{ UserErrors []userErr }
		a.mutate(t, operator.AccessToken, confirm, map[string]any{"in": map[string]any{"accountId": card.CitizenBySnils.AccountID, "documentSeries": "4506", "documentNumber": "999999"}}, &wrong)
		if len(wrong.UserErrors) != 1 || wrong.UserErrors[0].Code != "DOCUMENT_MISMATCH" {
			t.Errorf("another document: %+v", wrong)
		}
		var right struct {
			Account struct{ Tier, ConfirmationMethod string }
		}
		a.mutate(t, operator.AccessToken, confirm, map[string]any{"in": map[string]any{"accountId": card.CitizenBySnils.AccountID, "documentSeries": "45 06", "documentNumber": "123456"}}, &right)
		if right.Account.Tier != "CONFIRMED" || right.Account.ConfirmationMethod != "IN_PERSON" {
			t.Errorf("confirm: %+v", right)
		}
		a.message(t, "+79123456789", regexp.MustCompile(`(Личность подтверждена)`), seen)
	})

	t.Run("the audit log shows the grant and the confirmation", func(t *testing.T) {
		var d struct {
			AuditLog struct {
				Edges []struct{ Node struct{ Action string } }
			}
		}
		r := a.postAuth(t, admin.AccessToken, `{ auditLog(first: 100) { edges { node { action } } } }`, nil)
		if err := json.Unmarshal(r.Data, &d); err != nil {
			t.Fatal(err)
		}
		seenActions := map[string]bool{}
		for _, e := range d.AuditLog.Edges {
			seenActions[e.Node.Action] = true
		}
		for _, want := range []string{"role.granted", "identity.lookup", "identity.confirmed", "account.registered", "verification.SUCCEEDED"} {
			if !seenActions[want] {
				t.Errorf("audit log lacks %s", want)
			}
		}
	})
}

func TestRegisteredMailThroughTheAPI(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	simplified := a.registerPhone(t, "+79120000003", seen)
	order := `mutation($in: ConfirmationLetterInput!) { requestConfirmationLetter(input: $in) { letter { id nextLetterAfter } userErrors { field code } } }`
	in := map[string]any{"postalCode": "420111", "address": "г. Казань, ул. Баумана, д. 1, кв. 2"}
	if r := a.postAuth(t, simplified.AccessToken, order, map[string]any{"in": in}); r.code(0) != "FORBIDDEN" || r.Errors[0].Extensions["requiredTier"] != "STANDARD" {
		t.Errorf("a SIMPLIFIED account ordered a letter: %+v", r.Errors)
	}

	citizen := verified(t, a, clock, "+79123456789", "112233445", seen)
	var p struct {
		Letter     *struct{ ID string }
		UserErrors []userErr
	}
	a.mutate(t, citizen.AccessToken, order, map[string]any{"in": in}, &p)
	if p.Letter == nil {
		t.Fatalf("order: %+v", p.UserErrors)
	}
	var tracking string
	waitFor(t, "the letter to be posted", func() bool {
		r := a.postAuth(t, citizen.AccessToken, `{ confirmationLetter { trackingNumber } }`, nil)
		var d struct {
			ConfirmationLetter struct{ TrackingNumber *string }
		}
		_ = json.Unmarshal(r.Data, &d)
		if d.ConfirmationLetter.TrackingNumber != nil {
			tracking = *d.ConfirmationLetter.TrackingNumber
		}
		return tracking != ""
	})
	clock.Advance(15 * 24 * time.Hour)
	citizen = a.refresh(t, citizen)
	var d struct {
		ConfirmationLetter struct {
			Tracking []struct{ Status, Message string }
		}
	}
	r := a.postAuth(t, citizen.AccessToken, `{ confirmationLetter { tracking { status message } } }`, nil)
	if err := json.Unmarshal(r.Data, &d); err != nil || len(d.ConfirmationLetter.Tracking) == 0 {
		t.Fatalf("tracking: %s %+v", r.Data, r.Errors)
	}
	var again struct{ UserErrors []userErr }
	a.mutate(t, citizen.AccessToken, order, map[string]any{"in": in}, &again)
	if len(again.UserErrors) != 1 || again.UserErrors[0].Code != "TOO_SOON" {
		t.Errorf("a second letter within 30 days: %+v", again)
	}

	msgs := a.sims.Mailbox.List("420111, " + in["address"].(string))
	if len(msgs) == 0 {
		t.Fatal("no letter at the post")
	}
	code := regexp.MustCompile(`\d{8}`).FindString(msgs[0].Text)
	var conf struct {
		Account    *struct{ Tier, ConfirmationMethod string }
		UserErrors []userErr
	}
	a.mutate(t, citizen.AccessToken, `mutation($in: ConfirmWithLetterCodeInput!) { confirmWithLetterCode(input: $in) { account { tier confirmationMethod } userErrors { code } } }`,
		map[string]any{"in": map[string]any{"code": code}}, &conf)
	if conf.Account == nil || conf.Account.Tier != "CONFIRMED" || conf.Account.ConfirmationMethod != "REGISTERED_MAIL" {
		t.Errorf("confirm: %+v", conf)
	}
}

func TestServiceAccessFollowsTierAndMethod(t *testing.T) {
	a := newTestApp(t, "all", nil)
	q := `query($q: String) { services(filter: {query: $q}, first: 1) { edges { node { code access { allowed requiredTier reason } } } } }`
	access := func(token, query string) (bool, string, string) {
		r := a.postAuth(t, token, q, map[string]any{"q": query})
		var d struct {
			Services struct {
				Edges []struct {
					Node struct {
						Code   string
						Access struct {
							Allowed      bool
							RequiredTier string
							Reason       *string
						}
					}
				}
			}
		}
		if err := json.Unmarshal(r.Data, &d); err != nil || len(d.Services.Edges) == 0 {
			t.Fatalf("%s %+v", r.Data, r.Errors)
		}
		n := d.Services.Edges[0].Node
		reason := ""
		if n.Access.Reason != nil {
			reason = *n.Access.Reason
		}
		return n.Access.Allowed, n.Access.RequiredTier, reason
	}
	if ok, tier, reason := access("", "штрафы"); ok || tier != "STANDARD" || reason == "" {
		t.Errorf("anonymous and fines: %v %s %q", ok, tier, reason)
	}
	s := a.registerPhone(t, "+79123456789", map[string]bool{})
	if ok, _, reason := access(s.AccessToken, "штрафы"); ok || !strings.Contains(reason, "личные данные") {
		t.Errorf("SIMPLIFIED and fines: %v %q", ok, reason)
	}
}
