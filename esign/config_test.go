package esign_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/uslugi/uslugi/esign"
	"github.com/uslugi/uslugi/esign/esigntest"
)

func TestLoadConfig(t *testing.T) {
	pki := esigntest.NewPKI(t)
	other := esigntest.NewPKI(t)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cas := write("cas.pem", pki.CAPEM())
	crl1 := write("inter.crl", pki.CRL(t))
	crl2 := write("root.crl", pki.RootCRL(t))
	foreign := write("foreign.crl", other.CRL(t))
	missing := filepath.Join(dir, "missing.crl")

	tests := []struct {
		name      string
		ca, crls  string
		wantCRLs  int
		loadErr   string // in LoadConfig's error
		verifyErr string // in NewVerifier's error
	}{
		{name: "bundle and two lists, spaced", ca: cas, crls: " " + crl1 + " , " + crl2 + ",", wantCRLs: 2},
		{name: "no lists", ca: cas, crls: ""},
		{name: "no bundle", ca: " ", loadErr: "ESIGN_TRUSTED_CAS is not set"},
		{name: "missing bundle", ca: filepath.Join(dir, "nope.pem"), loadErr: "ESIGN_TRUSTED_CAS: open " + dir},
		{name: "missing list", ca: cas, crls: crl1 + "," + missing, loadErr: "ESIGN_CRLS: open " + missing},
		{name: "list of another CA names the setting and file", ca: cas, crls: crl1 + "," + foreign, wantCRLs: 2,
			verifyErr: "ESIGN_CRLS " + foreign + ": the revocation list of"},
		{name: "bundle that is not PEM names the setting and file", ca: crl1,
			verifyErr: "ESIGN_TRUSTED_CAS " + crl1 + ": PEM block 1 is \"X509 CRL\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := esign.LoadConfig(tt.ca, tt.crls)
			if tt.loadErr != "" {
				if !errors.Is(err, esign.ErrConfig) || !strings.Contains(err.Error(), tt.loadErr) {
					t.Fatalf("LoadConfig error = %v, want %q", err, tt.loadErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if len(cfg.CRLs) != tt.wantCRLs {
				t.Errorf("%d CRLs, want %d", len(cfg.CRLs), tt.wantCRLs)
			}
			_, err = esign.NewVerifier(cfg)
			if tt.verifyErr == "" {
				if err != nil {
					t.Fatalf("NewVerifier: %v", err)
				}
				return
			}
			if !errors.Is(err, esign.ErrConfig) || !strings.Contains(err.Error(), tt.verifyErr) {
				t.Errorf("NewVerifier error = %v, want %q", err, tt.verifyErr)
			}
		})
	}
}
