package agency_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
)

func ids(msgs []agency.SentMessage) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

func TestMailboxListsNewestFirst(t *testing.T) {
	box := agency.NewMailbox(0)
	for i, to := range []string{"+79123456789", "ivanov@mail.ru", "+79123456789", "+79990000000", "+79123456789"} {
		box.Record(agency.SentMessage{ID: fmt.Sprint(i), Channel: agency.ChannelSMS, To: to, Text: "x", SentAt: t0.Add(time.Duration(i) * time.Second)})
	}
	if got, want := fmt.Sprint(ids(box.List("+79123456789"))), "[4 2 0]"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if got := box.List("+70000000000"); got != nil {
		t.Fatalf("unknown recipient: got %v, want nil", got)
	}
	if got := box.List("  "); got != nil {
		t.Fatalf("blank recipient: got %v, want nil", got)
	}
}

func TestMailboxNormalisesRecipients(t *testing.T) {
	tests := []struct {
		name     string
		sentTo   string
		query    string
		wantSeen bool
	}{
		{"phone with punctuation", "+7 (912) 345-67-89", "79123456789", true},
		{"phone with trunk prefix 8", "8 912 345 67 89", "+79123456789", true},
		{"phone where + became a space in a query", "+79123456789", " 79123456789", true},
		{"another phone", "+79123456789", "+79123456788", false},
		{"email in another case", "Ivanov@Mail.RU", "ivanov@mail.ru", true},
		{"email with spaces around", "ivanov@mail.ru", "  IVANOV@MAIL.RU ", true},
		{"another email", "ivanov@mail.ru", "petrov@mail.ru", false},
		{"phone digits never match an email", "79123456789@sms.ru", "79123456789", false},
		{"postal address in another case and spacing", "г. Москва,  ул. Ленина, д. 1", "Г. МОСКВА, УЛ. ЛЕНИНА, Д. 1", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			box := agency.NewMailbox(10)
			box.Record(agency.SentMessage{ID: "1", To: tc.sentTo, Text: "x"})
			if got := len(box.List(tc.query)) == 1; got != tc.wantSeen {
				t.Fatalf("List(%q) after sending to %q: seen=%v, want %v", tc.query, tc.sentTo, got, tc.wantSeen)
			}
		})
	}
}

func TestMailboxKeepsTheLastMessages(t *testing.T) {
	tests := []struct {
		name     string
		capacity int
		sent     int
		wantLen  int
		wantIDs  string // for "a"
	}{
		{"below capacity keeps all", 5, 3, 3, "[2 1 0]"},
		{"at capacity keeps all", 5, 5, 5, "[4 3 2 1 0]"},
		{"beyond capacity drops the oldest", 5, 12, 5, "[11 10 9 8 7]"},
		{"default capacity is 10000", 0, 10003, 10000, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			box := agency.NewMailbox(tc.capacity)
			for i := range tc.sent {
				box.Record(agency.SentMessage{ID: fmt.Sprint(i), To: "a@b.ru", Text: "x"})
			}
			if box.Len() != tc.wantLen {
				t.Fatalf("Len %d, want %d", box.Len(), tc.wantLen)
			}
			got := box.List("a@b.ru")
			if len(got) != tc.wantLen {
				t.Fatalf("listed %d, want %d", len(got), tc.wantLen)
			}
			if tc.wantIDs != "" && fmt.Sprint(ids(got)) != tc.wantIDs {
				t.Fatalf("got %v, want %s", ids(got), tc.wantIDs)
			}
			if got[0].ID != fmt.Sprint(tc.sent-1) || got[len(got)-1].ID != fmt.Sprint(tc.sent-tc.wantLen) {
				t.Fatalf("newest %s oldest %s", got[0].ID, got[len(got)-1].ID)
			}
		})
	}
}

func TestMailboxIsSafeForConcurrentUse(t *testing.T) {
	box := agency.NewMailbox(100)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				box.Record(agency.SentMessage{ID: fmt.Sprint(g, i), To: "+79123456789", Text: "x"})
				_ = box.List("+79123456789")
			}
		})
	}
	wg.Wait()
	if n := len(box.List("89123456789")); n != 100 {
		t.Fatalf("kept %d, want 100", n)
	}
}
