package account_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func personal(snilsBody, passportNumber string) account.PersonalDataInput {
	return account.PersonalDataInput{
		LastName: "Иванов", FirstName: "Иван", Patronymic: "Иванович", BirthDate: "1985-04-12", Sex: "MALE",
		Citizenship: "RUS", DocKind: "RF_PASSPORT", DocSeries: "45 06", DocNumber: passportNumber, DocIssuedOn: "2005-05-20",
		DocIssuer: "770-001", SNILS: agencytest.SNILS(snilsBody), BirthPlace: "г. Москва", RegionCode: "16",
		OKTMO: "92701000", Address: "ул. Баумана, д. 1, кв. 2",
	}
}

// run drives the verification's jobs by hand, moving the clock past each
// poll's delay, until it finishes or the deadline passes.
func (e *env) run(t *testing.T, id string) account.Verification {
	t.Helper()
	ctx := context.Background()
	if err := e.svc.StartVerification(ctx, id); err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt < 200; attempt++ {
		e.clock.Advance(10 * time.Minute)
		if err := e.svc.PollVerification(ctx, id, attempt); err != nil {
			t.Fatal(err)
		}
		var status string
		if err := e.db.NewSelect().TableExpr("verifications").Column("status").Where("id = ?", id).Scan(ctx, &status); err != nil {
			t.Fatal(err)
		}
		if status != string(account.VerificationRunning) {
			break
		}
	}
	var v account.Verification
	var err error
	p := e.principal(t)
	got, err := e.svc.CurrentVerification(ctx, p)
	if err != nil || got == nil {
		t.Fatalf("verification: %v", err)
	}
	v = *got
	return v
}

func (e *env) principal(t *testing.T) account.Principal {
	t.Helper()
	var id string
	if err := e.db.NewSelect().TableExpr("accounts").Column("id").Limit(1).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return account.Principal{AccountID: id}
}

func TestVerification(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		input      account.PersonalDataInput
		wantStatus account.VerificationStatus
		wantTier   account.Tier
		wantText   string
	}{
		{"both agencies confirm", personal("112233445", "123456"), account.VerificationSucceeded, account.TierStandard, "подтверждены"},
		{"the name does not match the SNILS", personal("112233000", "123456"), account.VerificationFailed, account.TierSimplified, "ФИО"},
		{"the passport is invalid", personal("112233445", "123400"), account.VerificationFailed, account.TierSimplified, "Паспорт"},
		{"an agency that never answers", personal("112233999", "123456"), account.VerificationFailed, account.TierSimplified, "не ответило"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			auth := e.register(t, "+79123456789")
			p := account.Principal{AccountID: auth.Account.ID}
			v, err := e.svc.SubmitPersonalData(ctx, p, tt.input, client)
			if err != nil {
				t.Fatal(err)
			}
			got := e.run(t, v.ID)
			if got.Status != tt.wantStatus {
				t.Fatalf("status = %s (%+v), want %s", got.Status, got, tt.wantStatus)
			}
			a, err := e.svc.Me(ctx, p)
			if err != nil || a.Tier != tt.wantTier {
				t.Errorf("tier = %s, want %s", a.Tier, tt.wantTier)
			}
			text := got.MessageRu + " " + got.SFR.MessageRu + " " + got.MVD.MessageRu
			if !strings.Contains(text, tt.wantText) {
				t.Errorf("messages %q lack %q", text, tt.wantText)
			}
			// The citizen is told either way.
			var n int
			if err := e.db.NewSelect().TableExpr("notifications").ColumnExpr("count(*)").Where("account_id = ?", p.AccountID).Scan(ctx, &n); err != nil || n != 1 {
				t.Errorf("%d notifications in the feed (%v), want 1", n, err)
			}
		})
	}
}

func TestVerifiedAccountSignsInBySNILSAndTheNextRefreshCarriesTheTier(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	auth := e.register(t, "+79123456789")
	p := account.Principal{AccountID: auth.Account.ID}
	in := personal("112233445", "123456")
	v, err := e.svc.SubmitPersonalData(ctx, p, in, client)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.run(t, v.ID); got.Status != account.VerificationSucceeded {
		t.Fatalf("%+v", got)
	}
	next, err := e.svc.Refresh(ctx, auth.RefreshToken, client)
	if err != nil {
		t.Fatal(err)
	}
	pp, err := e.svc.Authenticate(ctx, next.AccessToken)
	if err != nil || pp.Tier != account.TierStandard {
		t.Errorf("after refresh the token says %s (%v), want STANDARD", pp.Tier, err)
	}
	if _, err := e.svc.SignIn(ctx, in.SNILS, goodPassword, client); err != nil {
		t.Errorf("sign in by SNILS: %v", err)
	}
	// The identifiers are sealed at rest.
	var raw []byte
	if err := e.db.NewSelect().TableExpr("personal_data").Column("snils_sealed").Scan(ctx, &raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), in.SNILS) {
		t.Error("the SNILS is stored in the clear")
	}
	d, err := e.svc.MyPersonalData(ctx, p)
	if err != nil || d.SNILS != in.SNILS || d.DocNumber != "123456" || d.DocSeries != "4506" {
		t.Errorf("own personal data: %+v %v", d, err)
	}
}

func TestNewSubmissionCancelsTheRunningVerification(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	auth := e.register(t, "+79123456789")
	p := account.Principal{AccountID: auth.Account.ID}
	first, err := e.svc.SubmitPersonalData(ctx, p, personal("112233445", "123400"), client)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.StartVerification(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	second, err := e.svc.SubmitPersonalData(ctx, p, personal("112233445", "123456"), client)
	if err != nil {
		t.Fatal(err)
	}
	// The first one's late answer (a rejection) must change nothing.
	e.clock.Advance(time.Hour)
	if err := e.svc.PollVerification(ctx, first.ID, 1); err != nil {
		t.Fatal(err)
	}
	if got := e.run(t, second.ID); got.Status != account.VerificationSucceeded || got.ID != second.ID {
		t.Errorf("the second verification: %+v", got)
	}
	var status string
	_ = e.db.NewSelect().TableExpr("verifications").Column("status").Where("id = ?", first.ID).Scan(ctx, &status)
	if status != string(account.VerificationCancelled) {
		t.Errorf("the first verification is %s, want CANCELLED", status)
	}
}

func TestPersonalDataValidation(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	auth := e.register(t, "+79123456789")
	p := account.Principal{AccountID: auth.Account.ID}
	tests := []struct {
		name, field string
		change      func(*account.PersonalDataInput)
	}{
		{"a SNILS with a bad checksum", "snils", func(in *account.PersonalDataInput) { in.SNILS = "112-233-445 96" }},
		{"a passport series of three digits", "passportSeries", func(in *account.PersonalDataInput) { in.DocSeries = "450" }},
		{"an issuer code of the wrong shape", "passportIssuerCode", func(in *account.PersonalDataInput) { in.DocIssuer = "77-001" }},
		{"an unknown region", "regionCode", func(in *account.PersonalDataInput) { in.RegionCode = "99" }},
		{"a municipality of another region", "municipalityOktmo", func(in *account.PersonalDataInput) { in.OKTMO = "65701000" }},
		{"a birth date in the future", "birthDate", func(in *account.PersonalDataInput) { in.BirthDate = "2099-01-01" }},
		{"a Russian citizen with a foreign passport", "documentKind", func(in *account.PersonalDataInput) { in.DocKind = "FOREIGN_PASSPORT" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := personal("112233445", "123456")
			tt.change(&in)
			_, err := e.svc.SubmitPersonalData(ctx, p, in, client)
			var ie account.InputErrors
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v", err)
			}
			found := false
			for _, f := range ie {
				found = found || f.Field == tt.field
			}
			if !found {
				t.Errorf("errors %v do not name %s", ie, tt.field)
			}
		})
	}
}

// signals records the accounts whose verification was said to change.
type signals struct {
	mu  sync.Mutex
	ids []string
}

func (s *signals) VerificationChanged(_ context.Context, accountID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = append(s.ids, accountID)
	return nil
}

// take returns how many signals came since the last take, failing on one
// for another account.
func (s *signals) take(t *testing.T, accountID string) int {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range s.ids {
		if id != accountID {
			t.Errorf("a signal for %s, want %s", id, accountID)
		}
	}
	n := len(s.ids)
	s.ids = nil
	return n
}

func TestVerificationChangesAreSignalledOnce(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	sig := &signals{}
	deps := e.deps
	deps.Verifications = sig
	svc := account.New(e.store, deps, account.Config{PublicURL: "https://uslugi.test"})
	auth := e.register(t, "+79123456789")
	p := account.Principal{AccountID: auth.Account.ID}
	// SFR answers a SNILS ending in 998 after an hour, MVD after 2 minutes.
	v, err := svc.SubmitPersonalData(ctx, p, personal("112233998", "123456"), client)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		advance time.Duration
		do      func() error
		want    int
	}{
		// The request leaves the announcement to the start job: it never
		// waits on Redis.
		{"the submission", 0, func() error { return nil }, 0},
		{"the start job: the new verification, then both checks sent", 0, func() error { return svc.StartVerification(ctx, v.ID) }, 2},
		{"a poll before any answer", 10 * time.Second, func() error { return svc.PollVerification(ctx, v.ID, 1) }, 0},
		{"MVD confirms", 3 * time.Minute, func() error { return svc.PollVerification(ctx, v.ID, 2) }, 1},
		{"a poll while SFR is still silent", 40 * time.Second, func() error { return svc.PollVerification(ctx, v.ID, 3) }, 0},
		{"SFR confirms: the verification succeeds", time.Hour, func() error { return svc.PollVerification(ctx, v.ID, 4) }, 1},
		{"a late poll of the finished verification", time.Hour, func() error { return svc.PollVerification(ctx, v.ID, 5) }, 0},
	}
	for _, st := range steps {
		e.clock.Advance(st.advance)
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := sig.take(t, p.AccountID); got != st.want {
			t.Errorf("%s: %d signals, want %d", st.name, got, st.want)
		}
	}
	if got, err := svc.CurrentVerification(ctx, p); err != nil || got.Status != account.VerificationSucceeded {
		t.Fatalf("verification: %+v %v", got, err)
	}
}
