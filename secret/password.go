package secret

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash is returned for a stored password hash that is not an
// Argon2id PHC string this package can check.
var ErrMalformedHash = errors.New("secret: malformed password hash")

// Argon2Params are the cost parameters of Argon2id.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultArgon2Params returns OWASP's recommendation for Argon2id: 19 MiB,
// two passes, one lane, with a 16-byte salt and a 32-byte hash.
func DefaultArgon2Params() Argon2Params {
	return Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Limits on parameters, both ours and those read from a stored hash, so a
// corrupt row cannot make a login allocate gigabytes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 128
)

func (p Argon2Params) validate() error {
	switch {
	case p.Threads < 1:
		return errors.New("threads must be at least 1")
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time must be 1 to %d", maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("memory must be 8 KiB per thread to %d KiB", maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt must be %d to %d bytes", minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("hash must be %d to %d bytes", minKeyLen, maxKeyLen)
	}
	return nil
}

// PasswordHasher hashes and checks passwords with Argon2id at its Params.
// Tests use cheap Params; the server uses DefaultArgon2Params.
type PasswordHasher struct {
	Params Argon2Params
}

// NewPasswordHasher returns a PasswordHasher with the given parameters, or
// an error if they are out of range.
func NewPasswordHasher(p Argon2Params) (PasswordHasher, error) {
	if err := p.validate(); err != nil {
		return PasswordHasher{}, fmt.Errorf("secret: argon2 parameters: %w", err)
	}
	return PasswordHasher{Params: p}, nil
}

// HashPassword hashes pw with DefaultArgon2Params.
func HashPassword(pw string) (string, error) {
	return PasswordHasher{Params: DefaultArgon2Params()}.Hash(pw)
}

// VerifyPassword checks pw against an encoded hash, with
// DefaultArgon2Params as the parameters hashes should have.
func VerifyPassword(encoded, pw string) (ok bool, needsRehash bool, err error) {
	return PasswordHasher{Params: DefaultArgon2Params()}.Verify(encoded, pw)
}

// DummyVerify spends the time VerifyPassword spends, and answers nothing.
func DummyVerify(pw string) {
	PasswordHasher{Params: DefaultArgon2Params()}.DummyVerify(pw)
}

// Hash returns pw's Argon2id hash with a random salt, in the PHC string
// format: $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH, salt and hash in
// unpadded standard base64.
func (h PasswordHasher) Hash(pw string) (string, error) {
	p := h.Params
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("secret: argon2 parameters: %w", err)
	}
	salt := randomBytes(int(p.SaltLen))
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(key)), nil
}

// Verify reports whether pw matches the encoded hash, comparing in constant
// time. needsRehash is true when pw matches but the hash was made with
// parameters other than h.Params: hash pw again and store the new hash. A
// hash that cannot be read gives an error matching ErrMalformedHash.
func (h PasswordHasher) Verify(encoded, pw string) (ok bool, needsRehash bool, err error) {
	p, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != h.Params, nil
}

// DummyVerify spends the time Verify spends on a hash made with h.Params,
// and answers nothing. Call it when a login names no account, so the answer
// does not come sooner than for a wrong password.
func (h PasswordHasher) DummyVerify(pw string) {
	p := h.Params
	if p.validate() != nil {
		p = DefaultArgon2Params()
	}
	salt := make([]byte, p.SaltLen)
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	subtle.ConstantTimeCompare(got, make([]byte, len(got)))
}

// parsePHC reads $argon2id$v=19$m=M,t=T,p=P$SALT$HASH.
func parsePHC(encoded string) (Argon2Params, []byte, []byte, error) {
	bad := func(format string, args ...any) (Argon2Params, []byte, []byte, error) {
		return Argon2Params{}, nil, nil, fmt.Errorf("%w: "+format, append([]any{ErrMalformedHash}, args...)...)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("want $argon2id$v=19$m=M,t=T,p=P$SALT$HASH")
	}
	if parts[1] != "argon2id" {
		return bad("algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("version %q is not v=%d", parts[2], argon2.Version)
	}
	var p Argon2Params
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return bad("parameters %q are not m=M,t=T,p=P", parts[3])
	}
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return bad("parameters %q are not m=M,t=T,p=P", parts[3])
		}
		bits := 32
		if name == "p" {
			bits = 8
		}
		n, err := strconv.ParseUint(v, 10, bits)
		if err != nil {
			return bad("parameter %s=%q is not a number in range", name, v)
		}
		switch name {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			p.Threads = uint8(n)
		}
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil {
		return bad("salt is not unpadded base64")
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil {
		return bad("hash is not unpadded base64")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.validate(); err != nil {
		return bad("%v", err)
	}
	return p, salt, key, nil
}
