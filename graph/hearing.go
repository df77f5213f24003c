package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/hearing"
)

// viewer is the signed-in account, or "" for the public.
func viewer(ctx context.Context) string {
	p, err := Principal(ctx)
	if err != nil {
		return ""
	}
	return p.AccountID
}

// hearingErr turns a hearing error into user errors (what the user can
// fix, or why he may not take part) or the request's error.
func hearingErr(ctx context.Context, err error) ([]model.UserError, error) {
	var fe *hearing.FieldError
	var ie *hearing.IneligibleError
	lang := Lang(ctx)
	switch {
	case errors.As(err, &fe):
		return []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(lang, fe.Ru, fe.En)}}, nil
	case errors.As(err, &ie):
		return []model.UserError{{Field: "id", Code: string(ie.Reason), Message: pickLang(lang, ie.Reason.Ru(), ie.Reason.En())}}, nil
	case errors.Is(err, hearing.ErrNotFound):
		return nil, account.ErrNotFound
	case errors.Is(err, hearing.ErrNotOrganiser):
		return nil, &account.ForbiddenError{NeedRole: account.RoleMunicipalOfficer}
	}
	return nil, err
}

func hearingPayload(ctx context.Context, h hearing.Hearing, err error) (*model.HearingPayload, error) {
	if err != nil {
		ue, err := hearingErr(ctx, err)
		return &model.HearingPayload{UserErrors: ue}, err
	}
	return &model.HearingPayload{Hearing: &h, UserErrors: []model.UserError{}}, nil
}

func proposalPayload(ctx context.Context, p hearing.Proposal, err error) (*model.ProposalPayload, error) {
	if err != nil {
		ue, err := hearingErr(ctx, err)
		return &model.ProposalPayload{UserErrors: ue}, err
	}
	return &model.ProposalPayload{Proposal: &p, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) createHearing(ctx context.Context, in model.HearingInput) (*model.HearingPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	d := hearing.Draft{Municipality: in.MunicipalityOktmo, Title: in.Title, Subject: in.Subject, SubjectDetail: deref(in.SubjectDetail),
		Description: in.Description, Questions: in.Questions, Territory: hearing.Territory{Description: in.Territory}, Organiser: in.Organiser,
		Dates: hearing.Dates{OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, MeetingAt: deref(in.MeetingAt), MeetingPlace: deref(in.MeetingPlace)}}
	// The materials are checked by their content and kept in the blob store.
	for i, u := range in.Materials {
		up, err := readUpload(fmt.Sprintf("materials.%d", i), u)
		var ct string
		if err == nil {
			ct, _, err = duplicate.CheckFile(fmt.Sprintf("materials.%d", i), up.Name, up.Data)
		}
		var fe *duplicate.FieldError
		if errors.As(err, &fe) {
			return &model.HearingPayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
		}
		if err != nil {
			return nil, err
		}
		key := "hearings/materials/" + uuid.NewString() + duplicate.Extension(ct)
		info, err := r.Blobs.Put(ctx, key, bytes.NewReader(up.Data), ct)
		if err != nil {
			return nil, err
		}
		d.Materials = append(d.Materials, hearing.Attachment{Name: up.Name, Key: key, ContentType: ct, Size: info.Size})
	}
	h, err := r.Hearings.Create(ctx, p.AccountID, d)
	return hearingPayload(ctx, h, err)
}

func (r *Resolver) officerHearing(ctx context.Context, f func(officer string) (hearing.Hearing, error)) (*model.HearingPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	h, err := f(p.AccountID)
	return hearingPayload(ctx, h, err)
}

func (r *Resolver) voteInHearing(ctx context.Context, id string, choices []model.VoteChoice) (*model.VotePayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	ballot := make([]hearing.Choice, len(choices))
	for i, c := range choices {
		ballot[i] = hearing.Choice{Question: c.Question, Option: c.Option}
	}
	if _, err := r.Hearings.Vote(ctx, p.AccountID, id, ballot); err != nil {
		ue, err := hearingErr(ctx, err)
		return &model.VotePayload{UserErrors: ue}, err
	}
	return &model.VotePayload{Ok: true, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) hearings(ctx context.Context, oktmo *string, status *hearing.Status, subject *hearing.Subject, first, offset *int) ([]hearing.Hearing, error) {
	f := hearing.Filter{Municipality: deref(oktmo), Status: deref(status), Subject: deref(subject)}
	limit := deref(first)
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	out, _, err := r.Hearings.List(ctx, viewer(ctx), f, max(deref(offset), 0), limit)
	if err != nil {
		_, err = hearingErr(ctx, err)
	}
	return out, err
}

func (r *Resolver) hearing(ctx context.Context, id string) (*hearing.Hearing, error) {
	h, err := r.Hearings.Get(ctx, viewer(ctx), id)
	if errors.Is(err, hearing.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &h, nil
}

func (r *Resolver) hearingTally(ctx context.Context, id string) (*hearing.Tally, error) {
	t, err := r.Hearings.Tally(ctx, viewer(ctx), id)
	if err != nil {
		_, err = hearingErr(ctx, err)
		return nil, toHearingUserError(err)
	}
	return &t, nil
}

// toHearingUserError shows a hearing field error as the request's error.
func toHearingUserError(err error) error {
	var fe *hearing.FieldError
	if errors.As(err, &fe) {
		return &userError{field: fe.Field, code: fe.Code, ru: fe.Ru, en: fe.En}
	}
	return err
}

func (r *Resolver) hearingProposals(ctx context.Context, id string) ([]hearing.Proposal, error) {
	out, _, err := r.Hearings.Proposals(ctx, viewer(ctx), id, hearing.ProposalFilter{}, 0, 100)
	if err != nil {
		_, err = hearingErr(ctx, err)
	}
	return out, err
}

func (r *Resolver) myHearings(ctx context.Context) ([]hearing.Hearing, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	out, _, err := r.Hearings.Mine(ctx, p.AccountID, 0, 100)
	return out, err
}

func (r *Resolver) hearingEligibility(ctx context.Context, id string) (*model.HearingEligibility, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := r.Hearings.Eligibility(ctx, p.AccountID, id)
	if err != nil {
		_, err = hearingErr(ctx, err)
		return nil, err
	}
	out := &model.HearingEligibility{Allowed: e.Allowed}
	if !e.Allowed {
		out.Reason = optional(string(e.Reason))
		out.Message = optional(pickLang(Lang(ctx), e.Reason.Ru(), e.Reason.En()))
	}
	return out, nil
}

func timePtr(t time.Time) *time.Time { return &t }

// TallyFeed signals changes of a hearing's tally across API processes.
type TallyFeed interface {
	SubscribeTally(ctx context.Context, hearingID string) <-chan string
}

// tallySubscription sends the tally now (when the viewer may see it) and
// after every change, until the client leaves.
func (r *Resolver) tallySubscription(ctx context.Context, id string) (<-chan *hearing.Tally, error) {
	who := viewer(ctx)
	if _, err := r.Hearings.Get(ctx, who, id); err != nil {
		_, err = hearingErr(ctx, err)
		return nil, err
	}
	signals := r.Tallies.SubscribeTally(ctx, id)
	out := make(chan *hearing.Tally, 1)
	go func() {
		defer close(out)
		send := func() bool {
			t, err := r.Hearings.Tally(ctx, who, id)
			if err != nil {
				return true // not visible yet (before closing): wait for the next change
			}
			select {
			case out <- &t:
				return true
			case <-ctx.Done():
				return false
			}
		}
		if !send() {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-signals:
				if !ok || !send() {
					return
				}
			}
		}
	}()
	return out, nil
}

func (r *Resolver) recordLandRight(ctx context.Context, in model.LandRightInput) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseAccountID(in.AccountID)
	if err != nil {
		return nil, err
	}
	_, err = r.Hearings.RecordLandRight(ctx, p.AccountID, hearing.LandRightInput{AccountID: id, Municipality: in.MunicipalityOktmo,
		Kind: in.Kind, Cadastral: in.CadastralNumber, RegistryRecord: in.RegistryRecord})
	if err != nil {
		ue, err := hearingErr(ctx, err)
		return &model.OkPayload{UserErrors: ue}, err
	}
	return &model.OkPayload{Ok: true, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) hearingParticipants(ctx context.Context, id string, first, offset *int) ([]hearing.Participant, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	limit := deref(first)
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	out, _, err := r.Hearings.Participants(ctx, p.AccountID, id, max(deref(offset), 0), limit)
	if err != nil {
		_, err = hearingErr(ctx, err)
	}
	return out, err
}
