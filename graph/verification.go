package graph

import (
	"context"

	"github.com/uslugi/uslugi/account"
)

// VerificationFeed signals changes of an account's verification across API
// processes (pubsub.Hub).
type VerificationFeed interface {
	SubscribeVerification(ctx context.Context, accountID string) <-chan string
}

// verificationUpdated sends the citizen's latest verification now (if he
// has one) and again after every change, until the client leaves.
func (r *Resolver) verificationUpdated(ctx context.Context) (<-chan *account.Verification, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	// Subscribed before the first read (watch): a change in between is
	// read again rather than lost. No verification yet, or a failed read,
	// waits for the next change.
	signals := r.Verifications.SubscribeVerification(ctx, p.AccountID)
	return watch(ctx, signals, func(ctx context.Context) (*account.Verification, error) {
		return r.Accounts.CurrentVerification(ctx, p)
	}), nil
}
