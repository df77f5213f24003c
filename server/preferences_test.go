package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestPreferencesAndQuietHoursThroughTheAPI(t *testing.T) {
	clock := agencytest.NewClock(time.Now().UTC().Truncate(time.Minute))
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	s := verified(t, a, clock, "+79123456789", "112233445", seen)
	setPref := `mutation($in: SetNotificationPreferenceInput!) { setNotificationPreference(input: $in) { settings { preferences { category channel enabled locked } } userErrors { field code } } }`

	t.Run("defaults, and security cannot be turned off", func(t *testing.T) {
		var d struct {
			NotificationSettings struct {
				Preferences []struct {
					Category, Channel string
					Enabled, Locked   bool
				}
			}
		}
		r := a.postAuth(t, s.AccessToken, `{ notificationSettings { preferences { category channel enabled locked } } }`, nil)
		if err := json.Unmarshal(r.Data, &d); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, p := range d.NotificationSettings.Preferences {
			got[p.Category+"/"+p.Channel] = p.Enabled
		}
		if !got["ACCOUNT/SMS"] || got["NEWS/SMS"] || !got["NEWS/PUSH"] || len(got) != 24 {
			t.Errorf("defaults: %v", got)
		}
		var p struct{ UserErrors []userErr }
		a.mutate(t, s.AccessToken, setPref, map[string]any{"in": map[string]any{"category": "SECURITY", "channel": "SMS", "enabled": false}}, &p)
		if len(p.UserErrors) != 1 || p.UserErrors[0].Code != "LOCKED" {
			t.Errorf("security off: %+v", p)
		}
	})

	confirm := func() {
		operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
		if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
			t.Fatal(err)
		}
	}
	smsCount := func() int {
		n := 0
		for _, m := range a.sims.Mailbox.List("+79123456789") {
			if strings.Contains(m.Text, "Личность подтверждена") {
				n++
			}
		}
		return n
	}
	delivered := func() bool {
		var n int
		_ = a.db.NewSelect().TableExpr("notifications").ColumnExpr("count(*)").
			Where("kind = 'IDENTITY_CONFIRMED' AND delivered_at IS NOT NULL").Scan(context.Background(), &n)
		return n > 0
	}

	t.Run("quiet hours hold the SMS until they end", func(t *testing.T) {
		now := clock.Now().UTC()
		in := map[string]any{"start": now.Add(-time.Hour).Format("15:04"), "end": now.Add(time.Hour).Format("15:04"), "timeZone": "Etc/UTC"}
		var q struct {
			Settings   *struct{ QuietHours *struct{ Start, End string } }
			UserErrors []userErr
		}
		a.mutate(t, s.AccessToken, `mutation($in: SetQuietHoursInput!) { setQuietHours(input: $in) { settings { quietHours { start end } } userErrors { field code } } }`,
			map[string]any{"in": in}, &q)
		if q.Settings == nil || q.Settings.QuietHours == nil {
			t.Fatalf("set quiet hours: %+v", q)
		}
		confirm()
		// The feed row is there at once; the SMS is not.
		waitFor(t, "the feed row", func() bool {
			var n int
			_ = a.db.NewSelect().TableExpr("notifications").ColumnExpr("count(*)").Where("kind = 'IDENTITY_CONFIRMED'").Scan(context.Background(), &n)
			return n == 1
		})
		time.Sleep(300 * time.Millisecond) // let the held delivery run and be rescheduled
		if smsCount() != 0 || delivered() {
			t.Fatal("an SMS went out during quiet hours")
		}
		clock.Advance(time.Hour + time.Minute)
		waitFor(t, "the held SMS", func() bool { return smsCount() == 1 })
	})

	t.Run("a channel turned off sends nothing, the feed still has the row", func(t *testing.T) {
		other := a.registerPhone(t, "+79120000007", seen)
		var p struct{ UserErrors []userErr }
		a.mutate(t, other.AccessToken, setPref, map[string]any{"in": map[string]any{"category": "ACCOUNT", "channel": "SMS", "enabled": false}}, &p)
		if len(p.UserErrors) > 0 {
			t.Fatal(p.UserErrors)
		}
		var sub struct{ UserErrors []userErr }
		a.mutate(t, other.AccessToken, personalDataMutation, map[string]any{"in": personalInput("445566778", "123456")}, &sub)
		if len(sub.UserErrors) > 0 {
			t.Fatal(sub.UserErrors)
		}
		waitFor(t, "the checks to be sent", func() bool {
			var n int
			_ = a.db.NewSelect().TableExpr("verifications").ColumnExpr("count(*)").
				Where("checks LIKE '%PENDING%PENDING%' AND status = 'RUNNING'").Scan(context.Background(), &n)
			return n == 1
		})
		clock.Advance(3 * time.Minute)
		waitFor(t, "the verification notice to be handled", func() bool {
			var n int
			_ = a.db.NewSelect().TableExpr("notifications").ColumnExpr("count(*)").
				Where("kind = 'VERIFICATION_SUCCEEDED' AND delivered_at IS NOT NULL").Scan(context.Background(), &n)
			return n == 2 // the first citizen's and this one's
		})
		for _, m := range a.sims.Mailbox.List("+79120000007") {
			if strings.Contains(m.Text, "Личные данные подтверждены") {
				t.Errorf("an SMS went out on a channel turned off: %q", m.Text)
			}
		}
	})
}
