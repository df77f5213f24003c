package account_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
)

func TestRegisteredMailConfirmation(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	citizen := e.register(t, "+79123456789")
	p := account.Principal{AccountID: citizen.Account.ID}

	if _, err := e.svc.RequestConfirmationLetter(ctx, p, "420111", "г. Казань, ул. Баумана, д. 1, кв. 2", client); err == nil {
		t.Fatal("a SIMPLIFIED account ordered a letter")
	}
	v, err := e.svc.SubmitPersonalData(ctx, p, personal("112233445", "123456"), client)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.run(t, v.ID); got.Status != account.VerificationSucceeded {
		t.Fatal(got)
	}

	if _, err := e.svc.RequestConfirmationLetter(ctx, p, "4201", "г. Казань, ул. Баумана, д. 1", client); reason(err) == "" {
		t.Errorf("a bad postal code: %v", err)
	}
	letter, err := e.svc.RequestConfirmationLetter(ctx, p, "420111", "г. Казань, ул. Баумана, д. 1, кв. 2", client)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SendConfirmationLetter(ctx, letter.ID); err != nil {
		t.Fatal(err)
	}
	// Sent twice (a retried job): still one letter.
	if err := e.svc.SendConfirmationLetter(ctx, letter.ID); err != nil {
		t.Fatal(err)
	}

	t.Run("trackable from the next day, delivered in about two weeks", func(t *testing.T) {
		view, err := e.svc.ConfirmationLetter(ctx, p)
		if err != nil || view == nil || view.TrackingNumber == "" {
			t.Fatalf("letter: %+v %v", view, err)
		}
		if len(view.Tracking) != 0 {
			t.Errorf("tracking on the day of sending: %+v", view.Tracking)
		}
		e.clock.Advance(15 * 24 * time.Hour)
		view, err = e.svc.ConfirmationLetter(ctx, p)
		if err != nil || len(view.Tracking) == 0 || view.Tracking[len(view.Tracking)-1].Status != "DELIVERED" {
			t.Errorf("after 15 days: %+v %v", view.Tracking, err)
		}
	})

	t.Run("a new letter only 30 days after the last", func(t *testing.T) {
		if _, err := e.svc.RequestConfirmationLetter(ctx, p, "420111", "г. Казань, ул. Баумана, д. 1, кв. 2", client); reason(err) != "TOO_SOON" {
			t.Errorf("after 15 days: %v", err)
		}
	})

	code := regexp.MustCompile(`\d{8}`).FindString(e.postBody(t))
	if code == "" {
		t.Fatal("no code in the letter")
	}
	if _, err := e.svc.ConfirmWithLetterCode(ctx, p, "00000000", client); reason(err) != "WRONG_CODE" {
		t.Errorf("a wrong code: %v", err)
	}
	a, err := e.svc.ConfirmWithLetterCode(ctx, p, code, client)
	if err != nil || a.Tier != account.TierConfirmed || a.Method != account.MethodRegisteredMail {
		t.Errorf("confirm: %+v %v", a, err)
	}
}
