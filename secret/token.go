package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// MaxCodeDigits is the longest code NewNumericCode makes.
const MaxCodeDigits = 32

// NewNumericCode returns a one-time code of the given number of decimal
// digits, each uniform and independent (leading zeros are kept), from
// crypto/rand. Store its HashToken, not the code.
func NewNumericCode(digits int) (string, error) {
	if digits < 1 || digits > MaxCodeDigits {
		return "", fmt.Errorf("secret: a code has 1 to %d digits, not %d", MaxCodeDigits, digits)
	}
	code := make([]byte, 0, digits)
	buf := make([]byte, digits+digits/4+4)
	for len(code) < digits {
		randomFill(buf)
		for _, b := range buf {
			// 250 is the largest multiple of 10 a byte holds: rejecting
			// 250..255 keeps every digit equally likely.
			if b < 250 && len(code) < digits {
				code = append(code, '0'+b%10)
			}
		}
	}
	return string(code), nil
}

// TokenBytes is how many random bytes NewToken draws.
const TokenBytes = 32

// NewToken returns an opaque token of TokenBytes random bytes in unpadded
// base64url (43 characters), for sessions, confirmation links and the like.
// Store its HashToken, not the token.
func NewToken() (string, error) {
	return base64.RawURLEncoding.EncodeToString(randomBytes(TokenBytes)), nil
}

// HashToken returns the keyed hash of a token or code, in hex, under the
// current key set: what is stored and looked up. Keyed, so a leaked table
// cannot be checked offline (a 6-digit code's plain hash falls to a million
// guesses).
func HashToken(keys *Keys, token string) string {
	return tokenHash(keys.current().mac, token)
}

// TokenHashes returns the token's hash under every key set, current first:
// during a key rotation, look stored hashes up with all of them.
func TokenHashes(keys *Keys, token string) []string {
	out := make([]string, len(keys.sets))
	for i := range keys.sets {
		out[i] = tokenHash(keys.sets[i].mac, token)
	}
	return out
}

func tokenHash(key []byte, token string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("uslugi/secret/token/v1\x00"))
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil))
}

// Equal reports whether a and b are equal, in time that depends on their
// lengths but not their contents. Compare hashes (of equal length) with it,
// or a code a user typed with the one expected.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
