package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// wsImplementation wraps gqlgen's websocket connections to mend two traps
// for graphql-transport-ws clients (the graphql-ws library):
//   - after an "error" for a subscription gqlgen also sends "complete" for
//     the same id, which makes the client drop the whole socket with every
//     other subscription on it: that "complete" is not sent;
//   - a refused connection_init closes with code 1000, which the client
//     takes as normal and reconnects in a tight loop: it closes with 4403.
type wsImplementation struct {
	inner transport.WebsocketImplementation
}

func (w wsImplementation) Accept(rw http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	c, err := w.inner.Accept(rw, r, opts)
	if err != nil {
		return nil, err
	}
	conn := &wsConn{WebsocketConn: c, errored: map[string]bool{}}
	if h, ok := r.Context().Value(wsHolderKey{}).(*wsHolder); ok {
		h.mu.Lock()
		h.conn = conn
		h.mu.Unlock()
	}
	return conn, nil
}

// wsHolder lets connection_init's authentication reach the connection it
// belongs to: gqlgen's close on a cancelled context is always 1000, and a
// socket closed because its token expired must say 4401.
type wsHolder struct {
	mu   sync.Mutex
	conn *wsConn
}

type wsHolderKey struct{}

func (h *wsHolder) expire() {
	h.mu.Lock()
	c := h.conn
	h.mu.Unlock()
	if c != nil {
		c.mu.Lock()
		c.expired = true
		c.mu.Unlock()
	}
}

// withWSHolder gives each websocket upgrade a holder.
func withWSHolder(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			r = r.WithContext(context.WithValue(r.Context(), wsHolderKey{}, &wsHolder{}))
		}
		next.ServeHTTP(w, r)
	})
}

type wsConn struct {
	transport.WebsocketConn
	mu      sync.Mutex
	errored map[string]bool
	refused bool // a connection_error was sent: init was refused
	expired bool // the token given in connection_init expired
}

type wireMessage struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
}

func (c *wsConn) WriteJSON(v any) error {
	if b, err := json.Marshal(v); err == nil {
		var m wireMessage
		if json.Unmarshal(b, &m) == nil {
			c.mu.Lock()
			switch m.Type {
			case "error":
				c.errored[m.ID] = true
			case "next":
				// The id is live again (a client may reuse it): its own
				// complete must go through.
				delete(c.errored, m.ID)
			case "complete":
				if c.errored[m.ID] {
					delete(c.errored, m.ID)
					c.mu.Unlock()
					return nil
				}
			case "connection_error":
				c.refused = true
			}
			c.mu.Unlock()
		}
	}
	return c.WebsocketConn.WriteJSON(v)
}

// closeForbidden is the 4xxx code graphql-ws clients treat as fatal.
const closeForbidden = 4403

func (c *wsConn) WriteClose(code int, msg string) error {
	c.mu.Lock()
	refused, expired := c.refused, c.expired
	c.mu.Unlock()
	if expired && code == transport.WebsocketCloseNormalClosure {
		return c.WebsocketConn.WriteClose(closeUnauthorized, "Unauthorized: the access token expired")
	}
	if refused && code == transport.WebsocketCloseNormalClosure {
		code = closeForbidden
		if msg == "" || msg == "terminated" {
			msg = "Forbidden"
		}
	}
	return c.WebsocketConn.WriteClose(code, msg)
}

// SetReadLimit keeps gqlgen's payload limit working through the wrapper.
func (c *wsConn) SetReadLimit(limit int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(limit)
	}
}

// SetReadDeadline keeps gqlgen's ping/pong deadline working through the
// wrapper.
func (c *wsConn) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}
