package docsign

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
)

// KeyStore keeps each signer's sealed private key; the database implements
// it (one row per signer, the signer's code unique).
type KeyStore interface {
	// Load returns the signer's sealed key, or an error matching ErrNoKey
	// when it has none.
	Load(ctx context.Context, signer string) (sealed []byte, err error)
	// Save stores the signer's sealed key if the signer has none. If it
	// has one already, Save stores nothing and returns an error matching
	// ErrKeyExists: the first writer wins, so two servers that generate a
	// key for a new signer at once end up with one key.
	Save(ctx context.Context, signer string, sealed []byte) error
}

// Sealer encrypts the private keys at rest; *secret.Keys satisfies it.
type Sealer interface {
	Seal(plaintext string, context string) ([]byte, error)
	Open(ct []byte, context string) (string, error)
}

// Errors.
var (
	// ErrNoKey: the signer has no key (KeyStore.Load, KeyRing.PublicKey).
	ErrNoKey = errors.New("docsign: the signer has no key")
	// ErrKeyExists: KeyStore.Save found a key already stored.
	ErrKeyExists = errors.New("docsign: the signer already has a key")
)

// KeyRing holds each service centre's signing key: loaded from the
// KeyStore and opened with the Sealer on first use, generated and saved if
// the signer has none, then kept in memory. It is safe for concurrent use.
type KeyRing struct {
	store  KeyStore
	sealer Sealer

	mu   sync.Mutex
	keys map[string]*ecdsa.PrivateKey
}

// NewKeyRing returns a key ring over store, sealing keys with sealer.
func NewKeyRing(store KeyStore, sealer Sealer) *KeyRing {
	return &KeyRing{store: store, sealer: sealer, keys: map[string]*ecdsa.PrivateKey{}}
}

// sealContext binds a sealed key to its signer: a sealed key copied to
// another signer's row does not open.
func sealContext(signer string) string { return "docsign-key:" + signer }

// Key returns the signer's private key, generating and saving one if the
// signer has none.
func (r *KeyRing) Key(ctx context.Context, signer string) (*ecdsa.PrivateKey, error) {
	return r.key(ctx, signer, true)
}

// PublicKey returns the signer's public key, or an error matching ErrNoKey.
// Unlike Key it never creates one: verifying must not mint keys for any
// name a stranger types.
func (r *KeyRing) PublicKey(ctx context.Context, signer string) (*ecdsa.PublicKey, error) {
	k, err := r.key(ctx, signer, false)
	if err != nil {
		return nil, err
	}
	return &k.PublicKey, nil
}

// PublicKeyPEM returns the signer's public key as PEM, for verifiers.
func (r *KeyRing) PublicKeyPEM(ctx context.Context, signer string) (string, error) {
	pub, err := r.PublicKey(ctx, signer)
	if err != nil {
		return "", err
	}
	return MarshalPublicKeyPEM(pub)
}

// Sign signs p with the key of p.Signer and returns the signature and the
// key's KeyID.
func (r *KeyRing) Sign(ctx context.Context, p Payload) (sig []byte, keyID string, err error) {
	if _, err := p.Canonical(); err != nil {
		return nil, "", err // before a key is made for a bad signer name
	}
	k, err := r.Key(ctx, p.Signer)
	if err != nil {
		return nil, "", err
	}
	if sig, err = Sign(k, p); err != nil {
		return nil, "", err
	}
	if keyID, err = KeyID(&k.PublicKey); err != nil {
		return nil, "", err
	}
	return sig, keyID, nil
}

// Verify checks sig over p with the key of p.Signer. A signer with no key
// gives false and an error matching ErrNoKey; other errors are failures to
// load the key, not verdicts.
func (r *KeyRing) Verify(ctx context.Context, p Payload, sig []byte) (bool, error) {
	pub, err := r.PublicKey(ctx, p.Signer)
	if err != nil {
		return false, err
	}
	return Verify(pub, p, sig), nil
}

func (r *KeyRing) key(ctx context.Context, signer string, create bool) (*ecdsa.PrivateKey, error) {
	if signer == "" {
		return nil, fmt.Errorf("%w: empty signer", ErrNoKey)
	}
	r.mu.Lock()
	k := r.keys[signer]
	r.mu.Unlock()
	if k != nil {
		return k, nil
	}
	// The store is read without the lock held, so one slow signer does not
	// hold up the others; a race only loads the same row twice.
	k, err := r.load(ctx, signer)
	if errors.Is(err, ErrNoKey) && create {
		k, err = r.create(ctx, signer)
	}
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if have := r.keys[signer]; have != nil {
		return have, nil
	}
	r.keys[signer] = k
	return k, nil
}

func (r *KeyRing) load(ctx context.Context, signer string) (*ecdsa.PrivateKey, error) {
	sealed, err := r.store.Load(ctx, signer)
	if err != nil {
		if errors.Is(err, ErrNoKey) {
			return nil, err
		}
		return nil, fmt.Errorf("docsign: unable to load the key of %s: %w", signer, err)
	}
	text, err := r.sealer.Open(sealed, sealContext(signer))
	if err != nil {
		return nil, fmt.Errorf("docsign: unable to open the key of %s: %w", signer, err)
	}
	der, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("docsign: the key of %s is damaged: %w", signer, err)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("docsign: the key of %s is damaged: %w", signer, err)
	}
	k, ok := parsed.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("docsign: the key of %s: %w", signer, ErrKeyType)
	}
	return k, nil
}

// create generates a key and saves it sealed. If another server saved one
// first, that one is loaded and used.
func (r *KeyRing) create(ctx context.Context, signer string) (*ecdsa.PrivateKey, error) {
	k, err := GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("docsign: unable to generate a key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("docsign: unable to encode the key: %w", err)
	}
	sealed, err := r.sealer.Seal(base64.StdEncoding.EncodeToString(der), sealContext(signer))
	if err != nil {
		return nil, fmt.Errorf("docsign: unable to seal the key of %s: %w", signer, err)
	}
	switch err := r.store.Save(ctx, signer, sealed); {
	case errors.Is(err, ErrKeyExists):
		return r.load(ctx, signer)
	case err != nil:
		return nil, fmt.Errorf("docsign: unable to save the key of %s: %w", signer, err)
	}
	return k, nil
}
