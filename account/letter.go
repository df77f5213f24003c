package account

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/identity"
	"github.com/uslugi/uslugi/notification"
)

// Registered-mail confirmation (DOMAIN.md): the code travels about two
// weeks by Russian Post; a new letter may be sent no earlier than 30 days
// after the last.
const (
	LetterResendAfter = 30 * 24 * time.Hour
	LetterCodeDigits  = 8
	LetterCodeTTL     = 90 * 24 * time.Hour // long enough for a letter that waits at the post office
	// TypeSendLetter is the job that hands a confirmation letter to the post.
	TypeSendLetter = "post:send-letter"
)

// Letter is a confirmation code sent by registered mail.
type Letter struct {
	ID             string
	AccountID      string
	PostalCode     string
	Address        string
	CodeHash       string
	CodeSealed     []byte
	TrackingNumber string
	RequestedAt    time.Time
	SentAt         time.Time
	ExpiresAt      time.Time
	Attempts       int
	UsedAt         time.Time
}

// LetterView is a letter as its citizen follows it.
type LetterView struct {
	Letter
	NextLetterAfter time.Time
	Tracking        []agency.TrackingEvent
}

// LetterPayload names the letter to send.
type LetterPayload struct {
	LetterID string `json:"letter_id"`
}

// RequestConfirmationLetter sends a code by registered mail to the postal
// address the citizen gives. Only a verified (STANDARD) account may ask,
// and again only 30 days after the last letter.
func (s *Service) RequestConfirmationLetter(ctx context.Context, p Principal, postalCode, address string, c Client) (LetterView, error) {
	pc, errPC := identity.ParsePostalCode(postalCode)
	address = strings.Join(strings.Fields(address), " ")
	var errAddr error
	if len([]rune(address)) < 10 || len([]rune(address)) > 300 {
		errAddr = fieldErr("address", "REQUIRED", "Укажите почтовый адрес полностью: регион, город, улица, дом, квартира", "give the full postal address: region, city, street, house, flat")
	}
	if err := asInput(errPC, errAddr); err != nil {
		return LetterView{}, err
	}
	now := s.now()
	var l Letter
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		a, err := tx.AccountByID(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if a.Tier == TierConfirmed {
			return InputErrors{fieldErr("address", "ALREADY_CONFIRMED", "Личность уже подтверждена", "the identity is confirmed already")}
		}
		if a.Tier.Rank() < TierStandard.Rank() {
			return &ForbiddenError{NeedTier: TierStandard, HaveTier: a.Tier, HaveMethod: a.Method}
		}
		if last, err := tx.LatestLetter(ctx, p.AccountID); err == nil {
			if next := last.RequestedAt.Add(LetterResendAfter); now.Before(next) {
				return InputErrors{fieldErr("address", "TOO_SOON",
					fmt.Sprintf("Новое письмо можно заказать не раньше чем через 30 дней после предыдущего: с %s", next.Format("02.01.2006")),
					fmt.Sprintf("a new letter may be ordered no earlier than 30 days after the last: from %s", next.Format("2006-01-02")))}
			}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		code, err := s.secrets.NewCode(LetterCodeDigits)
		if err != nil {
			return err
		}
		sealed, err := s.secrets.Seal(code, "letter")
		if err != nil {
			return err
		}
		l = Letter{ID: newID(), AccountID: p.AccountID, PostalCode: pc, Address: address,
			CodeHash: s.secrets.HashToken(p.AccountID + ":" + code), CodeSealed: sealed,
			RequestedAt: now, ExpiresAt: now.Add(LetterCodeTTL)}
		if err := tx.CreateLetter(ctx, &l); err != nil {
			return err
		}
		b, err := json.Marshal(LetterPayload{LetterID: l.ID})
		if err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, event.Event{Type: TypeSendLetter, Queue: event.QueueDefault, Payload: b}); err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditCodeSent, p.AccountID, p.AccountID, c, map[string]string{"purpose": "confirmation", "channel": "post"})
	})
	if err != nil {
		return LetterView{}, err
	}
	return LetterView{Letter: l, NextLetterAfter: l.RequestedAt.Add(LetterResendAfter)}, nil
}

// SendConfirmationLetter hands the letter to the post (the post:send-letter
// job) and keeps its tracking number. A letter that has one is not sent
// again.
func (s *Service) SendConfirmationLetter(ctx context.Context, letterID string) error {
	var l Letter
	var a Account
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if l, err = tx.LetterForUpdate(ctx, letterID); err != nil {
			return err
		}
		a, err = tx.AccountByID(ctx, l.AccountID)
		return err
	})
	if errors.Is(err, ErrNotFound) || (err == nil && l.TrackingNumber != "") {
		return nil
	}
	if err != nil {
		return err
	}
	code, err := s.secrets.Open(l.CodeSealed, "letter")
	if err != nil {
		return err
	}
	name := strings.TrimSpace(a.LastName + " " + a.FirstName + " " + a.Patronymic)
	track, err := s.agencies.Post.SendRegisteredLetter(ctx, agency.Letter{To: name, Address: l.PostalCode + ", " + l.Address,
		Body: "Код подтверждения личности для портала госуслуг: " + code + ". Введите его в личном кабинете."})
	if err != nil {
		return fmt.Errorf("account: post: %w", err)
	}
	now := s.now()
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.SetLetterSent(ctx, letterID, track, now); err != nil {
			return err
		}
		return s.notify(ctx, tx, l.AccountID, notification.KindConfirmationLetter, now,
			"Письмо с кодом отправлено", "Letter with the code sent",
			"Заказное письмо с кодом подтверждения отправлено, трек-номер "+track+". Отслеживать его можно со следующего дня.",
			"A registered letter with the confirmation code is on its way, tracking number "+track+". It can be tracked from tomorrow.")
	})
}

// ConfirmationLetter returns the citizen's latest letter with its tracking.
func (s *Service) ConfirmationLetter(ctx context.Context, p Principal) (*LetterView, error) {
	var l Letter
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		l, err = tx.LatestLetter(ctx, p.AccountID)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := &LetterView{Letter: l, NextLetterAfter: l.RequestedAt.Add(LetterResendAfter)}
	if l.TrackingNumber != "" {
		if v.Tracking, err = s.agencies.Post.Track(ctx, l.TrackingNumber); err != nil {
			return nil, fmt.Errorf("account: post: %w", err)
		}
	}
	return v, nil
}

// ConfirmWithLetterCode checks the code from the letter (5 wrong tries burn
// it) and confirms the account by registered mail.
func (s *Service) ConfirmWithLetterCode(ctx context.Context, p Principal, code string, c Client) (Account, error) {
	now := s.now()
	var a Account
	var failure error
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		l, err := tx.LatestLetter(ctx, p.AccountID)
		if errors.Is(err, ErrNotFound) {
			failure = InputErrors{fieldErr("code", "NO_LETTER", "Письмо с кодом не заказано", "no letter with a code was ordered")}
			return nil
		}
		if err != nil {
			return err
		}
		if a, err = tx.AccountByID(ctx, p.AccountID); err != nil {
			return err
		}
		switch {
		case a.Tier == TierConfirmed:
			failure = InputErrors{fieldErr("code", "ALREADY_CONFIRMED", "Личность уже подтверждена", "the identity is confirmed already")}
			return nil
		case !l.UsedAt.IsZero() || l.Attempts >= MaxCodeAttempts:
			failure = InputErrors{fieldErr("code", "CODE_BURNED", "Код больше не действует: закажите новое письмо", "the code no longer works: order a new letter")}
			return nil
		case !now.Before(l.ExpiresAt):
			failure = InputErrors{fieldErr("code", "CODE_EXPIRED", "Срок действия кода истёк: закажите новое письмо", "the code has expired: order a new letter")}
			return nil
		}
		digits := strings.Join(strings.Fields(code), "")
		if subtle.ConstantTimeCompare([]byte(s.secrets.HashToken(p.AccountID+":"+digits)), []byte(l.CodeHash)) != 1 {
			l.Attempts++
			left := MaxCodeAttempts - l.Attempts
			failure = InputErrors{fieldErr("code", "WRONG_CODE", fmt.Sprintf("Неверный код. Осталось попыток: %d", left), fmt.Sprintf("wrong code; %d tries left", left))}
			if err := tx.UpdateLetterAttempts(ctx, l.ID, l.Attempts, time.Time{}); err != nil {
				return err
			}
			return s.audit(ctx, tx, AuditCodeFailed, p.AccountID, p.AccountID, c, map[string]string{"purpose": "confirmation"})
		}
		if err := tx.UpdateLetterAttempts(ctx, l.ID, l.Attempts, now); err != nil {
			return err
		}
		if err := tx.SetConfirmation(ctx, a.ID, TierConfirmed, MethodRegisteredMail); err != nil {
			return err
		}
		a.Tier, a.Method = TierConfirmed, MethodRegisteredMail
		if err := s.audit(ctx, tx, AuditIdentityConfirmd, p.AccountID, a.ID, c, map[string]string{"method": string(MethodRegisteredMail)}); err != nil {
			return err
		}
		return s.notify(ctx, tx, a.ID, notification.KindIdentityConfirmed, now, "Личность подтверждена", "Identity confirmed",
			"Учётная запись подтверждена кодом из заказного письма. Для личного кабинета налогоплательщика нужен другой способ подтверждения.",
			"Your account is confirmed by the registered-mail code. The taxpayer's personal account needs another way of confirmation.")
	})
	if err != nil {
		return Account{}, err
	}
	return a, failure
}
