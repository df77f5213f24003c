package agency_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

var secret = []byte("test-secret")

// merchant is the portal's callback endpoint: it verifies and records the
// callbacks, failing the first failFirst attempts with 500.
type merchant struct {
	mu        sync.Mutex
	failFirst int
	attempts  int
	got       []agency.AcquirerCallback
	forged    int
}

func (m *merchant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.attempts++
	if !agency.VerifyCallback(secret, body, r.Header.Get(agency.SignatureHeader)) || r.Header.Get("Content-Type") != "application/json" {
		m.forged++
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	if m.attempts <= m.failFirst {
		http.Error(w, "try later", http.StatusInternalServerError)
		return
	}
	var cb agency.AcquirerCallback
	if err := json.Unmarshal(body, &cb); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	m.got = append(m.got, cb)
}

func (m *merchant) callbacks() []agency.AcquirerCallback {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]agency.AcquirerCallback(nil), m.got...)
}

func newAcquirer(clock func() time.Time, base string) *agency.AcquirerSimulator {
	return agency.NewAcquirerSimulator(clock, agency.AcquirerOptions{BaseURL: base, Secret: secret, RetryDelay: time.Millisecond})
}

func paymentRequest(order, callback string) agency.PaymentRequest {
	return agency.PaymentRequest{OrderID: order, AmountKopecks: 1_500_00, Description: "Штраф ГИБДД по постановлению 18810177260310123456",
		ReturnURL: "https://uslugi.example/payments/return?from=fine", CallbackURL: callback}
}

func TestAcquirerCreatePaymentIsIdempotent(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	a := newAcquirer(clock.Now, "https://pay.example/dev/acquirer/")
	p, err := a.CreatePayment(ctx, paymentRequest("order-1", ""))
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Status != agency.PaymentPending || p.PageURL != "https://pay.example/dev/acquirer/"+p.ID ||
		p.OrderID != "order-1" || p.AmountKopecks != 1_500_00 || !p.CreatedAt.Equal(t0) {
		t.Fatalf("got %+v", p)
	}
	clock.Advance(time.Minute)
	again, err := a.CreatePayment(ctx, paymentRequest("order-1", ""))
	if err != nil || again != p {
		t.Fatalf("the same order again: %+v, %v; want %+v", again, err, p)
	}
	other, err := a.CreatePayment(ctx, paymentRequest("order-2", ""))
	if err != nil || other.ID == p.ID {
		t.Fatalf("another order: %+v, %v", other, err)
	}
	t.Run("another amount under the same order is invalid", func(t *testing.T) {
		r := paymentRequest("order-1", "")
		r.AmountKopecks++
		if _, err := a.CreatePayment(ctx, r); !errors.Is(err, agency.ErrInvalidRequest) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Payment returns it", func(t *testing.T) {
		if got, err := a.Payment(ctx, p.ID); err != nil || got != p {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := a.Payment(ctx, "pay_nope"); !errors.Is(err, agency.ErrUnknownTicket) {
			t.Fatalf("unknown payment: %v", err)
		}
	})
}

func TestAcquirerInvalidRequests(t *testing.T) {
	a := newAcquirer(nil, "")
	for name, change := range map[string]func(*agency.PaymentRequest){
		"no order":                  func(r *agency.PaymentRequest) { r.OrderID = " " },
		"order too long":            func(r *agency.PaymentRequest) { r.OrderID = strings.Repeat("x", 129) },
		"zero amount":               func(r *agency.PaymentRequest) { r.AmountKopecks = 0 },
		"negative amount":           func(r *agency.PaymentRequest) { r.AmountKopecks = -1 },
		"no return URL":             func(r *agency.PaymentRequest) { r.ReturnURL = "" },
		"relative return URL":       func(r *agency.PaymentRequest) { r.ReturnURL = "/payments/return" },
		"javascript return URL":     func(r *agency.PaymentRequest) { r.ReturnURL = "javascript:alert(1)" },
		"callback URL without host": func(r *agency.PaymentRequest) { r.CallbackURL = "http://" },
	} {
		t.Run(name, func(t *testing.T) {
			r := paymentRequest("order-1", "")
			change(&r)
			if _, err := a.CreatePayment(context.Background(), r); !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("got %v", err)
			}
		})
	}
	t.Run("failure rate", func(t *testing.T) {
		failing := agency.NewAcquirerSimulator(nil, agency.AcquirerOptions{FailureRate: 1})
		if _, err := failing.CreatePayment(context.Background(), paymentRequest("order-1", "")); !errors.Is(err, agency.ErrUnavailable) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestAcquirerSignedCallbacks(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	m := &merchant{}
	srv := httptest.NewServer(m)
	defer srv.Close()
	a := agency.NewAcquirerSimulator(clock.Now, agency.AcquirerOptions{Secret: secret, Client: srv.Client(), RetryDelay: time.Millisecond})
	p, err := a.CreatePayment(ctx, paymentRequest("order-1", srv.URL+"/payments/callback"))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	done, err := a.Complete(ctx, p.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != agency.PaymentSucceeded || len(done.AcquirerRef) != 12 || !done.CompletedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("completed: %+v", done)
	}
	want := agency.AcquirerCallback{PaymentID: p.ID, OrderID: "order-1", Status: agency.PaymentSucceeded,
		AmountKopecks: 1_500_00, AcquirerRef: done.AcquirerRef, PaidAt: t0.Add(time.Minute)}
	if got := m.callbacks(); len(got) != 1 || got[0] != want || m.forged != 0 {
		t.Fatalf("callbacks %+v (%d forged), want %+v", got, m.forged, want)
	}
	t.Run("completing again resends the callback", func(t *testing.T) {
		if again, err := a.Complete(ctx, p.ID, true); err != nil || again != done {
			t.Fatalf("got %+v, %v", again, err)
		}
		if got := m.callbacks(); len(got) != 2 || got[1] != want {
			t.Fatalf("callbacks %+v", got)
		}
	})
	t.Run("the other outcome is invalid", func(t *testing.T) {
		if _, err := a.Complete(ctx, p.ID, false); !errors.Is(err, agency.ErrInvalidRequest) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("unknown payment", func(t *testing.T) {
		if _, err := a.Complete(ctx, "pay_nope", true); !errors.Is(err, agency.ErrUnknownTicket) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a failed payment has no reference nor paidAt", func(t *testing.T) {
		p, err := a.CreatePayment(ctx, paymentRequest("order-2", srv.URL+"/payments/callback"))
		if err != nil {
			t.Fatal(err)
		}
		if done, err := a.Complete(ctx, p.ID, false); err != nil || done.Status != agency.PaymentFailed || done.AcquirerRef != "" {
			t.Fatalf("got %+v, %v", done, err)
		}
		got := m.callbacks()
		last := got[len(got)-1]
		if last.Status != agency.PaymentFailed || last.OrderID != "order-2" || last.AcquirerRef != "" || !last.PaidAt.IsZero() {
			t.Fatalf("callback %+v", last)
		}
	})
}

func TestAcquirerRetriesCallbacks(t *testing.T) {
	ctx := context.Background()
	t.Run("until the merchant answers 2xx", func(t *testing.T) {
		m := &merchant{failFirst: 2}
		srv := httptest.NewServer(m)
		defer srv.Close()
		a := newAcquirer(nil, "")
		p, _ := a.CreatePayment(ctx, paymentRequest("order-1", srv.URL))
		if _, err := a.Complete(ctx, p.ID, true); err != nil {
			t.Fatal(err)
		}
		if m.attempts != 3 || len(m.callbacks()) != 1 {
			t.Fatalf("%d attempts, %d callbacks; want 3 and 1", m.attempts, len(m.callbacks()))
		}
	})
	t.Run("giving up after the attempts, the payment stays completed", func(t *testing.T) {
		m := &merchant{failFirst: 100}
		srv := httptest.NewServer(m)
		defer srv.Close()
		a := agency.NewAcquirerSimulator(nil, agency.AcquirerOptions{Secret: secret, CallbackAttempts: 4, RetryDelay: time.Millisecond})
		p, _ := a.CreatePayment(ctx, paymentRequest("order-1", srv.URL))
		done, err := a.Complete(ctx, p.ID, true)
		if !errors.Is(err, agency.ErrUnavailable) || done.Status != agency.PaymentSucceeded || m.attempts != 4 {
			t.Fatalf("got %+v, %v after %d attempts", done, err, m.attempts)
		}
		if got, _ := a.Payment(ctx, p.ID); got.Status != agency.PaymentSucceeded {
			t.Fatalf("payment %+v", got)
		}
	})
	t.Run("a merchant with another secret sees a forged signature", func(t *testing.T) {
		m := &merchant{}
		srv := httptest.NewServer(m)
		defer srv.Close()
		a := agency.NewAcquirerSimulator(nil, agency.AcquirerOptions{Secret: []byte("another"), CallbackAttempts: 1})
		p, _ := a.CreatePayment(ctx, paymentRequest("order-1", srv.URL))
		if _, err := a.Complete(ctx, p.ID, true); !errors.Is(err, agency.ErrUnavailable) || m.forged != 1 {
			t.Fatalf("got %v with %d forged", err, m.forged)
		}
	})
}

func TestSignAndVerifyCallback(t *testing.T) {
	body := []byte(`{"paymentId":"pay_1","orderId":"order-1","status":"SUCCEEDED","amountKopecks":150000}`)
	sig := agency.SignCallback(secret, body)
	// Python: hmac.new(b"test-secret", body, hashlib.sha256).hexdigest()
	if want := "c20fd0ed67f2c493c3f6ba2b307802d10cef3a0773d49a5002f0f44205be61ef"; sig != want {
		t.Fatalf("signature %q, want %q", sig, want)
	}
	tests := []struct {
		name   string
		secret []byte
		body   []byte
		sig    string
		want   bool
	}{
		{"the signature", secret, body, sig, true},
		{"in upper case", secret, body, strings.ToUpper(sig), true},
		{"another body", secret, append(append([]byte(nil), body...), ' '), sig, false},
		{"another secret", []byte("other"), body, sig, false},
		{"forged", secret, body, strings.Repeat("0", 64), false},
		{"truncated", secret, body, sig[:62], false},
		{"not hex", secret, body, "zz" + sig[2:], false},
		{"empty", secret, body, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := agency.VerifyCallback(tc.secret, tc.body, tc.sig); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAcquirerPageFlow(t *testing.T) {
	ctx := context.Background()
	m := &merchant{}
	shop := httptest.NewServer(m)
	defer shop.Close()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	a := newAcquirer(agencytest.NewClock(t0).Now, srv.URL+"/dev/acquirer")
	mux.Handle("/dev/acquirer/", a.Handler())
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) (int, string) {
		t.Helper()
		resp, err := noRedirect.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	post := func(u, action string) *http.Response {
		t.Helper()
		resp, err := noRedirect.PostForm(u, url.Values{"action": {action}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	p, err := a.CreatePayment(ctx, paymentRequest("order-1", shop.URL))
	if err != nil {
		t.Fatal(err)
	}
	code, page := get(p.PageURL)
	for _, want := range []string{`<html lang="ru">`, "1\u00a0500,00\u00a0₽", "Штраф ГИБДД по постановлению", "order-1",
		`<button type="submit" name="action" value="pay">Оплатить`, `<button type="submit" name="action" value="cancel">Отменить</button>`, "<h1>", "<title>"} {
		if code != http.StatusOK || !strings.Contains(page, want) {
			t.Fatalf("page (%d) lacks %q:\n%s", code, want, page)
		}
	}

	resp := post(p.PageURL, "pay")
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || loc.Host != "uslugi.example" || loc.Path != "/payments/return" ||
		loc.Query().Get("paymentId") != p.ID || loc.Query().Get("from") != "fine" {
		t.Fatalf("POST pay: %d to %q", resp.StatusCode, loc)
	}
	if got, _ := a.Payment(ctx, p.ID); got.Status != agency.PaymentSucceeded {
		t.Fatalf("after pay: %+v", got)
	}
	if cbs := m.callbacks(); len(cbs) != 1 || cbs[0].PaymentID != p.ID || cbs[0].Status != agency.PaymentSucceeded {
		t.Fatalf("callbacks %+v", cbs)
	}
	if code, page := get(p.PageURL); code != http.StatusOK || !strings.Contains(page, "Платёж проведён") || strings.Contains(page, "<form") {
		t.Fatalf("page after paying (%d):\n%s", code, page)
	}
	t.Run("posting again changes nothing", func(t *testing.T) {
		if resp := post(p.PageURL, "cancel"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("got %d", resp.StatusCode)
		}
		if got, _ := a.Payment(ctx, p.ID); got.Status != agency.PaymentSucceeded || len(m.callbacks()) != 1 {
			t.Fatalf("after a second post: %+v, %d callbacks", got, len(m.callbacks()))
		}
	})
	t.Run("cancel fails the payment", func(t *testing.T) {
		p, _ := a.CreatePayment(ctx, paymentRequest("order-2", shop.URL))
		if resp := post(p.PageURL, "cancel"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("got %d", resp.StatusCode)
		}
		if got, _ := a.Payment(ctx, p.ID); got.Status != agency.PaymentFailed {
			t.Fatalf("after cancel: %+v", got)
		}
		if _, page := get(p.PageURL); !strings.Contains(page, "Платёж отменён") {
			t.Fatalf("page after cancel:\n%s", page)
		}
	})
	t.Run("errors", func(t *testing.T) {
		if code, _ := get(srv.URL + "/dev/acquirer/pay_nope"); code != http.StatusNotFound {
			t.Fatalf("unknown payment: %d", code)
		}
		p, _ := a.CreatePayment(ctx, paymentRequest("order-3", shop.URL))
		if resp := post(p.PageURL, "steal"); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("unknown action: %d", resp.StatusCode)
		}
		req, _ := http.NewRequest(http.MethodPut, p.PageURL, nil)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") == "" {
			t.Fatalf("PUT: %d", resp.StatusCode)
		}
		if got, _ := a.Payment(ctx, p.ID); got.Status != agency.PaymentPending {
			t.Fatalf("after errors: %+v", got)
		}
	})
	t.Run("the page escapes the description", func(t *testing.T) {
		r := paymentRequest("order-4", "")
		r.Description = `<script>alert(1)</script>`
		p, _ := a.CreatePayment(ctx, r)
		if _, page := get(p.PageURL); strings.Contains(page, "<script>") {
			t.Fatalf("unescaped:\n%s", page)
		}
	})
}
