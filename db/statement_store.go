package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/charge"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/statement"
)

// StatementStore keeps look-up documents and the agencies' cached charges.
type StatementStore struct {
	db    *bun.DB
	clock func() time.Time
}

// NewStatementStore returns a store over db; clock stamps outbox rows.
func NewStatementStore(db *bun.DB, clock func() time.Time) *StatementStore {
	return &StatementStore{db: db, clock: clock}
}

var _ statement.Store = (*StatementStore)(nil)

// InTx implements statement.Store.
func (s *StatementStore) InTx(ctx context.Context, fn func(ctx context.Context, tx statement.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, &statementTx{tx: tx, clock: s.clock})
	})
}

type statementTx struct {
	tx    bun.Tx
	clock func() time.Time
}

type lookupDocRow struct {
	bun.BaseModel `bun:"table:lookup_documents,alias:ld"`
	ID            string    `bun:"id,pk"`
	AccountID     string    `bun:"account_id"`
	Kind          string    `bun:"kind"`
	Number        string    `bun:"number"`
	Label         string    `bun:"label"`
	CreatedAt     time.Time `bun:"created_at"`
}

func (r *lookupDocRow) model() statement.Document {
	return statement.Document{ID: r.ID, AccountID: r.AccountID, Kind: statement.DocKind(r.Kind), Number: r.Number, Label: r.Label, CreatedAt: r.CreatedAt.UTC()}
}

func (t *statementTx) Documents(ctx context.Context, accountID string) ([]statement.Document, error) {
	var rows []lookupDocRow
	if err := t.tx.NewSelect().Model(&rows).Where("ld.account_id = ?", accountID).OrderExpr("ld.created_at, ld.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to list look-up documents: %w", err)
	}
	return mapRows(rows, (*lookupDocRow).model), nil
}

func (t *statementTx) AddDocument(ctx context.Context, d statement.Document) error {
	row := &lookupDocRow{ID: d.ID, AccountID: d.AccountID, Kind: string(d.Kind), Number: d.Number, Label: d.Label, CreatedAt: d.CreatedAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a look-up document: %w", err)
	}
	return nil
}

func (t *statementTx) RemoveDocument(ctx context.Context, accountID, id string) error {
	res, err := t.tx.NewDelete().Table("lookup_documents").Where("id = ? AND account_id = ?", id, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to remove a look-up document: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return statement.ErrNotFound
	}
	return nil
}

func (t *statementTx) Person(ctx context.Context, accountID string) (statement.Person, error) {
	var p statement.Person
	err := t.tx.NewSelect().TableExpr("personal_data").
		Column("last_name", "first_name", "patronymic", "birth_date", "region_code", "inn").
		Where("account_id = ?", accountID).Scan(ctx, &p.LastName, &p.FirstName, &p.Patronymic, &p.BirthDate, &p.RegionCode, &p.INN)
	if errors.Is(err, sql.ErrNoRows) {
		return p, statement.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: unable to read the person: %w", err)
	}
	p.BirthDate = p.BirthDate.UTC()
	return p, nil
}

func (t *statementTx) SetINN(ctx context.Context, accountID, inn string) error {
	if _, err := t.tx.NewUpdate().Table("personal_data").Set("inn = ?", inn).Where("account_id = ?", accountID).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to save the INN: %w", err)
	}
	return nil
}

type checkRow struct {
	bun.BaseModel      `bun:"table:statement_checks,alias:sc"`
	AccountID          string     `bun:"account_id,pk"`
	Source             string     `bun:"source,pk"`
	CheckedAt          *time.Time `bun:"checked_at"`
	RefreshRequestedAt *time.Time `bun:"refresh_requested_at"`
	FirstCheckedAt     *time.Time `bun:"first_checked_at"`
}

func (t *statementTx) Check(ctx context.Context, accountID string, src statement.Source) (statement.Check, error) {
	var r checkRow
	err := t.tx.NewSelect().Model(&r).Where("sc.account_id = ? AND sc.source = ?", accountID, string(src)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return statement.Check{Source: src}, nil
	}
	if err != nil {
		return statement.Check{}, fmt.Errorf("store: unable to read a check: %w", err)
	}
	return statement.Check{Source: src, CheckedAt: timeVal(r.CheckedAt), Exists: r.FirstCheckedAt != nil}, nil
}

func (t *statementTx) ExpireCheck(ctx context.Context, accountID string, src statement.Source) error {
	_, err := t.tx.NewUpdate().Table("statement_checks").Set("checked_at = NULL").
		Where("account_id = ? AND source = ?", accountID, string(src)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to expire a check: %w", err)
	}
	return nil
}

func (t *statementTx) RequestRefresh(ctx context.Context, accountID string, src statement.Source, now, notBefore time.Time) (bool, error) {
	row := &checkRow{AccountID: accountID, Source: string(src), RefreshRequestedAt: &now}
	// One statement decides, so concurrent looks queue one refresh.
	res, err := t.tx.NewInsert().Model(row).On("CONFLICT (account_id, source) DO UPDATE").
		Set("refresh_requested_at = EXCLUDED.refresh_requested_at").
		Where("sc.refresh_requested_at IS NULL OR sc.refresh_requested_at < ?", notBefore.UTC()).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("store: unable to request a refresh: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

type chargeRow struct {
	bun.BaseModel  `bun:"table:charges,alias:ch"`
	ID             string     `bun:"id,pk"`
	AccountID      string     `bun:"account_id"`
	Source         string     `bun:"source"`
	Kind           string     `bun:"kind"`
	UIN            string     `bun:"uin"`
	Title          string     `bun:"title"`
	AmountKopecks  int64      `bun:"amount_kopecks"`
	PenaltyKopecks int64      `bun:"penalty_kopecks"`
	Date           time.Time  `bun:"date"`
	Article        string     `bun:"article"`
	Place          string     `bun:"place"`
	PhotoRef       string     `bun:"photo_ref"`
	Document       string     `bun:"document"`
	TaxKind        string     `bun:"tax_kind"`
	Period         int        `bun:"period"`
	Number         string     `bun:"number"`
	BailiffOffice  string     `bun:"bailiff_office"`
	Paid           bool       `bun:"paid"`
	PaidAt         *time.Time `bun:"paid_at"`
	FirstSeenAt    time.Time  `bun:"first_seen_at"`
}

func (r *chargeRow) model() statement.Charge {
	return statement.Charge{ID: r.ID, AccountID: r.AccountID, Source: statement.Source(r.Source), Kind: charge.Kind(r.Kind), UIN: r.UIN,
		Title: r.Title, AmountKopecks: r.AmountKopecks, PenaltyKopecks: r.PenaltyKopecks, Date: r.Date.UTC(), Article: r.Article,
		Place: r.Place, PhotoRef: r.PhotoRef, Document: r.Document, TaxKind: r.TaxKind, Period: r.Period, Number: r.Number,
		BailiffOffice: r.BailiffOffice, Paid: r.Paid, PaidAt: timeVal(r.PaidAt), FirstSeenAt: r.FirstSeenAt.UTC()}
}

func chargeRowOf(c statement.Charge) *chargeRow {
	r := &chargeRow{ID: c.ID, AccountID: c.AccountID, Source: string(c.Source), Kind: string(c.Kind), UIN: c.UIN, Title: c.Title,
		AmountKopecks: c.AmountKopecks, PenaltyKopecks: c.PenaltyKopecks, Date: c.Date.UTC(), Article: c.Article, Place: c.Place,
		PhotoRef: c.PhotoRef, Document: c.Document, TaxKind: c.TaxKind, Period: c.Period, Number: c.Number,
		BailiffOffice: c.BailiffOffice, Paid: c.Paid, FirstSeenAt: c.FirstSeenAt.UTC()}
	if !c.PaidAt.IsZero() {
		at := c.PaidAt.UTC()
		r.PaidAt = &at
	}
	return r
}

func (t *statementTx) SaveCheck(ctx context.Context, accountID string, src statement.Source, at time.Time, found []statement.Charge) ([]statement.Charge, error) {
	var known []chargeRow
	if err := t.tx.NewSelect().Model(&known).Where("ch.account_id = ? AND ch.source = ?", accountID, string(src)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to read charges: %w", err)
	}
	byUIN := make(map[string]*chargeRow, len(known))
	for i := range known {
		byUIN[known[i].UIN] = &known[i]
	}
	var (
		fresh      []chargeRow        // found for the first time, to insert
		candidates []statement.Charge // the same, as the caller's
	)
	for _, c := range found {
		if k, ok := byUIN[c.UIN]; ok {
			// Paid here stays paid though the agency may learn of it later.
			paid, paidAt := k.Paid || c.Paid, k.PaidAt
			if !k.Paid && c.Paid && !c.PaidAt.IsZero() {
				p := c.PaidAt.UTC()
				paidAt = &p
			}
			// Most checks find what the last one did: only a changed charge
			// is written (a citizen's look and the hourly check wrote every
			// known charge again, one statement each).
			if k.Title == c.Title && k.AmountKopecks == c.AmountKopecks && k.PenaltyKopecks == c.PenaltyKopecks &&
				k.Paid == paid && sameTime(k.PaidAt, paidAt) {
				continue
			}
			_, err := t.tx.NewUpdate().Table("charges").
				Set("title = ?, amount_kopecks = ?, penalty_kopecks = ?, paid = ?, paid_at = ?", c.Title, c.AmountKopecks, c.PenaltyKopecks, paid, paidAt).
				Where("id = ?", k.ID).Exec(ctx)
			if err != nil {
				return nil, fmt.Errorf("store: unable to update a charge: %w", err)
			}
			continue
		}
		c.ID, c.AccountID, c.FirstSeenAt = uuid.NewString(), accountID, at
		fresh, candidates = append(fresh, *chargeRowOf(c)), append(candidates, c)
	}
	var added []statement.Charge
	if len(fresh) > 0 {
		// One statement for all the new charges. A concurrent check may
		// have stored some first: those are not new here, and RETURNING
		// names only the rows this statement inserted.
		var ids []string
		if _, err := t.tx.NewInsert().Model(&fresh).On("CONFLICT (account_id, uin) DO NOTHING").Returning("id").Exec(ctx, &ids); err != nil {
			return nil, fmt.Errorf("store: unable to add charges: %w", err)
		}
		inserted := make(map[string]bool, len(ids))
		for _, id := range ids {
			inserted[id] = true
		}
		for _, c := range candidates {
			if inserted[c.ID] {
				added = append(added, c)
			}
		}
	}
	row := &checkRow{AccountID: accountID, Source: string(src), CheckedAt: &at, FirstCheckedAt: &at}
	_, err := t.tx.NewInsert().Model(row).On("CONFLICT (account_id, source) DO UPDATE").
		Set("checked_at = EXCLUDED.checked_at, refresh_requested_at = NULL, first_checked_at = COALESCE(sc.first_checked_at, EXCLUDED.first_checked_at)").Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to record a check: %w", err)
	}
	return added, nil
}

// sameTime reports whether two optional times are both absent or equal.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func (t *statementTx) Charges(ctx context.Context, accountID string, src statement.Source) ([]statement.Charge, error) {
	var rows []chargeRow
	err := t.tx.NewSelect().Model(&rows).Where("ch.account_id = ? AND ch.source = ?", accountID, string(src)).
		OrderExpr("ch.date DESC, ch.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list charges: %w", err)
	}
	return mapRows(rows, (*chargeRow).model), nil
}

func (t *statementTx) Charge(ctx context.Context, accountID, id string) (statement.Charge, error) {
	var r chargeRow
	err := t.tx.NewSelect().Model(&r).Where("ch.id = ? AND ch.account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return statement.Charge{}, statement.ErrNotFound
	}
	if err != nil {
		return statement.Charge{}, fmt.Errorf("store: unable to read a charge: %w", err)
	}
	return r.model(), nil
}

func (t *statementTx) AddEvent(ctx context.Context, ev event.Event) error {
	_, err := AddEvent(ctx, t.tx, t.clock(), ev)
	return err
}

func (t *statementTx) AddNotification(ctx context.Context, n notification.Notification) error {
	return (&accountTx{tx: t.tx}).AddNotification(ctx, n)
}

type subscriptionRow struct {
	bun.BaseModel `bun:"table:charge_subscriptions,alias:cs"`
	AccountID     string    `bun:"account_id,pk"`
	Fines         bool      `bun:"fines"`
	Taxes         bool      `bun:"taxes"`
	UpdatedAt     time.Time `bun:"updated_at"`
}

func (t *statementTx) Subscription(ctx context.Context, accountID string) (statement.Subscription, error) {
	var r subscriptionRow
	err := t.tx.NewSelect().Model(&r).Where("cs.account_id = ?", accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return statement.Subscription{Fines: true, Taxes: true}, nil
	}
	if err != nil {
		return statement.Subscription{}, fmt.Errorf("store: unable to read a subscription: %w", err)
	}
	return statement.Subscription{Fines: r.Fines, Taxes: r.Taxes}, nil
}

func (t *statementTx) SetSubscription(ctx context.Context, accountID string, sub statement.Subscription, at time.Time) error {
	row := &subscriptionRow{AccountID: accountID, Fines: sub.Fines, Taxes: sub.Taxes, UpdatedAt: at.UTC()}
	_, err := t.tx.NewInsert().Model(row).On("CONFLICT (account_id) DO UPDATE").
		Set("fines = EXCLUDED.fines, taxes = EXCLUDED.taxes, updated_at = EXCLUDED.updated_at").Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to save a subscription: %w", err)
	}
	return nil
}

// subscribed selects the STANDARD and CONFIRMED accounts that did not turn
// both subscriptions off.
func (t *statementTx) subscribed() *bun.SelectQuery {
	return t.tx.NewSelect().TableExpr("accounts AS a").
		Join("LEFT JOIN charge_subscriptions AS cs ON cs.account_id = a.id").
		Where("a.tier IN ('STANDARD', 'CONFIRMED')").
		Where("cs.account_id IS NULL OR cs.fines OR cs.taxes")
}

func (t *statementTx) CountSubscribed(ctx context.Context) (int, error) {
	n, err := t.subscribed().Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count subscribed accounts: %w", err)
	}
	return int(n), nil
}

func (t *statementTx) Subscribed(ctx context.Context, afterID string, limit int) ([]string, error) {
	var ids []string
	err := t.subscribed().Column("a.id").Where("a.id > ?", afterID).OrderExpr("a.id").Limit(int64(limit)).Scan(ctx, &ids)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list subscribed accounts: %w", err)
	}
	return ids, nil
}
