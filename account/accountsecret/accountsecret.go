// Package accountsecret adapts the secret package to the interfaces accounts
// declare (account.Secrets, account.Passwords).
package accountsecret

import (
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/secret"
)

// Secrets implements account.Secrets with the server's keys.
type Secrets struct {
	Keys *secret.Keys
}

func (s Secrets) NewCode(digits int) (string, error) { return secret.NewNumericCode(digits) }
func (s Secrets) NewToken() (string, error)          { return secret.NewToken() }
func (s Secrets) HashToken(token string) string      { return secret.HashToken(s.Keys, token) }
func (s Secrets) LookupHash(kind, value string) string {
	return s.Keys.LookupHash(kind, value)
}

func (s Secrets) Seal(plaintext, context string) ([]byte, error) {
	return s.Keys.Seal(plaintext, context)
}

func (s Secrets) Open(ciphertext []byte, context string) (string, error) {
	return s.Keys.Open(ciphertext, context)
}

func (s Secrets) SignAccess(p account.Principal, now time.Time, ttl time.Duration) (string, error) {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	return s.Keys.SignAccess(secret.Claims{AccountID: p.AccountID, SessionID: p.SessionID, Tier: string(p.Tier),
		Method: string(p.Method), Roles: roles}, now, ttl)
}

func (s Secrets) ParseAccess(token string, now time.Time) (account.Principal, error) {
	c, err := s.Keys.ParseAccess(token, now)
	if err != nil {
		return account.Principal{}, err
	}
	roles := make([]account.Role, len(c.Roles))
	for i, r := range c.Roles {
		roles[i] = account.Role(r)
	}
	p := account.Principal{AccountID: c.AccountID, SessionID: c.SessionID, Tier: account.Tier(c.Tier),
		Method: account.Method(c.Method), Roles: roles}
	if c.ExpiresAt != nil {
		p.ExpiresAt = c.ExpiresAt.Time
	}
	return p, nil
}

// Passwords implements account.Passwords with argon2id.
type Passwords struct {
	Hasher secret.PasswordHasher
}

func (p Passwords) Hash(pw string) (string, error) { return p.Hasher.Hash(pw) }
func (p Passwords) Verify(encoded, pw string) (bool, error) {
	ok, _, err := p.Hasher.Verify(encoded, pw)
	return ok, err
}
func (p Passwords) Dummy(pw string) { p.Hasher.DummyVerify(pw) }

var (
	_ account.Secrets   = Secrets{}
	_ account.Passwords = Passwords{}
)
