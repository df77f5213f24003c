package agency

import (
	"strings"
	"sync"
	"time"
	"unicode"
)

// The channels of SentMessage.
const (
	ChannelSMS   = "sms"
	ChannelEmail = "email"
	ChannelPost  = "post"
)

// SentMessage is a message a simulator "sent".
//
// For a registered letter, ID is the tracking number, To the postal address,
// Subject the addressee's name and Text the letter's body.
type SentMessage struct {
	ID      string    `json:"id"`
	Channel string    `json:"channel"`
	To      string    `json:"to"`
	Subject string    `json:"subject,omitempty"`
	Text    string    `json:"text"`
	SentAt  time.Time `json:"sentAt"`
}

// DefaultMailboxCapacity is how many messages a Mailbox keeps by default.
const DefaultMailboxCapacity = 10000

// Mailbox records what the message simulators sent, so that tests and
// developers can read the codes and links a citizen would have received. It
// keeps the most recent messages only (the oldest are dropped beyond its
// capacity), lives in the memory of one process and is safe for concurrent
// use.
type Mailbox struct {
	mu       sync.Mutex
	capacity int
	buf      []mailboxEntry // a ring once full: buf[next] is the oldest
	next     int
}

type mailboxEntry struct {
	key string
	msg SentMessage
}

// NewMailbox returns a Mailbox keeping the last capacity messages
// (DefaultMailboxCapacity if capacity <= 0).
func NewMailbox(capacity int) *Mailbox {
	if capacity <= 0 {
		capacity = DefaultMailboxCapacity
	}
	return &Mailbox{capacity: capacity}
}

// Record stores m, dropping the oldest message if the mailbox is full.
func (b *Mailbox) Record(m SentMessage) {
	e := mailboxEntry{key: contactKey(m.To), msg: m}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.buf) < b.capacity {
		b.buf = append(b.buf, e)
		return
	}
	b.buf[b.next] = e
	b.next = (b.next + 1) % b.capacity
}

// List returns the messages sent to to, newest (last recorded) first, or nil.
// Phone numbers match by their digits ("+7 (912) 345-67-89" is
// "89123456789": an 11-digit number starting with 8 is taken as +7), email
// addresses case-insensitively, postal addresses case- and
// space-insensitively.
func (b *Mailbox) List(to string) []SentMessage {
	key := contactKey(to)
	if key == "" {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []SentMessage
	n := len(b.buf)
	for i := range n {
		e := b.buf[(b.next-1-i+2*n)%n]
		if e.key == key {
			out = append(out, e.msg)
		}
	}
	return out
}

// Len returns how many messages the mailbox holds.
func (b *Mailbox) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.buf)
}

// contactKey normalises a recipient: "phone:79123456789",
// "email:ivanov@mail.ru", "addr:г. москва, ул. ленина, д. 1", or "" if empty.
func contactKey(to string) string {
	to = strings.TrimSpace(to)
	switch {
	case to == "":
		return ""
	case strings.Contains(to, "@"):
		return "email:" + strings.ToLower(to)
	case isPhoneLike(to):
		return "phone:" + phoneDigits(to)
	}
	return "addr:" + strings.ToLower(strings.Join(strings.Fields(to), " "))
}

// isPhoneLike: only digits and the punctuation people put in phone numbers,
// with at least 5 digits.
func isPhoneLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-(). ", r) || unicode.IsSpace(r):
		default:
			return false
		}
	}
	return digits >= 5
}

// phoneDigits returns the digits of a phone number, with the Russian trunk
// prefix 8 of an 11-digit number replaced by the country code 7.
func phoneDigits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if len(d) == 11 && d[0] == '8' {
		d = "7" + d[1:]
	}
	return d
}
