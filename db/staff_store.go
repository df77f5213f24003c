package db

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
)

// The staff workspaces' reads of accounts: who holds which role.

var _ account.StaffTx = (*accountTx)(nil)

// RoleHolders implements account.StaffTx: grants newest first, then by
// their key (account, role, scope), which the cursor continues after.
func (t *accountTx) RoleHolders(ctx context.Context, q account.HolderQuery, limit int) ([]account.Holder, int, error) {
	filter := func(sq *bun.SelectQuery) *bun.SelectQuery {
		if q.Role != "" {
			sq.Where("ar.role = ?", string(q.Role))
		}
		if q.Scope != "" {
			sq.Where("ar.scope = ?", q.Scope)
		}
		return sq
	}
	n, err := filter(t.tx.NewSelect().Model((*roleRow)(nil))).Count(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to count role holders: %w", err)
	}
	var rows []roleRow
	sq := filter(t.tx.NewSelect().Model(&rows)).OrderExpr("ar.granted_at DESC, ar.account_id, ar.role, ar.scope")
	if a := q.After; a != nil {
		at := a.GrantedAt.UTC()
		sq.Where(`(ar.granted_at < ? OR (ar.granted_at = ? AND (ar.account_id > ? OR (ar.account_id = ? AND
			(ar.role > ? OR (ar.role = ? AND ar.scope > ?))))))`,
			at, at, a.AccountID, a.AccountID, string(a.Role), string(a.Role), a.Scope)
	}
	if limit > 0 {
		sq.Limit(int64(limit))
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, 0, fmt.Errorf("store: unable to list role holders: %w", err)
	}
	if len(rows) == 0 {
		return nil, int(n), nil
	}
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.AccountID)
	}
	var accs []accountRow
	if err := t.tx.NewSelect().Model(&accs).Where("a.id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, 0, fmt.Errorf("store: unable to read role holders' accounts: %w", err)
	}
	grants, err := t.RoleGrantsOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[string]account.Account, len(accs))
	for i := range accs {
		var roles []account.Role
		for _, g := range grants[accs[i].ID] {
			if len(roles) == 0 || roles[len(roles)-1] != g.Role {
				roles = append(roles, g.Role)
			}
		}
		byID[accs[i].ID] = accs[i].model(roles)
	}
	out := make([]account.Holder, 0, len(rows))
	for _, r := range rows {
		out = append(out, account.Holder{Account: byID[r.AccountID], Grant: r.grant()})
	}
	return out, int(n), nil
}

// RoleGrantsOf implements account.StaffTx.
func (t *accountTx) RoleGrantsOf(ctx context.Context, accountIDs []string) (map[string][]account.RoleGrant, error) {
	out := make(map[string][]account.RoleGrant, len(accountIDs))
	if len(accountIDs) == 0 {
		return out, nil
	}
	var rows []roleRow
	if err := t.tx.NewSelect().Model(&rows).Where("ar.account_id IN (?)", bun.List(accountIDs)).
		OrderExpr("ar.account_id, ar.role, ar.scope").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to read roles: %w", err)
	}
	for _, r := range rows {
		out[r.AccountID] = append(out[r.AccountID], r.grant())
	}
	return out, nil
}

func (r *roleRow) grant() account.RoleGrant {
	return account.RoleGrant{Role: account.Role(r.Role), Scope: r.Scope, GrantedBy: r.GrantedBy, GrantedAt: r.GrantedAt.UTC(), Reason: r.Reason}
}
