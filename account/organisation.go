package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/uslugi/uslugi/identity"
)

// OrgKind is a legal entity or an individual entrepreneur.
type OrgKind string

// Organisation kinds.
const (
	OrgLegalEntity  OrgKind = "LEGAL_ENTITY"
	OrgEntrepreneur OrgKind = "ENTREPRENEUR"
)

// OrgRole is what a person may do inside an organisation.
type OrgRole string

// Roles inside an organisation.
const (
	OrgHead     OrgRole = "HEAD"
	OrgAdmin    OrgRole = "ADMINISTRATOR" // manages employees
	OrgEmployee OrgRole = "EMPLOYEE"      // applies for services on its behalf
)

// Organisation acts through people who hold accounts: its head is a
// CONFIRMED citizen, who adds employees with roles.
type Organisation struct {
	ID        string
	Kind      OrgKind
	Name      string
	INN       string
	OGRN      string
	HeadID    string
	CreatedAt time.Time
}

// Member is a person's place in an organisation.
type Member struct {
	OrgID     string
	AccountID string
	Role      OrgRole
	AddedBy   string
	AddedAt   time.Time
}

// OrganisationInput registers an organisation.
type OrganisationInput struct {
	Kind, Name, INN, OGRN string
}

// CreateOrganisation registers a legal entity (INN of 10 digits, OGRN of
// 13) or an individual entrepreneur (INN of 12, OGRNIP of 15) headed by the
// caller, who must be CONFIRMED. One INN makes one organisation.
func (s *Service) CreateOrganisation(ctx context.Context, p Principal, in OrganisationInput, c Client) (Organisation, error) {
	now := s.now()
	o := Organisation{ID: newID(), Kind: OrgKind(in.Kind), Name: strings.Join(strings.Fields(in.Name), " "), HeadID: p.AccountID, CreatedAt: now}
	var errs []error
	if o.Kind != OrgLegalEntity && o.Kind != OrgEntrepreneur {
		errs = append(errs, fieldErr("kind", "INVALID", "Укажите LEGAL_ENTITY или ENTREPRENEUR", "give LEGAL_ENTITY or ENTREPRENEUR"))
	}
	if n := len([]rune(o.Name)); n < 3 || n > 300 {
		errs = append(errs, fieldErr("name", "REQUIRED", "Укажите наименование (от 3 до 300 знаков)", "give the name (3 to 300 characters)"))
	}
	var err error
	o.INN, err = identity.ParseINN(in.INN)
	errs = append(errs, err)
	o.OGRN, err = identity.ParseOGRN(in.OGRN)
	errs = append(errs, err)
	if o.INN != "" && o.OGRN != "" {
		switch {
		case o.Kind == OrgLegalEntity && (len(o.INN) != 10 || len(o.OGRN) != 13):
			errs = append(errs, fieldErr("inn", "KIND_MISMATCH", "У юридического лица ИНН из 10 цифр и ОГРН из 13", "a legal entity has a 10-digit INN and a 13-digit OGRN"))
		case o.Kind == OrgEntrepreneur && (len(o.INN) != 12 || len(o.OGRN) != 15):
			errs = append(errs, fieldErr("inn", "KIND_MISMATCH", "У индивидуального предпринимателя ИНН из 12 цифр и ОГРНИП из 15", "an individual entrepreneur has a 12-digit INN and a 15-digit OGRNIP"))
		}
	}
	if err := asInput(errs...); err != nil {
		return Organisation{}, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		a, err := tx.AccountByID(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if a.Tier != TierConfirmed {
			return &ForbiddenError{NeedTier: TierConfirmed, HaveTier: a.Tier, HaveMethod: a.Method}
		}
		if err := tx.CreateOrganisation(ctx, o); err != nil {
			if errors.Is(err, ErrContactTaken) {
				return InputErrors{fieldErr("inn", "TAKEN", "Организация с этим ИНН уже зарегистрирована", "an organisation with this INN is registered already")}
			}
			return err
		}
		if err := tx.AddMember(ctx, Member{OrgID: o.ID, AccountID: a.ID, Role: OrgHead, AddedBy: a.ID, AddedAt: now}); err != nil {
			return err
		}
		return s.audit(ctx, tx, "organisation.created", a.ID, a.ID, c, map[string]string{"organisation": o.ID, "inn": o.INN})
	})
	return o, err
}

// AddMember lets an organisation's head or administrator add a person (by
// phone, email or SNILS of a registered account) with a role. Only the head
// makes administrators.
func (s *Service) AddMember(ctx context.Context, p Principal, orgID, login string, role OrgRole, c Client) (Member, error) {
	if role != OrgAdmin && role != OrgEmployee {
		return Member{}, InputErrors{fieldErr("role", "INVALID", "Укажите ADMINISTRATOR или EMPLOYEE", "give ADMINISTRATOR or EMPLOYEE")}
	}
	_, kind, value := s.loginKey(login)
	now := s.now()
	var m Member
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		me, err := tx.Member(ctx, orgID, p.AccountID)
		if errors.Is(err, ErrNotFound) || (err == nil && me.Role == OrgEmployee) || (err == nil && role == OrgAdmin && me.Role != OrgHead) {
			return &ForbiddenError{NeedRole: "ORGANISATION_" + Role(OrgHead)}
		}
		if err != nil {
			return err
		}
		var a Account
		a, err = accountByLogin(ctx, tx, kind, value)
		if errors.Is(err, ErrNotFound) {
			return InputErrors{fieldErr("login", "NOT_FOUND", "Нет учётной записи с таким телефоном, почтой или СНИЛС: человек должен сначала зарегистрироваться",
				"no account has this phone, email or SNILS: the person must register first")}
		}
		if err != nil {
			return err
		}
		m = Member{OrgID: orgID, AccountID: a.ID, Role: role, AddedBy: p.AccountID, AddedAt: now}
		if err := tx.AddMember(ctx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, "organisation.member_added", p.AccountID, a.ID, c, map[string]string{"organisation": orgID, "role": string(role)})
	})
	return m, err
}

// Organisations lists the organisations the principal belongs to, with
// his role in each.
func (s *Service) Organisations(ctx context.Context, p Principal) ([]Organisation, []Member, error) {
	var orgs []Organisation
	var members []Member
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		orgs, members, err = tx.Organisations(ctx, p.AccountID)
		return err
	})
	return orgs, members, err
}
