package payment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/charge"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/money"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/statement"
)

// TypeReport is the job that reports a succeeded payment to GIS GMP.
const TypeReport = "payments:report"

// ReportPayload names the payment to report.
type ReportPayload struct {
	PaymentID string `json:"payment_id"`
}

// Config configures payments.
type Config struct {
	// CallbackURL is where the acquirer posts its signed callbacks.
	CallbackURL string
	// ReturnPrefixes are where the payment page may send the citizen back:
	// the web app's origin and the mobile app's scheme.
	ReturnPrefixes []string
}

// MaxCharges is the most charges one payment pays.
const MaxCharges = 20

// Service pays charges.
type Service struct {
	store    Store
	acquirer Acquirer
	register Register
	cfg      Config
	clock    func() time.Time
}

// New returns the payment service.
func New(store Store, acquirer Acquirer, register Register, cfg Config, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{store: store, acquirer: acquirer, register: register, cfg: cfg, clock: clock}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

// heldError: another unfinished payment holds a charge.
type heldError struct{ by string }

func (e *heldError) Error() string { return "payment: a charge is held by payment " + e.by }

// PayCharges makes (or, for a key used before, returns) a payment of the
// citizen's charges and sends it to the acquirer, whose page the citizen
// pays on. The amounts are what is due now by the server's clock: a fine
// within its discount costs half. A charge in another unfinished payment
// is not paid twice: the same charges return that payment, others are
// refused.
func (s *Service) PayCharges(ctx context.Context, accountID string, chargeIDs []string, key, returnURL string) (Payment, error) {
	if err := s.validate(chargeIDs, key, returnURL); err != nil {
		return Payment{}, err
	}
	p, err := s.makePayment(ctx, accountID, chargeIDs, key, returnURL)
	if errors.Is(err, ErrKeyTaken) {
		// The same key twice at once: the other request made it; return it.
		p, err = s.makePayment(ctx, accountID, chargeIDs, key, returnURL)
	}
	if err != nil {
		return Payment{}, err
	}
	if p.Status != StatusCreated {
		return p, nil
	}
	acqID, page, err := s.acquirer.Create(ctx, p, description(p), p.ReturnTo(), s.cfg.CallbackURL)
	if err != nil {
		return p, fmt.Errorf("%w: %w", ErrAcquirerDown, err)
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Payment(ctx, p.ID)
		if err != nil {
			return err
		}
		if cur.Status == StatusCreated {
			cur.Status, cur.AcquirerID, cur.PageURL = StatusPending, acqID, page
			if err := tx.UpdatePayment(ctx, cur); err != nil {
				return err
			}
		}
		p = cur
		return nil
	})
	return p, err
}

// makePayment stores the payment, or finds the one made before with the
// key or with the same charges.
func (s *Service) makePayment(ctx context.Context, accountID string, chargeIDs []string, key, returnURL string) (Payment, error) {
	var p Payment
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		prev, err := tx.PaymentByKey(ctx, accountID, key)
		if err == nil {
			if !sameCharges(prev, chargeIDs) {
				return &FieldError{"idempotencyKey", "REUSED", "Этот ключ уже использован для другой оплаты: создайте новый",
					"this idempotency key was used for another payment: make a new one"}
			}
			p = prev
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		now := s.now()
		p = Payment{ID: uuid.NewString(), AccountID: accountID, IdempotencyKey: key, Status: StatusCreated, ReturnURL: returnURL, CreatedAt: now}
		for _, id := range chargeIDs {
			c, err := tx.Charge(ctx, accountID, id)
			if errors.Is(err, statement.ErrNotFound) {
				return &FieldError{"chargeIds", "NOT_FOUND", "Начисление не найдено: обновите список", "no such charge: refresh the list"}
			}
			if err != nil {
				return err
			}
			due := c.DueOn(now)
			if c.Paid || due <= 0 {
				return &FieldError{"chargeIds", "ALREADY_PAID", "Начисление " + c.UIN + " уже оплачено", "charge " + c.UIN + " is already paid"}
			}
			p.Items = append(p.Items, Item{ChargeID: c.ID, Source: c.Source, UIN: c.UIN, Title: c.Title, AmountKopecks: due})
			p.AmountKopecks += due
		}
		if err := tx.AddPayment(ctx, p); err != nil {
			return err
		}
		by, err := tx.LockCharges(ctx, p)
		if err != nil {
			return err
		}
		if by != "" {
			return &heldError{by: by}
		}
		return nil
	})
	var held *heldError
	if errors.As(err, &held) {
		// Two payments of one charge at once make one: the same charges
		// join the payment already made, others wait for it.
		err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
			other, err := tx.OwnPayment(ctx, accountID, held.by)
			if err == nil && sameCharges(other, chargeIDs) {
				p = other
				return nil
			}
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			return &FieldError{"chargeIds", "IN_PAYMENT", "Начисление уже оплачивается в другом платеже: дождитесь его завершения",
				"a charge is being paid in another payment: wait until it ends"}
		})
	}
	return p, err
}

func (s *Service) validate(chargeIDs []string, key, returnURL string) error {
	switch {
	case len(chargeIDs) == 0 || len(chargeIDs) > MaxCharges:
		return &FieldError{"chargeIds", "COUNT", "Выберите от 1 до 20 начислений", "choose 1 to 20 charges"}
	case len(key) < 8 || len(key) > 100 || strings.IndexFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0:
		return &FieldError{"idempotencyKey", "INVALID", "Ключ идемпотентности: от 8 до 100 латинских букв, цифр и знаков, например UUID",
			"the idempotency key takes 8 to 100 printable ASCII characters, e.g. a UUID"}
	}
	seen := map[string]bool{}
	for _, id := range chargeIDs {
		if seen[id] {
			return &FieldError{"chargeIds", "DUPLICATE", "Начисление выбрано дважды", "a charge is chosen twice"}
		}
		seen[id] = true
	}
	for _, pre := range s.cfg.ReturnPrefixes {
		if pre != "" && strings.HasPrefix(returnURL, pre) {
			return nil
		}
	}
	return &FieldError{"returnUrl", "NOT_ALLOWED", "Адрес возврата должен вести в приложение портала", "the return URL must lead back to the portal's app"}
}

func sameCharges(p Payment, ids []string) bool {
	have := make([]string, len(p.Items))
	for i, it := range p.Items {
		have[i] = it.ChargeID
	}
	want := slices.Clone(ids)
	slices.Sort(have)
	slices.Sort(want)
	return slices.Equal(have, want)
}

func description(p Payment) string {
	if len(p.Items) == 1 {
		return "Оплата начисления УИН " + p.Items[0].UIN
	}
	return fmt.Sprintf("Оплата %d начислений", len(p.Items))
}

// Complete applies the acquirer's verified callback: once, however many
// times it arrives. A success marks the charges paid, leaves a receipt in
// the citizen's documents, notifies him and queues the report to GIS GMP,
// all in one transaction; a failure frees the charges.
func (s *Service) Complete(ctx context.Context, cb Callback) error {
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.Payment(ctx, cb.OrderID)
		if errors.Is(err, ErrNotFound) {
			return ErrForged
		}
		if err != nil {
			return err
		}
		if (p.AcquirerID != "" && cb.AcquirerID != p.AcquirerID) || cb.AmountKopecks != p.AmountKopecks {
			return ErrForged
		}
		if p.Status.Final() {
			return nil
		}
		if !cb.Succeeded {
			p.Status = StatusFailed
			if err := tx.UpdatePayment(ctx, p); err != nil {
				return err
			}
			return tx.ReleaseCharges(ctx, p.ID)
		}
		now := s.now()
		paidAt := cb.PaidAt.UTC()
		if paidAt.IsZero() {
			paidAt = now
		}
		r := Receipt{ID: uuid.NewString(), AccountID: p.AccountID, PaymentID: p.ID, AmountKopecks: p.AmountKopecks, Items: p.Items,
			PaidAt: paidAt, AcquirerRef: cb.AcquirerRef, CreatedAt: now}
		p.Status, p.PaidAt, p.AcquirerRef, p.ReceiptID = StatusSucceeded, paidAt, cb.AcquirerRef, r.ID
		if err := tx.AddReceipt(ctx, r); err != nil {
			return err
		}
		if err := tx.UpdatePayment(ctx, p); err != nil {
			return err
		}
		ids := make([]string, len(p.Items))
		for i, it := range p.Items {
			ids[i] = it.ChargeID
		}
		if err := tx.MarkChargesPaid(ctx, ids, paidAt); err != nil {
			return err
		}
		if err := tx.ReleaseCharges(ctx, p.ID); err != nil {
			return err
		}
		b, err := json.Marshal(ReportPayload{PaymentID: p.ID})
		if err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, event.Event{Type: TypeReport, Queue: event.QueueDefault, Payload: b}); err != nil {
			return err
		}
		return s.notify(ctx, tx, p, now)
	})
}

func (s *Service) notify(ctx context.Context, tx Tx, p Payment, now time.Time) error {
	kind := notification.Kind("TAXES_PAYMENT_SUCCEEDED")
	for _, it := range p.Items {
		if c, err := tx.Charge(ctx, p.AccountID, it.ChargeID); err == nil && c.Kind == charge.KindFine {
			kind = "FINES_PAYMENT_SUCCEEDED"
		}
	}
	n := notification.Notification{ID: uuid.NewString(), AccountID: p.AccountID, Kind: kind,
		TitleRu: "Оплата прошла", TitleEn: "Payment received",
		BodyRu: "Оплачено " + money.Format(p.AmountKopecks, "ru") + ". Квитанция — в ваших документах.",
		BodyEn: money.Format(p.AmountKopecks, "en") + " paid. The receipt is in your documents.",
		Link:   "uslugi://documents/" + p.ReceiptID, CreatedAt: now}
	return notification.Add(ctx, tx, n)
}

// Report tells GIS GMP about a succeeded payment, item by item; the
// register takes a repeat of the same payment once.
func (s *Service) Report(ctx context.Context, paymentID string) error {
	var p Payment
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		p, err = tx.Payment(ctx, paymentID)
		return err
	})
	if errors.Is(err, ErrNotFound) || (err == nil && p.Status != StatusSucceeded) {
		return nil
	}
	if err != nil {
		return err
	}
	for i, it := range p.Items {
		if err := s.register.Report(ctx, fmt.Sprintf("%s-%d", p.ID, i+1), it, p.PaidAt, p.AcquirerRef); err != nil {
			return fmt.Errorf("payment: unable to report to GIS GMP: %w", err)
		}
	}
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error { return tx.MarkReported(ctx, p.ID, s.now()) })
}

// Payment returns one of the citizen's payments.
func (s *Service) Payment(ctx context.Context, accountID, id string) (Payment, error) {
	var p Payment
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		p, err = tx.OwnPayment(ctx, accountID, id)
		return err
	})
	return p, err
}

// Receipts returns the citizen's newest receipts.
func (s *Service) Receipts(ctx context.Context, accountID string, limit int) ([]Receipt, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var out []Receipt
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Receipts(ctx, accountID, limit)
		return err
	})
	return out, err
}
