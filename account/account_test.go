package account_test

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/account/accountsecret"
	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/secret"
)

// env is an account service on a real database with a clock the test moves.
type env struct {
	svc   *account.Service
	store account.Store
	deps  account.Deps
	db    *bun.DB
	keys  *secret.Keys
	clock *agencytest.Clock
	sims  *agency.Simulators
}

func newEnv(t *testing.T) *env {
	t.Helper()
	keys, err := secret.ParseKeys(secret.GenerateKeys())
	if err != nil {
		t.Fatal(err)
	}
	// Cheap argon2 parameters: the tests check rules, not hashing cost.
	h, err := secret.NewPasswordHasher(secret.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	clock := agencytest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	sims := agency.NewSimulators(clock.Now, agency.SimOptions{})
	store := db.NewAccountStore(bdb, clock.Now)
	deps := account.Deps{
		Passwords: accountsecret.Passwords{Hasher: h},
		Secrets:   accountsecret.Secrets{Keys: keys},
		Clock:     clock.Now,
		Places:    db.NewCatalogStore(bdb),
		Scopes:    db.NewCatalogStore(bdb),
		Agencies:  account.Agencies{SFR: sims.SFR, MVD: sims.MVD, Post: sims.Post},
	}
	svc := account.New(store, deps, account.Config{PublicURL: "https://uslugi.test"})
	return &env{svc: svc, store: store, deps: deps, db: bdb, keys: keys, clock: clock, sims: sims}
}

// lastMessage takes the message the outbox holds for to (the tests read
// each message once, as a person would).
func (e *env) lastMessage(t *testing.T, to string) string {
	t.Helper()
	var rows []struct {
		ID      string `bun:"id"`
		Payload []byte `bun:"payload"`
	}
	if err := e.db.NewSelect().TableExpr("outbox").Column("id", "payload").Where("type = ?", notification.TypeSendMessage).
		Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		var m notification.Message
		if err := json.Unmarshal(r.Payload, &m); err != nil {
			t.Fatal(err)
		}
		if m.To == to {
			text, err := e.keys.Open(m.SealedText, notification.SealContext)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.db.NewDelete().TableExpr("outbox").Where("id = ?", r.ID).Exec(context.Background()); err != nil {
				t.Fatal(err)
			}
			return text
		}
	}
	t.Fatalf("no message to %s", to)
	return ""
}

var sixDigits = regexp.MustCompile(`\b\d{6}\b`)

func code(t *testing.T, text string) string {
	t.Helper()
	c := sixDigits.FindString(text)
	if c == "" {
		t.Fatalf("no code in %q", text)
	}
	return c
}

func reason(err error) string {
	var in account.InputErrors
	if errors.As(err, &in) && len(in) > 0 {
		return in[0].Code
	}
	return ""
}

var client = account.Client{IP: "203.0.113.7", Device: "test"}

const goodPassword = "Zvezda2026x"

func (e *env) register(t *testing.T, phone string) account.Auth {
	t.Helper()
	ctx := context.Background()
	reg, err := e.svc.Register(ctx, account.RegisterInput{LastName: "Иванов", FirstName: "Иван", Phone: phone}, client)
	if err != nil {
		t.Fatal(err)
	}
	setup, err := e.svc.ConfirmContact(ctx, reg.ID, code(t, e.lastMessage(t, "+79123456789")), client)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := e.svc.SetPassword(ctx, setup, goodPassword, goodPassword, client)
	if err != nil {
		t.Fatal(err)
	}
	return auth
}

func TestRegistrationByPhone(t *testing.T) {
	e := newEnv(t)
	auth := e.register(t, "8 (912) 345-67-89")
	if auth.Account.Phone != "+79123456789" || auth.Account.Tier != account.TierSimplified {
		t.Errorf("account = %+v", auth.Account)
	}
	if auth.AccessToken == "" || auth.RefreshToken == "" {
		t.Error("no tokens after registration")
	}
}

func TestConfirmationCodeRules(t *testing.T) {
	ctx := context.Background()
	start := func(t *testing.T, e *env) (account.RegistrationView, string) {
		reg, err := e.svc.Register(ctx, account.RegisterInput{LastName: "Петрова", FirstName: "Анна", Phone: "+79123456789"}, client)
		if err != nil {
			t.Fatal(err)
		}
		return reg, code(t, e.lastMessage(t, "+79123456789"))
	}
	t.Run("expired at five minutes and a second", func(t *testing.T) {
		e := newEnv(t)
		reg, c := start(t, e)
		e.clock.Advance(5*time.Minute + time.Second)
		if _, err := e.svc.ConfirmContact(ctx, reg.ID, c, client); reason(err) != "CODE_EXPIRED" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("still valid at four minutes fifty-nine", func(t *testing.T) {
		e := newEnv(t)
		reg, c := start(t, e)
		e.clock.Advance(4*time.Minute + 59*time.Second)
		if _, err := e.svc.ConfirmContact(ctx, reg.ID, c, client); err != nil {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("the fifth wrong try burns the code, the right one fails after", func(t *testing.T) {
		e := newEnv(t)
		reg, c := start(t, e)
		wrong := "000000"
		if c == wrong {
			wrong = "111111"
		}
		for i := 1; i <= 5; i++ {
			_, err := e.svc.ConfirmContact(ctx, reg.ID, wrong, client)
			want := "WRONG_CODE"
			if i == 5 {
				want = "CODE_BURNED"
			}
			if reason(err) != want {
				t.Fatalf("try %d: %v, want %s", i, err, want)
			}
		}
		if _, err := e.svc.ConfirmContact(ctx, reg.ID, c, client); reason(err) != "CODE_BURNED" {
			t.Errorf("the right code after five wrong tries: %v", err)
		}
	})
	t.Run("concurrent wrong tries all count", func(t *testing.T) {
		e := newEnv(t)
		reg, c := start(t, e)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() { _, _ = e.svc.ConfirmContact(ctx, reg.ID, "999999x", client) })
		}
		wg.Wait()
		if _, err := e.svc.ConfirmContact(ctx, reg.ID, c, client); reason(err) != "CODE_BURNED" {
			t.Errorf("after 20 concurrent wrong tries the code still works: %v", err)
		}
	})
	t.Run("resend waits for the cooldown and replaces the code", func(t *testing.T) {
		e := newEnv(t)
		reg, old := start(t, e)
		var rl *account.RateLimitedError
		if _, err := e.svc.ResendCode(ctx, reg.ID, client); !errors.As(err, &rl) {
			t.Fatalf("resend at once: %v", err)
		}
		e.clock.Advance(account.ResendCooldown)
		if _, err := e.svc.ResendCode(ctx, reg.ID, client); err != nil {
			t.Fatal(err)
		}
		fresh := code(t, e.lastMessage(t, "+79123456789"))
		if old != fresh {
			if _, err := e.svc.ConfirmContact(ctx, reg.ID, old, client); reason(err) != "WRONG_CODE" {
				t.Errorf("the old code still works: %v", err)
			}
		}
		if _, err := e.svc.ConfirmContact(ctx, reg.ID, fresh, client); err != nil {
			t.Errorf("the new code: %v", err)
		}
	})
}

func TestWeakPasswordsAreRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	reg, err := e.svc.Register(ctx, account.RegisterInput{LastName: "Сидоров", FirstName: "Пётр", Email: "Petr@Example.RU"}, client)
	if err != nil {
		t.Fatal(err)
	}
	msg := e.lastMessage(t, "petr@example.ru")
	token := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msg)
	if token == nil {
		t.Fatalf("no link in %q", msg)
	}
	setup, err := e.svc.ConfirmContact(ctx, reg.ID, token[1], client)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, pw, again, want string }{
		{"too short", "Ab1", "Ab1", "TOO_SHORT"},
		{"no digit", "Zvezdaaaaa", "Zvezdaaaaa", "NO_DIGIT"},
		{"no uppercase", "zvezda2026x", "zvezda2026x", "NO_UPPERCASE"},
		{"Cyrillic letters", "Звезда2026X", "Звезда2026X", "NOT_LATIN"},
		{"a common password", "Password1", "Password1", "COMMON"},
		{"entries differ", goodPassword, goodPassword + "y", "MISMATCH"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.svc.SetPassword(ctx, setup, tt.pw, tt.again, client); reason(err) != tt.want {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
		})
	}
	if _, err := e.svc.SetPassword(ctx, setup, goodPassword, goodPassword, client); err != nil {
		t.Errorf("a good password after bad ones: %v", err)
	}
}

func TestSameContactRegisteredTwiceAtOnceMakesOneAccount(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var setups []string
	for range 2 {
		reg, err := e.svc.Register(ctx, account.RegisterInput{LastName: "Иванов", FirstName: "Иван", Phone: "+79123456789"}, client)
		if err != nil {
			t.Fatal(err)
		}
		s, err := e.svc.ConfirmContact(ctx, reg.ID, code(t, e.lastMessage(t, "+79123456789")), client)
		if err != nil {
			t.Fatal(err)
		}
		setups = append(setups, s)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, s := range setups {
		wg.Go(func() { _, errs[i] = e.svc.SetPassword(ctx, s, goodPassword, goodPassword, client) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if reason(err) != "ALREADY_REGISTERED" {
			t.Errorf("the losing registration: %v", err)
		}
	}
	var n int
	if err := e.db.NewSelect().TableExpr("accounts").ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || n != 1 {
		t.Errorf("%d registrations succeeded and %d accounts exist; want one of each", ok, n)
	}
}

func TestSignInSessionsAndRotation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.register(t, "+79123456789")

	for _, login := range []string{"+7 912 345-67-89", "89123456789", "7 (912) 3456789"} {
		if _, err := e.svc.SignIn(ctx, login, goodPassword, client); err != nil {
			t.Errorf("sign in as %q: %v", login, err)
		}
	}
	_, unknown := e.svc.SignIn(ctx, "+79990000000", goodPassword, account.Client{IP: "198.51.100.1"})
	_, wrong := e.svc.SignIn(ctx, "+79123456789", "Wrong2026x", account.Client{IP: "198.51.100.2"})
	if reason(unknown) != "INVALID_CREDENTIALS" || reason(wrong) != "INVALID_CREDENTIALS" || unknown.Error() != wrong.Error() {
		t.Errorf("unknown login %v and wrong password %v must answer alike", unknown, wrong)
	}

	auth, err := e.svc.SignIn(ctx, "+79123456789", goodPassword, client)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.Authenticate(ctx, auth.AccessToken)
	if err != nil || p.AccountID != auth.Account.ID {
		t.Fatalf("authenticate: %+v %v", p, err)
	}
	next, err := e.svc.Refresh(ctx, auth.RefreshToken, client)
	if err != nil {
		t.Fatal(err)
	}
	// The old refresh token again: theft; the whole session ends.
	if _, err := e.svc.Refresh(ctx, auth.RefreshToken, client); !errors.Is(err, account.ErrUnauthenticated) {
		t.Errorf("reuse: %v", err)
	}
	if _, err := e.svc.Refresh(ctx, next.RefreshToken, client); !errors.Is(err, account.ErrUnauthenticated) {
		t.Errorf("the newest token of a revoked session still works: %v", err)
	}
	if _, err := e.svc.Authenticate(ctx, next.AccessToken); !errors.Is(err, account.ErrUnauthenticated) {
		t.Errorf("an access token of a revoked session still works: %v", err)
	}
	e.clock.Advance(account.DefaultAccessTTL + time.Minute)
	if _, err := e.svc.Authenticate(ctx, auth.AccessToken); !errors.Is(err, account.ErrUnauthenticated) {
		t.Errorf("an expired access token works: %v", err)
	}
}

func TestSignInThrottling(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.register(t, "+79123456789")
	var rl *account.RateLimitedError
	for i := 1; i <= account.LoginLockAfter; i++ {
		_, err := e.svc.SignIn(ctx, "+79123456789", "Wrong2026x", client)
		if errors.As(err, &rl) {
			// Slowed down: wait as told, then try again.
			e.clock.Advance(rl.RetryAfter)
			_, err = e.svc.SignIn(ctx, "+79123456789", "Wrong2026x", client)
		}
		if reason(err) != "INVALID_CREDENTIALS" {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	_, err := e.svc.SignIn(ctx, "+79123456789", goodPassword, client)
	if !errors.As(err, &rl) || rl.RetryAfter < 10*time.Minute {
		t.Fatalf("after %d failures the right password: %v, want a lockout", account.LoginLockAfter, err)
	}
	e.clock.Advance(account.LockDuration)
	if _, err := e.svc.SignIn(ctx, "+79123456789", goodPassword, client); err != nil {
		t.Errorf("after the lockout: %v", err)
	}
}

func TestRecoveryByPhoneEndsEverySession(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	old := e.register(t, "+79123456789")
	view, err := e.svc.RequestRecovery(ctx, "8 912 345 67 89", client)
	if err != nil || view.Channel != account.RecoveryPhone {
		t.Fatalf("recovery: %+v %v", view, err)
	}
	c := code(t, e.lastMessage(t, "+79123456789"))
	const fresh = "Novyi2027Parol"
	auth, err := e.svc.ResetPassword(ctx, account.ResetPasswordInput{Login: "+79123456789", Code: c, Password: fresh, PasswordAgain: fresh}, client)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, old.AccessToken); !errors.Is(err, account.ErrUnauthenticated) {
		t.Errorf("a session from before the password change still works: %v", err)
	}
	if _, err := e.svc.Authenticate(ctx, auth.AccessToken); err != nil {
		t.Errorf("the new session: %v", err)
	}
	if _, err := e.svc.SignIn(ctx, "+79123456789", fresh, client); err != nil {
		t.Errorf("sign in with the new password: %v", err)
	}
	// An unknown phone gets the same answer.
	if v, err := e.svc.RequestRecovery(ctx, "+79990001122", client); err != nil || v.Channel != account.RecoveryPhone {
		t.Errorf("unknown phone: %+v %v", v, err)
	}
}

// postBody is the text of the latest registered letter the post took.
func (e *env) postBody(t *testing.T) string {
	t.Helper()
	msgs := e.sims.Mailbox.List("420111, г. Казань, ул. Баумана, д. 1, кв. 2")
	if len(msgs) == 0 {
		t.Fatal("the post took no letter")
	}
	return msgs[0].Text
}

// useSignatures rebuilds the service with a signature verifier.
func (e *env) useSignatures(t *testing.T, v account.SignatureVerifier) {
	t.Helper()
	e.deps.Signatures = v
	e.svc = account.New(e.store, e.deps, account.Config{PublicURL: "https://uslugi.test"})
}
