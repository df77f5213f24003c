package agency

import (
	"errors"
	"time"
)

// Ticket identifies a request an agency has accepted; its answer is
// collected later with the ticket. Callers store and pass it back as an
// opaque string and never parse it.
type Ticket string

// State is where a check stands.
type State string

// The states of a check. Pending may last forever: an agency that never
// answers is a case callers must bound with their own deadline.
const (
	StatePending   State = "PENDING"
	StateConfirmed State = "CONFIRMED"
	StateRejected  State = "REJECTED"
)

// Reason is the stable id of why a check was rejected; code and clients match
// it, people read the messages. It is empty unless the state is Rejected.
type Reason string

// The reasons a check is rejected.
const (
	// ReasonNameMismatch: SFR has another full name for this SNILS.
	ReasonNameMismatch Reason = "NAME_MISMATCH"
	// ReasonSexOrAgeMismatch: SFR has another sex or date of birth for this SNILS.
	ReasonSexOrAgeMismatch Reason = "SEX_OR_AGE_MISMATCH"
	// ReasonDocumentInvalid: MVD reports the identity document invalid.
	ReasonDocumentInvalid Reason = "DOCUMENT_INVALID"
)

// Result is an agency's answer to a check, as known when it was asked for.
type Result struct {
	State  State
	Reason Reason
	// Message is for the citizen, in Russian; MessageEn is its English text.
	Message   string
	MessageEn string
	// AnsweredAt is when the agency answered; zero while Pending.
	AnsweredAt time.Time
}

// Done reports whether the agency has answered, i.e. polling can stop.
func (r Result) Done() bool { return r.State == StateConfirmed || r.State == StateRejected }

// Errors of the gateways; they arrive wrapped, so test them with errors.Is.
var (
	// ErrUnavailable: the agency is down or refused the request; a later
	// attempt may succeed. Nothing was accepted or sent.
	ErrUnavailable = errors.New("agency: unavailable")
	// ErrUnknownTicket: the ticket (or the tracking number) was not issued by
	// this gateway, or is damaged.
	ErrUnknownTicket = errors.New("agency: unknown ticket")
	// ErrInvalidRequest: the request is malformed (a SNILS without 11 digits,
	// a missing name, ...). Retrying the same request cannot succeed; the
	// domain should have validated it first.
	ErrInvalidRequest = errors.New("agency: invalid request")
)

// pendingText is what a Pending result says.
const (
	pendingRu = "Запрос обрабатывается"
	pendingEn = "The request is being processed"
)
