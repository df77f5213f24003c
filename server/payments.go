package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/payment"
	"github.com/uslugi/uslugi/secret"
)

// acquirerSecret is the key callbacks are signed with: ACQUIRER_SECRET, or
// one derived from SECRET_KEYS, which every process of a deployment shares.
func acquirerSecret(cfg Config, keys *secret.Keys) []byte {
	if cfg.AcquirerSecret != "" {
		return []byte(cfg.AcquirerSecret)
	}
	b, _ := hex.DecodeString(keys.LookupHash("acquirer-callback", "v1"))
	return b
}

// acquirerAdapter sends payments to the card acquirer.
type acquirerAdapter struct{ acq agency.Acquirer }

func (a acquirerAdapter) Create(ctx context.Context, p payment.Payment, description, returnURL, callbackURL string) (string, string, error) {
	ap, err := a.acq.CreatePayment(ctx, agency.PaymentRequest{OrderID: p.ID, AmountKopecks: p.AmountKopecks, Description: description,
		ReturnURL: returnURL, CallbackURL: callbackURL})
	if err != nil {
		return "", "", err
	}
	return ap.ID, ap.PageURL, nil
}

// registerAdapter reports payments to GIS GMP.
type registerAdapter struct{ reg agency.GISGMP }

func (r registerAdapter) Report(ctx context.Context, paymentID string, it payment.Item, paidAt time.Time, acquirerRef string) error {
	_, err := r.reg.ReportPayment(ctx, agency.PaymentReport{PaymentID: paymentID, UIN: it.UIN, AmountKopecks: it.AmountKopecks,
		PaidAt: paidAt, AcquirerRef: acquirerRef})
	return err
}

// maxCallbackBytes bounds a callback's body: the acquirer's JSON is small.
const maxCallbackBytes = 64 << 10

// callbackHandler takes the acquirer's signed callback (POST
// /payments/callback). An unsigned or forged one changes nothing and gets
// 403; a repeat is answered 200 and changes nothing either.
func callbackHandler(log *slog.Logger, secret []byte, payments *payment.Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCallbackBytes))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if !agency.VerifyCallback(secret, body, r.Header.Get(agency.SignatureHeader)) {
			log.WarnContext(r.Context(), "payment callback with a bad signature", "ip", r.RemoteAddr)
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		var cb agency.AcquirerCallback
		if err := json.Unmarshal(body, &cb); err != nil || cb.OrderID == "" {
			http.Error(w, "malformed callback", http.StatusBadRequest)
			return
		}
		err = payments.Complete(r.Context(), payment.Callback{AcquirerID: cb.PaymentID, OrderID: cb.OrderID,
			Succeeded: cb.Status == agency.PaymentSucceeded, AmountKopecks: cb.AmountKopecks, AcquirerRef: cb.AcquirerRef, PaidAt: cb.PaidAt})
		switch {
		case errors.Is(err, payment.ErrForged):
			log.WarnContext(r.Context(), "payment callback that matches no payment", "order", cb.OrderID)
			http.Error(w, "no such payment", http.StatusForbidden)
		case err != nil:
			// The acquirer retries a 5xx.
			log.ErrorContext(r.Context(), "payment callback failed", "order", cb.OrderID, "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
}

func publicPrefix(publicURL string) string { return strings.TrimRight(publicURL, "/") + "/" }
