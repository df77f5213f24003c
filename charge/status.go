package charge

// Kind is what a charge is for. The values are the GraphQL enum values.
type Kind string

// The kinds of charge the portal shows.
const (
	// KindFine is an administrative fine, e.g. from the traffic police.
	KindFine Kind = "FINE"
	// KindTax is a tax debt assessed by the Federal Tax Service.
	KindTax Kind = "TAX"
	// KindEnforcement is a debt under enforcement proceedings (bailiffs).
	KindEnforcement Kind = "ENFORCEMENT"
)

// Valid reports whether k is one of the Kind constants.
func (k Kind) Valid() bool {
	switch k {
	case KindFine, KindTax, KindEnforcement:
		return true
	}
	return false
}

// Status is how much of a charge has been paid. The values are the GraphQL
// enum values.
type Status string

// The payment states of a charge.
const (
	// StatusUnpaid: nothing has been paid.
	StatusUnpaid Status = "UNPAID"
	// StatusPartiallyPaid: something was paid, less than is due; e.g. half
	// of a fine paid after the discount period ended.
	StatusPartiallyPaid Status = "PARTIALLY_PAID"
	// StatusPaid: the amount due has been paid in full.
	StatusPaid Status = "PAID"
)

// Valid reports whether s is one of the Status constants.
func (s Status) Valid() bool {
	switch s {
	case StatusUnpaid, StatusPartiallyPaid, StatusPaid:
		return true
	}
	return false
}

// StatusOf is the state of a charge of which dueKopecks are due and
// paidKopecks have been paid: paid when paid covers due (overpayment
// included, and a charge of nothing is paid), unpaid when nothing was paid,
// partially paid otherwise. For a fine, dueKopecks is what DueOn gives at
// the time of the payment, so half paid within the discount period is paid
// in full.
func StatusOf(dueKopecks, paidKopecks int64) Status {
	switch {
	case paidKopecks >= dueKopecks:
		return StatusPaid
	case paidKopecks <= 0:
		return StatusUnpaid
	default:
		return StatusPartiallyPaid
	}
}
