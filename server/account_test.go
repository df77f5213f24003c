package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency/agencytest"
)

const goodPassword = "Zvezda2026x"

type userErr struct{ Field, Code, Message string }

type authSession struct {
	AccessToken  string
	RefreshToken string
	Account      struct {
		ID    string
		Phone *string
		Email *string
		Tier  string
	}
}

type authPayload struct {
	Session    *authSession
	UserErrors []userErr
}

// postAuth sends a request with a bearer token.
func (a *testApp) postAuth(t *testing.T, token, q string, vars map[string]any) *gqlResponse {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "uslugi-test/1.0")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.do(t, req)
}

// mutate runs a mutation and decodes its one payload field.
func (a *testApp) mutate(t *testing.T, token, q string, vars map[string]any, dest any) {
	t.Helper()
	r := a.postAuth(t, token, q, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(r.Data, &m); err != nil {
		t.Fatal(err)
	}
	for _, v := range m {
		if err := json.Unmarshal(v, dest); err != nil {
			t.Fatal(err)
		}
	}
}

// message waits for the newest message to "to" at /dev/messages that
// matches re, and returns re's first group.
func (a *testApp) message(t *testing.T, to string, re *regexp.Regexp, skip map[string]bool) string {
	t.Helper()
	var found string
	waitFor(t, "a message to "+to, func() bool {
		_, body := a.get(t, "/dev/messages?to="+url.QueryEscape(to))
		var out struct {
			Messages []struct{ ID, Text string }
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("/dev/messages: %v: %s", err, body)
		}
		for _, m := range out.Messages {
			if skip[m.ID] {
				continue
			}
			if g := re.FindStringSubmatch(m.Text); g != nil {
				found = g[1]
				skip[m.ID] = true
				return true
			}
		}
		return false
	})
	return found
}

var codeRe = regexp.MustCompile(`(\d{6})`)

const (
	registerMutation = `mutation($in: RegisterInput!) { register(input: $in) {
		registration { id contactKind maskedContact codeExpiresAt resendAfter } userErrors { field code message } } }`
	confirmMutation     = `mutation($in: ConfirmContactInput!) { confirmContact(input: $in) { setupToken userErrors { field code message } } }`
	setPasswordMutation = `mutation($in: SetPasswordInput!) { setPassword(input: $in) {
		session { accessToken refreshToken account { id phone email tier } } userErrors { field code message } } }`
	signInMutation = `mutation($in: SignInInput!) { signIn(input: $in) {
		session { accessToken refreshToken account { id phone email tier } } userErrors { field code message } } }`
	refreshMutation = `mutation($in: RefreshSessionInput!) { refreshSession(input: $in) {
		session { accessToken refreshToken account { id tier } } userErrors { field code message } } }`
)

type registerPayload struct {
	Registration *struct{ ID, ContactKind, MaskedContact string }
	UserErrors   []userErr
}

// registerPhone walks a phone registration through the API.
func (a *testApp) registerPhone(t *testing.T, phone string, seen map[string]bool) authSession {
	t.Helper()
	var reg registerPayload
	a.mutate(t, "", registerMutation, map[string]any{"in": map[string]any{"lastName": "Иванов", "firstName": "Иван", "phone": phone}}, &reg)
	if reg.Registration == nil {
		t.Fatalf("register: %+v", reg.UserErrors)
	}
	code := a.message(t, normalPhone(phone), codeRe, seen)
	var conf struct {
		SetupToken *string
		UserErrors []userErr
	}
	a.mutate(t, "", confirmMutation, map[string]any{"in": map[string]any{"registrationId": reg.Registration.ID, "code": code}}, &conf)
	if conf.SetupToken == nil {
		t.Fatalf("confirm: %+v", conf.UserErrors)
	}
	var auth authPayload
	a.mutate(t, "", setPasswordMutation, map[string]any{"in": map[string]any{"setupToken": *conf.SetupToken, "password": goodPassword, "passwordAgain": goodPassword}}, &auth)
	if auth.Session == nil {
		t.Fatalf("setPassword: %+v", auth.UserErrors)
	}
	return *auth.Session
}

func TestRegistrationSignInAndSessionsThroughTheAPI(t *testing.T) {
	a := newTestApp(t, "all", nil)
	seen := map[string]bool{}
	s := a.registerPhone(t, "8 (912) 345-67-89", seen)
	if s.Account.Tier != "SIMPLIFIED" || s.Account.Phone == nil || *s.Account.Phone != "+79123456789" {
		t.Errorf("new account: %+v", s.Account)
	}

	var me struct {
		Me struct {
			ID, Tier, ConfirmationMethod string
			Roles                        []string
		}
	}
	r := a.postAuth(t, s.AccessToken, `{ me { id tier confirmationMethod roles } }`, nil)
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &me) != nil || me.Me.Tier != "SIMPLIFIED" || me.Me.ConfirmationMethod != "NONE" {
		t.Fatalf("me: %s %+v", r.Data, r.Errors)
	}

	t.Run("sign-in by any writing of the phone", func(t *testing.T) {
		for _, login := range []string{"+79123456789", "8 912 345 67 89", "+7 (912) 345-67-89"} {
			var p authPayload
			a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": login, "password": goodPassword}}, &p)
			if p.Session == nil {
				t.Errorf("sign in as %q: %+v", login, p.UserErrors)
			}
		}
	})

	t.Run("a wrong password and an unknown login answer alike", func(t *testing.T) {
		var wrong, unknown authPayload
		a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": "+79123456789", "password": "Wrong2026x"}}, &wrong)
		a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": "+79990000000", "password": goodPassword}}, &unknown)
		if len(wrong.UserErrors) != 1 || fmt.Sprint(wrong.UserErrors) != fmt.Sprint(unknown.UserErrors) || wrong.UserErrors[0].Code != "INVALID_CREDENTIALS" {
			t.Errorf("wrong: %+v unknown: %+v", wrong.UserErrors, unknown.UserErrors)
		}
	})

	t.Run("refresh rotates, and reuse ends the session", func(t *testing.T) {
		var first authPayload
		a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": "+79123456789", "password": goodPassword}}, &first)
		var second authPayload
		a.mutate(t, "", refreshMutation, map[string]any{"in": map[string]any{"refreshToken": first.Session.RefreshToken}}, &second)
		if second.Session == nil || second.Session.RefreshToken == first.Session.RefreshToken {
			t.Fatalf("refresh: %+v", second)
		}
		r := a.postAuth(t, "", refreshMutation, map[string]any{"in": map[string]any{"refreshToken": first.Session.RefreshToken}})
		if r.code(0) != "UNAUTHENTICATED" {
			t.Errorf("reusing a refresh token: %+v", r.Errors)
		}
		r = a.postAuth(t, second.Session.AccessToken, `{ me { id } }`, nil)
		if r.code(0) != "UNAUTHENTICATED" {
			t.Errorf("the session survived a reuse: %+v", r.Errors)
		}
	})

	t.Run("sessions list devices and one can be revoked", func(t *testing.T) {
		var other authPayload
		a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": "+79123456789", "password": goodPassword}}, &other)
		var d struct {
			Sessions []struct {
				ID, Device, IP  string
				Active, Current bool
			}
		}
		r := a.postAuth(t, s.AccessToken, `{ sessions { id device ip active current } }`, nil)
		if err := json.Unmarshal(r.Data, &d); err != nil || len(d.Sessions) < 2 {
			t.Fatalf("sessions: %s %+v", r.Data, r.Errors)
		}
		var victim string
		for _, x := range d.Sessions {
			if x.Device != "uslugi-test/1.0" || x.IP != "127.0.0.1" {
				t.Errorf("session %+v lacks the device or address", x)
			}
			if !x.Current && x.Active {
				victim = x.ID
			}
		}
		var ok struct {
			Ok         bool
			UserErrors []userErr
		}
		a.mutate(t, s.AccessToken, `mutation($in: RevokeSessionInput!) { revokeSession(input: $in) { ok userErrors { code } } }`,
			map[string]any{"in": map[string]any{"sessionId": victim}}, &ok)
		if !ok.Ok {
			t.Fatalf("revoke: %+v", ok)
		}
		var out struct{ Ok bool }
		a.mutate(t, s.AccessToken, `mutation { signOut { ok } }`, nil, &out)
		if r := a.postAuth(t, s.AccessToken, `{ me { id } }`, nil); r.code(0) != "UNAUTHENTICATED" {
			t.Errorf("signed out, still in: %+v", r.Errors)
		}
	})
}

func TestAccessRefusals(t *testing.T) {
	a := newTestApp(t, "all", nil)
	r := a.post(t, "", map[string]any{"query": `{ me { id } }`})
	if r.code(0) != "UNAUTHENTICATED" {
		t.Errorf("me without a token: %+v", r.Errors)
	}
	if r := a.postAuth(t, "not-a-token", `{ me { id } }`, nil); r.code(0) != "UNAUTHENTICATED" {
		t.Errorf("me with garbage: %+v", r.Errors)
	}
	s := a.registerPhone(t, "+79123456789", map[string]bool{})
	r = a.postAuth(t, s.AccessToken, `{ auditLog { totalCount } }`, nil)
	if r.code(0) != "FORBIDDEN" || r.Errors[0].Extensions["requiredRole"] != "ADMIN" {
		t.Errorf("auditLog as a citizen: %+v", r.Errors)
	}
	// Public catalog queries need no account, and a bad token does not
	// break them.
	if r := a.postAuth(t, "not-a-token", `{ regions { code } }`, nil); len(r.Errors) > 0 {
		t.Errorf("catalog with a bad token: %+v", r.Errors)
	}
}

func TestConfirmationCodesThroughTheAPI(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", nil, clock.Now)
	seen := map[string]bool{}
	start := func(t *testing.T) (string, string) {
		var reg registerPayload
		a.mutate(t, "", registerMutation, map[string]any{"in": map[string]any{"lastName": "Петрова", "firstName": "Анна", "phone": "+79123456789"}}, &reg)
		return reg.Registration.ID, a.message(t, "+79123456789", codeRe, seen)
	}
	confirm := func(t *testing.T, id, code string) []userErr {
		var p struct{ UserErrors []userErr }
		a.mutate(t, "", confirmMutation, map[string]any{"in": map[string]any{"registrationId": id, "code": code}}, &p)
		return p.UserErrors
	}

	t.Run("a code expires at five minutes and a second", func(t *testing.T) {
		id, code := start(t)
		clock.Advance(5*time.Minute + time.Second)
		if ue := confirm(t, id, code); len(ue) != 1 || ue[0].Code != "CODE_EXPIRED" {
			t.Errorf("got %+v", ue)
		}
	})

	t.Run("aliased tries in one request each count", func(t *testing.T) {
		id, code := start(t)
		var q strings.Builder
		q.WriteString("mutation($id: ID!) {")
		for i := range 30 {
			fmt.Fprintf(&q, ` t%d: confirmContact(input: {registrationId: $id, code: "x%05d"}) { userErrors { code } }`, i, i)
		}
		q.WriteString(" }")
		r := a.postAuth(t, "", q.String(), map[string]any{"id": id})
		if len(r.Errors) > 0 {
			t.Fatalf("%+v", r.Errors)
		}
		if ue := confirm(t, id, code); len(ue) != 1 || ue[0].Code != "CODE_BURNED" {
			t.Errorf("after 30 aliased wrong tries the right code: %+v", ue)
		}
	})

	t.Run("a hundred aliases are refused before anything runs", func(t *testing.T) {
		id, code := start(t)
		var q strings.Builder
		q.WriteString("mutation($id: ID!) {")
		for i := range 100 {
			fmt.Fprintf(&q, ` t%d: confirmContact(input: {registrationId: $id, code: "x"}) { userErrors { code } }`, i)
		}
		q.WriteString(" }")
		if r := a.postAuth(t, "", q.String(), map[string]any{"id": id}); r.code(0) != "TOO_MANY_ALIASES" {
			t.Errorf("got %+v", r.Errors)
		}
		if ue := confirm(t, id, code); len(ue) != 0 {
			t.Errorf("the refused request still spent tries: %+v", ue)
		}
	})

	t.Run("the same phone registered twice at once makes one account", func(t *testing.T) {
		var setups []string
		for range 2 {
			id, code := start(t)
			var p struct{ SetupToken *string }
			a.mutate(t, "", confirmMutation, map[string]any{"in": map[string]any{"registrationId": id, "code": code}}, &p)
			setups = append(setups, *p.SetupToken)
		}
		var wg sync.WaitGroup
		results := make([]authPayload, 2)
		for i, s := range setups {
			wg.Go(func() {
				a.mutate(t, "", setPasswordMutation, map[string]any{"in": map[string]any{"setupToken": s, "password": goodPassword, "passwordAgain": goodPassword}}, &results[i])
			})
		}
		wg.Wait()
		won := 0
		for _, r := range results {
			if r.Session != nil {
				won++
			} else if len(r.UserErrors) != 1 || r.UserErrors[0].Code != "ALREADY_REGISTERED" {
				t.Errorf("the loser: %+v", r.UserErrors)
			}
		}
		if won != 1 {
			t.Errorf("%d registrations won", won)
		}
	})
}

func TestEmailRegistrationAndRecovery(t *testing.T) {
	a := newTestApp(t, "all", nil)
	seen := map[string]bool{}
	var reg registerPayload
	a.mutate(t, "en", registerMutation, map[string]any{"in": map[string]any{"lastName": "Smith", "firstName": "Anna", "email": "Anna.Smith@Example.com"}}, &reg)
	if reg.Registration == nil || reg.Registration.ContactKind != "EMAIL" || reg.Registration.MaskedContact != "a***@example.com" {
		t.Fatalf("register: %+v", reg)
	}
	token := a.message(t, "anna.smith@example.com", regexp.MustCompile(`token=([A-Za-z0-9_-]+)`), seen)
	var conf struct{ SetupToken *string }
	a.mutate(t, "", confirmMutation, map[string]any{"in": map[string]any{"registrationId": reg.Registration.ID, "code": token}}, &conf)
	var auth authPayload
	a.mutate(t, "", setPasswordMutation, map[string]any{"in": map[string]any{"setupToken": *conf.SetupToken, "password": goodPassword, "passwordAgain": goodPassword}}, &auth)
	if auth.Session == nil {
		t.Fatalf("setPassword: %+v", auth.UserErrors)
	}

	var rec struct {
		Channel       string
		MaskedContact *string
	}
	a.mutate(t, "", `mutation { requestRecovery(input: {login: "anna.smith@example.com"}) { channel maskedContact } }`, nil, &rec)
	if rec.Channel != "EMAIL" {
		t.Fatalf("recovery: %+v", rec)
	}
	link := a.message(t, "anna.smith@example.com", regexp.MustCompile(`recovery\?token=([A-Za-z0-9_-]+)`), seen)
	const fresh = "Novyi2027Parol"
	var reset authPayload
	a.mutate(t, "", `mutation($in: ResetPasswordInput!) { resetPassword(input: $in) { session { accessToken } userErrors { code } } }`,
		map[string]any{"in": map[string]any{"code": link, "password": fresh, "passwordAgain": fresh}}, &reset)
	if reset.Session == nil {
		t.Fatalf("reset: %+v", reset.UserErrors)
	}
	if r := a.postAuth(t, auth.Session.AccessToken, `{ me { id } }`, nil); r.code(0) != "UNAUTHENTICATED" {
		t.Errorf("a session from before the reset survived: %+v", r.Errors)
	}
	var in authPayload
	a.mutate(t, "", signInMutation, map[string]any{"in": map[string]any{"login": "ANNA.SMITH@example.com", "password": fresh}}, &in)
	if in.Session == nil {
		t.Errorf("sign in with the new password: %+v", in.UserErrors)
	}
	// The same link a second time does nothing.
	var again authPayload
	a.mutate(t, "", `mutation($in: ResetPasswordInput!) { resetPassword(input: $in) { session { accessToken } userErrors { code } } }`,
		map[string]any{"in": map[string]any{"code": link, "password": goodPassword, "passwordAgain": goodPassword}}, &again)
	if again.Session != nil {
		t.Error("a recovery link worked twice")
	}
}

func TestDevMessages(t *testing.T) {
	a := newTestApp(t, "all", nil)
	if code, body := a.get(t, "/dev/messages"); code != http.StatusBadRequest || !strings.Contains(body, "to") {
		t.Errorf("without to: %d %s", code, body)
	}
}

// normalPhone writes a test's phone as the portal stores it.
func normalPhone(p string) string {
	d := regexp.MustCompile(`\D`).ReplaceAllString(p, "")
	if len(d) == 11 && d[0] == '8' {
		d = "7" + d[1:]
	}
	return "+" + d
}
