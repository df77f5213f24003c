package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/esign/esigntest"
)

func TestSignatureConfirmationThroughTheAPI(t *testing.T) {
	pki := esigntest.NewPKI(t)
	dir := t.TempDir()
	caPath := filepath.Join(dir, "cas.pem")
	if err := os.WriteFile(caPath, pki.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := agencytest.NewClock(pki.Now)
	a := newTestAppClock(t, "all", func(c *Config) { c.ESignCAs = caPath }, clock.Now)
	s := a.registerPhone(t, "+79123456789", map[string]bool{})
	var p struct{ UserErrors []userErr }
	a.mutate(t, s.AccessToken, personalDataMutation, map[string]any{"in": personalInput("112233445", "123456")}, &p)
	if len(p.UserErrors) > 0 {
		t.Fatal(p.UserErrors)
	}

	var start struct {
		Challenge *struct{ ID, Text string }
	}
	a.mutate(t, s.AccessToken, `mutation { startSignatureConfirmation { challenge { id text expiresAt } userErrors { code } } }`, nil, &start)
	if start.Challenge == nil {
		t.Fatal("no challenge")
	}
	cert, key := pki.Issue(t, esigntest.Subject{SNILS: agencytest.SNILS("112233445"), LastName: "Иванов", FirstName: "Иван"}, esigntest.Options{})
	sig := base64.StdEncoding.EncodeToString(esigntest.Sign(t, key, start.Challenge.Text))
	var conf struct {
		Account    *struct{ Tier, ConfirmationMethod string }
		UserErrors []userErr
	}
	a.mutate(t, s.AccessToken, `mutation($in: ConfirmWithSignatureInput!) { confirmWithSignature(input: $in) { account { tier confirmationMethod } userErrors { field code message } } }`,
		map[string]any{"in": map[string]any{"challengeId": start.Challenge.ID, "signature": sig, "certificate": string(cert)}}, &conf)
	if conf.Account == nil || conf.Account.Tier != "CONFIRMED" || conf.Account.ConfirmationMethod != "SIGNATURE" {
		t.Errorf("confirm: %+v", conf)
	}
}
