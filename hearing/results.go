package hearing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/notification"
)

// DocumentKind is the kind of the protocol among documents.
const DocumentKind = "HEARING_PROTOCOL"

// Protocol is what the organiser publishes at the end: the hearing, the
// final tally with the turnout, every published proposal and comment with
// the organiser's recommendation, and the conclusion. It names no
// participant. Its canonical form is its encoding/json encoding: fields in
// this order, times in RFC 3339 UTC, no insignificant space.
type Protocol struct {
	HearingID        string             `json:"hearing_id"`
	Municipality     string             `json:"municipality"`
	Title            string             `json:"title"`
	Subject          Subject            `json:"subject"`
	SubjectDetail    string             `json:"subject_detail,omitempty"`
	Organiser        string             `json:"organiser"`
	Territory        Territory          `json:"territory"`
	Materials        []Attachment       `json:"materials"`
	AnnouncedAt      time.Time          `json:"announced_at"`
	OpensAt          time.Time          `json:"opens_at"`
	ClosesAt         time.Time          `json:"closes_at"`
	EarlyCloseReason string             `json:"early_close_reason,omitempty"`
	MeetingAt        time.Time          `json:"meeting_at"`
	MeetingPlace     string             `json:"meeting_place"`
	Questions        []QuestionTally    `json:"questions"`
	Voters           int                `json:"voters"`
	Eligible         int                `json:"eligible"`
	TurnoutPercent   string             `json:"turnout_percent"`
	Proposals        []ProtocolProposal `json:"proposals"`
	Rejected         int                `json:"rejected"`
	Conclusion       string             `json:"conclusion"`
	PublishedAt      time.Time          `json:"published_at"`
}

// ProtocolProposal is a proposal or comment as the protocol lists it.
type ProtocolProposal struct {
	ID          string       `json:"id"`
	Kind        ProposalKind `json:"kind"`
	Text        string       `json:"text"`
	Attachments []Attachment `json:"attachments,omitempty"`
	Supports    int          `json:"supports"`
	Verdict     Verdict      `json:"verdict"`
	Reasoning   string       `json:"reasoning"`
}

// Canonical returns the protocol's canonical JSON and its SHA-256 in hex.
func (p Protocol) Canonical() ([]byte, string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:]), nil
}

// ProtocolDocument is a published protocol as stored.
type ProtocolDocument struct {
	ID        string
	HearingID string
	// AuthorID is the officer who published it; the document is his.
	AuthorID  string
	Title     string
	Data      []byte // the canonical JSON
	SHA256    string
	Signature string
	CreatedAt time.Time
}

// PublishResults ends a closed hearing: every proposal must be moderated
// and every published one carry a recommendation. The conclusion (10 to
// 20,000 characters) and the protocol are published, the protocol kept as
// a document with its SHA-256 (and signature, with a Signer), and every
// participant is told. A hearing past its closing time whose closing job
// has not run yet is closed first.
func (s *Service) PublishResults(ctx context.Context, officerID, id, conclusion string) (Hearing, error) {
	conclusion = strings.TrimSpace(conclusion)
	// A signer that keeps keys makes the municipality's key before the
	// transaction, which must not wait on another writer.
	if p, ok := s.Signer.(interface {
		Prepare(ctx context.Context, hearingID string) error
	}); ok {
		if err := p.Prepare(ctx, id); err != nil {
			return Hearing{}, err
		}
	}
	var h Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if h, err = s.officerHearing(ctx, tx, officerID, id, LockUpdate); err != nil {
			return err
		}
		now := s.now()
		if h.StageAt(now) != StatusClosed || h.Status == StatusResultsPublished {
			return notAllowed(h, now, "опубликовать итоги")
		}
		if err := fieldLen("conclusion", conclusion, 10, 20000, "Заключение", "the conclusion"); err != nil {
			return err
		}
		if h.Status != StatusClosed {
			// Closed by the clock at its time; the job has not run yet.
			if _, err := s.close(ctx, tx, &h, now, ""); err != nil {
				return err
			}
		}
		p, err := s.protocol(ctx, tx, h, conclusion, now)
		if err != nil {
			return err
		}
		data, sum, err := p.Canonical()
		if err != nil {
			return err
		}
		doc := ProtocolDocument{ID: uuid.NewString(), HearingID: h.ID, AuthorID: officerID, Title: cut("Протокол публичных слушаний: "+h.Title, 300),
			Data: data, SHA256: sum, CreatedAt: now}
		if s.Signer != nil {
			if doc.Signature, err = s.Signer.SignProtocol(ctx, p, data); err != nil {
				return fmt.Errorf("hearing: unable to sign the protocol: %w", err)
			}
		}
		if err := tx.AddProtocol(ctx, doc); err != nil {
			return err
		}
		h.Status, h.Conclusion, h.ResultsAt, h.UpdatedAt = StatusResultsPublished, conclusion, now, now
		h.ProtocolID, h.ProtocolSHA256, h.ProtocolSignature = doc.ID, doc.SHA256, doc.Signature
		if err := tx.UpdateHearing(ctx, h); err != nil {
			return err
		}
		if err := tx.AddStage(ctx, h.ID, Stage{Status: StatusResultsPublished, At: now, By: officerID}); err != nil {
			return err
		}
		ids, err := tx.ParticipantIDs(ctx, h.ID)
		if err != nil {
			return err
		}
		ns := make([]notification.Notification, len(ids))
		for i, a := range ids {
			ns[i] = notification.Notification{ID: uuid.NewString(), AccountID: a, Kind: "HEARINGS_RESULTS",
				TitleRu: "Итоги публичных слушаний", TitleEn: "Public hearing results",
				BodyRu: "«" + h.Title + "»: опубликованы протокол и заключение.",
				BodyEn: "\"" + h.Title + "\": the protocol and the conclusion are published.",
				Link:   h.Link() + "/results", CreatedAt: now}
		}
		return notify(ctx, tx, ns...)
	})
	return h, err
}

// protocol gathers the protocol of closed h; it refuses while a proposal
// awaits moderation or a published one a recommendation.
func (s *Service) protocol(ctx context.Context, tx Tx, h Hearing, conclusion string, now time.Time) (Protocol, error) {
	counts, err := tx.StoredTally(ctx, h.ID)
	if err != nil {
		return Protocol{}, err
	}
	t := tally(h, counts, h.Voters, h.Eligible, true, h.ClosedAt)
	p := Protocol{HearingID: h.ID, Municipality: h.Municipality, Title: h.Title, Subject: h.Subject, SubjectDetail: h.SubjectDetail,
		Organiser: h.Organiser, Territory: h.Territory, Materials: h.Materials, AnnouncedAt: h.AnnouncedAt, OpensAt: h.Dates.OpensAt,
		ClosesAt: h.Dates.ClosesAt, EarlyCloseReason: h.EarlyCloseReason, MeetingAt: h.Dates.MeetingAt, MeetingPlace: h.Dates.MeetingPlace,
		Questions: t.Questions, Voters: t.Voters, Eligible: t.Eligible, TurnoutPercent: fmt.Sprintf("%.2f", 100*t.Turnout()),
		Proposals: []ProtocolProposal{}, Conclusion: conclusion, PublishedAt: now}
	if p.Materials == nil {
		p.Materials = []Attachment{}
	}
	ps, _, err := tx.Proposals(ctx, h.ID, ProposalQuery{All: true}, 0, 0)
	if err != nil {
		return p, err
	}
	for _, x := range ps {
		if x.Status == ProposalPending {
			return p, &FieldError{"proposals", "UNMODERATED", "Не все предложения рассмотрены: опубликуйте или отклоните их", "some proposals await moderation: publish or reject them"}
		}
	}
	for _, x := range ps {
		switch {
		case x.Status == ProposalRejected:
			p.Rejected++
		case x.Verdict == "":
			return p, &FieldError{"proposals", "NO_RECOMMENDATION", "Дайте рекомендацию по каждому опубликованному предложению", "give a recommendation on every published proposal"}
		default:
			p.Proposals = append(p.Proposals, ProtocolProposal{ID: x.ID, Kind: x.Kind, Text: x.Text, Attachments: x.Attachments,
				Supports: x.Supports, Verdict: x.Verdict, Reasoning: x.VerdictNote})
		}
	}
	return p, nil
}

// Protocol returns a hearing's published protocol, to anyone.
func (s *Service) Protocol(ctx context.Context, hearingID string) (ProtocolDocument, error) {
	var d ProtocolDocument
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, err := tx.Hearing(ctx, hearingID, LockNone)
		if err != nil {
			return err
		}
		if h.ProtocolID == "" {
			return ErrNotFound
		}
		if d, err = tx.ProtocolDocument(ctx, h.ProtocolID); err != nil {
			return err
		}
		d.HearingID, d.SHA256, d.Signature = h.ID, h.ProtocolSHA256, h.ProtocolSignature
		return nil
	})
	return d, err
}

// Tally returns a hearing's count: the final one, to anyone, from the
// closing on; before that a live count from the rows, to its organiser
// only (ErrNotClosed to others).
func (s *Service) Tally(ctx context.Context, viewerID, hearingID string) (Tally, error) {
	var t Tally
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, err := tx.Hearing(ctx, hearingID, LockNone)
		if err != nil {
			return err
		}
		if h.Status == StatusClosed || h.Status == StatusResultsPublished {
			counts, err := tx.StoredTally(ctx, h.ID)
			if err != nil {
				return err
			}
			t = tally(h, counts, h.Voters, h.Eligible, true, h.ClosedAt)
			return nil
		}
		org, err := isOrganiser(ctx, tx, viewerID, h.Municipality)
		if err != nil {
			return err
		}
		if !org {
			if h.Status == StatusDraft {
				return ErrNotFound
			}
			return ErrNotClosed
		}
		counts, voters, err := tx.CountVotes(ctx, h.ID)
		if err != nil {
			return err
		}
		eligible, err := tx.CountEligible(ctx, h)
		if err != nil {
			return err
		}
		t = tally(h, counts, voters, eligible, false, s.now())
		return nil
	})
	return t, err
}
