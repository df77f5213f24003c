package db

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/duplicate"
)

var _ duplicate.CentreTx = (*duplicateTx)(nil)

// CentreDuplicates implements duplicate.CentreTx: the duplicates of the
// centres with their citizens' names, newest first then by id (the index
// duplicates_centre_idx serves it).
func (t *duplicateTx) CentreDuplicates(ctx context.Context, centres []string, after *duplicate.CentreCursor, limit int) ([]duplicate.CentreRecord, int, error) {
	n, err := t.tx.NewSelect().TableExpr("duplicates AS du").Where("du.centre IN (?)", bun.List(centres)).Count(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to count a centre's duplicates: %w", err)
	}
	var rows []struct {
		ID         string     `bun:"id"`
		Type       string     `bun:"type"`
		OperatorID string     `bun:"operator_id"`
		SignedAt   time.Time  `bun:"signed_at"`
		RevokedAt  *time.Time `bun:"revoked_at"`
		LastName   string     `bun:"last_name"`
		FirstName  string     `bun:"first_name"`
		Patronymic string     `bun:"patronymic"`
	}
	q := t.tx.NewSelect().TableExpr("duplicates AS du").Join("JOIN accounts AS a ON a.id = du.account_id").
		ColumnExpr("du.id, du.type, du.operator_id, du.signed_at, du.revoked_at, a.last_name, a.first_name, a.patronymic").
		Where("du.centre IN (?)", bun.List(centres)).OrderExpr("du.signed_at DESC, du.id")
	if after != nil {
		at := after.MadeAt.UTC()
		q.Where("(du.signed_at < ? OR (du.signed_at = ? AND du.id > ?))", at, at, after.ID)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, 0, fmt.Errorf("store: unable to list a centre's duplicates: %w", err)
	}
	out := make([]duplicate.CentreRecord, len(rows))
	for i, r := range rows {
		out[i] = duplicate.CentreRecord{
			CentreEntry: duplicate.CentreEntry{ID: r.ID, Type: r.Type, OperatorID: r.OperatorID, MadeAt: r.SignedAt.UTC(), Revoked: r.RevokedAt != nil},
			LastName:    r.LastName, FirstName: r.FirstName, Patronymic: r.Patronymic,
		}
	}
	return out, int(n), nil
}
