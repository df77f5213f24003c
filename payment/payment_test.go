package payment_test

import (
	"testing"

	"github.com/uslugi/uslugi/payment"
)

func TestReturnToCarriesThePaymentID(t *testing.T) {
	tests := []struct {
		name, returnURL, want string
	}{
		{"no query", "https://uslugi.example/statements/payment", "https://uslugi.example/statements/payment?paymentId=p-1"},
		{"its parameters kept as they were", "https://uslugi.example/statements/payment?key=k%2F1&from=fines",
			"https://uslugi.example/statements/payment?key=k%2F1&from=fines&paymentId=p-1"},
		{"a fragment stays last", "https://uslugi.example/pay?key=k#result", "https://uslugi.example/pay?key=k&paymentId=p-1#result"},
		{"an empty query", "https://uslugi.example/pay?", "https://uslugi.example/pay?paymentId=p-1"},
		{"a paymentId of its own is replaced", "https://uslugi.example/pay?paymentId=evil&key=k&payment%49d=x",
			"https://uslugi.example/pay?key=k&paymentId=p-1"},
		{"the mobile app's scheme", "uslugi://payments/result?key=k", "uslugi://payments/result?key=k&paymentId=p-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (payment.Payment{ID: "p-1", ReturnURL: tt.returnURL}).ReturnTo(); got != tt.want {
				t.Errorf("ReturnTo() = %q, want %q", got, tt.want)
			}
		})
	}
}
