package account

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uslugi/uslugi/identity"
)

// Auth is a signed-in session's credentials: a short-lived access token
// and a refresh token that is replaced on every use.
type Auth struct {
	Account          Account
	SessionID        string
	AccessToken      string
	AccessExpiresAt  time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
}

func (s *Service) principal(a Account, sessionID string) Principal {
	return Principal{AccountID: a.ID, SessionID: sessionID, Tier: a.Tier, Method: a.Method, Roles: a.Roles}
}

// startSession opens a session for a on the client's device.
func (s *Service) startSession(ctx context.Context, tx Tx, a Account, c Client, now time.Time) (Auth, error) {
	sess := Session{ID: newID(), AccountID: a.ID, Device: shorten(c.Device, 200), IP: c.IP,
		CreatedAt: now, LastUsedAt: now, ExpiresAt: now.Add(s.cfg.RefreshTTL)}
	if err := tx.CreateSession(ctx, &sess); err != nil {
		return Auth{}, err
	}
	return s.issue(ctx, tx, a, sess, now)
}

// issue adds a refresh token to the session and signs an access token that
// carries the account's tier and roles as they are now.
func (s *Service) issue(ctx context.Context, tx Tx, a Account, sess Session, now time.Time) (Auth, error) {
	refresh, err := s.secrets.NewToken()
	if err != nil {
		return Auth{}, err
	}
	if err := tx.AddRefreshToken(ctx, RefreshToken{Hash: s.secrets.HashToken(refresh), SessionID: sess.ID, CreatedAt: now}); err != nil {
		return Auth{}, err
	}
	access, err := s.secrets.SignAccess(s.principal(a, sess.ID), now, s.cfg.AccessTTL)
	if err != nil {
		return Auth{}, err
	}
	return Auth{Account: a, SessionID: sess.ID, AccessToken: access, AccessExpiresAt: now.Add(s.cfg.AccessTTL),
		RefreshToken: refresh, RefreshExpiresAt: sess.ExpiresAt}, nil
}

// errBadCredentials is the one answer to a wrong login or password: it
// never says which.
func errBadCredentials() error {
	return InputErrors{fieldErr("password", "INVALID_CREDENTIALS",
		"Неверный логин или пароль", "wrong login or password")}
}

// SignIn checks a login (phone in any common writing, email or SNILS) and
// password. Failures slow down and then lock the login and the client
// address for a while; an unknown login is answered exactly like a wrong
// password, in the same time.
func (s *Service) SignIn(ctx context.Context, login, password string, c Client) (Auth, error) {
	key, kind, value := s.loginKey(login)
	now := s.now()
	var auth Auth
	var failure error
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		for _, k := range []string{key, ipKey(c.IP)} {
			if wait, err := s.throttled(ctx, tx, k, now); err != nil {
				return err
			} else if wait > 0 {
				return &RateLimitedError{RetryAfter: wait}
			}
		}
		var a Account
		var err error
		a, err = accountByLogin(ctx, tx, kind, value)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		ok := false
		if err == nil {
			if ok, err = s.passwords.Verify(a.PasswordHash, password); err != nil {
				return err
			}
		} else {
			s.passwords.Dummy(password)
		}
		if !ok {
			failure = errBadCredentials()
			return s.recordFailure(ctx, tx, key, a.ID, c, now)
		}
		if err := tx.DeleteThrottle(ctx, key); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, AuditSignIn, a.ID, a.ID, c, nil); err != nil {
			return err
		}
		auth, err = s.startSession(ctx, tx, a, c, now)
		return err
	})
	if err != nil {
		return Auth{}, err
	}
	return auth, failure
}

// loginKey normalises a login and names its throttle. A login that is
// none of the three kinds still gets a throttle, so guessing garbage costs
// the same as guessing real logins.
func (s *Service) loginKey(login string) (key string, kind ContactKind, value string) {
	login = strings.TrimSpace(login)
	if strings.Contains(login, "@") {
		if e, err := identity.ParseEmail(login); err == nil {
			return "login:" + s.secrets.LookupHash("login", e), ContactEmail, e
		}
	} else if sn, err := identity.ParseSNILS(login); err == nil {
		h := s.secrets.LookupHash("snils", sn)
		return "login:" + s.secrets.LookupHash("login", sn), "SNILS", h
	} else if p, err := identity.ParsePhone(login); err == nil {
		return "login:" + s.secrets.LookupHash("login", p), ContactPhone, p
	}
	return "login:" + s.secrets.LookupHash("login", strings.ToLower(login)), "", ""
}

// Refresh replaces a refresh token with a new one and a new access token
// that carries the account's current tier. A refresh token used a second
// time means it was stolen (or the legitimate holder's copy was): the whole
// session ends.
func (s *Service) Refresh(ctx context.Context, refreshToken string, c Client) (Auth, error) {
	now := s.now()
	var auth Auth
	var failure error
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		t, err := tx.UseRefreshToken(ctx, s.secrets.HashToken(strings.TrimSpace(refreshToken)), now)
		if errors.Is(err, ErrNotFound) {
			failure = ErrUnauthenticated
			return nil
		}
		if err != nil {
			return err
		}
		sess, err := tx.SessionForUpdate(ctx, t.SessionID)
		if err != nil {
			return err
		}
		if !t.UsedAt.IsZero() {
			failure = ErrUnauthenticated
			if !sess.RevokedAt.IsZero() {
				return nil
			}
			if err := tx.RevokeSession(ctx, sess.ID, now, "refresh token reused"); err != nil {
				return err
			}
			return s.audit(ctx, tx, AuditRefreshReuse, sess.AccountID, sess.AccountID, c, map[string]string{"session": sess.ID})
		}
		if !sess.Active(now) {
			failure = ErrUnauthenticated
			return nil
		}
		a, err := tx.AccountByID(ctx, sess.AccountID)
		if err != nil {
			return err
		}
		if err := tx.TouchSession(ctx, sess.ID, now); err != nil {
			return err
		}
		auth, err = s.issue(ctx, tx, a, sess, now)
		return err
	})
	if err != nil {
		return Auth{}, err
	}
	return auth, failure
}

// Authenticate turns an access token into its principal, refusing tokens
// of sessions that have ended (signed out, revoked, password changed).
func (s *Service) Authenticate(ctx context.Context, accessToken string) (Principal, error) {
	now := s.now()
	p, err := s.secrets.ParseAccess(accessToken, now)
	if err != nil {
		return Principal{}, ErrUnauthenticated
	}
	sess, err := s.store.Session(ctx, p.SessionID)
	if errors.Is(err, ErrNotFound) {
		return Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, err
	}
	if !sess.Active(now) || sess.AccountID != p.AccountID {
		return Principal{}, ErrUnauthenticated
	}
	return p, nil
}

// SignOut ends the principal's session.
func (s *Service) SignOut(ctx context.Context, p Principal, c Client) error {
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.RevokeSession(ctx, p.SessionID, s.now(), "signed out"); err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditSignOut, p.AccountID, p.AccountID, c, map[string]string{"session": p.SessionID})
	})
}

// Sessions lists the principal's sessions, newest first.
func (s *Service) Sessions(ctx context.Context, p Principal) ([]Session, error) {
	var out []Session
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Sessions(ctx, p.AccountID)
		return err
	})
	return out, err
}

// RevokeSession ends one of the principal's own sessions (a lost phone).
func (s *Service) RevokeSession(ctx context.Context, p Principal, sessionID string, c Client) error {
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		sess, err := tx.SessionForUpdate(ctx, sessionID)
		if errors.Is(err, ErrNotFound) || (err == nil && sess.AccountID != p.AccountID) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.RevokeSession(ctx, sess.ID, s.now(), "revoked by the owner"); err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditSessionRevoked, p.AccountID, p.AccountID, c, map[string]string{"session": sess.ID})
	})
}

// Me returns the principal's account.
func (s *Service) Me(ctx context.Context, p Principal) (Account, error) {
	return s.store.AccountByID(ctx, p.AccountID)
}

// AuditLog lists security events for administrators, newest first.
func (s *Service) AuditLog(ctx context.Context, p Principal, f AuditFilter, offset, limit int) ([]AuditEvent, int, error) {
	if !p.HasRole(RoleAdmin) {
		return nil, 0, &ForbiddenError{NeedRole: RoleAdmin}
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	return s.store.AuditLog(ctx, f, offset, limit)
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// accountByLogin finds the account of a login that loginKey normalised;
// ErrNotFound for none, or for a login of no known kind.
func accountByLogin(ctx context.Context, tx Tx, kind ContactKind, value string) (Account, error) {
	switch kind {
	case ContactPhone:
		return tx.AccountByPhone(ctx, value)
	case ContactEmail:
		return tx.AccountByEmail(ctx, value)
	case "SNILS":
		return tx.AccountBySNILSHash(ctx, value)
	}
	return Account{}, ErrNotFound
}
