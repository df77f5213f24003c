package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// EnvVar is the environment variable that names the blob store.
const EnvVar = "BLOB_URL"

// MaxKeyLength is the longest key accepted, in bytes: S3 allows 1024, and
// local file systems limit a whole path to about 4096.
const MaxKeyLength = 512

// Info describes a stored object.
type Info struct {
	// Size is the object's length in bytes.
	Size int64
	// SHA256 is the lowercase hex SHA-256 of the object's bytes, taken
	// while it was written.
	SHA256 string
	// ContentType is what Put was given, e.g. "application/pdf".
	ContentType string
}

// Store keeps objects by key.
type Store interface {
	// Put stores r's bytes under key, replacing any object there, and
	// returns their size and SHA-256. A failed Put leaves the previous
	// object (or none) in place.
	Put(ctx context.Context, key string, r io.Reader, contentType string) (Info, error)
	// Get opens the object at key, or returns an error matching
	// ErrNotFound. The reader fails with ErrCorrupt at its end if the
	// bytes do not match Info.SHA256. The caller closes it.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	// Delete removes the object at key; deleting a missing key is not an
	// error, as in S3.
	Delete(ctx context.Context, key string) error
}

// Errors.
var (
	// ErrNotFound: no object at the key.
	ErrNotFound = errors.New("blob: no object at that key")
	// ErrBadKey: a key that ValidKey refuses.
	ErrBadKey = errors.New("blob: invalid key")
	// ErrCorrupt: the stored bytes do not match the SHA-256 taken when
	// they were written.
	ErrCorrupt = errors.New("blob: stored object does not match its SHA-256")
)

// ValidKey reports whether key may name an object: 1 to MaxKeyLength bytes
// of slash-separated segments made of ASCII letters, digits, '.', '_' and
// '-', none empty and none starting with a dot (so no "..", no hidden
// files, and no clash with the local store's temporary files).
func ValidKey(key string) error {
	if key == "" || len(key) > MaxKeyLength {
		return fmt.Errorf("%w: a key is 1 to %d bytes", ErrBadKey, MaxKeyLength)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" {
			return fmt.Errorf("%w: empty path segment (leading, trailing or double slash)", ErrBadKey)
		}
		if seg[0] == '.' {
			return fmt.Errorf("%w: a path segment may not start with a dot", ErrBadKey)
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				return fmt.Errorf("%w: character %q is not allowed", ErrBadKey, c)
			}
		}
	}
	return nil
}

// Open returns the store that rawURL (the BLOB_URL value) names: empty for
// a directory store in localDir, "file:///path" for a directory store in
// path, "s3://..." for an S3-compatible store (see the package comment). For
// S3 it checks the credentials by looking the bucket up, and creates it
// when missing. Errors never repeat the URL, which holds the secret key.
func Open(ctx context.Context, rawURL string, localDir string, opts ...Option) (Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if strings.TrimSpace(rawURL) == "" {
		return openLocal(localDir)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error quotes the whole URL, password included: say less.
		return nil, fmt.Errorf("blob: %s is not a URL (expected s3://ACCESS:SECRET@host:port/bucket or file:///dir)", EnvVar)
	}
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("blob: %s: a file URL names a local path: file:///dir", EnvVar)
		}
		return openLocal(u.Path)
	case "s3":
		cfg, err := parseS3URL(u)
		if err != nil {
			return nil, err
		}
		s, err := newS3(ctx, cfg, o.wrap)
		if err != nil {
			return nil, err // not a Store holding a nil *S3
		}
		return s, nil
	default:
		return nil, fmt.Errorf("blob: %s: scheme %q is not supported (use s3:// or file://, or leave it empty)", EnvVar, u.Scheme)
	}
}

// Option tunes Open.
type Option func(*options)

type options struct {
	wrap func(http.RoundTripper) http.RoundTripper
}

// WithTransport makes an S3 store send its requests through
// wrap(the S3 client's own transport), e.g. to record each request as a
// trace span. A directory store ignores it.
func WithTransport(wrap func(http.RoundTripper) http.RoundTripper) Option {
	return func(o *options) { o.wrap = wrap }
}

func openLocal(dir string) (Store, error) {
	l, err := NewLocal(dir)
	if err != nil {
		return nil, err // not a Store holding a nil *Local
	}
	return l, nil
}

// hashingReader computes the SHA-256 of what passes through it.
type hashingReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func newHashingReader(r io.Reader) *hashingReader { return &hashingReader{r: r, h: sha256.New()} }

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func (h *hashingReader) sum() string { return hex.EncodeToString(h.h.Sum(nil)) }

// verifyingReader passes an object through and, at its end, turns io.EOF
// into ErrCorrupt if the bytes read do not match the expected SHA-256 and
// size. Checking on every read costs one hash pass, which is nothing next
// to the network or disk, and catches bit rot and tampering in the store.
type verifyingReader struct {
	rc   io.ReadCloser
	h    hash.Hash
	n    int64
	want Info
	key  string
}

func newVerifyingReader(rc io.ReadCloser, key string, want Info) *verifyingReader {
	return &verifyingReader{rc: rc, h: sha256.New(), want: want, key: key}
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	n, err := v.rc.Read(p)
	v.h.Write(p[:n])
	v.n += int64(n)
	if err == io.EOF {
		if v.n != v.want.Size || hex.EncodeToString(v.h.Sum(nil)) != v.want.SHA256 {
			return n, fmt.Errorf("%w: %s", ErrCorrupt, v.key)
		}
	}
	return n, err
}

func (v *verifyingReader) Close() error { return v.rc.Close() }
