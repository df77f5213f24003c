package hearing_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/hearing/hearingtest"
)

// t0 is when every test starts; hearings open a day later and close a week
// after that.
var (
	t0     = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	opens  = t0.Add(24 * time.Hour)
	closes = opens.Add(7 * 24 * time.Hour)
)

// env is the hearing service on a real database (SQLite, or PostgreSQL
// with DATABASE_URL) with a clock the test moves.
type env struct {
	db      *bun.DB
	clock   *agencytest.Clock
	svc     *hearing.Service
	officer string // a MUNICIPAL_OFFICER of Kazan
}

func newEnv(t *testing.T) *env {
	t.Helper()
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	clock := agencytest.NewClock(t0)
	e := &env{db: bdb, clock: clock, svc: hearing.New(db.NewHearingStore(bdb, clock.Now), clock.Now)}
	e.officer = e.addOfficer(t, hearingtest.Kazan)
	return e
}

func (e *env) addOfficer(t *testing.T, oktmos ...string) string {
	t.Helper()
	id, err := hearingtest.AddOfficer(context.Background(), e.db, oktmos...)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *env) person(t *testing.T, p hearingtest.Person) string {
	t.Helper()
	id, err := hearingtest.AddPerson(context.Background(), e.db, p)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *env) resident(t *testing.T) string {
	return e.person(t, hearingtest.Resident(hearingtest.Kazan))
}

// draft creates a draft planning project in Kazan.
func (e *env) draft(t *testing.T) hearing.Hearing {
	t.Helper()
	h, err := e.svc.Create(context.Background(), e.officer, hearingtest.Draft(hearingtest.Kazan, opens, closes))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return h
}

// announced creates and announces a hearing.
func (e *env) announced(t *testing.T) hearing.Hearing {
	t.Helper()
	h, err := e.svc.Announce(context.Background(), e.officer, e.draft(t).ID)
	if err != nil {
		t.Fatalf("Announce: %v", err)
	}
	return h
}

// opened announces a hearing, moves the clock to its opening and runs the
// opening job.
func (e *env) opened(t *testing.T) hearing.Hearing {
	t.Helper()
	h := e.announced(t)
	e.clock.Set(h.Dates.OpensAt)
	if err := e.svc.Open(context.Background(), h.ID, h.Dates.OpensAt); err != nil {
		t.Fatalf("Open: %v", err)
	}
	return e.get(t, h.ID)
}

// closed opens a hearing, lets f act while it is open, then closes it at
// its time.
func (e *env) closed(t *testing.T, f func(h hearing.Hearing)) hearing.Hearing {
	t.Helper()
	h := e.opened(t)
	if f != nil {
		f(h)
	}
	e.clock.Set(h.Dates.ClosesAt)
	if err := e.svc.Close(context.Background(), h.ID, h.Dates.ClosesAt); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return e.get(t, h.ID)
}

func (e *env) get(t *testing.T, id string) hearing.Hearing {
	t.Helper()
	h, err := e.svc.Get(context.Background(), e.officer, id)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return h
}

// events returns the outbox events of a type not done yet, oldest first.
func (e *env) events(t *testing.T, typ string) []event.Record {
	t.Helper()
	far := t0.AddDate(10, 0, 0)
	rows, err := db.NewOutboxStore(e.db).Due(context.Background(), far, far, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var out []event.Record
	for _, r := range rows {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// scheduled returns the times of the hearing's scheduled jobs of a type.
func (e *env) scheduled(t *testing.T, typ, hearingID string) []time.Time {
	t.Helper()
	var out []time.Time
	for _, r := range e.events(t, typ) {
		var p hearing.Payload
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if p.HearingID == hearingID {
			if !r.AvailableAt.Equal(p.At) {
				t.Errorf("%s for %s is available at %s", typ, p.At, r.AvailableAt)
			}
			out = append(out, p.At)
		}
	}
	return out
}

// code is the FieldError's code, or the Reason of an *IneligibleError,
// or "" for another error.
func code(err error) string {
	var fe *hearing.FieldError
	if errors.As(err, &fe) {
		return fe.Code
	}
	var ie *hearing.IneligibleError
	if errors.As(err, &ie) {
		return string(ie.Reason)
	}
	return ""
}

func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := code(err); got != want {
		t.Fatalf("got error %v (code %q), want code %s", err, got, want)
	}
}

func wantForbidden(t *testing.T, err error) {
	t.Helper()
	var fe *account.ForbiddenError
	if !errors.As(err, &fe) || fe.NeedRole != account.RoleMunicipalOfficer {
		t.Fatalf("got %v, want ForbiddenError for MUNICIPAL_OFFICER", err)
	}
}

func vote(o hearing.Option) []hearing.Choice { return []hearing.Choice{{Question: 0, Option: o}} }

// hearingResidentElsewhere is a confirmed resident of another municipality.
func hearingResidentElsewhere() hearingtest.Person {
	return hearingtest.Resident(hearingtest.Naberezhnye)
}
