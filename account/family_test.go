package account_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uslugi/uslugi/account"
)

// confirmed registers a citizen and brings him to CONFIRMED in person.
func (e *env) confirmed(t *testing.T) account.Principal {
	t.Helper()
	ctx := context.Background()
	auth := e.register(t, "+79123456789")
	p := account.Principal{AccountID: auth.Account.ID}
	v, err := e.svc.SubmitPersonalData(ctx, p, personal("112233445", "123456"), client)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.run(t, v.ID); got.Status != account.VerificationSucceeded {
		t.Fatal(got)
	}
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := e.svc.ConfirmInPerson(ctx, operator, p.AccountID, "4506", "123456", client); err != nil {
		t.Fatal(err)
	}
	p.Tier = account.TierConfirmed
	return p
}

func TestChildren(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	simplified := e.register(t, "+79123456789")
	child := account.ChildInput{LastName: "Иванова", FirstName: "Мария", BirthDate: "2019-03-01", CertSeries: "IV-МЮ", CertNumber: "123456"}
	var fe *account.ForbiddenError
	if _, err := e.svc.AddChild(ctx, account.Principal{AccountID: simplified.Account.ID}, child, client); !errors.As(err, &fe) {
		t.Errorf("a SIMPLIFIED parent added a child: %v", err)
	}
	e2 := newEnv(t)
	p := e2.confirmed(t)
	if _, err := e2.svc.AddChild(ctx, p, child, client); err != nil {
		t.Fatal(err)
	}
	if _, err := e2.svc.AddChild(ctx, p, child, client); reason(err) != "ALREADY_ADDED" {
		t.Errorf("the same child twice: %v", err)
	}
	adult := child
	adult.BirthDate, adult.CertNumber = "2000-01-01", "654321"
	if _, err := e2.svc.AddChild(ctx, p, adult, client); reason(err) != "NOT_A_MINOR" {
		t.Errorf("an adult: %v", err)
	}
	kids, err := e2.svc.Children(ctx, p)
	if err != nil || len(kids) != 1 || kids[0].FirstName != "Мария" {
		t.Errorf("children: %+v %v", kids, err)
	}
}

func TestOrganisations(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	head := e.confirmed(t)
	for _, tt := range []struct {
		name  string
		in    account.OrganisationInput
		field string
	}{
		{"an INN with a bad check digit", account.OrganisationInput{Kind: "LEGAL_ENTITY", Name: "ООО Ромашка", INN: "7707083894", OGRN: "1027700132195"}, "inn"},
		{"an entrepreneur with a legal entity's numbers", account.OrganisationInput{Kind: "ENTREPRENEUR", Name: "ИП Иванов", INN: "7707083893", OGRN: "1027700132195"}, "inn"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.CreateOrganisation(ctx, head, tt.in, client)
			var ie account.InputErrors
			if !errors.As(err, &ie) || ie[0].Field != tt.field {
				t.Errorf("err = %v", err)
			}
		})
	}
	org, err := e.svc.CreateOrganisation(ctx, head, account.OrganisationInput{Kind: "LEGAL_ENTITY", Name: "ПАО Сбербанк", INN: "7707083893", OGRN: "1027700132195"}, client)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateOrganisation(ctx, head, account.OrganisationInput{Kind: "LEGAL_ENTITY", Name: "Другое", INN: "7707083893", OGRN: "1027700132195"}, client); reason(err) != "TAKEN" {
		t.Errorf("the same INN twice: %v", err)
	}
	// An employee must hold an account; then the head adds him.
	ctxReg := context.Background()
	reg, err := e.svc.Register(ctxReg, account.RegisterInput{LastName: "Петров", FirstName: "Пётр", Email: "petrov@example.ru"}, client)
	if err != nil {
		t.Fatal(err)
	}
	_ = reg
	if _, err := e.svc.AddMember(ctx, head, org.ID, "nobody@example.ru", account.OrgEmployee, client); reason(err) != "NOT_FOUND" {
		t.Errorf("adding someone without an account: %v", err)
	}
	stranger := account.Principal{AccountID: "stranger"}
	var fe *account.ForbiddenError
	if _, err := e.svc.AddMember(ctx, stranger, org.ID, "+79123456789", account.OrgEmployee, client); !errors.As(err, &fe) {
		t.Errorf("a stranger added a member: %v", err)
	}
	orgs, members, err := e.svc.Organisations(ctx, head)
	if err != nil || len(orgs) != 1 || members[0].Role != account.OrgHead {
		t.Errorf("organisations: %+v %+v %v", orgs, members, err)
	}
}
