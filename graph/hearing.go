package graph

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
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
		Description: in.Description, Questions: in.Questions, Territory: hearing.Territory{Description: in.Territory, Quarters: in.TerritoryQuarters}, Organiser: in.Organiser,
		Dates: hearing.Dates{OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, MeetingAt: deref(in.MeetingAt), MeetingPlace: deref(in.MeetingPlace)}}
	files, ue, err := r.storeHearingFiles(ctx, "materials", "hearings/materials/", in.Materials)
	if ue != nil || err != nil {
		return &model.HearingPayload{UserErrors: ue}, err
	}
	d.Materials = files
	h, err := r.Hearings.Create(ctx, p.AccountID, d)
	if err != nil {
		r.dropHearingFiles(ctx, files)
	}
	return hearingPayload(ctx, h, err)
}

// storeHearingFiles checks uploads by their content, as the duplicates'
// scans are (PDF, JPEG or PNG whatever their names say, 10 MB and 50
// pages each), and keeps them in the blob store under prefix. A file the
// user must replace comes back as a user error naming it (field.N).
func (r *Resolver) storeHearingFiles(ctx context.Context, field, prefix string, uploads []graphql.Upload) ([]hearing.Attachment, []model.UserError, error) {
	var out []hearing.Attachment
	for i, u := range uploads {
		name := fmt.Sprintf("%s.%d", field, i)
		up, err := readUpload(name, u)
		var ct string
		if err == nil {
			ct, _, err = duplicate.CheckFile(name, up.Name, up.Data)
		}
		var fe *duplicate.FieldError
		if errors.As(err, &fe) {
			r.dropHearingFiles(ctx, out)
			return nil, []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}, nil
		}
		if err != nil {
			r.dropHearingFiles(ctx, out)
			return nil, nil, err
		}
		key := prefix + uuid.NewString() + duplicate.Extension(ct)
		info, err := r.Blobs.Put(ctx, key, bytes.NewReader(up.Data), ct)
		if err != nil {
			r.dropHearingFiles(ctx, out)
			return nil, nil, err
		}
		out = append(out, hearing.Attachment{Name: up.Name, Key: key, ContentType: ct, Size: info.Size, SHA256: info.SHA256})
	}
	return out, nil, nil
}

// dropHearingFiles removes files stored for a change that did not happen
// (refused, or failed): nothing refers to them. A file left behind is only
// storage, so a failure is not the user's error.
func (r *Resolver) dropHearingFiles(ctx context.Context, files []hearing.Attachment) {
	for _, f := range files {
		_ = r.Blobs.Delete(context.WithoutCancel(ctx), f.Key)
	}
}

// signFileURL is the link to a stored file through GET /files.
func (r *Resolver) signFileURL(key string, expires time.Time) string {
	return "/files?" + r.FileURLs.Sign(key, expires)
}

func (r *Resolver) proposeInHearing(ctx context.Context, in model.ProposeInHearingInput) (*model.ProposalPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	files, ue, err := r.storeHearingFiles(ctx, "attachments", "hearings/attachments/", in.Attachments)
	if ue != nil || err != nil {
		return &model.ProposalPayload{UserErrors: ue}, err
	}
	prop, err := r.Hearings.Propose(ctx, p.AccountID, in.HearingID, hearing.ProposalInput{Kind: in.Kind, Text: in.Text, Attachments: files})
	if err != nil {
		r.dropHearingFiles(ctx, files)
	}
	return proposalPayload(ctx, prop, err)
}

// hearingStages gives the stages read with the hearing, or reads them for
// a hearing a mutation returned.
func (r *Resolver) hearingStages(ctx context.Context, h *hearing.Hearing) ([]hearing.Stage, error) {
	if h.Stages != nil {
		return h.Stages, nil
	}
	return r.Hearings.Stages(ctx, viewer(ctx), h.ID)
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
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

func (r *Resolver) hearings(ctx context.Context, oktmo *string, status *hearing.Status, subject *hearing.Subject, first *int, after *string) (*model.HearingConnection, error) {
	f := hearing.Filter{Municipality: deref(oktmo), Status: deref(status), Subject: deref(subject)}
	cur, err := parseHearingCursor(after)
	if err != nil {
		return nil, err
	}
	p, err := r.Hearings.List(ctx, viewer(ctx), f, cur, deref(first))
	if err != nil {
		_, err = hearingErr(ctx, err)
		return nil, toHearingUserError(err)
	}
	c := &model.HearingConnection{Edges: make([]model.HearingEdge, len(p.Hearings)), TotalCount: p.Total,
		PageInfo: &model.PageInfo{HasPreviousPage: cur != nil, HasNextPage: p.More}}
	for i := range p.Hearings {
		c.Edges[i] = model.HearingEdge{Cursor: hearingCursor(hearing.CursorOf(p.Hearings[i])), Node: &p.Hearings[i]}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

// hearingCursor is an opaque cursor after a hearing: its opening (Unix
// nanoseconds) and id.
func hearingCursor(c hearing.Cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte("h:" + strconv.FormatInt(c.OpensAt.UnixNano(), 10) + ":" + c.ID))
}

func parseHearingCursor(after *string) (*hearing.Cursor, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	if b, err := base64.RawURLEncoding.DecodeString(*after); err == nil {
		if rest, ok := strings.CutPrefix(string(b), "h:"); ok {
			if ns, id, ok := strings.Cut(rest, ":"); ok && id != "" {
				if n, err := strconv.ParseInt(ns, 10, 64); err == nil {
					return &hearing.Cursor{OpensAt: time.Unix(0, n).UTC(), ID: id}, nil
				}
			}
		}
	}
	return nil, &userError{field: "after", code: "BAD_CURSOR", ru: "Неверный курсор: используйте endCursor из предыдущей страницы", en: "bad cursor: pass the endCursor of the previous page"}
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

func (r *Resolver) hearingProposals(ctx context.Context, id string, kind *hearing.ProposalKind) ([]hearing.Proposal, error) {
	out, _, err := r.Hearings.Proposals(ctx, viewer(ctx), id, hearing.ProposalFilter{Kind: deref(kind)}, 0, 100)
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
	return watch(ctx, signals, func(ctx context.Context) (*hearing.Tally, error) {
		t, err := r.Hearings.Tally(ctx, who, id)
		if err != nil {
			return nil, err // not visible yet (before closing): wait for the next change
		}
		return &t, nil
	}), nil
}

func (r *Resolver) recordLandRight(ctx context.Context, in model.LandRightInput) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	// The holder by account or by SNILS: the service insists on exactly
	// one, and an empty accountId counts as none, as forms send it.
	li := hearing.LandRightInput{SNILS: deref(in.Snils), Municipality: in.MunicipalityOktmo, Kind: in.Kind,
		Cadastral: in.CadastralNumber, RegistryRecord: in.RegistryRecord}
	if id := strings.TrimSpace(deref(in.AccountID)); id != "" {
		if li.AccountID, err = parseAccountID(id); err != nil {
			return nil, err
		}
	}
	_, err = r.Hearings.RecordLandRight(ctx, p.AccountID, li)
	if err != nil {
		ue, err := hearingErr(ctx, err)
		return &model.OkPayload{UserErrors: ue}, err
	}
	return &model.OkPayload{Ok: true, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) hearingParticipants(ctx context.Context, id string, first *int, after *string) (*model.HearingParticipantConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	// Offsets suffice here: the list is the organiser's, by name, and
	// grows only while the hearing is open.
	offset, err := parseCursor(after)
	if err != nil {
		return nil, err
	}
	items, total, err := r.Hearings.Participants(ctx, p.AccountID, id, offset, deref(first))
	if err != nil {
		_, err = hearingErr(ctx, err)
		return nil, err
	}
	c := &model.HearingParticipantConnection{Edges: make([]model.HearingParticipantEdge, len(items)), TotalCount: total,
		PageInfo: &model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: offset+len(items) < total}}
	for i := range items {
		c.Edges[i] = model.HearingParticipantEdge{Cursor: offsetCursor(offset + i), Node: &items[i]}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

// hearingProtocol is the published protocol, public like the results.
func (r *Resolver) hearingProtocol(ctx context.Context, h *hearing.Hearing) (*hearing.ProtocolDocument, error) {
	if h.ProtocolID == "" {
		return nil, nil
	}
	d, err := r.Hearings.Protocol(ctx, h.ID)
	if errors.Is(err, hearing.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// hearingMyVotes are the signed-in citizen's own answers, so a ballot
// opened again shows what counts.
func (r *Resolver) hearingMyVotes(ctx context.Context, h *hearing.Hearing) ([]hearing.Vote, error) {
	id := viewer(ctx)
	if id == "" {
		return []hearing.Vote{}, nil
	}
	votes, err := r.Hearings.MyVotes(ctx, id, h.ID)
	if votes == nil && err == nil {
		votes = []hearing.Vote{}
	}
	return votes, err
}
