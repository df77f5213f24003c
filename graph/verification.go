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
	// Subscribed before the first read: a change in between is read again
	// rather than lost.
	signals := r.Verifications.SubscribeVerification(ctx, p.AccountID)
	out := make(chan *account.Verification, 1)
	go func() {
		defer close(out)
		send := func() bool {
			v, err := r.Accounts.CurrentVerification(ctx, p)
			if err != nil || v == nil {
				return ctx.Err() == nil // none yet, or a failed read: the next signal reads again
			}
			select {
			case out <- v:
				return true
			case <-ctx.Done():
				return false
			}
		}
		if !send() {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-signals:
				// Signals that queued up meanwhile are answered by one read.
				for drained := false; !drained; {
					select {
					case <-signals:
					default:
						drained = true
					}
				}
				if !send() {
					return
				}
			}
		}
	}()
	return out, nil
}
