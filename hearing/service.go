package hearing

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/notification/fcm"
)

// Lock is how a transaction holds a hearing it read.
type Lock int

// Locks. On SQLite a transaction holds the database's write lock from its
// start, so the store may ignore them there.
const (
	// LockNone only reads the hearing.
	LockNone Lock = iota
	// LockShare keeps the hearing from changing until the transaction
	// ends, while other share holders proceed: votes, proposals and
	// supports run side by side and a stage change waits for them.
	LockShare
	// LockUpdate holds the hearing exclusively: stage and date changes.
	LockUpdate
)

// Query picks hearings for ListHearings.
type Query struct {
	// Municipalities by OKTMO; empty means all.
	Municipalities []string
	// Statuses; empty means all.
	Statuses []Status
	Subject  Subject
	// After, when set, keeps only the hearings listed after it in the
	// order of ListHearings (a page's cursor).
	After *Cursor
}

// Cursor is where a page of hearings ends: its last hearing's opening
// and id, in the list's order (latest opening first, then id). The next
// page starts after it by those values, not at an offset, so hearings
// announced while a citizen pages through do not shift the pages he has
// not read yet (with offsets, each one would repeat an item).
type Cursor struct {
	OpensAt time.Time
	ID      string
}

// CursorOf is the cursor just after h.
func CursorOf(h Hearing) Cursor { return Cursor{OpensAt: h.Dates.OpensAt, ID: h.ID} }

// ProposalQuery picks proposals for Proposals.
type ProposalQuery struct {
	// All includes every status (the organiser's view); otherwise only
	// published ones, and those of OwnOf in any status.
	All    bool
	OwnOf  string
	Status ProposalStatus
	Kind   ProposalKind
	// Viewer is whose support SupportedByViewer reports.
	Viewer string
}

// Store opens transactions.
type Store interface {
	InTx(ctx context.Context, f func(ctx context.Context, tx Tx) error) error
}

// Tx is what the rules read and write in one transaction. Reads of missing
// hearings and proposals return ErrNotFound.
type Tx interface {
	// HearingByProtocol returns the hearing whose protocol has this SHA-256, or ErrNotFound.
	HearingByProtocol(ctx context.Context, sha256 string) (Hearing, error)
	// OfficerScopes are the OKTMOs of the municipalities the account is a
	// MUNICIPAL_OFFICER of.
	OfficerScopes(ctx context.Context, accountID string) ([]string, error)
	MunicipalityExists(ctx context.Context, oktmo string) (bool, error)
	AccountExists(ctx context.Context, accountID string) (bool, error)
	// AccountIDBySNILSHash returns the id of the account whose SNILS has
	// this look-up hash, or "" when there is none.
	AccountIDBySNILSHash(ctx context.Context, hash string) (string, error)

	// Hearing returns a hearing held as lock says.
	Hearing(ctx context.Context, id string, lock Lock) (Hearing, error)
	AddHearing(ctx context.Context, h Hearing) error
	UpdateHearing(ctx context.Context, h Hearing) error
	// ListHearings returns up to limit (all when 0) of the hearings q
	// picks, latest opening first then by id, and how many q picks
	// without its After.
	ListHearings(ctx context.Context, q Query, limit int) ([]Hearing, int, error)
	// AddStage records that a hearing reached a status. A hearing reaches
	// each status once: a second record of it fails.
	AddStage(ctx context.Context, hearingID string, st Stage) error
	// Stages returns the history of each hearing, oldest first.
	Stages(ctx context.Context, hearingIDs []string) (map[string][]Stage, error)

	// Facts returns the eligibility facts of an account without its land
	// rights; zero facts for an unknown account.
	Facts(ctx context.Context, accountID string) (Facts, error)
	// LandRights returns the account's recorded rights in a municipality
	// (in every one when oktmo is "").
	LandRights(ctx context.Context, accountID, oktmo string) ([]LandRight, error)
	// AddLandRight records a right; false when the account already has one
	// to that cadastral number.
	AddLandRight(ctx context.Context, r LandRight) (bool, error)
	// CountEligible counts the accounts that may take part in h by their
	// person (tier, residence, rights), whatever its stage.
	CountEligible(ctx context.Context, h Hearing) (int, error)

	// CastVotes records each vote as its account's answer to its
	// question: a new row, or an update of the row there is unless that
	// one was cast later. One row per hearing, question and account.
	CastVotes(ctx context.Context, vs []Vote) error
	// Votes returns an account's votes in a hearing by question.
	Votes(ctx context.Context, hearingID, accountID string) ([]Vote, error)
	// CountVotes counts the vote rows per question and option, and the
	// accounts that voted.
	CountVotes(ctx context.Context, hearingID string) (Counts, int, error)
	// SaveTally stores a final tally's counts.
	SaveTally(ctx context.Context, t Tally) error
	// StoredTally returns the stored counts.
	StoredTally(ctx context.Context, hearingID string) (Counts, error)

	AddProposal(ctx context.Context, p Proposal) error
	// Proposal returns a proposal, locked for update when lock is set.
	Proposal(ctx context.Context, id string, lock bool) (Proposal, error)
	UpdateProposal(ctx context.Context, p Proposal) error
	// Proposals returns a page of a hearing's proposals, oldest first, and
	// how many q picks.
	Proposals(ctx context.Context, hearingID string, q ProposalQuery, offset, limit int) ([]Proposal, int, error)
	CountProposals(ctx context.Context, hearingID, authorID string) (int, error)
	// AddSupport records a support; false when the account supported the
	// proposal before.
	AddSupport(ctx context.Context, proposalID, accountID string, at time.Time) (bool, error)

	// Participants returns a page of those who voted or proposed, by name,
	// and how many there are.
	Participants(ctx context.Context, hearingID string, offset, limit int) ([]Participant, int, error)
	// ParticipantIDs returns the accounts of every participant.
	ParticipantIDs(ctx context.Context, hearingID string) ([]string, error)

	// AddNotice stores a notice and the municipality's news item of the
	// same id (its push is an event the caller adds).
	AddNotice(ctx context.Context, n Notice) error
	Notices(ctx context.Context, hearingID string) ([]Notice, error)
	// AddNotifications adds feed notifications (their delivery events are
	// the caller's to add).
	AddNotifications(ctx context.Context, ns []notification.Notification) error
	AddEvents(ctx context.Context, evs []event.Event) error
	// AddProtocol stores a protocol among its author's documents.
	AddProtocol(ctx context.Context, d ProtocolDocument) error
	// ProtocolDocument returns a stored protocol.
	ProtocolDocument(ctx context.Context, id string) (ProtocolDocument, error)
}

// Signer signs a protocol's canonical JSON, e.g. with the municipality's
// qualified signature; the signature is stored beside the protocol.
type Signer interface {
	SignProtocol(ctx context.Context, p Protocol, canonical []byte) (string, error)
}

// Service runs public hearings.
type Service struct {
	store Store
	clock func() time.Time
	// Signer, when set, signs every protocol as it is published; nil
	// leaves protocols unsigned (their SHA-256 is kept either way).
	Signer Signer
	// Live, when set, is told when a hearing's tally changes (a vote, the
	// closing), so live subscriptions on every API process refresh.
	Live TallyPublisher
	// Lookup hashes a SNILS as accounts are stored under it, so an officer
	// may name a right holder by SNILS; nil allows account ids only.
	Lookup LookupHasher
}

// LookupHasher gives the keyed look-up hash of a normalised identifier of
// a kind ("snils"), the one accounts are found by; *secret.Keys is one.
type LookupHasher interface {
	LookupHash(kind, normalisedValue string) string
}

// errLookupUnset: a right holder named by SNILS, and no LookupHasher to
// find him by.
var errLookupUnset = errors.New("hearing: no look-up hasher: rights are recorded by account id only")

// ProtocolVerifier checks a protocol's signature as SignProtocol made it.
type ProtocolVerifier interface {
	VerifyProtocol(ctx context.Context, h Hearing, signature string) (ok bool, signedAt time.Time, signer string, err error)
}

// ProtocolCheck is what anyone learns of a protocol by its SHA-256.
type ProtocolCheck struct {
	Found, Genuine bool
	HearingID      string
	Signer         string
	SignedAt       time.Time
}

// VerifyProtocol finds a published protocol by its SHA-256 and checks its
// signature; v is the verifier of the signer that made it.
func (s *Service) VerifyProtocol(ctx context.Context, sha256 string, v ProtocolVerifier) (ProtocolCheck, error) {
	var h Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		h, err = tx.HearingByProtocol(ctx, sha256)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return ProtocolCheck{}, nil
	}
	if err != nil {
		return ProtocolCheck{}, err
	}
	out := ProtocolCheck{Found: true, HearingID: h.ID}
	if h.ProtocolSignature == "" || v == nil {
		return out, nil
	}
	out.Genuine, out.SignedAt, out.Signer, err = v.VerifyProtocol(ctx, h, h.ProtocolSignature)
	return out, err
}

// TallyPublisher announces that a hearing's tally changed.
type TallyPublisher interface {
	TallyChanged(ctx context.Context, hearingID string) error
}

// tallyChanged tells the live subscriptions; a lost update is only a late
// refresh, so it does not fail the vote.
func (s *Service) tallyChanged(ctx context.Context, id string) {
	if s.Live != nil {
		_ = s.Live.TallyChanged(ctx, id)
	}
}

// New returns the service; clock is time.Now when nil.
func New(store Store, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{store: store, clock: clock}
}

// now is the service's time, to the microsecond both databases keep.
func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// Limits.
const (
	DefaultPage = 20
	MaxPage     = 100
	// MaxProposalsPerParticipant bounds what one participant submits to
	// one hearing.
	MaxProposalsPerParticipant = 20
)

func page(offset, limit int) (int, int) {
	if limit <= 0 {
		limit = DefaultPage
	}
	return max(offset, 0), min(limit, MaxPage)
}

// organiser checks that the account is a municipal officer of oktmo.
func organiser(ctx context.Context, tx Tx, accountID, oktmo string) error {
	scopes, err := tx.OfficerScopes(ctx, accountID)
	if err != nil {
		return err
	}
	if len(scopes) == 0 {
		return &account.ForbiddenError{NeedRole: account.RoleMunicipalOfficer}
	}
	if !slices.Contains(scopes, oktmo) {
		return ErrNotOrganiser
	}
	return nil
}

// isOrganiser reports whether the account organises hearings of oktmo.
func isOrganiser(ctx context.Context, tx Tx, accountID, oktmo string) (bool, error) {
	if accountID == "" {
		return false, nil
	}
	scopes, err := tx.OfficerScopes(ctx, accountID)
	return slices.Contains(scopes, oktmo), err
}

// Event types of the scheduled jobs.
const (
	TypeOpen  = "hearings:open"
	TypeClose = "hearings:close"
)

// Payload names the hearing and the time the job was scheduled for: a job
// for a time the hearing no longer has does nothing.
type Payload struct {
	HearingID string    `json:"hearing_id"`
	At        time.Time `json:"at"`
}

// ScheduleEvent is the outbox event of a scheduled opening or closing.
func ScheduleEvent(typ, hearingID string, at time.Time) (event.Event, error) {
	b, err := json.Marshal(Payload{HearingID: hearingID, At: at.UTC()})
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: typ, Queue: event.QueueCritical, Payload: b, NotBefore: at}, nil
}

// publish stores a notice with its news item and the push of it to the
// municipality's topic.
func publish(ctx context.Context, tx Tx, h Hearing, kind NoticeKind, title, body, authorID string, at time.Time) error {
	n := Notice{ID: orderedID(), HearingID: h.ID, Kind: kind, Topic: fcm.MunicipalityTopic(h.Municipality),
		Title: cut(title, 100), Body: cut(body, 1000), Link: h.Link(), AuthorID: authorID, At: at}
	if err := tx.AddNotice(ctx, n); err != nil {
		return err
	}
	b, err := json.Marshal(notification.NewsPayload{NewsID: n.ID})
	if err != nil {
		return err
	}
	return tx.AddEvents(ctx, []event.Event{{Type: notification.TypePushNews, Queue: event.QueueDefault, Payload: b}})
}

// notify adds feed notifications with their delivery events.
func notify(ctx context.Context, tx Tx, ns ...notification.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	if err := tx.AddNotifications(ctx, ns); err != nil {
		return err
	}
	evs := make([]event.Event, 0, 2*len(ns))
	for _, n := range ns {
		e, err := notification.Events(n)
		if err != nil {
			return err
		}
		evs = append(evs, e...)
	}
	return tx.AddEvents(ctx, evs)
}

// cut shortens s to n runes, with an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// msk is how dates read in notices: Moscow time.
var msk = time.FixedZone("MSK", 3*60*60)

func when(t time.Time) string { return t.In(msk).Format("02.01.2006 15:04") + " (МСК)" }

// orderedID is a time-ordered id (UUID version 7, increasing within the
// process): lists ordered by time then id keep the order of insertion.
func orderedID() string { return uuid.Must(uuid.NewV7()).String() }
