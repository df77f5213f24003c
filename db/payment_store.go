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
	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/statement"
)

// PaymentStore keeps payments, charge locks and receipts.
type PaymentStore struct {
	db    *bun.DB
	clock func() time.Time
}

// NewPaymentStore returns a store over db; clock stamps outbox rows.
func NewPaymentStore(db *bun.DB, clock func() time.Time) *PaymentStore {
	return &PaymentStore{db: db, clock: clock}
}

var _ payment.Store = (*PaymentStore)(nil)

// InTx implements payment.Store.
func (s *PaymentStore) InTx(ctx context.Context, fn func(ctx context.Context, tx payment.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, &paymentTx{tx: tx, pg: IsPostgres(s.db), clock: s.clock})
	})
}

type paymentTx struct {
	tx    bun.Tx
	pg    bool
	clock func() time.Time
}

type paymentRow struct {
	bun.BaseModel  `bun:"table:payments,alias:pm"`
	ID             string     `bun:"id,pk"`
	AccountID      string     `bun:"account_id"`
	IdempotencyKey string     `bun:"idempotency_key"`
	Status         string     `bun:"status"`
	AmountKopecks  int64      `bun:"amount_kopecks"`
	Items          string     `bun:"items"`
	ReturnURL      string     `bun:"return_url"`
	AcquirerID     string     `bun:"acquirer_id"`
	PageURL        string     `bun:"page_url"`
	AcquirerRef    string     `bun:"acquirer_ref"`
	ReceiptID      string     `bun:"receipt_id"`
	CreatedAt      time.Time  `bun:"created_at"`
	PaidAt         *time.Time `bun:"paid_at"`
	ReportedAt     *time.Time `bun:"reported_at"`
}

func (r *paymentRow) model() (payment.Payment, error) {
	p := payment.Payment{ID: r.ID, AccountID: r.AccountID, IdempotencyKey: r.IdempotencyKey, Status: payment.Status(r.Status),
		AmountKopecks: r.AmountKopecks, ReturnURL: r.ReturnURL, AcquirerID: r.AcquirerID, PageURL: r.PageURL,
		AcquirerRef: r.AcquirerRef, ReceiptID: r.ReceiptID, CreatedAt: r.CreatedAt.UTC(), PaidAt: timeVal(r.PaidAt)}
	if err := json.Unmarshal([]byte(r.Items), &p.Items); err != nil {
		return p, fmt.Errorf("store: damaged payment items: %w", err)
	}
	return p, nil
}

func paymentRowOf(p payment.Payment) (*paymentRow, error) {
	items, err := json.Marshal(p.Items)
	if err != nil {
		return nil, err
	}
	r := &paymentRow{ID: p.ID, AccountID: p.AccountID, IdempotencyKey: p.IdempotencyKey, Status: string(p.Status),
		AmountKopecks: p.AmountKopecks, Items: string(items), ReturnURL: p.ReturnURL, AcquirerID: p.AcquirerID, PageURL: p.PageURL,
		AcquirerRef: p.AcquirerRef, ReceiptID: p.ReceiptID, CreatedAt: p.CreatedAt.UTC()}
	if !p.PaidAt.IsZero() {
		at := p.PaidAt.UTC()
		r.PaidAt = &at
	}
	return r, nil
}

func (t *paymentTx) one(ctx context.Context, q *bun.SelectQuery) (payment.Payment, error) {
	var r paymentRow
	if err := q.Model(&r).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return payment.Payment{}, payment.ErrNotFound
		}
		return payment.Payment{}, fmt.Errorf("store: unable to read a payment: %w", err)
	}
	return r.model()
}

func (t *paymentTx) PaymentByKey(ctx context.Context, accountID, key string) (payment.Payment, error) {
	return t.one(ctx, t.tx.NewSelect().Where("pm.account_id = ? AND pm.idempotency_key = ?", accountID, key))
}

func (t *paymentTx) Payment(ctx context.Context, id string) (payment.Payment, error) {
	q := t.tx.NewSelect().Where("pm.id = ?", id)
	if t.pg {
		q.For("UPDATE")
	}
	return t.one(ctx, q)
}

func (t *paymentTx) OwnPayment(ctx context.Context, accountID, id string) (payment.Payment, error) {
	return t.one(ctx, t.tx.NewSelect().Where("pm.id = ? AND pm.account_id = ?", id, accountID))
}

func (t *paymentTx) Charge(ctx context.Context, accountID, id string) (statement.Charge, error) {
	return (&statementTx{tx: t.tx}).Charge(ctx, accountID, id)
}

func (t *paymentTx) AddPayment(ctx context.Context, p payment.Payment) error {
	r, err := paymentRowOf(p)
	if err != nil {
		return err
	}
	// DO NOTHING keeps a PostgreSQL transaction usable when a concurrent
	// request took the key; the service then returns that payment.
	res, err := t.tx.NewInsert().Model(r).On("CONFLICT (account_id, idempotency_key) DO NOTHING").Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to add a payment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return payment.ErrKeyTaken
	}
	return nil
}

func (t *paymentTx) UpdatePayment(ctx context.Context, p payment.Payment) error {
	r, err := paymentRowOf(p)
	if err != nil {
		return err
	}
	_, err = t.tx.NewUpdate().Model(r).Column("status", "acquirer_id", "page_url", "acquirer_ref", "receipt_id", "paid_at").WherePK().Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to update a payment: %w", err)
	}
	return nil
}

type chargeLockRow struct {
	bun.BaseModel `bun:"table:charge_locks,alias:cl"`
	ChargeID      string `bun:"charge_id,pk"`
	PaymentID     string `bun:"payment_id"`
}

func (t *paymentTx) LockCharges(ctx context.Context, p payment.Payment) (string, error) {
	for _, it := range p.Items {
		// The primary key decides between concurrent payments: PostgreSQL
		// makes the second wait for the first to commit, then do nothing.
		res, err := t.tx.NewInsert().Model(&chargeLockRow{ChargeID: it.ChargeID, PaymentID: p.ID}).On("CONFLICT (charge_id) DO NOTHING").Exec(ctx)
		if err != nil {
			return "", fmt.Errorf("store: unable to lock a charge: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var by string
			if err := t.tx.NewSelect().Model((*chargeLockRow)(nil)).Column("payment_id").Where("charge_id = ?", it.ChargeID).Scan(ctx, &by); err != nil {
				return "", fmt.Errorf("store: unable to read a charge lock: %w", err)
			}
			return by, nil
		}
	}
	return "", nil
}

func (t *paymentTx) ReleaseCharges(ctx context.Context, paymentID string) error {
	if _, err := t.tx.NewDelete().Table("charge_locks").Where("payment_id = ?", paymentID).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to release charges: %w", err)
	}
	return nil
}

func (t *paymentTx) MarkChargesPaid(ctx context.Context, ids []string, at time.Time) error {
	_, err := t.tx.NewUpdate().Table("charges").Set("paid = ?, paid_at = ?", true, at.UTC()).Where("id IN (?)", bun.List(ids)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to mark charges paid: %w", err)
	}
	return nil
}

type documentRow struct {
	bun.BaseModel `bun:"table:documents,alias:dc"`
	ID            string    `bun:"id,pk"`
	AccountID     string    `bun:"account_id"`
	Kind          string    `bun:"kind"`
	Title         string    `bun:"title"`
	Data          string    `bun:"data"`
	CreatedAt     time.Time `bun:"created_at"`
}

func (t *paymentTx) AddReceipt(ctx context.Context, r payment.Receipt) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	row := &documentRow{ID: r.ID, AccountID: r.AccountID, Kind: "RECEIPT", Title: "Квитанция об оплате", Data: string(b), CreatedAt: r.CreatedAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a receipt: %w", err)
	}
	return nil
}

func (t *paymentTx) AddNotification(ctx context.Context, n notification.Notification) error {
	return (&accountTx{tx: t.tx}).AddNotification(ctx, n)
}

func (t *paymentTx) AddEvent(ctx context.Context, ev event.Event) error {
	_, err := AddEvent(ctx, t.tx, t.clock(), ev)
	return err
}

func (t *paymentTx) MarkReported(ctx context.Context, paymentID string, at time.Time) error {
	if _, err := t.tx.NewUpdate().Table("payments").Set("reported_at = ?", at.UTC()).Where("id = ?", paymentID).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to mark a payment reported: %w", err)
	}
	return nil
}

func (t *paymentTx) Receipts(ctx context.Context, accountID string, limit int) ([]payment.Receipt, error) {
	var rows []documentRow
	err := t.tx.NewSelect().Model(&rows).Where("dc.account_id = ? AND dc.kind = 'RECEIPT'", accountID).
		OrderExpr("dc.created_at DESC, dc.id").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list receipts: %w", err)
	}
	out := make([]payment.Receipt, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal([]byte(r.Data), &out[i]); err != nil {
			return nil, fmt.Errorf("store: damaged receipt: %w", err)
		}
	}
	return out, nil
}
