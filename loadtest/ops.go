package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/secret"
)

// The catalog's documents are the web app's own
// (web/src/features/catalog/catalog.graphql, as its generated client sends
// them); the rest are what the mobile apps ask on their fines, taxes,
// notifications, application and hearing screens.
const serviceCard = `fragment ServiceCard on Service { id name level mode minTier fee { kopecks formatted } department { id shortName } }`

var (
	opFacets = newOperation("CatalogFacets", `query CatalogFacets { categories { id code name audiences } lifeSituations { id code name description } departments { id name shortName level } }`)
	opList   = newOperation("CatalogServices", `query CatalogServices($filter: ServiceFilter!, $first: Int!, $after: String, $regionCode: String!, $withRegion: Boolean!) {
  services(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { ...ServiceCard availability(regionCode: $regionCode) @include(if: $withRegion) { regionCode available reason } } } } }
`+serviceCard)
	opPopular = newOperation("CatalogPopular", `query CatalogPopular($regionCode: String, $first: Int!) { popularServices(regionCode: $regionCode, first: $first) { ...ServiceCard } }
`+serviceCard)
	opService = newOperation("CatalogService", `query CatalogService($id: ID!, $regionCode: String!, $withRegion: Boolean!) {
  service(id: $id) { id code name description level mode audiences minTier excludesMailConfirmation forChildren
    fee { kopecks formatted } feeNote processingDays department { id name shortName } categories { id name }
    lifeSituations { id name } regions { id code name }
    availability(regionCode: $regionCode) @include(if: $withRegion) { regionCode available reason conditions } } }`)
	opFines = newOperation("Fines", `query Fines { fines(status: UNPAID) { fines { id uin decisionDate article description place photoRef document
  amountKopecks discountedAmountKopecks discountUntil amountDueKopecks status paidAt } checkedAt stale unavailableSources } }`)
	opTaxes = newOperation("TaxDebts", `query TaxDebts { taxDebts(status: UNPAID) { debts { id uin taxKind title period amountKopecks penaltyKopecks
  amountDueKopecks dueDate status paidAt } checkedAt stale unavailableSources } }`)
	opDocuments = newOperation("LookupDocuments", `query LookupDocuments { lookupDocuments { id kind number label } }`)
	opFeed      = newOperation("Feed", `query Feed($after: String) { unreadNotificationCount
  notifications(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind title body link createdAt read } } } }`)
	opUnread   = newOperation("UnreadCount", `query UnreadCount { unreadNotificationCount }`)
	opMarkRead = newOperation("MarkAllRead", `mutation MarkAllRead { markNotificationsRead(input: {all: true}) { updated unreadCount userErrors { field code message } } }`)
	opDraft    = newOperation("SaveDraft", `mutation SaveDraft($input: ApplicationDraftInput!) { saveApplicationDraft(input: $input) {
  application { id status serviceCode data branchCode } userErrors { field code message } } }`)
	opSubmit = newOperation("Submit", `mutation Submit($input: SubmitApplicationInput!) { submitApplication(input: $input) {
  application { id status } userErrors { field code message } } }`)
	opVote = newOperation("Vote", `mutation Vote($id: ID!, $choices: [VoteChoice!]!) { voteInHearing(id: $id, choices: $choices) { ok userErrors { field code message } } }`)
	// Set-up look-ups, not part of the mix.
	opIDs      = newOperation("CatalogIDs", `query CatalogIDs($filter: ServiceFilter!, $after: String) { services(filter: $filter, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`)
	opHearings = newOperation("OpenHearings", `query OpenHearings($oktmo: String) { hearings(municipalityOktmo: $oktmo, status: OPEN, first: 5) { edges { node { id municipalityOktmo } } } }`)
)

// searchTerms are what citizens type into the search box: whole words and,
// since the app searches while they type (debounced), their beginnings.
var searchTerms = []string{
	"штрафы", "штраф гибдд", "налог", "налоговая задолженность", "паспорт", "загранпаспорт", "пасп", "загранич пасп",
	"пособие", "пособие на ребёнка", "детский сад", "детск сад", "запись к врачу", "врач", "пенсия", "пенс",
	"регистрация по месту жительства", "регистрац", "прописка", "охотничий билет", "охот", "разрешение на строительство",
	"разреш строит", "субсидия", "субсидия на оплату жилья", "лицензия", "лиценз алкогол", "справка", "архивная справка",
	"материнский капитал", "безработица", "пособие по безработице", "земельный участок", "земельн", "такси",
	"выписка", "выписка из реестра", "водительское удостоверение", "водит", "регистрация автомобиля", "брак",
	"свидетельство о рождении", "рождение ребёнка", "ветеран труда", "многодетная семья", "многодет", "лагерь",
	"путёвка в лагерь", "егэ", "аттестат", "полис омс", "омс", "медицинская лицензия", "недра", "вырубка деревьев",
	"реклама", "земляные работы", "социальная карта", "тяжеловесные грузы", "парковка", "инн", "снилс",
	"жильё", "жилищный сертификат", "коммунальные услуги", "публичное мероприятие", "профобучение", "трудоустройство",
}

// kind is one kind of request in the mix and its share in thousandths.
type kind struct {
	name   string
	weight int
	group  string
}

// mix is the realistic mix of issue 8: catalog browsing and search 60%,
// fines and taxes 20%, the notification feed 10%, applications 5%, hearing
// votes 5%; within each, what the screens ask most.
var mix = []kind{
	{"catalog.list", 200, "catalog"},
	{"catalog.search", 180, "catalog"},
	{"catalog.service", 120, "catalog"},
	{"catalog.popular", 70, "catalog"},
	{"catalog.facets", 30, "catalog"},
	{"fines", 110, "statements"},
	{"taxes", 70, "statements"},
	{"lookup-documents", 20, "statements"},
	{"feed", 60, "notifications"},
	{"feed.unread", 30, "notifications"},
	{"feed.mark-read", 10, "notifications"},
	{"application.draft", 30, "applications"},
	{"application.submit", 20, "applications"},
	{"hearing.vote", 50, "hearings"},
}

// citizen is a seeded account the load acts as.
type citizen struct {
	n          int
	id         string
	session    string
	tier       string
	method     string
	oktmo      string
	regionCode string
}

// world is what the load knows before it starts: the seeded citizens, the
// places, ids of services and hearings as the server gave them out.
type world struct {
	keys       *secret.Keys
	tokenTTL   time.Duration
	all        []citizen // every seeded citizen
	standard   []citizen // STANDARD and CONFIRMED: fines, applications
	withINN    []citizen // of those, the ones whose INN is in the profile: taxes (the app asks for an INN first otherwise)
	voters     []citizen // CONFIRMED with an open hearing at home
	regions    []string
	serviceIDs []string
	hearings   map[string]string // hearing id by OKTMO
	branches   []string

	mu     sync.Mutex
	tokens map[string]string // access token by account id
	admin  citizen
}

// token mints c's access token with the server's keys, as a sign-in or a
// refresh would: the same claims, for c's seeded session (the server
// checks it is active on every request). It lives tokenTTL, longer than
// the server's 10 minutes, so a run needs no refreshes.
func (w *world) token(c citizen, roles ...string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t, ok := w.tokens[c.id]; ok {
		return t, nil
	}
	t, err := w.keys.SignAccess(secret.Claims{AccountID: c.id, SessionID: c.session, Tier: c.tier, Method: c.method, Roles: roles},
		time.Now(), w.tokenTTL)
	if err != nil {
		return "", err
	}
	w.tokens[c.id] = t
	return t, nil
}

// actor is one simulated client: its random source and what it remembers
// between requests (its drafts).
type actor struct {
	w      *world
	c      *gqlClient
	rnd    *rand.Rand
	drafts []draft
}

type draft struct {
	who citizen
	id  string
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// act sends one request of kind k and says how it went. Requests a kind
// cannot make (no voters seeded, say) fall back to a catalog page.
func (a *actor) act(ctx context.Context, k string) outcome {
	r := a.rnd
	switch k {
	case "catalog.list":
		region := pick(r, a.w.regions)
		filter := map[string]any{"regionCode": region, "audience": "INDIVIDUAL"}
		return a.c.query(ctx, opList, map[string]any{"filter": filter, "first": 20, "regionCode": region, "withRegion": true}, "")
	case "catalog.search":
		vars := map[string]any{"filter": map[string]any{"query": pick(r, searchTerms)}, "first": 20, "regionCode": "", "withRegion": false}
		if r.IntN(2) == 0 {
			region := pick(r, a.w.regions)
			vars["filter"].(map[string]any)["regionCode"] = region
			vars["regionCode"], vars["withRegion"] = region, true
		}
		return a.c.query(ctx, opList, vars, "")
	case "catalog.service":
		if len(a.w.serviceIDs) == 0 {
			return a.act(ctx, "catalog.list")
		}
		region := pick(r, a.w.regions)
		return a.c.query(ctx, opService, map[string]any{"id": pick(r, a.w.serviceIDs), "regionCode": region, "withRegion": true}, "")
	case "catalog.popular":
		return a.c.query(ctx, opPopular, map[string]any{"regionCode": pick(r, a.w.regions), "first": 10}, "")
	case "catalog.facets":
		return a.c.query(ctx, opFacets, map[string]any{}, "")
	case "fines", "taxes", "lookup-documents", "application.draft", "application.submit":
		if len(a.w.standard) == 0 || len(a.w.withINN) == 0 {
			return a.act(ctx, "catalog.list")
		}
	case "feed", "feed.unread", "feed.mark-read":
		if len(a.w.all) == 0 {
			return a.act(ctx, "catalog.list")
		}
	case "hearing.vote":
		if len(a.w.voters) == 0 {
			return a.act(ctx, "catalog.list")
		}
	}
	switch k {
	case "fines", "taxes", "lookup-documents":
		who := pick(r, a.w.standard)
		if k == "taxes" {
			who = pick(r, a.w.withINN)
		}
		op := map[string]operation{"fines": opFines, "taxes": opTaxes, "lookup-documents": opDocuments}[k]
		return a.as(who, func(t string) outcome { return a.c.query(ctx, op, map[string]any{}, t) })
	case "feed", "feed.unread", "feed.mark-read":
		who := pick(r, a.w.all)
		return a.as(who, func(t string) outcome {
			switch k {
			case "feed":
				return a.c.query(ctx, opFeed, map[string]any{"after": nil}, t)
			case "feed.unread":
				return a.c.query(ctx, opUnread, map[string]any{}, t)
			}
			return a.c.mutate(ctx, opMarkRead, map[string]any{}, t)
		})
	case "application.draft":
		return a.saveDraft(ctx)
	case "application.submit":
		if len(a.drafts) == 0 {
			return a.saveDraft(ctx)
		}
		d := a.drafts[0]
		a.drafts = a.drafts[1:]
		return a.as(d.who, func(t string) outcome {
			o := a.c.mutate(ctx, opSubmit, map[string]any{"input": map[string]any{"draftId": d.id, "idempotencyKey": uuid.NewString()}}, t)
			return userErrorsAsCode(o, "submitApplication")
		})
	case "hearing.vote":
		who := pick(r, a.w.voters)
		choices := []map[string]any{{"question": 0, "option": pick(r, []string{"FOR", "AGAINST", "ABSTAIN"})}}
		if r.IntN(2) == 0 {
			choices = append(choices, map[string]any{"question": 1 + r.IntN(2), "option": pick(r, []string{"FOR", "AGAINST", "ABSTAIN"})})
		}
		return a.as(who, func(t string) outcome {
			o := a.c.mutate(ctx, opVote, map[string]any{"id": a.w.hearings[who.oktmo], "choices": choices}, t)
			return userErrorsAsCode(o, "voteInHearing")
		})
	}
	return outcome{code: "UNKNOWN_KIND"}
}

func (a *actor) as(who citizen, f func(token string) outcome) outcome {
	t, err := a.w.token(who)
	if err != nil {
		return outcome{code: "TOKEN"}
	}
	return f(t)
}

// saveDraft starts an application for an INN (the one form without
// required documents) and remembers it for a later submission.
func (a *actor) saveDraft(ctx context.Context) outcome {
	who := pick(a.rnd, a.w.standard)
	in := map[string]any{"serviceCode": "inn", "applicant": "SELF", "fields": `{"delivery":"ELECTRONIC"}`}
	if len(a.w.branches) > 0 {
		in["branchCode"] = pick(a.rnd, a.w.branches)
	}
	return a.as(who, func(t string) outcome {
		o := a.c.mutate(ctx, opDraft, map[string]any{"input": in}, t)
		if o.code != "" {
			return o
		}
		var r struct {
			Data struct {
				SaveApplicationDraft struct {
					Application *struct{ ID string }
					UserErrors  []struct{ Code string }
				}
			}
		}
		if err := json.Unmarshal(o.body, &r); err != nil {
			o.code = "BAD_JSON"
			return o
		}
		p := r.Data.SaveApplicationDraft
		if len(p.UserErrors) > 0 {
			o.code = "USER_ERROR:" + p.UserErrors[0].Code
			return o
		}
		if p.Application != nil && len(a.drafts) < 50 {
			a.drafts = append(a.drafts, draft{who: who, id: p.Application.ID})
		}
		return o
	})
}

// userErrorsAsCode counts a payload's userErrors as an error of the load:
// the seeded data are meant to make every mutation valid.
func userErrorsAsCode(o outcome, field string) outcome {
	if o.code != "" || !strings.Contains(string(o.body), `"userErrors":[{`) {
		return o
	}
	var r struct {
		Data map[string]struct {
			UserErrors []struct{ Code string }
		}
	}
	if json.Unmarshal(o.body, &r) == nil && len(r.Data[field].UserErrors) > 0 {
		o.code = "USER_ERROR:" + r.Data[field].UserErrors[0].Code
	}
	return o
}

// discover asks the server for what the apps would have on screen before
// the requests of the mix: service ids from catalog pages, the open
// hearings of each seeded municipality.
func (w *world) discover(ctx context.Context, c *gqlClient) error {
	for _, region := range []string{"", "77", "16", "66", "50"} {
		var after any
		for range 10 {
			filter := map[string]any{}
			if region != "" {
				filter["regionCode"] = region
			}
			o := c.query(ctx, opIDs, map[string]any{"filter": filter, "after": after}, "")
			if o.code != "" {
				return fmt.Errorf("listing services: %s: %.300s", o.code, o.body)
			}
			var r struct {
				Data struct {
					Services struct {
						PageInfo struct {
							HasNextPage bool
							EndCursor   string
						}
						Edges []struct{ Node struct{ ID string } }
					}
				}
			}
			if err := json.Unmarshal(o.body, &r); err != nil {
				return err
			}
			for _, e := range r.Data.Services.Edges {
				w.serviceIDs = append(w.serviceIDs, e.Node.ID)
			}
			if !r.Data.Services.PageInfo.HasNextPage {
				break
			}
			after = r.Data.Services.PageInfo.EndCursor
		}
	}
	w.hearings = map[string]string{}
	o := c.query(ctx, opHearings, map[string]any{"oktmo": nil}, "")
	if o.code != "" {
		return fmt.Errorf("listing hearings: %s: %.300s", o.code, o.body)
	}
	oktmos := map[string]bool{}
	for _, c := range w.all {
		if c.oktmo != "" {
			oktmos[c.oktmo] = true
		}
	}
	for oktmo := range oktmos {
		o := c.query(ctx, opHearings, map[string]any{"oktmo": oktmo}, "")
		var r struct {
			Data struct {
				Hearings struct {
					Edges []struct {
						Node struct{ ID, MunicipalityOktmo string }
					}
				}
			}
		}
		if o.code != "" || json.Unmarshal(o.body, &r) != nil {
			return fmt.Errorf("listing hearings of %s: %s: %.300s", oktmo, o.code, o.body)
		}
		if len(r.Data.Hearings.Edges) > 0 {
			w.hearings[oktmo] = r.Data.Hearings.Edges[0].Node.ID
		}
	}
	for _, c := range w.all {
		if c.tier == "CONFIRMED" && w.hearings[c.oktmo] != "" {
			w.voters = append(w.voters, c)
		}
	}
	return nil
}
