package esign_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/esign"
	"github.com/uslugi/uslugi/esign/esigntest"
)

var citizen = esigntest.Subject{
	SNILS:      "11223344595",
	INN:        "500100732259",
	LastName:   "Иванов",
	FirstName:  "Иван",
	Patronymic: "Иванович",
}

func newVerifier(t *testing.T, cfg esign.Config) *esign.Verifier {
	t.Helper()
	v, err := esign.NewVerifier(cfg)
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	return v
}

func newChallenge(t *testing.T, v *esign.Verifier, now time.Time) esign.Challenge {
	t.Helper()
	ch, err := v.NewChallenge("acc-42", now)
	if err != nil {
		t.Fatalf("NewChallenge: %v", err)
	}
	return ch
}

// issueWithKey issues a certificate for citizen with any public key, from
// issuer, for cases esigntest does not make.
func issueWithKey(t *testing.T, pub crypto.PublicKey, issuer *x509.Certificate, issuerKey crypto.Signer, now time.Time, isCA bool) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject: pkix.Name{CommonName: "Иванов Иван Иванович", ExtraNames: []pkix.AttributeTypeAndValue{
			{Type: []int{1, 2, 643, 100, 3}, Value: "11223344595"},
		}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  isCA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, pub, issuerKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestVerify(t *testing.T) {
	pki := esigntest.NewPKI(t)
	now := pki.Now

	ecCert, ecKey := pki.Issue(t, citizen, esigntest.Options{})
	rsaCert, rsaKey := pki.Issue(t, citizen, esigntest.Options{Algorithm: esigntest.RSA2048})
	rootCert, rootKey := pki.Issue(t, citizen, esigntest.Options{ByRoot: true})
	revokedCert, revokedKey := pki.Issue(t, citizen, esigntest.Options{})
	expiredCert, expiredKey := pki.Issue(t, citizen, esigntest.Options{
		NotBefore: now.AddDate(-2, 0, 0), NotAfter: now.AddDate(-1, 0, 0)})
	futureCert, futureKey := pki.Issue(t, citizen, esigntest.Options{
		NotBefore: now.Add(24 * time.Hour), NotAfter: now.AddDate(1, 0, 0)})
	noSNILSCert, noSNILSKey := pki.Issue(t, esigntest.Subject{LastName: "Иванов", FirstName: "Иван"}, esigntest.Options{})
	edCert, edKey := pki.Issue(t, citizen, esigntest.Options{Algorithm: esigntest.Ed25519})
	gostCert, _ := pki.Issue(t, citizen, esigntest.Options{Algorithm: esigntest.GOST2012})
	encCert, encKey := pki.Issue(t, citizen, esigntest.Options{KeyUsage: x509.KeyUsageKeyAgreement})

	untrusted := esigntest.NewPKI(t)
	untrustedCert, untrustedKey := untrusted.Issue(t, citizen, esigntest.Options{})
	untrustedExpiredCert, untrustedExpiredKey := untrusted.Issue(t, citizen, esigntest.Options{
		NotBefore: now.AddDate(-2, 0, 0), NotAfter: now.AddDate(-1, 0, 0)})

	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p384Cert := issueWithKey(t, p384.Public(), pki.Intermediate, pki.IntermediateKey, now, false)
	rsa1024, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	rsa1024Cert := issueWithKey(t, rsa1024.Public(), pki.Intermediate, pki.IntermediateKey, now, false)
	caLeafKey := esigntest.NewKey(t, esigntest.ECDSAP256)
	caLeafCert := issueWithKey(t, caLeafKey.Public(), pki.Intermediate, pki.IntermediateKey, now, true)

	v := newVerifier(t, esign.Config{
		TrustedCAs: pki.CAPEM(),
		CRLs:       [][]byte{pki.CRL(t, esigntest.Certificate(t, revokedCert))},
		Clock:      pki.Clock,
	})
	// Only the root trusted: the intermediate must come with the certificate.
	rootOnly := newVerifier(t, esign.Config{TrustedCAs: pki.RootPEM(), Clock: pki.Clock})

	ch := newChallenge(t, v, now.Add(-time.Minute))
	oldCh := newChallenge(t, v, now.Add(-esign.ChallengeTTL))
	otherCh := newChallenge(t, v, now)

	der := func(p []byte) []byte { b, _ := pem.Decode(p); return b.Bytes }

	tests := []struct {
		name    string
		v       *esign.Verifier
		ch      esign.Challenge
		sig     []byte
		cert    []byte
		chain   []byte
		wantErr error
		wantAt  time.Time
		wantCA  bool
		detail  string // in err.Error()
	}{
		{name: "valid ECDSA P-256", ch: ch, sig: esigntest.Sign(t, ecKey, ch.Text), cert: ecCert},
		{name: "valid RSA 2048 PKCS1 v1.5", ch: ch, sig: esigntest.Sign(t, rsaKey, ch.Text), cert: rsaCert},
		{name: "valid RSA 2048 PSS", ch: ch, sig: esigntest.SignPSS(t, rsaKey, ch.Text), cert: rsaCert},
		{name: "valid DER certificate", ch: ch, sig: esigntest.Sign(t, ecKey, ch.Text), cert: der(ecCert)},
		{name: "valid certificate issued by the root", ch: ch, sig: esigntest.Sign(t, rootKey, ch.Text), cert: rootCert},
		{name: "valid with the intermediate sent as chain", v: rootOnly, ch: ch,
			sig: esigntest.Sign(t, ecKey, ch.Text), cert: ecCert, chain: pki.IntermediatePEM()},
		{name: "valid with the intermediate after the certificate", v: rootOnly, ch: ch,
			sig: esigntest.Sign(t, ecKey, ch.Text), cert: append(append([]byte{}, ecCert...), pki.IntermediatePEM()...)},
		{name: "valid with a DER chain", v: rootOnly, ch: ch,
			sig: esigntest.Sign(t, ecKey, ch.Text), cert: ecCert, chain: pki.Intermediate.Raw},
		{name: "missing intermediate is untrusted", v: rootOnly, ch: ch,
			sig: esigntest.Sign(t, ecKey, ch.Text), cert: ecCert, wantErr: esign.ErrUntrusted},
		{name: "certificate from an untrusted CA", ch: ch,
			sig: esigntest.Sign(t, untrustedKey, ch.Text), cert: untrustedCert, wantErr: esign.ErrUntrusted},
		{name: "untrusted CA's chain sent along is still untrusted", ch: ch,
			sig: esigntest.Sign(t, untrustedKey, ch.Text), cert: untrustedCert, chain: untrusted.CAPEM(), wantErr: esign.ErrUntrusted},
		{name: "expired certificate from an untrusted CA is untrusted", ch: ch,
			sig: esigntest.Sign(t, untrustedExpiredKey, ch.Text), cert: untrustedExpiredCert, wantErr: esign.ErrUntrusted},
		{name: "expired certificate", ch: ch, sig: esigntest.Sign(t, expiredKey, ch.Text), cert: expiredCert,
			wantErr: esign.ErrExpired, wantAt: now.AddDate(-1, 0, 0)},
		{name: "not yet valid certificate", ch: ch, sig: esigntest.Sign(t, futureKey, ch.Text), cert: futureCert,
			wantErr: esign.ErrNotYetValid, wantAt: now.Add(24 * time.Hour)},
		{name: "revoked certificate", ch: ch, sig: esigntest.Sign(t, revokedKey, ch.Text), cert: revokedCert,
			wantErr: esign.ErrRevoked, wantAt: pki.RevokedAt},
		{name: "signature over other text", ch: ch, sig: esigntest.Sign(t, ecKey, otherCh.Text), cert: ecCert,
			wantErr: esign.ErrBadSignature},
		{name: "signature by another key", ch: ch, sig: esigntest.Sign(t, untrustedKey, ch.Text), cert: ecCert,
			wantErr: esign.ErrBadSignature},
		{name: "RSA signature by another key", ch: ch, sig: esigntest.Sign(t, ecKey, ch.Text), cert: rsaCert,
			wantErr: esign.ErrBadSignature},
		{name: "expired challenge", ch: oldCh, sig: esigntest.Sign(t, ecKey, oldCh.Text), cert: ecCert,
			wantErr: esign.ErrChallengeExpired, wantAt: oldCh.ExpiresAt},
		{name: "certificate without SNILS", ch: ch, sig: esigntest.Sign(t, noSNILSKey, ch.Text), cert: noSNILSCert,
			wantErr: esign.ErrNoSNILS},
		{name: "Ed25519 certificate", ch: ch, sig: esigntest.Sign(t, edKey, ch.Text), cert: edCert,
			wantErr: esign.ErrUnsupportedAlgorithm, detail: "Ed25519"},
		{name: "GOST R 34.10-2012 certificate", ch: ch, sig: make([]byte, 64), cert: gostCert,
			wantErr: esign.ErrUnsupportedAlgorithm, detail: "GOST R 34.10-2012 (256 bit)"},
		{name: "ECDSA P-384 certificate", ch: ch, sig: []byte{1}, cert: p384Cert,
			wantErr: esign.ErrUnsupportedAlgorithm, detail: "P-384"},
		{name: "RSA 1024 certificate", ch: ch, sig: []byte{1}, cert: rsa1024Cert,
			wantErr: esign.ErrUnsupportedAlgorithm, detail: "1024 bits"},
		{name: "missing digitalSignature usage", ch: ch, sig: esigntest.Sign(t, encKey, ch.Text), cert: encCert,
			wantErr: esign.ErrKeyUsage},
		{name: "CA certificate as the citizen's", ch: ch, sig: esigntest.Sign(t, caLeafKey, ch.Text), cert: caLeafCert,
			wantErr: esign.ErrKeyUsage},
		{name: "garbage certificate", ch: ch, sig: []byte{1}, cert: []byte("not a certificate"),
			wantErr: esign.ErrMalformed},
		{name: "PEM that is not a certificate", ch: ch, sig: []byte{1},
			cert: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}}), wantErr: esign.ErrMalformed},
		{name: "no certificate", ch: ch, sig: []byte{1}, wantErr: esign.ErrMalformed},
		{name: "empty signature", ch: ch, cert: ecCert, wantErr: esign.ErrMalformed},
		{name: "garbage chain", ch: ch, sig: esigntest.Sign(t, ecKey, ch.Text), cert: ecCert, chain: []byte("garbage"),
			wantErr: esign.ErrMalformed},
		{name: "empty challenge", sig: esigntest.Sign(t, ecKey, ch.Text), cert: ecCert, wantErr: esign.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vv := v
			if tt.v != nil {
				vv = tt.v
			}
			s, err := vv.Verify(tt.ch, tt.sig, tt.cert, tt.chain)
			t.Logf("error: %v; ru: %s; en: %s", err, esign.Message(err, "ru"), esign.Message(err, "en"))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if s.SNILS != "11223344595" || s.INN != "500100732259" || s.LastName != "Иванов" ||
					s.FirstName != "Иван" || s.Patronymic != "Иванович" {
					t.Errorf("Signer = %+v", s)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if s != (esign.Signer{}) {
				t.Errorf("Signer = %+v with an error, want zero", s)
			}
			var e *esign.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *esign.Error", err)
			}
			if !e.At.Equal(tt.wantAt) {
				t.Errorf("Error.At = %v, want %v", e.At, tt.wantAt)
			}
			if e.CA != tt.wantCA {
				t.Errorf("Error.CA = %v, want %v", e.CA, tt.wantCA)
			}
			if !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("error %q does not say %q", err, tt.detail)
			}
			for _, lang := range []string{"ru", "en"} {
				if m := esign.Message(err, lang); m == "" || strings.ContainsAny(m, "%[]") {
					t.Errorf("Message(%s) = %q", lang, m)
				}
			}
		})
	}
}

func TestVerifyChainOfCAs(t *testing.T) {
	pki := esigntest.NewPKI(t)
	certPEM, key := pki.Issue(t, citizen, esigntest.Options{})

	// A second intermediate under the same root, expired now.
	oldKey := esigntest.NewKey(t, esigntest.ECDSAP256)
	oldTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(7),
		Subject:               pkix.Name{CommonName: "Старый УЦ"},
		NotBefore:             pki.Now.AddDate(-5, 0, 0),
		NotAfter:              pki.Now.AddDate(0, 0, -1),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	oldDER, err := x509.CreateCertificate(rand.Reader, oldTmpl, pki.Root, oldKey.Public(), pki.RootKey)
	if err != nil {
		t.Fatal(err)
	}
	oldCA, err := x509.ParseCertificate(oldDER)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(8),
		Subject: pkix.Name{CommonName: "Иванов Иван", ExtraNames: []pkix.AttributeTypeAndValue{
			{Type: []int{1, 2, 643, 100, 3}, Value: "11223344595"}}},
		NotBefore: pki.Now.AddDate(-2, 0, 0),
		NotAfter:  pki.Now.AddDate(1, 0, 0),
		KeyUsage:  x509.KeyUsageDigitalSignature,
	}
	leafKey := esigntest.NewKey(t, esigntest.ECDSAP256)
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, oldCA, leafKey.Public(), oldKey)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		cfg     esign.Config
		cert    []byte
		chain   []byte
		key     crypto.Signer
		clock   time.Time
		wantErr error
		wantAt  time.Time
		wantCA  bool
	}{
		{name: "revoked intermediate",
			cfg:  esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.RootCRL(t, pki.Intermediate)}},
			cert: certPEM, key: key, wantErr: esign.ErrRevoked, wantAt: pki.RevokedAt, wantCA: true},
		{name: "intermediate's list revokes another certificate",
			cfg:  esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.CRL(t, pki.Root), pki.RootCRL(t)}},
			cert: certPEM, key: key},
		{name: "expired intermediate",
			cfg:  esign.Config{TrustedCAs: pki.RootPEM()},
			cert: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER}), chain: oldDER, key: leafKey,
			wantErr: esign.ErrExpired, wantAt: oldCA.NotAfter, wantCA: true},
		{name: "stale revocation list fails closed",
			cfg:  esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.StaleCRL(t)}},
			cert: certPEM, key: key, wantErr: esign.ErrRevocationUnknown, wantAt: pki.Now.Add(-time.Minute)},
		{name: "a current list beside a stale one is enough",
			cfg:  esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.StaleCRL(t), pki.CRL(t)}},
			cert: certPEM, key: key},
		{name: "revoked in a stale list is still revoked",
			cfg:  esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.StaleCRL(t, esigntest.Certificate(t, certPEM))}},
			cert: certPEM, key: key, wantErr: esign.ErrRevoked, wantAt: pki.RevokedAt},
		{name: "list goes stale after its NextUpdate",
			cfg:   esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.CRL(t)}},
			clock: pki.Now.Add(esigntest.CRLValidity + time.Second),
			cert:  certPEM, key: key, wantErr: esign.ErrRevocationUnknown, wantAt: pki.Now.Add(esigntest.CRLValidity)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := pki.Now
			if !tt.clock.IsZero() {
				now = tt.clock
			}
			tt.cfg.Clock = func() time.Time { return now }
			v := newVerifier(t, tt.cfg)
			ch := newChallenge(t, v, now.Add(-time.Minute))
			_, err := v.Verify(ch, esigntest.Sign(t, tt.key, ch.Text), tt.cert, tt.chain)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			var e *esign.Error
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &e) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if !e.At.Equal(tt.wantAt) || e.CA != tt.wantCA {
				t.Errorf("At, CA = %v, %v; want %v, %v", e.At, e.CA, tt.wantAt, tt.wantCA)
			}
		})
	}
}

func TestNewVerifier(t *testing.T) {
	pki := esigntest.NewPKI(t)
	other := esigntest.NewPKI(t)
	leaf, _ := pki.Issue(t, citizen, esigntest.Options{})
	gost, _ := pki.Issue(t, citizen, esigntest.Options{Algorithm: esigntest.GOST2012})
	crlDER := func(p []byte) []byte { b, _ := pem.Decode(p); return b.Bytes }

	tests := []struct {
		name        string
		cfg         esign.Config
		wantErr     string // in the error; "" for none
		wantSkipped int
	}{
		{name: "root and intermediate with their lists",
			cfg: esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{pki.CRL(t), pki.RootCRL(t)}}},
		{name: "two lists in one PEM entry",
			cfg: esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{append(pki.CRL(t), pki.RootCRL(t)...)}}},
		{name: "a foreign list among two in one PEM entry is refused",
			cfg:     esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{append(pki.CRL(t), other.RootCRL(t)...)}},
			wantErr: "CRLs[0]: the revocation list of C=RU, O=Тестовый УЦ, CN=Тестовый головной УЦ is not signed"},
		{name: "DER revocation list", cfg: esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{crlDER(pki.CRL(t))}}},
		{name: "root alone", cfg: esign.Config{TrustedCAs: pki.RootPEM()}},
		{name: "two PKIs", cfg: esign.Config{TrustedCAs: append(pki.CAPEM(), other.CAPEM()...),
			CRLs: [][]byte{pki.CRL(t), other.CRL(t)}}},
		{name: "list not signed by a trusted CA is refused",
			cfg:     esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{other.CRL(t)}},
			wantErr: "CRLs[0]: the revocation list of C=RU, O=Тестовый УЦ, CN=Тестовый аккредитованный УЦ is not signed by a trusted CA"},
		{name: "list of a CA outside the bundle is refused",
			cfg:     esign.Config{TrustedCAs: pki.RootPEM(), CRLs: [][]byte{pki.CRL(t)}},
			wantErr: "not signed by a trusted CA"},
		{name: "garbage list", cfg: esign.Config{TrustedCAs: pki.CAPEM(), CRLs: [][]byte{[]byte("x")}},
			wantErr: "CRLs[0]"},
		{name: "empty bundle", cfg: esign.Config{}, wantErr: "TrustedCAs: not PEM"},
		{name: "intermediate without its root", cfg: esign.Config{TrustedCAs: pki.IntermediatePEM()},
			wantErr: "its issuer (C=RU, O=Тестовый УЦ, CN=Тестовый головной УЦ) is not in the bundle"},
		{name: "a citizen's certificate in the bundle", cfg: esign.Config{TrustedCAs: append(pki.CAPEM(), leaf...)},
			wantErr: "is not a CA certificate"},
		{name: "a key in the bundle",
			cfg:     esign.Config{TrustedCAs: append(pki.CAPEM(), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}})...)},
			wantErr: `"PRIVATE KEY", not CERTIFICATE`},
		{name: "GOST certificate in the bundle is skipped",
			cfg: esign.Config{TrustedCAs: append(pki.CAPEM(), gost...)}, wantSkipped: 1},
		{name: "only GOST certificates", cfg: esign.Config{TrustedCAs: gost},
			wantErr: "GOST R 34.10-2012 certificates cannot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := esign.NewVerifier(tt.cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("NewVerifier: %v", err)
				}
				if got := v.Skipped(); len(got) != tt.wantSkipped {
					t.Errorf("Skipped = %q, want %d", got, tt.wantSkipped)
				} else if tt.wantSkipped > 0 && !strings.Contains(got[0], "GOST R 34.10-2012") {
					t.Errorf("Skipped = %q, want GOST named", got)
				}
				return
			}
			if !errors.Is(err, esign.ErrConfig) {
				t.Fatalf("NewVerifier error = %v, want ErrConfig", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
		})
	}
}

func TestVerifierConcurrent(t *testing.T) {
	pki := esigntest.NewPKI(t)
	certPEM, key := pki.Issue(t, citizen, esigntest.Options{})
	v := newVerifier(t, esign.Config{TrustedCAs: pki.RootPEM(), CRLs: [][]byte{pki.RootCRL(t)}, Clock: pki.Clock})
	chs := make([]esign.Challenge, 8)
	sigs := make([][]byte, 8)
	for i := range chs {
		chs[i] = newChallenge(t, v, pki.Now)
		sigs[i] = esigntest.Sign(t, key, chs[i].Text)
	}
	errs := make(chan error, len(chs))
	for i := range chs {
		go func() {
			_, err := v.Verify(chs[i], sigs[i], certPEM, pki.IntermediatePEM())
			errs <- err
		}()
	}
	for range chs {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
