package notification

import (
	"testing"
	"time"
)

func TestQuietHoursHoldUntilMorning(t *testing.T) {
	q, err := ParseQuietHours("22:00", "08:00", "Asia/Yekaterinburg") // UTC+5
	if err != nil {
		t.Fatal(err)
	}
	utc := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, time.UTC) }
	morning := utc(28, 3, 0) // 08:00 in Yekaterinburg on the 28th
	tests := []struct {
		name      string
		now, want time.Time
	}{
		{"14:00 there is not quiet", utc(27, 9, 0), utc(27, 9, 0)},
		{"23:30 there waits for 08:00 the next day", utc(27, 18, 30), morning},
		{"02:00 there waits for 08:00 the same day", utc(27, 21, 0), morning},
		{"08:00 exactly is over", utc(28, 3, 0), utc(28, 3, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := q.HoldUntil(tt.now); !got.Equal(tt.want) {
				t.Errorf("HoldUntil(%s) = %s, want %s", tt.now, got, tt.want)
			}
		})
	}
}

func TestPreferences(t *testing.T) {
	p := Preferences{Overrides: map[string]bool{"FINES/SMS": false, "NEWS/EMAIL": true, "SECURITY/SMS": false}}
	tests := []struct {
		name string
		c    Category
		ch   PrefChannel
		want bool
	}{
		{"a default", CategoryApplications, PrefEmail, true},
		{"turned off", CategoryFines, PrefSMS, false},
		{"turned on", CategoryNews, PrefEmail, true},
		{"security cannot be turned off", CategorySecurity, PrefSMS, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Enabled(tt.c, tt.ch); got != tt.want {
				t.Errorf("Enabled(%s, %s) = %v", tt.c, tt.ch, got)
			}
		})
	}
	if _, err := ParseQuietHours("25:00", "08:00", "Europe/Moscow"); err == nil {
		t.Error("25:00 accepted")
	}
	if _, err := ParseQuietHours("22:00", "08:00", "Mars/Olympus"); err == nil {
		t.Error("an unknown zone accepted")
	}
}
