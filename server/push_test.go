package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/notification/fcm"
	"github.com/uslugi/uslugi/notification/fcm/fcmtest"
)

// TestPushThroughFCM runs the real firebase SDK against a local fake of the
// FCM HTTP v1 API: a notification reaches the citizen's live device in its
// language, and a token FCM calls UNREGISTERED is forgotten.
func TestPushThroughFCM(t *testing.T) {
	fake := fcmtest.NewServer(t)
	sender, err := fcm.NewFirebaseSender(context.Background(), fcm.Config{
		ProjectID:   "uslugi-test",
		Endpoint:    fake.Endpoint(),
		HTTPClient:  fake.Client(),
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1; c.pushSender = sender }, clock.Now)
	s := verified(t, a, clock, "+79123456789", "112233445", map[string]bool{})

	live := "live-token-" + strings.Repeat("a", 40)
	dead := "dead-token-" + strings.Repeat("b", 40)
	fake.Answer(dead, fcmtest.Answer{Outcome: fcmtest.Unregistered})
	register := `mutation($in: RegisterDeviceInput!) { registerDevice(input: $in) { userErrors { code } } }`
	for _, tok := range []string{live, dead} {
		var p struct{ UserErrors []userErr }
		a.mutate(t, s.AccessToken, register, map[string]any{"in": map[string]any{"token": tok, "platform": "ANDROID", "appVersion": "5.2", "locale": "en"}}, &p)
		if len(p.UserErrors) > 0 {
			t.Fatal(p.UserErrors)
		}
	}
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the push to the live device", func() bool {
		for _, m := range fake.Messages() {
			if m.Token == live && m.Notification != nil && m.Notification.Title == "Identity confirmed" {
				return true
			}
		}
		return false
	})
	waitFor(t, "the dead token to be forgotten", func() bool {
		devs, err := a.devices.List(context.Background(), localID(t, s.Account.ID))
		return err == nil && len(devs) == 1 && devs[0].Token == live
	})
	// Each notification shows how it went, per device and channel; the dead
	// token was forgotten at the first push after it was registered.
	type delivery struct{ Channel, Target, Status string }
	seen := map[delivery]bool{}
	waitFor(t, "the delivery attempts on the notifications", func() bool {
		var feed struct {
			Edges []struct {
				Node struct{ Deliveries []delivery }
			}
		}
		a.mutate(t, s.AccessToken, `{ notifications(first: 5) { edges { node { deliveries { channel target status error at } } } } }`, nil, &feed)
		for _, e := range feed.Edges {
			for _, d := range e.Node.Deliveries {
				seen[d] = true
			}
		}
		return seen[delivery{"PUSH", "ANDROID …aaaaaa", "SENT"}] && seen[delivery{"PUSH", "ANDROID …bbbbbb", "TOKEN_REMOVED"}] &&
			seen[delivery{"SMS", "+7******6789", "SENT"}]
	})
	// Pushed once: the notification is marked, a redelivered job sends nothing more.
	var id string
	_ = a.db.NewSelect().TableExpr("notifications").Column("id").Where("kind = 'IDENTITY_CONFIRMED'").Scan(context.Background(), &id)
	sentOf := func() (n int) {
		for _, m := range fake.Messages() {
			if m.Data["id"] == id {
				n++
			}
		}
		return n
	}
	before := sentOf()
	if err := a.accounts.PushNotification(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if sentOf() != before {
		t.Error("a pushed notification was pushed again")
	}
}
