package application

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/docsign"
)

// ResultSigner signs results with the department's key (docsign.KeyRing).
type ResultSigner interface {
	Sign(ctx context.Context, p docsign.Payload) (sig []byte, keyID string, err error)
	Verify(ctx context.Context, p docsign.Payload, sig []byte) (bool, error)
}

// Result is the document an application ends with, signed by the
// department: its content's SHA-256 and the signature over it, the
// service, the citizen and the time.
type Result struct {
	ID            string    `json:"id"`
	AccountID     string    `json:"account_id"`
	ApplicationID string    `json:"application_id"`
	Service       string    `json:"service"`
	Department    string    `json:"department"`
	Comment       string    `json:"comment"`
	At            time.Time `json:"at"`
	SHA256        string    `json:"sha256"`
	// Files are the officer's files of the result (a scan of the issued
	// document, say), whose hashes the signature covers too.
	Files     []ResultFile `json:"files,omitempty"`
	Signature []byte       `json:"signature,omitempty"`
	KeyID     string       `json:"key_id,omitempty"`
}

// ResultFile is a file of a result, stored in the blob store under Key.
type ResultFile struct {
	Key         string `json:"key"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Pages       int    `json:"pages"`
	SHA256      string `json:"sha256"`
}

// payload is what the result's signature covers: the content's hash, then
// each file's.
func (r Result) payload() docsign.Payload {
	hashes := []string{r.SHA256}
	for _, f := range r.Files {
		hashes = append(hashes, f.SHA256)
	}
	return docsign.Payload{DocumentID: r.ID, Type: "APPLICATION_RESULT", AccountID: r.AccountID,
		Fields:     map[string]string{"application": r.ApplicationID, "service": r.Service, "comment": r.Comment},
		FileSHA256: hashes, SignedAt: r.At, Signer: r.Department}
}

// newResult builds and signs the result of app, with the files stored for
// it. It runs outside the transaction that stores it: signing may create
// the department's key, which is written on its own.
func (s *Service) newResult(ctx context.Context, app Application, comment string, at time.Time, files ...ResultFile) (Result, error) {
	r := Result{ID: uuid.NewString(), AccountID: app.AccountID, ApplicationID: app.ID, Service: app.ServiceCode,
		Department: app.DepartmentCode, Comment: comment, At: at.Truncate(time.Second), Files: files}
	content, err := json.Marshal(map[string]any{"application": r.ApplicationID, "service": r.Service, "department": r.Department,
		"comment": r.Comment, "at": r.At})
	if err != nil {
		return r, err
	}
	sum := sha256.Sum256(content)
	r.SHA256 = hex.EncodeToString(sum[:])
	if s.signer == nil {
		return r, nil
	}
	r.Signature, r.KeyID, err = s.signer.Sign(ctx, r.payload())
	return r, err
}

// VerifyResult checks the signature of a result document's data.
func (s *Service) VerifyResult(ctx context.Context, data string) (Result, bool, error) {
	var r Result
	if err := json.Unmarshal([]byte(data), &r); err != nil || s.signer == nil || len(r.Signature) == 0 {
		return r, false, err
	}
	ok, err := s.signer.Verify(ctx, r.payload(), r.Signature)
	return r, ok, err
}
