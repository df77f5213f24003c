package agency

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// SMS sends text messages to mobile phones.
type SMS interface {
	// Send sends text to the phone number to and returns the provider's
	// message id. ErrUnavailable: not sent, try again later.
	Send(ctx context.Context, to, text string) (id string, err error)
}

// Email sends email.
type Email interface {
	// Send sends a message to the address to and returns the provider's
	// message id. ErrUnavailable: not sent, try again later.
	Send(ctx context.Context, to, subject, text string) (id string, err error)
}

// sender is what the SMS and email simulators share.
type sender struct {
	channel string
	now     func() time.Time
	box     *Mailbox
	faults  faults
	seq     atomic.Uint64
}

func newSender(channel string, clock func() time.Time, box *Mailbox, opts SendOptions) sender {
	if box == nil {
		box = NewMailbox(0)
	}
	return sender{channel: channel, now: clockOrNow(clock), box: box, faults: newFaults(opts.FailureRate, opts.FailureWindow)}
}

func (s *sender) send(key, to, subject, text string) (string, error) {
	now := s.now()
	if s.faults.fails(now, s.channel, key, subject, text) {
		return "", fmt.Errorf("%s: send: %w", s.channel, ErrUnavailable)
	}
	// Unique within a process by the counter, and across restarts by the time.
	id := s.channel + "-" + strconv.FormatInt(now.UnixMilli(), 36) + "-" + strconv.FormatUint(s.seq.Add(1), 10)
	s.box.Record(SentMessage{ID: id, Channel: s.channel, To: to, Subject: subject, Text: text, SentAt: now})
	return id, nil
}

// SMSSimulator "sends" SMS by recording them in a Mailbox. It is safe for
// concurrent use.
type SMSSimulator struct{ s sender }

var _ SMS = (*SMSSimulator)(nil)

// NewSMSSimulator returns an SMS simulator recording into box (nil: a
// mailbox of its own).
func NewSMSSimulator(clock func() time.Time, box *Mailbox, opts SendOptions) *SMSSimulator {
	return &SMSSimulator{s: newSender(ChannelSMS, clock, box, opts)}
}

// Send records the SMS. A number must have 10 to 15 digits
// (ErrInvalidRequest otherwise); with a FailureRate, a share of messages
// fails with ErrUnavailable and is not recorded.
func (m *SMSSimulator) Send(ctx context.Context, to, text string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if d := phoneDigits(to); !isPhoneLike(to) || len(d) < 10 || len(d) > 15 {
		return "", fmt.Errorf("sms: send: %w: %q is not a phone number", ErrInvalidRequest, to)
	}
	if text == "" {
		return "", fmt.Errorf("sms: send: %w: empty text", ErrInvalidRequest)
	}
	return m.s.send(contactKey(to), to, "", text)
}

// EmailSimulator "sends" email by recording it in a Mailbox. It is safe for
// concurrent use.
type EmailSimulator struct{ s sender }

var _ Email = (*EmailSimulator)(nil)

// NewEmailSimulator returns an email simulator recording into box (nil: a
// mailbox of its own).
func NewEmailSimulator(clock func() time.Time, box *Mailbox, opts SendOptions) *EmailSimulator {
	return &EmailSimulator{s: newSender(ChannelEmail, clock, box, opts)}
}

// Send records the email. The address must look like local@domain
// (ErrInvalidRequest otherwise); with a FailureRate, a share of messages
// fails with ErrUnavailable and is not recorded.
func (m *EmailSimulator) Send(ctx context.Context, to, subject, text string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	to = strings.TrimSpace(to)
	local, domain, ok := strings.Cut(to, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(to, " \t\r\n") || strings.Contains(domain, "@") {
		return "", fmt.Errorf("email: send: %w: %q is not an email address", ErrInvalidRequest, to)
	}
	if text == "" {
		return "", fmt.Errorf("email: send: %w: empty text", ErrInvalidRequest)
	}
	return m.s.send(contactKey(to), to, subject, text)
}
