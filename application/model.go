// Package application holds applications for services: the online forms,
// drafts saved field by field, submission, the stages an officer moves an
// application through, and the citizen's rating of the service.
package application

import (
	"errors"
	"time"
)

// Status is an application's stage.
type Status string

// Stages.
const (
	StatusDraft           Status = "DRAFT"
	StatusSubmitted       Status = "SUBMITTED"
	StatusRegistered      Status = "REGISTERED"
	StatusInProgress      Status = "IN_PROGRESS"
	StatusAwaitingCitizen Status = "AWAITING_CITIZEN"
	StatusCompleted       Status = "COMPLETED"
	StatusRejected        Status = "REJECTED"
	StatusWithdrawn       Status = "WITHDRAWN"
)

// Final reports whether nothing moves the application any more.
func (s Status) Final() bool {
	return s == StatusCompleted || s == StatusRejected || s == StatusWithdrawn
}

// officerMoves are the transitions an officer makes: the only ones there are
// besides submitting (the citizen, from a draft) and withdrawing (the
// citizen, before the end).
var officerMoves = map[Status][]Status{
	StatusSubmitted:       {StatusRegistered, StatusRejected},
	StatusRegistered:      {StatusInProgress, StatusRejected},
	StatusInProgress:      {StatusAwaitingCitizen, StatusCompleted, StatusRejected},
	StatusAwaitingCitizen: {StatusInProgress, StatusRejected},
}

// CanMove reports whether an officer may move an application from one
// stage to another.
func CanMove(from, to Status) bool {
	for _, s := range officerMoves[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Channel is how an application came in.
type Channel string

// Channels.
const (
	ChannelPortal        Channel = "PORTAL"
	ChannelServiceCentre Channel = "SERVICE_CENTRE"
	ChannelInPerson      Channel = "IN_PERSON"
)

// ApplicantKind is on whose behalf an application is made.
type ApplicantKind string

// Applicants.
const (
	ApplicantSelf         ApplicantKind = "SELF"
	ApplicantChild        ApplicantKind = "CHILD"
	ApplicantOrganisation ApplicantKind = "ORGANISATION"
)

// Application is one application for a service.
type Application struct {
	ID             string
	AccountID      string
	ServiceCode    string
	DepartmentCode string
	Status         Status
	Channel        Channel
	Applicant      ApplicantKind
	ApplicantID    string // the child or organisation, when not SELF
	Data           map[string]any
	BranchCode     string
	IdempotencyKey string
	// Request is what the officer asked for (AWAITING_CITIZEN); Reason why
	// it was rejected.
	Request        string
	Reason         string
	ResultDocument string
	// AgencyTicket is the agency's ticket when an agency answers the
	// application itself (the tax service for an INN).
	AgencyTicket string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	SubmittedAt  time.Time
	// CompletedAt is when it reached COMPLETED; HandedOutAt and
	// HandedOutBy when and by which operator its result was handed to the
	// citizen at the service centre he chose (see HandOut).
	CompletedAt time.Time
	HandedOutAt time.Time
	HandedOutBy string
	Stages      []Stage
	Attachments []Attachment
}

// Stage is one step of an application's history: who moved it, when, why.
type Stage struct {
	Status  Status
	ActorID string
	Comment string
	At      time.Time
}

// Rating is a citizen's mark of a service he received.
type Rating struct {
	ApplicationID string
	Score         int
	Comment       string
	At            time.Time
}

// Errors.
var (
	ErrNotFound = errors.New("application: not found")
	// ErrNotYourDepartment: an officer acting outside his department.
	ErrNotYourDepartment = errors.New("application: the application belongs to another department")
)

// FieldError is a problem with one input field, in both languages.
type FieldError struct {
	Field, Code, Ru, En string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.En }
