package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/hearing"
)

const (
	kazan     = "92701000" // region 16
	chelny    = "92730000" // Naberezhnye Chelny, region 16
	quarter12 = "16:50:010101"
)

// citizenOf registers a citizen whose registered address is in oktmo,
// walks the verification of his personal data to success and confirms his
// identity in person: a CONFIRMED account with a verified address there.
func citizenOf(t *testing.T, a *testApp, clock *agencytest.Clock, phone, snilsBody, region, oktmo string, seen map[string]bool) authSession {
	t.Helper()
	s := a.registerPhone(t, phone, seen)
	in := personalInput(snilsBody, "123456")
	in["address"] = map[string]any{"regionCode": region, "municipalityOktmo": oktmo, "street": "ул. Мира, д. 3"}
	var p struct {
		Verification *struct{ ID string }
		UserErrors   []userErr
	}
	a.mutate(t, s.AccessToken, personalDataMutation, map[string]any{"in": in}, &p)
	if p.Verification == nil {
		t.Fatalf("submit: %+v", p.UserErrors)
	}
	status := func() (string, []string) {
		var d struct {
			Verification struct {
				Status string
				Checks []struct{ State string }
			}
		}
		_ = json.Unmarshal(a.postAuth(t, s.AccessToken, `{ verification { status checks { state } } }`, nil).Data, &d)
		var states []string
		for _, c := range d.Verification.Checks {
			states = append(states, c.State)
		}
		return d.Verification.Status, states
	}
	waitFor(t, "the checks to be sent", func() bool {
		_, st := status()
		return len(st) == 2 && st[0] == "PENDING" && st[1] == "PENDING"
	})
	clock.Advance(3 * time.Minute)
	waitFor(t, "the verification", func() bool { st, _ := status(); return st == "SUCCEEDED" })
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	return a.refresh(t, s)
}

// officerOf registers a MUNICIPAL_OFFICER of oktmo.
func officerOf(t *testing.T, a *testApp, phone, oktmo string, seen map[string]bool) authSession {
	t.Helper()
	s := a.registerPhone(t, phone, seen)
	admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	if err := a.accounts.GrantRole(context.Background(), admin, localID(t, s.Account.ID),
		account.RoleGrant{Role: account.RoleMunicipalOfficer, Scope: oktmo, Reason: "организатор слушаний"}, account.Client{}); err != nil {
		t.Fatal(err)
	}
	return a.refresh(t, s)
}

// postLang sends a request with a token and an Accept-Language.
func (a *testApp) postLang(t *testing.T, token, lang, q string, vars map[string]any) *gqlResponse {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", lang)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.do(t, req)
}

// hearingInput is a hearing in Kazan opening at opens for an hour, with
// one material to upload at in.materials.0.
func hearingInput(subject, title string, opens time.Time) map[string]any {
	return map[string]any{"municipalityOktmo": kazan, "title": title, "subject": subject,
		"description": "Проект вынесен на публичные слушания", "territory": "Квартал 12, между улицами Баумана и Пушкина",
		"organiser": "Исполнительный комитет г. Казани", "opensAt": opens.Format(time.RFC3339), "closesAt": opens.Add(time.Hour).Format(time.RFC3339),
		"meetingAt": opens.Add(30 * time.Minute).Format(time.RFC3339), "meetingPlace": "г. Казань, ул. Кремлёвская, д. 1", "materials": []any{nil}}
}

// openHearing creates a hearing from in with material as its material,
// announces it and returns its id; it opens at its opensAt by itself.
func openHearing(t *testing.T, a *testApp, officer authSession, in map[string]any, material []byte) string {
	t.Helper()
	r := a.multipart(t, officer.AccessToken, `mutation($in: HearingInput!) { createHearing(input: $in) { hearing { id status } userErrors { field code message } } }`,
		map[string]any{"in": in}, []upload{{path: "in.materials.0", name: "проект.png", data: material}})
	var created struct {
		CreateHearing struct {
			Hearing    *struct{ ID, Status string }
			UserErrors []userErr
		}
	}
	mustUnmarshal(t, r.Data, &created)
	if len(r.Errors) > 0 || created.CreateHearing.Hearing == nil {
		t.Fatalf("create: %s %+v", r.Data, r.Errors)
	}
	id := created.CreateHearing.Hearing.ID
	var p struct {
		Hearing    *struct{ Status string }
		UserErrors []userErr
	}
	a.mutate(t, officer.AccessToken, `mutation($id: ID!) { announceHearing(id: $id) { hearing { status } userErrors { field code } } }`, map[string]any{"id": id}, &p)
	if p.Hearing == nil || p.Hearing.Status != "ANNOUNCED" {
		t.Fatalf("announce: %+v", p)
	}
	return id
}

func waitStatus(t *testing.T, a *testApp, id, want string) {
	t.Helper()
	waitFor(t, "the hearing to be "+want, func() bool {
		var h struct{ Status string }
		a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { status } }`, map[string]any{"id": id}, &h)
		return h.Status == want
	})
}

type eligibilityView struct {
	Allowed bool
	Reason  *string
	Message *string
}

func eligibility(t *testing.T, a *testApp, token, lang, id string) eligibilityView {
	t.Helper()
	r := a.postLang(t, token, lang, `query($id: ID!) { hearingEligibility(id: $id) { allowed reason message } }`, map[string]any{"id": id})
	var d struct{ HearingEligibility eligibilityView }
	if len(r.Errors) > 0 {
		t.Fatalf("eligibility: %+v", r.Errors)
	}
	mustUnmarshal(t, r.Data, &d)
	return d.HearingEligibility
}

const voteFor = `mutation($id: ID!) { voteInHearing(id: $id, choices: [{question: 0, option: FOR}]) { ok userErrors { field code message } } }`

type voteView struct {
	Ok         bool
	UserErrors []userErr
}

// liveTally is the organiser's count now: voters and FOR on the project.
func liveTally(t *testing.T, a *testApp, officer authSession, id string) (voters, forProject int) {
	t.Helper()
	var tl struct {
		Voters    int
		Questions []struct{ For int }
	}
	a.mutate(t, officer.AccessToken, `query($id: ID!) { hearingTally(id: $id) { voters questions { for } } }`, map[string]any{"id": id}, &tl)
	if len(tl.Questions) == 0 {
		t.Fatal("a tally without questions")
	}
	return tl.Voters, tl.Questions[0].For
}

// TestHearingLandUseRulesAdmitRightHolders: draft land-use and development
// rules for a quarter of Kazan. A citizen registered in Naberezhnye Chelny
// is told he holds no right there (NO_LAND_RIGHT) and his vote is refused;
// a right in another quarter changes nothing; once the officer records his
// right in the quarter from the registry, naming him by SNILS, he may take
// part, sees the hearing among his, and votes. A SNILS that does not check
// or that no account holds, or a holder named both ways or neither, is
// refused beside its field and records nothing.
func TestHearingLandUseRulesAdmitRightHolders(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	owner := citizenOf(t, a, clock, "+79120000071", "112233447", "16", chelny, seen)
	officer := officerOf(t, a, "+79120000072", kazan, seen)

	in := hearingInput("LAND_USE_RULES", "Изменения в правила землепользования и застройки: квартал 12", clock.Now().Add(time.Hour))
	in["territoryQuarters"] = []string{quarter12}
	id := openHearing(t, a, officer, in, pngScan(t, 20))
	var h struct {
		Subject           string
		TerritoryQuarters []string
	}
	a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { subject territoryQuarters } }`, map[string]any{"id": id}, &h)
	if h.Subject != "LAND_USE_RULES" || len(h.TerritoryQuarters) != 1 || h.TerritoryQuarters[0] != quarter12 {
		t.Fatalf("the hearing as published: %+v", h)
	}

	clock.Set(clock.Now().Add(time.Hour + time.Minute))
	owner, officer = a.refresh(t, owner), a.refresh(t, officer)
	waitStatus(t, a, id, "OPEN")

	refused := func(t *testing.T) {
		t.Helper()
		e := eligibility(t, a, owner.AccessToken, "ru", id)
		if e.Allowed || deref(e.Reason) != "NO_LAND_RIGHT" || deref(e.Message) != hearing.ReasonNoLandRight.Ru() {
			t.Fatalf("eligibility: %+v", e)
		}
		if en := eligibility(t, a, owner.AccessToken, "en", id); deref(en.Message) != hearing.ReasonNoLandRight.En() {
			t.Errorf("in English: %q", deref(en.Message))
		}
		var v voteView
		a.mutate(t, owner.AccessToken, voteFor, map[string]any{"id": id}, &v)
		if v.Ok || len(v.UserErrors) != 1 || v.UserErrors[0].Code != "NO_LAND_RIGHT" || v.UserErrors[0].Message != hearing.ReasonNoLandRight.Ru() {
			t.Fatalf("the vote: %+v", v)
		}
		if voters, _ := liveTally(t, a, officer, id); voters != 0 {
			t.Fatalf("a refused vote counted: %d voters", voters)
		}
	}
	land := `mutation($in: LandRightInput!) { recordLandRight(input: $in) { ok userErrors { field code message } } }`
	// record records a right to cadastral for the holder, named by
	// accountId, snils or both.
	record := func(holder map[string]any, cadastral string) (bool, []userErr) {
		t.Helper()
		in := map[string]any{"municipalityOktmo": kazan, "kind": "LAND", "cadastralNumber": cadastral, "registryRecord": cadastral + "-16/001/2024-1"}
		for k, v := range holder {
			in[k] = v
		}
		var p struct {
			Ok         bool
			UserErrors []userErr
		}
		a.mutate(t, officer.AccessToken, land, map[string]any{"in": in}, &p)
		return p.Ok, p.UserErrors
	}
	right := func(holder map[string]any, cadastral string) {
		t.Helper()
		if ok, ue := record(holder, cadastral); !ok {
			t.Fatalf("record %s: %+v", cadastral, ue)
		}
	}
	rights := func() int {
		t.Helper()
		var n int
		if err := a.db.NewSelect().TableExpr("hearing_land_rights").ColumnExpr("COUNT(*)").Scan(context.Background(), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The registry names him by SNILS, spelt as on his certificate.
	snils := agencytest.SNILS("112233447")
	snils = snils[:3] + "-" + snils[3:6] + "-" + snils[6:9] + " " + snils[9:]

	t.Run("a resident elsewhere without a right is told why", refused)
	t.Run("a right outside the territory does not admit him", func(t *testing.T) {
		right(map[string]any{"accountId": owner.Account.ID}, "16:50:020202:7")
		refused(t)
	})
	t.Run("a holder by SNILS: one of account and SNILS, a SNILS that checks and has an account", func(t *testing.T) {
		before := rights()
		for _, c := range []struct {
			name        string
			holder      map[string]any
			field, code string
		}{
			{"neither", map[string]any{}, "accountId", "INVALID"},
			{"an empty account and no SNILS", map[string]any{"accountId": "", "snils": nil}, "accountId", "INVALID"},
			{"both", map[string]any{"accountId": owner.Account.ID, "snils": snils}, "accountId", "INVALID"},
			{"a SNILS whose check number is wrong", map[string]any{"snils": "112-233-447 00"}, "snils", "INVALID"},
			{"a SNILS no account holds", map[string]any{"snils": agencytest.SNILS("998877665")}, "snils", "NOT_FOUND"},
		} {
			ok, ue := record(c.holder, quarter12+":123")
			if ok || len(ue) != 1 || ue[0].Field != c.field || ue[0].Code != c.code || ue[0].Message == "" {
				t.Errorf("%s: %v %+v", c.name, ok, ue)
			}
		}
		if ok, ue := record(map[string]any{"snils": agencytest.SNILS("998877665")}, quarter12+":123"); ok || len(ue) != 1 ||
			ue[0].Message != "Нет учётной записи с таким СНИЛС" {
			t.Errorf("the message of an unknown SNILS: %+v", ue)
		}
		if n := rights(); n != before {
			t.Errorf("%d rights recorded, %d before", n, before)
		}
		refused(t)
	})
	t.Run("a right in the territory, recorded by SNILS, does", func(t *testing.T) {
		right(map[string]any{"snils": snils}, quarter12+":123")
		if e := eligibility(t, a, owner.AccessToken, "ru", id); !e.Allowed || e.Reason != nil {
			t.Fatalf("eligibility: %+v", e)
		}
		var mine []struct{ ID string }
		a.mutate(t, owner.AccessToken, `{ myHearings { id } }`, nil, &mine)
		if len(mine) != 1 || mine[0].ID != id {
			t.Errorf("myHearings: %+v", mine)
		}
		var v voteView
		a.mutate(t, owner.AccessToken, voteFor, map[string]any{"id": id}, &v)
		if !v.Ok {
			t.Fatalf("the vote: %+v", v)
		}
		if voters, forProject := liveTally(t, a, officer, id); voters != 1 || forProject != 1 {
			t.Errorf("tally: %d voters, %d for", voters, forProject)
		}
	})
}

// TestHearingRefusalsSayWhy: a budget hearing in Kazan. A CONFIRMED citizen
// of Naberezhnye Chelny (OTHER_MUNICIPALITY) and a CONFIRMED one of Kazan
// who has just moved and whose new address is still being verified
// (ADDRESS_NOT_VERIFIED) are told why by hearingEligibility, and their
// votes are refused with that reason and count for nothing; a verified
// resident's vote counts. The public list pages by cursor.
func TestHearingRefusalsSayWhy(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	stranger := citizenOf(t, a, clock, "+79120000081", "112233448", "16", chelny, seen)
	mover := citizenOf(t, a, clock, "+79120000082", "112233449", "16", kazan, seen)
	resident := citizenOf(t, a, clock, "+79120000083", "112233450", "16", kazan, seen)
	officer := officerOf(t, a, "+79120000084", kazan, seen)

	opens := clock.Now().Add(time.Hour)
	id := openHearing(t, a, officer, hearingInput("BUDGET_DRAFT", "Проект бюджета г. Казани на 2027 год", opens), pngScan(t, 30))
	report := openHearing(t, a, officer, hearingInput("BUDGET_REPORT", "Отчёт об исполнении бюджета г. Казани за 2025 год", opens.Add(time.Minute)), pngScan(t, 31))
	clock.Set(opens.Add(2 * time.Minute))
	stranger, mover, resident, officer = a.refresh(t, stranger), a.refresh(t, mover), a.refresh(t, resident), a.refresh(t, officer)
	waitStatus(t, a, id, "OPEN")

	// He moves within Kazan: his new address is verified anew, and until
	// the agencies answer (the clock stays put) it is not verified.
	in := personalInput("112233449", "123456")
	in["address"] = map[string]any{"regionCode": "16", "municipalityOktmo": kazan, "street": "ул. Пушкина, д. 10"}
	var p struct{ UserErrors []userErr }
	a.mutate(t, mover.AccessToken, personalDataMutation, map[string]any{"in": in}, &p)
	if len(p.UserErrors) > 0 {
		t.Fatal(p.UserErrors)
	}

	for _, c := range []struct {
		name   string
		who    authSession
		reason hearing.Reason
	}{
		{"a confirmed citizen of another municipality", stranger, hearing.ReasonOtherMunicipality},
		{"a confirmed citizen whose address is not verified", mover, hearing.ReasonAddressNotVerified},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := eligibility(t, a, c.who.AccessToken, "ru", id)
			if e.Allowed || deref(e.Reason) != string(c.reason) || deref(e.Message) != c.reason.Ru() {
				t.Errorf("eligibility: %+v", e)
			}
			if en := eligibility(t, a, c.who.AccessToken, "en", id); deref(en.Message) != c.reason.En() {
				t.Errorf("in English: %q", deref(en.Message))
			}
			var v voteView
			a.mutate(t, c.who.AccessToken, voteFor, map[string]any{"id": id}, &v)
			if v.Ok || len(v.UserErrors) != 1 || v.UserErrors[0].Code != string(c.reason) || v.UserErrors[0].Message != c.reason.Ru() {
				t.Errorf("the vote: %+v", v)
			}
			var mine []struct{ ID string }
			a.mutate(t, c.who.AccessToken, `{ myHearings { id } }`, nil, &mine)
			if len(mine) != 0 {
				t.Errorf("myHearings lists %d", len(mine))
			}
		})
	}
	t.Run("the refused changed nothing; a resident's vote counts", func(t *testing.T) {
		if voters, _ := liveTally(t, a, officer, id); voters != 0 {
			t.Fatalf("%d voters before any allowed vote", voters)
		}
		var v voteView
		a.mutate(t, resident.AccessToken, voteFor, map[string]any{"id": id}, &v)
		if !v.Ok {
			t.Fatalf("the resident's vote: %+v", v)
		}
		if voters, forProject := liveTally(t, a, officer, id); voters != 1 || forProject != 1 {
			t.Errorf("tally: %d voters, %d for", voters, forProject)
		}
		var parts struct{ TotalCount int }
		a.mutate(t, officer.AccessToken, `query($id: ID!) { hearingParticipants(id: $id) { totalCount } }`, map[string]any{"id": id}, &parts)
		if parts.TotalCount != 1 {
			t.Errorf("%d participants", parts.TotalCount)
		}
	})
	t.Run("the public list pages by cursor", func(t *testing.T) {
		type page struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage, HasPreviousPage bool
				EndCursor                    *string
			}
			Edges []struct{ Node struct{ ID string } }
		}
		q := `query($after: String) { hearings(municipalityOktmo: "92701000", first: 1, after: $after) {
			totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }`
		var first, second page
		a.mutate(t, "", q, map[string]any{"after": nil}, &first)
		if first.TotalCount != 2 || len(first.Edges) != 1 || first.Edges[0].Node.ID != report || !first.PageInfo.HasNextPage || first.PageInfo.HasPreviousPage {
			t.Fatalf("the first page (latest opening first): %+v", first)
		}
		a.mutate(t, "", q, map[string]any{"after": deref(first.PageInfo.EndCursor)}, &second)
		if second.TotalCount != 2 || len(second.Edges) != 1 || second.Edges[0].Node.ID != id || second.PageInfo.HasNextPage || !second.PageInfo.HasPreviousPage {
			t.Fatalf("the second page: %+v", second)
		}
		r := a.postAuth(t, "", q, map[string]any{"after": "not-a-cursor"})
		if r.code(0) != "BAD_USER_INPUT" || r.Errors[0].Extensions["reason"] != "BAD_CURSOR" {
			t.Errorf("a bad cursor: %+v", r.Errors)
		}
	})
}

// TestHearingOpensAndClosesOnceWithTwoWorkers: two worker processes on the
// same database and Redis, and each job delivered twice more as if the
// outbox had re-delivered it: the hearing opens once (one notice pushed to
// the municipality's FCM topic, one OPEN stage) and closes once (one
// CLOSED stage), both by its schedule.
func TestHearingOpensAndClosesOnceWithTwoWorkers(t *testing.T) {
	fake, sender := fakeFCM(t)
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1; c.pushSender = sender }, clock.Now)
	// The officer first: his SMS code is read from the first worker's
	// simulated gateway.
	officer := officerOf(t, a, "+79120000091", kazan, map[string]bool{})
	cfg := a.App.cfg
	cfg.Role = "worker"
	b, err := newApp(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.worker.start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.worker.stop(); b.Close() })

	opens := clock.Now().Add(time.Hour)
	title := "Стратегия социально-экономического развития г. Казани до 2036 года"
	id := openHearing(t, a, officer, hearingInput("DEVELOPMENT_STRATEGY", title, opens), pngScan(t, 50))

	queue := asynq.NewClient(a.App.redis.opt)
	t.Cleanup(func() { queue.Close() })
	inspector := asynq.NewInspector(a.App.redis.opt)
	t.Cleanup(func() { inspector.Close() })
	// redeliver enqueues the hearing's job of typ twice more under ids of
	// their own (as the relay does when it finds a task lost), and waits
	// until every copy has run.
	redeliver := func(typ string) {
		t.Helper()
		var rows []struct {
			ID      string `bun:"id"`
			Payload []byte `bun:"payload"`
		}
		if err := a.db.NewSelect().TableExpr("outbox").Column("id", "payload").Where("type = ?", typ).Scan(context.Background(), &rows); err != nil || len(rows) != 1 {
			t.Fatalf("%d %s rows: %v", len(rows), typ, err)
		}
		var ids []string
		for i := range 2 {
			taskID := rows[0].ID + "-again-" + strconv.Itoa(i)
			if _, err := queue.Enqueue(asynq.NewTask(typ, rows[0].Payload), asynq.TaskID(taskID), asynq.Queue("critical"),
				asynq.Retention(time.Hour)); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, taskID)
		}
		waitFor(t, "every copy of "+typ+" to run", func() bool {
			for _, id := range ids {
				info, err := inspector.GetTaskInfo("critical", id)
				if err != nil || info.State != asynq.TaskStateCompleted {
					return false
				}
			}
			var done int
			_ = a.db.NewSelect().TableExpr("outbox").ColumnExpr("COUNT(*)").Where("type = ? AND done_at IS NOT NULL", typ).Scan(context.Background(), &done)
			return done == 1
		})
	}

	clock.Set(opens.Add(time.Second))
	redeliver(hearing.TypeOpen)
	waitStatus(t, a, id, "OPEN")
	opened := "Открыты публичные слушания: " + title
	// The notice's push has its own job: wait for it, then for any second one.
	waitFor(t, "the opening pushed", func() bool {
		var news []struct {
			Title    string
			PushedAt *string
		}
		a.mutate(t, "", `{ news(municipalityOktmo: "92701000") { title pushedAt } }`, nil, &news)
		for _, n := range news {
			if n.Title == opened && n.PushedAt != nil {
				return true
			}
		}
		return false
	})
	waitFor(t, "every push job done", func() bool {
		var open int
		_ = a.db.NewSelect().TableExpr("outbox").ColumnExpr("COUNT(*)").Where("type = 'news:push' AND done_at IS NULL").Scan(context.Background(), &open)
		return open == 0
	})
	pushes := func(title string) int {
		n := 0
		for _, m := range fake.Messages() {
			if m.Topic == "municipality-"+kazan && m.Notification != nil && m.Notification.Title == title {
				n++
			}
		}
		return n
	}
	if n := pushes(opened); n != 1 {
		t.Errorf("the opening was pushed %d times", n)
	}
	if n := pushes("Публичные слушания: " + title); n != 1 {
		t.Errorf("the announcement was pushed %d times", n)
	}

	clock.Set(opens.Add(time.Hour + time.Second))
	redeliver(hearing.TypeClose)
	waitStatus(t, a, id, "CLOSED")

	var h struct {
		Stages []struct {
			Status    string
			At        time.Time
			Scheduled bool
		}
	}
	a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { stages { status at scheduled } } }`, map[string]any{"id": id}, &h)
	var got []string
	for _, s := range h.Stages {
		got = append(got, s.Status+" scheduled="+strconv.FormatBool(s.Scheduled))
	}
	want := []string{"DRAFT scheduled=false", "ANNOUNCED scheduled=false", "OPEN scheduled=true", "CLOSED scheduled=true"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("stages: %v, want %v", got, want)
	}
	if len(h.Stages) == 4 && (h.Stages[2].At.Before(opens) || h.Stages[3].At.Before(opens.Add(time.Hour))) {
		t.Errorf("opened %s and closed %s before their times", h.Stages[2].At, h.Stages[3].At)
	}
	var news []struct{ Title string }
	a.mutate(t, "", `{ news(municipalityOktmo: "92701000") { title } }`, nil, &news)
	if len(news) != 2 {
		t.Errorf("news: %+v, want the announcement and the opening", news)
	}
}

// download GETs a file link the API gave, without a token.
func download(t *testing.T, a *testApp, link string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(a.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func sha256Of(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

type fileView struct {
	Name, ContentType, URL string
	Size                   int
	Sha256                 *string
}

// TestHearingCommentsAndFileLinks: a hearing's material downloads through
// its short-lived link by anyone, and a changed or expired link does not;
// a participant comments on the project with a photo (and proposes with a
// scheme), the comment is published after moderation with its attachment
// downloadable by the public; a text file named .pdf is refused and stores
// nothing.
func TestHearingCommentsAndFileLinks(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	resident := citizenOf(t, a, clock, "+79120000101", "112233451", "16", kazan, seen)
	officer := officerOf(t, a, "+79120000102", kazan, seen)
	material := pngScan(t, 60)
	opens := clock.Now().Add(time.Hour)
	id := openHearing(t, a, officer, hearingInput("PLANNING_PROJECT", "Проект планировки территории квартала 12", opens), material)

	materials := func() []fileView {
		var h struct{ Materials []fileView }
		a.mutate(t, "", `query($id: ID!) { hearing(id: $id) { materials { name contentType size sha256 url } } }`, map[string]any{"id": id}, &h)
		if len(h.Materials) != 1 {
			t.Fatalf("materials: %+v", h.Materials)
		}
		return h.Materials
	}
	t.Run("the material downloads through its link", func(t *testing.T) {
		m := materials()[0]
		if m.ContentType != "image/png" || m.Size != len(material) || deref(m.Sha256) != sha256Of(material) || !strings.HasPrefix(m.URL, "/files?") {
			t.Fatalf("material: %+v", m)
		}
		status, body := download(t, a, m.URL)
		if status != http.StatusOK || !bytes.Equal(body, material) {
			t.Fatalf("GET %s: %d, %d bytes", m.URL, status, len(body))
		}
	})
	t.Run("a changed link does not", func(t *testing.T) {
		u, err := url.Parse(materials()[0].URL)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		exp, _ := strconv.ParseInt(q.Get("exp"), 10, 64)
		q.Set("exp", strconv.FormatInt(exp+24*3600, 10)) // a day longer
		if status, _ := download(t, a, "/files?"+q.Encode()); status != http.StatusForbidden {
			t.Errorf("a longer-lived forgery: %d", status)
		}
		q = u.Query()
		q.Set("key", "hearings/materials/other.png")
		if status, _ := download(t, a, "/files?"+q.Encode()); status != http.StatusForbidden {
			t.Errorf("another file under the signature: %d", status)
		}
	})
	t.Run("an expired link does not", func(t *testing.T) {
		link := materials()[0].URL
		clock.Advance(hearing.FileURLTTL + time.Second)
		if status, _ := download(t, a, link); status != http.StatusGone {
			t.Errorf("an expired link: %d", status)
		}
		if status, body := download(t, a, materials()[0].URL); status != http.StatusOK || !bytes.Equal(body, material) {
			t.Errorf("a fresh link: %d", status)
		}
	})

	clock.Set(opens.Add(time.Minute))
	resident, officer = a.refresh(t, resident), a.refresh(t, officer)
	waitStatus(t, a, id, "OPEN")

	propose := `mutation($in: ProposeInHearingInput!) { proposeInHearing(input: $in) {
		proposal { id kind status attachments { name contentType size sha256 url } } userErrors { field code message } } }`
	type proposalView struct {
		ID, Kind, Status string
		Attachments      []fileView
	}
	submit := func(kind, text string, files []upload) (*proposalView, []userErr) {
		t.Helper()
		in := map[string]any{"hearingId": id, "kind": kind, "text": text}
		if len(files) > 0 {
			in["attachments"] = make([]any, len(files))
		}
		r := a.multipart(t, resident.AccessToken, propose, map[string]any{"in": in}, files)
		if len(r.Errors) > 0 {
			t.Fatalf("propose: %+v", r.Errors)
		}
		var d struct {
			ProposeInHearing struct {
				Proposal   *proposalView
				UserErrors []userErr
			}
		}
		mustUnmarshal(t, r.Data, &d)
		return d.ProposeInHearing.Proposal, d.ProposeInHearing.UserErrors
	}
	photo := pngScan(t, 90)
	comments := func(token string) []proposalView {
		var ps []proposalView
		a.mutate(t, token, `query($id: ID!) { hearingProposals(id: $id, kind: COMMENT) { id kind status attachments { name contentType size sha256 url } } }`,
			map[string]any{"id": id}, &ps)
		return ps
	}

	var comment *proposalView
	t.Run("a comment with a photo waits for moderation", func(t *testing.T) {
		// A PNG named .jpg is a PNG: the bytes decide.
		c, ue := submit("COMMENT", "Во дворе дома 5 нет освещения, фото прилагаю", []upload{{path: "in.attachments.0", name: "двор.jpg", data: photo}})
		if c == nil || c.Kind != "COMMENT" || c.Status != "PENDING" || len(c.Attachments) != 1 || c.Attachments[0].ContentType != "image/png" ||
			deref(c.Attachments[0].Sha256) != sha256Of(photo) {
			t.Fatalf("comment: %+v %+v", c, ue)
		}
		comment = c
		if got := comments(""); len(got) != 0 {
			t.Errorf("the public sees %d pending comments", len(got))
		}
		if got := comments(resident.AccessToken); len(got) != 1 || got[0].Status != "PENDING" {
			t.Errorf("the author's view: %+v", got)
		}
	})
	if comment == nil {
		t.FailNow()
	}
	t.Run("published, the public reads it and downloads its photo", func(t *testing.T) {
		var mp struct {
			Proposal   *struct{ Status string }
			UserErrors []userErr
		}
		a.mutate(t, officer.AccessToken, `mutation($id: ID!) { moderateProposal(id: $id, publish: true) { proposal { status } userErrors { code } } }`,
			map[string]any{"id": comment.ID}, &mp)
		if mp.Proposal == nil || mp.Proposal.Status != "PUBLISHED" {
			t.Fatalf("moderate: %+v", mp)
		}
		got := comments("")
		if len(got) != 1 || got[0].ID != comment.ID || len(got[0].Attachments) != 1 {
			t.Fatalf("the public view: %+v", got)
		}
		if status, body := download(t, a, got[0].Attachments[0].URL); status != http.StatusOK || !bytes.Equal(body, photo) {
			t.Errorf("GET the photo: %d, %d bytes", status, len(body))
		}
		var sp struct{ UserErrors []userErr }
		a.mutate(t, resident.AccessToken, `mutation($id: ID!) { supportProposal(id: $id) { userErrors { code } } }`, map[string]any{"id": comment.ID}, &sp)
		if len(sp.UserErrors) != 1 || sp.UserErrors[0].Code != "NOT_PROPOSAL" {
			t.Errorf("a comment supported: %+v", sp)
		}
	})
	t.Run("a proposal carries a scheme", func(t *testing.T) {
		p, ue := submit("PROPOSAL", "Перенести парковку за школу, схема во вложении", []upload{{path: "in.attachments.0", name: "схема.png", data: pngScan(t, 120)}})
		if p == nil || p.Kind != "PROPOSAL" || len(p.Attachments) != 1 {
			t.Fatalf("proposal: %+v %+v", p, ue)
		}
	})
	t.Run("a text file named .pdf is refused and nothing is kept", func(t *testing.T) {
		var before int
		if err := a.db.NewSelect().TableExpr("hearing_proposals").ColumnExpr("COUNT(*)").Scan(context.Background(), &before); err != nil {
			t.Fatal(err)
		}
		p, ue := submit("COMMENT", "Подробности в файле", []upload{{path: "in.attachments.0", name: "замечания.pdf", data: []byte("просто текст, а не PDF")}})
		if p != nil || len(ue) != 1 || ue[0].Field != "attachments.0" || ue[0].Code != "UNSUPPORTED_TYPE" || ue[0].Message == "" {
			t.Fatalf("a forged PDF: %+v %+v", p, ue)
		}
		var after int
		if err := a.db.NewSelect().TableExpr("hearing_proposals").ColumnExpr("COUNT(*)").Scan(context.Background(), &after); err != nil || after != before {
			t.Errorf("%d proposals before, %d after (%v)", before, after, err)
		}
	})
	t.Run("an ineligible citizen's attachment is not kept", func(t *testing.T) {
		stranger := citizenOf(t, a, clock, "+79120000103", "112233452", "16", chelny, seen)
		r := a.multipart(t, stranger.AccessToken, propose, map[string]any{"in": map[string]any{"hearingId": id, "kind": "COMMENT",
			"text": "Я против", "attachments": []any{nil}}}, []upload{{path: "in.attachments.0", name: "фото.png", data: pngScan(t, 7)}})
		var d struct {
			ProposeInHearing struct{ UserErrors []userErr }
		}
		mustUnmarshal(t, r.Data, &d)
		if ue := d.ProposeInHearing.UserErrors; len(ue) != 1 || ue[0].Code != "NO_LAND_RIGHT" {
			t.Fatalf("a stranger's comment: %+v %+v", ue, r.Errors)
		}
		// Only the hearing's material and the two accepted attachments are stored.
		n := 0
		for _, dir := range []string{"hearings/materials", "hearings/attachments"} {
			n += countBlobs(t, a, dir)
		}
		if n != 3 {
			t.Errorf("%d files stored, want 3", n)
		}
	})
}

// countBlobs counts the files stored under a folder of the embedded
// default's blob store (DATA_DIR/blobs/objects).
func countBlobs(t *testing.T, a *testApp, dir string) int {
	t.Helper()
	if a.App.cfg.BlobURL != "" {
		t.Skip("the files are in an S3 store")
	}
	entries, err := os.ReadDir(filepath.Join(a.App.cfg.DataDir, "blobs", "objects", filepath.FromSlash(dir)))
	if errors.Is(err, fs.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}
