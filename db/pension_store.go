package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/pension"
)

// PensionStore keeps pension statement requests and the statements.
type PensionStore struct {
	db    *bun.DB
	clock func() time.Time
}

// NewPensionStore returns a store over db; clock stamps outbox rows.
func NewPensionStore(db *bun.DB, clock func() time.Time) *PensionStore {
	return &PensionStore{db: db, clock: clock}
}

var _ pension.Store = (*PensionStore)(nil)

// InTx implements pension.Store.
func (s *PensionStore) InTx(ctx context.Context, fn func(ctx context.Context, tx pension.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, &pensionTx{tx: tx, pg: IsPostgres(s.db), clock: s.clock})
	})
}

type pensionTx struct {
	tx    bun.Tx
	pg    bool
	clock func() time.Time
}

type pensionRow struct {
	bun.BaseModel `bun:"table:pension_requests,alias:pr"`
	ID            string     `bun:"id,pk"`
	AccountID     string     `bun:"account_id"`
	Status        string     `bun:"status"`
	Ticket        string     `bun:"ticket"`
	Attempts      int        `bun:"attempts"`
	Message       string     `bun:"message"`
	MessageEn     string     `bun:"message_en"`
	RequestedAt   time.Time  `bun:"requested_at"`
	AnsweredAt    *time.Time `bun:"answered_at"`
	DocumentID    string     `bun:"document_id"`
}

func (r *pensionRow) model() pension.Request {
	return pension.Request{ID: r.ID, AccountID: r.AccountID, Status: pension.Status(r.Status), Ticket: r.Ticket, Attempts: r.Attempts,
		Message: r.Message, MessageEn: r.MessageEn, RequestedAt: r.RequestedAt.UTC(), AnsweredAt: timeVal(r.AnsweredAt), DocumentID: r.DocumentID}
}

func pensionRowOf(r pension.Request) *pensionRow {
	row := &pensionRow{ID: r.ID, AccountID: r.AccountID, Status: string(r.Status), Ticket: r.Ticket, Attempts: r.Attempts,
		Message: r.Message, MessageEn: r.MessageEn, RequestedAt: r.RequestedAt.UTC(), DocumentID: r.DocumentID}
	if !r.AnsweredAt.IsZero() {
		at := r.AnsweredAt.UTC()
		row.AnsweredAt = &at
	}
	return row
}

func (t *pensionTx) one(ctx context.Context, q *bun.SelectQuery) (pension.Request, error) {
	var r pensionRow
	if err := q.Model(&r).Limit(1).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return pension.Request{}, pension.ErrNotFound
		}
		return pension.Request{}, fmt.Errorf("store: unable to read a pension request: %w", err)
	}
	return r.model(), nil
}

func (t *pensionTx) PendingRequest(ctx context.Context, accountID string) (pension.Request, error) {
	return t.one(ctx, t.tx.NewSelect().Where("pr.account_id = ? AND pr.status = ?", accountID, string(pension.StatusPending)))
}

func (t *pensionTx) Request(ctx context.Context, id string) (pension.Request, error) {
	q := t.tx.NewSelect().Where("pr.id = ?", id)
	if t.pg {
		q.For("UPDATE")
	}
	return t.one(ctx, q)
}

func (t *pensionTx) AddRequest(ctx context.Context, r pension.Request) error {
	if _, err := t.tx.NewInsert().Model(pensionRowOf(r)).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a pension request: %w", err)
	}
	return nil
}

func (t *pensionTx) UpdateRequest(ctx context.Context, r pension.Request) error {
	if _, err := t.tx.NewUpdate().Model(pensionRowOf(r)).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to update a pension request: %w", err)
	}
	return nil
}

func (t *pensionTx) Requests(ctx context.Context, accountID string, limit int) ([]pension.Request, error) {
	var rows []pensionRow
	err := t.tx.NewSelect().Model(&rows).Where("pr.account_id = ?", accountID).OrderExpr("pr.requested_at DESC, pr.id").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list pension requests: %w", err)
	}
	out := mapRows(rows, (*pensionRow).model)
	for i := range out {
		if out[i].DocumentID == "" {
			continue
		}
		var data string
		if err := t.tx.NewSelect().Model((*documentRow)(nil)).Column("data").Where("id = ?", out[i].DocumentID).Scan(ctx, &data); err != nil {
			return nil, fmt.Errorf("store: unable to read a pension statement: %w", err)
		}
		var st pension.Statement
		if err := json.Unmarshal([]byte(data), &st); err != nil {
			return nil, fmt.Errorf("store: damaged pension statement: %w", err)
		}
		out[i].Statement = &st
	}
	return out, nil
}

func (t *pensionTx) AddStatement(ctx context.Context, id, accountID string, st pension.Statement, at time.Time) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	row := &documentRow{ID: id, AccountID: accountID, Kind: "PENSION_STATEMENT", Title: "Выписка из индивидуального лицевого счёта",
		Data: string(b), CreatedAt: at.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a pension statement: %w", err)
	}
	return nil
}

func (t *pensionTx) AddNotification(ctx context.Context, n notification.Notification) error {
	return (&accountTx{tx: t.tx}).AddNotification(ctx, n)
}

func (t *pensionTx) AddEvent(ctx context.Context, ev event.Event) error {
	_, err := AddEvent(ctx, t.tx, t.clock(), ev)
	return err
}
