package esign

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"time"
)

// Limits on what a citizen may send, so a request cannot make the check
// expensive.
const (
	maxCertSize      = 64 << 10  // one certificate, PEM or DER
	maxChainSize     = 256 << 10 // the optional chain
	maxChainCerts    = 8         // certificates in the chain
	maxSignatureSize = 2 << 10   // an RSA-8192 signature is 1 KiB
)

// Verifier checks qualified electronic signatures against the certification
// centres it trusts. It is built once by NewVerifier, never changes, and is
// safe for concurrent use. To take fresh revocation lists, build a new one.
type Verifier struct {
	roots         *x509.CertPool
	intermediates *x509.CertPool
	crls          map[caKey][]*crl
	skipped       []string
	clock         func() time.Time
}

// caKey identifies a CA for its revocation lists: the same name and key,
// whichever of its (re-issued) certificates is at hand.
type caKey struct{ subject, spki string }

func keyOf(c *x509.Certificate) caKey {
	return caKey{string(c.RawSubject), string(c.RawSubjectPublicKeyInfo)}
}

// crl is one revocation list, indexed.
type crl struct {
	source  string
	next    time.Time            // NextUpdate; zero when the list has none
	revoked map[string]time.Time // serial number (decimal) → revocation date
}

// NewVerifier parses and checks cfg: the trusted bundle must hold at least
// one self-signed root; every certificate in it must be a CA's, and every
// intermediate's issuer must be in the bundle too. Each revocation list must
// be signed by a trusted CA (checked with CheckSignatureFrom), or it is
// refused. CA certificates the standard library cannot check (GOST R
// 34.10-2012 keys or signatures) are left out rather than refused, with the
// lists they signed, and reported by Skipped: a bundle of real Russian CAs
// then loads, and GOST certificates get ErrUnsupportedAlgorithm. Errors wrap
// ErrConfig.
func NewVerifier(cfg Config) (*Verifier, error) {
	v := &Verifier{
		roots:         x509.NewCertPool(),
		intermediates: x509.NewCertPool(),
		crls:          map[caKey][]*crl{},
		clock:         cfg.Clock,
	}
	if v.clock == nil {
		v.clock = time.Now
	}
	src := cfg.trustedSource()
	all, err := parsePEMCerts(cfg.TrustedCAs)
	if err != nil {
		return nil, newErr(ErrConfig, src+": "+err.Error())
	}
	if len(all) == 0 {
		return nil, newErr(ErrConfig, src+": no certificates")
	}
	var cas, skippedCAs []*x509.Certificate
	for i, c := range all {
		name := fmt.Sprintf("%s: certificate %d (%s)", src, i+1, formatName(c.Subject.Names))
		if why := unusableCA(c); why != "" {
			v.skipped = append(v.skipped, name+": "+why)
			skippedCAs = append(skippedCAs, c)
			continue
		}
		if !c.BasicConstraintsValid || !c.IsCA {
			return nil, newErr(ErrConfig, name+" is not a CA certificate")
		}
		cas = append(cas, c)
	}
	roots := 0
	for i, c := range cas {
		if selfSigned(c) {
			v.roots.AddCert(c)
			roots++
			continue
		}
		if issuerIn(c, cas) == nil {
			return nil, newErr(ErrConfig, fmt.Sprintf("%s: intermediate %s: its issuer (%s) is not in the bundle",
				src, formatName(c.Subject.Names), formatName(c.Issuer.Names)))
		}
		v.intermediates.AddCert(cas[i])
	}
	if roots == 0 {
		return nil, newErr(ErrConfig, src+": no self-signed root CA that can be checked (GOST R 34.10-2012 certificates cannot: the Go standard library lacks GOST)")
	}
	for i, raw := range cfg.CRLs {
		name := cfg.crlSource(i)
		lists, err := parseCRLs(raw)
		if err != nil {
			return nil, newErr(ErrConfig, name+": "+err.Error())
		}
		for _, rl := range lists {
			if err := v.addCRL(rl, name, cas, skippedCAs); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

// addCRL indexes rl under the CA among cas that signed it; a list of a CA
// left out is skipped, any other is refused.
func (v *Verifier) addCRL(rl *x509.RevocationList, name string, cas, skippedCAs []*x509.Certificate) error {
	issuer := crlIssuerIn(rl, cas)
	if issuer == nil {
		if rl.SignatureAlgorithm == x509.UnknownSignatureAlgorithm || hasSubject(skippedCAs, rl.RawIssuer) {
			v.skipped = append(v.skipped, name+": the revocation list of "+formatName(rl.Issuer.Names)+", a CA that was left out")
			return nil
		}
		return newErr(ErrConfig, fmt.Sprintf("%s: the revocation list of %s is not signed by a trusted CA",
			name, formatName(rl.Issuer.Names)))
	}
	l := &crl{source: name, next: rl.NextUpdate, revoked: make(map[string]time.Time, len(rl.RevokedCertificateEntries))}
	for _, e := range rl.RevokedCertificateEntries {
		l.revoked[e.SerialNumber.String()] = e.RevocationTime
	}
	k := keyOf(issuer)
	v.crls[k] = append(v.crls[k], l)
	return nil
}

// Skipped lists what the configuration holds that cannot be used, each with
// why: CA certificates with GOST (or other unknown) keys or signatures, and
// the revocation lists they signed. The server should log it at start.
func (v *Verifier) Skipped() []string { return append([]string(nil), v.skipped...) }

// unusableCA says why the standard library cannot check with c, or "".
func unusableCA(c *x509.Certificate) string {
	if c.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm {
		return "key algorithm " + keyAlgorithmName(c) + " is not supported"
	}
	if c.SignatureAlgorithm == x509.UnknownSignatureAlgorithm {
		return "signature algorithm " + signatureAlgorithmName(c) + " is not supported"
	}
	return ""
}

func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(c) == nil
}

// issuerIn finds the certificate among cas that signed c.
func issuerIn(c *x509.Certificate, cas []*x509.Certificate) *x509.Certificate {
	for _, p := range cas {
		if p != c && bytes.Equal(p.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(p) == nil {
			return p
		}
	}
	return nil
}

// crlIssuerIn finds the CA among cas that signed rl.
func crlIssuerIn(rl *x509.RevocationList, cas []*x509.Certificate) *x509.Certificate {
	for _, p := range cas {
		if bytes.Equal(p.RawSubject, rl.RawIssuer) && rl.CheckSignatureFrom(p) == nil {
			return p
		}
	}
	return nil
}

func hasSubject(cs []*x509.Certificate, subject []byte) bool {
	for _, c := range cs {
		if bytes.Equal(c.RawSubject, subject) {
			return true
		}
	}
	return false
}

// isPEM reports whether b looks like PEM rather than DER.
func isPEM(b []byte) bool {
	return bytes.Contains(b, []byte("-----BEGIN "))
}

// parsePEMCerts reads every CERTIFICATE block of b; any other block is an
// error (a key put in the bundle by mistake, say).
func parsePEMCerts(b []byte) ([]*x509.Certificate, error) {
	if !isPEM(b) {
		return nil, errors.New("not PEM")
	}
	var out []*x509.Certificate
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("PEM block %d is %q, not CERTIFICATE", len(out)+1, block.Type)
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %w", len(out)+1, err)
		}
		out = append(out, c)
	}
	if len(bytes.TrimSpace(b)) != 0 && len(out) == 0 {
		return nil, errors.New("no PEM certificate")
	}
	return out, nil
}

// parseCRLs reads a revocation list in DER, or one or more in PEM
// ("X509 CRL" blocks).
func parseCRLs(b []byte) ([]*x509.RevocationList, error) {
	if !isPEM(b) {
		rl, err := x509.ParseRevocationList(b)
		if err != nil {
			return nil, err
		}
		return []*x509.RevocationList{rl}, nil
	}
	var out []*x509.RevocationList
	for {
		var block *pem.Block
		if block, b = pem.Decode(b); block == nil {
			break
		}
		if block.Type != "X509 CRL" {
			return nil, fmt.Errorf("PEM block %d is %q, not X509 CRL", len(out)+1, block.Type)
		}
		rl, err := x509.ParseRevocationList(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("list %d: %w", len(out)+1, err)
		}
		out = append(out, rl)
	}
	if len(out) == 0 {
		return nil, errors.New("no PEM X509 CRL block")
	}
	return out, nil
}

// Verify checks that signature is the signature of ch.Text by the key of the
// certificate cert (PEM or DER; further PEM blocks after the first are taken
// as chain), issued through the optional chain (PEM or DER intermediates) by
// a trusted certification centre, and returns who signed. The checks, in
// order, each with its error:
//
//  1. the challenge is whole and not expired at the clock's time
//     (ErrMalformed, ErrChallengeExpired);
//  2. the certificate and chain parse, within size limits (ErrMalformed);
//  3. the certificate's key is ECDSA P-256 or RSA of 2048 bits or more, and
//     its issuer's signature on it an algorithm the standard library knows
//     (ErrUnsupportedAlgorithm: GOST R 34.10-2012 among others);
//  4. x509 chain verification to a trusted root at the clock's time, for
//     any extended key usage (ErrUntrusted); when it fails only because a
//     certificate of an otherwise trusted chain is outside its validity
//     period, ErrExpired or ErrNotYetValid, with Error.CA set when that
//     certificate is a CA's;
//  5. the certificate has the digitalSignature key usage and is not a CA
//     (ErrKeyUsage);
//  6. each certificate of the chain but the root is checked against the
//     revocation lists of its issuer (ErrRevoked, with the date); a CA
//     without a list is not checked, a CA whose lists are all past their
//     NextUpdate fails closed (ErrRevocationUnknown). With several chains,
//     one clean chain is enough;
//  7. the signature over the UTF-8 bytes of ch.Text, SHA-256: ECDSA in
//     ASN.1 DER, or RSA PKCS #1 v1.5 or PSS (ErrBadSignature);
//  8. the subject names a valid SNILS (ErrNoSNILS).
//
// The challenge must be the one the caller issued and stored for this
// account; Verify cannot know that and does not try.
func (v *Verifier) Verify(ch Challenge, signature []byte, cert []byte, chain []byte) (Signer, error) {
	now := v.clock()
	if err := ch.check(now); err != nil {
		return Signer{}, err
	}
	if len(signature) == 0 || len(signature) > maxSignatureSize {
		return Signer{}, newErr(ErrMalformed, fmt.Sprintf("signature of %d bytes", len(signature)))
	}
	leaf, extra, err := parseLeaf(cert)
	if err != nil {
		return Signer{}, err
	}
	inter, err := parseChain(chain)
	if err != nil {
		return Signer{}, err
	}
	inter = append(inter, extra...)
	if len(inter) > maxChainCerts {
		return Signer{}, newErr(ErrMalformed, fmt.Sprintf("chain of %d certificates, at most %d", len(inter), maxChainCerts))
	}
	if err := checkAlgorithms(leaf); err != nil {
		return Signer{}, err
	}
	chains, err := v.verifyChain(leaf, inter, now)
	if err != nil {
		return Signer{}, err
	}
	if leaf.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		return Signer{}, newErr(ErrKeyUsage, "the certificate's key usage lacks digitalSignature")
	}
	if leaf.IsCA {
		return Signer{}, newErr(ErrKeyUsage, "a CA certificate cannot confirm a person's identity")
	}
	if err := v.checkRevocation(chains, now); err != nil {
		return Signer{}, err
	}
	if err := checkSignature(leaf, []byte(ch.Text), signature); err != nil {
		return Signer{}, err
	}
	return signerOf(leaf)
}

// parseLeaf reads the citizen's certificate: DER, or PEM whose first block
// is the certificate and whose further CERTIFICATE blocks are the chain.
func parseLeaf(b []byte) (*x509.Certificate, []*x509.Certificate, error) {
	if len(b) == 0 {
		return nil, nil, newErr(ErrMalformed, "no certificate")
	}
	if len(b) > maxCertSize {
		return nil, nil, newErr(ErrMalformed, fmt.Sprintf("certificate of %d bytes, at most %d", len(b), maxCertSize))
	}
	if !isPEM(b) {
		c, err := x509.ParseCertificate(b)
		if err != nil {
			return nil, nil, newErr(ErrMalformed, "certificate: "+err.Error())
		}
		return c, nil, nil
	}
	cs, err := parsePEMCerts(b)
	if err != nil {
		return nil, nil, newErr(ErrMalformed, "certificate: "+err.Error())
	}
	if len(cs) == 0 {
		return nil, nil, newErr(ErrMalformed, "no certificate")
	}
	return cs[0], cs[1:], nil
}

// parseChain reads the optional intermediates: PEM, or concatenated DER.
func parseChain(b []byte) ([]*x509.Certificate, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	if len(b) > maxChainSize {
		return nil, newErr(ErrMalformed, fmt.Sprintf("chain of %d bytes, at most %d", len(b), maxChainSize))
	}
	var cs []*x509.Certificate
	var err error
	if isPEM(b) {
		cs, err = parsePEMCerts(b)
	} else {
		cs, err = x509.ParseCertificates(b)
	}
	if err != nil {
		return nil, newErr(ErrMalformed, "chain: "+err.Error())
	}
	return cs, nil
}

// verifyChain builds the chains from leaf to a trusted root at now. On
// failure it tells a time problem in a chain that would otherwise be trusted
// (verified again at the leaf's NotBefore, when a CA issuing it had to be
// valid) from an untrusted one.
func (v *Verifier) verifyChain(leaf *x509.Certificate, inter []*x509.Certificate, now time.Time) ([][]*x509.Certificate, error) {
	pool := v.intermediates
	if len(inter) > 0 {
		pool = v.intermediates.Clone()
		for _, c := range inter {
			pool.AddCert(c)
		}
	}
	opts := x509.VerifyOptions{
		Roots:         v.roots,
		Intermediates: pool,
		CurrentTime:   now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	}
	chains, err := leaf.Verify(opts)
	if err == nil {
		return chains, nil
	}
	probe := opts
	probe.CurrentTime = leaf.NotBefore
	pchains, perr := leaf.Verify(probe)
	if perr == nil {
		for i, c := range pchains[0] {
			name := formatName(c.Subject.Names)
			switch {
			case now.Before(c.NotBefore):
				return nil, &Error{Kind: ErrNotYetValid, At: c.NotBefore, CA: i > 0,
					Detail: fmt.Sprintf("%s is valid from %s", name, c.NotBefore.UTC().Format(time.RFC3339))}
			case now.After(c.NotAfter):
				return nil, &Error{Kind: ErrExpired, At: c.NotAfter, CA: i > 0,
					Detail: fmt.Sprintf("%s was valid until %s", name, c.NotAfter.UTC().Format(time.RFC3339))}
			}
		}
	}
	var inv x509.CertificateInvalidError
	if perr != nil && errors.As(err, &inv) && inv.Reason == x509.Expired {
		err = perr // the time is not the cause: say what is
	}
	return nil, newErr(ErrUntrusted, err.Error())
}

// checkRevocation accepts when one of chains has no revoked certificate, and
// otherwise gives the first chain's reason.
func (v *Verifier) checkRevocation(chains [][]*x509.Certificate, now time.Time) error {
	var first error
	for _, chain := range chains {
		err := v.chainRevocation(chain, now)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// chainRevocation checks each certificate of chain but the root against the
// lists of the next one, its issuer.
func (v *Verifier) chainRevocation(chain []*x509.Certificate, now time.Time) error {
	for i := 0; i+1 < len(chain); i++ {
		c, lists := chain[i], v.crls[keyOf(chain[i+1])]
		if len(lists) == 0 {
			continue
		}
		serial := c.SerialNumber.String()
		for _, l := range lists {
			if at, ok := l.revoked[serial]; ok {
				return &Error{Kind: ErrRevoked, At: at, CA: i > 0,
					Detail: fmt.Sprintf("%s (serial %X) revoked on %s, per %s",
						formatName(c.Subject.Names), c.SerialNumber, at.UTC().Format(time.RFC3339), l.source)}
			}
		}
		var latest time.Time
		fresh := false
		for _, l := range lists {
			if l.next.IsZero() || !now.After(l.next) {
				fresh = true
				break
			}
			if l.next.After(latest) {
				latest = l.next
			}
		}
		if !fresh {
			return &Error{Kind: ErrRevocationUnknown, At: latest, CA: i > 0,
				Detail: fmt.Sprintf("every revocation list of %s was due for update by %s; load fresh ones",
					formatName(chain[i+1].Subject.Names), latest.UTC().Format(time.RFC3339))}
		}
	}
	return nil
}
