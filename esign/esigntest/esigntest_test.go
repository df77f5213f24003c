package esigntest_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"testing"
	"time"

	"github.com/uslugi/uslugi/esign/esigntest"
)

func TestPKI(t *testing.T) {
	pki := esigntest.NewPKI(t)
	subject := esigntest.Subject{SNILS: "11223344595", INN: "500100732259", LastName: "Иванов", FirstName: "Иван", Patronymic: "Иванович"}

	t.Run("bundle holds the root then the intermediate", func(t *testing.T) {
		rest := pki.CAPEM()
		var got []*x509.Certificate
		for {
			var b *pem.Block
			if b, rest = pem.Decode(rest); b == nil {
				break
			}
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, c)
		}
		if len(got) != 2 || !got[0].Equal(pki.Root) || !got[1].Equal(pki.Intermediate) {
			t.Fatalf("CAPEM holds %d certificates", len(got))
		}
		if err := pki.Intermediate.CheckSignatureFrom(pki.Root); err != nil {
			t.Errorf("intermediate not signed by root: %v", err)
		}
	})

	for _, tt := range []struct {
		name string
		alg  esigntest.Algorithm
		pub  func(crypto.PublicKey) bool
	}{
		{"ECDSA P-256", esigntest.ECDSAP256, func(k crypto.PublicKey) bool { _, ok := k.(*ecdsa.PublicKey); return ok }},
		{"RSA 2048", esigntest.RSA2048, func(k crypto.PublicKey) bool { r, ok := k.(*rsa.PublicKey); return ok && r.N.BitLen() == 2048 }},
		{"Ed25519", esigntest.Ed25519, func(k crypto.PublicKey) bool { _, ok := k.(ed25519.PublicKey); return ok }},
	} {
		t.Run("issues "+tt.name+" with SNILS and INN as NumericString", func(t *testing.T) {
			certPEM, key := pki.Issue(t, subject, esigntest.Options{Algorithm: tt.alg})
			c := esigntest.Certificate(t, certPEM)
			if !tt.pub(c.PublicKey) {
				t.Fatalf("public key %T", c.PublicKey)
			}
			if err := c.CheckSignatureFrom(pki.Intermediate); err != nil {
				t.Errorf("not issued by the intermediate: %v", err)
			}
			for _, v := range []string{"11223344595", "500100732259"} {
				if !bytes.Contains(c.RawSubject, append([]byte{0x12, byte(len(v))}, v...)) {
					t.Errorf("%s is not a NumericString in the subject", v)
				}
			}
			if c.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment {
				t.Errorf("KeyUsage = %v", c.KeyUsage)
			}
			if !c.NotBefore.Equal(pki.Now.Add(-time.Hour)) || !c.NotAfter.Equal(pki.Now.AddDate(1, 0, 0)) {
				t.Errorf("validity %v..%v", c.NotBefore, c.NotAfter)
			}
			sig := esigntest.Sign(t, key, "текст")
			if err := c.CheckSignature(signatureAlgorithm(tt.alg), []byte("текст"), sig); err != nil {
				t.Errorf("Sign: %v", err)
			}
		})
	}

	t.Run("SignPSS signs by RSASSA-PSS", func(t *testing.T) {
		certPEM, key := pki.Issue(t, subject, esigntest.Options{Algorithm: esigntest.RSA2048})
		c := esigntest.Certificate(t, certPEM)
		digest := sha256.Sum256([]byte("текст"))
		if err := rsa.VerifyPSS(c.PublicKey.(*rsa.PublicKey), crypto.SHA256, digest[:], esigntest.SignPSS(t, key, "текст"), nil); err != nil {
			t.Error(err)
		}
	})

	t.Run("GOST certificate is properly signed, with no private key", func(t *testing.T) {
		certPEM, key := pki.Issue(t, subject, esigntest.Options{Algorithm: esigntest.GOST2012})
		if key != nil {
			t.Errorf("key = %T, want nil", key)
		}
		c := esigntest.Certificate(t, certPEM)
		if c.PublicKeyAlgorithm != x509.UnknownPublicKeyAlgorithm {
			t.Errorf("PublicKeyAlgorithm = %v", c.PublicKeyAlgorithm)
		}
		if !bytes.Contains(c.RawSubjectPublicKeyInfo, []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x01}) {
			t.Error("no GOST R 34.10-2012 OID in the key")
		}
		if err := pki.Intermediate.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
			t.Errorf("signature: %v", err)
		}
	})

	t.Run("CRL revokes at RevokedAt and is signed by the intermediate", func(t *testing.T) {
		certPEM, _ := pki.Issue(t, subject, esigntest.Options{})
		c := esigntest.Certificate(t, certPEM)
		b, _ := pem.Decode(pki.CRL(t, c))
		rl, err := x509.ParseRevocationList(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if err := rl.CheckSignatureFrom(pki.Intermediate); err != nil {
			t.Errorf("CheckSignatureFrom: %v", err)
		}
		if len(rl.RevokedCertificateEntries) != 1 || rl.RevokedCertificateEntries[0].SerialNumber.Cmp(c.SerialNumber) != 0 ||
			!rl.RevokedCertificateEntries[0].RevocationTime.Equal(pki.RevokedAt) {
			t.Errorf("entries = %+v", rl.RevokedCertificateEntries)
		}
		if !rl.NextUpdate.Equal(pki.Now.Add(esigntest.CRLValidity)) {
			t.Errorf("NextUpdate = %v", rl.NextUpdate)
		}
	})
}

func signatureAlgorithm(alg esigntest.Algorithm) x509.SignatureAlgorithm {
	switch alg {
	case esigntest.RSA2048:
		return x509.SHA256WithRSA
	case esigntest.Ed25519:
		return x509.PureEd25519
	}
	return x509.ECDSAWithSHA256
}
