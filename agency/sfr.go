package agency

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SFR is the pension fund (Social Fund of Russia, formerly PFR): it checks
// that a person's full name matches the SNILS, and that sex and date of birth
// are right.
type SFR interface {
	// SubmitPersonCheck sends a check and returns its ticket. It fails with
	// ErrUnavailable when the agency is down and ErrInvalidRequest for a
	// malformed request.
	SubmitPersonCheck(ctx context.Context, c PersonCheck) (Ticket, error)
	// PersonCheckResult returns the check's answer so far: Pending until the
	// agency answers. It fails with ErrUnknownTicket for a ticket SFR did not
	// issue.
	PersonCheckResult(ctx context.Context, t Ticket) (Result, error)
}

// Sex as the agencies record it.
type Sex string

// The two values of Sex.
const (
	SexMale   Sex = "MALE"
	SexFemale Sex = "FEMALE"
)

// PersonCheck is what SFR checks.
type PersonCheck struct {
	// SNILS is the 11-digit insurance number; spaces and dashes are ignored
	// ("112-233-445 95").
	SNILS      string
	LastName   string
	FirstName  string
	Patronymic string // optional
	BirthDate  time.Time
	Sex        Sex
}

// snilsDigits returns the SNILS's 11 digits, or an error if it has another
// shape. The check sum is the domain's to validate; the simulator ignores it.
func snilsDigits(s string) (string, error) {
	d := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
	if len(d) != 11 || strings.Trim(d, "0123456789") != "" {
		return "", fmt.Errorf("%w: SNILS must have 11 digits", ErrInvalidRequest)
	}
	return d, nil
}

func (c PersonCheck) validate() (snils string, err error) {
	if snils, err = snilsDigits(c.SNILS); err != nil {
		return "", err
	}
	switch {
	case strings.TrimSpace(c.LastName) == "" || strings.TrimSpace(c.FirstName) == "":
		return "", fmt.Errorf("%w: last and first name are required", ErrInvalidRequest)
	case c.BirthDate.IsZero():
		return "", fmt.Errorf("%w: date of birth is required", ErrInvalidRequest)
	case c.Sex != SexMale && c.Sex != SexFemale:
		return "", fmt.Errorf("%w: sex must be %s or %s", ErrInvalidRequest, SexMale, SexFemale)
	}
	return snils, nil
}

// SFRSimulator is a deterministic SFR; the package doc lists its rules. It
// holds no per-ticket state (tickets are self-describing) and is safe for
// concurrent use.
type SFRSimulator struct {
	now     func() time.Time
	latency time.Duration
	faults  faults
}

var _ SFR = (*SFRSimulator)(nil)

// NewSFRSimulator returns an SFR simulator reading time from clock (nil:
// time.Now).
func NewSFRSimulator(clock func() time.Time, opts CheckOptions) *SFRSimulator {
	return &SFRSimulator{now: clockOrNow(clock), latency: opts.latency(), faults: newFaults(opts.FailureRate, opts.FailureWindow)}
}

// SubmitPersonCheck decides the check's outcome from the SNILS's 9-digit body
// (the digits before the check sum):
//
//   - ends in "000": Rejected, ReasonNameMismatch, after the latency;
//   - ends in "001": Rejected, ReasonSexOrAgeMismatch, after the latency;
//   - ends in "998": Confirmed after SlowLatency (1 hour);
//   - ends in "999": never answered (Pending forever);
//   - otherwise Confirmed after the latency.
//
// With a FailureRate, a share of requests fails with ErrUnavailable instead.
func (s *SFRSimulator) SubmitPersonCheck(ctx context.Context, c PersonCheck) (Ticket, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	snils, err := c.validate()
	if err != nil {
		return "", fmt.Errorf("sfr: submit person check: %w", err)
	}
	now := s.now()
	parts := []string{snils, c.LastName, c.FirstName, c.Patronymic, c.BirthDate.Format(time.DateOnly), string(c.Sex)}
	if s.faults.fails(now, append([]string{"sfr"}, parts...)...) {
		return "", fmt.Errorf("sfr: submit person check: %w", ErrUnavailable)
	}
	d := newTicketData(kindSFRPerson, now, parts...)
	switch body := snils[:9]; {
	case strings.HasSuffix(body, "000"):
		d.answer(StateRejected, ReasonNameMismatch, now.Add(s.latency))
	case strings.HasSuffix(body, "001"):
		d.answer(StateRejected, ReasonSexOrAgeMismatch, now.Add(s.latency))
	case strings.HasSuffix(body, "998"):
		d.answer(StateConfirmed, "", now.Add(SlowLatency))
	case strings.HasSuffix(body, "999"):
		d.State = StatePending // never answers
	default:
		d.answer(StateConfirmed, "", now.Add(s.latency))
	}
	return d.encode(), nil
}

// PersonCheckResult answers any ticket an SFRSimulator issued, in this
// process or another.
func (s *SFRSimulator) PersonCheckResult(ctx context.Context, t Ticket) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	d, err := decodeTicket(t, kindSFRPerson)
	if err != nil {
		return Result{}, fmt.Errorf("sfr: person check result: %w", err)
	}
	return d.result(s.now(), sfrText), nil
}

func sfrText(r Reason) (ru, en string) {
	switch r {
	case ReasonNameMismatch:
		return "ФИО не совпадает с данными СНИЛС", "The full name does not match the SNILS records"
	case ReasonSexOrAgeMismatch:
		return "Пол или дата рождения не совпадают с данными СНИЛС", "The sex or date of birth does not match the SNILS records"
	}
	return "Данные подтверждены СФР", "The data is confirmed by SFR"
}
