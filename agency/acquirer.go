package agency

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/uslugi/uslugi/money"
)

// Acquirer is a card acquirer: the portal creates a payment, sends the
// citizen's browser to its PageURL, and learns the outcome from a signed
// callback (see VerifyCallback) or by asking.
type Acquirer interface {
	// CreatePayment creates a payment, once per OrderID: the same order
	// returns the same payment. ErrInvalidRequest: a malformed request, or
	// another amount under a known OrderID. ErrUnavailable: try again.
	CreatePayment(ctx context.Context, r PaymentRequest) (AcquirerPayment, error)
	// Payment returns a payment as it stands. ErrUnknownTicket: no such
	// payment.
	Payment(ctx context.Context, id string) (AcquirerPayment, error)
}

// PaymentRequest is a payment the portal asks for.
type PaymentRequest struct {
	// OrderID is the portal's id of the order, the idempotency key. A
	// payment that failed stays failed: pay again under a new OrderID.
	OrderID       string
	AmountKopecks int64
	Description   string // shown to the payer
	// ReturnURL is where the browser goes when the payment is done, with
	// the query parameter paymentId added unless it has one (the portal
	// puts its own payment id there); absolute http(s).
	ReturnURL string
	// CallbackURL receives the signed outcome (AcquirerCallback); absolute
	// http(s), or empty for none.
	CallbackURL string
}

// PaymentStatus is where a card payment stands.
type PaymentStatus string

// The statuses of a card payment; SUCCEEDED and FAILED are final.
const (
	PaymentPending   PaymentStatus = "PENDING"
	PaymentSucceeded PaymentStatus = "SUCCEEDED"
	PaymentFailed    PaymentStatus = "FAILED"
)

// AcquirerPayment is a card payment.
type AcquirerPayment struct {
	ID            string
	OrderID       string
	AmountKopecks int64
	Description   string
	Status        PaymentStatus
	// PageURL is the payment page to send the browser to.
	PageURL string
	// AcquirerRef is the acquirer's reference (RRN, 12 digits), set once
	// SUCCEEDED; GIS GMP wants it with the payment.
	AcquirerRef string
	CreatedAt   time.Time
	CompletedAt time.Time // when it became SUCCEEDED or FAILED
}

// AcquirerCallback is the JSON body POSTed to a payment's CallbackURL when
// it completes, signed in the X-Signature header (see VerifyCallback). It
// may arrive more than once.
type AcquirerCallback struct {
	PaymentID     string        `json:"paymentId"`
	OrderID       string        `json:"orderId"`
	Status        PaymentStatus `json:"status"`
	AmountKopecks int64         `json:"amountKopecks"`
	AcquirerRef   string        `json:"acquirerRef,omitempty"`
	PaidAt        time.Time     `json:"paidAt,omitzero"` // set when SUCCEEDED
}

// SignatureHeader is the callback's header carrying SignCallback of its
// body.
const SignatureHeader = "X-Signature"

// SignCallback returns the signature of a callback body: hex of its
// HMAC-SHA256 under secret.
func SignCallback(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyCallback reports whether signature (hex, any case) is the body's
// signature under secret, in constant time.
func VerifyCallback(secret, body []byte, signature string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(signature))
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// DefaultAcquirerBaseURL is where the payment pages are served unless
// AcquirerOptions.BaseURL says otherwise.
const DefaultAcquirerBaseURL = "http://localhost:8080/dev/acquirer"

// AcquirerOptions configure an AcquirerSimulator.
type AcquirerOptions struct {
	// BaseURL is where Handler is mounted; the page of payment ID is
	// BaseURL + "/" + ID. Empty: DefaultAcquirerBaseURL.
	BaseURL string
	// Secret signs the callbacks; the portal verifies them with it.
	Secret []byte
	// Client sends the callbacks; nil: a client with a 10-second timeout.
	Client *http.Client
	// CallbackAttempts is how many times a callback is tried until it gets
	// a 2xx answer; zero means 3.
	CallbackAttempts int
	// RetryDelay is the real wait between attempts; zero means 1 second.
	RetryDelay time.Duration
	// FailureRate and FailureWindow work as in CheckOptions: the OrderID
	// decides whether CreatePayment fails with ErrUnavailable.
	FailureRate   float64
	FailureWindow time.Duration
}

// AcquirerSimulator is an in-memory card acquirer with a payment page
// (Handler) and signed callbacks, safe for concurrent use; its payments
// last as long as the process. Nothing is charged: the page's "Оплатить"
// succeeds and "Отменить" fails the payment, as Complete does.
type AcquirerSimulator struct {
	now      func() time.Time
	base     string
	secret   []byte
	client   *http.Client
	attempts int
	delay    time.Duration
	faults   faults

	mu      sync.Mutex
	byID    map[string]*acquirerPayment
	byOrder map[string]string
}

type acquirerPayment struct {
	AcquirerPayment
	returnURL, callbackURL string
}

var _ Acquirer = (*AcquirerSimulator)(nil)

// NewAcquirerSimulator returns an acquirer reading time from clock (nil:
// time.Now).
func NewAcquirerSimulator(clock func() time.Time, opts AcquirerOptions) *AcquirerSimulator {
	a := &AcquirerSimulator{
		now:      clockOrNow(clock),
		base:     strings.TrimRight(cmp.Or(opts.BaseURL, DefaultAcquirerBaseURL), "/"),
		secret:   opts.Secret,
		client:   opts.Client,
		attempts: opts.CallbackAttempts,
		delay:    opts.RetryDelay,
		faults:   newFaults(opts.FailureRate, opts.FailureWindow),
		byID:     map[string]*acquirerPayment{},
		byOrder:  map[string]string{},
	}
	if a.client == nil {
		a.client = &http.Client{Timeout: 10 * time.Second}
	}
	if a.attempts <= 0 {
		a.attempts = 3
	}
	if a.delay <= 0 {
		a.delay = time.Second
	}
	return a
}

// absoluteHTTP reports whether s is an absolute http(s) URL.
func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// CreatePayment creates a PENDING payment, or returns the order's payment.
func (a *AcquirerSimulator) CreatePayment(ctx context.Context, r PaymentRequest) (AcquirerPayment, error) {
	if err := ctx.Err(); err != nil {
		return AcquirerPayment{}, err
	}
	r.OrderID = strings.TrimSpace(r.OrderID)
	var bad string
	switch {
	case r.OrderID == "" || len(r.OrderID) > 128:
		bad = "order id is required, at most 128 bytes"
	case r.AmountKopecks <= 0:
		bad = "amount must be positive"
	case !absoluteHTTP(r.ReturnURL):
		bad = "return URL must be an absolute http(s) URL"
	case r.CallbackURL != "" && !absoluteHTTP(r.CallbackURL):
		bad = "callback URL must be an absolute http(s) URL"
	}
	if bad != "" {
		return AcquirerPayment{}, fmt.Errorf("acquirer: create payment: %w: %s", ErrInvalidRequest, bad)
	}
	now := a.now()
	if a.faults.fails(now, "acquirer", r.OrderID) {
		return AcquirerPayment{}, fmt.Errorf("acquirer: create payment: %w", ErrUnavailable)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if id, ok := a.byOrder[r.OrderID]; ok {
		p := a.byID[id]
		if p.AmountKopecks != r.AmountKopecks {
			return AcquirerPayment{}, fmt.Errorf("acquirer: create payment: %w: order %q has a payment of another amount", ErrInvalidRequest, r.OrderID)
		}
		return p.AcquirerPayment, nil
	}
	sd := seedOf("acquirer.payment", r.OrderID, now.Format(time.RFC3339Nano))
	id := "pay_" + hex.EncodeToString(sd[:10])
	p := &acquirerPayment{
		AcquirerPayment: AcquirerPayment{
			ID:            id,
			OrderID:       r.OrderID,
			AmountKopecks: r.AmountKopecks,
			Description:   r.Description,
			Status:        PaymentPending,
			PageURL:       a.base + "/" + id,
			CreatedAt:     now,
		},
		returnURL:   r.ReturnURL,
		callbackURL: r.CallbackURL,
	}
	a.byID[id], a.byOrder[r.OrderID] = p, id
	return p.AcquirerPayment, nil
}

// Payment returns the payment as it stands.
func (a *AcquirerSimulator) Payment(ctx context.Context, id string) (AcquirerPayment, error) {
	if err := ctx.Err(); err != nil {
		return AcquirerPayment{}, err
	}
	p, ok := a.get(id)
	if !ok {
		return AcquirerPayment{}, fmt.Errorf("acquirer: payment %q: %w", id, ErrUnknownTicket)
	}
	return p.AcquirerPayment, nil
}

func (a *AcquirerSimulator) get(id string) (acquirerPayment, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p, ok := a.byID[id]
	if !ok {
		return acquirerPayment{}, false
	}
	return *p, true
}

// Complete makes a PENDING payment SUCCEEDED (success) or FAILED, as the
// payer's choice on the page does, then sends its callback, trying
// CallbackAttempts times until the merchant answers 2xx. Completing a
// payment again with the same outcome sends the callback again;
// ErrInvalidRequest with the other outcome. ErrUnknownTicket: no such
// payment.
//
// When the callback is not delivered the payment is completed all the same:
// Complete returns it with an error wrapping ErrUnavailable.
func (a *AcquirerSimulator) Complete(ctx context.Context, id string, success bool) (AcquirerPayment, error) {
	if err := ctx.Err(); err != nil {
		return AcquirerPayment{}, err
	}
	want := PaymentFailed
	if success {
		want = PaymentSucceeded
	}
	a.mu.Lock()
	pp, ok := a.byID[id]
	if !ok {
		a.mu.Unlock()
		return AcquirerPayment{}, fmt.Errorf("acquirer: complete %q: %w", id, ErrUnknownTicket)
	}
	switch pp.Status {
	case PaymentPending:
		pp.Status, pp.CompletedAt = want, a.now()
		if success {
			pp.AcquirerRef = seedOf("acquirer.rrn", id).digits("rrn", 12)
		}
	case want:
	default:
		a.mu.Unlock()
		return AcquirerPayment{}, fmt.Errorf("acquirer: complete %q: %w: the payment is already %s", id, ErrInvalidRequest, pp.Status)
	}
	p := *pp
	a.mu.Unlock()
	if err := a.callback(ctx, p); err != nil {
		return p.AcquirerPayment, fmt.Errorf("acquirer: complete %q: %w", id, err)
	}
	return p.AcquirerPayment, nil
}

// callback POSTs the payment's outcome to its CallbackURL, if any.
func (a *AcquirerSimulator) callback(ctx context.Context, p acquirerPayment) error {
	if p.callbackURL == "" {
		return nil
	}
	cb := AcquirerCallback{
		PaymentID: p.ID, OrderID: p.OrderID, Status: p.Status,
		AmountKopecks: p.AmountKopecks, AcquirerRef: p.AcquirerRef,
	}
	if p.Status == PaymentSucceeded {
		cb.PaidAt = p.CompletedAt.UTC()
	}
	body, err := json.Marshal(cb)
	if err != nil {
		return err
	}
	sig := SignCallback(a.secret, body)
	var last error
	for i := range a.attempts {
		if i > 0 {
			t := time.NewTimer(a.delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("%w: callback not delivered: %w (last attempt: %w)", ErrUnavailable, ctx.Err(), last)
			case <-t.C:
			}
		}
		if last = a.post(ctx, p.callbackURL, body, sig); last == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: callback not delivered in %d attempts: %w", ErrUnavailable, a.attempts, last)
}

func (a *AcquirerSimulator) post(ctx context.Context, to string, body []byte, sig string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, to, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, sig)
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("callback answered %s", resp.Status)
	}
	return nil
}

// Handler serves the payment pages, mounted at the BaseURL's path (with or
// without the prefix stripped): the last segment of the path is the
// payment id.
//
//	GET  .../{id}  the page: the amount, the description, "Оплатить" and "Отменить"
//	POST .../{id}  action=pay or action=cancel: completes the payment as
//	               Complete does, then redirects (303) to the ReturnURL
//	               with ?paymentId={id} unless it has a paymentId already
//
// An unknown id is 404; other methods 405. Nothing is charged: mount it only
// while the acquirer is the simulator.
func (a *AcquirerSimulator) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := path.Base(r.URL.Path)
		p, ok := a.get(id)
		switch {
		case r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost:
			w.Header().Set("Allow", "GET, HEAD, POST")
			a.page(w, http.StatusMethodNotAllowed, pageData{Title: "Метод не поддерживается", Note: "Откройте страницу оплаты по ссылке."})
		case !ok:
			a.page(w, http.StatusNotFound, pageData{Title: "Платёж не найден", Note: "Проверьте ссылку на страницу оплаты."})
		case r.Method == http.MethodPost:
			action := r.PostFormValue("action")
			if action != "pay" && action != "cancel" {
				a.page(w, http.StatusBadRequest, pageData{Title: "Неизвестное действие", Note: "Нажмите «Оплатить» или «Отменить»."})
				return
			}
			if p.Status == PaymentPending {
				// The payer leaving must not stop the callback.
				ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Minute)
				defer cancel()
				if _, err := a.Complete(ctx, id, action == "pay"); err != nil && !errors.Is(err, ErrUnavailable) && !errors.Is(err, ErrInvalidRequest) {
					a.page(w, http.StatusInternalServerError, pageData{Title: "Ошибка", Note: "Попробуйте ещё раз."})
					return
				}
			}
			http.Redirect(w, r, returnTo(p.returnURL, id), http.StatusSeeOther)
		default:
			d := pageData{
				Title: "Оплата картой", Amount: money.Format(p.AmountKopecks, "ru"),
				Description: p.Description, OrderID: p.OrderID, Pending: p.Status == PaymentPending,
				Return: returnTo(p.returnURL, id),
			}
			switch p.Status {
			case PaymentSucceeded:
				d.Note = "Платёж проведён."
			case PaymentFailed:
				d.Note = "Платёж отменён."
			}
			a.page(w, http.StatusOK, d)
		}
	})
}

// returnTo is the return URL with the payment id added, unless it has one.
func returnTo(ret, id string) string {
	u, err := url.Parse(ret)
	if err != nil {
		return ret
	}
	q := u.Query()
	if q.Has("paymentId") {
		return ret // the merchant's own id: overwriting it would lose it
	}
	q.Set("paymentId", id)
	u.RawQuery = q.Encode()
	return u.String()
}

type pageData struct {
	Title, Amount, Description, OrderID, Note, Return string
	Pending                                           bool
}

var acquirerPage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}{{with .Amount}}: {{.}}{{end}}</title>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{- if .Amount}}
<p>Тестовая страница оплаты: деньги не списываются.</p>
<dl>
<dt>Сумма</dt><dd>{{.Amount}}</dd>
{{- with .Description}}
<dt>Назначение</dt><dd>{{.}}</dd>
{{- end}}
<dt>Заказ</dt><dd>{{.OrderID}}</dd>
</dl>
{{- end}}
{{- if .Pending}}
<form method="post">
<button type="submit" name="action" value="pay">Оплатить {{.Amount}}</button>
<button type="submit" name="action" value="cancel">Отменить</button>
</form>
{{- else}}
{{- with .Note}}
<p role="status">{{.}}</p>
{{- end}}
{{- with .Return}}
<p><a href="{{.}}">Вернуться на портал</a></p>
{{- end}}
{{- end}}
</main>
</body>
</html>
`))

func (a *AcquirerSimulator) page(w http.ResponseWriter, code int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = acquirerPage.Execute(w, d)
}
