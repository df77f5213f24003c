package graph

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/identity"
)

const (
	typeAccount    = "Account"
	typeAuditEvent = "AuditEvent"
)

// userErrors turns the input errors of a mutation into its payload's
// userErrors; any other error stays a top-level error.
func userErrors(ctx context.Context, err error) ([]model.UserError, error) {
	if err == nil {
		return []model.UserError{}, nil
	}
	var in account.InputErrors
	if !errors.As(err, &in) {
		return nil, err
	}
	lang := Lang(ctx)
	out := make([]model.UserError, len(in))
	for i, f := range in {
		out[i] = model.UserError{Field: f.Field, Code: f.Code, Message: pickLang(lang, f.Ru, f.En)}
	}
	return out, nil
}

func authPayload(ctx context.Context, a account.Auth, err error) (*model.AuthPayload, error) {
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	p := &model.AuthPayload{UserErrors: ues}
	if len(ues) == 0 {
		acc := a.Account
		p.Session = &model.AuthSession{AccessToken: a.AccessToken, AccessTokenExpiresAt: a.AccessExpiresAt,
			RefreshToken: a.RefreshToken, RefreshTokenExpiresAt: a.RefreshExpiresAt, Account: &acc}
		if keepRefreshInCookie(ctx, a.RefreshToken, a.RefreshExpiresAt) {
			p.Session.RefreshToken = ""
		}
	}
	return p, nil
}

func registerPayload(ctx context.Context, v account.RegistrationView, err error) (*model.RegisterPayload, error) {
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	p := &model.RegisterPayload{UserErrors: ues}
	if len(ues) == 0 {
		p.Registration = &v
	}
	return p, nil
}

func okPayload(ctx context.Context, err error) (*model.OkPayload, error) {
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	return &model.OkPayload{Ok: len(ues) == 0, UserErrors: ues}, nil
}

func (r *Resolver) confirmContact(ctx context.Context, in model.ConfirmContactInput) (*model.ConfirmContactPayload, error) {
	token, err := r.Accounts.ConfirmContact(ctx, in.RegistrationID, in.Code, Client(ctx))
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	p := &model.ConfirmContactPayload{UserErrors: ues}
	if len(ues) == 0 {
		p.SetupToken = &token
	}
	return p, nil
}

func (r *Resolver) requestRecovery(ctx context.Context, in model.RequestRecoveryInput) (*model.RequestRecoveryPayload, error) {
	v, err := r.Accounts.RequestRecovery(ctx, in.Login, Client(ctx))
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	p := &model.RequestRecoveryPayload{UserErrors: ues}
	if len(ues) > 0 {
		return p, nil
	}
	p.Channel = &v.Channel
	if v.MaskedContact != "" {
		p.MaskedContact = &v.MaskedContact
	}
	lang := Lang(ctx)
	var msg string
	switch v.Channel {
	case account.RecoveryServiceCentre:
		msg = pickLang(lang, "В учётной записи нет ни телефона, ни почты: восстановить доступ можно в центре обслуживания с паспортом",
			"the account has neither a phone nor an email: access can be restored at a service centre with your passport")
	case account.RecoveryPhone:
		msg = pickLang(lang, "Если учётная запись с этим номером есть, на него отправлен код", "if an account has this number, a code was sent to it")
	default:
		msg = pickLang(lang, "Если такая учётная запись есть, на её почту отправлена ссылка", "if such an account exists, a link was sent to its email")
	}
	p.Message = &msg
	return p, nil
}

func (r *Resolver) auditLog(ctx context.Context, f *model.AuditFilter, first *int, after *string) (*model.AuditEventConnection, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	offset, err := parseCursor(after)
	if err != nil {
		return nil, err
	}
	var af account.AuditFilter
	if f != nil {
		af = account.AuditFilter{Action: deref(f.Action), SubjectID: deref(f.SubjectID), ActorID: deref(f.ActorID),
			Since: deref(f.Since), Until: deref(f.Until)}
	}
	events, total, err := r.Accounts.AuditLog(ctx, p, af, offset, deref(first))
	if err != nil {
		return nil, err
	}
	c := &model.AuditEventConnection{Edges: make([]model.AuditEventEdge, len(events)), TotalCount: total,
		PageInfo: &model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: offset+len(events) < total}}
	for i := range events {
		c.Edges[i] = model.AuditEventEdge{Cursor: offsetCursor(offset + i), Node: &events[i]}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

func (r *Resolver) me(ctx context.Context) (*account.Account, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	a, err := r.Accounts.Me(ctx, p)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

func (r *Resolver) sessions(ctx context.Context) ([]account.Session, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Accounts.Sessions(ctx, p)
}

func (r *Resolver) signOut(ctx context.Context) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	err = r.Accounts.SignOut(ctx, p, Client(ctx))
	if err == nil {
		clearRefreshCookie(ctx)
	}
	return okPayload(ctx, err)
}

// refreshSession takes the web app's token from its cookie, and forgets a
// cookie the server refused (reused or expired) so the app signs in anew.
func (r *Resolver) refreshSession(ctx context.Context, in model.RefreshSessionInput) (*model.AuthPayload, error) {
	a, err := r.Accounts.Refresh(ctx, refreshTokenFor(ctx, in.RefreshToken), Client(ctx))
	if err != nil && in.RefreshToken == "" {
		clearRefreshCookie(ctx)
	}
	return authPayload(ctx, a, err)
}

func (r *Resolver) revokeSession(ctx context.Context, in model.RevokeSessionInput) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return okPayload(ctx, r.Accounts.RevokeSession(ctx, p, in.SessionID, Client(ctx)))
}

func (r *Resolver) sessionCurrent(ctx context.Context, s *account.Session) bool {
	p, err := Principal(ctx)
	return err == nil && p.SessionID == s.ID
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func auditDetails(e *account.AuditEvent) []model.AuditDetail {
	out := make([]model.AuditDetail, 0, len(e.Details))
	for k, v := range e.Details {
		out = append(out, model.AuditDetail{Key: k, Value: v})
	}
	sortDetails(out)
	return out
}

func sortDetails(d []model.AuditDetail) {
	for i := 1; i < len(d); i++ {
		for j := i; j > 0 && d[j].Key < d[j-1].Key; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
}

func auditID(e *account.AuditEvent) string {
	return globalID(typeAuditEvent, strconv.FormatInt(e.ID, 10))
}

func (r *Resolver) submitPersonalData(ctx context.Context, in model.PersonalDataInput) (*model.SubmitPersonalDataPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	d := account.PersonalDataInput{LastName: in.LastName, FirstName: in.FirstName, Patronymic: deref(in.Patronymic),
		BirthDate: in.BirthDate, Sex: string(in.Sex), Citizenship: in.Citizenship, SNILS: deref(in.Snils), BirthPlace: in.BirthPlace}
	if in.Document != nil {
		d.DocKind, d.DocSeries, d.DocNumber = string(in.Document.Kind), deref(in.Document.Series), in.Document.Number
		d.DocIssuedOn, d.DocIssuer = in.Document.IssuedOn, deref(in.Document.IssuerCode)
	}
	if in.Address != nil {
		d.RegionCode, d.OKTMO, d.Address = in.Address.RegionCode, deref(in.Address.MunicipalityOktmo), in.Address.Street
	}
	v, err := r.Accounts.SubmitPersonalData(ctx, p, d, Client(ctx))
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	out := &model.SubmitPersonalDataPayload{UserErrors: ues}
	if len(ues) == 0 {
		out.Verification = &v
	}
	return out, nil
}

func (r *Resolver) personalData(ctx context.Context) (*account.PersonalData, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Accounts.MyPersonalData(ctx, p)
}

func (r *Resolver) verification(ctx context.Context) (*account.Verification, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Accounts.CurrentVerification(ctx, p)
}

func verificationChecks(ctx context.Context, v *account.Verification) []model.AgencyCheck {
	lang := Lang(ctx)
	out := make([]model.AgencyCheck, 0, 2)
	for _, c := range []struct {
		agency model.Agency
		check  account.Check
	}{{model.AgencySfr, v.SFR}, {model.AgencyMvd, v.MVD}} {
		ac := model.AgencyCheck{Agency: c.agency, State: c.check.State}
		if m := pickLang(lang, c.check.MessageRu, c.check.MessageEn); m != "" {
			ac.Message = &m
		}
		if !c.check.AnsweredAt.IsZero() {
			at := c.check.AnsweredAt
			ac.AnsweredAt = &at
		}
		out = append(out, ac)
	}
	return out
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func formatSNILS(s string) string { return identity.FormatSNILS(s) }

func (r *Resolver) roleGrants(ctx context.Context, a *account.Account) ([]account.RoleGrant, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Accounts.RoleGrants(ctx, p, a.ID)
}

func (r *Resolver) changeRole(ctx context.Context, in model.RoleGrantInput, grant bool) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseAccountID(in.AccountID)
	if err != nil {
		return nil, err
	}
	g := account.RoleGrant{Role: in.Role, Scope: deref(in.Scope), Reason: in.Reason}
	if grant {
		err = r.Accounts.GrantRole(ctx, p, id, g, Client(ctx))
	} else {
		err = r.Accounts.RevokeRole(ctx, p, id, g, Client(ctx))
	}
	return okPayload(ctx, err)
}

func confirmPayload(ctx context.Context, a account.Account, err error) (*model.ConfirmIdentityPayload, error) {
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	out := &model.ConfirmIdentityPayload{UserErrors: ues}
	if len(ues) == 0 {
		out.Account = &a
	}
	return out, nil
}

func (r *Resolver) confirmInPerson(ctx context.Context, in model.ConfirmInPersonInput) (*model.ConfirmIdentityPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseAccountID(in.AccountID)
	if err != nil {
		return nil, err
	}
	a, err := r.Accounts.ConfirmInPerson(ctx, p, id, deref(in.DocumentSeries), in.DocumentNumber, Client(ctx))
	return confirmPayload(ctx, a, err)
}

func (r *Resolver) confirmWithLetterCode(ctx context.Context, in model.ConfirmWithLetterCodeInput) (*model.ConfirmIdentityPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	a, err := r.Accounts.ConfirmWithLetterCode(ctx, p, in.Code, Client(ctx))
	return confirmPayload(ctx, a, err)
}

func (r *Resolver) requestConfirmationLetter(ctx context.Context, in model.ConfirmationLetterInput) (*model.ConfirmationLetterPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	v, err := r.Accounts.RequestConfirmationLetter(ctx, p, in.PostalCode, in.Address, Client(ctx))
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	out := &model.ConfirmationLetterPayload{UserErrors: ues}
	if len(ues) == 0 {
		out.Letter = &v
	}
	return out, nil
}

func (r *Resolver) confirmationLetter(ctx context.Context) (*account.LetterView, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Accounts.ConfirmationLetter(ctx, p)
}

func (r *Resolver) citizenBySnils(ctx context.Context, snils string) (*account.CitizenCard, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Accounts.FindCitizenBySNILS(ctx, p, snils, Client(ctx))
}

// parseAccountID decodes an Account's global id.
func parseAccountID(id string) (string, error) {
	typ, key, err := parseGlobalID(id)
	if err != nil || typ != typeAccount {
		return "", &userError{field: "accountId", code: "BAD_ID", ru: "Неверный идентификатор учётной записи", en: "malformed account id"}
	}
	return key, nil
}

func (r *Resolver) startSignatureConfirmation(ctx context.Context) (*model.SignatureChallengePayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	ch, id, err := r.Accounts.StartSignatureConfirmation(ctx, p)
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	out := &model.SignatureChallengePayload{UserErrors: ues}
	if len(ues) == 0 {
		out.Challenge = &model.SignatureChallenge{ID: id, Text: ch.Text, ExpiresAt: ch.ExpiresAt}
	}
	return out, nil
}

func (r *Resolver) confirmWithSignature(ctx context.Context, in model.ConfirmWithSignatureInput) (*model.ConfirmIdentityPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	sig, err := base64.StdEncoding.DecodeString(in.Signature)
	if err != nil {
		if sig, err = base64.RawURLEncoding.DecodeString(in.Signature); err != nil {
			return confirmPayload(ctx, account.Account{}, account.InputErrors{{Field: "signature", Code: "MALFORMED",
				Ru: "Подпись должна быть в кодировке base64", En: "the signature must be base64"}})
		}
	}
	a, err := r.Accounts.ConfirmWithSignature(ctx, p, in.ChallengeID, sig, []byte(in.Certificate), []byte(deref(in.Chain)), Client(ctx))
	return confirmPayload(ctx, a, err)
}

// serviceAccess tells the caller whether he may use s and what he lacks.
func serviceAccess(ctx context.Context, s *catalog.Service) *model.ServiceAccess {
	var p *account.Principal
	if pr, err := Principal(ctx); err == nil {
		p = &pr
	}
	a := account.AccessTo(p, s.MinTier, s.ExcludesMailConfirmation)
	out := &model.ServiceAccess{Allowed: a.Allowed, RequiredTier: a.NeedTier}
	if a.Allowed {
		return out
	}
	lang := Lang(ctx)
	var msg string
	switch {
	case a.NeedSignIn:
		msg = pickLang(lang, "Войдите в учётную запись", "sign in to your account")
	case a.RefusedMethod != "":
		msg, _ = forbiddenError(lang, &account.ForbiddenError{NotMethod: a.RefusedMethod})
	default:
		msg, _ = forbiddenError(lang, &account.ForbiddenError{NeedTier: a.NeedTier, HaveTier: p.Tier})
	}
	out.Reason = &msg
	return out
}

const typeOrganisation = "Organisation"

func orgModel(o account.Organisation, role account.OrgRole) model.Organisation {
	return model.Organisation{ID: globalID(typeOrganisation, o.ID), Kind: o.Kind, Name: o.Name, Inn: o.INN, Ogrn: o.OGRN, MyRole: role}
}

func (r *Resolver) addChild(ctx context.Context, in model.ChildInput) (*model.ChildPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := r.Accounts.AddChild(ctx, p, account.ChildInput{LastName: in.LastName, FirstName: in.FirstName, Patronymic: deref(in.Patronymic),
		BirthDate: in.BirthDate, CertSeries: in.BirthCertificateSeries, CertNumber: in.BirthCertificateNumber}, Client(ctx))
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	out := &model.ChildPayload{UserErrors: ues}
	if len(ues) == 0 {
		out.Child = &c
	}
	return out, nil
}

func (r *Resolver) children(ctx context.Context) ([]account.Child, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	return r.Accounts.Children(ctx, p)
}

func (r *Resolver) createOrganisation(ctx context.Context, in model.OrganisationInput) (*model.OrganisationPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	o, err := r.Accounts.CreateOrganisation(ctx, p, account.OrganisationInput{Kind: string(in.Kind), Name: in.Name, INN: in.Inn, OGRN: in.Ogrn}, Client(ctx))
	ues, err := userErrors(ctx, err)
	if err != nil {
		return nil, err
	}
	out := &model.OrganisationPayload{UserErrors: ues}
	if len(ues) == 0 {
		m := orgModel(o, account.OrgHead)
		out.Organisation = &m
	}
	return out, nil
}

func (r *Resolver) addOrganisationMember(ctx context.Context, in model.AddOrganisationMemberInput) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	typ, id, err := parseGlobalID(in.OrganisationID)
	if err != nil || typ != typeOrganisation {
		return nil, &userError{field: "organisationId", code: "BAD_ID", ru: "Неверный идентификатор организации", en: "malformed organisation id"}
	}
	_, err = r.Accounts.AddMember(ctx, p, id, in.Login, in.Role, Client(ctx))
	return okPayload(ctx, err)
}

func (r *Resolver) organisations(ctx context.Context) ([]model.Organisation, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	orgs, members, err := r.Accounts.Organisations(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]model.Organisation, len(orgs))
	for i := range orgs {
		out[i] = orgModel(orgs[i], members[i].Role)
	}
	return out, nil
}

const typeChild = "Child"

// childAccess answers whether the caller may use s on behalf of a child.
func (r *Resolver) childAccess(ctx context.Context, s *catalog.Service, childID string) (*model.ServiceAccess, error) {
	p, err := Principal(ctx)
	if err != nil {
		return serviceAccess(ctx, s), nil
	}
	typ, key, err := parseGlobalID(childID)
	if err != nil || typ != typeChild {
		return nil, &userError{field: "childId", code: "BAD_ID", ru: "Неверный идентификатор ребёнка", en: "malformed child id"}
	}
	kids, err := r.Accounts.Children(ctx, p)
	if err != nil {
		return nil, err
	}
	own := false
	for _, k := range kids {
		own = own || k.ID == key
	}
	a, why := account.AccessForChild(&p, s.MinTier, s.ExcludesMailConfirmation, s.ForChildren, own)
	out := serviceAccess(ctx, s)
	out.Allowed = a.Allowed
	lang := Lang(ctx)
	switch why {
	case "NOT_YOUR_CHILD":
		msg := pickLang(lang, "Этого ребёнка нет среди ваших детей", "this child is not among your children")
		out.Reason = &msg
	case "NOT_FOR_CHILDREN":
		msg := pickLang(lang, "Эту услугу нельзя получить за ребёнка", "this service cannot be received on behalf of a child")
		out.Reason = &msg
	}
	return out, nil
}
