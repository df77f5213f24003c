package agency

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// MVD is the migration service of the Interior Ministry (formerly FMS): it
// checks an identity document.
type MVD interface {
	// SubmitDocumentCheck sends a check and returns its ticket. It fails with
	// ErrUnavailable when the agency is down and ErrInvalidRequest for a
	// malformed request.
	SubmitDocumentCheck(ctx context.Context, c DocumentCheck) (Ticket, error)
	// DocumentCheckResult returns the check's answer so far: Pending until
	// the agency answers. It fails with ErrUnknownTicket for a ticket MVD did
	// not issue.
	DocumentCheckResult(ctx context.Context, t Ticket) (Result, error)
}

// DocumentKind is the kind of identity document MVD checks.
type DocumentKind string

// The document kinds.
const (
	// DocRFPassport is a citizen's internal passport: series of 4 digits,
	// number of 6 digits, issuer code.
	DocRFPassport DocumentKind = "RF_PASSPORT"
	// DocForeignPassport is a foreign citizen's national passport; its
	// series and number have no fixed shape.
	DocForeignPassport DocumentKind = "FOREIGN_PASSPORT"
)

// DocumentCheck is what MVD checks.
type DocumentCheck struct {
	Kind DocumentKind
	// Series and Number: spaces are ignored ("45 08" is "4508").
	Series     string
	Number     string
	IssuedOn   time.Time
	IssuerCode string // "770-001" for an RF passport
	LastName   string
	FirstName  string
	BirthDate  time.Time
	// Citizenship is the country code, e.g. "RUS".
	Citizenship string
}

func isDigits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

func dropSpaces(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), " ", "") }

func (c DocumentCheck) validate() (series, number string, err error) {
	series, number = dropSpaces(c.Series), dropSpaces(c.Number)
	switch {
	case c.Kind != DocRFPassport && c.Kind != DocForeignPassport:
		err = fmt.Errorf("%w: document kind must be %s or %s", ErrInvalidRequest, DocRFPassport, DocForeignPassport)
	case c.Kind == DocRFPassport && (!isDigits(series, 4) || !isDigits(number, 6)):
		err = fmt.Errorf("%w: an RF passport has a series of 4 digits and a number of 6", ErrInvalidRequest)
	case number == "":
		err = fmt.Errorf("%w: document number is required", ErrInvalidRequest)
	case strings.TrimSpace(c.LastName) == "":
		err = fmt.Errorf("%w: last name is required", ErrInvalidRequest)
	}
	return series, number, err
}

// MVDSimulator is a deterministic MVD; the package doc lists its rules. It
// holds no per-ticket state (tickets are self-describing) and is safe for
// concurrent use.
type MVDSimulator struct {
	now     func() time.Time
	latency time.Duration
	faults  faults
}

var _ MVD = (*MVDSimulator)(nil)

// NewMVDSimulator returns an MVD simulator reading time from clock (nil:
// time.Now).
func NewMVDSimulator(clock func() time.Time, opts CheckOptions) *MVDSimulator {
	return &MVDSimulator{now: clockOrNow(clock), latency: opts.latency(), faults: newFaults(opts.FailureRate, opts.FailureWindow)}
}

// SubmitDocumentCheck decides the outcome from the document:
//
//   - series "0000": the agency is down, ErrUnavailable on every submission;
//   - number ends in "00": Rejected, ReasonDocumentInvalid, after the latency;
//   - number ends in "98": Confirmed after SlowLatency (1 hour);
//   - number ends in "99": never answered (Pending forever);
//   - otherwise Confirmed after the latency.
//
// With a FailureRate, a share of requests fails with ErrUnavailable instead.
func (s *MVDSimulator) SubmitDocumentCheck(ctx context.Context, c DocumentCheck) (Ticket, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	series, number, err := c.validate()
	if err != nil {
		return "", fmt.Errorf("mvd: submit document check: %w", err)
	}
	if series == "0000" {
		return "", fmt.Errorf("mvd: submit document check: %w", ErrUnavailable)
	}
	now := s.now()
	parts := []string{string(c.Kind), series, number, c.IssuedOn.Format(time.DateOnly), c.IssuerCode,
		c.LastName, c.FirstName, c.BirthDate.Format(time.DateOnly), c.Citizenship}
	if s.faults.fails(now, append([]string{"mvd"}, parts...)...) {
		return "", fmt.Errorf("mvd: submit document check: %w", ErrUnavailable)
	}
	d := newTicketData(kindMVDDocument, now, parts...)
	switch {
	case strings.HasSuffix(number, "00"):
		d.answer(StateRejected, ReasonDocumentInvalid, now.Add(s.latency))
	case strings.HasSuffix(number, "98"):
		d.answer(StateConfirmed, "", now.Add(SlowLatency))
	case strings.HasSuffix(number, "99"):
		d.State = StatePending // never answers
	default:
		d.answer(StateConfirmed, "", now.Add(s.latency))
	}
	return d.encode(), nil
}

// DocumentCheckResult answers any ticket an MVDSimulator issued, in this
// process or another.
func (s *MVDSimulator) DocumentCheckResult(ctx context.Context, t Ticket) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	d, err := decodeTicket(t, kindMVDDocument)
	if err != nil {
		return Result{}, fmt.Errorf("mvd: document check result: %w", err)
	}
	return d.result(s.now(), mvdText), nil
}

func mvdText(r Reason) (ru, en string) {
	if r == ReasonDocumentInvalid {
		return "Паспорт недействителен", "The passport is invalid"
	}
	return "Паспорт действителен", "The passport is valid"
}
