package secret_test

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/uslugi/uslugi/secret"
)

func Example() {
	// The server loads its keys once, from SECRET_KEYS or, when that is
	// empty as here, from the data directory.
	dataDir, _ := os.MkdirTemp("", "uslugi")
	defer os.RemoveAll(dataDir)
	keys, generated, err := secret.LoadKeys("", dataDir, slog.New(slog.DiscardHandler))
	if err != nil {
		panic(err)
	}
	fmt.Println("generated:", generated)

	// A SNILS is stored sealed, with its look-up hash beside it.
	sealed, _ := keys.Seal("11223344595", "snils")
	hash := keys.LookupHash("snils", "11223344595")
	snils, _ := keys.Open(sealed, "snils")
	fmt.Println(snils, len(hash))

	// The same bytes do not open as a passport.
	_, err = keys.Open(sealed, "passport")
	fmt.Println(err)

	// Access tokens.
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tok, _ := keys.SignAccess(secret.Claims{AccountID: "acc-1", SessionID: "ses-1", Tier: "STANDARD"}, now, 15*time.Minute)
	claims, _ := keys.ParseAccess(tok, now.Add(time.Minute))
	fmt.Println(claims.AccountID, claims.Tier)
	_, err = keys.ParseAccess(tok, now.Add(time.Hour))
	fmt.Println(err != nil)

	// Output:
	// generated: true
	// 11223344595 64
	// secret: ciphertext does not open (wrong key or context, or altered)
	// acc-1 STANDARD
	// true
}

func ExamplePasswordHasher() {
	h := secret.PasswordHasher{Params: secret.DefaultArgon2Params()}
	encoded, _ := h.Hash("correct horse battery staple")
	ok, needsRehash, _ := h.Verify(encoded, "correct horse battery staple")
	fmt.Println(encoded[:31], ok, needsRehash)

	// A login for an account that does not exist takes as long.
	h.DummyVerify("correct horse battery staple")
	// Output: $argon2id$v=19$m=19456,t=2,p=1$ true false
}

func ExampleNewNumericCode() {
	code, _ := secret.NewNumericCode(6)
	fmt.Println(len(code))
	// Output: 6
}
