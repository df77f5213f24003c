package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
)

func TestChildrenAndOrganisationsThroughTheAPI(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	s := verified(t, a, clock, "+79123456789", "112233445", seen)

	var child struct {
		Child      *struct{ ID, FirstName, BirthCertificate string }
		UserErrors []userErr
	}
	a.mutate(t, s.AccessToken, `mutation($in: ChildInput!) { addChild(input: $in) { child { id firstName birthCertificate } userErrors { field code } } }`,
		map[string]any{"in": map[string]any{"lastName": "Иванова", "firstName": "Мария", "birthDate": "2019-03-01",
			"birthCertificateSeries": "IV-МЮ", "birthCertificateNumber": "123456"}}, &child)
	if child.Child == nil || child.Child.FirstName != "Мария" {
		t.Fatalf("addChild: %+v", child)
	}

	// A parent acts for the child only where the service allows it.
	access := func(query string) (bool, string) {
		r := a.postAuth(t, s.AccessToken, `query($q: String, $c: ID) { services(filter: {query: $q}, first: 1) { edges { node { code forChildren access(childId: $c) { allowed reason } } } } }`,
			map[string]any{"q": query, "c": child.Child.ID})
		var d struct {
			Services struct {
				Edges []struct {
					Node struct {
						Access struct {
							Allowed bool
							Reason  *string
						}
					}
				}
			}
		}
		if err := json.Unmarshal(r.Data, &d); err != nil || len(d.Services.Edges) == 0 {
			t.Fatalf("%s %+v", r.Data, r.Errors)
		}
		n := d.Services.Edges[0].Node.Access
		reason := ""
		if n.Reason != nil {
			reason = *n.Reason
		}
		return n.Allowed, reason
	}
	if ok, reason := access("запись к врачу"); !ok {
		t.Errorf("a doctor appointment for the child: %q", reason)
	}
	if ok, reason := access("штрафы"); ok || reason == "" {
		t.Errorf("fines for a child: %v %q", ok, reason)
	}

	org := `mutation($in: OrganisationInput!) { createOrganisation(input: $in) { organisation { id inn myRole } userErrors { field code } } }`
	in := map[string]any{"kind": "LEGAL_ENTITY", "name": "ПАО Сбербанк", "inn": "7707083893", "ogrn": "1027700132195"}
	if r := a.postAuth(t, s.AccessToken, org, map[string]any{"in": in}); r.code(0) != "FORBIDDEN" || r.Errors[0].Extensions["requiredTier"] != "CONFIRMED" {
		t.Errorf("a STANDARD account created an organisation: %+v", r.Errors)
	}
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	s = a.refresh(t, s)
	var created struct {
		Organisation *struct{ ID, Inn, MyRole string }
		UserErrors   []userErr
	}
	a.mutate(t, s.AccessToken, org, map[string]any{"in": in}, &created)
	if created.Organisation == nil || created.Organisation.MyRole != "HEAD" {
		t.Fatalf("createOrganisation: %+v", created)
	}
	var d struct {
		Organisations []struct{ Inn, MyRole string }
	}
	r := a.postAuth(t, s.AccessToken, `{ organisations { inn myRole } }`, nil)
	if err := json.Unmarshal(r.Data, &d); err != nil || len(d.Organisations) != 1 {
		t.Errorf("organisations: %s %+v", r.Data, r.Errors)
	}
}

// localID decodes an Account's global id for calls into the service.
func localID(t *testing.T, id string) string {
	t.Helper()
	var out string
	b, err := decodeGlobal(id)
	if err != nil {
		t.Fatal(err)
	}
	out = b
	return out
}

func decodeGlobal(id string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return "", err
	}
	_, key, _ := strings.Cut(string(raw), ":")
	return key, nil
}
