// Package notification holds what the portal tells people and how it gets
// to them: messages sent through the SMS, email and post gateways, and
// (with the notifications issue) the feed, devices and push.
package notification

import (
	"encoding/json"

	"github.com/uslugi/uslugi/event"
)

// TypeSendMessage is the job that hands one message to its gateway.
const TypeSendMessage = "message:send"

// Channel is how a message travels.
type Channel string

// Channels.
const (
	ChannelSMS   Channel = "sms"
	ChannelEmail Channel = "email"
)

// Message is one SMS or email. Its text is sealed (encrypted) before it is
// written to the outbox: it may carry a one-time code or a link.
type Message struct {
	Channel    Channel `json:"channel"`
	To         string  `json:"to"`
	Subject    string  `json:"subject,omitempty"`
	SealedText []byte  `json:"sealed_text"`
	// NotificationID, when the message carries a feed notification, is
	// where its delivery attempts are recorded.
	NotificationID string `json:"notification_id,omitempty"`
}

// SealContext is the additional data the text is sealed with.
const SealContext = "message"

// SendEvent is the outbox event that sends m; messages with codes go on the
// critical queue, as a citizen waits for them.
func SendEvent(m Message) (event.Event, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return event.Event{}, err
	}
	return event.Event{Type: TypeSendMessage, Queue: event.QueueCritical, Payload: b}, nil
}
