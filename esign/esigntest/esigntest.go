// Package esigntest makes a throw-away PKI for tests of code that confirms
// identities with package esign: a root CA, an intermediate CA under it,
// citizens' certificates with a SNILS in the subject, revocation lists, and
// signatures of a challenge text.
//
//	pki := esigntest.NewPKI(t)
//	v, _ := esign.NewVerifier(esign.Config{TrustedCAs: pki.CAPEM(), Clock: pki.Clock})
//	certPEM, key := pki.Issue(t, esigntest.Subject{SNILS: "11223344595", LastName: "Иванов", FirstName: "Иван"}, esigntest.Options{})
//	ch, _ := v.NewChallenge("acc-1", pki.Now)
//	signer, err := v.Verify(ch, esigntest.Sign(t, key, ch.Text), certPEM, nil)
//
// Everything is generated in memory at each NewPKI, and every helper fails
// the test (t.Fatal) on error. It does not import esign.
package esigntest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

// Subject attributes of the qualified certificate profile (FSB order 795).
var (
	oidSNILS     = asn1.ObjectIdentifier{1, 2, 643, 100, 3}
	oidINN       = asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}
	oidINNLE     = asn1.ObjectIdentifier{1, 2, 643, 100, 4}
	oidCountry   = asn1.ObjectIdentifier{2, 5, 4, 6}
	oidCN        = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidSurname   = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidGivenName = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidOrg       = asn1.ObjectIdentifier{2, 5, 4, 10}

	oidGOST2012PublicKey256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	oidGOSTParamSetA        = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 1}
	oidGOST2012Digest256    = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
)

// Lifetimes the PKI writes.
const (
	// CAValidity is how far before and after Now the CA certificates are
	// valid.
	CAValidity = 10 * 365 * 24 * time.Hour
	// CRLValidity is how long after Now a revocation list is current
	// (its NextUpdate).
	CRLValidity = 30 * 24 * time.Hour
)

// Algorithm is the key type of an issued certificate.
type Algorithm int

const (
	// ECDSAP256 is an ECDSA key on NIST P-256 (the default).
	ECDSAP256 Algorithm = iota
	// RSA2048 is a 2048-bit RSA key.
	RSA2048
	// Ed25519 is an Ed25519 key, which esign does not accept.
	Ed25519
	// GOST2012 is a GOST R 34.10-2012 (256 bit) public key, as real
	// qualified certificates carry: the certificate is real (signed by the
	// intermediate with ECDSA) but the key is random bytes, and Issue
	// returns no signer for it.
	GOST2012
)

// Subject is who a certificate names.
type Subject struct {
	// SNILS is written as a NumericString under OID 1.2.643.100.3, as the
	// profile requires; "" leaves it out.
	SNILS string
	// INN is the person's INN (OID 1.2.643.3.131.1.1), OrgINN the legal
	// entity's (ИННЮЛ, OID 1.2.643.100.4); "" leaves them out.
	INN, OrgINN string
	// LastName goes to SN; FirstName and Patronymic to GN as "Имя Отчество".
	LastName, FirstName, Patronymic string
	// Organization is O, for an employee's certificate; "" leaves it out.
	Organization string
	// CommonName is CN; "" is "LastName FirstName Patronymic".
	CommonName string
}

// Options are how a certificate is issued; the zero value is an ECDSA P-256
// signing certificate from the intermediate, valid from an hour before Now
// for a year.
type Options struct {
	Algorithm Algorithm
	// NotBefore and NotAfter default to Now-1h and Now+1 year.
	NotBefore, NotAfter time.Time
	// KeyUsage defaults to digitalSignature | nonRepudiation.
	KeyUsage x509.KeyUsage
	// ByRoot issues from the root instead of the intermediate.
	ByRoot bool
}

// PKI is a root CA and an intermediate CA under it.
type PKI struct {
	// Now is the time the PKI was made, to the second, in UTC: the
	// reference for every validity period it writes. Tests should run
	// their clock from it (Clock gives it).
	Now time.Time
	// RevokedAt is the revocation date CRL and RootCRL write: ten minutes
	// before Now.
	RevokedAt time.Time

	Root            *x509.Certificate
	RootKey         crypto.Signer
	Intermediate    *x509.Certificate
	IntermediateKey crypto.Signer

	mu        sync.Mutex
	crlNumber int64
}

// NewPKI makes a root CA ("Тестовый головной УЦ") and an intermediate
// ("Тестовый аккредитованный УЦ"), both ECDSA P-256, valid CAValidity
// either side of Now.
func NewPKI(t testing.TB) *PKI {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	p := &PKI{Now: now, RevokedAt: now.Add(-10 * time.Minute)}
	p.RootKey = newKey(t, ECDSAP256)
	p.Root = p.createCA(t, "Тестовый головной УЦ", p.RootKey, nil, nil)
	p.IntermediateKey = newKey(t, ECDSAP256)
	p.Intermediate = p.createCA(t, "Тестовый аккредитованный УЦ", p.IntermediateKey, p.Root, p.RootKey)
	return p
}

// Clock returns Now; pass it as esign.Config.Clock.
func (p *PKI) Clock() time.Time { return p.Now }

func (p *PKI) createCA(t testing.TB, cn string, key crypto.Signer, parent *x509.Certificate, parentKey crypto.Signer) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          newSerial(t),
		Subject:               pkix.Name{Country: []string{"RU"}, Organization: []string{"Тестовый УЦ"}, CommonName: cn},
		NotBefore:             p.Now.Add(-CAValidity),
		NotAfter:              p.Now.Add(CAValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatalf("esigntest: create CA %q: %v", cn, err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("esigntest: parse CA %q: %v", cn, err)
	}
	return c
}

// CAPEM is the trusted bundle: the root, then the intermediate, in PEM.
func (p *PKI) CAPEM() []byte { return append(p.RootPEM(), p.IntermediatePEM()...) }

// RootPEM is the root certificate alone, in PEM.
func (p *PKI) RootPEM() []byte { return PEM(p.Root) }

// IntermediatePEM is the intermediate certificate alone, in PEM: the chain
// to send with a certificate when only the root is trusted.
func (p *PKI) IntermediatePEM() []byte { return PEM(p.Intermediate) }

// Issue makes a certificate for s and returns it in PEM with its private
// key (nil for GOST2012).
func (p *PKI) Issue(t testing.TB, s Subject, opts Options) (certPEM []byte, key crypto.Signer) {
	t.Helper()
	issuer, issuerKey := p.Intermediate, p.IntermediateKey
	if opts.ByRoot {
		issuer, issuerKey = p.Root, p.RootKey
	}
	tmpl := &x509.Certificate{
		SerialNumber:          newSerial(t),
		Subject:               s.name(),
		NotBefore:             opts.NotBefore,
		NotAfter:              opts.NotAfter,
		KeyUsage:              opts.KeyUsage,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true,
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = p.Now.Add(-time.Hour)
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = p.Now.AddDate(1, 0, 0)
	}
	if tmpl.KeyUsage == 0 {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
	}
	alg := opts.Algorithm
	if alg == GOST2012 {
		alg = ECDSAP256 // a stand-in key, replaced below
	}
	key = newKey(t, alg)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, key.Public(), issuerKey)
	if err != nil {
		t.Fatalf("esigntest: issue: %v", err)
	}
	if opts.Algorithm == GOST2012 {
		return pemBytes(withGOSTKey(t, der, issuerKey)), nil
	}
	return pemBytes(der), key
}

// name builds the subject in the order qualified certificates write it.
func (s Subject) name() pkix.Name {
	cn := s.CommonName
	if cn == "" {
		cn = strings.Join(strings.Fields(s.LastName+" "+s.FirstName+" "+s.Patronymic), " ")
	}
	var n pkix.Name
	add := func(oid asn1.ObjectIdentifier, v any) {
		n.ExtraNames = append(n.ExtraNames, pkix.AttributeTypeAndValue{Type: oid, Value: v})
	}
	add(oidCountry, "RU")
	if s.Organization != "" {
		add(oidOrg, s.Organization)
	}
	if cn != "" {
		add(oidCN, cn)
	}
	if s.LastName != "" {
		add(oidSurname, s.LastName)
	}
	if g := strings.TrimSpace(s.FirstName + " " + s.Patronymic); g != "" {
		add(oidGivenName, g)
	}
	if s.SNILS != "" {
		add(oidSNILS, numeric(s.SNILS))
	}
	if s.INN != "" {
		add(oidINN, numeric(s.INN))
	}
	if s.OrgINN != "" {
		add(oidINNLE, numeric(s.OrgINN))
	}
	return n
}

// numeric is v as an ASN.1 NumericString, the profile's type for SNILS and
// INN.
func numeric(v string) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagNumericString, Bytes: []byte(v)}
}

// gostSPKI is a GOST R 34.10-2012 SubjectPublicKeyInfo (RFC 9215).
type gostSPKI struct {
	Algorithm gostAlgorithm
	PublicKey asn1.BitString
}

type gostAlgorithm struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters gostParams
}

type gostParams struct{ ParamSet, Digest asn1.ObjectIdentifier }

// withGOSTKey replaces the public key of the certificate der with a GOST R
// 34.10-2012 (256 bit) one and signs it again with issuerKey.
func withGOSTKey(t testing.TB, der []byte, issuerKey crypto.Signer) []byte {
	t.Helper()
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	point := make([]byte, 64)
	if _, err := rand.Read(point); err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	octets, err := asn1.Marshal(point)
	if err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	spki, err := asn1.Marshal(gostSPKI{
		Algorithm: gostAlgorithm{oidGOST2012PublicKey256, gostParams{oidGOSTParamSetA, oidGOST2012Digest256}},
		PublicKey: asn1.BitString{Bytes: octets, BitLength: 8 * len(octets)},
	})
	if err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	var body []byte
	rest := c.RawTBSCertificate
	var tbs asn1.RawValue
	if _, err := asn1.Unmarshal(rest, &tbs); err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	for rest = tbs.Bytes; len(rest) > 0; {
		var el asn1.RawValue
		if rest, err = asn1.Unmarshal(rest, &el); err != nil {
			t.Fatalf("esigntest: %v", err)
		}
		if string(el.FullBytes) == string(c.RawSubjectPublicKeyInfo) {
			el.FullBytes = spki
		}
		body = append(body, el.FullBytes...)
	}
	newTBS, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: body})
	if err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	var outer struct {
		TBS       asn1.RawValue
		Algorithm asn1.RawValue
		Signature asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &outer); err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	digest := sha256.Sum256(newTBS)
	sig, err := issuerKey.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	outer.TBS = asn1.RawValue{FullBytes: newTBS}
	outer.Signature = asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}
	out, err := asn1.Marshal(outer)
	if err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	return out
}

// CRL is a revocation list of the intermediate, in PEM, revoking the given
// certificates at RevokedAt; it is current from five minutes before Now
// until Now+CRLValidity.
func (p *PKI) CRL(t testing.TB, revoked ...*x509.Certificate) []byte {
	t.Helper()
	return p.crl(t, p.Intermediate, p.IntermediateKey, p.Now.Add(CRLValidity), revoked)
}

// RootCRL is CRL signed by the root: to revoke the intermediate.
func (p *PKI) RootCRL(t testing.TB, revoked ...*x509.Certificate) []byte {
	t.Helper()
	return p.crl(t, p.Root, p.RootKey, p.Now.Add(CRLValidity), revoked)
}

// StaleCRL is CRL whose NextUpdate is already past at Now.
func (p *PKI) StaleCRL(t testing.TB, revoked ...*x509.Certificate) []byte {
	t.Helper()
	return p.crl(t, p.Intermediate, p.IntermediateKey, p.Now.Add(-time.Minute), revoked)
}

func (p *PKI) crl(t testing.TB, issuer *x509.Certificate, key crypto.Signer, next time.Time, revoked []*x509.Certificate) []byte {
	t.Helper()
	p.mu.Lock()
	p.crlNumber++
	number := p.crlNumber
	p.mu.Unlock()
	tmpl := &x509.RevocationList{
		Number:     big.NewInt(number),
		ThisUpdate: p.Now.Add(-5 * time.Minute),
		NextUpdate: next,
	}
	if !next.After(tmpl.ThisUpdate) {
		tmpl.ThisUpdate = next.Add(-24 * time.Hour)
	}
	for _, c := range revoked {
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries,
			x509.RevocationListEntry{SerialNumber: c.SerialNumber, RevocationTime: p.RevokedAt})
	}
	der, err := x509.CreateRevocationList(rand.Reader, tmpl, issuer, key)
	if err != nil {
		t.Fatalf("esigntest: create CRL: %v", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
}

// Certificate parses a PEM certificate, e.g. one Issue made, to revoke it.
func Certificate(t testing.TB, certPEM []byte) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(certPEM)
	if block == nil {
		t.Fatal("esigntest: no PEM block")
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("esigntest: %v", err)
	}
	return c
}

// PEM encodes c in PEM.
func PEM(c *x509.Certificate) []byte { return pemBytes(c.Raw) }

func pemBytes(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// Sign signs the UTF-8 bytes of text the way esign checks: SHA-256, then
// ECDSA in ASN.1 DER or RSA PKCS #1 v1.5; Ed25519 signs text itself.
func Sign(t testing.TB, key crypto.Signer, text string) []byte {
	t.Helper()
	var sig []byte
	var err error
	if _, ok := key.(ed25519.PrivateKey); ok {
		sig, err = key.Sign(rand.Reader, []byte(text), crypto.Hash(0))
	} else {
		digest := sha256.Sum256([]byte(text))
		sig, err = key.Sign(rand.Reader, digest[:], crypto.SHA256)
	}
	if err != nil {
		t.Fatalf("esigntest: sign: %v", err)
	}
	return sig
}

// SignPSS signs text with an RSA key by RSASSA-PSS over SHA-256.
func SignPSS(t testing.TB, key crypto.Signer, text string) []byte {
	t.Helper()
	digest := sha256.Sum256([]byte(text))
	sig, err := key.Sign(rand.Reader, digest[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256})
	if err != nil {
		t.Fatalf("esigntest: sign PSS: %v", err)
	}
	return sig
}

// NewKey makes a private key of the algorithm (GOST2012 has none: it fails
// the test).
func NewKey(t testing.TB, alg Algorithm) crypto.Signer {
	t.Helper()
	return newKey(t, alg)
}

func newKey(t testing.TB, alg Algorithm) crypto.Signer {
	t.Helper()
	var key crypto.Signer
	var err error
	switch alg {
	case ECDSAP256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case RSA2048:
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	case Ed25519:
		_, key, err = ed25519.GenerateKey(rand.Reader)
	default:
		t.Fatalf("esigntest: no private key for algorithm %d", alg)
	}
	if err != nil {
		t.Fatalf("esigntest: generate key: %v", err)
	}
	return key
}

// newSerial is a random 128-bit positive serial number, as CAs use.
func newSerial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		t.Fatalf("esigntest: serial: %v", err)
	}
	return n.Add(n, big.NewInt(1))
}
