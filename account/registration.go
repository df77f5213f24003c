package account

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uslugi/uslugi/identity"
	"github.com/uslugi/uslugi/notification"
)

// InputErrors are the problems with a request that its sender can fix,
// one per field; nothing was changed.
type InputErrors []*identity.FieldError

func (e InputErrors) Error() string {
	parts := make([]string, len(e))
	for i, f := range e {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "; ")
}

func asInput(errs ...error) error {
	var out InputErrors
	for _, err := range errs {
		if err == nil {
			continue
		}
		fs := identity.Fields(err)
		if len(fs) == 0 {
			return err
		}
		out = append(out, fs...)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// RegisterInput starts a registration.
type RegisterInput struct {
	LastName  string
	FirstName string
	Phone     string
	Email     string
}

// RegistrationView is what the registrant is told.
type RegistrationView struct {
	ID            string
	ContactKind   ContactKind
	MaskedContact string
	CodeExpiresAt time.Time
	ResendAfter   time.Time
}

func (r *Registration) view() RegistrationView {
	return RegistrationView{ID: r.ID, ContactKind: r.ContactKind, MaskedContact: mask(r.ContactKind, r.Contact),
		CodeExpiresAt: r.CodeExpiresAt, ResendAfter: r.ResendAfter}
}

// Register starts a registration: a phone gets a 6-digit code valid 5
// minutes, an email a link valid 3 days. A contact that already has an
// account gets a message saying so instead of a code, and the answer is the
// same either way, so registration does not tell strangers who is
// registered.
func (s *Service) Register(ctx context.Context, in RegisterInput, c Client) (RegistrationView, error) {
	last, errLast := identity.ParseName(in.LastName, "lastName")
	first, errFirst := identity.ParseName(in.FirstName, "firstName")
	var kind ContactKind
	var contact string
	var errContact error
	switch {
	case strings.TrimSpace(in.Phone) != "" && strings.TrimSpace(in.Email) != "":
		errContact = fieldErr("phone", "ONE_CONTACT", "Укажите либо телефон, либо электронную почту", "give either a phone or an email, not both")
	case strings.TrimSpace(in.Phone) != "":
		kind = ContactPhone
		contact, errContact = identity.ParsePhone(in.Phone)
	case strings.TrimSpace(in.Email) != "":
		kind = ContactEmail
		contact, errContact = identity.ParseEmail(in.Email)
	default:
		errContact = fieldErr("phone", "REQUIRED", "Укажите мобильный телефон или электронную почту", "give a mobile phone or an email")
	}
	if err := asInput(errLast, errFirst, errContact); err != nil {
		return RegistrationView{}, err
	}
	now := s.now()
	r := Registration{ID: newID(), LastName: last, FirstName: first, ContactKind: kind, Contact: contact, CreatedAt: now}
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		_, err := s.accountByContact(ctx, tx, kind, contact)
		exists := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		secret, err := s.issueCode(&r, now)
		if err != nil {
			return err
		}
		if exists {
			// The code is never told: nothing can confirm this registration.
			r.CodeHash = s.secrets.HashToken("unusable:" + newID())
			if err := s.sendAlreadyRegistered(ctx, tx, kind, contact); err != nil {
				return err
			}
		} else if err := s.sendRegistrationCode(ctx, tx, &r, secret); err != nil {
			return err
		}
		if err := tx.CreateRegistration(ctx, &r); err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditCodeSent, "", "", c, map[string]string{"purpose": "registration", "channel": string(kind)})
	})
	if err != nil {
		return RegistrationView{}, err
	}
	return r.view(), nil
}

// issueCode gives r a fresh code (phone) or link token (email) and returns
// it; only its keyed hash is kept.
func (s *Service) issueCode(r *Registration, now time.Time) (string, error) {
	var secret string
	var err error
	if r.ContactKind == ContactPhone {
		secret, err = s.secrets.NewCode(PhoneCodeDigits)
		r.CodeExpiresAt = now.Add(PhoneCodeTTL)
	} else {
		secret, err = s.secrets.NewToken()
		r.CodeExpiresAt = now.Add(EmailLinkTTL)
	}
	if err != nil {
		return "", err
	}
	r.CodeHash = s.secrets.HashToken(secret)
	r.CodeAttempts = 0
	r.ResendAfter = now.Add(ResendCooldown)
	return secret, nil
}

func (s *Service) sendRegistrationCode(ctx context.Context, tx Tx, r *Registration, secret string) error {
	if r.ContactKind == ContactPhone {
		return s.send(ctx, tx, notification.ChannelSMS, r.Contact, "",
			fmt.Sprintf("Код подтверждения для регистрации на портале госуслуг: %s. Никому не сообщайте его.", secret))
	}
	link := fmt.Sprintf("%s/register/confirm?registration=%s&token=%s", strings.TrimRight(s.cfg.PublicURL, "/"), r.ID, secret)
	return s.send(ctx, tx, notification.ChannelEmail, r.Contact, "Подтверждение электронной почты",
		fmt.Sprintf("Здравствуйте, %s!\n\nЧтобы подтвердить адрес для регистрации на портале госуслуг, перейдите по ссылке (действует 3 дня):\n%s\n\nКод подтверждения: %s", r.FirstName, link, secret))
}

func (s *Service) sendAlreadyRegistered(ctx context.Context, tx Tx, kind ContactKind, contact string) error {
	text := "На этот номер уже зарегистрирована учётная запись портала госуслуг. Войдите или восстановите доступ."
	if kind == ContactPhone {
		return s.send(ctx, tx, notification.ChannelSMS, contact, "", text)
	}
	return s.send(ctx, tx, notification.ChannelEmail, contact, "Учётная запись уже существует",
		"На этот адрес уже зарегистрирована учётная запись портала госуслуг. Войдите или восстановите доступ.")
}

func (s *Service) accountByContact(ctx context.Context, tx Tx, kind ContactKind, contact string) (Account, error) {
	if kind == ContactPhone {
		return tx.AccountByPhone(ctx, contact)
	}
	return tx.AccountByEmail(ctx, contact)
}

// ResendCode sends a new code once the cooldown has passed; the old code
// stops working.
func (s *Service) ResendCode(ctx context.Context, registrationID string, c Client) (RegistrationView, error) {
	var view RegistrationView
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.RegistrationForUpdate(ctx, registrationID)
		if errors.Is(err, ErrNotFound) {
			return InputErrors{fieldErr("registrationId", "NOT_FOUND", "Регистрация не найдена: начните заново", "no such registration: start again")}
		}
		if err != nil {
			return err
		}
		now := s.now()
		if !r.ConfirmedAt.IsZero() {
			return InputErrors{fieldErr("registrationId", "ALREADY_CONFIRMED", "Контакт уже подтверждён: задайте пароль", "the contact is confirmed already: set the password")}
		}
		if now.Before(r.ResendAfter) {
			return &RateLimitedError{RetryAfter: r.ResendAfter.Sub(now)}
		}
		_, err = s.accountByContact(ctx, tx, r.ContactKind, r.Contact)
		exists := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		secret, err := s.issueCode(&r, now)
		if err != nil {
			return err
		}
		if exists {
			r.CodeHash = s.secrets.HashToken("unusable:" + newID())
			err = s.sendAlreadyRegistered(ctx, tx, r.ContactKind, r.Contact)
		} else {
			err = s.sendRegistrationCode(ctx, tx, &r, secret)
		}
		if err != nil {
			return err
		}
		if err := tx.UpdateRegistration(ctx, &r); err != nil {
			return err
		}
		view = r.view()
		return s.audit(ctx, tx, AuditCodeSent, "", "", c, map[string]string{"purpose": "registration", "channel": string(r.ContactKind)})
	})
	return view, err
}

// ConfirmContact checks the code (or the email link's token). Every wrong
// try counts, whether tries come one by one, at once, or as aliases of one
// request; the fifth burns the code. The answer is a token that lets the
// password be set.
func (s *Service) ConfirmContact(ctx context.Context, registrationID, code string, c Client) (string, error) {
	var setup string
	var failure error
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.RegistrationForUpdate(ctx, registrationID)
		if errors.Is(err, ErrNotFound) {
			failure = InputErrors{fieldErr("registrationId", "NOT_FOUND", "Регистрация не найдена: начните заново", "no such registration: start again")}
			return nil
		}
		if err != nil {
			return err
		}
		now := s.now()
		switch {
		case !r.ConfirmedAt.IsZero():
			failure = InputErrors{fieldErr("code", "ALREADY_CONFIRMED", "Контакт уже подтверждён", "the contact is confirmed already")}
			return nil
		case r.CodeAttempts >= MaxCodeAttempts:
			failure = InputErrors{fieldErr("code", "CODE_BURNED", "Код больше не действует после 5 неверных попыток: запросите новый", "the code no longer works after 5 wrong tries: request a new one")}
			return nil
		case !now.Before(r.CodeExpiresAt):
			failure = InputErrors{fieldErr("code", "CODE_EXPIRED", "Срок действия кода истёк: запросите новый", "the code has expired: request a new one")}
			return nil
		}
		if subtle.ConstantTimeCompare([]byte(s.secrets.HashToken(strings.TrimSpace(code))), []byte(r.CodeHash)) != 1 {
			r.CodeAttempts++
			left := MaxCodeAttempts - r.CodeAttempts
			action := AuditCodeFailed
			if left == 0 {
				action = AuditCodeBurned
				failure = InputErrors{fieldErr("code", "CODE_BURNED", "Неверный код. Попытки исчерпаны: запросите новый код", "wrong code; no tries left: request a new code")}
			} else {
				failure = InputErrors{fieldErr("code", "WRONG_CODE",
					fmt.Sprintf("Неверный код. Осталось попыток: %d", left), fmt.Sprintf("wrong code; %d tries left", left))}
			}
			if err := tx.UpdateRegistration(ctx, &r); err != nil {
				return err
			}
			return s.audit(ctx, tx, action, "", "", c, map[string]string{"purpose": "registration", "attempt": fmt.Sprint(r.CodeAttempts)})
		}
		token, err := s.secrets.NewToken()
		if err != nil {
			return err
		}
		r.ConfirmedAt = now
		r.SetupHash = s.secrets.HashToken(token)
		r.SetupExpires = now.Add(SetupTokenTTL)
		if err := tx.UpdateRegistration(ctx, &r); err != nil {
			return err
		}
		setup = token
		return nil
	})
	if err != nil {
		return "", err
	}
	return setup, failure
}

// SetPassword finishes a registration: the account is created at the
// SIMPLIFIED tier and signed in. Of two registrations of one contact, the
// first to set its password gets the account.
func (s *Service) SetPassword(ctx context.Context, setupToken, password, again string, c Client) (Auth, error) {
	var auth Auth
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.RegistrationBySetupHash(ctx, s.secrets.HashToken(strings.TrimSpace(setupToken)))
		now := s.now()
		if errors.Is(err, ErrNotFound) || (err == nil && (r.AccountID != "" || !now.Before(r.SetupExpires))) {
			return InputErrors{fieldErr("setupToken", "EXPIRED", "Ссылка для задания пароля недействительна или устарела: подтвердите контакт заново", "the password set-up token is invalid or expired: confirm the contact again")}
		}
		if err != nil {
			return err
		}
		personal := []string{r.Contact}
		if err := identity.ValidatePasswordFor(password, again, personal...); err != nil {
			return asInput(err)
		}
		hash, err := s.passwords.Hash(password)
		if err != nil {
			return err
		}
		a := Account{ID: newID(), Kind: KindCitizen, LastName: r.LastName, FirstName: r.FirstName,
			PasswordHash: hash, Tier: TierSimplified, Method: MethodNone, CreatedAt: now, PasswordChangedAt: now}
		if r.ContactKind == ContactPhone {
			a.Phone = r.Contact
		} else {
			a.Email = r.Contact
		}
		if err := tx.CreateAccount(ctx, &a); err != nil {
			if errors.Is(err, ErrContactTaken) {
				return InputErrors{fieldErr("setupToken", "ALREADY_REGISTERED", "Для этого контакта уже создана учётная запись: войдите или восстановите доступ", "this contact already has an account: sign in or recover access")}
			}
			return err
		}
		r.AccountID = a.ID
		r.SetupHash = ""
		if err := tx.UpdateRegistration(ctx, &r); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, AuditRegistered, a.ID, a.ID, c, map[string]string{"channel": string(r.ContactKind)}); err != nil {
			return err
		}
		auth, err = s.startSession(ctx, tx, a, c, now)
		return err
	})
	return auth, err
}

// mask hides most of a contact: +7 912 ***-**-89, i***@mail.ru.
func mask(kind ContactKind, contact string) string {
	if kind == ContactPhone {
		if len(contact) == 12 {
			return contact[:2] + " " + contact[2:5] + " ***-**-" + contact[10:]
		}
		return "***"
	}
	local, domain, ok := strings.Cut(contact, "@")
	if !ok || local == "" {
		return "***"
	}
	return local[:1] + "***@" + domain
}
