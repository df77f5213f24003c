package esign

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ChallengeTTL is how long a challenge may be signed and sent back.
const ChallengeTTL = 10 * time.Minute

// maxAccountID bounds the account id written into a challenge.
const maxAccountID = 200

// Challenge is a text for the citizen to sign. The caller stores it (or its
// hash, keyed by the Nonce) with the account, gives Text to the citizen, and
// passes the stored challenge back to Verify; each challenge is for one use,
// which the caller enforces by deleting it after a Verify, good or bad.
type Challenge struct {
	AccountID string
	// Nonce is 32 random bytes in unpadded base64url: 43 characters.
	Nonce string
	// Text is what the citizen signs, in UTF-8, lines separated by "\n":
	//
	//	Подтверждение личности на портале госуслуг
	//	Учётная запись: <AccountID>
	//	Код: <Nonce>
	//	Время: <IssuedAt, RFC 3339, Moscow time>
	Text      string
	IssuedAt  time.Time
	ExpiresAt time.Time // IssuedAt + ChallengeTTL
}

// NewChallenge makes a challenge for accountID at now. The account id must
// be non-empty, at most 200 bytes of valid UTF-8 with no control or line
// separator characters, so it cannot forge a line of the text (ErrMalformed).
func (v *Verifier) NewChallenge(accountID string, now time.Time) (Challenge, error) {
	if err := checkAccountID(accountID); err != nil {
		return Challenge{}, err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return Challenge{}, fmt.Errorf("esign: nonce: %w", err)
	}
	nonce := base64.RawURLEncoding.EncodeToString(b[:])
	return Challenge{
		AccountID: accountID,
		Nonce:     nonce,
		Text:      ChallengeText(accountID, nonce, now),
		IssuedAt:  now,
		ExpiresAt: now.Add(ChallengeTTL),
	}, nil
}

// ChallengeText is the text NewChallenge writes for these values, so a
// caller that stored only them can rebuild the challenge.
func ChallengeText(accountID, nonce string, issuedAt time.Time) string {
	return "Подтверждение личности на портале госуслуг\n" +
		"Учётная запись: " + accountID + "\n" +
		"Код: " + nonce + "\n" +
		"Время: " + issuedAt.In(msk).Format(time.RFC3339)
}

func checkAccountID(id string) error {
	switch {
	case id == "":
		return newErr(ErrMalformed, "empty account id")
	case len(id) > maxAccountID:
		return newErr(ErrMalformed, fmt.Sprintf("account id of %d bytes, at most %d", len(id), maxAccountID))
	case !utf8.ValidString(id):
		return newErr(ErrMalformed, "account id is not valid UTF-8")
	case strings.IndexFunc(id, func(r rune) bool {
		return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\u0085'
	}) >= 0:
		return newErr(ErrMalformed, "account id holds a control character")
	}
	return nil
}

// check refuses a challenge that is not whole, or that has expired at now.
func (ch Challenge) check(now time.Time) error {
	switch {
	case ch.Text == "" || ch.Nonce == "" || ch.ExpiresAt.IsZero():
		return newErr(ErrMalformed, "incomplete challenge")
	case !strings.Contains(ch.Text, ch.Nonce):
		return newErr(ErrMalformed, "the challenge text does not hold its nonce")
	case !now.Before(ch.ExpiresAt):
		return &Error{Kind: ErrChallengeExpired, At: ch.ExpiresAt,
			Detail: "the challenge expired at " + ch.ExpiresAt.UTC().Format(time.RFC3339)}
	}
	return nil
}
