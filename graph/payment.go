package graph

import (
	"context"
	"errors"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/statement"
)

// chargeGlobalID is the global id of a charge, by the type its source gives.
func chargeGlobalID(src statement.Source, id string) string {
	switch src {
	case statement.SourceFNS:
		return globalID(typeTaxDebt, id)
	case statement.SourceFSSP:
		return globalID(typeProceeding, id)
	}
	return globalID(typeFine, id)
}

func (r *Resolver) payCharges(ctx context.Context, in model.PayChargesInput) (*model.PayChargesPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.ChargeIds))
	for i, gid := range in.ChargeIds {
		typ, key, err := parseGlobalID(gid)
		if err != nil || (typ != typeFine && typ != typeTaxDebt && typ != typeProceeding) {
			return &model.PayChargesPayload{UserErrors: []model.UserError{{Field: "chargeIds", Code: "INVALID",
				Message: pickLang(Lang(ctx), "Это не идентификатор начисления", "not the id of a charge")}}}, nil
		}
		ids[i] = key
	}
	pay, err := r.Payments.PayCharges(ctx, p.AccountID, ids, in.IdempotencyKey, in.ReturnURL)
	var fe *payment.FieldError
	switch {
	case errors.As(err, &fe):
		return &model.PayChargesPayload{UserErrors: []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}}, nil
	case errors.Is(err, payment.ErrAcquirerDown):
		return &model.PayChargesPayload{Payment: &pay, UserErrors: []model.UserError{{Field: "idempotencyKey", Code: "ACQUIRER_UNAVAILABLE",
			Message: pickLang(Lang(ctx), "Платёжный шлюз не ответил: повторите с тем же ключом", "the payment gateway did not answer: try again with the same key")}}}, nil
	case err != nil:
		return nil, err
	}
	return &model.PayChargesPayload{Payment: &pay, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) payment(ctx context.Context, id string) (*payment.Payment, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	pay, err := r.Payments.Payment(ctx, p.AccountID, id)
	if errors.Is(err, payment.ErrNotFound) {
		return nil, account.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &pay, nil
}

func (r *Resolver) receipts(ctx context.Context, first *int) ([]payment.Receipt, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Payments.Receipts(ctx, p.AccountID, deref(first))
}
