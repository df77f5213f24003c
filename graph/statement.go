package graph

import (
	"context"
	"errors"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/statement"
)

// statementErr turns a statement field error into the payload's user
// errors, and anything else into the request's error.
func statementErr(ctx context.Context, err error) ([]model.UserError, error) {
	var fe *statement.FieldError
	if errors.As(err, &fe) {
		return []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}, nil
	}
	if errors.Is(err, statement.ErrNotFound) {
		return nil, account.ErrNotFound
	}
	if errors.Is(err, statement.ErrNoINN) {
		return nil, &userError{field: "inn", code: "NO_INN", ru: "Сначала найдите свой ИНН (findMyInn) или укажите его в профиле",
			en: "find your INN first (findMyInn) or add it to the profile"}
	}
	return nil, err
}

func (r *Resolver) addLookupDocument(ctx context.Context, in model.AddLookupDocumentInput) (*model.LookupDocumentPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := r.Statements.AddDocument(ctx, p.AccountID, in.Kind, in.Number, deref(in.Label))
	if err != nil {
		ue, err := statementErr(ctx, err)
		return &model.LookupDocumentPayload{UserErrors: ue}, err
	}
	return &model.LookupDocumentPayload{Document: &d, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) removeLookupDocument(ctx context.Context, id string) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	err = r.Statements.RemoveDocument(ctx, p.AccountID, id)
	if errors.Is(err, statement.ErrNotFound) {
		return &model.OkPayload{UserErrors: []model.UserError{{Field: "id", Code: "NOT_FOUND",
			Message: pickLang(Lang(ctx), "Такого документа нет в профиле", "no such document in the profile")}}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.OkPayload{Ok: true, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) lookupDocuments(ctx context.Context) ([]statement.Document, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Statements.Documents(ctx, p.AccountID)
}

// look runs the statement query of src for the signed-in citizen.
func (r *Resolver) look(ctx context.Context, src statement.Source, f statement.StatusFilter) (statement.View, error) {
	p, err := Principal(ctx)
	if err != nil {
		return statement.View{}, err
	}
	if f == "" {
		f = statement.FilterUnpaid
	}
	v, err := r.Statements.Look(ctx, p.AccountID, src, f)
	if err != nil {
		_, err = statementErr(ctx, err)
	}
	if v.Unavailable == nil {
		v.Unavailable = []statement.Source{}
	}
	return v, err
}

func (r *Resolver) fines(ctx context.Context, f statement.StatusFilter) (*model.FineList, error) {
	v, err := r.look(ctx, statement.SourceGIBDD, f)
	if err != nil {
		return nil, err
	}
	now := r.Clock()
	out := &model.FineList{Fines: make([]model.Fine, len(v.Charges)), CheckedAt: optionalTime(v.CheckedAt), Stale: v.Stale,
		UnavailableSources: v.Unavailable}
	for i, c := range v.Charges {
		out.Fines[i] = model.Fine{C: c, Now: now}
	}
	return out, nil
}

func (r *Resolver) taxDebts(ctx context.Context, f statement.StatusFilter) (*model.TaxDebtList, error) {
	v, err := r.look(ctx, statement.SourceFNS, f)
	if err != nil {
		return nil, err
	}
	out := &model.TaxDebtList{Debts: make([]model.TaxDebt, len(v.Charges)), CheckedAt: optionalTime(v.CheckedAt), Stale: v.Stale,
		UnavailableSources: v.Unavailable}
	for i, c := range v.Charges {
		out.Debts[i] = model.TaxDebt{C: c}
	}
	return out, nil
}

func (r *Resolver) enforcementProceedings(ctx context.Context, f statement.StatusFilter) (*model.EnforcementProceedingList, error) {
	v, err := r.look(ctx, statement.SourceFSSP, f)
	if err != nil {
		return nil, err
	}
	out := &model.EnforcementProceedingList{Proceedings: make([]model.EnforcementProceeding, len(v.Charges)),
		CheckedAt: optionalTime(v.CheckedAt), Stale: v.Stale, UnavailableSources: v.Unavailable}
	for i, c := range v.Charges {
		out.Proceedings[i] = model.EnforcementProceeding{C: c}
	}
	return out, nil
}

func (r *Resolver) findMyInn(ctx context.Context, in model.FindMyInnInput) (*model.FindMyInnPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	inn, found, err := r.Statements.FindINN(ctx, p.AccountID, in.PassportSeries, in.PassportNumber)
	if err != nil {
		ue, err := statementErr(ctx, err)
		return &model.FindMyInnPayload{UserErrors: ue}, err
	}
	return &model.FindMyInnPayload{Inn: optional(inn), Found: found, UserErrors: []model.UserError{}}, nil
}

// chargeNodes loads the caller's charges by id; another's, or one that
// does not exist, is NOT_FOUND.
func (r *Resolver) chargeNodes(ctx context.Context, typ string, keys []string, at []int, out []model.Node) error {
	p, err := Principal(ctx)
	if err != nil {
		return err
	}
	if p.Tier == account.TierSimplified {
		return &account.ForbiddenError{NeedTier: account.TierStandard, HaveTier: p.Tier, HaveMethod: p.Method}
	}
	for _, i := range at {
		c, err := r.Statements.Charge(ctx, p.AccountID, keys[i])
		if errors.Is(err, statement.ErrNotFound) {
			return account.ErrNotFound
		}
		if err != nil {
			return err
		}
		var n model.Node
		switch {
		case typ == typeFine && c.Source == statement.SourceGIBDD:
			n = model.Fine{C: c, Now: r.Clock()}
		case typ == typeTaxDebt && c.Source == statement.SourceFNS:
			n = model.TaxDebt{C: c}
		case typ == typeProceeding && c.Source == statement.SourceFSSP:
			n = model.EnforcementProceeding{C: c}
		default:
			return account.ErrNotFound
		}
		out[i] = n
	}
	return nil
}

// Global id types of charges.
const (
	typeFine       = "Fine"
	typeTaxDebt    = "TaxDebt"
	typeProceeding = "EnforcementProceeding"
)

func (r *Resolver) chargeSubscription(ctx context.Context) (*statement.Subscription, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	sub, err := r.Statements.Subscription(ctx, p.AccountID)
	return &sub, err
}

func (r *Resolver) setChargeSubscription(ctx context.Context, in model.ChargeSubscriptionInput) (*statement.Subscription, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	sub, err := r.Statements.SetSubscription(ctx, p.AccountID, statement.Subscription{Fines: in.Fines, Taxes: in.Taxes})
	return &sub, err
}

// optionalInt is nil for zero: a field the object does not have.
func optionalInt[T int | int64](v T) *T {
	if v == 0 {
		return nil
	}
	return &v
}

func (r *Resolver) taxAccount(ctx context.Context) (*statement.TaxAccount, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	acc, err := r.Statements.TaxAccount(ctx, p.AccountID)
	if err != nil {
		_, err = statementErr(ctx, err)
		return nil, err
	}
	return &acc, nil
}
