package secret_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/uslugi/uslugi/secret"
)

func TestSealOpen(t *testing.T) {
	k := mustKeys(t, secret.GenerateKeys())
	for _, tc := range []struct {
		name, plaintext, context string
	}{
		{name: "snils", plaintext: "11223344595", context: "snils"},
		{name: "passport in Cyrillic", plaintext: "4510 123456, выдан ОВД Тверского р-на", context: "passport"},
		{name: "empty value", plaintext: "", context: "inn"},
		{name: "64 KiB value", plaintext: strings.Repeat("я", 32<<10), context: "document"},
		{name: "value with a zero byte", plaintext: "a\x00b", context: "snils"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct, err := k.Seal(tc.plaintext, tc.context)
			if err != nil {
				t.Fatalf("Seal: %v", err)
			}
			if want := len(tc.plaintext) + 29; len(ct) != want {
				t.Errorf("len(ciphertext) = %d, want %d", len(ct), want)
			}
			if ct[0] != secret.CurrentKeyID(k) {
				t.Errorf("key id byte = %02x, want %02x", ct[0], secret.CurrentKeyID(k))
			}
			if tc.plaintext != "" && bytes.Contains(ct, []byte(tc.plaintext)) {
				t.Error("ciphertext contains the plaintext")
			}
			again, _ := k.Seal(tc.plaintext, tc.context)
			if bytes.Equal(ct, again) {
				t.Error("two seals of one value are equal: the nonce is not random")
			}
			got, err := k.Open(ct, tc.context)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got != tc.plaintext {
				t.Errorf("Open = %q, want %q", got, tc.plaintext)
			}
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	k := mustKeys(t, secret.GenerateKeys())
	other := mustKeys(t, secret.GenerateKeys())
	ct, err := k.Seal("11223344595", "snils")
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte {
		b := bytes.Clone(ct)
		b[i] ^= 0x01
		return b
	}
	otherCT, _ := other.Seal("11223344595", "snils")
	for _, tc := range []struct {
		name    string
		ct      []byte
		context string
		want    error
	}{
		{name: "flipped key id", ct: flip(0), context: "snils", want: secret.ErrDecrypt},
		{name: "flipped nonce byte", ct: flip(5), context: "snils", want: secret.ErrDecrypt},
		{name: "flipped ciphertext byte", ct: flip(14), context: "snils", want: secret.ErrDecrypt},
		{name: "flipped tag byte", ct: flip(len(ct) - 1), context: "snils", want: secret.ErrDecrypt},
		{name: "truncated by one byte", ct: ct[:len(ct)-1], context: "snils", want: secret.ErrDecrypt},
		{name: "one byte appended", ct: append(bytes.Clone(ct), 0), context: "snils", want: secret.ErrDecrypt},
		{name: "shorter than the overhead", ct: ct[:28], context: "snils", want: secret.ErrDecrypt},
		{name: "empty", ct: nil, context: "snils", want: secret.ErrDecrypt},
		{name: "moved to another column", ct: ct, context: "passport", want: secret.ErrDecrypt},
		{name: "context differing in case", ct: ct, context: "SNILS", want: secret.ErrDecrypt},
		{name: "sealed with another key", ct: otherCT, context: "snils", want: secret.ErrDecrypt},
		{name: "no context", ct: ct, context: "", want: secret.ErrNoContext},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := k.Open(tc.ct, tc.context)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open = %q, %v; want %v", got, err, tc.want)
			}
			if got != "" {
				t.Errorf("Open returned %q with its error", got)
			}
		})
	}
	t.Run("seal without context", func(t *testing.T) {
		if _, err := k.Seal("x", ""); !errors.Is(err, secret.ErrNoContext) {
			t.Fatalf("Seal error = %v, want ErrNoContext", err)
		}
	})
}

func TestKeyRotation(t *testing.T) {
	oldValue, newValue := secret.GenerateKeys(), secret.GenerateKeys()
	old := mustKeys(t, oldValue)
	rotated := mustKeys(t, newValue+","+oldValue)
	onlyNew := mustKeys(t, newValue)
	oldCT, err := old.Seal("4510123456", "passport")
	if err != nil {
		t.Fatal(err)
	}
	newCT, err := rotated.Seal("4510123456", "passport")
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name    string
		keys    *secret.Keys
		ct      []byte
		wantErr bool
	}{
		{name: "old ciphertext opens after a new first key is added", keys: rotated, ct: oldCT},
		{name: "new ciphertext opens with the rotated keys", keys: rotated, ct: newCT},
		{name: "new ciphertext is not sealed with the old key", keys: old, ct: newCT, wantErr: true},
		{name: "old ciphertext does not open once the old key is removed", keys: onlyNew, ct: oldCT, wantErr: true},
		{name: "old ciphertext opens with the keys in another order", keys: mustKeys(t, oldValue+","+newValue), ct: oldCT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.keys.Open(tc.ct, "passport")
			if tc.wantErr {
				if !errors.Is(err, secret.ErrDecrypt) {
					t.Fatalf("Open = %q, %v; want ErrDecrypt", got, err)
				}
				return
			}
			if err != nil || got != "4510123456" {
				t.Fatalf("Open = %q, %v", got, err)
			}
		})
	}

	t.Run("reseal moves an old ciphertext to the new key once", func(t *testing.T) {
		out, changed, err := rotated.Reseal(oldCT, "passport")
		if err != nil || !changed {
			t.Fatalf("Reseal = changed %v, %v; want changed", changed, err)
		}
		if got, err := onlyNew.Open(out, "passport"); err != nil || got != "4510123456" {
			t.Fatalf("resealed value under the new key alone = %q, %v", got, err)
		}
		again, changed, err := rotated.Reseal(out, "passport")
		if err != nil || changed || !bytes.Equal(again, out) {
			t.Fatalf("second Reseal = changed %v, %v; want the same bytes back", changed, err)
		}
	})

	t.Run("reseal refuses what does not open", func(t *testing.T) {
		if _, _, err := rotated.Reseal(oldCT, "snils"); !errors.Is(err, secret.ErrDecrypt) {
			t.Fatalf("Reseal error = %v, want ErrDecrypt", err)
		}
	})

	t.Run("a removed key is named in the error", func(t *testing.T) {
		if secret.CurrentKeyID(old) == secret.CurrentKeyID(onlyNew) {
			t.Skip("the two random keys share an id byte")
		}
		_, err := onlyNew.Open(oldCT, "passport")
		if err == nil || !strings.Contains(err.Error(), "SECRET_KEYS") {
			t.Fatalf("Open error = %v; want one pointing at SECRET_KEYS", err)
		}
	})

	t.Run("lookup hashes during rotation", func(t *testing.T) {
		hashes := rotated.LookupHashes("passport", "4510123456")
		want := []string{onlyNew.LookupHash("passport", "4510123456"), old.LookupHash("passport", "4510123456")}
		if len(hashes) != 2 || hashes[0] != want[0] || hashes[1] != want[1] {
			t.Fatalf("LookupHashes = %q, want %q", hashes, want)
		}
		if rotated.LookupHash("passport", "4510123456") != want[0] {
			t.Error("LookupHash does not use the first key")
		}
	})
}

func TestLookupHash(t *testing.T) {
	value := secret.GenerateKeys()
	k := mustKeys(t, value)
	other := mustKeys(t, secret.GenerateKeys())
	base := k.LookupHash("snils", "11223344595")
	if len(base) != 64 || strings.Trim(base, "0123456789abcdef") != "" {
		t.Fatalf("LookupHash = %q, want 64 hex digits", base)
	}
	for _, tc := range []struct {
		name string
		hash string
		same bool
	}{
		{name: "same input gives the same hash", hash: k.LookupHash("snils", "11223344595"), same: true},
		{name: "same keys parsed again give the same hash", hash: mustKeys(t, value).LookupHash("snils", "11223344595"), same: true},
		{name: "another kind differs", hash: k.LookupHash("inn", "11223344595")},
		{name: "another value differs", hash: k.LookupHash("snils", "11223344596")},
		{name: "another key differs", hash: other.LookupHash("snils", "11223344595")},
		{name: "kind and value do not run together", hash: k.LookupHash("snil", "s11223344595")},
		{name: "a token hash of the same text differs", hash: secret.HashToken(k, "11223344595")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.hash == base; got != tc.same {
				t.Errorf("hash equal to base = %v, want %v", got, tc.same)
			}
		})
	}
}

func TestKeysConcurrentUse(t *testing.T) {
	k := mustKeys(t, secret.GenerateKeys())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				v := strings.Repeat("x", i+j)
				ct, err := k.Seal(v, "snils")
				if err != nil {
					t.Error(err)
					return
				}
				if got, err := k.Open(ct, "snils"); err != nil || got != v {
					t.Errorf("Open = %q, %v", got, err)
					return
				}
				_ = k.LookupHash("snils", v)
			}
		})
	}
	wg.Wait()
}
