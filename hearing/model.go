package hearing

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Status is a hearing's stage.
type Status string

// Stages, in order.
const (
	StatusDraft            Status = "DRAFT"
	StatusAnnounced        Status = "ANNOUNCED"
	StatusOpen             Status = "OPEN"
	StatusClosed           Status = "CLOSED"
	StatusResultsPublished Status = "RESULTS_PUBLISHED"
)

// Valid reports whether s is one of the stages.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusAnnounced, StatusOpen, StatusClosed, StatusResultsPublished:
		return true
	}
	return false
}

// moves are the only transitions there are. The officer announces, early
// closes and publishes results; the jobs open and close at the scheduled
// times.
var moves = map[Status][]Status{
	StatusDraft:     {StatusAnnounced},
	StatusAnnounced: {StatusOpen},
	StatusOpen:      {StatusClosed},
	StatusClosed:    {StatusResultsPublished},
}

// CanMove reports whether a hearing may go from one stage to another.
func CanMove(from, to Status) bool { return slices.Contains(moves[from], to) }

// Subject is what a hearing is about.
type Subject string

// Subjects.
const (
	SubjectBudgetDraft         Subject = "BUDGET_DRAFT"
	SubjectBudgetReport        Subject = "BUDGET_REPORT"
	SubjectDevelopmentStrategy Subject = "DEVELOPMENT_STRATEGY"
	SubjectLandUseRules        Subject = "LAND_USE_RULES"
	SubjectPlanningProject     Subject = "PLANNING_PROJECT"
	// SubjectCharter is another question the municipality's charter puts
	// to hearings; SubjectDetail names it.
	SubjectCharter Subject = "CHARTER_QUESTION"
)

// Subjects lists every subject.
var Subjects = []Subject{SubjectBudgetDraft, SubjectBudgetReport, SubjectDevelopmentStrategy,
	SubjectLandUseRules, SubjectPlanningProject, SubjectCharter}

// Valid reports whether s is a subject.
func (s Subject) Valid() bool { return slices.Contains(Subjects, s) }

// UrbanPlanning reports whether holders of rights to land and buildings in
// the territory take part besides residents (the urban planning code's
// subjects: land-use and development rules, territory planning projects).
func (s Subject) UrbanPlanning() bool {
	return s == SubjectLandUseRules || s == SubjectPlanningProject
}

// Option is a vote's answer.
type Option string

// Options.
const (
	OptionFor     Option = "FOR"
	OptionAgainst Option = "AGAINST"
	OptionAbstain Option = "ABSTAIN"
)

// Options lists the answers in the order a tally shows them.
var Options = []Option{OptionFor, OptionAgainst, OptionAbstain}

// Valid reports whether o is an answer.
func (o Option) Valid() bool { return slices.Contains(Options, o) }

// Attachment is a file: a project's material or a proposal's attachment.
// The file itself lives in the blob store under Key.
type Attachment struct {
	Name        string `json:"name"`
	Key         string `json:"key"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256,omitempty"`
}

// Question is what participants vote on: number 0 is the project itself,
// the others are further questions of the same hearing.
type Question struct {
	No   int    `json:"no"`
	Text string `json:"text"`
}

// Territory is the part of the municipality a hearing concerns. Quarters
// are cadastral quarters ("50:21:0110105"); rights to land and buildings
// count in the hearing when in one of them, or anywhere in the municipality
// when there are none.
type Territory struct {
	Description string   `json:"description"`
	Quarters    []string `json:"quarters,omitempty"`
}

// Covers reports whether a cadastral quarter lies in the territory.
func (t Territory) Covers(quarter string) bool {
	return len(t.Quarters) == 0 || slices.Contains(t.Quarters, quarter)
}

// Dates are a hearing's schedule: the period of proposals and voting
// [OpensAt, ClosesAt), and the in-person meeting within it. The officer's
// dates are kept to the second; an early closing is kept as it happened.
type Dates struct {
	OpensAt      time.Time
	ClosesAt     time.Time
	MeetingAt    time.Time
	MeetingPlace string
}

func (d Dates) normal() Dates {
	sec := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.UTC().Truncate(time.Second)
	}
	return Dates{OpensAt: sec(d.OpensAt), ClosesAt: sec(d.ClosesAt), MeetingAt: sec(d.MeetingAt),
		MeetingPlace: strings.Join(strings.Fields(d.MeetingPlace), " ")}
}

// Hearing is one public hearing.
type Hearing struct {
	ID string
	// Municipality is the OKTMO of the municipality that holds it.
	Municipality  string
	Title         string
	Subject       Subject
	SubjectDetail string
	Description   string
	Materials     []Attachment
	Questions     []Question
	Territory     Territory
	// Organiser is the body that holds the hearing, as published.
	Organiser string
	Dates     Dates
	Status    Status
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	// AnnouncedAt is the publication date.
	AnnouncedAt time.Time
	OpenedAt    time.Time
	ClosedAt    time.Time
	// EarlyCloseReason is why an officer closed it before its time.
	EarlyCloseReason string
	// Voters and Eligible are counted at closing.
	Voters   int
	Eligible int
	// Conclusion, the protocol and when they were published.
	Conclusion        string
	ResultsAt         time.Time
	ProtocolID        string
	ProtocolSHA256    string
	ProtocolSignature string
	// Stages is its history, oldest first: filled by Get, List and Mine,
	// nil where a hearing is read for a change (see Service.Stages).
	Stages []Stage
}

// Stage is a step of a hearing's history: when it reached a status, and
// who moved it there. A hearing reaches each status once, which the store
// enforces (its key is the hearing and the status): a job that runs twice,
// or two workers that run it at once, cannot open or close it twice.
type Stage struct {
	Status Status
	At     time.Time
	// By is the officer who moved it; "" when its schedule did (the
	// opening and closing jobs, or the clock noticed by a later change).
	By string
}

// StageAt is the hearing's stage by the clock: an announced hearing is open
// from its opening time and any hearing closed from its closing time, even
// before the jobs that record it have run.
func (h Hearing) StageAt(now time.Time) Status {
	switch h.Status {
	case StatusAnnounced, StatusOpen:
		if !now.Before(h.Dates.ClosesAt) {
			return StatusClosed
		}
		if !now.Before(h.Dates.OpensAt) {
			return StatusOpen
		}
	}
	return h.Status
}

// Question returns the question numbered no.
func (h Hearing) Question(no int) (Question, bool) {
	for _, q := range h.Questions {
		if q.No == no {
			return q, true
		}
	}
	return Question{}, false
}

// Link is where the app opens the hearing.
func (h Hearing) Link() string { return "uslugi://hearings/" + h.ID }

// Vote is one participant's answer to one question; the latest counts.
type Vote struct {
	HearingID string
	Question  int
	AccountID string
	Option    Option
	CastAt    time.Time
	// Changes counts how many times the participant changed it.
	Changes int
}

// Choice is one answer of a ballot.
type Choice struct {
	Question int
	Option   Option
}

// ProposalKind tells a proposal from a comment.
type ProposalKind string

// Proposal kinds.
const (
	KindProposal ProposalKind = "PROPOSAL"
	KindComment  ProposalKind = "COMMENT"
)

// ProposalStatus is where moderation stands.
type ProposalStatus string

// Moderation states.
const (
	ProposalPending   ProposalStatus = "PENDING"
	ProposalPublished ProposalStatus = "PUBLISHED"
	ProposalRejected  ProposalStatus = "REJECTED"
)

// Verdict is the organiser's recommendation on a proposal.
type Verdict string

// Verdicts: whether taking the proposal into account is advisable.
const (
	VerdictAdvisable    Verdict = "ADVISABLE"
	VerdictNotAdvisable Verdict = "NOT_ADVISABLE"
)

// Proposal is a participant's proposal or comment.
type Proposal struct {
	ID        string
	HearingID string
	// AuthorID is empty when the viewer may not know who wrote it.
	AuthorID    string
	Kind        ProposalKind
	Text        string
	Attachments []Attachment
	Status      ProposalStatus
	// RejectReason is why the organiser did not publish it; only the
	// author and the organiser see it.
	RejectReason string
	ModeratedBy  string
	ModeratedAt  time.Time
	Verdict      Verdict
	VerdictNote  string
	CreatedAt    time.Time
	Supports     int
	// SupportedByViewer tells whether the one asking supported it.
	SupportedByViewer bool
}

// Tally is the count of votes: final from closing on.
type Tally struct {
	HearingID string
	Final     bool
	Questions []QuestionTally
	// Voters voted on at least one question; Eligible could take part.
	Voters   int
	Eligible int
	At       time.Time
}

// QuestionTally is the count of one question.
type QuestionTally struct {
	Question int    `json:"question"`
	Text     string `json:"text"`
	For      int    `json:"for"`
	Against  int    `json:"against"`
	Abstain  int    `json:"abstain"`
}

// Count returns the count of one option.
func (q QuestionTally) Count(o Option) int {
	switch o {
	case OptionFor:
		return q.For
	case OptionAgainst:
		return q.Against
	case OptionAbstain:
		return q.Abstain
	}
	return 0
}

func (q *QuestionTally) add(o Option, n int) {
	switch o {
	case OptionFor:
		q.For += n
	case OptionAgainst:
		q.Against += n
	case OptionAbstain:
		q.Abstain += n
	}
}

// Turnout is the share of eligible residents who voted, 0 to 1.
func (t Tally) Turnout() float64 {
	if t.Eligible == 0 {
		return 0
	}
	return float64(t.Voters) / float64(t.Eligible)
}

// Counts are vote counts per question and option, as the rows give them.
type Counts map[int]map[Option]int

// tally builds h's tally from counts.
func tally(h Hearing, c Counts, voters, eligible int, final bool, at time.Time) Tally {
	t := Tally{HearingID: h.ID, Final: final, Voters: voters, Eligible: eligible, At: at}
	for _, q := range h.Questions {
		qt := QuestionTally{Question: q.No, Text: q.Text}
		for o, n := range c[q.No] {
			qt.add(o, n)
		}
		t.Questions = append(t.Questions, qt)
	}
	return t
}

// LandRightKind is what a registered right is to.
type LandRightKind string

// Land right kinds.
const (
	RightLand     LandRightKind = "LAND"
	RightBuilding LandRightKind = "BUILDING"
)

// LandRight is a registered right to land or a building, recorded by an
// officer from the registry, that admits its holder to urban-planning
// hearings of its territory.
type LandRight struct {
	ID           string
	AccountID    string
	Municipality string
	Kind         LandRightKind
	// Cadastral is the cadastral number, "50:21:0110105:123"; Quarter its
	// quarter, "50:21:0110105".
	Cadastral string
	Quarter   string
	// RegistryRecord is the registry entry it was read from.
	RegistryRecord string
	RecordedBy     string
	RecordedAt     time.Time
}

var (
	cadastralRe = regexp.MustCompile(`^(\d{2}:\d{2}:\d{6,7}):\d{1,7}$`)
	quarterRe   = regexp.MustCompile(`^\d{2}:\d{2}:\d{6,7}$`)
)

// CadastralQuarter returns the quarter of a cadastral number, or false when
// it is not one.
func CadastralQuarter(number string) (string, bool) {
	m := cadastralRe.FindStringSubmatch(number)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// NoticeKind is why a notice was published.
type NoticeKind string

// Notice kinds.
const (
	NoticeAnnounced   NoticeKind = "ANNOUNCED"
	NoticeOpened      NoticeKind = "OPENED"
	NoticeRescheduled NoticeKind = "RESCHEDULED"
	NoticeClosedEarly NoticeKind = "CLOSED_EARLY"
)

// Notice is a published notice of a hearing. It is also a news item of the
// municipality (same id), pushed to its FCM topic.
type Notice struct {
	ID        string
	HearingID string
	Kind      NoticeKind
	// Topic is the FCM topic, municipality-<OKTMO>.
	Topic    string
	Title    string
	Body     string
	Link     string
	AuthorID string
	At       time.Time
}

// Participant is someone who took part, as only the organiser sees him.
type Participant struct {
	AccountID  string
	LastName   string
	FirstName  string
	Patronymic string
	Voted      bool
	Proposals  int
	// FirstAt is when he first voted or proposed.
	FirstAt time.Time
}
