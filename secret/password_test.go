package secret_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/uslugi/uslugi/secret"
)

// cheap are parameters fast enough to hash hundreds of times in a test.
func cheap() secret.Argon2Params {
	return secret.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

func TestPasswordRoundTrip(t *testing.T) {
	h := secret.PasswordHasher{Params: cheap()}
	for _, tc := range []struct{ name, pw string }{
		{name: "ascii", pw: "correct horse battery staple"},
		{name: "cyrillic", pw: "пароль-123"},
		{name: "empty", pw: ""},
		{name: "long", pw: strings.Repeat("p", 4096)},
		{name: "with dollar signs", pw: "$argon2id$"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			encoded, err := h.Hash(tc.pw)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(encoded, "$argon2id$v=19$m=64,t=1,p=1$") {
				t.Errorf("Hash = %q", encoded)
			}
			if again, _ := h.Hash(tc.pw); again == encoded {
				t.Error("two hashes of one password are equal: the salt is not random")
			}
			ok, needsRehash, err := h.Verify(encoded, tc.pw)
			if err != nil || !ok || needsRehash {
				t.Fatalf("Verify(right password) = %v, %v, %v; want true, false, nil", ok, needsRehash, err)
			}
			ok, needsRehash, err = h.Verify(encoded, tc.pw+"x")
			if err != nil || ok || needsRehash {
				t.Fatalf("Verify(wrong password) = %v, %v, %v; want false, false, nil", ok, needsRehash, err)
			}
		})
	}
}

// Known answers from the reference implementation (Debian's argon2 tool:
// echo -n PW | argon2 SALT -id -t T -m LOG2(M) -p P -l LEN -e).
func TestVerifyReferenceHashes(t *testing.T) {
	h := secret.PasswordHasher{Params: cheap()}
	for _, tc := range []struct{ name, encoded, pw string }{
		{
			name:    "m=1024 t=2 p=1",
			encoded: "$argon2id$v=19$m=1024,t=2,p=1$dXNsdWdpc2FsdDE2Ynl0ZQ$CqKB+O1Pz5pPg2+e+VRIqOuCzmAgay6D7i7oPPmTIso",
			pw:      "correct horse battery staple",
		},
		{
			name:    "cyrillic password, two lanes, 16-byte hash",
			encoded: "$argon2id$v=19$m=64,t=1,p=2$c29tZXNhbHQ$SYun3IU8M1vSytxY8UfPaA",
			pw:      "пароль",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, needsRehash, err := h.Verify(tc.encoded, tc.pw)
			if err != nil || !ok {
				t.Fatalf("Verify = %v, %v", ok, err)
			}
			if !needsRehash {
				t.Error("needsRehash = false for a hash with other parameters")
			}
		})
	}
}

func TestVerifyMalformedHash(t *testing.T) {
	h := secret.PasswordHasher{Params: cheap()}
	good, err := h.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, params, salt, hash
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for _, tc := range []struct{ name, encoded string }{
		{name: "empty", encoded: ""},
		{name: "plain text", encoded: "pw"},
		{name: "bcrypt", encoded: "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{name: "argon2i", encoded: with(1, "argon2i")},
		{name: "argon2d", encoded: with(1, "argon2d")},
		{name: "version 16", encoded: with(2, "v=16")},
		{name: "no version", encoded: strings.Join(append(parts[:2:2], parts[3:]...), "$")},
		{name: "two parameters", encoded: with(3, "m=64,t=1")},
		{name: "parameters out of order", encoded: with(3, "t=1,m=64,p=1")},
		{name: "memory not a number", encoded: with(3, "m=x,t=1,p=1")},
		{name: "negative time", encoded: with(3, "m=64,t=-1,p=1")},
		{name: "zero time", encoded: with(3, "m=64,t=0,p=1")},
		{name: "zero threads", encoded: with(3, "m=64,t=1,p=0")},
		{name: "threads over 255", encoded: with(3, "m=64,t=1,p=256")},
		{name: "memory under 8 KiB a thread", encoded: with(3, "m=8,t=1,p=2")},
		{name: "memory of 4 TiB", encoded: with(3, "m=4294967295,t=1,p=1")},
		{name: "salt not base64", encoded: with(4, "!!!!")},
		{name: "salt padded", encoded: with(4, parts[4]+"==")},
		{name: "salt too short", encoded: with(4, "c2FsdA")},
		{name: "hash not base64", encoded: with(5, "***")},
		{name: "hash too short", encoded: with(5, "c2hvcnQ")},
		{name: "extra field", encoded: good + "$x"},
		{name: "no leading dollar", encoded: good[1:]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, needsRehash, err := h.Verify(tc.encoded, "pw")
			if !errors.Is(err, secret.ErrMalformedHash) || ok || needsRehash {
				t.Fatalf("Verify(%q) = %v, %v, %v; want ErrMalformedHash", tc.encoded, ok, needsRehash, err)
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	encoded, err := secret.PasswordHasher{Params: cheap()}.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	change := func(f func(*secret.Argon2Params)) secret.Argon2Params {
		p := cheap()
		f(&p)
		return p
	}
	for _, tc := range []struct {
		name   string
		params secret.Argon2Params
		pw     string
		want   bool
	}{
		{name: "same parameters", params: cheap(), pw: "pw", want: false},
		{name: "more memory", params: change(func(p *secret.Argon2Params) { p.Memory = 128 }), pw: "pw", want: true},
		{name: "more passes", params: change(func(p *secret.Argon2Params) { p.Time = 2 }), pw: "pw", want: true},
		{name: "more threads", params: change(func(p *secret.Argon2Params) { p.Threads = 2 }), pw: "pw", want: true},
		{name: "longer hash", params: change(func(p *secret.Argon2Params) { p.KeyLen = 64 }), pw: "pw", want: true},
		{name: "longer salt", params: change(func(p *secret.Argon2Params) { p.SaltLen = 32 }), pw: "pw", want: true},
		{name: "wrong password never asks for a rehash", params: change(func(p *secret.Argon2Params) { p.Time = 2 }), pw: "nope", want: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, needsRehash, err := secret.PasswordHasher{Params: tc.params}.Verify(encoded, tc.pw)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (tc.pw == "pw") {
				t.Errorf("ok = %v", ok)
			}
			if needsRehash != tc.want {
				t.Errorf("needsRehash = %v, want %v", needsRehash, tc.want)
			}
		})
	}
}

func TestNewPasswordHasher(t *testing.T) {
	change := func(f func(*secret.Argon2Params)) secret.Argon2Params {
		p := secret.DefaultArgon2Params()
		f(&p)
		return p
	}
	for _, tc := range []struct {
		name    string
		params  secret.Argon2Params
		wantErr bool
	}{
		{name: "defaults", params: secret.DefaultArgon2Params()},
		{name: "cheap test parameters", params: cheap()},
		{name: "zero value", params: secret.Argon2Params{}, wantErr: true},
		{name: "no threads", params: change(func(p *secret.Argon2Params) { p.Threads = 0 }), wantErr: true},
		{name: "no passes", params: change(func(p *secret.Argon2Params) { p.Time = 0 }), wantErr: true},
		{name: "2 GiB", params: change(func(p *secret.Argon2Params) { p.Memory = 2 << 20 }), wantErr: true},
		{name: "4-byte salt", params: change(func(p *secret.Argon2Params) { p.SaltLen = 4 }), wantErr: true},
		{name: "8-byte hash", params: change(func(p *secret.Argon2Params) { p.KeyLen = 8 }), wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := secret.NewPasswordHasher(tc.params)
			if (err != nil) != tc.wantErr {
				t.Fatalf("NewPasswordHasher error = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && h.Params != tc.params {
				t.Errorf("Params = %+v", h.Params)
			}
			if _, err := (secret.PasswordHasher{Params: tc.params}).Hash("pw"); (err != nil) != tc.wantErr {
				t.Errorf("Hash error = %v, want error %v", err, tc.wantErr)
			}
		})
	}
}

func TestDefaultPasswordHashing(t *testing.T) {
	encoded, err := secret.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OWASP parameters in PHC format", func(t *testing.T) {
		if !strings.HasPrefix(encoded, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("HashPassword = %q", encoded)
		}
	})
	t.Run("right password", func(t *testing.T) {
		if ok, needsRehash, err := secret.VerifyPassword(encoded, "correct horse battery staple"); !ok || needsRehash || err != nil {
			t.Errorf("VerifyPassword = %v, %v, %v", ok, needsRehash, err)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		if ok, _, err := secret.VerifyPassword(encoded, "Correct horse battery staple"); ok || err != nil {
			t.Errorf("VerifyPassword = %v, %v", ok, err)
		}
	})
	t.Run("cheap hash needs a rehash under the defaults", func(t *testing.T) {
		weak, _ := secret.PasswordHasher{Params: cheap()}.Hash("pw")
		if ok, needsRehash, err := secret.VerifyPassword(weak, "pw"); !ok || !needsRehash || err != nil {
			t.Errorf("VerifyPassword = %v, %v, %v", ok, needsRehash, err)
		}
	})
	t.Run("dummy verify runs", func(t *testing.T) {
		secret.DummyVerify("pw")
		secret.PasswordHasher{}.DummyVerify("pw") // invalid parameters fall back to the defaults
	})
}

// Compare Verify with DummyVerify: go test -bench Password -run ^$ ./secret
func BenchmarkPasswordVerify(b *testing.B) {
	encoded, err := secret.HashPassword("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		secret.VerifyPassword(encoded, "wrong")
	}
}

func BenchmarkPasswordDummyVerify(b *testing.B) {
	for b.Loop() {
		secret.DummyVerify("wrong")
	}
}
