package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
)

type appView struct {
	ID, Status       string
	Request, Reason  *string
	ResultDocumentID *string
	Stages           []struct {
		Status  string
		Comment *string
		At      string
	}
}

const appFields = `application { id status request reason resultDocumentId stages { status comment at } } userErrors { field code message }`

type appPayload struct {
	Application *appView
	UserErrors  []userErr
}

// TestApplicationFromDraftToResult: a citizen saves a draft field by field,
// submits it (checked against the form's JSON Schema), an officer of the
// service's department moves it through its stages, asks for more, attaches
// the result; every step is in the stage history and notified; the citizen
// rates the service once. Forbidden transitions, another department's
// officer and another citizen are refused.
func TestApplicationFromDraftToResult(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	s := verified(t, a, clock, "+79123456789", "112233445", seen)

	var form struct {
		ServiceCode, Schema string
		Documents           []struct{ Type, Title string }
	}
	a.mutate(t, "", `{ applicationForm(serviceCode: "address_registration") { serviceCode schema documents { type title } } }`, nil, &form)
	if !strings.Contains(form.Schema, `"since"`) || len(form.Documents) != 1 {
		t.Fatalf("form: %+v", form)
	}
	// A service's page asks for its form with the service, by its id.
	var svc struct {
		Edges []struct {
			Node struct {
				Code            string
				ApplicationForm *struct{ ServiceCode string }
			}
		}
	}
	a.mutate(t, "", `{ services(first: 100) { edges { node { code applicationForm { serviceCode } } } } }`, nil, &svc)
	var withForm, without int
	for _, e := range svc.Edges {
		switch f := e.Node.ApplicationForm; {
		case f != nil && f.ServiceCode == e.Node.Code:
			withForm++
		case f == nil:
			without++
		default:
			t.Errorf("service %s has the form of %s", e.Node.Code, f.ServiceCode)
		}
	}
	if withForm == 0 || without == 0 {
		t.Errorf("of the services found, %d have an online form and %d do not", withForm, without)
	}

	save := `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { ` + appFields + ` } }`
	var p appPayload
	a.mutate(t, s.AccessToken, save, map[string]any{"in": map[string]any{"serviceCode": "address_registration", "fields": `{"kind":"RESIDENCE"}`}}, &p)
	if p.Application == nil || p.Application.Status != "DRAFT" {
		t.Fatalf("draft: %+v", p)
	}
	id := p.Application.ID
	// The connection dropped; the app resumes and saves the next fields.
	a.mutate(t, s.AccessToken, save, map[string]any{"in": map[string]any{"id": id, "fields": `{"address":"г. Казань, ул. Баумана, д. 1, кв. 2","since":"next week"}`}}, &p)
	submit := `mutation($in: SubmitApplicationInput!) { submitApplication(input: $in) { ` + appFields + ` } }`
	a.mutate(t, s.AccessToken, submit, map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "submit-0001"}}, &p)
	if len(p.UserErrors) != 1 || p.UserErrors[0].Field != "data.since" {
		t.Fatalf("a bad date submitted: %+v", p)
	}
	a.mutate(t, s.AccessToken, save, map[string]any{"in": map[string]any{"id": id, "fields": `{"since":"2026-12-01"}`}}, &p)
	a.mutate(t, s.AccessToken, submit, map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "submit-0001"}}, &p)
	if len(p.UserErrors) != 1 || p.UserErrors[0].Field != "documents.OWNER_CONSENT" {
		t.Fatalf("submitted without the owner's consent: %+v", p)
	}
	attachScan(t, a, s.AccessToken, id, "OWNER_CONSENT")
	a.mutate(t, s.AccessToken, submit, map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "submit-0001"}}, &p)
	if p.Application == nil || p.Application.Status != "SUBMITTED" {
		t.Fatalf("submit: %+v", p)
	}
	a.mutate(t, s.AccessToken, submit, map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "submit-0001"}}, &p)
	if p.Application == nil || p.Application.ID != id {
		t.Fatalf("the same key again: %+v", p)
	}

	// Officers: one of the migration service (guvm), one of the tax service.
	officer := a.registerPhone(t, "+79120000031", seen)
	stranger := a.registerPhone(t, "+79120000032", seen)
	admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	for who, dep := range map[string]string{officer.Account.ID: "guvm", stranger.Account.ID: "fns"} {
		if err := a.accounts.GrantRole(context.Background(), admin, localID(t, who),
			account.RoleGrant{Role: account.RoleOfficer, Scope: dep, Reason: "назначен приказом"}, account.Client{}); err != nil {
			t.Fatal(err)
		}
	}
	officer, stranger = a.refresh(t, officer), a.refresh(t, stranger)

	var queue struct {
		Applications []struct{ ID string }
		TotalCount   int
		Counts       []struct {
			Status string
			Count  int
		}
	}
	a.mutate(t, officer.AccessToken, `{ departmentApplications(status: SUBMITTED) { applications { id } totalCount counts { status count } } }`, nil, &queue)
	if queue.TotalCount != 1 || queue.Applications[0].ID != id || queue.Counts[0].Status != "SUBMITTED" || queue.Counts[0].Count != 1 {
		t.Fatalf("the department's queue: %+v", queue)
	}
	// The officer saw a citizen's application: that read is on record.
	viewed, _, err := a.accounts.AuditLog(context.Background(), admin, account.AuditFilter{Action: "application.viewed"}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(viewed) != 1 || viewed[0].ActorID != localID(t, officer.Account.ID) || viewed[0].SubjectID != localID(t, s.Account.ID) {
		t.Fatalf("the officer's read of the application is not audited: %+v", viewed)
	}
	move := `mutation($in: MoveApplicationInput!) { moveApplication(input: $in) { ` + appFields + ` } }`
	r := a.postAuth(t, stranger.AccessToken, move, map[string]any{"in": map[string]any{"id": id, "to": "REGISTERED"}})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("an officer of another department moved it: %s %+v", r.Data, r.Errors)
	}
	r = a.postAuth(t, s.AccessToken, move, map[string]any{"in": map[string]any{"id": id, "to": "REGISTERED"}})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("the citizen moved it: %s", r.Data)
	}
	step := func(to, comment, wantCode string) {
		t.Helper()
		in := map[string]any{"id": id, "to": to}
		if comment != "" {
			in["comment"] = comment
		}
		a.mutate(t, officer.AccessToken, move, map[string]any{"in": in}, &p)
		switch {
		case wantCode != "" && (len(p.UserErrors) != 1 || p.UserErrors[0].Code != wantCode):
			t.Fatalf("%s: %+v, want %s", to, p.UserErrors, wantCode)
		case wantCode == "" && (p.Application == nil || p.Application.Status != to):
			t.Fatalf("%s: %+v", to, p)
		}
	}
	step("COMPLETED", "", "NOT_ALLOWED")
	step("IN_PROGRESS", "", "NOT_ALLOWED")
	step("REGISTERED", "", "")
	step("REJECTED", "", "REQUIRED")
	step("IN_PROGRESS", "", "")
	step("AWAITING_CITIZEN", "Приложите согласие собственника жилья", "")

	var mine []appView
	a.mutate(t, s.AccessToken, `{ applications { id status request reason resultDocumentId stages { status comment at } } }`, nil, &mine)
	if len(mine) != 1 || mine[0].Request == nil || !strings.Contains(*mine[0].Request, "согласие") {
		t.Fatalf("the citizen's view: %+v", mine)
	}
	respond := `mutation($in: RespondToApplicationInput!) { respondToApplication(input: $in) { ` + appFields + ` } }`
	a.mutate(t, s.AccessToken, respond, map[string]any{"in": map[string]any{"id": id, "comment": "Согласие приложено", "fields": `{"until":"2027-12-01"}`}}, &p)
	if p.Application == nil || p.Application.Status != "IN_PROGRESS" {
		t.Fatalf("respond: %+v", p)
	}
	step("COMPLETED", "Зарегистрирован по месту жительства", "")
	if p.Application.ResultDocumentID == nil {
		t.Fatal("no result document")
	}
	// The result is a document signed by the department.
	var res struct {
		Kind      string
		Signature *struct {
			Genuine  bool
			SignedBy *string
		}
	}
	a.mutate(t, s.AccessToken, `query($id: ID!) { document(id: $id) { kind signature { genuine signedBy } } }`, map[string]any{"id": *p.Application.ResultDocumentID}, &res)
	if res.Kind != "APPLICATION_RESULT" || res.Signature == nil || !res.Signature.Genuine || deref(res.Signature.SignedBy) != "guvm" {
		t.Fatalf("the result: %+v", res)
	}
	a.mutate(t, s.AccessToken, `{ applications { id status stages { status comment at } } }`, nil, &mine)
	var stages []string
	for _, st := range mine[0].Stages {
		stages = append(stages, st.Status)
	}
	if got := strings.Join(stages, ","); got != "SUBMITTED,REGISTERED,IN_PROGRESS,AWAITING_CITIZEN,IN_PROGRESS,COMPLETED" {
		t.Errorf("stages: %s", got)
	}
	n, err := a.db.NewSelect().TableExpr("notifications").Where("account_id = ? AND kind = 'APPLICATIONS_STAGE'", localID(t, s.Account.ID)).Count(context.Background())
	if err != nil || n != 6 {
		t.Errorf("%d stage notifications (%v), want 6", n, err)
	}

	// myRating: the applicant's own score, read for all his applications at
	// once; null before he rates, and for the officer who handled it.
	myRating := func(token string) *int {
		t.Helper()
		var d struct {
			Applications []struct{ MyRating *int }
			Application  struct{ MyRating *int }
		}
		q := `query($id: ID!) { application(id: $id) { myRating } }`
		if token == s.AccessToken {
			q = `query($id: ID!) { applications { myRating } application(id: $id) { myRating } }`
		}
		r := a.postAuth(t, token, q, map[string]any{"id": id})
		if err := json.Unmarshal(r.Data, &d); err != nil || len(r.Errors) > 0 {
			t.Fatalf("myRating: %s %+v", r.Data, r.Errors)
		}
		for _, ap := range d.Applications {
			if (ap.MyRating == nil) != (d.Application.MyRating == nil) || ap.MyRating != nil && *ap.MyRating != *d.Application.MyRating {
				t.Errorf("myRating in the list %v, of the application %v", ap.MyRating, d.Application.MyRating)
			}
		}
		return d.Application.MyRating
	}
	if got := myRating(s.AccessToken); got != nil {
		t.Fatalf("myRating before rating: %d", *got)
	}

	// Rating: once, 1 to 5.
	rate := `mutation($in: RateApplicationInput!) { rateApplication(input: $in) { ok userErrors { field code } } }`
	var rp struct {
		Ok         bool
		UserErrors []userErr
	}
	a.mutate(t, s.AccessToken, rate, map[string]any{"in": map[string]any{"id": id, "score": 7}}, &rp)
	if rp.Ok || len(rp.UserErrors) != 1 || rp.UserErrors[0].Code != "RANGE" {
		t.Fatalf("score 7: %+v", rp)
	}
	a.mutate(t, s.AccessToken, rate, map[string]any{"in": map[string]any{"id": id, "score": 5, "comment": "Быстро"}}, &rp)
	if !rp.Ok {
		t.Fatalf("rate: %+v", rp)
	}
	a.mutate(t, s.AccessToken, rate, map[string]any{"in": map[string]any{"id": id, "score": 4}}, &rp)
	if rp.Ok || len(rp.UserErrors) != 1 || rp.UserErrors[0].Code != "ALREADY_RATED" {
		t.Fatalf("rated twice: %+v", rp)
	}
	if got := myRating(s.AccessToken); got == nil || *got != 5 {
		t.Errorf("myRating after rating 5: %v", got)
	}
	if got := myRating(officer.AccessToken); got != nil {
		t.Errorf("the officer sees the citizen's score %d", *got)
	}
	// A completed application cannot be withdrawn; another citizen cannot see it.
	a.mutate(t, s.AccessToken, `mutation($id: ID!) { withdrawApplication(id: $id) { `+appFields+` } }`, map[string]any{"id": id}, &p)
	if len(p.UserErrors) != 1 || p.UserErrors[0].Code != "NOT_ALLOWED" {
		t.Fatalf("withdrawn after completion: %+v", p)
	}
	r = a.postAuth(t, stranger.AccessToken, `query($id: ID!) { application(id: $id) { id } }`, map[string]any{"id": id})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Fatalf("another's application: %s", r.Data)
	}
}

// TestINNApplicationAnsweredByTheTaxService: an application for an INN goes
// to the tax service by itself; its answer completes the application and
// puts the INN in the profile, where tax debts find it.
func TestINNApplicationAnsweredByTheTaxService(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	s := verified(t, a, clock, "+79123456789", "112233445", map[string]bool{})
	// The citizen picks a branch of his region, with its hours.
	var branches []struct{ Code, Address, Hours string }
	a.mutate(t, "", `{ serviceCentres(regionCode: "16") { code address hours } }`, nil, &branches)
	if len(branches) != 2 || branches[0].Hours == "" {
		t.Fatalf("branches of Tatarstan: %+v", branches)
	}
	branch := branches[0].Code
	var p appPayload
	a.mutate(t, s.AccessToken, `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"serviceCode": "inn", "fields": `{"delivery":"ELECTRONIC"}`}}, &p)
	id := p.Application.ID
	submit := `mutation($in: SubmitApplicationInput!) { submitApplication(input: $in) { ` + appFields + ` } }`
	a.mutate(t, s.AccessToken, submit, map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "inn-00000001"}}, &p)
	if len(p.UserErrors) != 1 || p.UserErrors[0].Field != "branchCode" {
		t.Fatalf("no branch chosen: %+v", p)
	}
	a.mutate(t, s.AccessToken, `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"id": id, "branchCode": branch}}, &p)
	a.mutate(t, s.AccessToken, submit, map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "inn-00000001"}}, &p)
	if p.Application == nil || p.Application.Status != "SUBMITTED" {
		t.Fatalf("submit: %+v", p)
	}
	status := func() string {
		var app struct{ Status string }
		a.mutate(t, s.AccessToken, `query($id: ID!) { application(id: $id) { status } }`, map[string]any{"id": id}, &app)
		return app.Status
	}
	waitFor(t, "the tax service to register it", func() bool { return status() == "REGISTERED" })
	clock.Advance(5 * time.Minute)
	s = a.refresh(t, s)
	waitFor(t, "the tax service's answer", func() bool { return status() == "COMPLETED" })
	var inn string
	if err := a.db.NewSelect().TableExpr("personal_data").Column("inn").Where("account_id = ?", localID(t, s.Account.ID)).Scan(context.Background(), &inn); err != nil || len(inn) != 12 {
		t.Fatalf("the INN in the profile: %q (%v)", inn, err)
	}
	r := a.postAuth(t, s.AccessToken, `{ taxDebts(status: ALL) { checkedAt } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("tax debts by the new INN: %+v", r.Errors)
	}
}

// TestStatisticsAgainstSeededData: the figures of a region count what was
// made in it: channels and the electronic share, tiers, e-service users,
// services, ratings with their representativeness, completion times.
func TestStatisticsAgainstSeededData(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	ctx := context.Background()
	citizen := verified(t, a, clock, "+79123456789", "112233445", seen) // region 16
	other := verified(t, a, clock, "+79123456790", "112233446", seen)   // region 16
	staff := a.registerPhone(t, "+79120000041", seen)
	admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	for _, g := range []account.RoleGrant{{Role: account.RoleOfficer, Scope: "guvm"}, {Role: account.RoleOperator, Scope: "mfc-16-kazan-vakhitovsky"}, {Role: account.RoleAdmin}} {
		g.Reason = "для проверки статистики"
		if err := a.accounts.GrantRole(ctx, admin, localID(t, staff.Account.ID), g, account.Client{}); err != nil {
			t.Fatal(err)
		}
	}
	staff = a.refresh(t, staff)
	start := clock.Now()

	// One portal application, completed after 48 hours and rated 4.
	var p appPayload
	a.mutate(t, citizen.AccessToken, `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"serviceCode": "address_registration", "fields": `{"kind":"STAY","address":"г. Казань, ул. Пушкина, д. 5","since":"2026-12-01"}`}}, &p)
	id := p.Application.ID
	attachScan(t, a, citizen.AccessToken, id, "OWNER_CONSENT")
	a.mutate(t, citizen.AccessToken, `mutation($in: SubmitApplicationInput!) { submitApplication(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"draftId": id, "idempotencyKey": "stats-000001"}}, &p)
	for _, to := range []string{"REGISTERED", "IN_PROGRESS", "COMPLETED"} {
		if to == "COMPLETED" {
			clock.Advance(48 * time.Hour)
			staff = a.refresh(t, staff)
			citizen = a.refresh(t, citizen)
		}
		a.mutate(t, staff.AccessToken, `mutation($in: MoveApplicationInput!) { moveApplication(input: $in) { `+appFields+` } }`,
			map[string]any{"in": map[string]any{"id": id, "to": to}}, &p)
		if p.Application == nil {
			t.Fatalf("%s: %+v", to, p.UserErrors)
		}
	}
	var rp struct{ Ok bool }
	a.mutate(t, citizen.AccessToken, `mutation($id: ID!) { rateApplication(input: {id: $id, score: 4}) { ok } }`, map[string]any{"id": id}, &rp)
	// One made at a service centre, recorded by the operator.
	a.mutate(t, staff.AccessToken, `mutation($in: RecordApplicationInput!) { recordApplication(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"accountId": other.Account.ID, "serviceCode": "inn", "channel": "SERVICE_CENTRE",
			"fields": `{"delivery":"PAPER_AT_BRANCH"}`, "branchCode": "mfc-16-kazan-vakhitovsky"}}, &p)
	if p.Application == nil || p.Application.Status != "SUBMITTED" {
		t.Fatalf("record: %+v", p)
	}

	q := `query($r: String, $from: Time!, $to: Time!) { statistics(regionCode: $r, from: $from, to: $to) {
		applicationsByChannel { channel count } electronicShare accountsByTier { tier count } eServiceUsers
		topServices { serviceCode count } rating { average ratings recipients representative }
		ratingsByService { key average recipients } medianTimeToComplete { serviceCode medianHours completed } } }`
	vars := map[string]any{"r": "16", "from": start.Add(-time.Hour).Format(time.RFC3339), "to": clock.Now().Add(time.Hour).Format(time.RFC3339)}
	r := a.postAuth(t, citizen.AccessToken, q, vars)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("a citizen saw the statistics: %s", r.Data)
	}
	var st struct {
		ApplicationsByChannel []struct {
			Channel string
			Count   int
		}
		ElectronicShare float64
		AccountsByTier  []struct {
			Tier  string
			Count int
		}
		EServiceUsers int
		TopServices   []struct {
			ServiceCode string
			Count       int
		}
		Rating struct {
			Average             float64
			Ratings, Recipients int
			Representative      bool
		}
		MedianTimeToComplete []struct {
			ServiceCode string
			MedianHours float64
			Completed   int
		}
	}
	a.mutate(t, staff.AccessToken, q, vars, &st)
	channels := map[string]int{}
	for _, c := range st.ApplicationsByChannel {
		channels[c.Channel] = c.Count
	}
	if channels["PORTAL"] != 1 || channels["SERVICE_CENTRE"] != 1 || channels["IN_PERSON"] != 0 || st.ElectronicShare != 0.5 {
		t.Errorf("channels: %v, share %v", channels, st.ElectronicShare)
	}
	tiers := map[string]int{}
	for _, c := range st.AccountsByTier {
		tiers[c.Tier] = c.Count
	}
	if tiers["STANDARD"] != 2 || st.EServiceUsers != 1 || len(st.TopServices) != 2 {
		t.Errorf("tiers %v, users %d, services %+v", tiers, st.EServiceUsers, st.TopServices)
	}
	if st.Rating.Average != 4 || st.Rating.Ratings != 1 || st.Rating.Recipients != 1 || !st.Rating.Representative {
		t.Errorf("rating: %+v", st.Rating)
	}
	if len(st.MedianTimeToComplete) != 1 || st.MedianTimeToComplete[0].ServiceCode != "address_registration" ||
		st.MedianTimeToComplete[0].MedianHours < 47.9 || st.MedianTimeToComplete[0].MedianHours > 48.1 {
		t.Errorf("median: %+v", st.MedianTimeToComplete)
	}
	// Another region has none of it.
	vars["r"] = "77"
	a.mutate(t, staff.AccessToken, q, vars, &st)
	if st.EServiceUsers != 0 || st.Rating.Recipients != 0 || st.ElectronicShare != 0 {
		t.Errorf("Moscow's figures: %+v", st)
	}
}

const attachMutation = `mutation($in: AttachApplicationDocumentInput!) { attachApplicationDocument(input: $in) {
	application { id documents { requirement documentId contentType sha256 } } userErrors { field code message } } }`

// attachScan uploads a scan for a draft's requirement.
func attachScan(t *testing.T, a *testApp, token, id, requirement string) {
	t.Helper()
	r := a.multipart(t, token, attachMutation, map[string]any{"in": map[string]any{"id": id, "requirement": requirement, "file": nil}},
		[]upload{{path: "in.file", name: "consent.png", data: pngScan(t, 90)}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"contentType":"image/png"`) {
		t.Fatalf("attach: %s %+v", r.Data, r.Errors)
	}
}
