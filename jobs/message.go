package jobs

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

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
	if err != nil {
		return fmt.Errorf("jobs: unable to send a message: %w", err)
	}
	return nil
}
