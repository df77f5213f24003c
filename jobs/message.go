package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/notification"
)

// SMSSender hands a text to the SMS gateway.
type SMSSender interface {
	Send(ctx context.Context, to, text string) (string, error)
}

// EmailSender hands a letter to the email gateway.
type EmailSender interface {
	Send(ctx context.Context, to, subject, text string) (string, error)
}

// Opener opens sealed message texts.
type Opener interface {
	Open(ct []byte, context string) (string, error)
}

// MessageHandler sends one SMS or email (notification.TypeSendMessage).
// The gateway may deliver twice if a retry follows a send whose answer was
// lost; a code or notice arriving twice is harmless, one never arriving is
// not.
type MessageHandler struct {
	SMS    SMSSender
	Email  EmailSender
	Opener Opener
	// Attempts, when set, records each try of a message that carries a feed
	// notification, so the notification shows how it was delivered.
	Attempts notification.AttemptRecorder
	Clock    func() time.Time
}

// ProcessTask implements asynq.Handler.
func (h *MessageHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	m, err := decodePayload[notification.Message](t)
	if err != nil {
		return err
	}
	text, err := h.Opener.Open(m.SealedText, notification.SealContext)
	if err != nil {
		// A key that cannot open it will not open it on a retry either.
		return fmt.Errorf("jobs: unable to open a message: %w: %w", err, asynq.SkipRetry)
	}
	switch m.Channel {
	case notification.ChannelSMS:
		_, err = h.SMS.Send(ctx, m.To, text)
	case notification.ChannelEmail:
		_, err = h.Email.Send(ctx, m.To, m.Subject, text)
	default:
		return fmt.Errorf("jobs: unknown message channel %q: %w", m.Channel, asynq.SkipRetry)
	}
	h.record(ctx, m, err)
	if errors.Is(err, agency.ErrInvalidRequest) {
		return fmt.Errorf("jobs: the gateway refused a message: %w: %w", err, asynq.SkipRetry)
	}
	if err != nil {
		return fmt.Errorf("jobs: unable to send a message: %w", err)
	}
	return nil
}

// record keeps the attempt. Failing to record does not fail the job: the
// message is out, and sending it again to mend a missing record would be
// worse.
func (h *MessageHandler) record(ctx context.Context, m notification.Message, sendErr error) {
	if h.Attempts == nil || m.NotificationID == "" {
		return
	}
	now := time.Now
	if h.Clock != nil {
		now = h.Clock
	}
	a := notification.Attempt{NotificationID: m.NotificationID, Channel: notification.PrefSMS, Target: notification.MaskContact(m.To),
		Status: notification.AttemptSent, At: now()}
	if m.Channel == notification.ChannelEmail {
		a.Channel = notification.PrefEmail
	}
	switch {
	case errors.Is(sendErr, agency.ErrInvalidRequest):
		a.Status, a.Error = notification.AttemptFailed, sendErr.Error()
	case sendErr != nil:
		a.Status, a.Error = notification.AttemptRetrying, sendErr.Error()
	}
	_ = h.Attempts.RecordAttempts(ctx, []notification.Attempt{a})
}
