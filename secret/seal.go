package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrDecrypt is returned by Open for a ciphertext that does not open: sealed
// with a key no longer in SECRET_KEYS, for another context, or altered.
var ErrDecrypt = errors.New("secret: ciphertext does not open (wrong key or context, or altered)")

// ErrNoContext is returned by Seal and Open when the context is empty.
var ErrNoContext = errors.New("secret: a context is required")

// sealOverhead is the key id, the GCM nonce and the GCM tag.
const sealOverhead = 1 + 12 + 16

// Seal encrypts plaintext with the current key set: AES-256-GCM with a
// random nonce, context (the column, e.g. "snils", "passport") as additional
// data. The result is a key id byte, the nonce, the ciphertext and the tag:
// len(plaintext)+29 bytes.
func (k *Keys) Seal(plaintext string, context string) ([]byte, error) {
	if context == "" {
		return nil, ErrNoContext
	}
	cur := k.current()
	out := make([]byte, 1, sealOverhead+len(plaintext))
	out[0] = cur.id
	return cur.aead.Seal(out, nil, []byte(plaintext), additionalData(cur.id, context)), nil
}

// Open decrypts what Seal returned for the same context, with whichever key
// set sealed it. It returns an error matching ErrDecrypt if the ciphertext
// does not open.
func (k *Keys) Open(ct []byte, context string) (string, error) {
	pt, _, err := k.open(ct, context)
	return pt, err
}

// Reseal opens ct and, if it was sealed with a key set other than the
// current one, seals it again with the current one (changed is true). A
// rotation job runs it over every sealed value; values already under the
// current key set come back unchanged.
func (k *Keys) Reseal(ct []byte, context string) (out []byte, changed bool, err error) {
	pt, ks, err := k.open(ct, context)
	if err != nil {
		return nil, false, err
	}
	if ks == k.current() {
		return ct, false, nil
	}
	out, err = k.Seal(pt, context)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

func (k *Keys) open(ct []byte, context string) (string, *keySet, error) {
	if context == "" {
		return "", nil, ErrNoContext
	}
	if len(ct) < sealOverhead {
		return "", nil, fmt.Errorf("%w: %d bytes is too short", ErrDecrypt, len(ct))
	}
	id := ct[0]
	candidates := k.withID(id)
	if len(candidates) == 0 {
		return "", nil, fmt.Errorf("%w: no key set has id %02x (was it removed from %s?)", ErrDecrypt, id, EnvVar)
	}
	ad := additionalData(id, context)
	for _, ks := range candidates {
		if pt, err := ks.aead.Open(nil, nil, ct[1:], ad); err == nil {
			return string(pt), ks, nil
		}
	}
	return "", nil, ErrDecrypt
}

// additionalData binds a ciphertext to its format version, key id and
// context.
func additionalData(id byte, context string) []byte {
	ad := make([]byte, 0, 20+len(context))
	ad = append(ad, "uslugi/secret/seal/v1"...)
	ad = append(ad, 0, id)
	return append(ad, context...)
}

// LookupHash returns the keyed hash of a normalised value, in hex: HMAC-SHA256
// under the current key set, separated by kind ("snils", "passport", "inn",
// "phone"), so equal values give equal hashes and the same value under two
// kinds gives two unrelated ones. Store it beside the sealed value under a
// unique index. Normalise first: the hash of "123-456-789 01" is not that of
// "12345678901".
func (k *Keys) LookupHash(kind, normalisedValue string) string {
	return lookupHash(k.current().mac, kind, normalisedValue)
}

// LookupHashes returns the value's look-up hash under every key set, current
// first: during a key rotation, until every stored hash has been rewritten
// with LookupHash, look values up with all of them.
func (k *Keys) LookupHashes(kind, normalisedValue string) []string {
	out := make([]string, len(k.sets))
	for i := range k.sets {
		out[i] = lookupHash(k.sets[i].mac, kind, normalisedValue)
	}
	return out
}

func lookupHash(key []byte, kind, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("uslugi/secret/lookup/v1\x00"))
	// The kind's length goes first, so no (kind, value) pair reads as another.
	m.Write(binary.BigEndian.AppendUint32(nil, uint32(len(kind))))
	m.Write([]byte(kind))
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}
