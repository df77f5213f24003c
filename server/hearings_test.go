package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// TestHearingCycle: a municipal officer runs a hearing from draft to
// published results; it opens and closes by itself at its dates; a
// CONFIRMED resident votes and changes his vote, a STANDARD one is told why
// he may not; proposals are moderated and supported once; votes after
// closing are refused; the final tally counts the last vote.
func TestHearingCycle(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	ctx := context.Background()
	seen := map[string]bool{}
	resident := verified(t, a, clock, "+79123456789", "112233445", seen) // Kazan, 92701000
	standard := verified(t, a, clock, "+79123456790", "112233446", seen)
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := a.accounts.ConfirmInPerson(ctx, operator, localID(t, resident.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	resident = a.refresh(t, resident)
	officer := a.registerPhone(t, "+79120000061", seen)
	outsider := a.registerPhone(t, "+79120000062", seen)
	admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	for who, oktmo := range map[string]string{officer.Account.ID: "92701000", outsider.Account.ID: "92730000"} {
		if err := a.accounts.GrantRole(ctx, admin, localID(t, who), account.RoleGrant{Role: account.RoleMunicipalOfficer, Scope: oktmo, Reason: "глава администрации"}, account.Client{}); err != nil {
			t.Fatal(err)
		}
	}
	officer, outsider = a.refresh(t, officer), a.refresh(t, outsider)

	opens, closes := clock.Now().Add(24*time.Hour), clock.Now().Add(72*time.Hour)
	create := `mutation($in: HearingInput!) { createHearing(input: $in) { hearing { id status } userErrors { field code message } } }`
	in := map[string]any{"municipalityOktmo": "92701000", "title": "Проект бюджета Казани на 2027 год", "subject": "BUDGET_DRAFT",
		"description": "Публичные слушания по проекту бюджета", "territory": "Весь город", "organiser": "Администрация г. Казани",
		"opensAt": opens.Format(time.RFC3339), "closesAt": closes.Format(time.RFC3339), "materials": []any{nil},
		"meetingAt": opens.Add(24 * time.Hour).Format(time.RFC3339), "meetingPlace": "Казанская ратуша, ул. Кремлёвская, 1"}
	r := a.multipart(t, officer.AccessToken, create, map[string]any{"in": in}, []upload{{path: "in.materials.0", name: "budget.png", data: pngScan(t, 10)}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"status":"DRAFT"`) {
		t.Fatalf("create: %s %+v", r.Data, r.Errors)
	}
	var created struct {
		CreateHearing struct{ Hearing struct{ ID string } }
	}
	mustUnmarshal(t, r.Data, &created)
	id := created.CreateHearing.Hearing.ID

	hp := func(token, q string, vars map[string]any) (status string, ue []userErr) {
		var p struct {
			Hearing    *struct{ Status string }
			UserErrors []userErr
		}
		a.mutate(t, token, q, vars, &p)
		if p.Hearing != nil {
			status = p.Hearing.Status
		}
		return status, p.UserErrors
	}
	r = a.postAuth(t, outsider.AccessToken, `mutation($id: ID!) { announceHearing(id: $id) { hearing { status } } }`, map[string]any{"id": id})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("an officer of another municipality announced it: %s", r.Data)
	}
	if st, ue := hp(officer.AccessToken, `mutation($id: ID!) { announceHearing(id: $id) { hearing { status } userErrors { field code } } }`, map[string]any{"id": id}); st != "ANNOUNCED" {
		t.Fatalf("announce: %s %+v", st, ue)
	}

	// Dates move only forward, with a notice.
	resched := `mutation($id: ID!, $o: Time!, $c: Time!, $m: Time!, $n: String!) { rescheduleHearing(id: $id, opensAt: $o, closesAt: $c, meetingAt: $m,
		meetingPlace: "Казанская ратуша, ул. Кремлёвская, 1", notice: $n) { hearing { status } userErrors { field code } } }`
	rvars := func(c time.Time) map[string]any {
		return map[string]any{"id": id, "o": opens.Format(time.RFC3339), "c": c.Format(time.RFC3339),
			"m": opens.Add(24 * time.Hour).Format(time.RFC3339), "n": "Перенос по просьбе жителей"}
	}
	if _, ue := hp(officer.AccessToken, resched, rvars(closes.Add(-time.Hour))); len(ue) == 0 {
		t.Fatal("the closing moved back")
	}
	closes = closes.Add(24 * time.Hour)
	if st, ue := hp(officer.AccessToken, resched, rvars(closes)); st != "ANNOUNCED" {
		t.Fatalf("reschedule: %s %+v", st, ue)
	}

	vote := `mutation($id: ID!, $o: VoteOption!) { voteInHearing(id: $id, choices: [{question: 0, option: $o}]) { ok userErrors { code message } } }`
	var vp struct {
		Ok         bool
		UserErrors []userErr
	}
	a.mutate(t, resident.AccessToken, vote, map[string]any{"id": id, "o": "FOR"}, &vp)
	if vp.Ok || len(vp.UserErrors) != 1 || vp.UserErrors[0].Code != "NOT_OPEN" {
		t.Fatalf("a vote before opening: %+v", vp)
	}
	// It opens by itself at its date.
	clock.Set(opens.Add(time.Minute))
	resident, standard, officer = a.refresh(t, resident), a.refresh(t, standard), a.refresh(t, officer)
	waitFor(t, "the hearing to open", func() bool {
		var h struct{ Status string }
		a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { status } }`, map[string]any{"id": id}, &h)
		return h.Status == "OPEN"
	})
	var el struct {
		Allowed bool
		Reason  *string
	}
	a.mutate(t, standard.AccessToken, `query($id: ID!) { hearingEligibility(id: $id) { allowed reason message } }`, map[string]any{"id": id}, &el)
	if el.Allowed || deref(el.Reason) != "NOT_CONFIRMED" {
		t.Fatalf("a STANDARD account's eligibility: %+v", el)
	}
	a.mutate(t, standard.AccessToken, vote, map[string]any{"id": id, "o": "FOR"}, &vp)
	if vp.Ok || len(vp.UserErrors) != 1 || vp.UserErrors[0].Code != "NOT_CONFIRMED" {
		t.Fatalf("a STANDARD account voted: %+v", vp)
	}
	// The organiser watches the live tally on a second API process.
	cfg := a.App.cfg
	cfg.Role = "api"
	peer, err := newApp(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	peerSrv := httptest.NewServer(peer.Handler())
	t.Cleanup(func() { peerSrv.Close(); peer.Close() })
	ws := dialGraphQLWSInit(t, peerSrv.URL, "", map[string]any{"Authorization": "Bearer " + officer.AccessToken})
	ws.subscribe(t, "tally", `subscription { hearingTally(id: "`+id+`") { voters questions { for against } } }`)
	ws.expect(t, "the tally now", func(m wsMessage) bool { return m.Type == "next" && strings.Contains(string(m.Payload), `"voters":0`) })

	for _, o := range []string{"FOR", "AGAINST"} {
		a.mutate(t, resident.AccessToken, vote, map[string]any{"id": id, "o": o}, &vp)
		if !vp.Ok {
			t.Fatalf("vote %s: %+v", o, vp)
		}
	}
	ws.expect(t, "the changed vote on the other process", func(m wsMessage) bool {
		return m.Type == "next" && strings.Contains(string(m.Payload), `"voters":1,"questions":[{"for":0,"against":1}]`)
	})

	// The officer records a right to land from the registry; a malformed number says what to fix.
	land := `mutation($in: LandRightInput!) { recordLandRight(input: $in) { ok userErrors { field code } } }`
	var lp struct {
		Ok         bool
		UserErrors []userErr
	}
	lin := map[string]any{"accountId": standard.Account.ID, "municipalityOktmo": "92701000", "kind": "LAND", "cadastralNumber": "16:50:010101:123", "registryRecord": "16:50:010101:123-16/001/2020-1"}
	a.mutate(t, officer.AccessToken, land, map[string]any{"in": lin}, &lp)
	if !lp.Ok {
		t.Fatalf("record a land right: %+v", lp)
	}
	lin["cadastralNumber"] = "not a number"
	a.mutate(t, officer.AccessToken, land, map[string]any{"in": lin}, &lp)
	if lp.Ok || len(lp.UserErrors) != 1 {
		t.Fatalf("a malformed cadastral number: %+v", lp)
	}

	// The organiser sees who took part; nobody else does.
	var parts struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				LastName string
				Voted    bool
			}
		}
	}
	a.mutate(t, officer.AccessToken, `query($id: ID!) { hearingParticipants(id: $id) { totalCount edges { node { lastName voted proposals firstAt } } } }`, map[string]any{"id": id}, &parts)
	if parts.TotalCount != 1 || len(parts.Edges) != 1 || parts.Edges[0].Node.LastName != "Иванов" || !parts.Edges[0].Node.Voted {
		t.Fatalf("participants: %+v", parts)
	}
	r = a.postAuth(t, resident.AccessToken, `query($id: ID!) { hearingParticipants(id: $id) { totalCount } }`, map[string]any{"id": id})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("a resident saw the participants: %s", r.Data)
	}

	// A proposal, moderated, supported once.
	var pp struct {
		Proposal *struct {
			ID, Status string
			Supports   int
		}
		UserErrors []userErr
	}
	a.mutate(t, resident.AccessToken, `mutation($id: ID!) { proposeInHearing(input: {hearingId: $id, text: "Увеличить расходы на ремонт дворов"}) { proposal { id status supports } userErrors { code } } }`, map[string]any{"id": id}, &pp)
	if pp.Proposal == nil || pp.Proposal.Status != "PENDING" {
		t.Fatalf("propose: %+v", pp)
	}
	prop := pp.Proposal.ID
	a.mutate(t, officer.AccessToken, `mutation($id: ID!) { moderateProposal(id: $id, publish: true) { proposal { id status supports } userErrors { code } } }`, map[string]any{"id": prop}, &pp)
	if pp.Proposal == nil || pp.Proposal.Status != "PUBLISHED" {
		t.Fatalf("moderate: %+v", pp)
	}
	// Another resident (confirmed now) supports it, once; its author may not.
	if _, err := a.accounts.ConfirmInPerson(ctx, operator, localID(t, standard.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	neighbour := a.refresh(t, standard)
	support := `mutation($id: ID!) { supportProposal(id: $id) { proposal { id status supports } userErrors { code } } }`
	a.mutate(t, resident.AccessToken, support, map[string]any{"id": prop}, &pp)
	if len(pp.UserErrors) != 1 || pp.UserErrors[0].Code != "OWN_PROPOSAL" {
		t.Fatalf("the author supported his own proposal: %+v", pp)
	}
	a.mutate(t, neighbour.AccessToken, support, map[string]any{"id": prop}, &pp)
	if len(pp.UserErrors) > 0 || pp.Proposal == nil || pp.Proposal.Supports != 1 {
		t.Fatalf("support: %+v", pp)
	}
	a.mutate(t, neighbour.AccessToken, support, map[string]any{"id": prop}, &pp)
	if len(pp.UserErrors) != 1 || pp.UserErrors[0].Code != "ALREADY_SUPPORTED" {
		t.Fatalf("supported twice: %+v", pp)
	}
	supported := func(token string) bool {
		t.Helper()
		var props []struct {
			SupportedByMe bool
			Supports      int
		}
		a.mutate(t, token, `query($id: ID!) { hearingProposals(id: $id) { supportedByMe supports } }`, map[string]any{"id": id}, &props)
		if len(props) != 1 || props[0].Supports != 1 {
			t.Fatalf("proposals: %+v", props)
		}
		return props[0].SupportedByMe
	}
	if n, author, anon := supported(neighbour.AccessToken), supported(resident.AccessToken), supported(""); !n || author || anon {
		t.Errorf("supportedByMe is not the viewer's own: supporter %v, author %v, anonymous %v", n, author, anon)
	}

	// It closes by itself; a vote after that is refused; the tally counts the last vote.
	clock.Set(closes.Add(time.Minute))
	resident, officer = a.refresh(t, resident), a.refresh(t, officer)
	a.mutate(t, resident.AccessToken, vote, map[string]any{"id": id, "o": "FOR"}, &vp)
	if vp.Ok {
		t.Fatal("a vote after closing counted")
	}
	waitFor(t, "the hearing to close", func() bool {
		var h struct{ Status string }
		a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { status } }`, map[string]any{"id": id}, &h)
		return h.Status == "CLOSED"
	})
	// A ballot opened again shows the answer that counts, to its voter only.
	var mine struct {
		MyVotes []struct {
			Question int
			Option   string
		}
	}
	a.mutate(t, resident.AccessToken, `query($id: ID!) { hearing(id: $id) { myVotes { question option castAt changes } } }`, map[string]any{"id": id}, &mine)
	if len(mine.MyVotes) != 1 || mine.MyVotes[0].Question != 0 || mine.MyVotes[0].Option != "AGAINST" {
		t.Errorf("the resident's own vote: %+v", mine)
	}
	a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { myVotes { option } } }`, map[string]any{"id": id}, &mine)
	if len(mine.MyVotes) != 0 {
		t.Errorf("an anonymous viewer sees votes: %+v", mine)
	}
	var tally struct {
		Final     bool
		Questions []struct{ For, Against, Abstain int }
		Voters    int
	}
	a.mutate(t, "", `query($id: ID!) { hearingTally(id: $id) { final questions { for against abstain } voters eligible } }`, map[string]any{"id": id}, &tally)
	if !tally.Final || tally.Voters != 1 || len(tally.Questions) != 1 || tally.Questions[0].For != 0 || tally.Questions[0].Against != 1 {
		t.Fatalf("tally: %+v", tally)
	}
	a.mutate(t, officer.AccessToken, `mutation($id: ID!) { recommendProposal(id: $id, verdict: ADVISABLE, reasoning: "Дворы требуют ремонта по итогам обследования") { proposal { id status supports } userErrors { code } } }`, map[string]any{"id": prop}, &pp)
	if len(pp.UserErrors) > 0 {
		t.Fatalf("recommend: %+v", pp.UserErrors)
	}
	// The recommendation is part of the results: hidden from the public
	// until they are published, then shown with its reasoning.
	recs := func(token string) (string, string) {
		t.Helper()
		var props []struct{ Recommendation, RecommendationReasoning *string }
		a.mutate(t, token, `query($id: ID!) { hearingProposals(id: $id) { recommendation recommendationReasoning } }`, map[string]any{"id": id}, &props)
		if len(props) != 1 {
			t.Fatalf("proposals: %+v", props)
		}
		return deref(props[0].Recommendation), deref(props[0].RecommendationReasoning)
	}
	if v, why := recs(""); v != "" || why != "" {
		t.Errorf("the public sees the recommendation before the results: %s %s", v, why)
	}
	if v, _ := recs(officer.AccessToken); v != "ADVISABLE" {
		t.Errorf("the organiser does not see his recommendation: %q", v)
	}
	if st, ue := hp(officer.AccessToken, `mutation($id: ID!) { publishHearingResults(id: $id, conclusion: "Проект бюджета одобрить с учётом предложений") { hearing { status protocolId } userErrors { field code } } }`,
		map[string]any{"id": id}); st != "RESULTS_PUBLISHED" {
		t.Fatalf("publish: %s %+v", st, ue)
	}
	if v, why := recs(""); v != "ADVISABLE" || !strings.Contains(why, "Дворы требуют ремонта") {
		t.Errorf("the published results lack the recommendation: %q %q", v, why)
	}
	// The protocol is signed: anyone verifies it by its SHA-256; a changed one does not verify.
	var sum string
	if err := a.db.NewSelect().TableExpr("hearings").Column("protocol_sha256").Where("id = ?", id).Scan(ctx, &sum); err != nil || len(sum) != 64 {
		t.Fatalf("protocol hash %q: %v", sum, err)
	}
	// Anyone reads the protocol as signed; its hash is the one to verify.
	var pub struct {
		Protocol *struct{ Content, Sha256 string }
	}
	a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { protocol { content sha256 publishedAt } } }`, map[string]any{"id": id}, &pub)
	if pub.Protocol == nil || pub.Protocol.Sha256 != sum || fmt.Sprintf("%x", sha256.Sum256([]byte(pub.Protocol.Content))) != sum ||
		!strings.Contains(pub.Protocol.Content, "Дворы требуют ремонта") {
		t.Fatalf("the public protocol: %+v (want sha256 %s)", pub.Protocol, sum)
	}
	verify := `query($h: String) { verifyDocument(hash: $h) { genuine documentType signedBy } }`
	var v struct {
		Genuine      bool
		DocumentType *string
		SignedBy     *string
	}
	a.mutate(t, "", verify, map[string]any{"h": sum}, &v)
	if !v.Genuine || deref(v.DocumentType) != "HEARING_PROTOCOL" || deref(v.SignedBy) != "municipality-92701000" {
		t.Fatalf("the protocol: %+v", v)
	}
	tampered := []byte(strings.Repeat("0", 63) + "1")
	a.mutate(t, "", verify, map[string]any{"h": string(tampered)}, &v)
	if v.Genuine {
		t.Error("an unknown protocol verified")
	}
	if _, err := a.db.NewUpdate().Table("hearings").Set("protocol_sha256 = ?", strings.Repeat("1", 64)).Where("id = ?", id).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	a.mutate(t, "", verify, map[string]any{"h": strings.Repeat("1", 64)}, &v)
	if v.Genuine {
		t.Error("a protocol whose content changed still verifies")
	}
}

func mustUnmarshal(t *testing.T, b []byte, dest any) {
	t.Helper()
	if err := json.Unmarshal(b, dest); err != nil {
		t.Fatal(err)
	}
}
