package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/document"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/hearing"
)

// The staff workspaces: what officers see of applications, the service
// centres' duplicates and results, the municipal officers' hearings and
// the administrators' look-ups of accounts and roles.

// keysetCursor is an opaque cursor after an item of a list ordered by a
// time and then by keys: base64url of a JSON object with the list's kind,
// so a cursor of one list is refused by another.
type keysetCursor struct {
	Kind string    `json:"k"`
	At   time.Time `json:"t"`
	Keys []string  `json:"i"`
}

func (c keysetCursor) String() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

var errBadCursor = &userError{field: "after", code: "BAD_CURSOR", ru: "Неверный курсор: используйте endCursor из предыдущей страницы",
	en: "bad cursor: pass the endCursor of the previous page"}

// parseKeyset decodes a cursor of the kind with n keys; nil when none.
func parseKeyset(after *string, kind string, n int) (*keysetCursor, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	var c keysetCursor
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err != nil || json.Unmarshal(b, &c) != nil || c.Kind != kind || len(c.Keys) != n || c.At.IsZero() {
		return nil, errBadCursor
	}
	c.At = c.At.UTC()
	return &c, nil
}

func keysetPageInfo(hasPrevious, hasNext bool) *model.PageInfo {
	return &model.PageInfo{HasPreviousPage: hasPrevious, HasNextPage: hasNext}
}

// ---- Applications as officers see them ----

func (r *Resolver) applicationServiceName(ctx context.Context, app *application.Application) (string, error) {
	n, err := r.staffLoaders(ctx).ServiceNames.Load(ctx, app.ServiceCode)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return app.ServiceCode, nil
	}
	if err != nil {
		return "", err
	}
	return pickLang(Lang(ctx), n.Ru, n.En), nil
}

func (r *Resolver) applicationApplicantName(ctx context.Context, app *application.Application) (*string, error) {
	v, err := r.applicationViewer(ctx)
	if err != nil {
		return nil, err
	}
	if !v.SeesApplicant(app.AccountID, app.DepartmentCode) {
		return nil, nil
	}
	name, err := r.staffLoaders(ctx).AccountNames.Load(ctx, app.AccountID)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return optional(application.ApplicantName(v, *app, name)), nil
}

func (r *Resolver) applicationDocumentURL(ctx context.Context, a *application.Attachment) (*string, error) {
	if a.BlobKey == "" {
		return nil, nil
	}
	v, err := r.applicationViewer(ctx)
	if err != nil {
		return nil, err
	}
	return optional(r.Applications.FileLink(v, *a, r.signFileURL)), nil
}

// moveApplicationWithResult is moveApplication with the officer's file of
// the result on completion.
func (r *Resolver) moveApplicationWithResult(ctx context.Context, in model.MoveApplicationInput) (*model.ApplicationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	var file *duplicate.Upload
	if in.Result != nil {
		up, err := readUpload("result", *in.Result)
		if err != nil {
			return applicationPayload(ctx, application.Application{}, asApplicationErr(err))
		}
		file = &up
	}
	app, err := r.Applications.MoveWithResult(ctx, application.Officer{AccountID: p.AccountID}, in.ID, in.To, deref(in.Comment), file)
	return applicationPayload(ctx, app, err)
}

// resultFiles are the files of the citizen's result document, behind
// short-lived links.
func (r *Resolver) resultFiles(ctx context.Context, d *document.Document) ([]model.DocumentFile, error) {
	out := []model.DocumentFile{}
	if d.Kind != document.KindApplicationResult || d.AccountID != viewer(ctx) {
		return out, nil
	}
	links, err := r.Applications.ResultLinks(d.Data, r.signFileURL)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		out = append(out, model.DocumentFile{Role: duplicate.FileMain, ContentType: l.ContentType, Size: int(l.Size), Pages: l.Pages,
			Sha256: l.SHA256, URL: l.URL})
	}
	return out, nil
}

// ---- The service centres ----

func operatorErr(err error) error {
	switch {
	case errors.Is(err, application.ErrNotOperator), errors.Is(err, application.ErrNotYourCentre), errors.Is(err, duplicate.ErrNotOperator):
		return &account.ForbiddenError{NeedRole: account.RoleOperator}
	case errors.Is(err, application.ErrNotFound):
		return account.ErrNotFound
	}
	return err
}

func (r *Resolver) centreDuplicates(ctx context.Context, first *int, after *string) (*model.CentreDuplicateConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := parseKeyset(after, "centreDuplicates", 1)
	if err != nil {
		return nil, err
	}
	var from *duplicate.CentreCursor
	if cur != nil {
		from = &duplicate.CentreCursor{MadeAt: cur.At, ID: cur.Keys[0]}
	}
	page, err := r.Duplicates.CentreDuplicates(ctx, p.AccountID, from, deref(first))
	if err != nil {
		return nil, operatorErr(err)
	}
	lang := Lang(ctx)
	c := &model.CentreDuplicateConnection{Edges: make([]model.CentreDuplicateEdge, len(page.Entries)), TotalCount: page.Total}
	for i, e := range page.Entries {
		title := e.Type
		if t, ok := duplicate.TypeByCode(e.Type); ok {
			title = pickLang(lang, t.Ru, t.En)
		}
		next := e.Cursor()
		c.Edges[i] = model.CentreDuplicateEdge{
			Cursor: keysetCursor{Kind: "centreDuplicates", At: next.MadeAt, Keys: []string{next.ID}}.String(),
			Node: &model.CentreDuplicate{DocumentID: e.ID, DocumentType: e.Type, Title: title, Citizen: e.Citizen,
				OperatorID: globalID(typeAccount, e.OperatorID), MadeAt: e.MadeAt, Revoked: e.Revoked},
		}
	}
	c.PageInfo = keysetPageInfo(cur != nil, page.More)
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

func centreResultModel(ctx context.Context, res application.CentreResult) *model.CentreResult {
	app := res.Application
	return &model.CentreResult{Application: &app, ServiceName: pickLang(Lang(ctx), res.Service.Ru, res.Service.En), Citizen: res.Citizen,
		CompletedAt: app.CompletedAt, HandedOutAt: optionalTime(app.HandedOutAt)}
}

func (r *Resolver) centreResults(ctx context.Context, handedOut *bool, first *int, after *string) (*model.CentreResultConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	out := deref(handedOut)
	kind := "centreResults:waiting"
	if out {
		kind = "centreResults:handedOut"
	}
	cur, err := parseKeyset(after, kind, 1)
	if err != nil {
		return nil, err
	}
	var from *application.CentreCursor
	if cur != nil {
		from = &application.CentreCursor{At: cur.At, ID: cur.Keys[0]}
	}
	page, err := r.Applications.CentreResults(ctx, p.AccountID, out, from, deref(first))
	if err != nil {
		return nil, operatorErr(err)
	}
	c := &model.CentreResultConnection{Edges: make([]model.CentreResultEdge, len(page.Results)), TotalCount: page.Total}
	for i, res := range page.Results {
		next := res.Cursor(out)
		c.Edges[i] = model.CentreResultEdge{Cursor: keysetCursor{Kind: kind, At: next.At, Keys: []string{next.ID}}.String(),
			Node: centreResultModel(ctx, res)}
	}
	c.PageInfo = keysetPageInfo(cur != nil, page.More)
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

func (r *Resolver) handOutResult(ctx context.Context, in model.HandOutResultInput) (*model.HandOutResultPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	res, err := r.Applications.HandOut(ctx, p.AccountID, in.ID, deref(in.DocumentSeries), in.DocumentNumber)
	var fe *application.FieldError
	switch {
	case errors.As(err, &fe):
		return &model.HandOutResultPayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
	case err != nil:
		return nil, operatorErr(err)
	}
	return &model.HandOutResultPayload{Result: centreResultModel(ctx, res), UserErrors: []model.UserError{}}, nil
}

// ---- The municipal officers' hearings ----

func (r *Resolver) updateHearing(ctx context.Context, id string, in model.HearingInput) (*model.HearingPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	d := hearing.Draft{Municipality: in.MunicipalityOktmo, Title: in.Title, Subject: in.Subject, SubjectDetail: deref(in.SubjectDetail),
		Description: in.Description, Questions: in.Questions, Territory: hearing.Territory{Description: in.Territory, Quarters: in.TerritoryQuarters},
		Organiser: in.Organiser, Dates: hearing.Dates{OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, MeetingAt: deref(in.MeetingAt), MeetingPlace: deref(in.MeetingPlace)}}
	// Materials given replace the old ones; none keep them (nil).
	files, ue, err := r.storeHearingFiles(ctx, "materials", "hearings/materials/", in.Materials)
	if ue != nil || err != nil {
		return &model.HearingPayload{UserErrors: ue}, err
	}
	d.Materials = files
	var old []hearing.Attachment
	if len(files) > 0 {
		if cur, err := r.Hearings.Get(ctx, p.AccountID, id); err == nil {
			old = cur.Materials
		}
	}
	h, err := r.Hearings.UpdateDraft(ctx, p.AccountID, id, d)
	if err != nil {
		r.dropHearingFiles(ctx, files)
		return hearingPayload(ctx, h, err)
	}
	// The replaced files belong to nothing now.
	var gone []hearing.Attachment
	for _, f := range old {
		kept := false
		for _, n := range h.Materials {
			kept = kept || n.Key == f.Key
		}
		if !kept {
			gone = append(gone, f)
		}
	}
	r.dropHearingFiles(ctx, gone)
	return hearingPayload(ctx, h, nil)
}

func (r *Resolver) organisedHearings(ctx context.Context, status *hearing.Status, first *int, after *string) (*model.HearingConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := parseHearingCursor(after)
	if err != nil {
		return nil, err
	}
	pg, err := r.Hearings.Organised(ctx, p.AccountID, deref(status), cur, deref(first))
	if err != nil {
		_, err = hearingErr(ctx, err)
		return nil, toHearingUserError(err)
	}
	c := &model.HearingConnection{Edges: make([]model.HearingEdge, len(pg.Hearings)), TotalCount: pg.Total,
		PageInfo: &model.PageInfo{HasPreviousPage: cur != nil, HasNextPage: pg.More}}
	for i := range pg.Hearings {
		c.Edges[i] = model.HearingEdge{Cursor: hearingCursor(hearing.CursorOf(pg.Hearings[i])), Node: &pg.Hearings[i]}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

// ---- The administrators' look-ups ----

func staffAccountModel(v account.StaffView) model.StaffAccount {
	return model.StaffAccount{ID: globalID(typeAccount, v.ID), LastName: v.LastName, FirstName: v.FirstName, Patronymic: optional(v.Patronymic),
		MaskedPhone: optional(v.MaskedPhone), MaskedEmail: optional(v.MaskedEmail), Tier: v.Tier, RoleGrants: v.Grants}
}

func (r *Resolver) findAccounts(ctx context.Context, query string) ([]model.StaffAccount, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	vs, err := r.Accounts.FindAccounts(ctx, p, query, Client(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]model.StaffAccount, len(vs))
	for i, v := range vs {
		out[i] = staffAccountModel(v)
	}
	return out, nil
}

func (r *Resolver) roleHolders(ctx context.Context, role *account.Role, scope *string, first *int, after *string) (*model.RoleHolderConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := parseKeyset(after, "roleHolders", 3)
	if err != nil {
		return nil, err
	}
	q := account.HolderQuery{Role: deref(role), Scope: deref(scope)}
	if cur != nil {
		q.After = &account.HolderCursor{GrantedAt: cur.At, AccountID: cur.Keys[0], Role: account.Role(cur.Keys[1]), Scope: cur.Keys[2]}
	}
	page, err := r.Accounts.RoleHolders(ctx, p, q, deref(first))
	if err != nil {
		return nil, err
	}
	c := &model.RoleHolderConnection{Edges: make([]model.RoleHolderEdge, len(page.Holders)), TotalCount: page.Total}
	for i, h := range page.Holders {
		next := h.Cursor()
		acc := staffAccountModel(h.Account)
		grant := h.Grant
		c.Edges[i] = model.RoleHolderEdge{
			Cursor: keysetCursor{Kind: "roleHolders", At: next.GrantedAt, Keys: []string{next.AccountID, string(next.Role), next.Scope}}.String(),
			Node:   &model.RoleHolder{Account: &acc, Grant: &grant},
		}
	}
	c.PageInfo = keysetPageInfo(cur != nil, page.More)
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}
