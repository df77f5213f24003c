package agency_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestDevMessagesHandler(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	s := agency.NewSimulators(clock.Now, agency.SimOptions{})
	if _, err := s.SMS.Send(ctx, "+79123456789", "Код: 1111"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	if _, err := s.SMS.Send(ctx, "89123456789", "Код: 2222"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Email.Send(ctx, "Ivanov@mail.ru", "Ссылка", "https://example/confirm"); err != nil {
		t.Fatal(err)
	}
	h := agency.DevMessagesHandler(s.Mailbox)

	tests := []struct {
		name      string
		method    string
		target    string
		wantCode  int
		wantTexts []string // for 200
		wantError string   // a part of the error, for the others
	}{
		{name: "phone, newest first", method: "GET", target: "/dev/messages?to=%2B79123456789", wantCode: 200,
			wantTexts: []string{"Код: 2222", "Код: 1111"}},
		{name: "phone whose + became a space", method: "GET", target: "/dev/messages?to=+79123456789", wantCode: 200,
			wantTexts: []string{"Код: 2222", "Код: 1111"}},
		{name: "email in another case", method: "GET", target: "/dev/messages?to=IVANOV@MAIL.RU", wantCode: 200,
			wantTexts: []string{"https://example/confirm"}},
		{name: "nobody is an empty list", method: "GET", target: "/dev/messages?to=nobody@mail.ru", wantCode: 200,
			wantTexts: []string{}},
		{name: "missing to", method: "GET", target: "/dev/messages", wantCode: 400, wantError: `missing query parameter "to"`},
		{name: "blank to", method: "GET", target: "/dev/messages?to=%20", wantCode: 400, wantError: `missing query parameter "to"`},
		{name: "POST is not allowed", method: "POST", target: "/dev/messages?to=a@b.ru", wantCode: 405, wantError: "method not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, nil))
			if rec.Code != tc.wantCode {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantCode, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q", ct)
			}
			if tc.wantCode != 200 {
				var body struct{ Error string }
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || !strings.Contains(body.Error, tc.wantError) {
					t.Fatalf("body %s (%v), want an error containing %q", rec.Body, err, tc.wantError)
				}
				return
			}
			var body struct {
				To       string
				Messages []agency.SentMessage
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %s: %v", rec.Body, err)
			}
			if body.Messages == nil {
				t.Fatalf("messages is null, want a list: %s", rec.Body)
			}
			got := make([]string, len(body.Messages))
			for i, m := range body.Messages {
				got[i] = m.Text
			}
			if strings.Join(got, "|") != strings.Join(tc.wantTexts, "|") {
				t.Fatalf("got %q, want %q", got, tc.wantTexts)
			}
		})
	}
	t.Run("JSON field names", func(t *testing.T) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/dev/messages?to=ivanov@mail.ru", nil))
		for _, field := range []string{`"id":`, `"channel":"email"`, `"to":"Ivanov@mail.ru"`, `"subject":"Ссылка"`, `"text":`, `"sentAt":"2026-03-10T07:01:00Z"`} {
			if !strings.Contains(rec.Body.String(), field) {
				t.Errorf("body %s lacks %s", rec.Body, field)
			}
		}
	})
}
