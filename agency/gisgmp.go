package agency

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// GISGMP is the State Information System on State and Municipal Payments
// (ГИС ГМП): the register every payment of a fine, tax or duty is reported
// to, by its UIN. The agencies read it to learn what was paid.
type GISGMP interface {
	// ReportPayment registers a payment and returns its register id. It is
	// idempotent per PaymentID: reporting the same payment again returns the
	// same id; another UIN or amount under a known PaymentID is
	// ErrInvalidRequest. ErrUnavailable: not registered, try again.
	ReportPayment(ctx context.Context, p PaymentReport) (registerID string, err error)
	// Payments returns the payments registered for a UIN, oldest first.
	Payments(ctx context.Context, uin string) ([]RegisteredPayment, error)
}

// PaymentReport is a payment as the portal reports it.
type PaymentReport struct {
	// PaymentID is the portal's id of the payment, the idempotency key.
	PaymentID string
	// UIN is the accrual paid: 20 or 25 digits.
	UIN           string
	AmountKopecks int64
	PaidAt        time.Time
	PayerName     string
	// AcquirerRef is the card acquirer's reference of the payment.
	AcquirerRef string
}

// RegisteredPayment is a payment in the register.
type RegisteredPayment struct {
	PaymentReport
	// RegisterID is the register's id of the payment (УИП), 32 digits.
	RegisterID   string
	RegisteredAt time.Time
}

// GISGMPSimulator is an in-memory register, safe for concurrent use. Its
// payments last as long as the process. The GIBDD, FNS and FSSP simulators
// built with it read it to mark fines, debts and proceedings paid.
//
// Besides the look-up rules (LookupOptions), it answers ErrInvalidRequest
// for a report without a PaymentID, a UIN that is not 20 or 25 digits, an
// amount that is not positive or a zero PaidAt, and for a UIN that is not
// 20 or 25 digits in Payments.
type GISGMPSimulator struct {
	l lookup

	mu    sync.Mutex
	byID  map[string]RegisteredPayment
	byUIN map[string][]RegisteredPayment
}

var _ GISGMP = (*GISGMPSimulator)(nil)

// NewGISGMPSimulator returns an empty register reading time from clock (nil:
// time.Now).
func NewGISGMPSimulator(clock func() time.Time, opts LookupOptions) *GISGMPSimulator {
	return &GISGMPSimulator{
		l:     newLookup("gisgmp", clock, opts),
		byID:  map[string]RegisteredPayment{},
		byUIN: map[string][]RegisteredPayment{},
	}
}

// ReportPayment registers the payment, once per PaymentID.
func (g *GISGMPSimulator) ReportPayment(ctx context.Context, p PaymentReport) (string, error) {
	p.PaymentID, p.UIN = strings.TrimSpace(p.PaymentID), strings.TrimSpace(p.UIN)
	var bad string
	switch {
	case p.PaymentID == "":
		bad = "payment id is required"
	case !validUIN(p.UIN):
		bad = "UIN must have 20 or 25 digits"
	case p.AmountKopecks <= 0:
		bad = "amount must be positive"
	case p.PaidAt.IsZero():
		bad = "payment time is required"
	}
	if bad != "" {
		return "", fmt.Errorf("gisgmp: report payment: %w: %s", ErrInvalidRequest, bad)
	}
	if err := g.l.await(ctx, ordinary, "report", p.PaymentID); err != nil {
		return "", fmt.Errorf("gisgmp: report payment: %w", err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if old, ok := g.byID[p.PaymentID]; ok {
		if old.UIN != p.UIN || old.AmountKopecks != p.AmountKopecks {
			return "", fmt.Errorf("gisgmp: report payment: %w: payment %q was reported with another UIN or amount", ErrInvalidRequest, p.PaymentID)
		}
		return old.RegisterID, nil
	}
	r := RegisteredPayment{
		PaymentReport: p,
		RegisterID:    "1" + seedOf("gisgmp.register", p.PaymentID).digits("id", 31),
		RegisteredAt:  g.l.now(),
	}
	g.byID[p.PaymentID] = r
	ps := append(g.byUIN[p.UIN], r)
	slices.SortStableFunc(ps, func(a, b RegisteredPayment) int { return a.PaidAt.Compare(b.PaidAt) })
	g.byUIN[p.UIN] = ps
	return r.RegisterID, nil
}

// Payments returns the payments registered for uin, oldest first.
func (g *GISGMPSimulator) Payments(ctx context.Context, uin string) ([]RegisteredPayment, error) {
	uin = strings.TrimSpace(uin)
	if !validUIN(uin) {
		return nil, fmt.Errorf("gisgmp: payments: %w: UIN must have 20 or 25 digits", ErrInvalidRequest)
	}
	if err := g.l.await(ctx, ordinary, "payments", uin); err != nil {
		return nil, fmt.Errorf("gisgmp: payments: %w", err)
	}
	return g.payments(uin), nil
}

// payments is Payments for the other simulators: no latency, no failures.
// It is nil-safe: a nil register has no payments.
func (g *GISGMPSimulator) payments(uin string) []RegisteredPayment {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.byUIN[uin])
}

// sumPaid is the total paid for uin.
func (g *GISGMPSimulator) sumPaid(uin string) int64 {
	var s int64
	for _, p := range g.payments(uin) {
		s += p.AmountKopecks
	}
	return s
}
