package esign_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/esign"
)

func TestMessage(t *testing.T) {
	revokedAt := time.Date(2026, 1, 31, 22, 30, 0, 0, time.UTC) // 1 February in Moscow
	tests := []struct {
		name     string
		err      error
		ru, en   string // substrings
		wantCode string
	}{
		{name: "nil", err: nil, wantCode: ""},
		{name: "revoked with its Moscow date",
			err: &esign.Error{Kind: esign.ErrRevoked, At: revokedAt, Detail: "serial 01"},
			ru:  "Сертификат отозван удостоверяющим центром 01.02.2026", en: "revoked by its certification centre on 1 February 2026",
			wantCode: "REVOKED"},
		{name: "revoked CA",
			err: &esign.Error{Kind: esign.ErrRevoked, At: revokedAt, CA: true},
			ru:  "Сертификат удостоверяющего центра, выдавшего ваш сертификат, отозван 01.02.2026", en: "of the certification centre that issued yours was revoked on 1 February 2026",
			wantCode: "REVOKED"},
		{name: "expired without a date",
			err: esign.ErrExpired,
			ru:  "Срок действия сертификата истёк: получите", en: "the certificate expired: obtain",
			wantCode: "EXPIRED"},
		{name: "wrapped further",
			err: fmt.Errorf("account: confirm: %w", &esign.Error{Kind: esign.ErrNoSNILS}),
			ru:  "нет СНИЛС", en: "no SNILS", wantCode: "NO_SNILS"},
		{name: "unsupported names GOST",
			err: &esign.Error{Kind: esign.ErrUnsupportedAlgorithm},
			ru:  "ГОСТ Р 34.10-2012", en: "GOST R 34.10-2012", wantCode: "UNSUPPORTED_ALGORITHM"},
		{name: "not yet valid",
			err: &esign.Error{Kind: esign.ErrNotYetValid, At: revokedAt},
			ru:  "Сертификат ещё не начал действовать (с 01.02.2026): подпишите", en: "is not valid yet (from 1 February 2026): sign",
			wantCode: "NOT_YET_VALID"},
		{name: "foreign error",
			err: errors.New("boom"),
			ru:  "Не удалось проверить электронную подпись", en: "could not be checked", wantCode: "INTERNAL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ru, en := esign.Message(tt.err, "ru"), esign.Message(tt.err, "EN")
			if !strings.Contains(ru, tt.ru) || !strings.Contains(en, tt.en) {
				t.Errorf("Message = %q / %q, want %q / %q", ru, en, tt.ru, tt.en)
			}
			if tt.err == nil && (ru != "" || en != "") {
				t.Errorf("Message(nil) = %q / %q", ru, en)
			}
			if got := esign.Code(tt.err); got != tt.wantCode {
				t.Errorf("Code = %q, want %q", got, tt.wantCode)
			}
		})
	}

	t.Run("every reason has its own message and code", func(t *testing.T) {
		kinds := []error{esign.ErrMalformed, esign.ErrUnsupportedAlgorithm, esign.ErrUntrusted,
			esign.ErrExpired, esign.ErrNotYetValid, esign.ErrKeyUsage, esign.ErrRevoked,
			esign.ErrRevocationUnknown, esign.ErrChallengeExpired, esign.ErrBadSignature,
			esign.ErrNoSNILS, esign.ErrConfig}
		seen := map[string]error{}
		for _, k := range kinds {
			err := &esign.Error{Kind: k, Detail: "x", At: time.Now()}
			for _, s := range []string{esign.Message(err, "ru"), esign.Message(err, "en"), esign.Code(err)} {
				if s == "" || strings.ContainsAny(s, "%[]") {
					t.Errorf("%v: %q", k, s)
				}
				if prev, ok := seen[s]; ok {
					t.Errorf("%v and %v share %q", prev, k, s)
				}
				seen[s] = k
			}
			if !errors.Is(err, k) || !strings.HasPrefix(err.Error(), k.Error()+": x") {
				t.Errorf("%v: Error() = %q", k, err)
			}
		}
	})
}
