package account_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uslugi/uslugi/account"
)

func TestRolesAndInPersonConfirmation(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	citizen := e.register(t, "+79123456789")
	p := account.Principal{AccountID: citizen.Account.ID}
	in := personal("112233445", "123456")
	v, err := e.svc.SubmitPersonalData(ctx, p, in, client)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.run(t, v.ID); got.Status != account.VerificationSucceeded {
		t.Fatalf("%+v", got)
	}

	// The first administrator comes from the server's subcommand.
	if _, err := e.svc.BootstrapAdmin(ctx, "+79123456789", "first administrator of the test"); err != nil {
		t.Fatal(err)
	}
	admin := account.Principal{AccountID: citizen.Account.ID, Roles: []account.Role{account.RoleAdmin}}
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}

	t.Run("roles are granted by an admin, with a valid scope and a reason", func(t *testing.T) {
		for _, tt := range []struct {
			name  string
			by    account.Principal
			grant account.RoleGrant
			want  string
		}{
			{"a citizen may not grant", p, account.RoleGrant{Role: account.RoleOperator, Scope: "mfc-16-chelny", Reason: "hired today"}, "forbidden"},
			{"an unknown service centre", admin, account.RoleGrant{Role: account.RoleOperator, Scope: "mfc-99", Reason: "hired today"}, "UNKNOWN_SCOPE"},
			{"no reason", admin, account.RoleGrant{Role: account.RoleOperator, Scope: "mfc-16-chelny"}, "REQUIRED"},
			{"a department officer", admin, account.RoleGrant{Role: account.RoleOfficer, Scope: "gibdd", Reason: "order 12 of the department"}, ""},
			{"an operator of a centre", admin, account.RoleGrant{Role: account.RoleOperator, Scope: "mfc-16-chelny", Reason: "order 7 of the centre"}, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				err := e.svc.GrantRole(ctx, tt.by, citizen.Account.ID, tt.grant, client)
				var fe *account.ForbiddenError
				switch {
				case tt.want == "forbidden" && !errors.As(err, &fe):
					t.Errorf("err = %v, want forbidden", err)
				case tt.want != "forbidden" && reason(err) != tt.want:
					t.Errorf("err = %v, want %q", err, tt.want)
				}
			})
		}
		a, err := e.svc.Me(ctx, p)
		if err != nil || !a.HasRole(account.RoleOperator) || !a.HasRole(account.RoleOfficer) || !a.HasRole(account.RoleAdmin) {
			t.Errorf("roles = %v (%v)", a.Roles, err)
		}
	})

	t.Run("an operator finds the citizen by SNILS", func(t *testing.T) {
		if _, err := e.svc.FindCitizenBySNILS(ctx, p, in.SNILS, client); err == nil {
			t.Error("a citizen without the role found someone")
		}
		card, err := e.svc.FindCitizenBySNILS(ctx, operator, in.SNILS, client)
		if err != nil || card == nil || !card.Verified || card.LastName != "Иванов" {
			t.Fatalf("card = %+v (%v)", card, err)
		}
	})

	t.Run("only the verified document confirms the identity", func(t *testing.T) {
		if _, err := e.svc.ConfirmInPerson(ctx, operator, citizen.Account.ID, "4506", "654321", client); reason(err) != "DOCUMENT_MISMATCH" {
			t.Errorf("another document: %v", err)
		}
		a, err := e.svc.ConfirmInPerson(ctx, operator, citizen.Account.ID, "45 06", "123456", client)
		if err != nil || a.Tier != account.TierConfirmed || a.Method != account.MethodInPerson {
			t.Errorf("confirm: %+v %v", a, err)
		}
	})
}

func TestInPersonConfirmationNeedsVerification(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	citizen := e.register(t, "+79123456789")
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := e.svc.ConfirmInPerson(ctx, operator, citizen.Account.ID, "4506", "123456", client); reason(err) != "NOT_VERIFIED" {
		t.Errorf("err = %v, want NOT_VERIFIED", err)
	}
}
