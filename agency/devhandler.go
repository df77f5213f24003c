package agency

import (
	"encoding/json"
	"net/http"
	"strings"
)

// DevMessagesHandler serves what the message simulators sent, for
// developers and end-to-end tests reading the codes and links a citizen
// would have received:
//
//	GET /dev/messages?to=+79123456789
//	GET /dev/messages?to=ivanov@mail.ru
//
// It answers {"to": ..., "messages": [...]} with the messages newest first
// (an empty list if none), 400 when "to" is missing, 405 for methods other
// than GET and HEAD. "to" matches as Mailbox.List does, so a "+" that the
// query string turned into a space does no harm; a postal address finds
// registered letters.
//
// It exposes confirmation codes: mount it only while the gateways are
// simulators, never in production.
func DevMessagesHandler(box *Mailbox) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeDevJSON(w, http.StatusMethodNotAllowed, devError{Error: "method not allowed: use GET"})
			return
		}
		to := strings.TrimSpace(r.URL.Query().Get("to"))
		if to == "" {
			writeDevJSON(w, http.StatusBadRequest, devError{
				Error: `missing query parameter "to": give a phone number or an email address, e.g. ?to=%2B79123456789 or ?to=ivanov@mail.ru`,
			})
			return
		}
		msgs := box.List(to)
		if msgs == nil {
			msgs = []SentMessage{}
		}
		writeDevJSON(w, http.StatusOK, devMessages{To: to, Messages: msgs})
	})
}

type devMessages struct {
	To       string        `json:"to"`
	Messages []SentMessage `json:"messages"`
}

type devError struct {
	Error string `json:"error"`
}

func writeDevJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
