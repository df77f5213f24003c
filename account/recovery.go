package account

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"

	"github.com/uslugi/uslugi/identity"
	"github.com/uslugi/uslugi/notification"
)

// RecoveryChannel is where recovery instructions went.
type RecoveryChannel string

// Recovery channels.
const (
	RecoveryPhone         RecoveryChannel = "PHONE"
	RecoveryEmail         RecoveryChannel = "EMAIL"
	RecoveryServiceCentre RecoveryChannel = "SERVICE_CENTRE"
)

// RecoveryView is the answer to a recovery request.
type RecoveryView struct {
	Channel       RecoveryChannel
	MaskedContact string
}

const purposeRecovery = "recovery"

// RequestRecovery sends recovery instructions: by phone an SMS code, by
// email a link, by SNILS a link to the profile's email (or a code to its
// phone). The answer for a phone or email that has no account is the same
// as for one that has, so it tells strangers nothing; an account with no
// contact at all can only be restored at a service centre, and the answer
// says so.
func (s *Service) RequestRecovery(ctx context.Context, login string, c Client) (RecoveryView, error) {
	_, kind, value := s.loginKey(login)
	if kind == "" {
		return RecoveryView{}, InputErrors{fieldErr("login", "INVALID", "Укажите телефон, электронную почту или СНИЛС", "give a phone, an email or a SNILS")}
	}
	now := s.now()
	var view RecoveryView
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var a Account
		var err error
		switch kind {
		case ContactPhone:
			a, err = tx.AccountByPhone(ctx, value)
			view = RecoveryView{Channel: RecoveryPhone, MaskedContact: mask(ContactPhone, value)}
		case ContactEmail:
			a, err = tx.AccountByEmail(ctx, value)
			view = RecoveryView{Channel: RecoveryEmail, MaskedContact: mask(ContactEmail, value)}
		default:
			a, err = tx.AccountBySNILSHash(ctx, value)
			view = RecoveryView{Channel: RecoveryEmail}
		}
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		channel := ContactPhone
		switch {
		case kind == ContactEmail || (kind == "SNILS" && a.Email != ""):
			channel = ContactEmail
		case kind == ContactPhone || (kind == "SNILS" && a.Phone != ""):
			channel = ContactPhone
		default:
			view = RecoveryView{Channel: RecoveryServiceCentre}
			return s.audit(ctx, tx, AuditRecoveryAsked, "", a.ID, c, map[string]string{"channel": "service_centre"})
		}
		if last, err := tx.LatestCode(ctx, a.ID, purposeRecovery); err == nil && now.Sub(last.CreatedAt) < ResendCooldown {
			return &RateLimitedError{RetryAfter: ResendCooldown - now.Sub(last.CreatedAt)}
		} else if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		code := Code{ID: newID(), Purpose: purposeRecovery, AccountID: a.ID, Channel: channel, CreatedAt: now}
		var secret string
		if channel == ContactPhone {
			secret, err = s.secrets.NewCode(PhoneCodeDigits)
			code.ExpiresAt = now.Add(PhoneCodeTTL)
			// Codes are short: the hash is bound to the account, so equal
			// codes of two accounts never meet in the unique index.
			code.Hash = s.secrets.HashToken(a.ID + ":" + secret)
			view = RecoveryView{Channel: RecoveryPhone, MaskedContact: mask(ContactPhone, a.Phone)}
		} else {
			secret, err = s.secrets.NewToken()
			code.ExpiresAt = now.Add(RecoveryEmailTTL)
			code.Hash = s.secrets.HashToken(secret)
			view = RecoveryView{Channel: RecoveryEmail, MaskedContact: mask(ContactEmail, a.Email)}
		}
		if err != nil {
			return err
		}
		if err := tx.CreateCode(ctx, &code); err != nil {
			return err
		}
		if channel == ContactPhone {
			err = s.send(ctx, tx, notification.ChannelSMS, a.Phone, "",
				fmt.Sprintf("Код для восстановления доступа к порталу госуслуг: %s. Никому не сообщайте его.", secret))
		} else {
			link := fmt.Sprintf("%s/recovery?token=%s", strings.TrimRight(s.cfg.PublicURL, "/"), secret)
			err = s.send(ctx, tx, notification.ChannelEmail, a.Email, "Восстановление доступа",
				fmt.Sprintf("Чтобы задать новый пароль, перейдите по ссылке (действует сутки):\n%s\n\nКод восстановления: %s\n\nЕсли вы не запрашивали восстановление, проигнорируйте это письмо.", link, secret))
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditRecoveryAsked, "", a.ID, c, map[string]string{"channel": string(channel)})
	})
	return view, err
}

// ResetPasswordInput sets a new password after recovery.
type ResetPasswordInput struct {
	Login         string // with an SMS code: the login it was sent for
	Code          string // the SMS code or the link's token
	Password      string
	PasswordAgain string
}

// ResetPassword checks the recovery code (5 wrong tries burn it), sets the
// new password, ends every session and signs in afresh.
func (s *Service) ResetPassword(ctx context.Context, in ResetPasswordInput, c Client) (Auth, error) {
	now := s.now()
	var auth Auth
	var failure error
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var code Code
		var err error
		secret := strings.TrimSpace(in.Code)
		if strings.TrimSpace(in.Login) != "" {
			_, kind, value := s.loginKey(in.Login)
			var a Account
			a, err = accountByLogin(ctx, tx, kind, value)
			if err == nil {
				code, err = tx.LatestCode(ctx, a.ID, purposeRecovery)
			}
			if err == nil && code.Channel == ContactPhone {
				secret = a.ID + ":" + secret
			}
		} else {
			code, err = tx.CodeForUpdate(ctx, s.secrets.HashToken(secret))
		}
		bad := fieldErr("code", "WRONG_CODE", "Неверный или устаревший код: запросите новый", "wrong or expired code: request a new one")
		if errors.Is(err, ErrNotFound) {
			failure = InputErrors{bad}
			return nil
		}
		if err != nil {
			return err
		}
		if !code.UsedAt.IsZero() || !now.Before(code.ExpiresAt) || code.Attempts >= MaxCodeAttempts {
			failure = InputErrors{bad}
			return nil
		}
		if subtle.ConstantTimeCompare([]byte(s.secrets.HashToken(secret)), []byte(code.Hash)) != 1 {
			code.Attempts++
			failure = InputErrors{bad}
			if err := tx.UpdateCode(ctx, &code); err != nil {
				return err
			}
			return s.audit(ctx, tx, AuditCodeFailed, "", code.AccountID, c, map[string]string{"purpose": purposeRecovery})
		}
		a, err := tx.AccountByID(ctx, code.AccountID)
		if err != nil {
			return err
		}
		if err := identity.ValidatePasswordFor(in.Password, in.PasswordAgain, a.Phone, a.Email); err != nil {
			failure = asInput(err)
			return nil // the code stays usable: the citizen only picks another password
		}
		hash, err := s.passwords.Hash(in.Password)
		if err != nil {
			return err
		}
		code.UsedAt = now
		if err := tx.UpdateCode(ctx, &code); err != nil {
			return err
		}
		if err := tx.SetPassword(ctx, a.ID, hash, now); err != nil {
			return err
		}
		n, err := tx.RevokeSessions(ctx, a.ID, now, "password changed")
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, AuditPasswordChanged, a.ID, a.ID, c, map[string]string{"via": "recovery", "sessions_ended": fmt.Sprint(n)}); err != nil {
			return err
		}
		if a.Phone != "" {
			err = s.send(ctx, tx, notification.ChannelSMS, a.Phone, "", "Пароль от портала госуслуг изменён. Если это были не вы, обратитесь в поддержку.")
		} else if a.Email != "" {
			err = s.send(ctx, tx, notification.ChannelEmail, a.Email, "Пароль изменён", "Пароль от портала госуслуг изменён. Если это были не вы, обратитесь в поддержку.")
		}
		if err != nil {
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
