package statement

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// Person is what the bailiffs and the tax service find a citizen by.
type Person struct {
	LastName, FirstName, Patronymic string
	BirthDate                       time.Time
	RegionCode                      string
	INN                             string
}

// Gateways answer for the agencies. Each returns the charges it finds now;
// an error means it did not answer (try later).
type Gateways struct {
	Fines       func(ctx context.Context, docs []Document) ([]Charge, error)
	TaxDebts    func(ctx context.Context, inn string) ([]Charge, error)
	Proceedings func(ctx context.Context, p Person) ([]Charge, error)
	// FindINN looks the person's INN up by passport; found is false when
	// there is none.
	FindINN func(ctx context.Context, p Person, series, number string) (inn string, found bool, err error)
	// TaxAccount returns the taxable objects of an INN.
	TaxAccount func(ctx context.Context, inn string) (TaxAccount, error)
}

// Store opens transactions over the statements.
type Store interface {
	InTx(ctx context.Context, f func(ctx context.Context, tx Tx) error) error
}

// Tx is what the rules read and write inside one transaction.
type Tx interface {
	Documents(ctx context.Context, accountID string) ([]Document, error)
	AddDocument(ctx context.Context, d Document) error
	RemoveDocument(ctx context.Context, accountID, id string) error
	// Person returns the citizen's data from his profile; ErrNotFound
	// without personal data.
	Person(ctx context.Context, accountID string) (Person, error)
	SetINN(ctx context.Context, accountID, inn string) error

	Check(ctx context.Context, accountID string, src Source) (Check, error)
	// ExpireCheck makes the next look ask the agency again.
	ExpireCheck(ctx context.Context, accountID string, src Source) error
	// RequestRefresh marks a background refresh asked for at now unless
	// one was asked for since notBefore, and says whether it marked it.
	RequestRefresh(ctx context.Context, accountID string, src Source, now, notBefore time.Time) (bool, error)
	// SaveCheck records the agency's answer: the charges found (matched to
	// the stored ones by UIN) and when.
	SaveCheck(ctx context.Context, accountID string, src Source, at time.Time, found []Charge) (added []Charge, err error)
	Charges(ctx context.Context, accountID string, kind Source) ([]Charge, error)
	Charge(ctx context.Context, accountID, id string) (Charge, error)
	AddEvent(ctx context.Context, ev event.Event) error
	AddNotification(ctx context.Context, n notification.Notification) error

	// Subscription returns the account's subscription (both on without a
	// choice made).
	Subscription(ctx context.Context, accountID string) (Subscription, error)
	SetSubscription(ctx context.Context, accountID string, sub Subscription, at time.Time) error
	// CountSubscribed and Subscribed list the STANDARD and CONFIRMED
	// accounts subscribed to anything, by id.
	CountSubscribed(ctx context.Context) (int, error)
	Subscribed(ctx context.Context, afterID string, limit int) ([]string, error)
}

// Config tunes the cache.
type Config struct {
	// Freshness is how long an answer is served without asking again.
	Freshness time.Duration
	// Wait is how long a look with nothing cached waits for the agency.
	Wait time.Duration
}

// Service answers the citizen's statements.
type Service struct {
	store Store
	gw    Gateways
	cfg   Config
	clock func() time.Time
}

// New returns the statements service.
func New(store Store, gw Gateways, cfg Config, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	if cfg.Freshness <= 0 {
		cfg.Freshness = time.Hour
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 5 * time.Second
	}
	return &Service{store: store, gw: gw, cfg: cfg, clock: clock}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

// TypeRefresh is the job that asks an agency again in the background.
const TypeRefresh = "statements:refresh"

// RefreshPayload names what to refresh.
type RefreshPayload struct {
	AccountID string `json:"account_id"`
	Source    Source `json:"source"`
}

// refreshAgain is how long a requested background refresh keeps others
// from being queued: the job asks the agency at most once in that time.
const refreshAgain = time.Minute

// Look returns the citizen's charges from src. A fresh cached answer comes
// at once; an old one comes at once too, marked stale, while a job asks
// the agency again; with nothing cached it asks the agency and waits up to
// Config.Wait, then answers with what it has and src as unavailable.
func (s *Service) Look(ctx context.Context, accountID string, src Source, filter StatusFilter) (View, error) {
	var v View
	var check Check
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if check, err = tx.Check(ctx, accountID, src); err != nil {
			return err
		}
		now := s.now()
		if !check.CheckedAt.IsZero() && now.Sub(check.CheckedAt) >= s.cfg.Freshness {
			v.Stale = true
			if err := s.requestRefresh(ctx, tx, accountID, src, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return View{}, err
	}
	if check.CheckedAt.IsZero() {
		wctx, cancel := context.WithTimeout(ctx, s.cfg.Wait)
		_, err := s.refresh(wctx, accountID, src)
		cancel()
		switch {
		case errors.Is(err, ErrNoINN):
			return View{}, err
		case err != nil:
			// The agency is slow or down: say so, and let a job fill the cache.
			v.Unavailable = []Source{src}
			if err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
				return s.requestRefresh(ctx, tx, accountID, src, s.now())
			}); err != nil {
				return View{}, err
			}
		}
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		c, err := tx.Check(ctx, accountID, src)
		if err != nil {
			return err
		}
		v.CheckedAt = c.CheckedAt
		all, err := tx.Charges(ctx, accountID, src)
		v.Charges = filterCharges(all, filter)
		return err
	})
	return v, err
}

func (s *Service) requestRefresh(ctx context.Context, tx Tx, accountID string, src Source, now time.Time) error {
	marked, err := tx.RequestRefresh(ctx, accountID, src, now, now.Add(-refreshAgain))
	if err != nil || !marked {
		return err
	}
	b, err := json.Marshal(RefreshPayload{AccountID: accountID, Source: src})
	if err != nil {
		return err
	}
	return tx.AddEvent(ctx, event.Event{Type: TypeRefresh, Queue: event.QueueDefault, Payload: b})
}

func filterCharges(all []Charge, f StatusFilter) []Charge {
	out := make([]Charge, 0, len(all))
	for _, c := range all {
		if f == FilterAll || (f == FilterPaid) == c.Paid {
			out = append(out, c)
		}
	}
	return out
}

// Refresh asks src about the citizen now and stores the answer (the
// background job). Without an INN there is nothing to ask the tax service.
func (s *Service) Refresh(ctx context.Context, accountID string, src Source) error {
	_, err := s.refresh(ctx, accountID, src)
	if errors.Is(err, ErrNoINN) {
		return nil
	}
	return err
}

func (s *Service) refresh(ctx context.Context, accountID string, src Source) ([]Charge, error) {
	return s.refreshNotify(ctx, accountID, src, false)
}

// refreshNotify is refresh that, with notify, tells the citizen of each
// charge not seen before in the transaction that stores it; a source never
// asked before has nothing new (its charges are the first answer, not news).
func (s *Service) refreshNotify(ctx context.Context, accountID string, src Source, notify bool) ([]Charge, error) {
	var docs []Document
	var person Person
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if src == SourceGIBDD {
			docs, err = tx.Documents(ctx, accountID)
			return err
		}
		person, err = tx.Person(ctx, accountID)
		return err
	})
	if err != nil {
		return nil, err
	}
	var found []Charge
	switch src {
	case SourceGIBDD:
		if len(docs) > 0 {
			found, err = s.gw.Fines(ctx, docs)
		}
	case SourceFNS:
		if person.INN == "" {
			return nil, ErrNoINN
		}
		found, err = s.gw.TaxDebts(ctx, person.INN)
	case SourceFSSP:
		found, err = s.gw.Proceedings(ctx, person)
	default:
		return nil, fmt.Errorf("statement: unknown source %q", src)
	}
	if err != nil {
		return nil, fmt.Errorf("statement: %s did not answer: %w", src, err)
	}
	for i := range found {
		found[i].AccountID, found[i].Source, found[i].Kind = accountID, src, src.KindOf()
	}
	var added []Charge
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		before, err := tx.Check(ctx, accountID, src)
		if err != nil {
			return err
		}
		now := s.now()
		if added, err = tx.SaveCheck(ctx, accountID, src, now, found); err != nil {
			return err
		}
		if !notify || !before.Exists {
			return nil
		}
		for _, c := range added {
			if c.Paid {
				continue
			}
			if err := notification.Add(ctx, tx, newChargeNotification(c, now)); err != nil {
				return err
			}
		}
		return nil
	})
	return added, err
}

// Charge returns one of the citizen's charges; another's is ErrNotFound.
func (s *Service) Charge(ctx context.Context, accountID, id string) (Charge, error) {
	var c Charge
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		c, err = tx.Charge(ctx, accountID, id)
		return err
	})
	return c, err
}

// Sorted orders charges newest first.
func Sorted(cs []Charge) []Charge {
	slices.SortFunc(cs, func(a, b Charge) int { return b.Date.Compare(a.Date) })
	return cs
}
