package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/application"
)

// The staff workspaces' reads and writes of applications: names for the
// officers' lists, the service centres' results and their hand-out.

var _ application.StaffTx = (*applicationTx)(nil)

// ServiceNames implements application.StaffTx.
func (t *applicationTx) ServiceNames(ctx context.Context, codes []string) (map[string]application.ServiceName, error) {
	out := make(map[string]application.ServiceName, len(codes))
	if len(codes) == 0 {
		return out, nil
	}
	var rows []struct {
		Code   string `bun:"code"`
		NameRu string `bun:"name_ru"`
		NameEn string `bun:"name_en"`
	}
	if err := t.tx.NewSelect().TableExpr("services").Column("code", "name_ru", "name_en").Where("code IN (?)", bun.List(codes)).
		Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("store: unable to read services' names: %w", err)
	}
	for _, r := range rows {
		out[r.Code] = application.ServiceName{Ru: r.NameRu, En: r.NameEn}
	}
	return out, nil
}

// AccountNames implements application.StaffTx.
func (t *applicationTx) AccountNames(ctx context.Context, ids []string) (map[string]application.PersonName, error) {
	out := make(map[string]application.PersonName, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID         string `bun:"id"`
		LastName   string `bun:"last_name"`
		FirstName  string `bun:"first_name"`
		Patronymic string `bun:"patronymic"`
	}
	if err := t.tx.NewSelect().TableExpr("accounts").Column("id", "last_name", "first_name", "patronymic").Where("id IN (?)", bun.List(ids)).
		Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("store: unable to read accounts' names: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = application.PersonName{Last: r.LastName, First: r.FirstName, Patronymic: r.Patronymic}
	}
	return out, nil
}

// OperatorCentres implements application.StaffTx.
func (t *applicationTx) OperatorCentres(ctx context.Context, accountID string) ([]string, error) {
	return (&duplicateTx{tx: t.tx, pg: t.pg, clock: t.clock}).OperatorCentres(ctx, accountID)
}

type centreResultRow struct {
	applicationRow `bun:",extend"`
	ServiceRu      string `bun:"service_ru"`
	ServiceEn      string `bun:"service_en"`
	LastName       string `bun:"last_name"`
	FirstName      string `bun:"first_name"`
	Patronymic     string `bun:"patronymic"`
}

// CentreResults implements application.StaffTx: waiting results by
// completion, oldest first; handed-out ones by hand-out, latest first; then
// by id (the index applications_branch_idx serves both).
func (t *applicationTx) CentreResults(ctx context.Context, q application.CentreQuery, limit int) ([]application.CentreRecord, int, error) {
	filter := func(sq *bun.SelectQuery) *bun.SelectQuery {
		sq.Where("ap.branch_code IN (?) AND ap.status = ?", bun.List(q.Centres), string(application.StatusCompleted))
		if q.HandedOut {
			return sq.Where("ap.handed_out_at IS NOT NULL")
		}
		return sq.Where("ap.handed_out_at IS NULL")
	}
	n, err := filter(t.tx.NewSelect().Model((*applicationRow)(nil))).Count(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to count a centre's results: %w", err)
	}
	var rows []centreResultRow
	sq := filter(t.tx.NewSelect().Model(&rows)).
		ColumnExpr("ap.*").
		ColumnExpr("COALESCE(s.name_ru, ap.service_code) AS service_ru, COALESCE(s.name_en, ap.service_code) AS service_en").
		ColumnExpr("acc.last_name, acc.first_name, acc.patronymic").
		Join("LEFT JOIN services AS s ON s.code = ap.service_code").
		Join("JOIN accounts AS acc ON acc.id = ap.account_id")
	if q.HandedOut {
		sq.OrderExpr("ap.handed_out_at DESC, ap.id")
		if a := q.After; a != nil {
			at := a.At.UTC()
			sq.Where("(ap.handed_out_at < ? OR (ap.handed_out_at = ? AND ap.id > ?))", at, at, a.ID)
		}
	} else {
		sq.OrderExpr("ap.completed_at, ap.id")
		if a := q.After; a != nil {
			at := a.At.UTC()
			sq.Where("(ap.completed_at > ? OR (ap.completed_at = ? AND ap.id > ?))", at, at, a.ID)
		}
	}
	if limit > 0 {
		sq.Limit(int64(limit))
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, 0, fmt.Errorf("store: unable to list a centre's results: %w", err)
	}
	out := make([]application.CentreRecord, len(rows))
	for i := range rows {
		app, err := rows[i].model()
		if err != nil {
			return nil, 0, err
		}
		r := &rows[i]
		out[i] = application.CentreRecord{Application: app, Service: application.ServiceName{Ru: r.ServiceRu, En: r.ServiceEn},
			Citizen: application.PersonName{Last: r.LastName, First: r.FirstName, Patronymic: r.Patronymic}}
	}
	return out, int(n), nil
}

// HandOut implements application.StaffTx: the condition on the row, not a
// read before, decides, so two operators at once record one hand-out.
func (t *applicationTx) HandOut(ctx context.Context, applicationID, operatorID string, at time.Time) (bool, error) {
	res, err := t.tx.NewUpdate().Table("applications").Set("handed_out_at = ?, handed_out_by = ?", at.UTC(), operatorID).
		Where("id = ? AND status = ? AND handed_out_at IS NULL", applicationID, string(application.StatusCompleted)).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("store: unable to record a hand-out: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// IdentityDocument implements application.StaffTx.
func (t *applicationTx) IdentityDocument(ctx context.Context, accountID string) (account.SealedPersonalData, bool, error) {
	acc := &accountTx{tx: t.tx, pg: t.pg, clock: t.clock}
	d, err := acc.PersonalData(ctx, accountID)
	if errors.Is(err, account.ErrNotFound) {
		return d, false, application.ErrNotFound
	}
	if err != nil {
		return d, false, err
	}
	v, err := acc.LatestVerification(ctx, accountID)
	if errors.Is(err, account.ErrNotFound) {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	return d, v.Status == account.VerificationSucceeded, nil
}
