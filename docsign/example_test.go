package docsign_test

import (
	"fmt"
	"time"

	"github.com/uslugi/uslugi/docsign"
)

func ExamplePayload_Canonical() {
	p := docsign.Payload{
		DocumentID: "dup-1",
		Type:       "WORK_RECORD_BOOK",
		AccountID:  "acc-7",
		Fields:     map[string]string{"series": "ТК-I", "number": "1234567", "holder": "Иванова Анна"},
		FileSHA256: []string{"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
		SignedAt:   time.Date(2026, 3, 1, 15, 0, 0, 0, time.FixedZone("MSK", 3*3600)),
		Signer:     "mfc-16-kazan",
	}
	b, _ := p.Canonical()
	fmt.Println(string(b))
	// Output:
	// {"accountId":"acc-7","documentId":"dup-1","fields":{"holder":"Иванова Анна","number":"1234567","series":"ТК-I"},"files":["2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"],"signedAt":"2026-03-01T12:00:00Z","signer":"mfc-16-kazan","type":"WORK_RECORD_BOOK","v":"uslugi/docsign/v1"}
}
