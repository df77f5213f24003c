package agency_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

var msk = time.FixedZone("MSK", 3*60*60)

const day = 24 * time.Hour

func letter(address string) agency.Letter {
	return agency.Letter{To: "Иванов Иван Иванович", Address: address, Body: "Код подтверждения: 123456"}
}

func statuses(events []agency.TrackingEvent) string {
	out := make([]agency.TrackingStatus, len(events))
	for i, e := range events {
		out[i] = e.Status
	}
	return fmt.Sprint(out)
}

func TestPostTracking(t *testing.T) {
	const (
		good = "г. Москва, ул. Ленина, д. 1, кв. 2"
		bad  = "г. Москва, Несуществующая ул., д. 1"
	)
	tests := []struct {
		name    string
		address string
		at      time.Duration // after sending at 10:00 Moscow time
		want    string
	}{
		{"nothing on the day of sending", good, 14*time.Hour - time.Second, "[]"},
		{"accepted from the next day", good, 14 * time.Hour, "[ACCEPTED]"},
		{"in transit a day after sending", good, day, "[ACCEPTED IN_TRANSIT]"},
		{"still in transit after 11 days", good, 12*day - time.Second, "[ACCEPTED IN_TRANSIT]"},
		{"arrived at the post office after 12 days", good, 12 * day, "[ACCEPTED IN_TRANSIT ARRIVED]"},
		{"not delivered just before 14 days", good, 14*day - time.Second, "[ACCEPTED IN_TRANSIT ARRIVED]"},
		{"delivered after 14 days", good, 14 * day, "[ACCEPTED IN_TRANSIT ARRIVED DELIVERED]"},
		{"delivered stays delivered", good, 90 * day, "[ACCEPTED IN_TRANSIT ARRIVED DELIVERED]"},
		{"wrong address in transit before 10 days", bad, 10*day - time.Second, "[ACCEPTED IN_TRANSIT]"},
		{"wrong address returned after 10 days", bad, 10 * day, "[ACCEPTED IN_TRANSIT RETURNED]"},
		{"wrong address never delivered", bad, 90 * day, "[ACCEPTED IN_TRANSIT RETURNED]"},
		{"wrong address in capitals", "НЕСУЩЕСТВУЮЩИЙ пр-т, 5", 90 * day, "[ACCEPTED IN_TRANSIT RETURNED]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := agencytest.NewClock(t0)
			post := agency.NewPostSimulator(clock.Now, nil, agency.SendOptions{})
			number, err := post.SendRegisteredLetter(context.Background(), letter(tc.address))
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(tc.at)
			events, err := post.Track(context.Background(), number)
			if err != nil {
				t.Fatal(err)
			}
			if got := statuses(events); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
			offsets := map[agency.TrackingStatus]time.Duration{
				agency.TrackingAccepted: 0, agency.TrackingInTransit: day, agency.TrackingArrived: 12 * day,
				agency.TrackingDelivered: 14 * day, agency.TrackingReturned: 10 * day,
			}
			for _, e := range events {
				if want := t0.Add(offsets[e.Status]); !e.At.Equal(want) {
					t.Errorf("%s at %v, want %v", e.Status, e.At, want)
				}
				if e.Message == "" || e.MessageEn == "" {
					t.Errorf("%s has no message", e.Status)
				}
			}
		})
	}
}

func TestTrackingNumbers(t *testing.T) {
	ctx := context.Background()
	clock := agencytest.NewClock(t0)
	box := agency.NewMailbox(0)
	post := agency.NewPostSimulator(clock.Now, box, agency.SendOptions{})
	number, err := post.SendRegisteredLetter(ctx, letter("Москва, ул. Ленина, д. 1"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("14 digits with a valid check digit", func(t *testing.T) {
		if len(number) != 14 {
			t.Fatalf("%q has %d characters", number, len(number))
		}
		sum := 0
		for i, r := range number[:13] {
			if r < '0' || r > '9' {
				t.Fatalf("%q is not all digits", number)
			}
			sum += map[bool]int{true: 3, false: 1}[i%2 == 0] * int(r-'0')
		}
		if want := byte('0' + (10-sum%10)%10); number[13] != want {
			t.Fatalf("%q: check digit %c, want %c", number, number[13], want)
		}
		if number[6:8] != "03" {
			t.Fatalf("%q: month digits %s, want 03", number, number[6:8])
		}
	})
	t.Run("derived deterministically", func(t *testing.T) {
		other := agency.NewPostSimulator(agencytest.NewClock(t0).Now, nil, agency.SendOptions{})
		again, err := other.SendRegisteredLetter(ctx, letter("Москва, ул. Ленина, д. 1"))
		if err != nil || again != number {
			t.Fatalf("got %q, %v; want %q", again, err, number)
		}
	})
	t.Run("recorded in the mailbox by address", func(t *testing.T) {
		got := box.List("москва, ул. ленина, д. 1")
		want := agency.SentMessage{ID: number, Channel: "post", To: "Москва, ул. Ленина, д. 1",
			Subject: "Иванов Иван Иванович", Text: "Код подтверждения: 123456", SentAt: t0}
		if len(got) != 1 || got[0] != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})
	t.Run("tracked by another process", func(t *testing.T) {
		later := agencytest.NewClock(t0.Add(20 * day))
		events, err := agency.NewPostSimulator(later.Now, nil, agency.SendOptions{}).Track(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		if got := statuses(events); got != "[ACCEPTED IN_TRANSIT ARRIVED DELIVERED]" {
			t.Fatalf("got %s", got)
		}
	})
	t.Run("unique within a second", func(t *testing.T) {
		seen := map[string]bool{number: true}
		for i := 1; i < 1000; i++ {
			n, err := post.SendRegisteredLetter(ctx, letter("Москва, ул. Ленина, д. 1")) // the same letter
			if err != nil {
				t.Fatalf("letter %d: %v", i, err)
			}
			if seen[n] {
				t.Fatalf("letter %d: %s twice", i, n)
			}
			seen[n] = true
		}
		if _, err := post.SendRegisteredLetter(ctx, letter("Москва")); !errors.Is(err, agency.ErrUnavailable) {
			t.Fatalf("letter 1001 in a second: got %v, want ErrUnavailable", err)
		}
		clock.Advance(time.Second)
		if _, err := post.SendRegisteredLetter(ctx, letter("Москва")); err != nil {
			t.Fatalf("next second: %v", err)
		}
	})
}

func TestTrackingAcrossMonthsAndYears(t *testing.T) {
	tests := []struct {
		name string
		sent time.Time
	}{
		{"first second of a month", time.Date(2026, time.April, 1, 0, 0, 0, 0, msk)},
		{"last second of a long month", time.Date(2026, time.January, 31, 23, 59, 59, 0, msk)},
		{"sent in December, tracked in January", time.Date(2025, time.December, 28, 15, 4, 5, 0, msk)},
		{"Moscow month differs from UTC", time.Date(2026, time.February, 28, 22, 30, 0, 0, time.UTC)}, // 1 March in Moscow
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := agencytest.NewClock(tc.sent)
			post := agency.NewPostSimulator(clock.Now, nil, agency.SendOptions{})
			number, err := post.SendRegisteredLetter(context.Background(), letter("Москва"))
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("%02d", tc.sent.In(msk).Month()); number[6:8] != want {
				t.Fatalf("%s: month %s, want %s", number, number[6:8], want)
			}
			clock.Advance(20 * day)
			events, err := post.Track(context.Background(), number)
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != 4 || !events[0].At.Equal(tc.sent) {
				t.Fatalf("got %+v, want 4 events from %v", events, tc.sent)
			}
		})
	}
}

func TestUnknownTrackingNumbers(t *testing.T) {
	clock := agencytest.NewClock(t0)
	post := agency.NewPostSimulator(clock.Now, nil, agency.SendOptions{})
	good, err := post.SendRegisteredLetter(context.Background(), letter("Москва"))
	if err != nil {
		t.Fatal(err)
	}
	badCheck := good[:13] + string(rune('0'+(good[13]-'0'+1)%10))
	tests := []struct{ name, number string }{
		{"empty", ""},
		{"13 digits", good[:13]},
		{"letters", "RA123456789RU"},
		{"wrong check digit", badCheck},
		{"unknown fate digit", withCheck("3" + good[1:13])},
		{"month 13", withCheck("1000001300000")},
		{"second beyond the month", withCheck("1000270300000")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := post.Track(context.Background(), tc.number); !errors.Is(err, agency.ErrUnknownTicket) {
				t.Fatalf("Track(%q): got %v, want ErrUnknownTicket", tc.number, err)
			}
		})
	}
	t.Run("spaces are ignored", func(t *testing.T) {
		if _, err := post.Track(context.Background(), good[:6]+" "+good[6:]); err != nil {
			t.Fatal(err)
		}
	})
}

func withCheck(digits string) string {
	sum := 0
	for i, r := range digits {
		w := 1
		if i%2 == 0 {
			w = 3
		}
		sum += w * int(r-'0')
	}
	return digits + fmt.Sprint((10-sum%10)%10)
}
