package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/uslugi/uslugi/notification"
)

// RoleGrant is a role held within a scope: an OPERATOR's service centre,
// an OFFICER's department, a MUNICIPAL_OFFICER's municipality (OKTMO);
// ADMIN has none.
type RoleGrant struct {
	Role      Role
	Scope     string
	GrantedBy string
	GrantedAt time.Time
	Reason    string
}

// Scopes checks that a role's scope names something that exists.
type Scopes interface {
	// ScopeExists reports whether scope is a valid scope of role.
	ScopeExists(ctx context.Context, role Role, scope string) (bool, error)
}

// Audit actions of roles and confirmation.
const (
	AuditRoleGranted      = "role.granted"
	AuditRoleRevoked      = "role.revoked"
	AuditIdentityLookup   = "identity.lookup"
	AuditIdentityConfirmd = "identity.confirmed"
)

func validRole(r Role) bool {
	switch r {
	case RoleOperator, RoleOfficer, RoleMunicipalOfficer, RoleAdmin:
		return true
	}
	return false
}

// GrantRole gives an account a role, recorded with who, when and why.
// Only an ADMIN may; the reason is required.
func (s *Service) GrantRole(ctx context.Context, p Principal, accountID string, g RoleGrant, c Client) error {
	return s.changeRole(ctx, p, accountID, g, c, true)
}

// RevokeRole takes a role away, recorded like a grant.
func (s *Service) RevokeRole(ctx context.Context, p Principal, accountID string, g RoleGrant, c Client) error {
	return s.changeRole(ctx, p, accountID, g, c, false)
}

func (s *Service) changeRole(ctx context.Context, p Principal, accountID string, g RoleGrant, c Client, grant bool) error {
	if !p.HasRole(RoleAdmin) {
		return &ForbiddenError{NeedRole: RoleAdmin}
	}
	g.Reason = strings.TrimSpace(g.Reason)
	g.Scope = strings.TrimSpace(g.Scope)
	var errs []error
	if !validRole(g.Role) {
		errs = append(errs, fieldErr("role", "INVALID", "Выдаются роли OPERATOR, OFFICER, MUNICIPAL_OFFICER и ADMIN", "the roles granted are OPERATOR, OFFICER, MUNICIPAL_OFFICER and ADMIN"))
	}
	if len([]rune(g.Reason)) < 5 || len([]rune(g.Reason)) > 500 {
		errs = append(errs, fieldErr("reason", "REQUIRED", "Укажите основание (от 5 до 500 знаков)", "give the reason (5 to 500 characters)"))
	}
	if grant && validRole(g.Role) {
		if g.Role == RoleAdmin && g.Scope != "" {
			errs = append(errs, fieldErr("scope", "NOT_ALLOWED", "У роли ADMIN нет области действия", "the ADMIN role has no scope"))
		} else if g.Role != RoleAdmin {
			ok, err := s.scopes.ScopeExists(ctx, g.Role, g.Scope)
			if err != nil {
				return err
			}
			if !ok {
				errs = append(errs, fieldErr("scope", "UNKNOWN_SCOPE", "Укажите область роли: код центра обслуживания для OPERATOR, код ведомства для OFFICER, ОКТМО муниципалитета для MUNICIPAL_OFFICER",
					"give the role's scope: a service centre code for OPERATOR, a department code for OFFICER, a municipality's OKTMO for MUNICIPAL_OFFICER"))
			}
		}
	}
	if err := asInput(errs...); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := tx.AccountByID(ctx, accountID); err != nil {
			if errors.Is(err, ErrNotFound) {
				return InputErrors{fieldErr("accountId", "NOT_FOUND", "Нет такой учётной записи", "no such account")}
			}
			return err
		}
		action := AuditRoleRevoked
		if grant {
			action = AuditRoleGranted
			g.GrantedBy, g.GrantedAt = p.AccountID, s.now()
			if err := tx.GrantRole(ctx, accountID, g); err != nil {
				return err
			}
		} else if err := tx.RevokeRole(ctx, accountID, g.Role, g.Scope); err != nil {
			return err
		}
		// A role change takes effect at the next token refresh.
		return s.audit(ctx, tx, action, p.AccountID, accountID, c, map[string]string{"role": string(g.Role), "scope": g.Scope, "reason": g.Reason})
	})
}

// BootstrapAdmin makes the account with this login an ADMIN: the server's
// "admin" subcommand uses it to create the first administrator.
func (s *Service) BootstrapAdmin(ctx context.Context, login, reason string) (Account, error) {
	_, kind, value := s.loginKey(login)
	var a Account
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		a, err = accountByLogin(ctx, tx, kind, value)
		if err != nil {
			return err
		}
		if err := tx.GrantRole(ctx, a.ID, RoleGrant{Role: RoleAdmin, GrantedBy: "server admin", GrantedAt: s.now(), Reason: reason}); err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditRoleGranted, "", a.ID, Client{Device: "server admin"}, map[string]string{"role": string(RoleAdmin), "reason": reason})
	})
	return a, err
}

// CitizenCard is what an operator sees of a citizen found by SNILS: enough
// to check the paper document in front of him, nothing more.
type CitizenCard struct {
	AccountID  string
	LastName   string
	FirstName  string
	Patronymic string
	BirthDate  time.Time
	Tier       Tier
	Method     Method
	DocKind    DocumentKind
	Verified   bool
}

// FindCitizenBySNILS lets an OPERATOR find a citizen; every look-up is in
// the audit log.
func (s *Service) FindCitizenBySNILS(ctx context.Context, p Principal, snils string, c Client) (*CitizenCard, error) {
	if !p.HasRole(RoleOperator) {
		return nil, &ForbiddenError{NeedRole: RoleOperator}
	}
	_, kind, hash := s.loginKey(snils)
	if kind != "SNILS" {
		return nil, InputErrors{fieldErr("snils", "INVALID", "Укажите СНИЛС: 11 цифр с верной контрольной суммой", "give a SNILS: 11 digits with a valid check sum")}
	}
	var card *CitizenCard
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		a, err := tx.AccountBySNILSHash(ctx, hash)
		if errors.Is(err, ErrNotFound) {
			return s.audit(ctx, tx, AuditIdentityLookup, p.AccountID, "", c, map[string]string{"found": "false"})
		}
		if err != nil {
			return err
		}
		d, err := tx.PersonalData(ctx, a.ID)
		if err != nil {
			return err
		}
		v, err := tx.LatestVerification(ctx, a.ID)
		verified := err == nil && v.Status == VerificationSucceeded
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		card = &CitizenCard{AccountID: a.ID, LastName: d.LastName, FirstName: d.FirstName, Patronymic: d.Patronymic,
			BirthDate: d.BirthDate, Tier: a.Tier, Method: a.Method, DocKind: d.DocKind, Verified: verified}
		return s.audit(ctx, tx, AuditIdentityLookup, p.AccountID, a.ID, c, map[string]string{"found": "true"})
	})
	return card, err
}

// ConfirmInPerson is the service-centre confirmation: the operator has the
// citizen's identity document in hand and types its series and number,
// which must be those of the verified personal data (a different, new
// document cannot confirm the account). The account becomes CONFIRMED.
func (s *Service) ConfirmInPerson(ctx context.Context, p Principal, accountID, series, number string, c Client) (Account, error) {
	if !p.HasRole(RoleOperator) {
		return Account{}, &ForbiddenError{NeedRole: RoleOperator}
	}
	now := s.now()
	var a Account
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if a, err = tx.AccountByID(ctx, accountID); err != nil {
			if errors.Is(err, ErrNotFound) {
				return InputErrors{fieldErr("accountId", "NOT_FOUND", "Нет такой учётной записи", "no such account")}
			}
			return err
		}
		v, err := tx.LatestVerification(ctx, accountID)
		if errors.Is(err, ErrNotFound) || (err == nil && v.Status != VerificationSucceeded) || a.Tier.Rank() < TierStandard.Rank() {
			return InputErrors{fieldErr("accountId", "NOT_VERIFIED", "Личные данные гражданина ещё не проверены: подтвердить личность можно после проверки",
				"the citizen's personal data is not verified yet: identity can be confirmed after verification")}
		}
		if err != nil {
			return err
		}
		d, err := tx.PersonalData(ctx, accountID)
		if err != nil {
			return err
		}
		if !s.MatchesDocument(d, series, number) {
			return InputErrors{fieldErr("documentNumber", "DOCUMENT_MISMATCH", "Серия и номер не совпадают с проверенным документом: подтвердить личность можно только по нему",
				"the series and number differ from the verified document: only that document can confirm the identity")}
		}
		if a.Tier == TierConfirmed && a.Method == MethodInPerson {
			return nil
		}
		if err := tx.SetConfirmation(ctx, accountID, TierConfirmed, MethodInPerson); err != nil {
			return err
		}
		a.Tier, a.Method = TierConfirmed, MethodInPerson
		if err := s.audit(ctx, tx, AuditIdentityConfirmd, p.AccountID, accountID, c, map[string]string{"method": string(MethodInPerson)}); err != nil {
			return err
		}
		return s.notify(ctx, tx, accountID, notification.KindIdentityConfirmed, now,
			"Личность подтверждена", "Identity confirmed",
			"Учётная запись подтверждена: доступны все услуги портала.", "Your account is confirmed: every service of the portal is open to you.")
	})
	return a, err
}

// notify writes a feed notification and the event that delivers it.
func (s *Service) notify(ctx context.Context, tx Tx, accountID string, kind notification.Kind, now time.Time, titleRu, titleEn, bodyRu, bodyEn string) error {
	n := notification.Notification{ID: newID(), AccountID: accountID, Kind: kind, TitleRu: titleRu, TitleEn: titleEn,
		BodyRu: bodyRu, BodyEn: bodyEn, Link: "uslugi://account", CreatedAt: now}
	if err := tx.AddNotification(ctx, n); err != nil {
		return err
	}
	return addDeliveryEvents(ctx, tx, n)
}

// addDeliveryEvents writes one job per way a notification travels: the
// live feed with SMS or email, and the push; each is idempotent by the
// notification's id.
func addDeliveryEvents(ctx context.Context, tx Tx, n notification.Notification) error {
	evs, err := notification.Events(n)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		if err := tx.AddEvent(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

// RoleGrants lists an account's roles with their scopes; an account sees
// its own, an ADMIN anyone's.
func (s *Service) RoleGrants(ctx context.Context, p Principal, accountID string) ([]RoleGrant, error) {
	if p.AccountID != accountID && !p.HasRole(RoleAdmin) {
		return nil, &ForbiddenError{NeedRole: RoleAdmin}
	}
	var out []RoleGrant
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.RoleGrants(ctx, accountID)
		return err
	})
	return out, err
}
