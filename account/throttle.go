package account

import (
	"context"
	"errors"
	"time"
)

// Sign-in throttling. Per login: from the 3rd failure within the window
// each further try must wait twice as long as the one before (1 s, 2 s,
// 4 s, ...); the 10th locks the login for LockDuration. Per client address:
// the 50th failure within the window locks the address. Counting is in the
// database, so every API process sees the same counts.
const (
	ThrottleWindow     = 15 * time.Minute
	LoginSlowAfter     = 3
	LoginLockAfter     = 10
	AddressLockAfter   = 50
	LockDuration       = 15 * time.Minute
	maxSlowDownBackoff = 5 * time.Minute
)

func ipKey(ip string) string { return "ip:" + ip }

// throttled says how long the key must wait before its next try.
func (s *Service) throttled(ctx context.Context, tx Tx, key string, now time.Time) (time.Duration, error) {
	t, err := tx.Throttle(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if now.Before(t.LockedUntil) {
		return t.LockedUntil.Sub(now), nil
	}
	if now.Sub(t.WindowStart) > ThrottleWindow {
		return 0, nil
	}
	if t.Failures >= LoginSlowAfter && key[:3] != "ip:" {
		wait := slowDown(t.Failures)
		if next := t.LastFailure.Add(wait); now.Before(next) {
			return next.Sub(now), nil
		}
	}
	return 0, nil
}

// slowDown is the wait after n failures.
func slowDown(n int) time.Duration {
	d := time.Second << uint(min(n-LoginSlowAfter, 20))
	return min(d, maxSlowDownBackoff)
}

// recordFailure counts a failed sign-in against the login and the address,
// locking either when it reaches its limit.
func (s *Service) recordFailure(ctx context.Context, tx Tx, loginKey, accountID string, c Client, now time.Time) error {
	for _, k := range []struct {
		key   string
		limit int
	}{{loginKey, LoginLockAfter}, {ipKey(c.IP), AddressLockAfter}} {
		t, err := tx.Throttle(ctx, k.key)
		if errors.Is(err, ErrNotFound) || (err == nil && now.Sub(t.WindowStart) > ThrottleWindow) {
			t, err = Throttle{Key: k.key, WindowStart: now}, nil
		}
		if err != nil {
			return err
		}
		t.Failures++
		t.LastFailure = now
		locked := t.Failures >= k.limit && now.After(t.LockedUntil)
		if locked {
			t.LockedUntil = now.Add(LockDuration)
		}
		if err := tx.SaveThrottle(ctx, t); err != nil {
			return err
		}
		if locked {
			if err := s.audit(ctx, tx, AuditLockout, "", accountID, c, map[string]string{"scope": throttleScope(k.key)}); err != nil {
				return err
			}
		}
	}
	return s.audit(ctx, tx, AuditSignInFailed, "", accountID, c, nil)
}

func throttleScope(key string) string {
	if len(key) > 3 && key[:3] == "ip:" {
		return "address"
	}
	return "login"
}
