package secret_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/uslugi/uslugi/secret"
)

func testClaims() secret.Claims {
	return secret.Claims{
		AccountID: "acc-1",
		SessionID: "ses-1",
		Tier:      "CONFIRMED",
		Method:    "gosuslugi",
		Roles:     []string{"OPERATOR"},
	}
}

func accessNow() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

const accessTTL = 15 * time.Minute

func TestAccessRoundTrip(t *testing.T) {
	k := mustKeys(t, secret.GenerateKeys())
	tok, err := k.SignAccess(testClaims(), accessNow(), accessTTL)
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.ParseAccess(tok, accessNow())
	if err != nil {
		t.Fatalf("ParseAccess: %v", err)
	}
	want := testClaims()
	want.RegisteredClaims = jwt.RegisteredClaims{
		Issuer:    "uslugi",
		Subject:   "acc-1",
		Audience:  jwt.ClaimStrings{"uslugi"},
		ExpiresAt: jwt.NewNumericDate(accessNow().Add(accessTTL)),
		NotBefore: jwt.NewNumericDate(accessNow()),
		IssuedAt:  jwt.NewNumericDate(accessNow()),
	}
	if diff := cmp.Diff(&want, got, cmpopts.IgnoreFields(jwt.RegisteredClaims{}, "ID")); diff != "" {
		t.Errorf("claims (-want, +got):\n%s", diff)
	}
	if len(got.ID) != 32 {
		t.Errorf("jti = %q, want 32 hex digits", got.ID)
	}
	header, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
	if !strings.Contains(string(header), `"alg":"HS256"`) || !strings.Contains(string(header), `"kid":`) {
		t.Errorf("header = %s", header)
	}
}

func TestAccessLifetime(t *testing.T) {
	k := mustKeys(t, secret.GenerateKeys())
	tok, err := k.SignAccess(testClaims(), accessNow(), accessTTL)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		at   time.Time
		want error
	}{
		{name: "at issue", at: accessNow()},
		{name: "a second before expiry", at: accessNow().Add(accessTTL - time.Second)},
		{name: "just expired, within clock skew", at: accessNow().Add(accessTTL + secret.ClockSkew - time.Second)},
		{name: "expired", at: accessNow().Add(accessTTL + secret.ClockSkew + time.Second), want: secret.ErrTokenExpired},
		{name: "a day later", at: accessNow().Add(24 * time.Hour), want: secret.ErrTokenExpired},
		{name: "slightly before issue, within clock skew", at: accessNow().Add(-secret.ClockSkew + time.Second)},
		{name: "not yet valid", at: accessNow().Add(-secret.ClockSkew - time.Second), want: secret.ErrTokenInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := k.ParseAccess(tok, tc.at)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("ParseAccess: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("ParseAccess error = %v, want %v", err, tc.want)
			}
			if tc.want == secret.ErrTokenInvalid && errors.Is(err, secret.ErrTokenExpired) {
				t.Error("error matches both ErrTokenInvalid and ErrTokenExpired")
			}
		})
	}
}

func TestAccessRefused(t *testing.T) {
	k := mustKeys(t, secret.GenerateKeys())
	good, err := k.SignAccess(testClaims(), accessNow(), accessTTL)
	if err != nil {
		t.Fatal(err)
	}
	registered := func(f func(*jwt.RegisteredClaims)) *secret.Claims {
		c := testClaims()
		c.RegisteredClaims = jwt.RegisteredClaims{
			Issuer:    "uslugi",
			Subject:   c.AccountID,
			Audience:  jwt.ClaimStrings{"uslugi"},
			IssuedAt:  jwt.NewNumericDate(accessNow()),
			NotBefore: jwt.NewNumericDate(accessNow()),
			ExpiresAt: jwt.NewNumericDate(accessNow().Add(accessTTL)),
		}
		f(&c.RegisteredClaims)
		return &c
	}
	withOur := func(method jwt.SigningMethod, c jwt.Claims) string {
		s, err := secret.SignRaw(k, method, c)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	goodHeader, _ := base64.RawURLEncoding.DecodeString(strings.Split(good, ".")[0])

	none := func() string {
		tok := jwt.NewWithClaims(jwt.SigningMethodNone, registered(func(*jwt.RegisteredClaims) {}))
		s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}()
	rs256 := func() string {
		priv, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		s, err := jwt.NewWithClaims(jwt.SigningMethodRS256, registered(func(*jwt.RegisteredClaims) {})).SignedString(priv)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}()
	eddsa := func() string {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		s, err := jwt.NewWithClaims(jwt.SigningMethodEdDSA, registered(func(*jwt.RegisteredClaims) {})).SignedString(priv)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}()
	otherKeys, _ := mustKeys(t, secret.GenerateKeys()).SignAccess(testClaims(), accessNow(), accessTTL)
	parts := strings.Split(good, ".")
	// Raise the tier in the payload, keep the signature.
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	raised := strings.Join([]string{parts[0], base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), "OPERATOR", "ADMIN", 1))), parts[2]}, ".")
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sig[0] ^= 1
	flipped := parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
	// alg=none with our header's kid, signature stripped.
	noneHeader := base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(goodHeader), `"HS256"`, `"none"`, 1)))
	stripped := noneHeader + "." + parts[1] + "."

	for _, tc := range []struct {
		name  string
		token string
		want  error
	}{
		{name: "alg none", token: none, want: secret.ErrTokenInvalid},
		{name: "alg none with our kid and payload", token: stripped, want: secret.ErrTokenInvalid},
		{name: "RS256", token: rs256, want: secret.ErrTokenInvalid},
		{name: "EdDSA", token: eddsa, want: secret.ErrTokenInvalid},
		{name: "HS512 with our key", token: withOur(jwt.SigningMethodHS512, registered(func(*jwt.RegisteredClaims) {})), want: secret.ErrTokenInvalid},
		{name: "HS384 with our key", token: withOur(jwt.SigningMethodHS384, registered(func(*jwt.RegisteredClaims) {})), want: secret.ErrTokenInvalid},
		{name: "signed with other keys", token: otherKeys, want: secret.ErrTokenInvalid},
		{name: "payload altered", token: raised, want: secret.ErrTokenInvalid},
		{name: "signature byte flipped", token: flipped, want: secret.ErrTokenInvalid},
		{name: "signature removed", token: parts[0] + "." + parts[1] + ".", want: secret.ErrTokenInvalid},
		{name: "wrong issuer", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.Issuer = "esia" })), want: secret.ErrTokenInvalid},
		{name: "no issuer", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.Issuer = "" })), want: secret.ErrTokenInvalid},
		{name: "wrong audience", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.Audience = jwt.ClaimStrings{"admin"} })), want: secret.ErrTokenInvalid},
		{name: "no audience", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.Audience = nil })), want: secret.ErrTokenInvalid},
		{name: "no expiry", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.ExpiresAt = nil })), want: secret.ErrTokenInvalid},
		{name: "issued in the future", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.IssuedAt = jwt.NewNumericDate(accessNow().Add(time.Hour)) })), want: secret.ErrTokenInvalid},
		{name: "subject is another account", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.Subject = "acc-2" })), want: secret.ErrTokenInvalid},
		{name: "expired and wrong issuer is invalid, not expired", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) {
			r.Issuer = "esia"
			r.ExpiresAt = jwt.NewNumericDate(accessNow().Add(-time.Hour))
		})), want: secret.ErrTokenInvalid},
		{name: "expired", token: withOur(jwt.SigningMethodHS256, registered(func(r *jwt.RegisteredClaims) { r.ExpiresAt = jwt.NewNumericDate(accessNow().Add(-time.Hour)) })), want: secret.ErrTokenExpired},
		{name: "no account id", token: withOur(jwt.SigningMethodHS256, func() *secret.Claims {
			c := registered(func(r *jwt.RegisteredClaims) { r.Subject = "" })
			c.AccountID = ""
			return c
		}()), want: secret.ErrTokenInvalid},
		{name: "no session id", token: withOur(jwt.SigningMethodHS256, func() *secret.Claims {
			c := registered(func(*jwt.RegisteredClaims) {})
			c.SessionID = ""
			return c
		}()), want: secret.ErrTokenInvalid},
		{name: "empty", token: "", want: secret.ErrTokenInvalid},
		{name: "garbage", token: "not.a.token", want: secret.ErrTokenInvalid},
		{name: "too long", token: good + strings.Repeat("A", 5000), want: secret.ErrTokenInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := k.ParseAccess(tc.token, accessNow())
			if !errors.Is(err, tc.want) {
				t.Fatalf("ParseAccess = %+v, %v; want %v", c, err, tc.want)
			}
			if c != nil {
				t.Errorf("claims returned with an error: %+v", c)
			}
			if tc.want == secret.ErrTokenInvalid && errors.Is(err, secret.ErrTokenExpired) {
				t.Error("error matches ErrTokenExpired too")
			}
		})
	}
}

func TestAccessKeyRotation(t *testing.T) {
	oldValue, newValue := secret.GenerateKeys(), secret.GenerateKeys()
	old := mustKeys(t, oldValue)
	tok, err := old.SignAccess(testClaims(), accessNow(), accessTTL)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		keys    *secret.Keys
		wantErr bool
	}{
		{name: "old token verifies after a new first key is added", keys: mustKeys(t, newValue+","+oldValue)},
		{name: "old token fails once the old key is removed", keys: mustKeys(t, newValue), wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.keys.ParseAccess(tok, accessNow())
			if tc.wantErr != (err != nil) {
				t.Fatalf("ParseAccess error = %v, want error %v", err, tc.wantErr)
			}
			if err != nil && !errors.Is(err, secret.ErrTokenInvalid) {
				t.Errorf("error = %v, want ErrTokenInvalid", err)
			}
		})
	}
}

func TestSignAccessRefuses(t *testing.T) {
	k := mustKeys(t, secret.GenerateKeys())
	for _, tc := range []struct {
		name   string
		claims secret.Claims
		ttl    time.Duration
	}{
		{name: "zero lifetime", claims: testClaims(), ttl: 0},
		{name: "negative lifetime", claims: testClaims(), ttl: -time.Minute},
		{name: "no account", claims: secret.Claims{SessionID: "s"}, ttl: accessTTL},
		{name: "no session", claims: secret.Claims{AccountID: "a"}, ttl: accessTTL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tok, err := k.SignAccess(tc.claims, accessNow(), tc.ttl); err == nil {
				t.Fatalf("SignAccess = %q; want an error", tok)
			}
		})
	}
}
