package blob

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// MinURLKeySize is the shortest key NewURLSigner accepts.
const MinURLKeySize = 32

// Errors from URLSigner.Verify. Both mean "no file": the API answers 403
// and the citizen asks for a new link.
var (
	// ErrURLInvalid: a parameter is missing or malformed, or the signature
	// does not match (the link was altered or signed with another key).
	ErrURLInvalid = errors.New("blob: invalid download link")
	// ErrURLExpired: a genuine link whose time is up.
	ErrURLExpired = errors.New("blob: the download link has expired")
)

// URLSigner makes and checks the query strings of download links:
// key=KEY&exp=UNIX&sig=HMAC. The link names the object and when it stops
// working, and the HMAC-SHA256 over both, so neither can be changed. The
// API serves GET /files?... itself for either store (see the package
// comment).
type URLSigner struct {
	key   []byte
	clock func() time.Time
}

// NewURLSigner returns a signer with key (at least MinURLKeySize bytes;
// derive it from the server's secret keys, e.g. a keyed hash under a
// purpose of its own, so rotating SECRET_KEYS also retires old links) and
// clock (nil for time.Now).
func NewURLSigner(key []byte, clock func() time.Time) (*URLSigner, error) {
	if len(key) < MinURLKeySize {
		return nil, fmt.Errorf("blob: a URL signing key needs at least %d bytes, got %d", MinURLKeySize, len(key))
	}
	if clock == nil {
		clock = time.Now
	}
	return &URLSigner{key: append([]byte(nil), key...), clock: clock}, nil
}

// Sign returns the query string (without '?') of a link to key that works
// until expires, to the second: "/files?" + Sign(key, now.Add(5*time.Minute)).
func (s *URLSigner) Sign(key string, expires time.Time) string {
	exp := expires.Unix()
	q := url.Values{}
	q.Set("key", key)
	q.Set("exp", strconv.FormatInt(exp, 10))
	q.Set("sig", base64.RawURLEncoding.EncodeToString(s.mac(key, exp)))
	return q.Encode()
}

// Verify checks a link's query (r.URL.Query()) and returns the key it
// names: ErrURLInvalid for a missing, malformed or altered one,
// ErrURLExpired for a genuine one past its time. The signature is checked
// before the time, so an altered link is never reported as merely expired.
func (s *URLSigner) Verify(q url.Values) (string, error) {
	if len(q["key"]) != 1 || len(q["exp"]) != 1 || len(q["sig"]) != 1 {
		return "", fmt.Errorf("%w: key, exp and sig are each needed once", ErrURLInvalid)
	}
	key := q.Get("key")
	exp, err := strconv.ParseInt(q.Get("exp"), 10, 64)
	if err != nil {
		return "", fmt.Errorf("%w: exp is not a number", ErrURLInvalid)
	}
	sig, err := base64.RawURLEncoding.DecodeString(q.Get("sig"))
	if err != nil {
		return "", fmt.Errorf("%w: sig is not base64url", ErrURLInvalid)
	}
	if !hmac.Equal(sig, s.mac(key, exp)) {
		return "", fmt.Errorf("%w: the signature does not match", ErrURLInvalid)
	}
	if !s.clock().Before(time.Unix(exp, 0)) {
		return "", ErrURLExpired
	}
	if err := ValidKey(key); err != nil {
		return "", fmt.Errorf("%w: %w", ErrURLInvalid, err)
	}
	return key, nil
}

// mac is HMAC-SHA256 over a version label, the key's length and bytes, and
// the expiry: the length prefix keeps ("ab", 1) and ("a", ...) from ever
// hashing the same input.
func (s *URLSigner) mac(key string, exp int64) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("uslugi/blob/url/v1\x00"))
	m.Write(binary.BigEndian.AppendUint32(nil, uint32(len(key))))
	m.Write([]byte(key))
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(exp)))
	return m.Sum(nil)
}
