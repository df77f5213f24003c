package account

import (
	"context"
	"errors"
	"time"

	"github.com/uslugi/uslugi/esign"
	"github.com/uslugi/uslugi/notification"
)

// SignatureVerifier checks qualified electronic signatures (esign.Verifier).
type SignatureVerifier interface {
	NewChallenge(accountID string, now time.Time) (esign.Challenge, error)
	Verify(ch esign.Challenge, signature, cert, chain []byte) (esign.Signer, error)
}

// SignatureChallenge is a challenge as stored: one use, ten minutes.
type SignatureChallenge struct {
	ID        string
	AccountID string
	Nonce     string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

func errSignatureUnavailable() error {
	return InputErrors{fieldErr("certificate", "NOT_CONFIGURED",
		"Подтверждение электронной подписью на этом сервере не настроено (нет доверенных удостоверяющих центров)",
		"confirmation by electronic signature is not set up on this server (no trusted certification centres)")}
}

// StartSignatureConfirmation gives the citizen a text to sign with his
// qualified certificate's key. The account must hold a SNILS (personal
// data entered): the certificate's SNILS is matched against it.
func (s *Service) StartSignatureConfirmation(ctx context.Context, p Principal) (esign.Challenge, string, error) {
	if s.signatures == nil {
		return esign.Challenge{}, "", errSignatureUnavailable()
	}
	now := s.now()
	ch, err := s.signatures.NewChallenge(p.AccountID, now)
	if err != nil {
		return esign.Challenge{}, "", err
	}
	id := newID()
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		a, err := tx.AccountByID(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if a.SNILSHash == "" {
			return InputErrors{fieldErr("certificate", "NO_SNILS", "Сначала укажите личные данные со СНИЛС: по нему сверяется сертификат",
				"enter your personal data with the SNILS first: the certificate is matched against it")}
		}
		if a.Tier == TierConfirmed {
			return InputErrors{fieldErr("certificate", "ALREADY_CONFIRMED", "Личность уже подтверждена", "the identity is confirmed already")}
		}
		return tx.CreateSignatureChallenge(ctx, SignatureChallenge{ID: id, AccountID: p.AccountID, Nonce: ch.Nonce,
			IssuedAt: ch.IssuedAt, ExpiresAt: ch.ExpiresAt})
	})
	return ch, id, err
}

// ConfirmWithSignature checks the signature over the challenge: the chain
// to a trusted certification centre, validity now, revocation, and that
// the certificate's SNILS is the account's. The challenge is spent either
// way. The account becomes CONFIRMED by signature.
func (s *Service) ConfirmWithSignature(ctx context.Context, p Principal, challengeID string, signature, cert, chain []byte, c Client) (Account, error) {
	if s.signatures == nil {
		return Account{}, errSignatureUnavailable()
	}
	now := s.now()
	var a Account
	var failure error
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		stored, err := tx.SpendSignatureChallenge(ctx, challengeID, now)
		if errors.Is(err, ErrNotFound) || (err == nil && stored.AccountID != p.AccountID) {
			failure = InputErrors{fieldErr("challengeId", "NOT_FOUND", "Запрос на подпись не найден или уже использован: начните заново",
				"the signing request was not found or is used: start again")}
			return nil
		}
		if err != nil {
			return err
		}
		ch := esign.Challenge{AccountID: stored.AccountID, Nonce: stored.Nonce, IssuedAt: stored.IssuedAt, ExpiresAt: stored.ExpiresAt,
			Text: esign.ChallengeText(stored.AccountID, stored.Nonce, stored.IssuedAt)}
		signer, err := s.signatures.Verify(ch, signature, cert, chain)
		if err != nil {
			failure = InputErrors{fieldErr("certificate", esign.Code(err), esign.Message(err, "ru"), esign.Message(err, "en"))}
			return s.audit(ctx, tx, "signature.refused", p.AccountID, p.AccountID, c, map[string]string{"reason": esign.Code(err)})
		}
		if a, err = tx.AccountByID(ctx, p.AccountID); err != nil {
			return err
		}
		if s.secrets.LookupHash("snils", signer.SNILS) != a.SNILSHash {
			failure = InputErrors{fieldErr("certificate", "SNILS_MISMATCH", "СНИЛС в сертификате не совпадает со СНИЛС учётной записи",
				"the certificate's SNILS is not the account's")}
			return s.audit(ctx, tx, "signature.refused", p.AccountID, p.AccountID, c, map[string]string{"reason": "SNILS_MISMATCH"})
		}
		if err := tx.SetConfirmation(ctx, a.ID, TierConfirmed, MethodSignature); err != nil {
			return err
		}
		a.Tier, a.Method = TierConfirmed, MethodSignature
		if err := s.audit(ctx, tx, AuditIdentityConfirmd, p.AccountID, a.ID, c, map[string]string{"method": string(MethodSignature),
			"certificate": signer.SerialNumber, "issuer": signer.Issuer}); err != nil {
			return err
		}
		return s.notify(ctx, tx, a.ID, notification.KindIdentityConfirmed, now, "Личность подтверждена", "Identity confirmed",
			"Учётная запись подтверждена электронной подписью: доступны все услуги портала.",
			"Your account is confirmed by electronic signature: every service of the portal is open to you.")
	})
	if err != nil {
		return Account{}, err
	}
	return a, failure
}
