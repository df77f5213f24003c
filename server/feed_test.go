package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// TestFeedAndLiveNotificationsAcrossAPIProcesses runs two API processes on
// one database and Redis (the first also runs the worker): a notification
// created through the first reaches a subscription held on the second.
func TestFeedAndLiveNotificationsAcrossAPIProcesses(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	cfg := a.App.cfg
	cfg.Role = "api"
	second, err := newApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(second.Handler())
	t.Cleanup(func() { srv.Close(); second.Close() })

	seen := map[string]bool{}
	s := verified(t, a, clock, "+79123456789", "112233445", seen)

	t.Run("the feed holds the verification's notification", func(t *testing.T) {
		var d struct {
			Notifications struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						ID, Kind, Title, Link string
						Read                  bool
					}
				}
			}
			UnreadNotificationCount int
		}
		waitFor(t, "the feed row", func() bool {
			r := a.postAuth(t, s.AccessToken, `{ notifications(first: 10) { totalCount edges { node { id kind title link read } } } unreadNotificationCount }`, nil)
			_ = json.Unmarshal(r.Data, &d)
			return d.Notifications.TotalCount > 0
		})
		n := d.Notifications.Edges[0].Node
		if n.Kind != "VERIFICATION_SUCCEEDED" || n.Read || !strings.HasPrefix(n.Link, "uslugi://") || d.UnreadNotificationCount != 1 {
			t.Fatalf("feed: %+v", d)
		}
		var m struct{ Updated, UnreadCount int }
		a.mutate(t, s.AccessToken, `mutation($in: MarkNotificationsReadInput!) { markNotificationsRead(input: $in) { updated unreadCount } }`,
			map[string]any{"in": map[string]any{"ids": []string{n.ID}}}, &m)
		if m.Updated != 1 || m.UnreadCount != 0 {
			t.Errorf("mark read: %+v", m)
		}
		// Another citizen cannot mark it (or see it).
		other := a.registerPhone(t, "+79120000009", seen)
		var o struct{ Updated int }
		a.mutate(t, other.AccessToken, `mutation($in: MarkNotificationsReadInput!) { markNotificationsRead(input: $in) { updated } }`,
			map[string]any{"in": map[string]any{"all": true}}, &o)
		var od struct{ Notifications struct{ TotalCount int } }
		r := a.postAuth(t, other.AccessToken, `{ notifications { totalCount } }`, nil)
		_ = json.Unmarshal(r.Data, &od)
		if od.Notifications.TotalCount != 0 {
			t.Errorf("another citizen sees %d notifications", od.Notifications.TotalCount)
		}
	})

	t.Run("a subscription on the other API process gets the new row", func(t *testing.T) {
		ws := dialGraphQLWSInit(t, srv.URL, "en", map[string]any{"Authorization": "Bearer " + s.AccessToken})
		ws.subscribe(t, "feed", `subscription { notificationAdded { kind title } }`)
		waitFor(t, "the subscription to register", func() bool { return second.hub.Subscribers(localID(t, s.Account.ID)) > 0 })
		operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
		if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
			t.Fatal(err)
		}
		m := ws.expect(t, "the live notification", is("feed", "next"))
		if !strings.Contains(string(m.Payload), "IDENTITY_CONFIRMED") || !strings.Contains(string(m.Payload), "Identity confirmed") {
			t.Errorf("live notification: %s", m.Payload)
		}
	})

	t.Run("a bad token in connection_init is refused with 4403", func(t *testing.T) {
		ws := dialGraphQLWSInit(t, srv.URL, "", map[string]any{"Authorization": "Bearer nonsense", "refused": true})
		deadline := time.Now().Add(wsWait)
		for time.Now().Before(deadline) {
			if _, ok := <-ws.in; !ok {
				break
			}
		}
		ws.mu.Lock()
		err := ws.closeErr
		ws.mu.Unlock()
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != 4403 {
			t.Errorf("close: %v", err)
		}
	})
}

func TestWebsocketClosesWhenItsTokenExpires(t *testing.T) {
	a := newTestApp(t, "all", func(c *Config) { c.AccessTTL = 2 * time.Second })
	s := a.registerPhone(t, "+79123456789", map[string]bool{})
	ws := dialGraphQLWSInit(t, a.URL, "", map[string]any{"Authorization": "Bearer " + s.AccessToken})
	ws.subscribe(t, "feed", `subscription { notificationAdded { kind } }`)
	deadline := time.After(10 * time.Second)
	for open := true; open; {
		select {
		case _, ok := <-ws.in:
			open = ok
		case <-deadline:
			t.Fatal("the socket outlived its token")
		}
	}
	ws.mu.Lock()
	err := ws.closeErr
	ws.mu.Unlock()
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4401 {
		t.Errorf("close: %v", err)
	}
}
