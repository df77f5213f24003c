package secret

import (
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer and Audience are the iss and aud of every access token.
const (
	Issuer   = "uslugi"
	Audience = "uslugi"
)

// ClockSkew is how far apart the clocks of two nodes may be: a token is
// accepted this long before its nbf and after its exp.
const ClockSkew = 5 * time.Second

// maxTokenLen bounds what ParseAccess reads.
const maxTokenLen = 4096

// ErrTokenExpired is returned by ParseAccess for a correctly signed token
// whose lifetime has passed: the client should refresh it.
var ErrTokenExpired = errors.New("secret: access token expired")

// ErrTokenInvalid is returned by ParseAccess for any other token it refuses:
// malformed, badly signed, signed with another algorithm or an unknown key,
// not yet valid, or for another issuer or audience.
var ErrTokenInvalid = errors.New("secret: access token invalid")

var errClaimMissing = errors.New("missing claim")

// Claims are what an access token says: whose session it is, at which tier,
// confirmed how, with which roles.
type Claims struct {
	AccountID string   `json:"account_id"`
	SessionID string   `json:"session_id"`
	Tier      string   `json:"tier,omitempty"`
	Method    string   `json:"method,omitempty"`
	Roles     []string `json:"roles,omitempty"`
	jwt.RegisteredClaims
}

// Validate checks what the registered claims do not: called by the parser
// after the signature, times, issuer and audience.
func (c *Claims) Validate() error {
	switch {
	case c.AccountID == "":
		return fmt.Errorf("%w: account_id", errClaimMissing)
	case c.SessionID == "":
		return fmt.Errorf("%w: session_id", errClaimMissing)
	case c.Subject != c.AccountID:
		return fmt.Errorf("%w: sub equal to account_id", errClaimMissing)
	}
	return nil
}

// SignAccess returns an HS256 JWT of c signed with the current key set,
// valid from now for ttl. It sets the registered claims: iss and aud
// "uslugi", sub the account id, iat and nbf now, exp now+ttl, and jti a
// random id unless c has one.
func (k *Keys) SignAccess(c Claims, now time.Time, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		return "", fmt.Errorf("secret: access token lifetime %v is not positive", ttl)
	}
	if c.AccountID == "" || c.SessionID == "" {
		return "", errors.New("secret: an access token needs an account id and a session id")
	}
	now = now.Truncate(time.Second)
	c.Issuer = Issuer
	c.Audience = jwt.ClaimStrings{Audience}
	c.Subject = c.AccountID
	c.IssuedAt = jwt.NewNumericDate(now)
	c.NotBefore = jwt.NewNumericDate(now)
	c.ExpiresAt = jwt.NewNumericDate(now.Add(ttl))
	if c.ID == "" {
		c.ID = hex.EncodeToString(randomBytes(16))
	}
	cur := k.current()
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, &c)
	t.Header["kid"] = keyIDString(cur.id)
	s, err := t.SignedString(cur.sign)
	if err != nil {
		return "", fmt.Errorf("secret: sign access token: %w", err)
	}
	return s, nil
}

// ParseAccess checks an access token at time now and returns its claims. It
// accepts HS256 only, signed by one of the key sets, with iss and aud
// "uslugi", within its nbf and exp (give or take ClockSkew). An expired
// token gives an error matching ErrTokenExpired; any other refusal one
// matching ErrTokenInvalid.
func (k *Keys) ParseAccess(token string, now time.Time) (*Claims, error) {
	if len(token) > maxTokenLen {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrTokenInvalid, maxTokenLen)
	}
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(ClockSkew),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithStrictDecoding(),
	)
	var c Claims
	_, err := p.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodHS256 {
			return nil, fmt.Errorf("algorithm %v is not HS256", t.Header["alg"])
		}
		kid, _ := t.Header["kid"].(string)
		var keys []jwt.VerificationKey
		for i := range k.sets {
			if keyIDString(k.sets[i].id) == kid {
				keys = append(keys, k.sets[i].sign)
			}
		}
		if len(keys) == 0 {
			return nil, fmt.Errorf("no key set has kid %q", kid)
		}
		return jwt.VerificationKeySet{Keys: keys}, nil
	})
	switch {
	case err == nil:
		return &c, nil
	case errors.Is(err, jwt.ErrTokenExpired) && !refusedOtherwise(err):
		// The parser checks the signature before the claims, so only a
		// token we signed is ever reported as expired.
		return nil, fmt.Errorf("%w: %w", ErrTokenExpired, err)
	default:
		return nil, fmt.Errorf("%w: %w", ErrTokenInvalid, err)
	}
}

// refusedOtherwise reports whether a token's claims fail for a reason other
// than expiry too: such a token is invalid, not merely expired.
func refusedOtherwise(err error) bool {
	for _, e := range []error{
		jwt.ErrTokenNotValidYet, jwt.ErrTokenUsedBeforeIssued, jwt.ErrTokenInvalidIssuer,
		jwt.ErrTokenInvalidAudience, jwt.ErrTokenInvalidSubject, errClaimMissing,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func keyIDString(id byte) string { return fmt.Sprintf("%02x", id) }
