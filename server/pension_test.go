package main

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency/agencytest"
)

// TestPensionStatement: a request goes to the pension fund by a job, a
// later job collects the answer, and the statement is in the citizen's
// documents with a notification; a second request while one waits is the
// same request.
func TestPensionStatement(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	simple := a.registerPhone(t, "+79120000021", seen)
	r := a.postAuth(t, simple.AccessToken, `mutation { requestPensionStatement { request { id } } }`, nil)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("a SIMPLIFIED account asked for a statement: %s", r.Data)
	}
	s := verified(t, a, clock, "+79123456789", "112233445", seen)

	type request struct {
		ID, Status string
		DocumentID *string
		Statement  *struct {
			InsuranceYears int
			Ipk            string
			Contributions  []struct {
				Year          int
				EmployerName  string
				AmountKopecks int64
			}
		}
	}
	var p struct {
		Request    *request
		UserErrors []userErr
	}
	const ask = `mutation { requestPensionStatement { request { id status } userErrors { field code } } }`
	a.mutate(t, s.AccessToken, ask, nil, &p)
	if p.Request == nil || p.Request.Status != "PENDING" {
		t.Fatalf("request: %+v", p)
	}
	first := p.Request.ID
	a.mutate(t, s.AccessToken, ask, nil, &p)
	if p.Request == nil || p.Request.ID != first {
		t.Fatalf("a second request while one waits: %+v", p)
	}
	waitFor(t, "the request sent to SFR", func() bool {
		var ticket string
		_ = a.db.NewSelect().TableExpr("pension_requests").Column("ticket").Where("id = ?", first).Scan(context.Background(), &ticket)
		return ticket != ""
	})
	// SFR answers after its latency; the next poll collects the statement.
	clock.Advance(5 * time.Minute)
	s = a.refresh(t, s)
	var list []request
	waitFor(t, "the statement", func() bool {
		a.mutate(t, s.AccessToken, `{ pensionStatements { id status documentId statement { insuranceYears ipk contributions { year employerName amountKopecks } } } }`, nil, &list)
		return len(list) == 1 && list[0].Status == "READY"
	})
	st := list[0].Statement
	if st == nil || list[0].DocumentID == nil || len(st.Contributions) == 0 || !regexp.MustCompile(`^\d+\.\d{3}$`).MatchString(st.Ipk) {
		t.Fatalf("statement: %+v", list[0])
	}
	// The statement is among the citizen's documents, and only his.
	var docs struct {
		TotalCount int
		Edges      []struct {
			Node struct{ ID, Kind, Data string }
		}
	}
	a.mutate(t, s.AccessToken, `{ documents(kind: PENSION_STATEMENT) { totalCount edges { node { id kind data } } } }`, nil, &docs)
	if docs.TotalCount != 1 || docs.Edges[0].Node.ID != *list[0].DocumentID || !regexp.MustCompile(`"ipk":\d+`).MatchString(docs.Edges[0].Node.Data) {
		t.Fatalf("documents: %+v", docs)
	}
	r = a.postAuth(t, simple.AccessToken, `query($id: ID!) { document(id: $id) { id } }`, map[string]any{"id": docs.Edges[0].Node.ID})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Fatalf("another's document: %s", r.Data)
	}
	n, err := a.db.NewSelect().TableExpr("notifications").Where("kind = 'PENSION_STATEMENT_READY'").Count(context.Background())
	if err != nil || n != 1 {
		t.Errorf("%d notifications (%v), want 1", n, err)
	}
}
