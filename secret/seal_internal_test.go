package secret

import (
	"testing"
	"time"
)

// Key ids are one byte, so two key sets in SECRET_KEYS may share one; what
// each sealed must still open.
func TestSharedKeyID(t *testing.T) {
	byID := map[byte]string{}
	var a, b string
	for range 10000 {
		v := GenerateKeys()
		k, err := ParseKeys(v)
		if err != nil {
			t.Fatal(err)
		}
		if prev, ok := byID[k.current().id]; ok {
			a, b = prev, v
			break
		}
		byID[k.current().id] = v
	}
	if a == "" {
		t.Fatal("no two of 10000 keys share an id byte")
	}
	ka, kb := mustParse(t, a), mustParse(t, b)
	both := mustParse(t, a+","+b)
	for _, tc := range []struct {
		name string
		keys *Keys
		seal *Keys
	}{
		{name: "first key's ciphertext", keys: both, seal: ka},
		{name: "second key's ciphertext", keys: both, seal: kb},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct, err := tc.seal.Seal("secret", "ctx")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := tc.keys.Open(ct, "ctx"); err != nil || got != "secret" {
				t.Fatalf("Open = %q, %v", got, err)
			}
			out, changed, err := tc.keys.Reseal(ct, "ctx")
			if err != nil || changed != (tc.seal == kb) {
				t.Fatalf("Reseal = changed %v, %v", changed, err)
			}
			if _, err := ka.Open(out, "ctx"); err != nil {
				t.Fatalf("resealed value is not under the first key: %v", err)
			}
		})
	}
	t.Run("access token of the second key", func(t *testing.T) {
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		tok, err := kb.SignAccess(Claims{AccountID: "a", SessionID: "s"}, now, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := both.ParseAccess(tok, now); err != nil {
			t.Fatalf("ParseAccess: %v", err)
		}
	})
}

func mustParse(t *testing.T, v string) *Keys {
	t.Helper()
	k, err := ParseKeys(v)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
