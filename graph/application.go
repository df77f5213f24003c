package graph

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/graph/model"
)

func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// parseFields reads a JSON object typed by the app.
func parseFields(s *string) (map[string]any, error) {
	if s == nil || *s == "" {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(*s), &m); err != nil {
		return nil, &application.FieldError{Field: "fields", Code: "INVALID_JSON", Ru: "Поля передайте JSON-объектом", En: "pass the fields as a JSON object"}
	}
	return m, nil
}

// applicationPayload turns a service answer into the payload: field errors
// to userErrors, another department's or citizen's application to
// NOT_FOUND or FORBIDDEN.
func applicationPayload(ctx context.Context, app application.Application, err error) (*model.ApplicationPayload, error) {
	var fe *application.FieldError
	switch {
	case errors.As(err, &fe):
		return &model.ApplicationPayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
	case errors.Is(err, application.ErrNotFound):
		return nil, account.ErrNotFound
	case errors.Is(err, application.ErrNotYourDepartment):
		return nil, &account.ForbiddenError{NeedRole: account.RoleOfficer}
	case err != nil:
		return nil, err
	}
	return &model.ApplicationPayload{Application: &app, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) saveApplicationDraft(ctx context.Context, in model.ApplicationDraftInput) (*model.ApplicationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	fields, err := parseFields(in.Fields)
	if err != nil {
		return applicationPayload(ctx, application.Application{}, err)
	}
	d := application.Draft{ID: deref(in.ID), ServiceCode: deref(in.ServiceCode), ApplicantID: deref(in.ApplicantID),
		BranchCode: deref(in.BranchCode), Fields: fields}
	if in.Applicant != nil {
		d.Applicant = *in.Applicant
	}
	app, err := r.Applications.SaveDraft(ctx, p.AccountID, d)
	return applicationPayload(ctx, app, err)
}

func (r *Resolver) submitApplication(ctx context.Context, in model.SubmitApplicationInput) (*model.ApplicationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	app, err := r.Applications.Submit(ctx, p.AccountID, p.Tier, in.DraftID, in.IdempotencyKey)
	return applicationPayload(ctx, app, err)
}

func (r *Resolver) withdrawApplication(ctx context.Context, id, comment string) (*model.ApplicationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	app, err := r.Applications.Withdraw(ctx, p.AccountID, id, comment)
	return applicationPayload(ctx, app, err)
}

func (r *Resolver) respondToApplication(ctx context.Context, in model.RespondToApplicationInput) (*model.ApplicationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	fields, err := parseFields(in.Fields)
	if err != nil {
		return applicationPayload(ctx, application.Application{}, err)
	}
	app, err := r.Applications.Respond(ctx, p.AccountID, in.ID, deref(in.Comment), fields)
	return applicationPayload(ctx, app, err)
}

func (r *Resolver) rateApplication(ctx context.Context, in model.RateApplicationInput) (*model.RatePayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	_, err = r.Applications.Rate(ctx, p.AccountID, in.ID, in.Score, deref(in.Comment))
	var fe *application.FieldError
	switch {
	case errors.As(err, &fe):
		return &model.RatePayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
	case errors.Is(err, application.ErrNotFound):
		return nil, account.ErrNotFound
	case err != nil:
		return nil, err
	}
	return &model.RatePayload{Ok: true, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) applicationForm(code string) *application.Form {
	f, ok := r.Applications.Form(code)
	if !ok {
		return nil
	}
	return f
}

func (r *Resolver) myApplications(ctx context.Context) ([]application.Application, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Applications.Mine(ctx, p.AccountID)
}

func (r *Resolver) application(ctx context.Context, id string) (*application.Application, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	app, err := r.Applications.Get(ctx, p.AccountID, id)
	if errors.Is(err, application.ErrNotFound) {
		return nil, account.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &app, nil
}

func (r *Resolver) departmentApplications(ctx context.Context, status *application.Status, service *string, first, offset *int) (*model.DepartmentQueue, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	limit := deref(first)
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	f := application.Filter{Service: deref(service)}
	if status != nil {
		f.Status = *status
	}
	q, err := r.Applications.DepartmentQueue(ctx, application.Officer{AccountID: p.AccountID}, f, max(deref(offset), 0), limit)
	if errors.Is(err, application.ErrNotYourDepartment) {
		return nil, &account.ForbiddenError{NeedRole: account.RoleOfficer}
	}
	if err != nil {
		return nil, err
	}
	out := &model.DepartmentQueue{Applications: q.Applications, TotalCount: q.Total}
	for _, st := range []application.Status{application.StatusSubmitted, application.StatusRegistered, application.StatusInProgress,
		application.StatusAwaitingCitizen, application.StatusCompleted, application.StatusRejected, application.StatusWithdrawn} {
		out.Counts = append(out.Counts, model.StageCount{Status: st, Count: q.Counts[st]})
	}
	return out, nil
}

func (r *Resolver) recordApplication(ctx context.Context, in model.RecordApplicationInput) (*model.ApplicationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseAccountID(in.AccountID)
	if err != nil {
		return nil, err
	}
	fields, err := parseFields(in.Fields)
	if err != nil {
		return applicationPayload(ctx, application.Application{}, err)
	}
	app, err := r.Applications.Record(ctx, p.AccountID, application.Recorded{AccountID: id, ServiceCode: in.ServiceCode,
		Channel: in.Channel, BranchCode: deref(in.BranchCode), Fields: fields})
	return applicationPayload(ctx, app, err)
}

func (r *Resolver) serviceCentres(ctx context.Context, region string) ([]model.ServiceCentre, error) {
	bs, err := r.Applications.Branches(ctx, region)
	if err != nil {
		return nil, err
	}
	lang := Lang(ctx)
	out := make([]model.ServiceCentre, len(bs))
	for i, b := range bs {
		out[i] = model.ServiceCentre{Code: b.Code, Name: pickLang(lang, b.NameRu, b.NameEn), Address: b.Address,
			Hours: pickLang(lang, b.HoursRu, b.HoursEn), MunicipalityOktmo: optional(b.OKTMO)}
	}
	return out, nil
}

func (r *Resolver) attachApplicationDocument(ctx context.Context, in model.AttachApplicationDocumentInput) (*model.ApplicationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	var up *duplicate.Upload
	if in.File != nil {
		u, err := readUpload("file", *in.File)
		if err != nil {
			return applicationPayload(ctx, application.Application{}, asApplicationErr(err))
		}
		up = &u
	}
	if _, err := r.Applications.Attach(ctx, p.AccountID, in.ID, in.Requirement, deref(in.DocumentID), up); err != nil {
		return applicationPayload(ctx, application.Application{}, err)
	}
	app, err := r.Applications.Get(ctx, p.AccountID, in.ID)
	return applicationPayload(ctx, app, err)
}

// asApplicationErr shows a file problem as the payload's user error.
func asApplicationErr(err error) error {
	var fe *duplicate.FieldError
	if errors.As(err, &fe) {
		return &application.FieldError{Field: fe.Field, Code: fe.Code, Ru: fe.Ru, En: fe.En}
	}
	return err
}
