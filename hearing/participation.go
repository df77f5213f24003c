package hearing

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/notification"
)

// assess decides whether an account may take part in h at now, from the
// facts read in tx.
func assess(ctx context.Context, tx Tx, h Hearing, accountID string, now time.Time) (Eligibility, error) {
	f, err := tx.Facts(ctx, accountID)
	if err != nil {
		return Eligibility{}, err
	}
	if h.Subject.UrbanPlanning() && !(f.AddressVerified && f.AddressOKTMO == h.Municipality) {
		if f.LandRights, err = tx.LandRights(ctx, accountID, h.Municipality); err != nil {
			return Eligibility{}, err
		}
	}
	return Assess(h, f, now), nil
}

// participant reads h share-locked and checks that the account may take
// part now: the check and the write that follows see the same stage.
func (s *Service) participant(ctx context.Context, tx Tx, accountID, hearingID string) (Hearing, time.Time, error) {
	h, err := tx.Hearing(ctx, hearingID, LockShare)
	if err == nil && h.Status == StatusDraft {
		err = ErrNotFound
	}
	if err != nil {
		return h, time.Time{}, err
	}
	// The clock is read after the lock: a closing that held the hearing
	// first is seen, and one that comes later waits for this transaction.
	now := s.now()
	e, err := assess(ctx, tx, h, accountID, now)
	if err != nil {
		return h, now, err
	}
	if !e.Allowed {
		return h, now, &IneligibleError{Reason: e.Reason}
	}
	return h, now, nil
}

// Eligibility says whether the account may take part in the hearing now,
// and exactly why not.
func (s *Service) Eligibility(ctx context.Context, accountID, hearingID string) (Eligibility, error) {
	var e Eligibility
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, err := tx.Hearing(ctx, hearingID, LockNone)
		if err == nil && h.Status == StatusDraft {
			err = ErrNotFound
		}
		if err != nil {
			return err
		}
		e, err = assess(ctx, tx, h, accountID, s.now())
		return err
	})
	return e, err
}

// Vote records a participant's ballot: an answer to one or more of the
// hearing's questions. Each answer replaces his earlier one to the same
// question; the latest counts. It is refused with an *IneligibleError when
// he may not take part, NOT_OPEN included from the closing time on.
func (s *Service) Vote(ctx context.Context, voterID, hearingID string, ballot []Choice) ([]Vote, error) {
	if len(ballot) == 0 {
		return nil, &FieldError{"ballot", "REQUIRED", "Выберите ответ", "choose an answer"}
	}
	ballot = slices.Clone(ballot)
	// One order for every ballot: two of the same voter never wait on each
	// other's rows crosswise.
	slices.SortFunc(ballot, func(a, b Choice) int { return a.Question - b.Question })
	for i, c := range ballot {
		if !c.Option.Valid() {
			return nil, &FieldError{fmt.Sprintf("ballot[%d].option", i), "INVALID", "Ответ: за, против или воздержался", "the answer is FOR, AGAINST or ABSTAIN"}
		}
		if i > 0 && ballot[i-1].Question == c.Question {
			return nil, &FieldError{fmt.Sprintf("ballot[%d].question", i), "DUPLICATE", "Один ответ на вопрос", "one answer per question"}
		}
	}
	var votes []Vote
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, now, err := s.participant(ctx, tx, voterID, hearingID)
		if err != nil {
			return err
		}
		votes = make([]Vote, len(ballot))
		for i, c := range ballot {
			if _, ok := h.Question(c.Question); !ok {
				return &FieldError{fmt.Sprintf("ballot[%d].question", i), "UNKNOWN", "Нет такого вопроса", "no such question"}
			}
			votes[i] = Vote{HearingID: h.ID, Question: c.Question, AccountID: voterID, Option: c.Option, CastAt: now}
		}
		return tx.CastVotes(ctx, votes)
	})
	if err != nil {
		return nil, err
	}
	s.tallyChanged(ctx, hearingID)
	return votes, nil
}

// MyVotes returns the account's current answers in a hearing.
func (s *Service) MyVotes(ctx context.Context, accountID, hearingID string) ([]Vote, error) {
	var out []Vote
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Votes(ctx, hearingID, accountID)
		return err
	})
	return out, err
}

// ProposalInput is a participant's proposal or comment.
type ProposalInput struct {
	Kind        ProposalKind
	Text        string
	Attachments []Attachment
}

// Propose submits a proposal or comment to an open hearing; the organiser
// publishes or rejects it.
func (s *Service) Propose(ctx context.Context, authorID, hearingID string, in ProposalInput) (Proposal, error) {
	if in.Kind != KindProposal && in.Kind != KindComment {
		return Proposal{}, &FieldError{"kind", "INVALID", "Предложение или замечание", "a PROPOSAL or a COMMENT"}
	}
	in.Text = strings.TrimSpace(in.Text)
	if err := fieldLen("text", in.Text, 1, 5000, "Текст", "the text"); err != nil {
		return Proposal{}, err
	}
	files, err := checkFiles("attachments", in.Attachments, MaxAttachments)
	if err != nil {
		return Proposal{}, err
	}
	var p Proposal
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, now, err := s.participant(ctx, tx, authorID, hearingID)
		if err != nil {
			return err
		}
		n, err := tx.CountProposals(ctx, h.ID, authorID)
		if err != nil {
			return err
		}
		if n >= MaxProposalsPerParticipant {
			return &FieldError{"text", "TOO_MANY", fmt.Sprintf("Не больше %d предложений и замечаний от участника", MaxProposalsPerParticipant),
				fmt.Sprintf("at most %d proposals and comments per participant", MaxProposalsPerParticipant)}
		}
		p = Proposal{ID: orderedID(), HearingID: h.ID, AuthorID: authorID, Kind: in.Kind, Text: in.Text, Attachments: files,
			Status: ProposalPending, CreatedAt: now}
		return tx.AddProposal(ctx, p)
	})
	return p, err
}

// proposalOf reads a proposal with its hearing, the hearing held as lock
// says.
func proposalOf(ctx context.Context, tx Tx, id string, lock Lock) (Proposal, Hearing, error) {
	p, err := tx.Proposal(ctx, id, false)
	if err != nil {
		return p, Hearing{}, err
	}
	h, err := tx.Hearing(ctx, p.HearingID, lock)
	if err != nil {
		return p, h, err
	}
	if lock != LockNone {
		// Read again under the hearing's lock, and hold it.
		p, err = tx.Proposal(ctx, id, true)
	}
	return p, h, err
}

// Moderate publishes a pending proposal or rejects it with a reason (3 to
// 1000 characters) that the author sees. Only the organiser moderates,
// until the results are published; a decision is final. The author is
// told either way.
func (s *Service) Moderate(ctx context.Context, officerID, proposalID string, publish bool, reason string) (Proposal, error) {
	reason = strings.TrimSpace(reason)
	var p Proposal
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var h Hearing
		var err error
		if p, h, err = proposalOf(ctx, tx, proposalID, LockShare); err != nil {
			return err
		}
		if err := organiser(ctx, tx, officerID, h.Municipality); err != nil {
			return err
		}
		now := s.now()
		if h.Status == StatusResultsPublished {
			return notAllowed(h, now, "модерировать предложения")
		}
		if p.Status != ProposalPending {
			return &FieldError{"id", "MODERATED", "Решение по этому предложению уже принято", "this proposal was moderated already"}
		}
		n := notification.Notification{ID: uuid.NewString(), AccountID: p.AuthorID, Kind: "HEARINGS_PROPOSAL", Link: h.Link(), CreatedAt: now}
		// A comment is a remark on the project: it is published the same
		// way but not supported, and the author is told which it was.
		whatRu, whatEn, afterRu, afterEn := "предложение", "proposal", ", другие участники могут его поддержать", "; other participants may support it"
		if p.Kind == KindComment {
			whatRu, whatEn, afterRu, afterEn = "замечание", "comment", "", ""
		}
		if publish {
			p.Status = ProposalPublished
			n.TitleRu, n.TitleEn = "Ваше "+whatRu+" опубликовано", "Your "+whatEn+" is published"
			n.BodyRu = "Публичные слушания «" + h.Title + "»: " + whatRu + " опубликовано" + afterRu + "."
			n.BodyEn = "Public hearing \"" + h.Title + "\": your " + whatEn + " is published" + afterEn + "."
		} else {
			if err := fieldLen("reason", reason, 3, 1000, "Причина отказа", "the reason of the rejection"); err != nil {
				return err
			}
			p.Status, p.RejectReason = ProposalRejected, reason
			n.TitleRu, n.TitleEn = "Ваше "+whatRu+" отклонено", "Your "+whatEn+" is rejected"
			n.BodyRu = "Публичные слушания «" + h.Title + "»: " + whatRu + " не опубликовано. Причина: " + reason
			n.BodyEn = "Public hearing \"" + h.Title + "\": your " + whatEn + " is not published. Reason: " + reason
		}
		p.ModeratedBy, p.ModeratedAt = officerID, now
		if err := tx.UpdateProposal(ctx, p); err != nil {
			return err
		}
		return notify(ctx, tx, n)
	})
	return p, err
}

// Support adds the participant's support to another participant's
// published proposal, once, while the hearing is open.
func (s *Service) Support(ctx context.Context, accountID, proposalID string) (Proposal, error) {
	var p Proposal
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if p, err = tx.Proposal(ctx, proposalID, false); err != nil {
			return err
		}
		if p.Status != ProposalPublished {
			return ErrNotFound // not visible to him
		}
		_, now, err := s.participant(ctx, tx, accountID, p.HearingID)
		if err != nil {
			return err
		}
		if p.Kind != KindProposal {
			return &FieldError{"id", "NOT_PROPOSAL", "Поддержать можно предложение, а не замечание", "a proposal can be supported, a comment cannot"}
		}
		if p.AuthorID == accountID {
			return &FieldError{"id", "OWN_PROPOSAL", "Своё предложение поддержать нельзя", "you cannot support your own proposal"}
		}
		ok, err := tx.AddSupport(ctx, p.ID, accountID, now)
		if err != nil {
			return err
		}
		if !ok {
			return &FieldError{"id", "ALREADY_SUPPORTED", "Вы уже поддержали это предложение", "you supported this proposal already"}
		}
		p.Supports++
		p.SupportedByViewer = true
		p.AuthorID = ""
		return nil
	})
	return p, err
}

// Recommendation is the organiser's reasoned view of a proposal.
type Recommendation struct {
	Verdict Verdict
	// Reasoning is why, 10 to 5000 characters.
	Reasoning string
}

// Recommend gives the organiser's recommendation on a published proposal
// or comment; it may be revised until the results are published.
func (s *Service) Recommend(ctx context.Context, officerID, proposalID string, r Recommendation) (Proposal, error) {
	r.Reasoning = strings.TrimSpace(r.Reasoning)
	if r.Verdict != VerdictAdvisable && r.Verdict != VerdictNotAdvisable {
		return Proposal{}, &FieldError{"verdict", "INVALID", "Учесть целесообразно или нецелесообразно", "ADVISABLE or NOT_ADVISABLE"}
	}
	if err := fieldLen("reasoning", r.Reasoning, 10, 5000, "Обоснование рекомендации", "the reasoning"); err != nil {
		return Proposal{}, err
	}
	var p Proposal
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var h Hearing
		var err error
		if p, h, err = proposalOf(ctx, tx, proposalID, LockShare); err != nil {
			return err
		}
		if err := organiser(ctx, tx, officerID, h.Municipality); err != nil {
			return err
		}
		if h.Status == StatusResultsPublished {
			return notAllowed(h, s.now(), "менять рекомендации")
		}
		if p.Status != ProposalPublished {
			return &FieldError{"id", "NOT_PUBLISHED", "Рекомендация даётся по опубликованному предложению", "a recommendation is given on a published proposal"}
		}
		p.Verdict, p.VerdictNote = r.Verdict, r.Reasoning
		return tx.UpdateProposal(ctx, p)
	})
	return p, err
}
