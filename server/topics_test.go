package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/notification/fcm"
	"github.com/uslugi/uslugi/notification/fcm/fcmtest"
)

// fakeFCM is a FirebaseSender on the real SDK against a local fake FCM,
// topic management included.
func fakeFCM(t *testing.T) (*fcmtest.Server, fcm.Sender) {
	t.Helper()
	fake := fcmtest.NewServer(t)
	sender, err := fcm.NewFirebaseSender(context.Background(), fcm.Config{
		ProjectID:   "uslugi-test",
		Endpoint:    fake.Endpoint(),
		IIDEndpoint: fake.IIDEndpoint(),
		HTTPClient:  fake.Client(),
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "test"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return fake, sender
}

func registerDevice(t *testing.T, a *testApp, access, token string) {
	t.Helper()
	var p struct{ UserErrors []userErr }
	a.mutate(t, access, `mutation($in: RegisterDeviceInput!) { registerDevice(input: $in) { userErrors { code } } }`,
		map[string]any{"in": map[string]any{"token": token, "platform": "IOS", "appVersion": "5.2", "locale": "ru"}}, &p)
	if len(p.UserErrors) > 0 {
		t.Fatal(p.UserErrors)
	}
}

// TestDevicesFollowTheirOwnersPlace: a device is put on the FCM topics of
// its owner's municipality and region, moves with his address, leaves them
// when news pushes are turned off or the device is signed out.
func TestDevicesFollowTheirOwnersPlace(t *testing.T) {
	fake, sender := fakeFCM(t)
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1; c.pushSender = sender }, clock.Now)
	s := verified(t, a, clock, "+79123456789", "112233445", map[string]bool{}) // Kazan: 92701000, region 16
	phone := "phone-token-" + strings.Repeat("c", 40)
	registerDevice(t, a, s.AccessToken, phone)

	on := func(topic string) bool { return slices.Contains(fake.Subscribers(topic), phone) }
	waitFor(t, "the device on Kazan's and Tatarstan's topics", func() bool {
		return on("municipality-92701000") && on("region-16")
	})

	// He moves to Yekaterinburg (65701000, region 66): the device follows.
	in := personalInput("112233445", "123456")
	in["address"] = map[string]any{"regionCode": "66", "municipalityOktmo": "65701000", "street": "ул. Ленина, д. 1"}
	var p struct{ UserErrors []userErr }
	a.mutate(t, s.AccessToken, personalDataMutation, map[string]any{"in": in}, &p)
	if len(p.UserErrors) > 0 {
		t.Fatal(p.UserErrors)
	}
	waitFor(t, "the device to move to Yekaterinburg's topics", func() bool {
		return on("municipality-65701000") && on("region-66") && !on("municipality-92701000") && !on("region-16")
	})

	// News pushes off: off the topics, since a topic reaches every device on it.
	a.mutate(t, s.AccessToken, `mutation { setNotificationPreference(input: {category: NEWS, channel: PUSH, enabled: false}) { userErrors { code } } }`, nil, &p)
	waitFor(t, "the device to leave the topics", func() bool { return !on("municipality-65701000") && !on("region-66") })
	a.mutate(t, s.AccessToken, `mutation { setNotificationPreference(input: {category: NEWS, channel: PUSH, enabled: true}) { userErrors { code } } }`, nil, &p)
	waitFor(t, "the device back on the topics", func() bool { return on("municipality-65701000") && on("region-66") })

	// Signed out on the phone: news stop reaching it.
	var ok struct{ Ok bool }
	a.mutate(t, s.AccessToken, `mutation($t: String!) { unregisterDevice(input: {token: $t}) { ok } }`, map[string]any{"t": phone}, &ok)
	waitFor(t, "the signed-out device off the topics", func() bool { return !on("municipality-65701000") && !on("region-66") })
}

// TestNewsGoToATopicInOneCall: an officer's news for his municipality is
// one FCM message to its topic, however many residents it has; others may
// not publish for it.
func TestNewsGoToATopicInOneCall(t *testing.T) {
	fake, sender := fakeFCM(t)
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1; c.pushSender = sender }, clock.Now)
	seen := map[string]bool{}
	officer := a.registerPhone(t, "+79120000001", seen)
	other := a.registerPhone(t, "+79120000002", seen)
	admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	if err := a.accounts.GrantRole(context.Background(), admin, localID(t, officer.Account.ID),
		account.RoleGrant{Role: account.RoleMunicipalOfficer, Scope: "92701000", Reason: "назначен главой города"}, account.Client{}); err != nil {
		t.Fatal(err)
	}
	officer = a.refresh(t, officer)

	publish := `mutation($in: PublishNewsInput!) { publishNews(input: $in) { news { id topic } userErrors { field code } } }`
	news := map[string]any{"municipalityOktmo": "92701000", "title": "Публичные слушания по бюджету",
		"body": "Слушания открыты до 15 декабря", "link": "uslugi://hearings/1"}

	// A citizen without the role, and the officer for another municipality, are refused.
	r := a.postAuth(t, other.AccessToken, publish, map[string]any{"in": news})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("a citizen published news: %s %+v", r.Data, r.Errors)
	}
	elsewhere := map[string]any{"municipalityOktmo": "92730000", "title": "x", "body": "y"}
	r = a.postAuth(t, officer.AccessToken, publish, map[string]any{"in": elsewhere})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("an officer published for another municipality: %s %+v", r.Data, r.Errors)
	}
	// Bad input says what to fix.
	var bad struct{ UserErrors []userErr }
	a.mutate(t, officer.AccessToken, publish, map[string]any{"in": map[string]any{"municipalityOktmo": "92701000", "title": "", "body": "y"}}, &bad)
	if len(bad.UserErrors) != 1 || bad.UserErrors[0].Field != "title" {
		t.Fatalf("empty title: %+v", bad.UserErrors)
	}

	var ok struct {
		News       *struct{ ID, Topic string }
		UserErrors []userErr
	}
	a.mutate(t, officer.AccessToken, publish, map[string]any{"in": news}, &ok)
	if ok.News == nil || ok.News.Topic != "municipality-92701000" {
		t.Fatalf("publish: %+v", ok)
	}
	waitFor(t, "the news pushed", func() bool {
		r := a.postAuth(t, "", `{ news(municipalityOktmo: "92701000") { id title pushedAt pushError } }`, nil)
		var d struct {
			News []struct {
				ID        string
				PushedAt  *string
				PushError *string
			}
		}
		_ = json.Unmarshal(r.Data, &d)
		return len(d.News) == 1 && d.News[0].PushedAt != nil && d.News[0].PushError == nil
	})
	var topicMessages int
	for _, m := range fake.Messages() {
		if m.Token != "" {
			t.Errorf("news went to a device: %+v", m)
		}
		if m.Topic == "municipality-92701000" && m.Notification != nil && m.Notification.Title == "Публичные слушания по бюджету" {
			topicMessages++
		}
	}
	if topicMessages != 1 {
		t.Errorf("%d topic messages, want 1", topicMessages)
	}
}

// TestRecordedWithoutCredentials: with no FCM credentials the push is
// recorded, and the notification says so.
func TestRecordedWithoutCredentials(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	s := verified(t, a, clock, "+79123456780", "112233446", map[string]bool{})
	registerDevice(t, a, s.AccessToken, "web-token-"+strings.Repeat("d", 40))
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a push recorded on the notification", func() bool {
		var feed struct {
			Edges []struct {
				Node struct {
					Deliveries []struct{ Channel, Target, Status string }
				}
			}
		}
		a.mutate(t, s.AccessToken, `{ notifications(first: 5) { edges { node { deliveries { channel target status } } } } }`, nil, &feed)
		for _, e := range feed.Edges {
			for _, d := range e.Node.Deliveries {
				if d.Channel == "PUSH" && d.Status == "RECORDED" && d.Target == "IOS …dddddd" {
					return true
				}
			}
		}
		return false
	})
}

// hangingSender stands for a worker killed after FCM accepted a push: the
// first send goes through, then the job never finishes.
type hangingSender struct {
	fcm.Sender
	once     sync.Once
	accepted chan struct{}
	release  chan struct{}
}

func (h *hangingSender) SendToTokens(ctx context.Context, tokens []string, p fcm.Push) ([]fcm.Result, error) {
	first := false
	h.once.Do(func() { first = true })
	res, err := h.Sender.SendToTokens(ctx, tokens, p)
	if first && err == nil {
		close(h.accepted)
		<-h.release // killed: no answer, no mark, until the test ends
		return nil, errors.New("killed")
	}
	return res, err
}

// TestPushSurvivesAWorkerKilledAfterFCMAccepted: the worker dies after FCM
// accepted a push but before the job was marked done. Another worker runs
// the job again: the phone gets the same message id and collapse key twice
// (it shows one), and the feed holds the notification once.
func TestPushSurvivesAWorkerKilledAfterFCMAccepted(t *testing.T) {
	fake, real := fakeFCM(t)
	hang := &hangingSender{Sender: real, accepted: make(chan struct{}), release: make(chan struct{})}
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) {
		c.relayLookahead = -1
		c.pushSender = hang
		c.Shutdown = 300 * time.Millisecond
	}, clock.Now)
	t.Cleanup(func() { close(hang.release) })
	s := verified(t, a, clock, "+79123456789", "112233445", map[string]bool{})
	allPushed(t, a, localID(t, s.Account.ID)) // so the one push to the phone is the confirmation's
	phone := "phone-token-" + strings.Repeat("e", 40)
	registerDevice(t, a, s.AccessToken, phone)
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-hang.accepted:
	case <-time.After(20 * time.Second):
		t.Fatal("no push reached FCM")
	}
	// The worker goes; asynq puts the unfinished job back in the queue.
	a.App.worker.stop()
	a.App.worker = nil

	cfg := a.App.cfg
	cfg.Role, cfg.pushSender = "worker", real
	b, err := newApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.worker.start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.worker.stop(); b.Close() })

	var id string
	if err := a.db.NewSelect().TableExpr("notifications").Column("id").Where("kind = 'IDENTITY_CONFIRMED'").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	pushes := func() []fcmtest.Message {
		var out []fcmtest.Message
		for _, m := range fake.Messages() {
			if m.Token == phone && m.Data["id"] == id {
				out = append(out, m)
			}
		}
		return out
	}
	waitFor(t, "the job run again by the new worker", func() bool {
		var pushed *time.Time
		_ = a.db.NewSelect().TableExpr("notifications").Column("pushed_at").Where("id = ?", id).Scan(context.Background(), &pushed)
		return pushed != nil && len(pushes()) == 2
	})
	for _, m := range pushes() {
		if m.Android == nil || m.Android.CollapseKey != id || m.APNS == nil || m.APNS.Headers["apns-collapse-id"] != id {
			t.Errorf("a push without the notification's collapse key: %+v", m)
		}
	}
	n, err := a.db.NewSelect().TableExpr("notifications").Where("account_id = ? AND kind = 'IDENTITY_CONFIRMED'", localID(t, s.Account.ID)).Count(context.Background())
	if err != nil || n != 1 {
		t.Errorf("%d notifications in the feed (%v), want 1", n, err)
	}
}

// allPushed waits until the account's notifications so far went through
// their push job.
func allPushed(t *testing.T, a *testApp, accountID string) {
	t.Helper()
	waitFor(t, "the earlier notifications pushed", func() bool {
		n, err := a.db.NewSelect().TableExpr("notifications").Where("account_id = ? AND pushed_at IS NULL", accountID).Count(context.Background())
		return err == nil && n == 0
	})
}
