package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/duplicate"
)

// staffGrant gives an account a role within a scope, as an administrator
// would, and refreshes its session so the token carries the role.
func (a *testApp) staffGrant(t *testing.T, s authSession, role account.Role, scope string) authSession {
	t.Helper()
	admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	if err := a.accounts.GrantRole(context.Background(), admin, localID(t, s.Account.ID),
		account.RoleGrant{Role: role, Scope: scope, Reason: "назначен приказом"}, account.Client{}); err != nil {
		t.Fatal(err)
	}
	return a.refresh(t, s)
}

// wantCode fails unless the response's first error has the code.
func wantCode(t *testing.T, what string, r *gqlResponse, code string) {
	t.Helper()
	if r.code(0) != code {
		t.Errorf("%s: got %q (%s %+v), want %s", what, r.code(0), r.Data, r.Errors, code)
	}
}

// payloadOf decodes the one top-level field of a response, failing on errors.
func payloadOf(t *testing.T, r *gqlResponse, dest any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %s %+v", r.Data, r.Errors)
	}
	var m map[string]json.RawMessage
	mustUnmarshal(t, r.Data, &m)
	for _, v := range m {
		mustUnmarshal(t, v, dest)
	}
}

const (
	kazanCentre  = "mfc-16-kazan-vakhitovsky"
	chelnyCentre = "mfc-16-chelny"
)

// TestStaffApplicationsResultsAndHandOut: an officer of the department
// sees the applicant's name, the service's name and links to the files he
// gave; the citizen does too, the operator who hands out the result does
// not. The officer completes the application with a file that becomes
// part of the signed result in the citizen's documents (a file with any
// other stage is refused). The operator of the centre the citizen chose
// lists the result, checks the identity document (a mismatch changes
// nothing) and hands it out once; an operator of another centre neither
// sees it nor hands it out.
func TestStaffApplicationsResultsAndHandOut(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	ctx := context.Background()
	seen := map[string]bool{}
	citizen := verified(t, a, clock, "+79123456789", "112233445", seen) // passport 4506 123456
	officer := a.staffGrant(t, a.registerPhone(t, "+79120000071", seen), account.RoleOfficer, "guvm")
	operator := a.staffGrant(t, a.registerPhone(t, "+79120000072", seen), account.RoleOperator, kazanCentre)
	elsewhere := a.staffGrant(t, a.registerPhone(t, "+79120000073", seen), account.RoleOperator, chelnyCentre)

	// The citizen applies online and will collect the result in Kazan.
	save := `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { ` + appFields + ` } }`
	var p appPayload
	a.mutate(t, citizen.AccessToken, save, map[string]any{"in": map[string]any{"serviceCode": "address_registration", "branchCode": kazanCentre,
		"fields": `{"kind":"RESIDENCE","address":"г. Казань, ул. Баумана, д. 1, кв. 2","since":"2026-12-01"}`}}, &p)
	if p.Application == nil {
		t.Fatalf("draft: %+v", p.UserErrors)
	}
	id := p.Application.ID
	attachScan(t, a, citizen.AccessToken, id, "OWNER_CONSENT")
	a.mutate(t, citizen.AccessToken, `mutation($in: SubmitApplicationInput!) { submitApplication(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "staff-submit-1"}}, &p)
	if p.Application == nil || p.Application.Status != "SUBMITTED" {
		t.Fatalf("submit: %+v", p)
	}

	type docView struct {
		Requirement string
		URL         *string
	}
	type staffApp struct {
		ID, ServiceName string
		ApplicantName   *string
		Documents       []docView
	}
	t.Run("the department's officer sees the applicant, the service and the files", func(t *testing.T) {
		var q struct{ Applications []staffApp }
		a.mutate(t, officer.AccessToken, `{ departmentApplications { applications { id serviceName applicantName documents { requirement url } } } }`, nil, &q)
		if len(q.Applications) != 1 {
			t.Fatalf("queue: %+v", q)
		}
		got := q.Applications[0]
		if got.ServiceName == "" || got.ServiceName == "address_registration" || !strings.HasPrefix(deref(got.ApplicantName), "Иванов Иван") {
			t.Errorf("officer's view: %+v", got)
		}
		if len(got.Documents) != 1 || got.Documents[0].URL == nil {
			t.Fatalf("no link to the file: %+v", got.Documents)
		}
		status, body := download(t, a, *got.Documents[0].URL)
		if status != 200 || !bytes.Equal(body, pngScan(t, 90)) {
			t.Errorf("the file: %d, %d bytes", status, len(body))
		}
		r := a.postLang(t, officer.AccessToken, "en", `{ departmentApplications { applications { serviceName } } }`, nil)
		if !strings.Contains(string(r.Data), `"serviceName":"`) || string(r.Data) == "" || strings.Contains(string(r.Data), got.ServiceName) {
			t.Errorf("the service's name in English: %s (Russian %q)", r.Data, got.ServiceName)
		}
	})
	t.Run("the citizen sees his own name and files", func(t *testing.T) {
		var own staffApp
		a.mutate(t, citizen.AccessToken, `query($id: ID!) { application(id: $id) { id serviceName applicantName documents { requirement url } } }`,
			map[string]any{"id": id}, &own)
		if own.ApplicantName == nil || len(own.Documents) != 1 || own.Documents[0].URL == nil {
			t.Errorf("the citizen's view: %+v", own)
		}
	})

	t.Run("the department's officer opens it by id, another centre's operator cannot", func(t *testing.T) {
		var own *staffApp
		a.mutate(t, officer.AccessToken, `query($id: ID!) { application(id: $id) { id serviceName applicantName documents { requirement url } } }`,
			map[string]any{"id": id}, &own)
		if own == nil || own.ApplicantName == nil || len(own.Documents) != 1 || own.Documents[0].URL == nil {
			t.Errorf("the officer's view by id: %+v", own)
		}
		r := a.postAuth(t, elsewhere.AccessToken, `query($id: ID!) { application(id: $id) { id applicantName } }`, map[string]any{"id": id})
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "NOT_FOUND" || strings.Contains(string(r.Data), "Иванов") {
			t.Errorf("an operator of another centre read the application: %s %+v", r.Data, r.Errors)
		}
	})

	move := `mutation($in: MoveApplicationInput!) { moveApplication(input: $in) { ` + appFields + ` } }`
	moveTo := func(to string) {
		t.Helper()
		a.mutate(t, officer.AccessToken, move, map[string]any{"in": map[string]any{"id": id, "to": to}}, &p)
		if p.Application == nil || p.Application.Status != to {
			t.Fatalf("%s: %+v", to, p)
		}
	}
	moveWithFile := func(to, name string, data []byte) appPayload {
		t.Helper()
		r := a.multipart(t, officer.AccessToken, move, map[string]any{"in": map[string]any{"id": id, "to": to, "comment": "Зарегистрирован", "result": nil}},
			[]upload{{path: "in.result", name: name, data: data}})
		var out appPayload
		payloadOf(t, r, &out)
		return out
	}
	moveTo("REGISTERED")
	t.Run("a result's file with another stage is refused", func(t *testing.T) {
		got := moveWithFile("IN_PROGRESS", "result.png", pngScan(t, 120))
		if got.Application != nil || len(got.UserErrors) != 1 || got.UserErrors[0].Field != "result" || got.UserErrors[0].Code != "NOT_ALLOWED" {
			t.Fatalf("a file with IN_PROGRESS: %+v", got)
		}
		var own struct{ Status string }
		a.mutate(t, citizen.AccessToken, `query($id: ID!) { application(id: $id) { status } }`, map[string]any{"id": id}, &own)
		if own.Status != "REGISTERED" {
			t.Errorf("moved anyway: %s", own.Status)
		}
	})
	moveTo("IN_PROGRESS")

	// Before completion there is nothing to collect.
	var cr struct {
		Edges []struct {
			Cursor string
			Node   struct {
				ServiceName, Citizen, CompletedAt string
				HandedOutAt                       *string
				Application                       struct {
					ID            string
					ApplicantName *string
					Data          string
				}
			}
		}
		PageInfo   struct{ HasNextPage bool }
		TotalCount int
	}
	results := `query($h: Boolean) { centreResults(handedOut: $h) { edges { cursor node { serviceName citizen completedAt handedOutAt
		application { id applicantName data } } } pageInfo { hasNextPage } totalCount } }`
	a.mutate(t, operator.AccessToken, results, nil, &cr)
	if cr.TotalCount != 0 {
		t.Fatalf("results before completion: %+v", cr)
	}

	var resultDoc string
	t.Run("the result's file is signed into the citizen's documents", func(t *testing.T) {
		if got := moveWithFile("COMPLETED", "result.pdf", []byte("plain text pretending to be a PDF")); len(got.UserErrors) != 1 ||
			got.UserErrors[0].Field != "result" || got.UserErrors[0].Code != duplicate.CodeUnsupportedType {
			t.Fatalf("a text file as the result: %+v", got)
		}
		scan := pngScan(t, 200)
		got := moveWithFile("COMPLETED", "result.png", scan)
		if got.Application == nil || got.Application.Status != "COMPLETED" || got.Application.ResultDocumentID == nil {
			t.Fatalf("complete: %+v", got)
		}
		resultDoc = *got.Application.ResultDocumentID
		var doc struct {
			Kind      string
			Files     []struct{ Role, ContentType, Sha256, URL string }
			Signature *struct{ Genuine bool }
		}
		a.mutate(t, citizen.AccessToken, `query($id: ID!) { document(id: $id) { kind files { role contentType sha256 url } signature { genuine } } }`,
			map[string]any{"id": resultDoc}, &doc)
		if doc.Kind != "APPLICATION_RESULT" || len(doc.Files) != 1 || doc.Files[0].ContentType != "image/png" || doc.Signature == nil || !doc.Signature.Genuine {
			t.Fatalf("the result document: %+v", doc)
		}
		status, body := download(t, a, doc.Files[0].URL)
		if status != 200 || !bytes.Equal(body, scan) {
			t.Errorf("the result's file: %d, %d bytes", status, len(body))
		}
		// The signature covers the file: another file's hash does not verify.
		var stored string
		if err := a.db.NewSelect().TableExpr("documents").Column("data").Where("id = ?", resultDoc).Scan(ctx, &stored); err != nil {
			t.Fatal(err)
		}
		forged := strings.Replace(stored, doc.Files[0].Sha256, strings.Repeat("0", 64), 1)
		if _, ok, err := a.applications.VerifyResult(ctx, forged); err != nil || ok {
			t.Errorf("a result with another file verified: %v %v", ok, err)
		}
	})

	t.Run("the operator of the chosen centre lists the result, without the applicant's data", func(t *testing.T) {
		a.mutate(t, operator.AccessToken, results, nil, &cr)
		if cr.TotalCount != 1 || len(cr.Edges) != 1 {
			t.Fatalf("waiting results: %+v", cr)
		}
		n := cr.Edges[0].Node
		if n.Application.ID != id || n.Citizen != "Иванов И. И." && n.Citizen != "Иванов И." || n.ServiceName == "" || n.HandedOutAt != nil || n.CompletedAt == "" {
			t.Errorf("the result: %+v", n)
		}
		if n.Application.ApplicantName != nil || n.Application.Data != "{}" {
			t.Errorf("the operator sees the applicant's name or data: %+v", n.Application)
		}
		a.mutate(t, elsewhere.AccessToken, results, nil, &cr)
		if cr.TotalCount != 0 || len(cr.Edges) != 0 {
			t.Errorf("another centre's operator sees it: %+v", cr)
		}
	})

	handOut := `mutation($in: HandOutResultInput!) { handOutResult(input: $in) { result { handedOutAt citizen application { id status } }
		userErrors { field code message } } }`
	type handOutP struct {
		Result *struct {
			HandedOutAt *string
			Citizen     string
		}
		UserErrors []userErr
	}
	t.Run("another centre's operator cannot hand it out", func(t *testing.T) {
		r := a.postAuth(t, elsewhere.AccessToken, handOut, map[string]any{"in": map[string]any{"id": id, "documentSeries": "4506", "documentNumber": "123456"}})
		wantCode(t, "hand-out at another centre", r, "FORBIDDEN")
	})
	t.Run("a document that is not the verified one changes nothing", func(t *testing.T) {
		var hp handOutP
		a.mutate(t, operator.AccessToken, handOut, map[string]any{"in": map[string]any{"id": id, "documentSeries": "4506", "documentNumber": "654321"}}, &hp)
		if hp.Result != nil || len(hp.UserErrors) != 1 || hp.UserErrors[0].Field != "documentNumber" || hp.UserErrors[0].Code != "DOCUMENT_MISMATCH" {
			t.Fatalf("mismatch: %+v", hp)
		}
		a.mutate(t, operator.AccessToken, results, map[string]any{"h": true}, &cr)
		if cr.TotalCount != 0 {
			t.Errorf("handed out on a wrong document: %+v", cr)
		}
	})
	t.Run("the right document hands it out once", func(t *testing.T) {
		var hp handOutP
		// Written as the passport prints it.
		a.mutate(t, operator.AccessToken, handOut, map[string]any{"in": map[string]any{"id": id, "documentSeries": "45 06", "documentNumber": "123456"}}, &hp)
		if hp.Result == nil || hp.Result.HandedOutAt == nil || len(hp.UserErrors) != 0 {
			t.Fatalf("hand-out: %+v", hp)
		}
		a.mutate(t, operator.AccessToken, handOut, map[string]any{"in": map[string]any{"id": id, "documentSeries": "4506", "documentNumber": "123456"}}, &hp)
		if hp.Result != nil || len(hp.UserErrors) != 1 || hp.UserErrors[0].Code != "ALREADY_HANDED_OUT" {
			t.Fatalf("a second hand-out: %+v", hp)
		}
		a.mutate(t, operator.AccessToken, results, map[string]any{"h": false}, &cr)
		if cr.TotalCount != 0 {
			t.Errorf("still waiting: %+v", cr)
		}
		a.mutate(t, operator.AccessToken, results, map[string]any{"h": true}, &cr)
		if cr.TotalCount != 1 || cr.Edges[0].Node.HandedOutAt == nil {
			t.Errorf("handed out: %+v", cr)
		}
		a.mutate(t, elsewhere.AccessToken, results, map[string]any{"h": true}, &cr)
		if cr.TotalCount != 0 {
			t.Errorf("another centre's operator sees the hand-out: %+v", cr)
		}
		// On record: the hand-out's time and operator, a stage, the audit and the citizen's notification.
		var by string
		if err := a.db.NewSelect().TableExpr("applications").Column("handed_out_by").Where("id = ?", id).Scan(ctx, &by); err != nil || by != localID(t, operator.Account.ID) {
			t.Errorf("handed out by %q (%v)", by, err)
		}
		admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
		evs, _, err := a.accounts.AuditLog(ctx, admin, account.AuditFilter{Action: "application.handed_out"}, 0, 10)
		if err != nil || len(evs) != 1 || evs[0].ActorID != localID(t, operator.Account.ID) || evs[0].SubjectID != localID(t, citizen.Account.ID) {
			t.Errorf("audit: %+v %v", evs, err)
		}
		n, err := a.db.NewSelect().TableExpr("notifications").Where("account_id = ? AND kind = 'APPLICATIONS_HANDED_OUT'", localID(t, citizen.Account.ID)).Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("%d hand-out notifications (%v)", n, err)
		}
		var own appView
		a.mutate(t, citizen.AccessToken, `query($id: ID!) { application(id: $id) { id status stages { status comment at } } }`, map[string]any{"id": id}, &own)
		if last := own.Stages[len(own.Stages)-1]; own.Status != "COMPLETED" || last.Status != "COMPLETED" || !strings.Contains(deref(last.Comment), "выдан") {
			t.Errorf("the history: %+v", own)
		}
	})
}

// TestStaffCentreDuplicates: an operator lists the duplicates made at his
// centre, newest first, page by page, with the citizen's initials only;
// another centre's operator does not see them.
func TestStaffCentreDuplicates(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	ctx := context.Background()
	seen := map[string]bool{}
	citizen := a.registerPhone(t, "+79123456781", seen)
	operator := a.staffGrant(t, a.registerPhone(t, "+79120000081", seen), account.RoleOperator, kazanCentre)
	elsewhere := a.staffGrant(t, a.registerPhone(t, "+79120000082", seen), account.RoleOperator, chelnyCentre)

	made := func(op authSession, shade uint8) string {
		t.Helper()
		c, err := a.duplicates.AskConsent(ctx, localID(t, op.Account.ID), localID(t, citizen.Account.ID), "WORK_RECORD_BOOK")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.duplicates.AnswerConsent(ctx, localID(t, citizen.Account.ID), c.ID, true); err != nil {
			t.Fatal(err)
		}
		d, err := a.duplicates.Make(ctx, localID(t, op.Account.ID), c.ID,
			map[string]string{"holder": "Иванов Иван", "series": "тк-i", "number": fmt.Sprint(1234500 + int(shade)), "filledOn": "2005-06-01"},
			[]duplicate.Upload{{Role: duplicate.FileMain, Name: "scan.png", Data: pngScan(t, shade)}})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		return d.ID
	}
	first, second, third := made(operator, 1), made(operator, 2), made(operator, 3)
	other := made(elsewhere, 4)
	if _, err := a.duplicates.Revoke(ctx, localID(t, operator.Account.ID), second, "сделан по ошибке"); err != nil {
		t.Fatal(err)
	}

	type page struct {
		Edges []struct {
			Cursor string
			Node   struct {
				DocumentID, DocumentType, Title, Citizen, OperatorID, MadeAt string
				Revoked                                                      bool
			}
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
		TotalCount int
	}
	q := `query($after: String) { centreDuplicates(first: 2, after: $after) { edges { cursor node { documentId documentType title citizen operatorId madeAt revoked } }
		pageInfo { hasNextPage endCursor } totalCount } }`
	var p1, p2 page
	a.mutate(t, operator.AccessToken, q, nil, &p1)
	if p1.TotalCount != 3 || len(p1.Edges) != 2 || !p1.PageInfo.HasNextPage || p1.Edges[0].Node.DocumentID != third || p1.Edges[1].Node.DocumentID != second {
		t.Fatalf("the first page: %+v", p1)
	}
	n := p1.Edges[0].Node
	if n.Citizen != "Иванов И." || n.DocumentType != "WORK_RECORD_BOOK" || n.Title == "" || n.OperatorID != operator.Account.ID || n.Revoked || !p1.Edges[1].Node.Revoked {
		t.Errorf("a duplicate: %+v", p1.Edges)
	}
	a.mutate(t, operator.AccessToken, q, map[string]any{"after": *p1.PageInfo.EndCursor}, &p2)
	if p2.TotalCount != 3 || len(p2.Edges) != 1 || p2.PageInfo.HasNextPage || p2.Edges[0].Node.DocumentID != first {
		t.Fatalf("the second page: %+v", p2)
	}
	var theirs page
	a.mutate(t, elsewhere.AccessToken, q, nil, &theirs)
	if theirs.TotalCount != 1 || len(theirs.Edges) != 1 || theirs.Edges[0].Node.DocumentID != other {
		t.Errorf("another centre's list: %+v", theirs)
	}
	r := a.postAuth(t, operator.AccessToken, q, map[string]any{"after": "bm9uc2Vuc2U"})
	wantCode(t, "a bad cursor", r, "BAD_USER_INPUT")
}

// TestStaffFollowsDuplicateConsent: the operator who asked a consent, and
// a colleague of his centre, follow it with duplicateConsent from PENDING
// to ACCEPTED once the citizen answers on his phone; a consent left
// unanswered reads PENDING past its expiresAt, and the late answer is
// refused. An operator of another centre gets null, as for a consent that
// does not exist; a citizen is refused.
func TestStaffFollowsDuplicateConsent(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	citizen := a.registerPhone(t, "+79123456782", seen)
	operator := a.staffGrant(t, a.registerPhone(t, "+79120000083", seen), account.RoleOperator, kazanCentre)
	colleague := a.staffGrant(t, a.registerPhone(t, "+79120000084", seen), account.RoleOperator, kazanCentre)
	elsewhere := a.staffGrant(t, a.registerPhone(t, "+79120000085", seen), account.RoleOperator, chelnyCentre)

	ask := `mutation($a: ID!) { requestDuplicateConsent(accountId: $a, documentType: "WORK_RECORD_BOOK") { consent { id status } userErrors { code } } }`
	answer := `mutation($id: ID!) { answerDuplicateConsent(id: $id, accept: true) { consent { status } userErrors { code } } }`
	follow := `query($id: ID!) { duplicateConsent(id: $id) { id status documentType expiresAt paper } }`
	type consentView struct {
		ID, Status, DocumentType string
		ExpiresAt                time.Time
		Paper                    bool
	}
	asked := func() string {
		t.Helper()
		var p struct {
			Consent    *struct{ ID, Status string }
			UserErrors []userErr
		}
		a.mutate(t, operator.AccessToken, ask, map[string]any{"a": citizen.Account.ID}, &p)
		if p.Consent == nil || p.Consent.Status != "PENDING" {
			t.Fatalf("ask: %+v", p)
		}
		return p.Consent.ID
	}
	read := func(s authSession, id string) *consentView {
		t.Helper()
		var d struct{ DuplicateConsent *consentView }
		r := a.postAuth(t, s.AccessToken, follow, map[string]any{"id": id})
		if len(r.Errors) > 0 {
			t.Fatalf("duplicateConsent: %+v", r.Errors)
		}
		mustUnmarshal(t, r.Data, &d)
		return d.DuplicateConsent
	}

	id := asked()
	t.Run("the operator and a colleague follow it to ACCEPTED", func(t *testing.T) {
		for _, s := range []authSession{operator, colleague} {
			c := read(s, id)
			if c == nil || c.ID != id || c.Status != "PENDING" || c.DocumentType != "WORK_RECORD_BOOK" || c.Paper ||
				!c.ExpiresAt.After(clock.Now()) || c.ExpiresAt.After(clock.Now().Add(duplicate.ConsentTTL)) {
				t.Fatalf("before the answer: %+v", c)
			}
		}
		var p struct {
			Consent    *struct{ Status string }
			UserErrors []userErr
		}
		a.mutate(t, citizen.AccessToken, answer, map[string]any{"id": id}, &p)
		if p.Consent == nil || p.Consent.Status != "ACCEPTED" {
			t.Fatalf("answer: %+v", p)
		}
		if c := read(operator, id); c == nil || c.Status != "ACCEPTED" {
			t.Errorf("after the answer: %+v", c)
		}
	})
	t.Run("another centre's operator gets null, as for no consent", func(t *testing.T) {
		if c := read(elsewhere, id); c != nil {
			t.Errorf("another centre: %+v", c)
		}
		if c := read(operator, "00000000-0000-0000-0000-000000000000"); c != nil {
			t.Errorf("no such consent: %+v", c)
		}
	})
	t.Run("a citizen is refused, even his own consent", func(t *testing.T) {
		wantCode(t, "a citizen", a.postAuth(t, citizen.AccessToken, follow, map[string]any{"id": id}), "FORBIDDEN")
	})
	t.Run("unanswered, it reads PENDING past its time", func(t *testing.T) {
		late := asked()
		clock.Advance(duplicate.ConsentTTL + time.Minute)
		citizen, operator = a.refresh(t, citizen), a.refresh(t, operator)
		c := read(operator, late)
		if c == nil || c.Status != "PENDING" || !c.ExpiresAt.Before(clock.Now()) {
			t.Fatalf("expired: %+v", c)
		}
		var p struct{ UserErrors []userErr }
		a.mutate(t, citizen.AccessToken, answer, map[string]any{"id": late}, &p)
		if len(p.UserErrors) != 1 || p.UserErrors[0].Code != "EXPIRED" {
			t.Fatalf("a late answer: %+v", p)
		}
		if c := read(operator, late); c == nil || c.Status != "PENDING" {
			t.Errorf("after the late answer: %+v", c)
		}
	})
}

// TestStaffHearings: a municipal officer changes a draft (materials given
// replace the old ones, none keep them; the checks are createHearing's),
// lists his municipality's hearings with the drafts; an officer of another
// municipality neither changes nor sees them; an announced hearing is not
// changed.
func TestStaffHearings(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	officer := a.staffGrant(t, a.registerPhone(t, "+79120000091", seen), account.RoleMunicipalOfficer, "92701000")
	outsider := a.staffGrant(t, a.registerPhone(t, "+79120000092", seen), account.RoleMunicipalOfficer, "92730000")

	opens := clock.Now().Add(24 * time.Hour)
	input := func(title string, day int) map[string]any {
		o := opens.Add(time.Duration(day) * 24 * time.Hour)
		return map[string]any{"municipalityOktmo": "92701000", "title": title, "subject": "BUDGET_DRAFT",
			"description": "Публичные слушания по проекту бюджета", "territory": "Весь город", "organiser": "Администрация г. Казани",
			"opensAt": o.Format(time.RFC3339), "closesAt": o.Add(72 * time.Hour).Format(time.RFC3339), "materials": []any{nil},
			"meetingAt": o.Add(24 * time.Hour).Format(time.RFC3339), "meetingPlace": "Казанская ратуша, ул. Кремлёвская, 1"}
	}
	type hearingP struct {
		Hearing *struct {
			ID, Title, Status string
			Materials         []struct{ Name, URL string }
		}
		UserErrors []userErr
	}
	fields := `hearing { id title status materials { name url } } userErrors { field code message }`
	create := func(title string, day int) string {
		t.Helper()
		var p hearingP
		payloadOf(t, a.multipart(t, officer.AccessToken, `mutation($in: HearingInput!) { createHearing(input: $in) { `+fields+` } }`,
			map[string]any{"in": input(title, day)}, []upload{{path: "in.materials.0", name: "budget.png", data: pngScan(t, 10)}}), &p)
		if p.Hearing == nil {
			t.Fatalf("create: %+v", p.UserErrors)
		}
		return p.Hearing.ID
	}
	announced := create("Отчёт об исполнении бюджета за 2025 год", 0)
	draft := create("Проект бюджета Казани на 2027 год", 1)
	update := `mutation($id: ID!, $in: HearingInput!) { updateHearing(id: $id, input: $in) { ` + fields + ` } }`
	noFiles := func(in map[string]any) map[string]any { in["materials"] = []any{}; return in }

	t.Run("an officer of another municipality cannot change it", func(t *testing.T) {
		r := a.postAuth(t, outsider.AccessToken, update, map[string]any{"id": draft, "in": noFiles(input("Проект бюджета: чужая правка", 1))})
		wantCode(t, "another municipality's update", r, "FORBIDDEN")
	})
	t.Run("without materials it keeps them", func(t *testing.T) {
		var p hearingP
		payloadOf(t, a.postAuth(t, officer.AccessToken, update, map[string]any{"id": draft, "in": noFiles(input("Проект бюджета Казани на 2027–2029 годы", 1))}), &p)
		if p.Hearing == nil || p.Hearing.Title != "Проект бюджета Казани на 2027–2029 годы" || p.Hearing.Status != "DRAFT" ||
			len(p.Hearing.Materials) != 1 || p.Hearing.Materials[0].Name != "budget.png" {
			t.Fatalf("update: %+v", p)
		}
	})
	t.Run("with materials it replaces them", func(t *testing.T) {
		var p hearingP
		payloadOf(t, a.multipart(t, officer.AccessToken, update, map[string]any{"id": draft, "in": input("Проект бюджета Казани на 2027–2029 годы", 1)},
			[]upload{{path: "in.materials.0", name: "budget-v2.png", data: pngScan(t, 30)}}), &p)
		if p.Hearing == nil || len(p.Hearing.Materials) != 1 || p.Hearing.Materials[0].Name != "budget-v2.png" {
			t.Fatalf("update: %+v", p)
		}
		status, body := download(t, a, p.Hearing.Materials[0].URL)
		if status != 200 || !bytes.Equal(body, pngScan(t, 30)) {
			t.Errorf("the new material: %d", status)
		}
	})
	t.Run("createHearing's checks apply", func(t *testing.T) {
		var p hearingP
		payloadOf(t, a.postAuth(t, officer.AccessToken, update, map[string]any{"id": draft, "in": noFiles(input("Бюд", 1))}), &p)
		if p.Hearing != nil || len(p.UserErrors) != 1 || p.UserErrors[0].Field != "title" {
			t.Fatalf("a short title: %+v", p)
		}
	})
	t.Run("an announced hearing is not changed", func(t *testing.T) {
		var p hearingP
		payloadOf(t, a.postAuth(t, officer.AccessToken, `mutation($id: ID!) { announceHearing(id: $id) { `+fields+` } }`, map[string]any{"id": announced}), &p)
		if p.Hearing == nil || p.Hearing.Status != "ANNOUNCED" {
			t.Fatalf("announce: %+v", p)
		}
		payloadOf(t, a.postAuth(t, officer.AccessToken, update, map[string]any{"id": announced, "in": noFiles(input("Отчёт об исполнении бюджета: правка", 0))}), &p)
		if p.Hearing != nil || len(p.UserErrors) != 1 || p.UserErrors[0].Code != "NOT_DRAFT" {
			t.Fatalf("an announced hearing changed: %+v", p)
		}
	})
	t.Run("the officer lists his municipality's hearings with the drafts", func(t *testing.T) {
		type conn struct {
			Edges []struct {
				Node struct{ ID, Status string }
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
			TotalCount int
		}
		q := `query($s: HearingStatus, $after: String) { organisedHearings(status: $s, first: 1, after: $after) {
			edges { node { id status } } pageInfo { hasNextPage endCursor } totalCount } }`
		var c1, c2 conn
		a.mutate(t, officer.AccessToken, q, nil, &c1)
		// The latest opening first: the draft opens a day later.
		if c1.TotalCount != 2 || len(c1.Edges) != 1 || c1.Edges[0].Node.ID != draft || c1.Edges[0].Node.Status != "DRAFT" || !c1.PageInfo.HasNextPage {
			t.Fatalf("the first page: %+v", c1)
		}
		a.mutate(t, officer.AccessToken, q, map[string]any{"after": *c1.PageInfo.EndCursor}, &c2)
		if len(c2.Edges) != 1 || c2.Edges[0].Node.ID != announced || c2.PageInfo.HasNextPage {
			t.Fatalf("the second page: %+v", c2)
		}
		a.mutate(t, officer.AccessToken, q, map[string]any{"s": "DRAFT"}, &c1)
		if c1.TotalCount != 1 || c1.Edges[0].Node.ID != draft {
			t.Errorf("drafts: %+v", c1)
		}
		a.mutate(t, outsider.AccessToken, q, nil, &c1)
		if c1.TotalCount != 0 || len(c1.Edges) != 0 {
			t.Errorf("another municipality's officer sees them: %+v", c1)
		}
	})
}

// TestStaffAccountLookUpsAndRoleHolders: an administrator finds an account
// by a phone written any common way or by a SNILS, sees its contacts
// masked and its roles, every look-up audited; he lists who holds which
// role, newest grant first, page by page.
func TestStaffAccountLookUpsAndRoleHolders(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	ctx := context.Background()
	seen := map[string]bool{}
	citizen := verified(t, a, clock, "+79123456789", "112233445", seen)
	admin := a.registerPhone(t, "+79120000001", seen)
	if _, err := a.accounts.BootstrapAdmin(ctx, "+79120000001", "first administrator"); err != nil {
		t.Fatal(err)
	}
	admin = a.refresh(t, admin)
	clock.Advance(time.Second)
	op1 := a.staffGrant(t, a.registerPhone(t, "+79120000011", seen), account.RoleOperator, kazanCentre)
	clock.Advance(time.Second)
	op2 := a.staffGrant(t, a.registerPhone(t, "+79120000012", seen), account.RoleOperator, chelnyCentre)
	clock.Advance(time.Second)
	op1 = a.staffGrant(t, op1, account.RoleOperator, chelnyCentre)
	citizen = a.staffGrant(t, citizen, account.RoleOfficer, "guvm")

	type staffAcc struct {
		ID, LastName, FirstName, Tier string
		MaskedPhone, MaskedEmail      *string
		RoleGrants                    []struct {
			Role  string
			Scope *string
		}
	}
	find := `query($q: String!) { findAccounts(query: $q) { id lastName firstName maskedPhone maskedEmail tier roleGrants { role scope } } }`
	for _, q := range []string{"8 (912) 345-67-89", "+7 912 345 67 89", agencytest.SNILS("112233445")} {
		var got []staffAcc
		a.mutate(t, admin.AccessToken, find, map[string]any{"q": q}, &got)
		if len(got) != 1 || got[0].ID != citizen.Account.ID || deref(got[0].MaskedPhone) != "+7 912 ***-**-89" || got[0].Tier != "STANDARD" ||
			len(got[0].RoleGrants) != 1 || got[0].RoleGrants[0].Role != "OFFICER" {
			t.Errorf("%q: %+v", q, got)
		}
	}
	var none []staffAcc
	a.mutate(t, admin.AccessToken, find, map[string]any{"q": "+7 999 000 00 00"}, &none)
	if len(none) != 0 {
		t.Errorf("an unknown phone: %+v", none)
	}
	wantCode(t, "garbage", a.postAuth(t, admin.AccessToken, find, map[string]any{"q": "Иванов"}), "BAD_USER_INPUT")
	adm := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	evs, _, err := a.accounts.AuditLog(ctx, adm, account.AuditFilter{Action: "account.looked_up"}, 0, 10)
	if err != nil || len(evs) != 4 {
		t.Fatalf("%d look-ups audited (%v), want 4", len(evs), err)
	}
	for _, e := range evs {
		if e.ActorID != localID(t, admin.Account.ID) || strings.Contains(fmt.Sprint(e.Details), "345") {
			t.Errorf("audit event: %+v", e)
		}
	}

	type holders struct {
		Edges []struct {
			Node struct {
				Account struct {
					ID          string
					MaskedPhone *string
					RoleGrants  []struct{ Role string }
				}
				Grant struct {
					Role  string
					Scope *string
				}
			}
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
		TotalCount int
	}
	q := `query($r: Role, $s: String, $after: String) { roleHolders(role: $r, scope: $s, first: 2, after: $after) {
		edges { node { account { id maskedPhone roleGrants { role } } grant { role scope } } } pageInfo { hasNextPage endCursor } totalCount } }`
	var h1, h2 holders
	a.mutate(t, admin.AccessToken, q, map[string]any{"r": "OPERATOR"}, &h1)
	if h1.TotalCount != 3 || len(h1.Edges) != 2 || !h1.PageInfo.HasNextPage {
		t.Fatalf("operators, first page: %+v", h1)
	}
	// Newest grant first: op1's second centre, then op2's.
	if g := h1.Edges[0].Node; g.Account.ID != op1.Account.ID || deref(g.Grant.Scope) != chelnyCentre || len(g.Account.RoleGrants) != 2 ||
		deref(g.Account.MaskedPhone) != "+7 912 ***-**-11" {
		t.Errorf("the newest grant: %+v", g)
	}
	if h1.Edges[1].Node.Account.ID != op2.Account.ID {
		t.Errorf("the second grant: %+v", h1.Edges[1].Node)
	}
	a.mutate(t, admin.AccessToken, q, map[string]any{"r": "OPERATOR", "after": *h1.PageInfo.EndCursor}, &h2)
	if len(h2.Edges) != 1 || h2.PageInfo.HasNextPage || h2.Edges[0].Node.Account.ID != op1.Account.ID || deref(h2.Edges[0].Node.Grant.Scope) != kazanCentre {
		t.Fatalf("operators, second page: %+v", h2)
	}
	a.mutate(t, admin.AccessToken, q, map[string]any{"r": "OPERATOR", "s": chelnyCentre}, &h1)
	if h1.TotalCount != 2 {
		t.Errorf("operators of one centre: %+v", h1)
	}
	a.mutate(t, admin.AccessToken, q, nil, &h1)
	if h1.TotalCount != 5 { // the admin, three operator grants, the officer
		t.Errorf("every role: %d", h1.TotalCount)
	}
}

// TestStaffRoleRefusals: every staff query and mutation refuses a citizen
// and staff of another role with FORBIDDEN, naming the role.
func TestStaffRoleRefusals(t *testing.T) {
	a := newTestApp(t, "all", nil)
	seen := map[string]bool{}
	citizen := a.registerPhone(t, "+79123456700", seen)
	roles := map[account.Role]authSession{
		account.RoleOperator:         a.staffGrant(t, a.registerPhone(t, "+79120000101", seen), account.RoleOperator, kazanCentre),
		account.RoleOfficer:          a.staffGrant(t, a.registerPhone(t, "+79120000102", seen), account.RoleOfficer, "guvm"),
		account.RoleMunicipalOfficer: a.staffGrant(t, a.registerPhone(t, "+79120000103", seen), account.RoleMunicipalOfficer, "92701000"),
	}
	hearingIn := map[string]any{"municipalityOktmo": "92701000", "title": "Проект бюджета", "subject": "BUDGET_DRAFT", "description": "Слушания",
		"territory": "Город", "organiser": "Администрация", "opensAt": time.Now().Add(48 * time.Hour).Format(time.RFC3339),
		"closesAt": time.Now().Add(96 * time.Hour).Format(time.RFC3339)}
	ops := []struct {
		name string
		role account.Role
		q    string
		vars map[string]any
	}{
		{"findAccounts", account.RoleAdmin, `{ findAccounts(query: "+79123456700") { id } }`, nil},
		{"roleHolders", account.RoleAdmin, `{ roleHolders { totalCount } }`, nil},
		{"centreDuplicates", account.RoleOperator, `{ centreDuplicates { totalCount } }`, nil},
		{"centreResults", account.RoleOperator, `{ centreResults { totalCount } }`, nil},
		{"duplicateConsent", account.RoleOperator, `{ duplicateConsent(id: "x") { status } }`, nil},
		{"handOutResult", account.RoleOperator, `mutation { handOutResult(input: {id: "x", documentNumber: "123456"}) { userErrors { code } } }`, nil},
		{"organisedHearings", account.RoleMunicipalOfficer, `{ organisedHearings { totalCount } }`, nil},
		{"updateHearing", account.RoleMunicipalOfficer, `mutation($in: HearingInput!) { updateHearing(id: "x", input: $in) { userErrors { code } } }`,
			map[string]any{"in": hearingIn}},
	}
	for _, op := range ops {
		who := map[string]authSession{"a citizen": citizen}
		for role, s := range roles {
			if role != op.role {
				who[string(role)] = s
			}
		}
		for name, s := range who {
			r := a.postAuth(t, s.AccessToken, op.q, op.vars)
			if r.code(0) != "FORBIDDEN" || r.Errors[0].Extensions["requiredRole"] != string(op.role) {
				t.Errorf("%s by %s: %s %+v", op.name, name, r.Data, r.Errors)
			}
		}
		if r := a.postAuth(t, "", op.q, op.vars); r.code(0) != "UNAUTHENTICATED" {
			t.Errorf("%s without a token: %+v", op.name, r.Errors)
		}
	}
	// The right role, but no such application.
	r := a.postAuth(t, roles[account.RoleOperator].AccessToken, `mutation { handOutResult(input: {id: "00000000-0000-0000-0000-000000000000", documentNumber: "1"}) { userErrors { code } } }`, nil)
	wantCode(t, "hand-out of no application", r, "NOT_FOUND")
}
