package hearing_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/hearing/hearingtest"
)

// stages is a hearing's history as status@by, with by "" for the schedule.
func stages(t *testing.T, e *env, id string) []string {
	t.Helper()
	st, err := e.svc.Stages(context.Background(), "", id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range st {
		by := "schedule"
		if s.By == e.officer {
			by = "officer"
		} else if s.By != "" {
			by = s.By
		}
		out = append(out, string(s.Status)+"@"+by)
	}
	return out
}

func TestHearingStages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()

	t.Run("every stage once, with who moved it, however often the jobs run", func(t *testing.T) {
		h := e.announced(t)
		defer e.clock.Set(t0)
		// Two workers running the same job at once, twice over.
		run := func(f func() error) {
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for range 4 {
				wg.Go(func() { errs <- f() })
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		e.clock.Set(opens.Add(time.Second))
		run(func() error { return e.svc.Open(ctx, h.ID, opens) })
		e.clock.Set(closes.Add(time.Second))
		run(func() error { return e.svc.Close(ctx, h.ID, closes) })
		want := []string{"DRAFT@officer", "ANNOUNCED@officer", "OPEN@schedule", "CLOSED@schedule"}
		if diff := cmp.Diff(want, stages(t, e, h.ID)); diff != "" {
			t.Errorf("stages (-want, +got):\n%s", diff)
		}
		notices, err := e.svc.Notices(ctx, "", h.ID)
		if err != nil || len(notices) != 2 || notices[1].Kind != hearing.NoticeOpened {
			t.Errorf("notices %+v %v: want the announcement and one opening", notices, err)
		}
		if _, err := e.svc.PublishResults(ctx, e.officer, h.ID, "Проект одобрить без изменений"); err != nil {
			t.Fatal(err)
		}
		if got := stages(t, e, h.ID); len(got) != 5 || got[4] != "RESULTS_PUBLISHED@officer" {
			t.Errorf("after publishing: %v", got)
		}
	})
	t.Run("an early closing is the officer's", func(t *testing.T) {
		h := e.opened(t)
		defer e.clock.Set(t0)
		e.clock.Set(opens.Add(time.Hour))
		if _, err := e.svc.CloseEarly(ctx, e.officer, h.ID, "Проект отозван разработчиком"); err != nil {
			t.Fatal(err)
		}
		want := []string{"DRAFT@officer", "ANNOUNCED@officer", "OPEN@schedule", "CLOSED@officer"}
		if diff := cmp.Diff(want, stages(t, e, h.ID)); diff != "" {
			t.Errorf("stages (-want, +got):\n%s", diff)
		}
	})
	t.Run("a hearing whose opening job never ran was open from its opening time", func(t *testing.T) {
		h := e.announced(t)
		e.clock.Set(closes.Add(time.Minute))
		defer e.clock.Set(t0)
		if err := e.svc.Close(ctx, h.ID, closes); err != nil {
			t.Fatal(err)
		}
		st, err := e.svc.Stages(ctx, "", h.ID)
		if err != nil || len(st) != 4 || st[2].Status != hearing.StatusOpen || !st[2].At.Equal(opens) {
			t.Errorf("stages %+v %v", st, err)
		}
	})
	t.Run("a draft's history is its organisers'", func(t *testing.T) {
		h := e.draft(t)
		if _, err := e.svc.Stages(ctx, "", h.ID); !errors.Is(err, hearing.ErrNotFound) {
			t.Errorf("the public read a draft's history: %v", err)
		}
		st, err := e.svc.Stages(ctx, e.officer, h.ID)
		if err != nil || len(st) != 1 || st[0].Status != hearing.StatusDraft || st[0].By != e.officer || !st[0].At.Equal(t0) {
			t.Errorf("the organiser's view %+v %v", st, err)
		}
	})
}

func TestHearingListPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// Seven announced hearings; two pairs open at the same second, so the
	// id decides between them.
	at := []time.Duration{0, 5, 5, 3, 9, 1, 1}
	for _, d := range at {
		in := hearingtest.Draft(hearingtest.Kazan, opens.Add(d*time.Hour), closes.Add(d*time.Hour))
		h, err := e.svc.Create(ctx, e.officer, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Announce(ctx, e.officer, h.ID); err != nil {
			t.Fatal(err)
		}
	}
	all, err := e.svc.List(ctx, "", hearing.Filter{Municipality: hearingtest.Kazan}, nil, 100)
	if err != nil || all.Total != len(at) || len(all.Hearings) != len(at) || all.More {
		t.Fatalf("the whole list: %d of %d, more %v, %v", len(all.Hearings), all.Total, all.More, err)
	}
	for i := 1; i < len(all.Hearings); i++ {
		a, b := all.Hearings[i-1], all.Hearings[i]
		if a.Dates.OpensAt.Before(b.Dates.OpensAt) || (a.Dates.OpensAt.Equal(b.Dates.OpensAt) && a.ID > b.ID) {
			t.Fatalf("out of order at %d: %s %s then %s %s", i, a.Dates.OpensAt, a.ID, b.Dates.OpensAt, b.ID)
		}
	}
	if len(all.Hearings[0].Stages) != 2 {
		t.Errorf("a listed hearing's stages: %+v", all.Hearings[0].Stages)
	}
	ids := func(hs []hearing.Hearing) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.ID)
		}
		return out
	}
	want := ids(all.Hearings)

	t.Run("pages follow each other to the end", func(t *testing.T) {
		var got []string
		var after *hearing.Cursor
		for pages := 0; ; pages++ {
			p, err := e.svc.List(ctx, "", hearing.Filter{Municipality: hearingtest.Kazan}, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != len(at) {
				t.Errorf("page %d counts %d", pages, p.Total)
			}
			got = append(got, ids(p.Hearings)...)
			if !p.More {
				break
			}
			c := hearing.CursorOf(p.Hearings[len(p.Hearings)-1])
			after = &c
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pages (-want, +got):\n%s", diff)
		}
	})
	t.Run("a hearing announced between two pages shifts none", func(t *testing.T) {
		first, err := e.svc.List(ctx, "", hearing.Filter{Municipality: hearingtest.Kazan}, nil, 3)
		if err != nil {
			t.Fatal(err)
		}
		// The newest opening lists first: an offset would now repeat the
		// third hearing on the second page.
		in := hearingtest.Draft(hearingtest.Kazan, opens.Add(48*time.Hour), closes.Add(48*time.Hour))
		h, err := e.svc.Create(ctx, e.officer, in)
		if err == nil {
			_, err = e.svc.Announce(ctx, e.officer, h.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		c := hearing.CursorOf(first.Hearings[2])
		second, err := e.svc.List(ctx, "", hearing.Filter{Municipality: hearingtest.Kazan}, &c, 3)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want[3:6], ids(second.Hearings)); diff != "" {
			t.Errorf("the second page (-want, +got):\n%s", diff)
		}
		if second.Total != len(at)+1 || !second.More {
			t.Errorf("total %d, more %v", second.Total, second.More)
		}
	})
}

func TestHearingCommentsWithAttachments(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	h := e.opened(t)
	author, other := e.resident(t), e.resident(t)
	scan := hearing.Attachment{Name: "фото двора.png", Key: "hearings/attachments/a.png", ContentType: "image/png", Size: 4096,
		SHA256: strings.Repeat("ab", 32)}
	c, err := e.svc.Propose(ctx, author, h.ID, hearing.ProposalInput{Kind: hearing.KindComment, Text: "Во дворе нет освещения", Attachments: []hearing.Attachment{scan}})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a comment waits for moderation like a proposal", func(t *testing.T) {
		ps, _, err := e.svc.Proposals(ctx, other, h.ID, hearing.ProposalFilter{Kind: hearing.KindComment}, 0, 10)
		if err != nil || len(ps) != 0 {
			t.Errorf("another participant sees %d pending comments (%v)", len(ps), err)
		}
		ps, _, err = e.svc.Proposals(ctx, author, h.ID, hearing.ProposalFilter{Kind: hearing.KindComment}, 0, 10)
		if err != nil || len(ps) != 1 || ps[0].Status != hearing.ProposalPending {
			t.Errorf("the author's view %+v %v", ps, err)
		}
	})
	t.Run("published, anyone sees it with its attachment", func(t *testing.T) {
		if _, err := e.svc.Moderate(ctx, e.officer, c.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		ps, _, err := e.svc.Proposals(ctx, "", h.ID, hearing.ProposalFilter{Kind: hearing.KindComment}, 0, 10)
		if err != nil || len(ps) != 1 || ps[0].AuthorID != "" {
			t.Fatalf("the public view %+v %v", ps, err)
		}
		if diff := cmp.Diff([]hearing.Attachment{scan}, ps[0].Attachments); diff != "" {
			t.Errorf("attachments (-want, +got):\n%s", diff)
		}
		var title string
		if err := e.db.NewSelect().TableExpr("notifications").Column("title_ru").Where("account_id = ? AND kind = 'HEARINGS_PROPOSAL'", author).
			Scan(ctx, &title); err != nil || title != "Ваше замечание опубликовано" {
			t.Errorf("the author was told %q (%v)", title, err)
		}
	})
	t.Run("a comment is not supported", func(t *testing.T) {
		_, err := e.svc.Support(ctx, other, c.ID)
		wantCode(t, err, "NOT_PROPOSAL")
	})
	t.Run("too many attachments", func(t *testing.T) {
		many := make([]hearing.Attachment, hearing.MaxAttachments+1)
		for i := range many {
			many[i] = scan
		}
		_, err := e.svc.Propose(ctx, author, h.ID, hearing.ProposalInput{Kind: hearing.KindComment, Text: "Ещё фото", Attachments: many})
		wantCode(t, err, "TOO_MANY")
	})
	t.Run("a file's link works five minutes", func(t *testing.T) {
		var key string
		var exp time.Time
		link := e.svc.FileLink(scan, func(k string, expires time.Time) string {
			key, exp = k, expires
			return "/files?" + url.Values{"key": {k}}.Encode()
		})
		if key != scan.Key || !exp.Equal(e.clock.Now().Add(5*time.Minute)) || !strings.Contains(link, url.QueryEscape(scan.Key)) {
			t.Errorf("link %q for %q until %s", link, key, exp)
		}
	})
}
