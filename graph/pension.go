package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/pension"
)

// fixed3 writes a number held in thousandths: 84512 is "84.512".
func fixed3(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%03d", sign, v/1000, v%1000)
}

func (r *Resolver) requestPensionStatement(ctx context.Context) (*model.PensionStatementRequestPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	req, err := r.Pension.RequestStatement(ctx, p.AccountID)
	if errors.Is(err, pension.ErrNoSNILS) {
		return &model.PensionStatementRequestPayload{UserErrors: []model.UserError{{Field: "snils", Code: "NO_SNILS",
			Message: pickLang(Lang(ctx), "Пенсионный фонд выдаёт выписку по СНИЛС: добавьте его в личные данные",
				"the pension fund issues statements by SNILS: add it to your personal data")}}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.PensionStatementRequestPayload{Request: &req, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) pensionStatements(ctx context.Context) ([]pension.Request, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Pension.Requests(ctx, p.AccountID)
}
