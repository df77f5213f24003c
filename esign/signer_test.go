package esign_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/uslugi/uslugi/esign"
	"github.com/uslugi/uslugi/esign/esigntest"
)

func TestSigner(t *testing.T) {
	pki := esigntest.NewPKI(t)
	v := newVerifier(t, esign.Config{TrustedCAs: pki.CAPEM(), Clock: pki.Clock})

	tests := []struct {
		name    string
		subject esigntest.Subject
		want    esign.Signer // SNILS, INN, OrgINN, names and Subject compared
		wantErr error
	}{
		{name: "private person",
			subject: citizen,
			want: esign.Signer{SNILS: "11223344595", INN: "500100732259", LastName: "Иванов", FirstName: "Иван", Patronymic: "Иванович",
				Subject: "C=RU, CN=Иванов Иван Иванович, SN=Иванов, G=Иван Иванович, SNILS=11223344595, INN=500100732259"}},
		{name: "employee of a legal entity keeps the entity's INN apart",
			subject: esigntest.Subject{SNILS: "11223344595", INN: "500100732259", OrgINN: "7707083893",
				Organization: `ООО "Ромашка"`, LastName: "Петрова", FirstName: "Анна", Patronymic: "Сергеевна"},
			want: esign.Signer{SNILS: "11223344595", INN: "500100732259", OrgINN: "7707083893",
				LastName: "Петрова", FirstName: "Анна", Patronymic: "Сергеевна",
				Subject: `C=RU, O=ООО \"Ромашка\", CN=Петрова Анна Сергеевна, SN=Петрова, G=Анна Сергеевна, SNILS=11223344595, INN=500100732259, INNLE=7707083893`}},
		{name: "old profile writes the entity's INN as 00 and 10 digits",
			subject: esigntest.Subject{SNILS: "11223344595", INN: "007707083893", LastName: "Петрова", FirstName: "Анна"},
			want: esign.Signer{SNILS: "11223344595", OrgINN: "7707083893", LastName: "Петрова", FirstName: "Анна",
				Subject: "C=RU, CN=Петрова Анна, SN=Петрова, G=Анна, SNILS=11223344595, INN=007707083893"}},
		{name: "patronymic of two words",
			subject: esigntest.Subject{SNILS: "11223344595", LastName: "Алиев", FirstName: "Мамед", Patronymic: "Гусейн оглы"},
			want: esign.Signer{SNILS: "11223344595", LastName: "Алиев", FirstName: "Мамед", Patronymic: "Гусейн оглы",
				Subject: "C=RU, CN=Алиев Мамед Гусейн оглы, SN=Алиев, G=Мамед Гусейн оглы, SNILS=11223344595"}},
		{name: "INN with a wrong check digit is left out",
			subject: esigntest.Subject{SNILS: "11223344595", INN: "500100732250", LastName: "Иванов", FirstName: "Иван"},
			want: esign.Signer{SNILS: "11223344595", LastName: "Иванов", FirstName: "Иван",
				Subject: "C=RU, CN=Иванов Иван, SN=Иванов, G=Иван, SNILS=11223344595, INN=500100732250"}},
		{name: "SNILS with a wrong check number",
			subject: esigntest.Subject{SNILS: "11223344500", LastName: "Иванов", FirstName: "Иван"},
			wantErr: esign.ErrNoSNILS},
		{name: "no SNILS",
			subject: esigntest.Subject{INN: "500100732259", LastName: "Иванов", FirstName: "Иван"},
			wantErr: esign.ErrNoSNILS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			certPEM, key := pki.Issue(t, tt.subject, esigntest.Options{})
			ch := newChallenge(t, v, pki.Now)
			s, err := v.Verify(ch, esigntest.Sign(t, key, ch.Text), certPEM, nil)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			cert := esigntest.Certificate(t, certPEM)
			sum := sha256.Sum256(cert.Raw)
			tt.want.SerialNumber = fmt.Sprintf("%X", cert.SerialNumber)
			tt.want.Issuer = "C=RU, O=Тестовый УЦ, CN=Тестовый аккредитованный УЦ"
			tt.want.NotAfter = pki.Now.AddDate(1, 0, 0)
			tt.want.Fingerprint = hex.EncodeToString(sum[:])
			if !s.NotAfter.Equal(tt.want.NotAfter) {
				t.Errorf("NotAfter = %v, want %v", s.NotAfter, tt.want.NotAfter)
			}
			s.NotAfter, tt.want.NotAfter = time.Time{}, time.Time{}
			if s != tt.want {
				t.Errorf("Signer =\n%+v\nwant\n%+v", s, tt.want)
			}
		})
	}
}
