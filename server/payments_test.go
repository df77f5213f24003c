package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/charge"
)

type paymentView struct {
	ID, Status    string
	AmountKopecks int64
	PageURL       *string
	ReceiptID     *string
	Items         []struct {
		ChargeID, UIN string
		AmountKopecks int64
	}
}

const payMutation = `mutation($in: PayChargesInput!) { payCharges(input: $in) {
	payment { id status amountKopecks pageUrl receiptId items { chargeId uin amountKopecks } } userErrors { field code message } } }`

func (a *testApp) pay(t *testing.T, token string, ids []string, key, returnURL string) (*paymentView, []userErr) {
	t.Helper()
	var p struct {
		Payment    *paymentView
		UserErrors []userErr
	}
	a.mutate(t, token, payMutation, map[string]any{"in": map[string]any{"chargeIds": ids, "idempotencyKey": key, "returnUrl": returnURL}}, &p)
	return p.Payment, p.UserErrors
}

// TestPayAFine: a citizen pays a fine within its discount through the
// acquirer's page; the signed callback marks it PAID once however often it
// comes, leaves a receipt and a notification, and the payment reaches GIS
// GMP. The same key gives the same payment, concurrent payments of one
// charge make one, and forged callbacks change nothing.
func TestPayAFine(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	s := verified(t, a, clock, "+79123456789", "112233445", map[string]bool{})
	gibdd := a.agencies.gibdd.(*agency.GIBDDSimulator)
	fresh := func(f agency.Fine) bool {
		return !f.Paid && charge.Discountable(f.Article) && clock.Now().Sub(f.DecisionDate) < 5*24*time.Hour
	}
	fine, ok := gibdd.FindFine(agency.FineByDriverLicence, fresh)
	if !ok {
		t.Fatal("no fresh fine")
	}
	if ue := addDocument(t, a, s.AccessToken, "DRIVER_LICENCE", fine.Document.Number); len(ue) > 0 {
		t.Fatal(ue)
	}
	var fineID string
	var unpaid []string
	for _, f := range a.fines(t, s.AccessToken).Fines {
		if f.UIN == fine.UIN {
			fineID = f.ID
		} else if f.Status == "UNPAID" {
			unpaid = append(unpaid, f.ID)
		}
	}
	if fineID == "" {
		t.Fatal("the fine is not listed")
	}
	// The app's own parameters come back, with the payment's id beside them.
	back := a.URL + "/statements/payment?key=pay-fine-0001"

	// Bad input changes nothing.
	if _, ue := a.pay(t, s.AccessToken, []string{fineID}, "key-short", "https://evil.example/"); len(ue) != 1 || ue[0].Field != "returnUrl" {
		t.Fatalf("a foreign return URL: %+v", ue)
	}
	if _, ue := a.pay(t, s.AccessToken, []string{fineID}, "k", back); len(ue) != 1 || ue[0].Field != "idempotencyKey" {
		t.Fatalf("a short key: %+v", ue)
	}

	p, ue := a.pay(t, s.AccessToken, []string{fineID}, "pay-fine-0001", back)
	if len(ue) > 0 || p == nil {
		t.Fatalf("pay: %+v", ue)
	}
	half := (fine.AmountKopecks + 1) / 2
	if p.Status != "PENDING" || p.AmountKopecks != half || p.PageURL == nil || !strings.HasPrefix(*p.PageURL, a.URL+"/dev/acquirer/") {
		t.Fatalf("payment: %+v, want PENDING for %d on the acquirer's page", p, half)
	}
	again, _ := a.pay(t, s.AccessToken, []string{fineID}, "pay-fine-0001", back)
	if again == nil || again.ID != p.ID {
		t.Fatalf("the same key made another payment: %+v", again)
	}
	// Another key for the same charge while it is being paid: the same payment.
	other, _ := a.pay(t, s.AccessToken, []string{fineID}, "pay-fine-0002", back)
	if other == nil || other.ID != p.ID {
		t.Fatalf("a second payment of one charge: %+v", other)
	}

	// Forged and unsigned callbacks are refused and change nothing.
	forged, _ := json.Marshal(agency.AcquirerCallback{PaymentID: "x", OrderID: p.ID, Status: agency.PaymentSucceeded, AmountKopecks: p.AmountKopecks})
	for _, sig := range []string{"", agency.SignCallback([]byte("not the key"), forged)} {
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/payments/callback", bytes.NewReader(forged))
		req.Header.Set(agency.SignatureHeader, sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a forged callback got %d", resp.StatusCode)
		}
	}
	if st := a.paymentStatus(t, s.AccessToken, p.ID); st != "PENDING" {
		t.Fatalf("after forged callbacks: %s", st)
	}

	// The citizen pays on the page and comes back.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(*p.PageURL, url.Values{"action": {"pay"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, back) {
		t.Fatalf("the page answered %d to %q", resp.StatusCode, loc)
	}
	// Without its sessionStorage the app still knows which payment it was.
	if u, err := url.Parse(loc); err != nil || u.Query().Get("paymentId") != p.ID || u.Query().Get("key") != "pay-fine-0001" {
		t.Errorf("the return %q does not carry paymentId=%s", loc, p.ID)
	}
	if st := a.paymentStatus(t, s.AccessToken, p.ID); st != "SUCCEEDED" {
		t.Fatalf("after paying: %s", st)
	}
	// The callback again: nothing changes.
	acqID := strings.TrimPrefix(*p.PageURL, a.URL+"/dev/acquirer/")
	if _, err := a.acquirer.Complete(context.Background(), acqID, true); err != nil {
		t.Fatal(err)
	}
	var receipts []struct {
		PaymentID     string
		AmountKopecks int64
		Items         []struct{ UIN string }
	}
	a.mutate(t, s.AccessToken, `{ receipts { paymentId amountKopecks items { uin } } }`, nil, &receipts)
	if len(receipts) != 1 || receipts[0].PaymentID != p.ID || receipts[0].AmountKopecks != half || receipts[0].Items[0].UIN != fine.UIN {
		t.Fatalf("receipts: %+v", receipts)
	}
	for _, f := range a.fines(t, s.AccessToken).Fines {
		if f.ID == fineID && (f.Status != "PAID" || f.AmountDueKopecks != 0) {
			t.Errorf("the paid fine: %+v", f)
		}
	}
	if _, ue := a.pay(t, s.AccessToken, []string{fineID}, "pay-fine-0003", back); len(ue) != 1 || ue[0].Code != "ALREADY_PAID" {
		t.Errorf("paying a paid fine: %+v", ue)
	}
	waitFor(t, "the payment in GIS GMP", func() bool {
		ps, err := a.agencies.register.Payments(context.Background(), fine.UIN)
		return err == nil && len(ps) == 1 && ps[0].AmountKopecks == half
	})
	n, err := a.db.NewSelect().TableExpr("notifications").Where("kind = 'FINES_PAYMENT_SUCCEEDED'").Count(context.Background())
	if err != nil || n != 1 {
		t.Errorf("%d payment notifications (%v), want 1", n, err)
	}

	// Concurrent payments of one charge under different keys make one.
	if len(unpaid) == 0 {
		plate, ok := gibdd.FindFine(agency.FineByPlate, func(f agency.Fine) bool { return !f.Paid })
		if !ok {
			t.Fatal("no plate with an unpaid fine")
		}
		if ue := addDocument(t, a, s.AccessToken, "PLATE", plate.Document.Number); len(ue) > 0 {
			t.Fatal(ue)
		}
		for _, f := range a.fines(t, s.AccessToken).Fines {
			if f.UIN == plate.UIN {
				unpaid = append(unpaid, f.ID)
			}
		}
	}
	{
		var wg sync.WaitGroup
		ids := make([]string, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if p, _ := a.pay(t, s.AccessToken, []string{unpaid[0]}, "concurrent-"+string(rune('a'+i))+"-key", back); p != nil {
					ids[i] = p.ID
				}
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id == "" || id != ids[0] {
				t.Fatalf("concurrent payments: %v", ids)
			}
		}
		rows, err := a.db.NewSelect().TableExpr("payments").Where("idempotency_key LIKE 'concurrent-%'").Count(context.Background())
		if err != nil || rows != 1 {
			t.Errorf("%d payments (%v), want 1", rows, err)
		}
	}
}

func (a *testApp) paymentStatus(t *testing.T, token, id string) string {
	t.Helper()
	var p struct{ Status string }
	a.mutate(t, token, `query($id: ID!) { payment(id: $id) { status } }`, map[string]any{"id": id}, &p)
	return p.Status
}
