package docsign

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
)

// ErrKeyType: a key that is not ECDSA on P-256.
var ErrKeyType = errors.New("docsign: the key is not ECDSA P-256")

// Sign signs the payload's canonical bytes: ECDSA P-256 over their
// SHA-256, in ASN.1 DER.
func Sign(priv *ecdsa.PrivateKey, p Payload) ([]byte, error) {
	if priv == nil || priv.Curve != elliptic.P256() {
		return nil, ErrKeyType
	}
	msg, err := p.Canonical()
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(msg)
	sig, err := ecdsa.SignASN1(rand.Reader, priv, digest[:])
	if err != nil {
		return nil, fmt.Errorf("docsign: unable to sign: %w", err)
	}
	return sig, nil
}

// Verify reports whether sig is pub's signature over the payload. A
// payload that has no canonical form, or a key not on P-256, is false.
func Verify(pub *ecdsa.PublicKey, p Payload, sig []byte) bool {
	if pub == nil || pub.Curve != elliptic.P256() {
		return false
	}
	msg, err := p.Canonical()
	if err != nil {
		return false
	}
	digest := sha256.Sum256(msg)
	return ecdsa.VerifyASN1(pub, digest[:], sig)
}

// GenerateKey makes a new P-256 key pair from crypto/rand.
func GenerateKey() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
}

// MarshalPublicKeyPEM encodes pub as a PEM "PUBLIC KEY" block
// (SubjectPublicKeyInfo), the form openssl and every library read.
func MarshalPublicKeyPEM(pub *ecdsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("docsign: unable to encode the public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// ParsePublicKeyPEM reads what MarshalPublicKeyPEM wrote.
func ParsePublicKeyPEM(s string) (*ecdsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, errors.New("docsign: no PEM PUBLIC KEY block")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("docsign: unable to read the public key: %w", err)
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, ErrKeyType
	}
	return pub, nil
}

// KeyID is the lowercase hex SHA-256 of pub's SubjectPublicKeyInfo: store
// it with each signature, so a duplicate still names its key after the
// service centre's key is replaced.
func KeyID(pub *ecdsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("docsign: unable to encode the public key: %w", err)
	}
	h := sha256.Sum256(der)
	return hex.EncodeToString(h[:]), nil
}
