package docsign

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Version separates this package's signatures from any other use of the
// same keys; it is the "v" member of the canonical form.
const Version = "uslugi/docsign/v1"

// Payload is what a duplicate's signature covers.
type Payload struct {
	DocumentID string
	// Type is the document type's code, e.g. "WORK_RECORD_BOOK".
	Type string
	// AccountID is the citizen whose document it is.
	AccountID string
	// Fields are the values the operator entered, by field name.
	Fields map[string]string
	// FileSHA256 holds the lowercase hex SHA-256 of every file, in the
	// order the type lists them (the scan, then the translation).
	FileSHA256 []string
	// SignedAt is the time of signing; it is signed to the second, so
	// store it truncated (Truncate(time.Second)) or at least to the
	// second.
	SignedAt time.Time
	// Signer is the code of the service centre that signs.
	Signer string
}

// ErrPayload: a payload that cannot be signed (a required member empty, a
// hash not of SHA-256 form, text not UTF-8).
var ErrPayload = errors.New("docsign: invalid payload")

// canonical is Payload in JSON: its members are declared in byte order of
// their names, and encoding/json writes struct members in declaration
// order and map keys sorted, so the output is the same for equal payloads.
type canonical struct {
	AccountID  string            `json:"accountId"`
	DocumentID string            `json:"documentId"`
	Fields     map[string]string `json:"fields"`
	Files      []string          `json:"files"`
	SignedAt   string            `json:"signedAt"`
	Signer     string            `json:"signer"`
	Type       string            `json:"type"`
	V          string            `json:"v"`
}

// Canonical returns the bytes that are signed (see the package comment).
// It refuses a payload with an empty id, type, account or signer, a zero
// time, no files, a hash that is not 64 lowercase hex digits, or a string
// that is not valid UTF-8 (encoding/json would replace the bad bytes, so
// two different payloads could read the same).
func (p Payload) Canonical() ([]byte, error) {
	for name, v := range map[string]string{"documentId": p.DocumentID, "type": p.Type, "accountId": p.AccountID, "signer": p.Signer} {
		if v == "" {
			return nil, fmt.Errorf("%w: %s is empty", ErrPayload, name)
		}
		if !utf8.ValidString(v) {
			return nil, fmt.Errorf("%w: %s is not UTF-8", ErrPayload, name)
		}
	}
	if p.SignedAt.IsZero() {
		return nil, fmt.Errorf("%w: signedAt is zero", ErrPayload)
	}
	if len(p.FileSHA256) == 0 {
		return nil, fmt.Errorf("%w: no files", ErrPayload)
	}
	for i, h := range p.FileSHA256 {
		if b, err := hex.DecodeString(h); err != nil || len(b) != 32 || hex.EncodeToString(b) != h {
			return nil, fmt.Errorf("%w: file %d: not a SHA-256 in lowercase hex", ErrPayload, i+1)
		}
	}
	fields := p.Fields
	if fields == nil {
		fields = map[string]string{} // {} rather than null: absent and empty sign alike
	}
	for k, v := range fields {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return nil, fmt.Errorf("%w: field %q is not UTF-8", ErrPayload, k)
		}
	}
	return json.Marshal(canonical{
		AccountID:  p.AccountID,
		DocumentID: p.DocumentID,
		Fields:     fields,
		Files:      p.FileSHA256,
		SignedAt:   p.SignedAt.UTC().Truncate(time.Second).Format(time.RFC3339),
		Signer:     p.Signer,
		Type:       p.Type,
		V:          Version,
	})
}
