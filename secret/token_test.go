package secret_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/uslugi/uslugi/secret"
)

func TestNewNumericCode(t *testing.T) {
	for _, tc := range []struct {
		name    string
		digits  int
		wantErr bool
	}{
		{name: "one digit", digits: 1},
		{name: "four digits", digits: 4},
		{name: "six digits", digits: 6},
		{name: "eight digits", digits: 8},
		{name: "longest", digits: secret.MaxCodeDigits},
		{name: "zero digits", digits: 0, wantErr: true},
		{name: "negative", digits: -6, wantErr: true},
		{name: "too long", digits: secret.MaxCodeDigits + 1, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 200 {
				code, err := secret.NewNumericCode(tc.digits)
				if tc.wantErr {
					if err == nil {
						t.Fatalf("NewNumericCode(%d) = %q; want an error", tc.digits, code)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(code) != tc.digits || strings.Trim(code, "0123456789") != "" {
					t.Fatalf("NewNumericCode(%d) = %q", tc.digits, code)
				}
			}
		})
	}
}

// A sanity check, not a randomness test: digits in every position are close
// enough to uniform, and codes keep their leading zeros.
func TestNewNumericCodeUniform(t *testing.T) {
	const codes, digits = 5000, 6
	var counts [digits][10]int
	for range codes {
		code, err := secret.NewNumericCode(digits)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range code {
			counts[i][c-'0']++
		}
	}
	t.Run("leading zeros are kept", func(t *testing.T) {
		if counts[0][0] == 0 {
			t.Error("no code of 5000 starts with 0")
		}
	})
	for pos := range digits {
		t.Run("position "+string(rune('1'+pos)), func(t *testing.T) {
			// Chi-squared with 9 degrees of freedom: 50 is exceeded by
			// chance about once in ten million runs.
			expected := float64(codes) / 10
			chi2 := 0.0
			for _, n := range counts[pos] {
				d := float64(n) - expected
				chi2 += d * d / expected
			}
			if chi2 > 50 {
				t.Errorf("chi-squared %.1f for counts %v", chi2, counts[pos])
			}
		})
	}
}

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok, err := secret.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != secret.TokenBytes || len(tok) != 43 {
			t.Fatalf("NewToken = %q: %d bytes, %v", tok, len(raw), err)
		}
		if seen[tok] {
			t.Fatalf("NewToken repeated %q", tok)
		}
		seen[tok] = true
	}
}

func TestHashToken(t *testing.T) {
	value := secret.GenerateKeys()
	k := mustKeys(t, value)
	base := secret.HashToken(k, "tok")
	for _, tc := range []struct {
		name string
		hash string
		same bool
	}{
		{name: "same token and key", hash: secret.HashToken(mustKeys(t, value), "tok"), same: true},
		{name: "another token", hash: secret.HashToken(k, "tok2")},
		{name: "another key", hash: secret.HashToken(mustKeys(t, secret.GenerateKeys()), "tok")},
		{name: "a look-up hash of the same text", hash: k.LookupHash("", "tok")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.hash == base; got != tc.same {
				t.Errorf("hash equal to base = %v, want %v", got, tc.same)
			}
		})
	}
	t.Run("hashes under every key, current first", func(t *testing.T) {
		oldValue := secret.GenerateKeys()
		got := secret.TokenHashes(mustKeys(t, value+","+oldValue), "tok")
		if len(got) != 2 || got[0] != base || got[1] != secret.HashToken(mustKeys(t, oldValue), "tok") {
			t.Errorf("TokenHashes = %q", got)
		}
	})
}

func TestEqual(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want bool
	}{
		{name: "equal", a: "123456", b: "123456", want: true},
		{name: "both empty", a: "", b: "", want: true},
		{name: "one digit differs", a: "123456", b: "123457"},
		{name: "prefix", a: "12345", b: "123456"},
		{name: "empty and not", a: "", b: "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := secret.Equal(tc.a, tc.b); got != tc.want {
				t.Errorf("Equal(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}
