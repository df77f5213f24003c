package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// EnvVar is the environment variable that holds the server's keys.
const EnvVar = "SECRET_KEYS"

// KeyFile is the name of the file in the data directory that holds the keys
// when SECRET_KEYS is empty.
const KeyFile = "secret.key"

// KeySetSize is the length of one key set before base64: an AES-256 key, an
// HMAC-SHA256 key for look-up and token hashes, and an HS256 signing key.
const KeySetSize = 3 * keySize

const keySize = 32

// Keys holds the server's secret keys: one or more key sets, the first of
// which is current. It is safe for concurrent use. Printing or logging a
// Keys shows how many key sets it holds and the current key id, never a key.
type Keys struct {
	sets []keySet
}

// keySet is one 96-byte key set from SECRET_KEYS.
type keySet struct {
	id   byte        // first byte of HMAC(aes key, "key id"): carried by sealed values and tokens
	aead cipher.AEAD // AES-256-GCM with random nonces
	mac  []byte      // HMAC-SHA256 key for look-up and token hashes
	sign []byte      // HS256 key for access tokens
}

// GenerateKeys returns a new SECRET_KEYS value: one key set of KeySetSize
// bytes from crypto/rand, in unpadded base64url.
func GenerateKeys() string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(KeySetSize))
}

// ParseKeys builds Keys from a SECRET_KEYS value: one or more comma-separated
// key sets of KeySetSize bytes each, in base64 (URL-safe or standard, padded
// or not). The first key set is current. It does not read files: see
// LoadKeys for "file:".
func ParseKeys(value string) (*Keys, error) {
	parts := strings.Split(value, ",")
	k := &Keys{sets: make([]keySet, 0, len(parts))}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		where := "the key"
		if len(parts) > 1 {
			where = fmt.Sprintf("key %d of %d", i+1, len(parts))
		}
		if p == "" {
			return nil, fmt.Errorf("%s is empty; %s", where, wantKeys)
		}
		raw, ok := decodeBase64(p)
		if !ok {
			return nil, fmt.Errorf("%s is not base64; %s", where, wantKeys)
		}
		if len(raw) != KeySetSize {
			return nil, fmt.Errorf("%s is %d bytes; %s", where, len(raw), wantKeys)
		}
		if allSame(raw) {
			return nil, fmt.Errorf("%s is %d identical bytes, not random ones; %s", where, len(raw), wantKeys)
		}
		ks, err := newKeySet(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		for j, prev := range k.sets {
			if hmac.Equal(prev.mac, ks.mac) {
				return nil, fmt.Errorf("%s repeats key %d; each key set must be listed once", where, j+1)
			}
		}
		k.sets = append(k.sets, ks)
	}
	return k, nil
}

const wantKeys = "each comma-separated key must be 96 random bytes in base64 (make one with `server keys`), or the whole value file:PATH naming a file that holds them"

// LoadKeys returns the server's keys. env is the value of SECRET_KEYS: key
// sets as ParseKeys reads them, or "file:PATH" naming a file that holds such
// a value. When env is empty, the keys are read from dataDir/secret.key,
// which is created (mode 0600, from crypto/rand) on first use, and a warning
// is logged: the key then lives beside the data it protects, so production
// must set SECRET_KEYS. The bool reports that a new key file was created.
// A nil log logs to slog.Default().
func LoadKeys(env string, dataDir string, log *slog.Logger) (*Keys, bool, error) {
	if log == nil {
		log = slog.Default()
	}
	env = strings.TrimSpace(env)
	if path, ok := strings.CutPrefix(env, "file:"); ok {
		if path == "" {
			return nil, false, fmt.Errorf("%s: file: names no file; %s", EnvVar, wantKeys)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, false, fmt.Errorf("%s: read key file: %w", EnvVar, err)
		}
		k, err := ParseKeys(string(b))
		if err != nil {
			return nil, false, fmt.Errorf("%s: %s: %w", EnvVar, path, err)
		}
		return k, false, nil
	}
	if env != "" {
		k, err := ParseKeys(env)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", EnvVar, err)
		}
		return k, false, nil
	}

	if dataDir == "" {
		return nil, false, fmt.Errorf("%s is empty and there is no data directory to keep %s in", EnvVar, KeyFile)
	}
	path := filepath.Join(dataDir, KeyFile)
	value, generated, err := readOrCreateKeyFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("secret: %s is empty: %w", EnvVar, err)
	}
	k, err := ParseKeys(value)
	if err != nil {
		return nil, false, fmt.Errorf("secret: %s is malformed (restore it from a backup, or set %s): %w", path, EnvVar, err)
	}
	if generated {
		log.Warn("secret: generated new keys beside the data; production must set "+EnvVar+" (see `server keys`)", "path", path)
	} else {
		log.Warn("secret: keys are read from a file beside the data; production must set "+EnvVar+" (see `server keys`)", "path", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		log.Warn("secret: key file is readable by other users; chmod 600 it", "path", path, "mode", fi.Mode().Perm().String())
	}
	return k, generated, nil
}

// readOrCreateKeyFile returns the contents of path, first creating it with
// new keys if it does not exist. Two processes starting at once on the same
// data directory end up with the same keys: the file appears whole (written
// to a temporary file, then hard-linked into place) and only once.
func readOrCreateKeyFile(path string) (string, bool, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return string(b), false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("read key file: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", false, fmt.Errorf("create data directory: %w", err)
	}
	value := GenerateKeys()
	if err := publishFile(dir, path, []byte(value+"\n")); errors.Is(err, fs.ErrExist) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", false, fmt.Errorf("read key file: %w", err)
		}
		return string(b), false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("create key file: %w", err)
	}
	return value, true, nil
}

// publishFile makes path, mode 0600, holding data, unless it exists (then
// it returns an error matching fs.ErrExist and leaves path alone).
func publishFile(dir, path string, data []byte) error {
	tmp, err := os.CreateTemp(dir, "."+KeyFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return err
	}
	// The key must survive a crash, or everything sealed with it is lost.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func decodeBase64(s string) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.StdEncoding} {
		if b, err := enc.Strict().DecodeString(s); err == nil {
			return b, true
		}
	}
	return nil, false
}

func allSame(b []byte) bool {
	for _, c := range b[1:] {
		if c != b[0] {
			return false
		}
	}
	return true
}

func newKeySet(raw []byte) (keySet, error) {
	encKey := raw[:keySize]
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return keySet{}, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return keySet{}, err
	}
	m := hmac.New(sha256.New, encKey)
	m.Write([]byte("uslugi/secret/key-id/v1"))
	return keySet{
		id:   m.Sum(nil)[0],
		aead: aead,
		mac:  bytesClone(raw[keySize : 2*keySize]),
		sign: bytesClone(raw[2*keySize:]),
	}, nil
}

// randomBytes returns n bytes from crypto/rand, which never fails (it
// crashes the program if the operating system cannot supply randomness).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	randomFill(b)
	return b
}

func randomFill(b []byte) { _, _ = rand.Read(b) }

func bytesClone(b []byte) []byte { return append([]byte(nil), b...) }

func (k *Keys) current() *keySet { return &k.sets[0] }

// withID returns the key sets whose id is id, in SECRET_KEYS order. Ids are
// one byte, so two key sets may share one; callers try each.
func (k *Keys) withID(id byte) []*keySet {
	var out []*keySet
	for i := range k.sets {
		if k.sets[i].id == id {
			out = append(out, &k.sets[i])
		}
	}
	return out
}

// Format prints Keys without its keys, whatever the verb.
func (k *Keys) Format(f fmt.State, _ rune) {
	if k == nil || len(k.sets) == 0 {
		fmt.Fprint(f, "secret.Keys{}")
		return
	}
	fmt.Fprintf(f, "secret.Keys{sets: %d, current: %02x}", len(k.sets), k.sets[0].id)
}

// LogValue logs Keys without its keys.
func (k *Keys) LogValue() slog.Value {
	if k == nil || len(k.sets) == 0 {
		return slog.GroupValue()
	}
	return slog.GroupValue(
		slog.Int("sets", len(k.sets)),
		slog.String("current", fmt.Sprintf("%02x", k.sets[0].id)),
	)
}
