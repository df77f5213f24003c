package esign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
)

// minRSABits is the smallest RSA key accepted.
const minRSABits = 2048

// Names of the GOST algorithms (and their predecessors) that Russian
// qualified certificates use, by OID, for messages.
var gostNames = map[string]string{
	// Public keys.
	"1.2.643.7.1.1.1.1": "GOST R 34.10-2012 (256 bit)",
	"1.2.643.7.1.1.1.2": "GOST R 34.10-2012 (512 bit)",
	"1.2.643.2.2.19":    "GOST R 34.10-2001",
	// Signatures.
	"1.2.643.7.1.1.3.2": "GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)",
	"1.2.643.7.1.1.3.3": "GOST R 34.10-2012 with GOST R 34.11-2012 (512 bit)",
	"1.2.643.2.2.3":     "GOST R 34.10-2001 with GOST R 34.11-94",
}

// unsupportedNote ends every ErrUnsupportedAlgorithm detail.
const unsupportedNote = "; the Go standard library has no GOST, so only ECDSA P-256 and RSA of 2048 bits or more are accepted"

// checkAlgorithms refuses a certificate whose key this package cannot check
// a signature with, or whose issuer's signature x509 cannot check. It runs
// before the chain check, so a GOST certificate of an accredited CA is told
// apart from an untrusted one.
func checkAlgorithms(c *x509.Certificate) error {
	switch pub := c.PublicKey.(type) {
	case *ecdsa.PublicKey:
		if pub.Curve != elliptic.P256() {
			return newErr(ErrUnsupportedAlgorithm, "ECDSA key on curve "+pub.Curve.Params().Name+", not P-256"+unsupportedNote)
		}
	case *rsa.PublicKey:
		if n := pub.N.BitLen(); n < minRSABits {
			return newErr(ErrUnsupportedAlgorithm, fmt.Sprintf("RSA key of %d bits, fewer than %d", n, minRSABits)+unsupportedNote)
		}
	default:
		return newErr(ErrUnsupportedAlgorithm, "key algorithm "+keyAlgorithmName(c)+unsupportedNote)
	}
	if c.SignatureAlgorithm == x509.UnknownSignatureAlgorithm {
		return newErr(ErrUnsupportedAlgorithm, "the certification centre signed the certificate with "+signatureAlgorithmName(c)+unsupportedNote)
	}
	return nil
}

// checkSignature checks sig over SHA-256 of text with c's key, which
// checkAlgorithms has accepted.
func checkSignature(c *x509.Certificate, text, sig []byte) error {
	digest := sha256.Sum256(text)
	ok := false
	switch pub := c.PublicKey.(type) {
	case *ecdsa.PublicKey:
		ok = ecdsa.VerifyASN1(pub, digest[:], sig)
	case *rsa.PublicKey:
		ok = rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) == nil ||
			rsa.VerifyPSS(pub, crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}) == nil
	}
	if !ok {
		return newErr(ErrBadSignature, fmt.Sprintf("the %s signature does not verify over the challenge text with the key of %s",
			c.PublicKeyAlgorithm, formatName(c.Subject.Names)))
	}
	return nil
}

// keyAlgorithmName names c's public key algorithm, GOST ones included.
func keyAlgorithmName(c *x509.Certificate) string {
	if c.PublicKeyAlgorithm != x509.UnknownPublicKeyAlgorithm {
		return c.PublicKeyAlgorithm.String()
	}
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.RawSubjectPublicKeyInfo, &spki); err != nil {
		return "unknown"
	}
	return oidName(spki.Algorithm.Algorithm)
}

// signatureAlgorithmName names the algorithm c is signed with, GOST ones
// included.
func signatureAlgorithmName(c *x509.Certificate) string {
	if c.SignatureAlgorithm != x509.UnknownSignatureAlgorithm {
		return c.SignatureAlgorithm.String()
	}
	var outer struct {
		TBS       asn1.RawValue
		Algorithm pkix.AlgorithmIdentifier
		Signature asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.Raw, &outer); err != nil {
		return "unknown"
	}
	return oidName(outer.Algorithm.Algorithm)
}

func oidName(oid asn1.ObjectIdentifier) string {
	if n, ok := gostNames[oid.String()]; ok {
		return n
	}
	return "unknown algorithm " + oid.String()
}
