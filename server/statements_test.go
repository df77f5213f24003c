package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/charge"
)

type fineView struct {
	ID, UIN, Article, Status    string
	AmountKopecks               int64
	DiscountedAmountKopecks     *int64
	AmountDueKopecks            int64
	DiscountUntil, DecisionDate *string
	Document                    string
}

type fineList struct {
	Fines              []fineView
	CheckedAt          *string
	Stale              bool
	UnavailableSources []string
}

const finesQuery = `{ fines(status: ALL) { fines { id uin article status amountKopecks discountedAmountKopecks amountDueKopecks
	discountUntil decisionDate document } checkedAt stale unavailableSources } }`

func (a *testApp) fines(t *testing.T, token string) fineList {
	t.Helper()
	r := a.postAuth(t, token, finesQuery, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("fines: %+v", r.Errors)
	}
	var d struct{ Fines fineList }
	if err := json.Unmarshal(r.Data, &d); err != nil {
		t.Fatal(err)
	}
	return d.Fines
}

func addDocument(t *testing.T, a *testApp, token, kind, number string) []userErr {
	t.Helper()
	var p struct {
		Document   *struct{ Number string }
		UserErrors []userErr
	}
	a.mutate(t, token, `mutation($in: AddLookupDocumentInput!) { addLookupDocument(input: $in) { document { number } userErrors { field code message } } }`,
		map[string]any{"in": map[string]any{"kind": kind, "number": number}}, &p)
	return p.UserErrors
}

// TestFinesWithTheDiscount: a STANDARD citizen keeps his licence in the
// profile and sees its fines with the discount: half on day 20, the whole
// amount on day 21, by the server's clock; an old cache is served at once,
// marked stale, and refreshed in the background.
func TestFinesWithTheDiscount(t *testing.T) {
	// Noon Moscow time, so that day boundaries are clear of the test's steps.
	start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	clock := agencytest.NewClock(start)
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}

	// SIMPLIFIED accounts may not look.
	simple := a.registerPhone(t, "+79120000011", seen)
	r := a.postAuth(t, simple.AccessToken, finesQuery, nil)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("a SIMPLIFIED account saw fines: %s", r.Data)
	}

	s := verified(t, a, clock, "+79123456789", "112233445", seen)
	// Bad numbers say what to fix and change nothing.
	if ue := addDocument(t, a, s.AccessToken, "DRIVER_LICENCE", "99 12 34"); len(ue) != 1 || ue[0].Field != "number" {
		t.Fatalf("short licence: %+v", ue)
	}
	// A fresh discountable fine: decided within the last few days.
	gibdd := a.agencies.gibdd.(*agency.GIBDDSimulator)
	fine, ok := gibdd.FindFine(agency.FineByDriverLicence, func(f agency.Fine) bool {
		return !f.Paid && charge.Discountable(f.Article) && clock.Now().Sub(f.DecisionDate) < 5*24*time.Hour
	})
	if !ok {
		t.Fatal("no document with a fresh fine")
	}
	if ue := addDocument(t, a, s.AccessToken, "DRIVER_LICENCE", fine.Document.Number); len(ue) > 0 {
		t.Fatal(ue)
	}
	if ue := addDocument(t, a, s.AccessToken, "DRIVER_LICENCE", fine.Document.Number); len(ue) != 1 || ue[0].Code != "DUPLICATE" {
		t.Fatalf("a duplicate document: %+v", ue)
	}

	list := a.fines(t, s.AccessToken)
	var got *fineView
	for i := range list.Fines {
		if list.Fines[i].UIN == fine.UIN {
			got = &list.Fines[i]
		}
	}
	if got == nil || list.Stale || list.CheckedAt == nil || len(list.UnavailableSources) != 0 {
		t.Fatalf("fines: %+v, want %s", list, fine.UIN)
	}
	half := (fine.AmountKopecks + 1) / 2
	if got.AmountKopecks != fine.AmountKopecks || got.DiscountedAmountKopecks == nil || *got.DiscountedAmountKopecks != half || got.AmountDueKopecks != half {
		t.Fatalf("a fresh fine: %+v, want half of %d", got, fine.AmountKopecks)
	}

	// Day 20 after the decision (Moscow time): still half. The cache is old
	// now: served at once, marked stale.
	until := charge.DiscountUntil(fine.DecisionDate, nil)
	clock.Set(until.Add(-time.Hour))
	s = a.refresh(t, s) // the access token expired meanwhile
	list = a.fines(t, s.AccessToken)
	if !list.Stale || len(list.Fines) == 0 {
		t.Fatalf("an old cache not marked stale: %+v", list)
	}
	for _, f := range list.Fines {
		if f.UIN == fine.UIN && f.AmountDueKopecks != half {
			t.Errorf("day 20: due %d, want %d", f.AmountDueKopecks, half)
		}
	}
	waitFor(t, "the background refresh", func() bool { return !a.fines(t, s.AccessToken).Stale })

	// Day 21: the whole amount.
	clock.Set(until.Add(time.Hour))
	s = a.refresh(t, s)
	for _, f := range a.fines(t, s.AccessToken).Fines {
		if f.UIN == fine.UIN && (f.AmountDueKopecks != fine.AmountKopecks || f.DiscountedAmountKopecks != nil) {
			t.Errorf("day 21: %+v, want the whole %d", f, fine.AmountKopecks)
		}
	}
}

// TestFinesWhenTheAgencyIsDown: with nothing cached and GIBDD not
// answering, the look answers after the wait with GIBDD unavailable.
func TestFinesWhenTheAgencyIsDown(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1; c.StatementWait = 300 * time.Millisecond }, clock.Now)
	s := verified(t, a, clock, "+79123456789", "112233445", map[string]bool{})
	// Series 9999: GIBDD never answers for it.
	if ue := addDocument(t, a, s.AccessToken, "VEHICLE_CERTIFICATE", "9999 123456"); len(ue) > 0 {
		t.Fatal(ue)
	}
	began := time.Now()
	list := a.fines(t, s.AccessToken)
	if len(list.UnavailableSources) != 1 || list.UnavailableSources[0] != "GIBDD" || list.CheckedAt != nil {
		t.Fatalf("a hanging GIBDD: %+v", list)
	}
	if d := time.Since(began); d > 3*time.Second {
		t.Errorf("the look took %s; the wait is 300ms", d)
	}
	// Plates are normalised: Latin look-alikes become Cyrillic.
	var docs struct {
		LookupDocuments []struct{ Kind, Number string }
	}
	if ue := addDocument(t, a, s.AccessToken, "PLATE", "a123bc 77"); len(ue) > 0 {
		t.Fatal(ue)
	}
	a.mutate(t, s.AccessToken, `{ lookupDocuments { kind number } }`, nil, &docs.LookupDocuments)
	plates := 0
	for _, d := range docs.LookupDocuments {
		if d.Kind == "PLATE" && d.Number == "А123ВС77" {
			plates++
		}
	}
	if len(docs.LookupDocuments) != 2 || plates != 1 {
		t.Errorf("documents: %+v", docs.LookupDocuments)
	}
}

// TestTaxesProceedingsAndOwnership: the INN found by passport opens the tax
// debts; proceedings come by name and birth date; a charge is only its
// owner's: another citizen asking for it by node(id:) gets NOT_FOUND.
func TestTaxesProceedingsAndOwnership(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	s := verified(t, a, clock, "+79123456789", "112233445", seen)

	r := a.postAuth(t, s.AccessToken, `{ taxDebts { debts { uin } } }`, nil)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["reason"] != "NO_INN" {
		t.Fatalf("tax debts without an INN: %s %+v", r.Data, r.Errors)
	}
	findINN := `mutation($s: String!, $n: String!) { findMyInn(input: {passportSeries: $s, passportNumber: $n}) { inn found userErrors { field code } } }`
	var inn struct {
		Inn        *string
		Found      bool
		UserErrors []userErr
	}
	a.mutate(t, s.AccessToken, findINN, map[string]any{"s": "45", "n": "123456"}, &inn)
	if len(inn.UserErrors) != 1 || inn.UserErrors[0].Field != "passportSeries" {
		t.Fatalf("a short series: %+v", inn)
	}
	a.mutate(t, s.AccessToken, findINN, map[string]any{"s": "45 06", "n": "123456"}, &inn)
	if !inn.Found || inn.Inn == nil || len(*inn.Inn) != 12 {
		t.Fatalf("findMyInn: %+v", inn)
	}
	var taxes struct {
		TaxDebts struct {
			Debts []struct {
				ID, UIN, TaxKind, Status                        string
				AmountKopecks, PenaltyKopecks, AmountDueKopecks int64
			}
			CheckedAt *string
		}
	}
	a.mutate(t, s.AccessToken, `{ taxDebts(status: ALL) { debts { id uin taxKind status amountKopecks penaltyKopecks amountDueKopecks } checkedAt } }`, nil, &taxes.TaxDebts)
	if taxes.TaxDebts.CheckedAt == nil {
		t.Fatalf("tax debts not checked: %+v", taxes)
	}
	for _, d := range taxes.TaxDebts.Debts {
		if d.Status == "UNPAID" && d.AmountDueKopecks != d.AmountKopecks+d.PenaltyKopecks {
			t.Errorf("a debt's due %d is not its amount %d and penalty %d", d.AmountDueKopecks, d.AmountKopecks, d.PenaltyKopecks)
		}
	}
	var procs struct {
		CheckedAt          *string
		UnavailableSources []string
	}
	a.mutate(t, s.AccessToken, `{ enforcementProceedings(status: ALL) { proceedings { id number subject amountOwedKopecks bailiffOffice } checkedAt unavailableSources } }`, nil, &procs)
	if procs.CheckedAt == nil || len(procs.UnavailableSources) != 0 {
		t.Fatalf("proceedings: %+v", procs)
	}

	// A fine of s, asked for by its owner and by another citizen.
	gibdd := a.agencies.gibdd.(*agency.GIBDDSimulator)
	fine, ok := gibdd.FindFine(agency.FineByPlate, func(agency.Fine) bool { return true })
	if !ok {
		t.Fatal("no plate with a fine")
	}
	if ue := addDocument(t, a, s.AccessToken, "PLATE", fine.Document.Number); len(ue) > 0 {
		t.Fatal(ue)
	}
	list := a.fines(t, s.AccessToken)
	if len(list.Fines) == 0 {
		t.Fatalf("no fines for %s", fine.Document.Number)
	}
	id := list.Fines[0].ID
	nodeQ := `query($id: ID!) { node(id: $id) { ... on Fine { uin amountKopecks } } }`
	var own struct{ UIN string }
	a.mutate(t, s.AccessToken, nodeQ, map[string]any{"id": id}, &own)
	if own.UIN != list.Fines[0].UIN {
		t.Fatalf("the owner's node: %+v", own)
	}
	other := verified(t, a, clock, "+79123456790", "112233446", seen)
	r = a.postAuth(t, other.AccessToken, nodeQ, map[string]any{"id": id})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Fatalf("another's fine: %s %+v", r.Data, r.Errors)
	}
}

// TestTaxAccountNeedsAConfirmationNotByMail: the tax personal account opens
// to an identity confirmed in person, and not to STANDARD accounts or to
// one confirmed by registered mail.
func TestTaxAccountNeedsAConfirmationNotByMail(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	s := verified(t, a, clock, "+79123456789", "112233445", map[string]bool{})
	const q = `{ taxAccount { inn objects { kind name identifier address areaSqM cadastralValueKopecks enginePowerHp ownedSince } } }`
	r := a.postAuth(t, s.AccessToken, q, nil)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" || r.Errors[0].Extensions["requiredTier"] != "CONFIRMED" {
		t.Fatalf("a STANDARD account saw the tax account: %s %+v", r.Data, r.Errors)
	}
	var inn struct{ Found bool }
	a.mutate(t, s.AccessToken, `mutation { findMyInn(input: {passportSeries: "4506", passportNumber: "123456"}) { found } }`, nil, &inn)
	operator := account.Principal{AccountID: "operator", Roles: []account.Role{account.RoleOperator}}
	if _, err := a.accounts.ConfirmInPerson(context.Background(), operator, localID(t, s.Account.ID), "4506", "123456", account.Client{}); err != nil {
		t.Fatal(err)
	}
	s = a.refresh(t, s)
	var acc struct {
		INN     string
		Objects []struct{ Kind, Name, Identifier string }
	}
	a.mutate(t, s.AccessToken, q, nil, &acc)
	if !inn.Found || len(acc.INN) != 12 {
		t.Fatalf("the tax account: %+v (INN found %v)", acc, inn.Found)
	}
	// The same account confirmed by registered mail instead.
	if _, err := a.db.NewUpdate().Table("accounts").Set("method = 'REGISTERED_MAIL'").Where("id = ?", localID(t, s.Account.ID)).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	s = a.refresh(t, s)
	r = a.postAuth(t, s.AccessToken, q, nil)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" || r.Errors[0].Extensions["refusedMethod"] != "REGISTERED_MAIL" {
		t.Fatalf("a confirmation by mail opened the tax account: %s %+v", r.Data, r.Errors)
	}
}
