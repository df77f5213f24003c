package agency

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// A simulator's ticket is self-describing: base64url (unpadded) of a small
// JSON object holding the final outcome and the time it becomes visible.
//
// Why not a map of tickets in memory: tickets are polled by background jobs
// that may run in another process than the one that submitted (every node runs
// a worker) or after a restart (the embedded Redis and the process memory are
// lost on every restart). A ticket that carries its own answer can be answered
// by any simulator instance, so the simulators hold no per-ticket state and
// behave the same across processes and restarts, as a real agency does.
//
// The ticket carries no personal data (no SNILS, name or passport): only the
// outcome, the ready time and a short reference hash that makes tickets of
// different requests differ. It is not signed: forging one only fools the
// simulator. A real adapter's ticket is the agency's own request id.
type ticketData struct {
	Version int    `json:"v"`
	Kind    string `json:"k"`
	State   State  `json:"st"`
	Reason  Reason `json:"rs,omitempty"`
	// ReadyAt is when the answer becomes visible, in Unix milliseconds; zero
	// for an agency that never answers (State is then Pending).
	ReadyAt int64  `json:"r,omitempty"`
	Ref     string `json:"ref"`
}

const (
	ticketVersion  = 1
	ticketMaxBytes = 1024

	kindSFRPerson   = "sfr.person"
	kindMVDDocument = "mvd.document"
)

// newTicketData starts a ticket for a request made of parts, submitted at now.
func newTicketData(kind string, now time.Time, parts ...string) ticketData {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d", kind, now.UnixNano())
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return ticketData{Version: ticketVersion, Kind: kind, Ref: hex.EncodeToString(h.Sum(nil)[:6])}
}

// answer makes the ticket's final outcome known at t (rounded up to the
// millisecond, so an answer never shows before its time).
func (d *ticketData) answer(st State, r Reason, t time.Time) {
	ms := t.UnixMilli()
	if time.UnixMilli(ms).Before(t) {
		ms++
	}
	d.State, d.Reason, d.ReadyAt = st, r, ms
}

func (d ticketData) encode() Ticket {
	b, err := json.Marshal(d)
	if err != nil {
		panic("agency: encode ticket: " + err.Error()) // plain strings and ints cannot fail
	}
	return Ticket(base64.RawURLEncoding.EncodeToString(b))
}

func decodeTicket(t Ticket, kind string) (ticketData, error) {
	var d ticketData
	if len(t) == 0 || len(t) > ticketMaxBytes {
		return d, ErrUnknownTicket
	}
	b, err := base64.RawURLEncoding.DecodeString(string(t))
	if err != nil {
		return d, ErrUnknownTicket
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return d, ErrUnknownTicket
	}
	ok := d.Version == ticketVersion && d.Kind == kind && d.Ref != ""
	switch d.State {
	case StatePending:
		ok = ok && d.ReadyAt == 0 && d.Reason == ""
	case StateConfirmed:
		ok = ok && d.ReadyAt > 0 && d.Reason == ""
	case StateRejected:
		ok = ok && d.ReadyAt > 0 && d.Reason != ""
	default:
		ok = false
	}
	if !ok {
		return ticketData{}, ErrUnknownTicket
	}
	return d, nil
}

// result is the ticket's answer as seen at now; text gives the messages of a
// final answer.
func (d ticketData) result(now time.Time, text func(Reason) (ru, en string)) Result {
	if d.State == StatePending || now.Before(time.UnixMilli(d.ReadyAt)) {
		return Result{State: StatePending, Message: pendingRu, MessageEn: pendingEn}
	}
	ru, en := text(d.Reason)
	return Result{State: d.State, Reason: d.Reason, Message: ru, MessageEn: en, AnsweredAt: time.UnixMilli(d.ReadyAt).UTC()}
}
