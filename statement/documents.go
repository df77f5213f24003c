package statement

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/identity"
)

// DocKind is a kind of document fines are found by.
type DocKind string

// Document kinds.
const (
	DocDriverLicence      DocKind = "DRIVER_LICENCE"
	DocVehicleCertificate DocKind = "VEHICLE_CERTIFICATE"
	DocPlate              DocKind = "PLATE"
)

// MaxDocuments is how many look-up documents a citizen keeps: a family's
// licences and cars, not a fleet (organisations look up their own).
const MaxDocuments = 10

// Document is a driver's licence, vehicle registration certificate or
// plate kept in the profile for fine look-ups.
type Document struct {
	ID        string
	AccountID string
	Kind      DocKind
	// Number is normalised: "9912345678", "А123ВС77" (Cyrillic).
	Number    string
	Label     string // the citizen's name for it, e.g. "Машина жены"
	CreatedAt time.Time
}

// ParseDocument checks and normalises a document number of kind.
func ParseDocument(kind DocKind, number string) (string, error) {
	var n string
	var err error
	switch kind {
	case DocDriverLicence:
		n, err = identity.ParseDriverLicence(number)
	case DocVehicleCertificate:
		n, err = identity.ParseVehicleCertificate(number)
	case DocPlate:
		n, err = identity.ParsePlate(number)
	default:
		return "", &FieldError{"kind", "INVALID", "Укажите вид документа: DRIVER_LICENCE, VEHICLE_CERTIFICATE или PLATE",
			"give the kind: DRIVER_LICENCE, VEHICLE_CERTIFICATE or PLATE"}
	}
	var fe *identity.FieldError
	if errors.As(err, &fe) {
		return "", &FieldError{"number", fe.Code, fe.Ru, fe.En}
	}
	return n, err
}

// AddDocument keeps a look-up document; the fines cache is refreshed at the
// next look.
func (s *Service) AddDocument(ctx context.Context, accountID string, kind DocKind, number, label string) (Document, error) {
	n, err := ParseDocument(kind, number)
	if err != nil {
		return Document{}, err
	}
	if len([]rune(label)) > 50 {
		return Document{}, &FieldError{"label", "TOO_LONG", "Название — до 50 знаков", "the label takes up to 50 characters"}
	}
	d := Document{ID: uuid.NewString(), AccountID: accountID, Kind: kind, Number: n, Label: label, CreatedAt: s.now()}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		docs, err := tx.Documents(ctx, accountID)
		if err != nil {
			return err
		}
		for _, x := range docs {
			if x.Kind == kind && x.Number == n {
				return &FieldError{"number", "DUPLICATE", "Этот документ уже добавлен", "this document is already in the profile"}
			}
		}
		if len(docs) >= MaxDocuments {
			return &FieldError{"number", "TOO_MANY", "Можно хранить не больше 10 документов: удалите ненужный",
				"up to 10 documents are kept: remove one you no longer need"}
		}
		if err := tx.AddDocument(ctx, d); err != nil {
			return err
		}
		// The cached fines were found without it.
		return tx.ExpireCheck(ctx, accountID, SourceGIBDD)
	})
	return d, err
}

// RemoveDocument drops a look-up document; fines found only by it stay in
// the history.
func (s *Service) RemoveDocument(ctx context.Context, accountID, id string) error {
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.RemoveDocument(ctx, accountID, id); err != nil {
			return err
		}
		return tx.ExpireCheck(ctx, accountID, SourceGIBDD)
	})
}

// Documents lists the citizen's look-up documents.
func (s *Service) Documents(ctx context.Context, accountID string) ([]Document, error) {
	var out []Document
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Documents(ctx, accountID)
		return err
	})
	return out, err
}
