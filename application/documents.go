package application

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uslugi/uslugi/duplicate"
)

// Attachment is a document given for one of a form's requirements: one of
// the citizen's electronic duplicates of that type, or a new upload.
type Attachment struct {
	Requirement string
	DocumentID  string // a duplicate from the citizen's documents
	BlobKey     string // or an uploaded file
	ContentType string
	SHA256      string
	// OwnerID and DepartmentCode are the application's citizen and
	// department, filled when read with the application: who may download
	// the file (see FileLink).
	OwnerID        string
	DepartmentCode string
}

// ErrDuplicateUnusable: the duplicate is not the citizen's, of another
// type, or revoked.
var ErrDuplicateUnusable = errors.New("application: the duplicate cannot be used")

// Attach gives a document for one of the draft's requirements: a duplicate
// of the required type from the citizen's documents (so he need not bring
// the paper), or an upload checked by its content.
func (s *Service) Attach(ctx context.Context, accountID, id, requirement, documentID string, upload *duplicate.Upload) (Attachment, error) {
	if (documentID == "") == (upload == nil) {
		return Attachment{}, &FieldError{"documentId", "ONE_OF", "Укажите электронный дубликат из документов или загрузите файл — что-то одно",
			"give a duplicate from your documents or upload a file, one of the two"}
	}
	att := Attachment{Requirement: requirement, DocumentID: documentID}
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		app, err = s.ownDraft(ctx, tx, accountID, id)
		return err
	})
	if err != nil {
		return Attachment{}, err
	}
	if !requires(s.forms[app.ServiceCode], requirement) {
		return Attachment{}, &FieldError{"requirement", "UNKNOWN", "Для этой услуги такой документ не нужен", "this service does not ask for this document"}
	}
	if upload != nil {
		ct, _, err := duplicate.CheckFile("file", upload.Name, upload.Data)
		if err != nil {
			var fe *duplicate.FieldError
			if errors.As(err, &fe) {
				return Attachment{}, &FieldError{fe.Field, fe.Code, fe.Ru, fe.En}
			}
			return Attachment{}, err
		}
		key := fmt.Sprintf("applications/%s/%s%s", id, strings.ToLower(requirement), duplicate.Extension(ct))
		info, err := s.blobs.Put(ctx, key, bytes.NewReader(upload.Data), ct)
		if err != nil {
			return Attachment{}, err
		}
		att.BlobKey, att.ContentType, att.SHA256 = key, ct, info.SHA256
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := s.ownDraft(ctx, tx, accountID, id); err != nil {
			return err
		}
		if documentID != "" {
			typ, revoked, err := tx.DuplicateOf(ctx, accountID, documentID)
			if errors.Is(err, ErrNotFound) || (err == nil && (typ != requirement || revoked)) {
				return &FieldError{"documentId", "UNUSABLE", "Этот дубликат нельзя приложить: он другого вида, отозван или не ваш",
					"this duplicate cannot be attached: it is of another type, revoked or not yours"}
			}
			if err != nil {
				return err
			}
		}
		return tx.Attach(ctx, id, att)
	})
	return att, err
}

func (s *Service) ownDraft(ctx context.Context, tx Tx, accountID, id string) (Application, error) {
	app, err := tx.Application(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && app.AccountID != accountID) {
		return app, &FieldError{"id", "NOT_FOUND", "Черновик не найден", "no such draft"}
	}
	if err != nil {
		return app, err
	}
	if app.Status != StatusDraft {
		return app, &FieldError{"id", "SUBMITTED", "Заявление уже отправлено", "the application was already submitted"}
	}
	return app, nil
}

func requires(f *Form, requirement string) bool {
	if f == nil {
		return false
	}
	for _, d := range f.Documents {
		if d.Type == requirement {
			return true
		}
	}
	return false
}

// missingDocuments names the first required document not attached.
func missingDocuments(f *Form, atts []Attachment) *FieldError {
	for _, d := range f.Documents {
		if !d.Required {
			continue
		}
		found := false
		for _, a := range atts {
			found = found || a.Requirement == d.Type
		}
		if !found {
			return &FieldError{"documents." + d.Type, "REQUIRED", "Приложите документ: " + d.TitleRu, "attach the document: " + d.TitleEn}
		}
	}
	return nil
}
