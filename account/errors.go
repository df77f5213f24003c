package account

import (
	"errors"
	"fmt"
	"time"
)

// ErrUnauthenticated is returned when a request's credentials are missing,
// expired or revoked.
var ErrUnauthenticated = errors.New("unauthenticated")

// RateLimitedError says how long to wait before trying again.
type RateLimitedError struct {
	RetryAfter time.Duration
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("too many attempts: retry after %s", e.RetryAfter.Round(time.Second))
}

// ForbiddenError says what the caller lacks: a tier (and how to reach it),
// a confirmation method, or a role.
type ForbiddenError struct {
	NeedTier   Tier
	NeedRole   Role
	NotMethod  Method // the caller's method is not enough
	HaveTier   Tier
	HaveMethod Method
}

func (e *ForbiddenError) Error() string {
	switch {
	case e.NeedRole != "":
		return "role " + string(e.NeedRole) + " required"
	case e.NotMethod != "":
		return "identity confirmed by " + string(e.NotMethod) + " is not enough"
	default:
		return "tier " + string(e.NeedTier) + " required"
	}
}
