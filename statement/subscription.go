package statement

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/money"
	"github.com/uslugi/uslugi/notification"
)

// Job types of the subscription to new charges.
const (
	// TypeScheduleChecks runs hourly and spreads the checks of the
	// subscribed citizens over the hour.
	TypeScheduleChecks = "statements:schedule-checks"
	// TypeCheckNew checks one citizen for charges not seen before.
	TypeCheckNew = "statements:check-new"
)

// Subscription is what a citizen hears about without asking: new fines and
// new tax debts. Both are on by default for STANDARD accounts.
type Subscription struct {
	Fines bool
	Taxes bool
}

// CheckPayload names the citizen to check.
type CheckPayload struct {
	AccountID string `json:"account_id"`
}

// scheduleBatch is how many citizens one transaction schedules.
const scheduleBatch = 500

// Subscription returns the citizen's subscription.
func (s *Service) Subscription(ctx context.Context, accountID string) (Subscription, error) {
	var sub Subscription
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		sub, err = tx.Subscription(ctx, accountID)
		return err
	})
	return sub, err
}

// SetSubscription changes it.
func (s *Service) SetSubscription(ctx context.Context, accountID string, sub Subscription) (Subscription, error) {
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error { return tx.SetSubscription(ctx, accountID, sub, s.now()) })
	return sub, err
}

// ScheduleChecks queues a check of every subscribed citizen, spread evenly
// over period so the agencies see a steady rate rather than a burst at the
// top of the hour. Each check is an outbox row, so a scheduler running
// twice for the same period costs a second check, never a second
// notification.
func (s *Service) ScheduleChecks(ctx context.Context, period time.Duration) (int, error) {
	var total int
	if err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		total, err = tx.CountSubscribed(ctx)
		return err
	}); err != nil || total == 0 {
		return 0, err
	}
	start := s.now()
	step := period / time.Duration(total)
	after, i := "", 0
	for {
		var ids []string
		err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
			var err error
			if ids, err = tx.Subscribed(ctx, after, scheduleBatch); err != nil {
				return err
			}
			for _, id := range ids {
				b, err := json.Marshal(CheckPayload{AccountID: id})
				if err != nil {
					return err
				}
				at := start.Add(time.Duration(i) * step)
				i++
				if err := tx.AddEvent(ctx, event.Event{Type: TypeCheckNew, Queue: event.QueueLow, Payload: b, NotBefore: at}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return i, err
		}
		if len(ids) < scheduleBatch {
			return i, nil
		}
		after = ids[len(ids)-1]
	}
}

// CheckNew asks the agencies the citizen subscribed to and notifies him of
// each charge not seen before, once: the charge and its notification are
// written in one transaction, and a charge already stored is not new.
func (s *Service) CheckNew(ctx context.Context, accountID string) error {
	sub, err := s.Subscription(ctx, accountID)
	if err != nil {
		return err
	}
	if sub.Fines {
		if _, err := s.refreshNotify(ctx, accountID, SourceGIBDD, true); err != nil {
			return err
		}
	}
	if sub.Taxes {
		if _, err := s.refreshNotify(ctx, accountID, SourceFNS, true); err != nil && err != ErrNoINN {
			return err
		}
	}
	return nil
}

// newChargeNotification is what a citizen reads of a new charge.
func newChargeNotification(c Charge, now time.Time) notification.Notification {
	n := notification.Notification{ID: uuid.NewString(), AccountID: c.AccountID, CreatedAt: now}
	switch c.Source {
	case SourceFNS:
		n.Kind, n.Link = "TAXES_NEW_DEBT", "uslugi://taxes/"+c.ID
		n.TitleRu, n.TitleEn = "Новая налоговая задолженность", "A new tax debt"
		n.BodyRu = c.Title + " за " + itoa(c.Period) + " год: " + money.Format(c.AmountKopecks+c.PenaltyKopecks, "ru")
		n.BodyEn = "Tax for " + itoa(c.Period) + ": " + money.Format(c.AmountKopecks+c.PenaltyKopecks, "en")
	default:
		n.Kind, n.Link = "FINES_NEW_FINE", "uslugi://fines/"+c.ID
		n.TitleRu, n.TitleEn = "Новый штраф ГИБДД", "A new traffic fine"
		n.BodyRu = c.Title + ": " + money.Format(c.AmountKopecks, "ru")
		n.BodyEn = "Article " + c.Article + ": " + money.Format(c.AmountKopecks, "en")
		if half, until := c.Fine().Discount(); !until.IsZero() {
			n.BodyRu += ", со скидкой " + money.Format(half, "ru") + " до " + until.Format("02.01.2006")
			n.BodyEn += ", " + money.Format(half, "en") + " if paid by " + until.Format("2 Jan 2006")
		}
	}
	return n
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
