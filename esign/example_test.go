package esign_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/uslugi/uslugi/esign"
)

// The whole flow, as the account service runs it.
func Example() {
	cfg, err := esign.LoadConfig(os.Getenv(esign.SettingTrustedCAs), os.Getenv(esign.SettingCRLs))
	if err != nil {
		log.Fatal(err)
	}
	v, err := esign.NewVerifier(cfg)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range v.Skipped() {
		log.Printf("esign: skipped %s", s)
	}

	// 1. The citizen asks for a text to sign; the server stores ch.
	ch, err := v.NewChallenge("acc-42", time.Now())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ch.Text)

	// 2. He signs ch.Text on his token and sends the signature and the
	// certificate; the server loads ch back (and deletes it: one use).
	var signature, certificate []byte
	signer, err := v.Verify(ch, signature, certificate, nil)
	if err != nil {
		fmt.Println(esign.Code(err), esign.Message(err, "ru"))
		return
	}
	// 3. The SNILS must be the account's own before it becomes CONFIRMED.
	fmt.Println(signer.SNILS, signer.LastName, signer.Fingerprint)
}

func ExampleMessage() {
	err := fmt.Errorf("confirm identity: %w", &esign.Error{
		Kind:   esign.ErrRevoked,
		Detail: "serial 01 revoked",
		At:     time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC),
	})
	fmt.Println(errors.Is(err, esign.ErrRevoked), esign.Code(err))
	fmt.Println(esign.Message(err, "ru"))
	fmt.Println(esign.Message(err, "en"))
	// Output:
	// true REVOKED
	// Сертификат отозван удостоверяющим центром 01.02.2026: подписать им запрос нельзя
	// the certificate was revoked by its certification centre on 1 February 2026 and can no longer sign
}
