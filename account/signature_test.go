package account_test

import (
	"context"
	"crypto"
	"crypto/x509"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/esign"
	"github.com/uslugi/uslugi/esign/esigntest"
)

func TestSignatureConfirmation(t *testing.T) {
	ctx := context.Background()
	pki := esigntest.NewPKI(t)
	snils := agencytest.SNILS("112233445")
	good, goodKey := pki.Issue(t, esigntest.Subject{SNILS: snils, LastName: "Иванов", FirstName: "Иван", Patronymic: "Иванович"}, esigntest.Options{})
	other, otherKey := pki.Issue(t, esigntest.Subject{SNILS: agencytest.SNILS("998877665"), LastName: "Петров", FirstName: "Пётр"}, esigntest.Options{})
	revoked, revokedKey := pki.Issue(t, esigntest.Subject{SNILS: snils, LastName: "Иванов", FirstName: "Иван"}, esigntest.Options{})
	expired, expiredKey := pki.Issue(t, esigntest.Subject{SNILS: snils, LastName: "Иванов", FirstName: "Иван"},
		esigntest.Options{NotBefore: pki.Now.Add(-400 * 24 * time.Hour), NotAfter: pki.Now.Add(-24 * time.Hour)})
	stranger := esigntest.NewPKI(t)
	untrusted, untrustedKey := stranger.Issue(t, esigntest.Subject{SNILS: snils, LastName: "Иванов", FirstName: "Иван"}, esigntest.Options{})

	e := newEnv(t)
	e.clock.Set(pki.Now)
	verifier, err := esign.NewVerifier(esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.CRL(t, []*x509.Certificate{esigntest.Certificate(t, revoked)}...)}, Clock: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.useSignatures(t, verifier)
	citizen := e.register(t, "+79123456789")
	p := account.Principal{AccountID: citizen.Account.ID}

	if _, _, err := e.svc.StartSignatureConfirmation(ctx, p); reason(err) != "NO_SNILS" {
		t.Errorf("without personal data: %v", err)
	}
	if _, err := e.svc.SubmitPersonalData(ctx, p, personal("112233445", "123456"), client); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name string
		cert []byte
		key  crypto.Signer
		want string
	}{
		{"a certificate from an untrusted centre", untrusted, untrustedKey, "UNTRUSTED"},
		{"an expired certificate", expired, expiredKey, "EXPIRED"},
		{"a revoked certificate", revoked, revokedKey, "REVOKED"},
		{"another person's certificate", other, otherKey, "SNILS_MISMATCH"},
		{"the citizen's own certificate", good, goodKey, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ch, id, err := e.svc.StartSignatureConfirmation(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			sig := esigntest.Sign(t, tt.key, ch.Text)
			a, err := e.svc.ConfirmWithSignature(ctx, p, id, sig, tt.cert, nil, client)
			if tt.want == "" {
				if err != nil || a.Tier != account.TierConfirmed || a.Method != account.MethodSignature {
					t.Errorf("confirm: %+v %v", a, err)
				}
				return
			}
			if reason(err) != tt.want {
				t.Errorf("err = %v (%s), want %s", err, reason(err), tt.want)
			}
			// The challenge is spent either way.
			if _, err := e.svc.ConfirmWithSignature(ctx, p, id, sig, tt.cert, nil, client); reason(err) != "NOT_FOUND" {
				t.Errorf("a spent challenge: %v", err)
			}
		})
	}
}
