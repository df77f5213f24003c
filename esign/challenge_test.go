package esign_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/esign"
	"github.com/uslugi/uslugi/esign/esigntest"
)

func TestNewChallenge(t *testing.T) {
	pki := esigntest.NewPKI(t)
	v := newVerifier(t, esign.Config{TrustedCAs: pki.CAPEM()})
	now := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

	t.Run("text names the account, the nonce and the Moscow time", func(t *testing.T) {
		ch, err := v.NewChallenge("acc-42", now)
		if err != nil {
			t.Fatal(err)
		}
		want := "Подтверждение личности на портале госуслуг\n" +
			"Учётная запись: acc-42\n" +
			"Код: " + ch.Nonce + "\n" +
			"Время: 2026-03-01T12:30:00+03:00"
		if ch.Text != want {
			t.Errorf("Text = %q, want %q", ch.Text, want)
		}
		if ch.Text != esign.ChallengeText("acc-42", ch.Nonce, now) {
			t.Error("ChallengeText does not rebuild the text")
		}
		if ch.AccountID != "acc-42" || !ch.IssuedAt.Equal(now) || !ch.ExpiresAt.Equal(now.Add(10*time.Minute)) {
			t.Errorf("challenge = %+v", ch)
		}
	})
	t.Run("nonce is 32 random bytes in base64url", func(t *testing.T) {
		seen := map[string]bool{}
		for range 100 {
			ch, err := v.NewChallenge("acc-42", now)
			if err != nil {
				t.Fatal(err)
			}
			b, err := base64.RawURLEncoding.DecodeString(ch.Nonce)
			if err != nil || len(b) != 32 {
				t.Fatalf("nonce %q: %d bytes, %v", ch.Nonce, len(b), err)
			}
			if seen[ch.Nonce] {
				t.Fatalf("nonce %q repeated", ch.Nonce)
			}
			seen[ch.Nonce] = true
		}
	})
	for _, tt := range []struct{ name, id string }{
		{"empty account id", ""},
		{"account id with a newline", "acc\nКод: forged"},
		{"account id with a line separator", "acc\u2028x"},
		{"account id that is not UTF-8", "acc\xff"},
		{"account id too long", strings.Repeat("a", 201)},
	} {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			if _, err := v.NewChallenge(tt.id, now); !errors.Is(err, esign.ErrMalformed) {
				t.Errorf("error = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestVerifyChallengeChecks(t *testing.T) {
	pki := esigntest.NewPKI(t)
	certPEM, key := pki.Issue(t, citizen, esigntest.Options{})
	now := pki.Now
	v := newVerifier(t, esign.Config{TrustedCAs: pki.CAPEM(), Clock: pki.Clock})
	fresh := newChallenge(t, v, now)

	tests := []struct {
		name    string
		ch      esign.Challenge
		wantErr error
	}{
		{"issued now", fresh, nil},
		{"one second before expiry", newChallenge(t, v, now.Add(-esign.ChallengeTTL+time.Second)), nil},
		{"at expiry", newChallenge(t, v, now.Add(-esign.ChallengeTTL)), esign.ErrChallengeExpired},
		{"text without its nonce", esign.Challenge{Nonce: "abc", Text: "other", ExpiresAt: now.Add(time.Minute)}, esign.ErrMalformed},
		{"no expiry", esign.Challenge{Nonce: fresh.Nonce, Text: fresh.Text}, esign.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.Verify(tt.ch, esigntest.Sign(t, key, tt.ch.Text), certPEM, nil)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Verify error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}
