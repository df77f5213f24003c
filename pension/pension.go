// Package pension requests the statement of a citizen's pension account
// from the pension fund (SFR): asynchronously, since SFR answers in minutes
// to hours. A job sends the request, another polls for the answer; the
// statement lands in the citizen's documents with a notification.
package pension

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// Job types.
const (
	TypeRequest = "pension:request"
	TypePoll    = "pension:poll"
)

// Status is where a request stands.
type Status string

// Statuses.
const (
	StatusPending Status = "PENDING"
	StatusReady   Status = "READY"
	StatusFailed  Status = "FAILED"
)

// Contribution is what an employer paid for the citizen in a year.
type Contribution struct {
	Year          int    `json:"year"`
	EmployerName  string `json:"employer_name"`
	EmployerINN   string `json:"employer_inn"`
	AmountKopecks int64  `json:"amount_kopecks"`
}

// Statement is the pension account as SFR states it.
type Statement struct {
	InsuranceYears  int `json:"insurance_years"`
	InsuranceMonths int `json:"insurance_months"`
	InsuranceDays   int `json:"insurance_days"`
	// IPK is the individual pension coefficient in thousandths (84512 is
	// 84.512): a fixed point, never a float.
	IPK           int64          `json:"ipk"`
	Contributions []Contribution `json:"contributions"`
}

// Request is one request for a statement.
type Request struct {
	ID          string
	AccountID   string
	Status      Status
	Ticket      string
	Attempts    int
	Message     string // why it failed, in Russian
	MessageEn   string
	RequestedAt time.Time
	AnsweredAt  time.Time
	DocumentID  string
	Statement   *Statement
}

// Answer is SFR's answer so far.
type Answer struct {
	Done      bool
	Statement *Statement // nil when refused
	Message   string
	MessageEn string
}

// Person is whom the statement is for.
type Person struct {
	SNILS, LastName, FirstName, Patronymic string
	BirthDate                              time.Time
}

// SFR is the pension fund.
type SFR interface {
	Request(ctx context.Context, p Person) (ticket string, err error)
	Poll(ctx context.Context, ticket string) (Answer, error)
}

// People finds the person behind an account (with the SNILS opened).
type People interface {
	Person(ctx context.Context, accountID string) (Person, error)
}

// Store opens transactions.
type Store interface {
	InTx(ctx context.Context, f func(ctx context.Context, tx Tx) error) error
}

// Tx is what the rules read and write in one transaction.
type Tx interface {
	// PendingRequest returns the account's unanswered request, or ErrNotFound.
	PendingRequest(ctx context.Context, accountID string) (Request, error)
	// Request returns a request locked for update, or ErrNotFound.
	Request(ctx context.Context, id string) (Request, error)
	AddRequest(ctx context.Context, r Request) error
	UpdateRequest(ctx context.Context, r Request) error
	// Requests lists the account's requests, newest first, with their statements.
	Requests(ctx context.Context, accountID string, limit int) ([]Request, error)
	// AddStatement stores the statement in the citizen's documents.
	AddStatement(ctx context.Context, id, accountID string, st Statement, at time.Time) error
	AddNotification(ctx context.Context, n notification.Notification) error
	AddEvent(ctx context.Context, ev event.Event) error
}

// Errors.
var (
	ErrNotFound = errors.New("pension: not found")
	// ErrNoSNILS: the pension fund knows people by SNILS; the profile has none.
	ErrNoSNILS = errors.New("pension: the profile has no SNILS")
)

// Polling: SFR answers within minutes to an hour; a request unanswered
// after MaxPolls fails, so the citizen can ask again.
const (
	PollEvery = 2 * time.Minute
	MaxPolls  = 60
)

// Service requests statements.
type Service struct {
	store  Store
	sfr    SFR
	people People
	clock  func() time.Time
}

// New returns the service.
func New(store Store, sfr SFR, people People, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{store: store, sfr: sfr, people: people, clock: clock}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

// Payload names the request a job works on.
type Payload struct {
	RequestID string `json:"request_id"`
}

func jobEvent(typ, id string, at time.Time) (event.Event, error) {
	b, err := json.Marshal(Payload{RequestID: id})
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: typ, Queue: event.QueueDefault, Payload: b, NotBefore: at}, nil
}

// RequestStatement starts a request, or returns the one still waiting:
// SFR answers one at a time.
func (s *Service) RequestStatement(ctx context.Context, accountID string) (Request, error) {
	if _, err := s.people.Person(ctx, accountID); err != nil {
		return Request{}, err
	}
	var r Request
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		r, err = tx.PendingRequest(ctx, accountID)
		if err == nil || !errors.Is(err, ErrNotFound) {
			return err
		}
		r = Request{ID: uuid.NewString(), AccountID: accountID, Status: StatusPending, RequestedAt: s.now()}
		if err := tx.AddRequest(ctx, r); err != nil {
			return err
		}
		ev, err := jobEvent(TypeRequest, r.ID, time.Time{})
		if err != nil {
			return err
		}
		return tx.AddEvent(ctx, ev)
	})
	return r, err
}

// Send hands the request to SFR (the pension:request job) and schedules
// the first poll. Sent once: a request with a ticket is not sent again.
func (s *Service) Send(ctx context.Context, id string) error {
	var r Request
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		r, err = tx.Request(ctx, id)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || r.Ticket != "" || r.Status != StatusPending {
		return err
	}
	person, err := s.people.Person(ctx, r.AccountID)
	if err != nil {
		return err
	}
	ticket, err := s.sfr.Request(ctx, person)
	if err != nil {
		return fmt.Errorf("pension: SFR did not take the request: %w", err)
	}
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Request(ctx, id)
		if err != nil || cur.Ticket != "" {
			return err
		}
		cur.Ticket = ticket
		if err := tx.UpdateRequest(ctx, cur); err != nil {
			return err
		}
		ev, err := jobEvent(TypePoll, id, s.now().Add(PollEvery))
		if err != nil {
			return err
		}
		return tx.AddEvent(ctx, ev)
	})
}

// Poll asks SFR for the answer (the pension:poll job): not yet, and the
// next poll is scheduled; a statement, and it is stored in the citizen's
// documents and he is notified; a refusal or too long a wait, and the
// request fails with the reason.
func (s *Service) Poll(ctx context.Context, id string) error {
	var r Request
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		r, err = tx.Request(ctx, id)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || r.Status != StatusPending || r.Ticket == "" {
		return err
	}
	ans, err := s.sfr.Poll(ctx, r.Ticket)
	if err != nil {
		return fmt.Errorf("pension: unable to poll SFR: %w", err)
	}
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Request(ctx, id)
		if err != nil || cur.Status != StatusPending {
			return err
		}
		now := s.now()
		cur.Attempts++
		switch {
		case !ans.Done && cur.Attempts < MaxPolls:
			if err := tx.UpdateRequest(ctx, cur); err != nil {
				return err
			}
			ev, err := jobEvent(TypePoll, id, now.Add(PollEvery))
			if err != nil {
				return err
			}
			return tx.AddEvent(ctx, ev)
		case !ans.Done:
			cur.Status, cur.AnsweredAt = StatusFailed, now
			cur.Message, cur.MessageEn = "Пенсионный фонд не ответил вовремя: запросите выписку ещё раз", "the pension fund did not answer in time: request the statement again"
		case ans.Statement == nil:
			cur.Status, cur.AnsweredAt, cur.Message, cur.MessageEn = StatusFailed, now, ans.Message, ans.MessageEn
		default:
			cur.Status, cur.AnsweredAt, cur.DocumentID = StatusReady, now, uuid.NewString()
			if err := tx.AddStatement(ctx, cur.DocumentID, cur.AccountID, *ans.Statement, now); err != nil {
				return err
			}
		}
		if err := tx.UpdateRequest(ctx, cur); err != nil {
			return err
		}
		return s.notify(ctx, tx, cur, now)
	})
}

func (s *Service) notify(ctx context.Context, tx Tx, r Request, now time.Time) error {
	n := notification.Notification{ID: uuid.NewString(), AccountID: r.AccountID, Kind: "PENSION_STATEMENT_READY",
		TitleRu: "Выписка из лицевого счёта готова", TitleEn: "Your pension account statement is ready",
		BodyRu: "Стаж, пенсионные коэффициенты и взносы — в ваших документах.", BodyEn: "Your insurance record, pension points and contributions are in your documents.",
		Link: "uslugi://documents/" + r.DocumentID, CreatedAt: now}
	if r.Status == StatusFailed {
		n.Kind, n.TitleRu, n.TitleEn = "PENSION_STATEMENT_FAILED", "Выписку получить не удалось", "The statement could not be had"
		n.BodyRu, n.BodyEn, n.Link = r.Message, r.MessageEn, "uslugi://pension"
	}
	return notification.Add(ctx, tx, n)
}

// Requests lists the citizen's requests with their statements.
func (s *Service) Requests(ctx context.Context, accountID string) ([]Request, error) {
	var out []Request
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Requests(ctx, accountID, 20)
		return err
	})
	return out, err
}
