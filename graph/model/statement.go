package model

import (
	"time"

	"github.com/uslugi/uslugi/statement"
)

// The charges as the API shows them: one Go type per GraphQL type, so the
// Node interface tells them apart.

// Fine is a traffic fine with the server's time of the request, which
// decides the discount.
type Fine struct {
	C   statement.Charge
	Now time.Time
}

// UIN of the accrual.
func (f Fine) UIN() string { return f.C.UIN }

// DecisionDate of the traffic police.
func (f Fine) DecisionDate() time.Time { return f.C.Date }

// Article of the code.
func (f Fine) Article() string { return f.C.Article }

// Description of the offence.
func (f Fine) Description() string { return f.C.Title }

// Place of the offence.
func (f Fine) Place() string { return f.C.Place }

// PhotoRef of the camera, if any.
func (f Fine) PhotoRef() *string { return opt(f.C.PhotoRef) }

// Document that found it.
func (f Fine) Document() string { return f.C.Document }

// AmountKopecks is the full fine.
func (f Fine) AmountKopecks() int64 { return f.C.AmountKopecks }

// DiscountedAmountKopecks is the half amount while the discount lasts.
func (f Fine) DiscountedAmountKopecks() *int64 {
	half, until := f.C.Fine().Discount()
	if f.C.Paid || until.IsZero() || f.Now.After(until) {
		return nil
	}
	return &half
}

// DiscountUntil is the discount's last moment.
func (f Fine) DiscountUntil() *time.Time {
	_, until := f.C.Fine().Discount()
	if until.IsZero() {
		return nil
	}
	return &until
}

// AmountDueKopecks is what paying now costs.
func (f Fine) AmountDueKopecks() int64 { return f.C.DueOn(f.Now) }

// Status of payment.
func (f Fine) Status() ChargeStatus { return status(f.C) }

// PaidAt is when it was paid.
func (f Fine) PaidAt() *time.Time { return optTime(f.C.PaidAt) }

// IsNode marks a Node.
func (Fine) IsNode() {}

// TaxDebt is a tax debt.
type TaxDebt struct {
	C statement.Charge
}

// UIN of the accrual.
func (d TaxDebt) UIN() string { return d.C.UIN }

// TaxKind of the tax.
func (d TaxDebt) TaxKind() string { return d.C.TaxKind }

// Title of the tax.
func (d TaxDebt) Title() string { return d.C.Title }

// Period is the tax year.
func (d TaxDebt) Period() int { return d.C.Period }

// AmountKopecks of the tax.
func (d TaxDebt) AmountKopecks() int64 { return d.C.AmountKopecks }

// PenaltyKopecks on top.
func (d TaxDebt) PenaltyKopecks() int64 { return d.C.PenaltyKopecks }

// AmountDueKopecks is what paying now costs.
func (d TaxDebt) AmountDueKopecks() int64 { return d.C.DueOn(time.Time{}) }

// DueDate of the tax.
func (d TaxDebt) DueDate() time.Time { return d.C.Date }

// Status of payment.
func (d TaxDebt) Status() ChargeStatus { return status(d.C) }

// PaidAt is when it was paid.
func (d TaxDebt) PaidAt() *time.Time { return optTime(d.C.PaidAt) }

// IsNode marks a Node.
func (TaxDebt) IsNode() {}

// EnforcementProceeding is a proceeding of the bailiffs.
type EnforcementProceeding struct {
	C statement.Charge
}

// UIN of the accrual.
func (e EnforcementProceeding) UIN() string { return e.C.UIN }

// Number of the proceeding.
func (e EnforcementProceeding) Number() string { return e.C.Number }

// Date it was opened.
func (e EnforcementProceeding) Date() time.Time { return e.C.Date }

// Subject of the debt.
func (e EnforcementProceeding) Subject() string { return e.C.Title }

// AmountOwedKopecks is the debt.
func (e EnforcementProceeding) AmountOwedKopecks() int64 { return e.C.AmountKopecks }

// BailiffOffice in charge.
func (e EnforcementProceeding) BailiffOffice() string { return e.C.BailiffOffice }

// Status of payment.
func (e EnforcementProceeding) Status() ChargeStatus { return status(e.C) }

// IsNode marks a Node.
func (EnforcementProceeding) IsNode() {}

func status(c statement.Charge) ChargeStatus {
	if c.Paid {
		return ChargeStatusPaid
	}
	return ChargeStatusUnpaid
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
