package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// wsMessage is a graphql-transport-ws message.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

type wsError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// errors are the errors a message carries: the payload of an "error", or
// the errors of a "next".
func (m wsMessage) errors(t *testing.T) []wsError {
	t.Helper()
	var errs []wsError
	switch m.Type {
	case "error":
		if err := json.Unmarshal(m.Payload, &errs); err != nil {
			t.Fatalf("error payload %s: %v", m.Payload, err)
		}
	case "next":
		var r struct{ Errors []wsError }
		if err := json.Unmarshal(m.Payload, &r); err != nil {
			t.Fatalf("next payload %s: %v", m.Payload, err)
		}
		errs = r.Errors
	}
	return errs
}

// wsClient speaks graphql-transport-ws to the server, keeping every message
// it receives so a test can check what was not sent too.
type wsClient struct {
	conn *websocket.Conn
	in   chan wsMessage

	mu       sync.Mutex
	seen     []wsMessage
	closeErr error // why the socket ended, once in is closed
}

// wsWait bounds every wait for a message; heartbeats come every second.
const wsWait = 10 * time.Second

func dialGraphQLWS(t *testing.T, a *testApp, lang string) *wsClient {
	t.Helper()
	return dialGraphQLWSInit(t, a.URL, lang, nil)
}

// dialGraphQLWSInit connects to the GraphQL endpoint at base and sends
// connection_init with payload (e.g. the access token).
func dialGraphQLWSInit(t *testing.T, base, lang string, payload map[string]any) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wsWait)
	defer cancel()
	h := http.Header{}
	if lang != "" {
		h.Set("Accept-Language", lang)
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   h,
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := conn.Subprotocol(); p != "graphql-transport-ws" {
		t.Fatalf("subprotocol %q", p)
	}
	c := &wsClient{conn: conn, in: make(chan wsMessage, 100)}
	t.Cleanup(func() { _ = conn.Close(websocket.StatusNormalClosure, "") })
	go c.read()
	init := wsMessage{Type: "connection_init"}
	if payload != nil {
		init.Payload, _ = json.Marshal(payload)
	}
	c.send(t, init)
	if payload != nil && payload["refused"] == true {
		return c
	}
	c.expect(t, "connection_ack", func(m wsMessage) bool { return m.Type == "connection_ack" })
	return c
}

// read hands every message to in, answering pings itself; it ends when the
// socket closes.
func (c *wsClient) read() {
	defer close(c.in)
	for {
		_, b, err := c.conn.Read(context.Background())
		if err != nil {
			c.mu.Lock()
			c.closeErr = err
			c.mu.Unlock()
			return
		}
		var m wsMessage
		if json.Unmarshal(b, &m) != nil {
			continue
		}
		if m.Type == "ping" {
			ctx, cancel := context.WithTimeout(context.Background(), wsWait)
			_ = c.conn.Write(ctx, websocket.MessageText, []byte(`{"type":"pong"}`))
			cancel()
			continue
		}
		c.mu.Lock()
		c.seen = append(c.seen, m)
		c.mu.Unlock()
		c.in <- m
	}
}

func (c *wsClient) send(t *testing.T, m wsMessage) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wsWait)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, b); err != nil {
		t.Fatal(err)
	}
}

func (c *wsClient) subscribe(t *testing.T, id, query string) {
	t.Helper()
	p, _ := json.Marshal(map[string]any{"query": query})
	c.send(t, wsMessage{ID: id, Type: "subscribe", Payload: p})
}

// expect reads until a message matches, failing after wsWait.
func (c *wsClient) expect(t *testing.T, what string, match func(wsMessage) bool) wsMessage {
	t.Helper()
	timer := time.NewTimer(wsWait)
	defer timer.Stop()
	for {
		select {
		case m, ok := <-c.in:
			if !ok {
				t.Fatalf("the socket closed while waiting for %s", what)
			}
			if match(m) {
				return m
			}
		case <-timer.C:
			t.Fatalf("no %s within %v", what, wsWait)
		}
	}
}

// seenSince is every message received from index i on.
func (c *wsClient) seenSince(i int) []wsMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]wsMessage(nil), c.seen[min(i, len(c.seen)):]...)
}

func (c *wsClient) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

func is(id, typ string) func(wsMessage) bool {
	return func(m wsMessage) bool { return m.ID == id && m.Type == typ }
}

func beatAt(t *testing.T, m wsMessage) time.Time {
	t.Helper()
	var r struct {
		Data struct {
			Heartbeat struct{ At string }
		}
		Errors []wsError
	}
	if err := json.Unmarshal(m.Payload, &r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("heartbeat payload %s: %v", m.Payload, err)
	}
	at, err := time.Parse(time.RFC3339, r.Data.Heartbeat.At)
	if err != nil {
		t.Fatalf("heartbeat at %q: %v", r.Data.Heartbeat.At, err)
	}
	return at
}

func TestSubscriptionsOverWebsocket(t *testing.T) {
	a := newTestApp(t, "api", nil)
	ws := dialGraphQLWS(t, a, "")

	t.Run("a heartbeat beats at once", func(t *testing.T) {
		ws.subscribe(t, "beat", `subscription Beat { heartbeat(intervalSeconds: 1) { at } }`)
		at := beatAt(t, ws.expect(t, "the first beat", is("beat", "next")))
		if d := time.Since(at); d > time.Minute || d < -time.Minute {
			t.Errorf("beat at %v, not now", at)
		}
	})

	t.Run("an invalid subscription errs for its id alone, with no complete", func(t *testing.T) {
		from := ws.mark()
		ws.subscribe(t, "bad", `subscription Bad { heartbet { at } }`)
		errs := ws.expect(t, "an error for bad", func(m wsMessage) bool { return m.ID == "bad" }).errors(t)
		if len(errs) == 0 || errs[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(errs[0].Message, "heartbet") {
			t.Fatalf("errors for bad: %+v", errs)
		}
		// The other subscription keeps beating on the same socket, and by
		// its second beat any complete for bad would have come.
		ws.expect(t, "a beat after the error", is("beat", "next"))
		ws.expect(t, "a second beat after the error", is("beat", "next"))
		for _, m := range ws.seenSince(from) {
			if m.ID == "bad" && m.Type != "error" {
				t.Errorf("after its error bad got %q: the graphql-ws client would drop the socket", m.Type)
			}
		}
	})

	t.Run("an interval of 0 is refused for its id", func(t *testing.T) {
		ws.subscribe(t, "zero", `subscription Zero { heartbeat(intervalSeconds: 0) { at } }`)
		m := ws.expect(t, "an error for zero", func(m wsMessage) bool { return m.ID == "zero" })
		errs := m.errors(t)
		if len(errs) != 1 || errs[0].Extensions["code"] != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "intervalSeconds" ||
			errs[0].Message != "Интервал должен быть от 1 до 300 секунд" {
			t.Fatalf("%s for zero: %s", m.Type, m.Payload)
		}
		ws.expect(t, "a beat after the refusal", is("beat", "next"))
	})

	t.Run("complete from the client stops its subscription", func(t *testing.T) {
		ws.send(t, wsMessage{ID: "beat", Type: "complete"})
		ws.subscribe(t, "after", `subscription After { heartbeat(intervalSeconds: 1) { at } }`)
		ws.expect(t, "the first beat of after", is("after", "next"))
		ws.expect(t, "the second beat of after", is("after", "next"))
		// A beat of the completed subscription in flight has landed by now;
		// over the next second, a running one would beat once more.
		from := ws.mark()
		ws.expect(t, "the third beat of after", is("after", "next"))
		for _, m := range ws.seenSince(from) {
			if m.ID == "beat" && m.Type == "next" {
				t.Errorf("beat still beats after the client completed it: %s", m.Payload)
			}
		}
	})

	t.Run("the server still answers queries", func(t *testing.T) { a.stillServes(t) })

	t.Run("errors speak the language of the upgrade request", func(t *testing.T) {
		en := dialGraphQLWS(t, a, "en")
		en.subscribe(t, "zero", `subscription Zero { heartbeat(intervalSeconds: 301) { at } }`)
		m := en.expect(t, "an error for zero", func(m wsMessage) bool { return m.ID == "zero" })
		if errs := m.errors(t); len(errs) != 1 || errs[0].Message != "the interval must be from 1 to 300 seconds" {
			t.Fatalf("%s for zero: %s", m.Type, m.Payload)
		}
		en.subscribe(t, "beat", `subscription Beat { heartbeat(intervalSeconds: 1) { at } }`)
		beatAt(t, en.expect(t, "a beat", is("beat", "next")))
	})
}
