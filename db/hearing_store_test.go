package db_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/hearing/hearingtest"
)

// hearingFixture is a seeded database with an officer of Kazan and a
// hearing of Kazan announced through the service.
type hearingFixture struct {
	db      *bun.DB
	store   *db.HearingStore
	svc     *hearing.Service
	officer string
	h       hearing.Hearing
}

// newHearingFixture announces a hearing open over [opens, closes), with
// the service on clock.
func newHearingFixture(tb testing.TB, clock func() time.Time, opens, closes time.Time) *hearingFixture {
	tb.Helper()
	ctx := context.Background()
	bdb := dbtest.New(tb, dbtest.Options{Seed: true})
	f := &hearingFixture{db: bdb, store: db.NewHearingStore(bdb, clock)}
	f.svc = hearing.New(f.store, clock)
	var err error
	if f.officer, err = hearingtest.AddOfficer(ctx, bdb, hearingtest.Kazan); err != nil {
		tb.Fatal(err)
	}
	d := hearingtest.Draft(hearingtest.Kazan, opens, closes)
	d.Subject = hearing.SubjectBudgetDraft
	if f.h, err = f.svc.Create(ctx, f.officer, d); err != nil {
		tb.Fatal(err)
	}
	if f.h, err = f.svc.Announce(ctx, f.officer, f.h.ID); err != nil {
		tb.Fatal(err)
	}
	return f
}

func (f *hearingFixture) residents(tb testing.TB, n int) []string {
	tb.Helper()
	people := make([]hearingtest.Person, n)
	for i := range people {
		people[i] = hearingtest.Resident(hearingtest.Kazan)
	}
	ids, err := hearingtest.AddPeople(context.Background(), f.db, people)
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// inTx runs fn in a store transaction and fails tb on an error.
func (f *hearingFixture) inTx(tb testing.TB, fn func(ctx context.Context, tx hearing.Tx) error) {
	tb.Helper()
	if err := f.store.InTx(context.Background(), fn); err != nil {
		tb.Fatal(err)
	}
}

func TestHearingStoreVotes(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return t0 }
	f := newHearingFixture(t, clock, t0.Add(time.Hour), t0.Add(48*time.Hour))
	ids := f.residents(t, 3)
	a, b, c := ids[0], ids[1], ids[2]
	at := func(s int) time.Time {
		return t0.Add(2*time.Hour + time.Duration(s)*time.Millisecond + 123*time.Microsecond)
	}
	cast := func(vs ...hearing.Vote) {
		t.Helper()
		f.inTx(t, func(ctx context.Context, tx hearing.Tx) error { return tx.CastVotes(ctx, vs) })
	}
	v := func(who string, q int, o hearing.Option, s int) hearing.Vote {
		return hearing.Vote{HearingID: f.h.ID, Question: q, AccountID: who, Option: o, CastAt: at(s)}
	}

	t.Run("one row per participant and question, the latest cast wins", func(t *testing.T) {
		cast(v(a, 0, hearing.OptionFor, 1), v(a, 1, hearing.OptionAgainst, 1))
		cast(v(a, 0, hearing.OptionAgainst, 5))
		// A ballot that lost a race (cast earlier, written later) changes
		// nothing.
		cast(v(a, 0, hearing.OptionAbstain, 3))
		cast(v(b, 0, hearing.OptionFor, 2), v(c, 1, hearing.OptionFor, 2))
		f.inTx(t, func(ctx context.Context, tx hearing.Tx) error {
			votes, err := tx.Votes(ctx, f.h.ID, a)
			if err != nil {
				return err
			}
			want := []hearing.Vote{
				{HearingID: f.h.ID, Question: 0, AccountID: a, Option: hearing.OptionAgainst, CastAt: at(5), Changes: 1},
				{HearingID: f.h.ID, Question: 1, AccountID: a, Option: hearing.OptionAgainst, CastAt: at(1)},
			}
			if diff := cmp.Diff(want, votes); diff != "" {
				t.Errorf("votes (-want, +got):\n%s", diff)
			}
			return nil
		})
		var rows int
		if err := f.db.NewSelect().TableExpr("hearing_votes").ColumnExpr("COUNT(*)").Scan(context.Background(), &rows); err != nil || rows != 4 {
			t.Errorf("%d rows, %v", rows, err)
		}
	})
	t.Run("the unique key refuses a second row", func(t *testing.T) {
		_, err := f.db.NewRaw("INSERT INTO hearing_votes (hearing_id, question, account_id, choice, cast_at, first_cast_at) VALUES (?, 0, ?, 'FOR', ?, ?)",
			f.h.ID, a, at(9), at(9)).Exec(context.Background())
		if err == nil {
			t.Fatal("a second row for the same question was stored")
		}
	})
	t.Run("counts come from the rows and the stored tally equals them", func(t *testing.T) {
		f.inTx(t, func(ctx context.Context, tx hearing.Tx) error {
			counts, voters, err := tx.CountVotes(ctx, f.h.ID)
			if err != nil {
				return err
			}
			want := hearing.Counts{0: {hearing.OptionAgainst: 1, hearing.OptionFor: 1}, 1: {hearing.OptionAgainst: 1, hearing.OptionFor: 1}}
			if diff := cmp.Diff(want, counts); diff != "" || voters != 3 {
				t.Errorf("counts (-want, +got):\n%s voters %d", diff, voters)
			}
			tl := hearing.Tally{HearingID: f.h.ID}
			for _, q := range f.h.Questions {
				qt := hearing.QuestionTally{Question: q.No, For: counts[q.No][hearing.OptionFor], Against: counts[q.No][hearing.OptionAgainst]}
				tl.Questions = append(tl.Questions, qt)
			}
			if err := tx.SaveTally(ctx, tl); err != nil {
				return err
			}
			stored, err := tx.StoredTally(ctx, f.h.ID)
			if err != nil {
				return err
			}
			for q, byOption := range stored {
				for o, n := range byOption {
					if n != counts[q][o] {
						t.Errorf("stored %d %s = %d, rows say %d", q, o, n, counts[q][o])
					}
				}
			}
			return nil
		})
	})
}

func TestHearingStoreEligibility(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	f := newHearingFixture(t, func() time.Time { return t0 }, t0.Add(time.Hour), t0.Add(48*time.Hour))
	succeeded := account.VerificationSucceeded
	people := []hearingtest.Person{
		hearingtest.Resident(hearingtest.Kazan),
		hearingtest.Resident(hearingtest.Kazan),
		{Tier: account.TierStandard, OKTMO: hearingtest.Kazan, Verifications: []account.VerificationStatus{succeeded}},
		{Tier: account.TierConfirmed, OKTMO: hearingtest.Kazan, Verifications: []account.VerificationStatus{succeeded, account.VerificationRunning}},
		{Tier: account.TierConfirmed, OKTMO: hearingtest.Kazan, Verifications: []account.VerificationStatus{account.VerificationFailed, succeeded}},
		hearingtest.Resident(hearingtest.Naberezhnye), // holds a right in quarter A
		hearingtest.Resident(hearingtest.Naberezhnye), // holds a right in quarter B
		hearingtest.Resident(hearingtest.Kazan),       // a resident holding a right too: counted once
	}
	ids, err := hearingtest.AddPeople(ctx, f.db, people)
	if err != nil {
		t.Fatal(err)
	}
	for i, cad := range map[int]string{5: hearingtest.CadastralInA, 6: hearingtest.CadastralInB, 7: hearingtest.CadastralInA} {
		q, _ := hearing.CadastralQuarter(cad)
		f.inTx(t, func(ctx context.Context, tx hearing.Tx) error {
			ok, err := tx.AddLandRight(ctx, hearing.LandRight{ID: fmt.Sprint("right-", i), AccountID: ids[i], Municipality: hearingtest.Kazan,
				Kind: hearing.RightLand, Cadastral: cad, Quarter: q, RegistryRecord: "ЕГРН", RecordedBy: f.officer, RecordedAt: t0})
			if err == nil && !ok {
				err = errors.New("not recorded")
			}
			return err
		})
	}
	t.Run("facts follow the latest verification", func(t *testing.T) {
		f.inTx(t, func(ctx context.Context, tx hearing.Tx) error {
			for i, want := range []hearing.Facts{
				{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Kazan, AddressVerified: true},
				{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Kazan, AddressVerified: true},
				{Tier: account.TierStandard, AddressOKTMO: hearingtest.Kazan, AddressVerified: true},
				{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Kazan},
				{Tier: account.TierConfirmed, AddressOKTMO: hearingtest.Kazan, AddressVerified: true},
			} {
				got, err := tx.Facts(ctx, ids[i])
				if err != nil {
					return err
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("person %d (-want, +got):\n%s", i, diff)
				}
			}
			return nil
		})
	})
	t.Run("a right is recorded once per cadastral number", func(t *testing.T) {
		f.inTx(t, func(ctx context.Context, tx hearing.Tx) error {
			ok, err := tx.AddLandRight(ctx, hearing.LandRight{ID: "again", AccountID: ids[5], Municipality: hearingtest.Kazan, Kind: hearing.RightBuilding,
				Cadastral: hearingtest.CadastralInA, Quarter: hearingtest.QuarterA, RegistryRecord: "ЕГРН", RecordedBy: f.officer, RecordedAt: t0})
			if ok || err != nil {
				t.Errorf("recorded twice: %v %v", ok, err)
			}
			return nil
		})
	})
	t.Run("eligible residents, and right holders of the territory", func(t *testing.T) {
		for _, c := range []struct {
			name     string
			subject  hearing.Subject
			quarters []string
			want     int
		}{
			{"a budget counts verified confirmed residents", hearing.SubjectBudgetDraft, nil, 4},
			{"a planning project adds holders in its quarters", hearing.SubjectPlanningProject, []string{hearingtest.QuarterA}, 5},
			{"a land-use rule for the whole municipality adds every holder", hearing.SubjectLandUseRules, nil, 6},
		} {
			t.Run(c.name, func(t *testing.T) {
				h := f.h
				h.Subject, h.Territory.Quarters = c.subject, c.quarters
				f.inTx(t, func(ctx context.Context, tx hearing.Tx) error {
					n, err := tx.CountEligible(ctx, h)
					if err == nil && n != c.want {
						t.Errorf("got %d, want %d", n, c.want)
					}
					return err
				})
			})
		}
	})
}

// TestHearingLocks checks on PostgreSQL that votes share the hearing's row
// and a stage change waits for them.
func TestHearingLocks(t *testing.T) {
	if !strings.HasPrefix(os.Getenv("DATABASE_URL"), "postgres") {
		t.Skip("row locks are PostgreSQL's; SQLite transactions take the database's write lock")
	}
	t0 := time.Now().UTC()
	f := newHearingFixture(t, time.Now, t0.Add(time.Hour), t0.Add(48*time.Hour))
	hold := make(chan struct{})
	held := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- f.store.InTx(context.Background(), func(ctx context.Context, tx hearing.Tx) error {
			if _, err := tx.Hearing(ctx, f.h.ID, hearing.LockShare); err != nil {
				return err
			}
			close(held)
			<-hold
			return nil
		})
	}()
	<-held
	// Another share holder proceeds.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	err := f.store.InTx(ctx, func(ctx context.Context, tx hearing.Tx) error {
		_, err := tx.Hearing(ctx, f.h.ID, hearing.LockShare)
		return err
	})
	cancel()
	if err != nil {
		t.Fatalf("a second share lock waited: %v", err)
	}
	// An exclusive lock waits until the share holder ends.
	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	err = f.store.InTx(ctx, func(ctx context.Context, tx hearing.Tx) error {
		_, err := tx.Hearing(ctx, f.h.ID, hearing.LockUpdate)
		return err
	})
	cancel()
	if err == nil {
		t.Fatal("an exclusive lock did not wait for the share holder")
	}
	close(hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// ballot is one vote a citizen tried: what, when it returned, and whether
// it counted.
type ballot struct {
	option   hearing.Option
	accepted bool
	castAt   time.Time
	returned time.Time
}

// TestVotesAtClosingUnderLoad has 1,000 citizens vote at once, each
// changing his vote a few times at random, while the hearing closes at a
// set time (its closing job waits for that time, as the scheduled task
// does): the final tally must equal each citizen's last vote accepted
// before the closing, no vote at or after it may count, and none may be
// lost. It runs with the same concurrency on SQLite and PostgreSQL.
func TestVotesAtClosingUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	const citizens = 1000
	ctx := context.Background()
	start := time.Now().UTC()
	// Far enough ahead that the hearing, made with these dates, is still
	// announced for the future on a loaded machine (2 s was not once).
	opens := start.Truncate(time.Second).Add(5 * time.Second)
	closes := opens.Add(2 * time.Second)
	f := newHearingFixture(t, time.Now, opens, closes)
	ids := f.residents(t, citizens)
	time.Sleep(time.Until(opens))
	if err := f.svc.Open(ctx, f.h.ID, opens); err != nil {
		t.Fatal(err)
	}

	// The closing job: due at the closing time, retried while early.
	closed := make(chan error, 1)
	go func() {
		time.Sleep(time.Until(closes))
		for {
			err := f.svc.Close(ctx, f.h.ID, closes)
			if !errors.Is(err, hearing.ErrTooEarly) {
				closed <- err
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()

	tried := make([][]ballot, citizens)
	var wg sync.WaitGroup
	var unexpected atomic.Int64
	began := time.Now()
	for i := range citizens {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 7))
			// A few votes at random moments of the period and a little
			// after it, then one certainly after the closing.
			n := 2 + r.IntN(4)
			window := time.Until(closes) + 300*time.Millisecond
			for k := 0; k <= n; k++ {
				if k < n {
					time.Sleep(time.Duration(r.Int64N(int64(window) / int64(n))))
				} else {
					time.Sleep(time.Until(closes) + time.Duration(r.IntN(50))*time.Millisecond)
				}
				o := hearing.Options[r.IntN(3)]
				votes, err := f.svc.Vote(ctx, ids[i], f.h.ID, []hearing.Choice{{Question: 0, Option: o}})
				b := ballot{option: o, returned: time.Now(), accepted: err == nil}
				var ie *hearing.IneligibleError
				switch {
				case err == nil:
					b.castAt = votes[0].CastAt
				case errors.As(err, &ie) && ie.Reason == hearing.ReasonNotOpen:
				default:
					if unexpected.Add(1) <= 5 {
						t.Errorf("citizen %d: %v", i, err)
					}
				}
				tried[i] = append(tried[i], b)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	if err := <-closed; err != nil {
		t.Fatalf("closing: %v", err)
	}
	if n := unexpected.Load(); n > 0 {
		t.Fatalf("%d votes failed other than as NOT_OPEN", n)
	}

	want := map[int]map[hearing.Option]int{0: {}, 1: {}}
	last := map[string]hearing.Option{}
	var accepted, refused, total int
	for i, bs := range tried {
		var prev time.Time
		for _, b := range bs {
			total++
			if !b.accepted {
				refused++
				if b.returned.Before(closes) {
					t.Errorf("citizen %d: refused before the closing", i)
				}
				continue
			}
			accepted++
			if !b.castAt.Before(closes) {
				t.Errorf("citizen %d: a vote cast at %s counted after the closing %s", i, b.castAt, closes)
			}
			if b.castAt.Before(prev) {
				t.Errorf("citizen %d: votes out of order", i)
			}
			prev = b.castAt
			last[ids[i]] = b.option
		}
		if !bs[len(bs)-1].returned.Before(closes) && bs[len(bs)-1].accepted {
			t.Errorf("citizen %d: his vote after the closing counted", i)
		}
	}
	for _, o := range last {
		want[0][o]++
	}
	t.Logf("%d citizens, %d votes in %s (%.0f votes/s): %d counted, %d refused after the closing; %d citizens voted in time",
		citizens, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), accepted, refused, len(last))
	if accepted == 0 || refused < citizens {
		t.Fatalf("the test did not straddle the closing: %d accepted, %d refused", accepted, refused)
	}

	h, err := f.svc.Get(ctx, f.officer, f.h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != hearing.StatusClosed || h.ClosedAt.Before(closes) || h.Voters != len(last) || h.Eligible != citizens {
		t.Errorf("hearing %s closed %s voters %d eligible %d", h.Status, h.ClosedAt, h.Voters, h.Eligible)
	}
	final, err := f.svc.Tally(ctx, "", f.h.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]map[hearing.Option]int{0: {}, 1: {}}
	for _, q := range final.Questions {
		for _, o := range hearing.Options {
			if n := q.Count(o); n > 0 {
				got[q.Question][o] = n
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("final tally (-last votes, +tally):\n%s", diff)
	}
	// The stored tally equals a count of the rows, and every citizen's row
	// holds his last counted vote.
	f.inTx(t, func(ctx context.Context, tx hearing.Tx) error {
		rows, voters, err := tx.CountVotes(ctx, f.h.ID)
		if err != nil {
			return err
		}
		stored, err := tx.StoredTally(ctx, f.h.ID)
		if err != nil {
			return err
		}
		if voters != len(last) || rows[0][hearing.OptionFor] != stored[0][hearing.OptionFor] ||
			rows[0][hearing.OptionAgainst] != stored[0][hearing.OptionAgainst] || rows[0][hearing.OptionAbstain] != stored[0][hearing.OptionAbstain] {
			t.Errorf("rows %v (%d voters), stored %v", rows, voters, stored)
		}
		return nil
	})
	var rows []struct {
		AccountID string `bun:"account_id"`
		Choice    string `bun:"choice"`
	}
	if err := f.db.NewSelect().TableExpr("hearing_votes").Column("account_id", "choice").Where("hearing_id = ?", f.h.ID).Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(last) {
		t.Errorf("%d rows for %d voters", len(rows), len(last))
	}
	for _, r := range rows {
		if hearing.Option(r.Choice) != last[r.AccountID] {
			t.Errorf("%s: row says %s, his last counted vote was %s", r.AccountID, r.Choice, last[r.AccountID])
		}
	}
}

// BenchmarkVotes reports votes per second with 200 citizens voting at once,
// each changing his vote over and over, on the database DATABASE_URL names
// (the embedded SQLite when unset):
//
//	go test ./db -run '^$' -bench Votes -benchtime 5000x
//	DATABASE_URL=postgres://... go test ./db -run '^$' -bench Votes -benchtime 5000x
func BenchmarkVotes(b *testing.B) {
	const voters = 200
	ctx := context.Background()
	now := time.Now().UTC()
	f := newHearingFixture(b, time.Now, now.Add(2*time.Second), now.Add(time.Hour))
	ids := f.residents(b, voters)
	time.Sleep(time.Until(f.h.Dates.OpensAt))
	if err := f.svc.Open(ctx, f.h.ID, f.h.Dates.OpensAt); err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for i := range voters {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), 1))
			for next.Add(1) <= int64(b.N) {
				_, err := f.svc.Vote(ctx, ids[i], f.h.ID, []hearing.Choice{{Question: 0, Option: hearing.Options[r.IntN(3)]}})
				if err != nil && failed.Add(1) == 1 {
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "votes/s")
}
