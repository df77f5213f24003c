// Package statement holds what the agencies say a citizen owes: traffic
// fines (GIBDD), tax debts (FNS) and enforcement proceedings (FSSP), found
// by the documents and data in his profile, cached per citizen so that one
// slow agency never makes the app hang.
package statement

import (
	"errors"
	"time"

	"github.com/uslugi/uslugi/charge"
)

// Source is an agency charges come from.
type Source string

// Sources.
const (
	SourceGIBDD Source = "GIBDD" // traffic police: fines
	SourceFNS   Source = "FNS"   // tax service: tax debts
	SourceFSSP  Source = "FSSP"  // bailiffs: enforcement proceedings
)

// Sources lists every source.
func Sources() []Source { return []Source{SourceGIBDD, SourceFNS, SourceFSSP} }

// KindOf is the kind of charge a source gives.
func (s Source) KindOf() charge.Kind {
	switch s {
	case SourceFNS:
		return charge.KindTax
	case SourceFSSP:
		return charge.KindEnforcement
	}
	return charge.KindFine
}

// Charge is one accrual a citizen may pay: a fine, a tax debt or the debt of
// an enforcement proceeding. Amounts are kopecks.
type Charge struct {
	ID        string
	AccountID string
	Source    Source
	Kind      charge.Kind
	// UIN identifies the accrual at the state payment register (GIS GMP).
	UIN            string
	Title          string // description, tax kind, subject
	AmountKopecks  int64
	PenaltyKopecks int64 // taxes: the penalty on top
	// Date is the decision (fines), the due date (taxes) or the opening
	// (proceedings).
	Date time.Time
	// Fines.
	Article  string
	Place    string
	PhotoRef string
	Document string // the citizen's document that found it
	// Taxes.
	TaxKind string
	Period  int
	// Proceedings.
	Number        string
	BailiffOffice string

	Paid        bool
	PaidAt      time.Time
	FirstSeenAt time.Time
}

// Fine is the charge as charge's discount rules read it.
func (c Charge) Fine() charge.Fine {
	return charge.Fine{UIN: c.UIN, DecisionDate: c.Date, Article: c.Article, AmountKopecks: c.AmountKopecks}
}

// DueOn is what paying the charge at at costs: for a fine, half while the
// discount lasts; for a tax debt, the amount and the penalty.
func (c Charge) DueOn(at time.Time) int64 {
	if c.Paid {
		return 0
	}
	switch c.Kind {
	case charge.KindFine:
		due, _ := charge.DueOn(c.Fine(), at)
		return due
	case charge.KindTax:
		return c.AmountKopecks + c.PenaltyKopecks
	}
	return c.AmountKopecks
}

// Check is when a source was last asked about a citizen.
type Check struct {
	Source    Source
	CheckedAt time.Time // zero: never answered, or expired
	// Exists: the source was asked about the citizen before.
	Exists bool
}

// View is a list of charges as the app shows it: the cached answer, when it
// was checked, whether it is old (a refresh is on its way), and the
// sources that did not answer in time.
type View struct {
	Charges     []Charge
	CheckedAt   time.Time
	Stale       bool
	Unavailable []Source
}

// StatusFilter picks charges by payment.
type StatusFilter string

// Filters.
const (
	FilterUnpaid StatusFilter = "UNPAID"
	FilterPaid   StatusFilter = "PAID"
	FilterAll    StatusFilter = "ALL"
)

// Errors.
var (
	ErrNotFound = errors.New("statement: not found")
	// ErrNoINN: tax debts need the citizen's INN in his profile.
	ErrNoINN = errors.New("statement: no INN in the profile")
	// ErrSourceDown: the agency did not answer in time; try again later.
	ErrSourceDown = errors.New("statement: the agency did not answer")
)

// FieldError is a problem with one input field, in both languages.
type FieldError struct {
	Field, Code, Ru, En string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.En }
