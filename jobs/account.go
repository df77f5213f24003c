package jobs

import (
	"context"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/notification"
)

// AccountJobs is what the account jobs call (account.Service).
type AccountJobs interface {
	StartVerification(ctx context.Context, id string) error
	PollVerification(ctx context.Context, id string, attempt int) error
	DeliverNotification(ctx context.Context, id string) error
	SendConfirmationLetter(ctx context.Context, letterID string) error
	PushNotification(ctx context.Context, id string) error
}

// RegisterAccountJobs adds the verification and notification-delivery
// handlers to mux. Each is idempotent: a redelivered task finds its work
// done (a ticket already sent, a poll of a finished verification, a
// delivered notification) and returns.
func RegisterAccountJobs(mux *asynq.ServeMux, svc AccountJobs) {
	mux.HandleFunc(account.TypeVerificationStart, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[account.VerificationPayload](t)
		if err != nil {
			return err
		}
		return svc.StartVerification(ctx, p.VerificationID)
	})
	mux.HandleFunc(account.TypeVerificationPoll, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[account.VerificationPayload](t)
		if err != nil {
			return err
		}
		return svc.PollVerification(ctx, p.VerificationID, p.Attempt)
	})
	mux.HandleFunc(account.TypeSendLetter, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[account.LetterPayload](t)
		if err != nil {
			return err
		}
		return svc.SendConfirmationLetter(ctx, p.LetterID)
	})
	mux.HandleFunc(notification.TypePush, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[notification.DeliverPayload](t)
		if err != nil {
			return err
		}
		return svc.PushNotification(ctx, p.NotificationID)
	})
	mux.HandleFunc(notification.TypeDeliver, func(ctx context.Context, t *asynq.Task) error {
		p, err := decodePayload[notification.DeliverPayload](t)
		if err != nil {
			return err
		}
		return svc.DeliverNotification(ctx, p.NotificationID)
	})
}
