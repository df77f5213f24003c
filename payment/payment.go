// Package payment pays a citizen's charges through a card acquirer: one
// payment per idempotency key and per charge, the acquirer's signed
// callback settling it once, a receipt in the citizen's documents and the
// payment reported to the state register (GIS GMP) through the outbox.
package payment

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
	"github.com/uslugi/uslugi/statement"
)

// Status is where a payment stands.
type Status string

// Statuses. CREATED: stored, not yet at the acquirer; PENDING: the citizen
// is on the payment page; SUCCEEDED and FAILED are final.
const (
	StatusCreated   Status = "CREATED"
	StatusPending   Status = "PENDING"
	StatusSucceeded Status = "SUCCEEDED"
	StatusFailed    Status = "FAILED"
)

// Final reports whether nothing changes the payment any more.
func (s Status) Final() bool { return s == StatusSucceeded || s == StatusFailed }

// Item is one charge in a payment, with the amount due when it was made.
type Item struct {
	ChargeID      string
	Source        statement.Source
	UIN           string
	Title         string
	AmountKopecks int64
}

// Payment pays one or more charges.
type Payment struct {
	ID             string
	AccountID      string
	IdempotencyKey string
	Status         Status
	AmountKopecks  int64
	Items          []Item
	// ReturnURL is where the app asked the citizen to be sent back, as it
	// gave it; the acquirer is given ReturnTo.
	ReturnURL string
	// AcquirerID and PageURL come from the acquirer; the citizen pays there.
	AcquirerID  string
	PageURL     string
	AcquirerRef string
	CreatedAt   time.Time
	PaidAt      time.Time
	ReceiptID   string
}

// ReturnIDParam is the query parameter of the return URL that carries the
// payment's id.
const ReturnIDParam = "paymentId"

// ReturnTo is where the acquirer's page sends the citizen back: ReturnURL
// with the payment's id added as ReturnIDParam, so that the app shows the
// result even when what it kept before leaving (its sessionStorage) is
// gone. The URL's other parameters and its fragment stay as they were; a
// ReturnIDParam of its own is replaced.
func (p Payment) ReturnTo() string {
	rest, fragment, hasFragment := strings.Cut(p.ReturnURL, "#")
	base, query, _ := strings.Cut(rest, "?")
	var params []string
	for _, param := range strings.Split(query, "&") {
		name, _, _ := strings.Cut(param, "=")
		if n, err := url.QueryUnescape(name); param == "" || (err == nil && n == ReturnIDParam) {
			continue
		}
		params = append(params, param)
	}
	params = append(params, ReturnIDParam+"="+url.QueryEscape(p.ID))
	out := base + "?" + strings.Join(params, "&")
	if hasFragment {
		out += "#" + fragment
	}
	return out
}

// Receipt is the document a succeeded payment leaves in the citizen's
// documents.
type Receipt struct {
	ID            string
	AccountID     string
	PaymentID     string
	AmountKopecks int64
	Items         []Item
	PaidAt        time.Time
	AcquirerRef   string
	CreatedAt     time.Time
}

// Callback is the acquirer's word on a payment, after its signature was
// verified.
type Callback struct {
	AcquirerID    string
	OrderID       string // the payment's id
	Succeeded     bool
	AmountKopecks int64
	AcquirerRef   string
	PaidAt        time.Time
}

// Acquirer creates payments at the card acquirer.
type Acquirer interface {
	// Create registers the payment (idempotent by its id) and returns the
	// acquirer's id and the page the citizen pays on, which sends him back
	// to returnURL.
	Create(ctx context.Context, p Payment, description, returnURL, callbackURL string) (acquirerID, pageURL string, err error)
}

// Register is the state register of payments (GIS GMP).
type Register interface {
	// Report records the item's payment; idempotent by paymentID.
	Report(ctx context.Context, paymentID string, it Item, paidAt time.Time, acquirerRef string) error
}

// Store opens transactions over payments.
type Store interface {
	InTx(ctx context.Context, f func(ctx context.Context, tx Tx) error) error
}

// Tx is what the rules read and write in one transaction.
type Tx interface {
	// PaymentByKey returns the account's payment made with key, or ErrNotFound.
	PaymentByKey(ctx context.Context, accountID, key string) (Payment, error)
	// Payment returns the payment locked for update, or ErrNotFound.
	Payment(ctx context.Context, id string) (Payment, error)
	// OwnPayment returns the account's payment, or ErrNotFound.
	OwnPayment(ctx context.Context, accountID, id string) (Payment, error)
	Charge(ctx context.Context, accountID, id string) (statement.Charge, error)
	// LockCharges takes the charges for p; if another unfinished payment
	// holds one, it takes none and returns that payment's id.
	LockCharges(ctx context.Context, p Payment) (heldBy string, err error)
	ReleaseCharges(ctx context.Context, paymentID string) error
	// AddPayment stores p; ErrKeyTaken if the account has a payment with
	// its key.
	AddPayment(ctx context.Context, p Payment) error
	UpdatePayment(ctx context.Context, p Payment) error
	MarkChargesPaid(ctx context.Context, ids []string, at time.Time) error
	AddReceipt(ctx context.Context, r Receipt) error
	AddNotification(ctx context.Context, n notification.Notification) error
	AddEvent(ctx context.Context, ev event.Event) error
	MarkReported(ctx context.Context, paymentID string, at time.Time) error
	// Receipts returns the account's receipts, newest first.
	Receipts(ctx context.Context, accountID string, limit int) ([]Receipt, error)
}

// Errors.
var (
	ErrNotFound = errors.New("payment: not found")
	// ErrForged: a callback that does not match the payment it names.
	ErrForged = errors.New("payment: the callback does not match the payment")
	// ErrKeyTaken: a concurrent request stored a payment with the same key.
	ErrKeyTaken = errors.New("payment: the idempotency key was taken meanwhile")
	// ErrAcquirerDown: the acquirer did not take the payment; the same
	// idempotency key tries again.
	ErrAcquirerDown = errors.New("payment: the acquirer is unavailable; try again with the same idempotency key")
)

// FieldError is a problem with one input field, in both languages.
type FieldError struct {
	Field, Code, Ru, En string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.En }
