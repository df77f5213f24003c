package agency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestSMSAndEmailAreRecorded(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	s := agency.NewSimulators(clock.Now, agency.SimOptions{})
	smsID, err := s.SMS.Send(ctx, "+7 912 345-67-89", "Код подтверждения: 1234")
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	mailID, err := s.Email.Send(ctx, "Ivanov@Mail.ru", "Подтверждение почты", "Ссылка: https://example/confirm")
	if err != nil {
		t.Fatal(err)
	}
	if smsID == "" || mailID == "" || smsID == mailID {
		t.Fatalf("ids %q and %q", smsID, mailID)
	}
	sms := s.Mailbox.List("89123456789")
	want := agency.SentMessage{ID: smsID, Channel: "sms", To: "+7 912 345-67-89", Text: "Код подтверждения: 1234", SentAt: t0}
	if len(sms) != 1 || sms[0] != want {
		t.Fatalf("sms: got %+v, want %+v", sms, want)
	}
	mail := s.Mailbox.List("ivanov@mail.ru")
	wantMail := agency.SentMessage{ID: mailID, Channel: "email", To: "Ivanov@Mail.ru", Subject: "Подтверждение почты", Text: "Ссылка: https://example/confirm", SentAt: t0.Add(time.Minute)}
	if len(mail) != 1 || mail[0] != wantMail {
		t.Fatalf("email: got %+v, want %+v", mail, wantMail)
	}
}

func TestMessageIDsAreUnique(t *testing.T) {
	s := agency.NewSimulators(agencytest.NewClock(t0).Now, agency.SimOptions{})
	seen := map[string]bool{}
	for range 100 {
		id, err := s.SMS.Send(context.Background(), "+79123456789", "same text, same time")
		if err != nil {
			t.Fatal(err)
		}
		if seen[id] {
			t.Fatalf("id %s twice", id)
		}
		seen[id] = true
	}
}

func TestInvalidMessages(t *testing.T) {
	ctx := context.Background()
	s := agency.NewSimulators(agencytest.NewClock(t0).Now, agency.SimOptions{})
	tests := []struct {
		name string
		send func() error
	}{
		{"SMS to an email", func() error { _, err := s.SMS.Send(ctx, "a@b.ru", "x"); return err }},
		{"SMS to a short number", func() error { _, err := s.SMS.Send(ctx, "12345", "x"); return err }},
		{"SMS without text", func() error { _, err := s.SMS.Send(ctx, "+79123456789", ""); return err }},
		{"email without @", func() error { _, err := s.Email.Send(ctx, "ivanov.mail.ru", "s", "x"); return err }},
		{"email with a space", func() error { _, err := s.Email.Send(ctx, "iva nov@mail.ru", "s", "x"); return err }},
		{"email without text", func() error { _, err := s.Email.Send(ctx, "ivanov@mail.ru", "s", ""); return err }},
		{"letter without address", func() error {
			_, err := s.Post.SendRegisteredLetter(ctx, agency.Letter{To: "Иванов", Body: "x"})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.send(); !errors.Is(err, agency.ErrInvalidRequest) {
				t.Fatalf("got %v, want ErrInvalidRequest", err)
			}
		})
	}
	if n := s.Mailbox.Len(); n != 0 {
		t.Fatalf("%d invalid messages recorded", n)
	}
}

func TestFailedSendsAreNotRecorded(t *testing.T) {
	o := agency.SendOptions{FailureRate: 1}
	s := agency.NewSimulators(agencytest.NewClock(t0).Now, agency.SimOptions{SMS: o, Email: o, Post: o})
	ctx := context.Background()
	_, e1 := s.SMS.Send(ctx, "+79123456789", "x")
	_, e2 := s.Email.Send(ctx, "a@b.ru", "s", "x")
	_, e3 := s.Post.SendRegisteredLetter(ctx, agency.Letter{To: "Иванов", Address: "Москва", Body: "x"})
	for _, err := range []error{e1, e2, e3} {
		if !errors.Is(err, agency.ErrUnavailable) {
			t.Fatalf("got %v, want ErrUnavailable", err)
		}
	}
	if n := s.Mailbox.Len(); n != 0 {
		t.Fatalf("%d failed messages recorded", n)
	}
}
