package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// TestNewFineNotifiedOnce: the hourly round finds a fine decided since the
// citizen last looked and tells him once, with a deep link to it, however
// many times the check runs; a citizen who unsubscribed hears nothing.
func TestNewFineNotifiedOnce(t *testing.T) {
	// A fine decided a few days ago; the test starts before it.
	probe := agency.NewGIBDDSimulator(time.Now, nil, agency.LookupOptions{})
	fine, ok := probe.FindFine(agency.FineByDriverLicence, func(f agency.Fine) bool {
		return time.Since(f.DecisionDate) < 5*24*time.Hour
	})
	if !ok {
		t.Fatal("no recent fine")
	}
	clock := agencytest.NewClock(fine.DecisionDate.Add(-48 * time.Hour))
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	s := verified(t, a, clock, "+79123456789", "112233445", seen)
	if ue := addDocument(t, a, s.AccessToken, "DRIVER_LICENCE", fine.Document.Number); len(ue) > 0 {
		t.Fatal(ue)
	}
	for _, f := range a.fines(t, s.AccessToken).Fines {
		if f.UIN == fine.UIN {
			t.Fatal("the fine is there before its decision")
		}
	}
	// Another citizen with the same licence, unsubscribed.
	quiet := verified(t, a, clock, "+79123456790", "112233446", seen)
	if ue := addDocument(t, a, quiet.AccessToken, "DRIVER_LICENCE", fine.Document.Number); len(ue) > 0 {
		t.Fatal(ue)
	}
	_ = a.fines(t, quiet.AccessToken)
	var sub struct{ Fines, Taxes bool }
	a.mutate(t, quiet.AccessToken, `mutation { setChargeSubscription(input: {fines: false, taxes: false}) { fines taxes } }`, nil, &sub)
	if sub.Fines || sub.Taxes {
		t.Fatalf("subscription: %+v", sub)
	}

	clock.Set(fine.DecisionDate.Add(time.Hour))
	notified := func() (n int, link string) {
		var links []string
		err := a.db.NewSelect().TableExpr("notifications").Column("link").Where("kind = 'FINES_NEW_FINE' AND body_ru LIKE ?", "%"+fine.Description+"%").Scan(context.Background(), &links)
		if err != nil {
			t.Fatal(err)
		}
		if len(links) > 0 {
			link = links[0]
		}
		return len(links), link
	}
	for round := 0; round < 2; round++ {
		if _, err := a.statements.ScheduleChecks(context.Background(), time.Second); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Second)
		waitFor(t, "the check of the subscribed citizen", func() bool { n, _ := notified(); return n >= 1 })
	}
	// And twice at once.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); _ = a.statements.CheckNew(context.Background(), localID(t, s.Account.ID)) }()
	}
	wg.Wait()
	time.Sleep(300 * time.Millisecond) // let any stray round finish
	n, link := notified()
	if n != 1 || !strings.HasPrefix(link, "uslugi://fines/") {
		t.Fatalf("%d notifications of the new fine (link %q), want 1 with a deep link", n, link)
	}
	var owner string
	if err := a.db.NewSelect().TableExpr("notifications").Column("account_id").Where("link = ?", link).Scan(context.Background(), &owner); err != nil || owner != localID(t, s.Account.ID) {
		t.Errorf("the notification went to %q (%v), not the subscriber", owner, err)
	}
}
