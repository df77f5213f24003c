package secret_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/uslugi/uslugi/secret"
)

func mustKeys(t testing.TB, value string) *secret.Keys {
	t.Helper()
	k, err := secret.ParseKeys(value)
	if err != nil {
		t.Fatalf("ParseKeys: %v", err)
	}
	return k
}

// sameKeys reports whether a and b seal and open for each other.
func sameKeys(t *testing.T, a, b *secret.Keys) bool {
	t.Helper()
	ct, err := a.Seal("12345678901", "snils")
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Open(ct, "snils")
	return err == nil && a.LookupHash("snils", "1") == b.LookupHash("snils", "1")
}

func TestGenerateKeys(t *testing.T) {
	a, b := secret.GenerateKeys(), secret.GenerateKeys()
	if a == b {
		t.Fatal("two generated values are equal")
	}
	raw, err := base64.RawURLEncoding.DecodeString(a)
	if err != nil || len(raw) != secret.KeySetSize {
		t.Fatalf("GenerateKeys() = %q: %d bytes, %v; want %d bytes of base64url", a, len(raw), err, secret.KeySetSize)
	}
	if _, err := secret.ParseKeys(a); err != nil {
		t.Fatalf("ParseKeys(GenerateKeys()): %v", err)
	}
}

func TestParseKeys(t *testing.T) {
	raw := make([]byte, secret.KeySetSize)
	for i := range raw {
		raw[i] = byte(i*7 + 251) // gives + and / in standard base64
	}
	a, b := secret.GenerateKeys(), secret.GenerateKeys()
	for _, tc := range []struct {
		name, value string
		sets        int
		wantErr     []string
	}{
		{name: "unpadded base64url", value: a, sets: 1},
		{name: "standard base64", value: base64.StdEncoding.EncodeToString(raw), sets: 1},
		{name: "url-safe base64 of the same bytes", value: base64.URLEncoding.EncodeToString(raw), sets: 1},
		{name: "spaces and a newline around", value: "  " + a + "\n", sets: 1},
		{name: "two keys for rotation", value: a + "," + b, sets: 2},
		{name: "two keys with a space after the comma", value: a + ", " + b, sets: 2},
		{name: "empty", value: "", wantErr: []string{"the key is empty", "96 random bytes"}},
		{name: "empty second key", value: a + ",", wantErr: []string{"key 2 of 2 is empty", "96 random bytes"}},
		{name: "not base64", value: "not a key!", wantErr: []string{"not base64", "96 random bytes"}},
		{name: "a 32-byte key", value: base64.RawURLEncoding.EncodeToString(raw[:32]), wantErr: []string{"is 32 bytes", "96 random bytes"}},
		{name: "97 bytes", value: base64.RawURLEncoding.EncodeToString(append(raw, 1)), wantErr: []string{"is 97 bytes", "96 random bytes"}},
		{name: "all zero bytes", value: base64.RawURLEncoding.EncodeToString(make([]byte, secret.KeySetSize)), wantErr: []string{"identical bytes", "96 random bytes"}},
		{name: "the same key twice", value: a + "," + a, wantErr: []string{"repeats key 1", "listed once"}},
		{name: "a hex key", value: strings.Repeat("ab", 96), wantErr: []string{"is 144 bytes", "96 random bytes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := secret.ParseKeys(tc.value)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatal("ParseKeys succeeded; want an error")
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseKeys: %v", err)
			}
			if got := len(k.LookupHashes("x", "y")); got != tc.sets {
				t.Errorf("key sets = %d, want %d", got, tc.sets)
			}
		})
	}
}

func TestLoadKeysFromEnv(t *testing.T) {
	dir := t.TempDir()
	value := secret.GenerateKeys()
	good := filepath.Join(dir, "good")
	if err := os.WriteFile(good, []byte(value+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := mustKeys(t, value)
	for _, tc := range []struct {
		name, env string
		wantErr   []string // substrings of the error; nil for success
	}{
		{name: "a value", env: value},
		{name: "a file", env: "file:" + good},
		{name: "malformed value", env: "hunter2", wantErr: []string{"SECRET_KEYS", "96 random bytes"}},
		{name: "short value", env: base64.StdEncoding.EncodeToString([]byte("0123456789abcdef")), wantErr: []string{"SECRET_KEYS", "16 bytes", "96 random bytes"}},
		{name: "file that does not exist", env: "file:" + filepath.Join(dir, "missing"), wantErr: []string{"SECRET_KEYS", "missing"}},
		{name: "file with a malformed value", env: "file:" + bad, wantErr: []string{"SECRET_KEYS", bad, "96 random bytes"}},
		{name: "file: naming no file", env: "file:", wantErr: []string{"SECRET_KEYS", "names no file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dataDir := t.TempDir()
			k, generated, err := secret.LoadKeys(tc.env, dataDir, discard())
			if tc.wantErr != nil {
				if err == nil {
					t.Fatal("LoadKeys succeeded; want an error")
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if err != nil || generated {
				t.Fatalf("LoadKeys = generated %v, %v", generated, err)
			}
			if !sameKeys(t, want, k) {
				t.Error("keys differ from the value's")
			}
			if _, err := os.Stat(filepath.Join(dataDir, secret.KeyFile)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a key file was written to the data directory with SECRET_KEYS set: %v", err)
			}
		})
	}
}

func TestLoadKeysDataDir(t *testing.T) {
	t.Run("first load creates a 0600 file, second reuses it", func(t *testing.T) {
		dataDir := filepath.Join(t.TempDir(), "data", "nested")
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))

		first, generated, err := secret.LoadKeys("", dataDir, log)
		if err != nil || !generated {
			t.Fatalf("first LoadKeys = generated %v, %v; want a new key", generated, err)
		}
		path := filepath.Join(dataDir, secret.KeyFile)
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("key file mode = %v, want 0600", perm)
		}
		if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "SECRET_KEYS") {
			t.Errorf("no warning naming SECRET_KEYS: %s", logs.String())
		}
		if entries, _ := os.ReadDir(dataDir); len(entries) != 1 {
			t.Errorf("data directory holds %d entries, want just the key file", len(entries))
		}

		second, generated, err := secret.LoadKeys("", dataDir, log)
		if err != nil || generated {
			t.Fatalf("second LoadKeys = generated %v, %v; want the existing key", generated, err)
		}
		if !sameKeys(t, first, second) {
			t.Error("second load has other keys than the first")
		}
	})

	t.Run("a malformed key file is an error and is left alone", func(t *testing.T) {
		dataDir := t.TempDir()
		path := filepath.Join(dataDir, secret.KeyFile)
		if err := os.WriteFile(path, []byte("garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := secret.LoadKeys("", dataDir, discard())
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "SECRET_KEYS") {
			t.Fatalf("LoadKeys error = %v; want one naming the file and SECRET_KEYS", err)
		}
		if b, _ := os.ReadFile(path); string(b) != "garbage" {
			t.Errorf("key file was rewritten to %q", b)
		}
	})

	t.Run("a key file readable by others is used with a warning", func(t *testing.T) {
		dataDir := t.TempDir()
		path := filepath.Join(dataDir, secret.KeyFile)
		if err := os.WriteFile(path, []byte(secret.GenerateKeys()), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		if _, _, err := secret.LoadKeys("", dataDir, slog.New(slog.NewTextHandler(&logs, nil))); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "chmod 600") {
			t.Errorf("no warning about the file's mode: %s", logs.String())
		}
	})

	t.Run("no data directory", func(t *testing.T) {
		if _, _, err := secret.LoadKeys("", "", discard()); err == nil || !strings.Contains(err.Error(), "SECRET_KEYS") {
			t.Fatalf("LoadKeys error = %v; want one naming SECRET_KEYS", err)
		}
	})

	t.Run("processes starting at once share one key", func(t *testing.T) {
		dataDir := t.TempDir()
		const n = 8
		var (
			wg        sync.WaitGroup
			keys      [n]*secret.Keys
			generated [n]bool
			errs      [n]error
		)
		for i := range n {
			wg.Go(func() { keys[i], generated[i], errs[i] = secret.LoadKeys("", dataDir, discard()) })
		}
		wg.Wait()
		made := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("load %d: %v", i, errs[i])
			}
			if generated[i] {
				made++
			}
			if !sameKeys(t, keys[0], keys[i]) {
				t.Errorf("load %d has other keys than load 0", i)
			}
		}
		if made != 1 {
			t.Errorf("%d loads say they generated the key, want 1", made)
		}
	})
}

func TestKeysDoNotPrint(t *testing.T) {
	value := secret.GenerateKeys()
	k := mustKeys(t, value+","+secret.GenerateKeys())
	raw, _ := base64.RawURLEncoding.DecodeString(value)
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("loaded", "keys", k)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		t.Run(verb, func(t *testing.T) {
			out := fmt.Sprintf(verb, k)
			if !strings.HasPrefix(out, "secret.Keys{sets: 2, current: ") {
				t.Errorf("Sprintf(%s) = %q", verb, out)
			}
		})
	}
	t.Run("slog", func(t *testing.T) {
		if !strings.Contains(logs.String(), "keys.sets=2") {
			t.Errorf("log = %q", logs.String())
		}
	})
	t.Run("no key bytes anywhere", func(t *testing.T) {
		all := logs.String() + fmt.Sprintf("%v %+v %#v %x", k, k, k, k)
		for _, s := range []string{value[:12], fmt.Sprintf("%x", raw[:6]), fmt.Sprint(raw[:4])} {
			if strings.Contains(all, s) {
				t.Errorf("output contains key material %q", s)
			}
		}
	})
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
