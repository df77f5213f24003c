// Package document is the citizen's documents: receipts, pension
// statements, application results and electronic duplicates, each kept
// without time limit and shown only to its owner.
package document

import (
	"context"
	"errors"
	"time"
)

// Kind is what a document is.
type Kind string

// Kinds.
const (
	KindReceipt           Kind = "RECEIPT"
	KindPensionStatement  Kind = "PENSION_STATEMENT"
	KindApplicationResult Kind = "APPLICATION_RESULT"
	KindDuplicate         Kind = "DUPLICATE"
)

// Document is one of the citizen's documents.
type Document struct {
	ID        string
	AccountID string
	Kind      Kind
	Title     string
	// Data is the document's content as JSON (its shape depends on Kind).
	Data      string
	CreatedAt time.Time
}

// Store reads documents.
type Store interface {
	// List returns the account's documents of kind (all kinds when empty),
	// newest first, and how many there are.
	List(ctx context.Context, accountID string, kind Kind, offset, limit int) ([]Document, int, error)
	// Get returns the account's document, or ErrNotFound.
	Get(ctx context.Context, accountID, id string) (Document, error)
}

// ErrNotFound: no such document of the caller's.
var ErrNotFound = errors.New("document: not found")

// Service reads the citizen's documents.
type Service struct{ store Store }

// New returns the service.
func New(store Store) *Service { return &Service{store: store} }

// Page sizes.
const (
	DefaultPage = 20
	MaxPage     = 100
)

// List returns a page of the citizen's documents.
func (s *Service) List(ctx context.Context, accountID string, kind Kind, offset, limit int) ([]Document, int, error) {
	if limit <= 0 {
		limit = DefaultPage
	}
	return s.store.List(ctx, accountID, kind, max(offset, 0), min(limit, MaxPage))
}

// Get returns one of the citizen's documents.
func (s *Service) Get(ctx context.Context, accountID, id string) (Document, error) {
	return s.store.Get(ctx, accountID, id)
}
