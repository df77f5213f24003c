package hearing_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/hearing/hearingtest"
	"github.com/uslugi/uslugi/notification"
)

func TestCanMove(t *testing.T) {
	all := []hearing.Status{hearing.StatusDraft, hearing.StatusAnnounced, hearing.StatusOpen, hearing.StatusClosed, hearing.StatusResultsPublished}
	allowed := map[[2]hearing.Status]bool{
		{hearing.StatusDraft, hearing.StatusAnnounced}:            true,
		{hearing.StatusAnnounced, hearing.StatusOpen}:             true,
		{hearing.StatusOpen, hearing.StatusClosed}:                true,
		{hearing.StatusClosed, hearing.StatusResultsPublished}:    true,
		{hearing.StatusAnnounced, hearing.StatusClosed}:           false,
		{hearing.StatusResultsPublished, hearing.StatusClosed}:    false,
		{hearing.StatusOpen, hearing.StatusAnnounced}:             false,
		{hearing.StatusDraft, hearing.StatusOpen}:                 false,
		{hearing.StatusClosed, hearing.StatusOpen}:                false,
		{hearing.StatusDraft, hearing.StatusResultsPublished}:     false,
		{hearing.StatusAnnounced, hearing.StatusResultsPublished}: false,
	}
	for _, from := range all {
		for _, to := range all {
			if got := hearing.CanMove(from, to); got != allowed[[2]hearing.Status{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
}

func TestStageAt(t *testing.T) {
	h := hearing.Hearing{Status: hearing.StatusAnnounced, Dates: hearing.Dates{OpensAt: opens, ClosesAt: closes}}
	for _, c := range []struct {
		name   string
		status hearing.Status
		at     time.Time
		want   hearing.Status
	}{
		{"announced before the opening", hearing.StatusAnnounced, opens.Add(-time.Second), hearing.StatusAnnounced},
		{"announced at the opening is open", hearing.StatusAnnounced, opens, hearing.StatusOpen},
		{"open just before the closing", hearing.StatusOpen, closes.Add(-time.Microsecond), hearing.StatusOpen},
		{"open at the closing is closed", hearing.StatusOpen, closes, hearing.StatusClosed},
		{"announced past the closing is closed", hearing.StatusAnnounced, closes.Add(time.Hour), hearing.StatusClosed},
		{"a draft stays a draft", hearing.StatusDraft, closes.Add(time.Hour), hearing.StatusDraft},
	} {
		t.Run(c.name, func(t *testing.T) {
			h.Status = c.status
			if got := h.StageAt(c.at); got != c.want {
				t.Errorf("StageAt = %s, want %s", got, c.want)
			}
		})
	}
}

func TestCreate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	valid := func() hearing.Draft { return hearingtest.Draft(hearingtest.Kazan, opens, closes) }
	for _, c := range []struct {
		name   string
		change func(d *hearing.Draft)
		code   string
	}{
		{"a short title", func(d *hearing.Draft) { d.Title = "Да" }, "LENGTH"},
		{"an unknown subject", func(d *hearing.Draft) { d.Subject = "ZONING" }, "INVALID"},
		{"a charter question without its wording", func(d *hearing.Draft) { d.Subject = hearing.SubjectCharter }, "LENGTH"},
		{"no organiser", func(d *hearing.Draft) { d.Organiser = "" }, "LENGTH"},
		{"an opening in the past", func(d *hearing.Draft) { d.Dates.OpensAt = t0.Add(-time.Hour) }, "IN_PAST"},
		{"a closing before the opening", func(d *hearing.Draft) { d.Dates.ClosesAt = opens.Add(-time.Minute) }, "ORDER"},
		{"a meeting after the closing", func(d *hearing.Draft) { d.Dates.MeetingAt = closes.Add(time.Hour) }, "ORDER"},
		{"no meeting place", func(d *hearing.Draft) { d.Dates.MeetingPlace = " " }, "LENGTH"},
		{"no meeting", func(d *hearing.Draft) { d.Dates.MeetingAt = time.Time{} }, "REQUIRED"},
		{"a bad cadastral quarter", func(d *hearing.Draft) { d.Territory.Quarters = []string{"92:01"} }, "INVALID"},
		{"a material outside the store", func(d *hearing.Draft) { d.Materials[0].Key = "../etc/passwd" }, "INVALID"},
		{"an empty material", func(d *hearing.Draft) { d.Materials[0].Size = 0 }, "RANGE"},
		{"an unknown municipality", func(d *hearing.Draft) { d.Municipality = "00000000" }, "UNKNOWN_MUNICIPALITY"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := valid()
			c.change(&d)
			_, err := e.svc.Create(ctx, e.officer, d)
			wantCode(t, err, c.code)
		})
	}
	t.Run("a charter question with its wording", func(t *testing.T) {
		d := valid()
		d.Subject, d.SubjectDetail = hearing.SubjectCharter, "Изменение границ муниципального образования"
		if _, err := e.svc.Create(ctx, e.officer, d); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("the questions start with the project", func(t *testing.T) {
		h, err := e.svc.Create(ctx, e.officer, valid())
		if err != nil {
			t.Fatal(err)
		}
		want := []hearing.Question{{No: 0, Text: h.Title}, {No: 1, Text: "Согласны ли вы с размещением сквера на месте парковки?"}}
		if diff := cmp.Diff(want, h.Questions); diff != "" {
			t.Errorf("questions (-want, +got):\n%s", diff)
		}
		if h.Status != hearing.StatusDraft || !h.Dates.OpensAt.Equal(opens) {
			t.Errorf("got %s opening %s", h.Status, h.Dates.OpensAt)
		}
		if got := e.get(t, h.ID); !cmp.Equal(got, h) {
			t.Errorf("stored hearing differs (-made, +read):\n%s", cmp.Diff(h, got))
		}
	})
	t.Run("a citizen is refused", func(t *testing.T) {
		_, err := e.svc.Create(ctx, e.resident(t), valid())
		wantForbidden(t, err)
	})
	t.Run("an officer of another municipality is refused", func(t *testing.T) {
		other := e.addOfficer(t, hearingtest.Naberezhnye)
		if _, err := e.svc.Create(ctx, other, valid()); !errors.Is(err, hearing.ErrNotOrganiser) {
			t.Fatalf("got %v, want ErrNotOrganiser", err)
		}
	})
}

func TestDraftsAreTheOrganisers(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	h := e.draft(t)
	citizen := e.resident(t)
	if _, err := e.svc.Get(ctx, citizen, h.ID); !errors.Is(err, hearing.ErrNotFound) {
		t.Errorf("a citizen reads a draft: %v", err)
	}
	if _, err := e.svc.Get(ctx, "", h.ID); !errors.Is(err, hearing.ErrNotFound) {
		t.Errorf("the public reads a draft: %v", err)
	}
	if p, err := e.svc.List(ctx, "", hearing.Filter{Municipality: hearingtest.Kazan}, nil, 10); err != nil || p.Total != 0 || len(p.Hearings) != 0 {
		t.Errorf("the public list shows a draft: %d, %v", p.Total, err)
	}
	if _, err := e.svc.List(ctx, citizen, hearing.Filter{Municipality: hearingtest.Kazan, Status: hearing.StatusDraft}, nil, 10); err == nil {
		t.Error("a citizen lists drafts")
	}
	if p, err := e.svc.List(ctx, e.officer, hearing.Filter{Municipality: hearingtest.Kazan, Status: hearing.StatusDraft}, nil, 10); err != nil || p.Total != 1 || p.Hearings[0].ID != h.ID {
		t.Errorf("the officer's drafts: %d, %v", p.Total, err)
	}
	d := hearingtest.Draft(hearingtest.Kazan, opens, closes)
	d.Title = "Проект планировки территории квартала 14"
	d.Municipality = hearingtest.Naberezhnye // ignored: a draft stays in its municipality
	got, err := e.svc.UpdateDraft(ctx, e.officer, h.ID, d)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != d.Title || got.Municipality != hearingtest.Kazan || got.Questions[0].Text != d.Title {
		t.Errorf("updated draft: %+v", got)
	}
}

func TestAnnounce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	t.Run("publishes the notice and schedules the opening and closing", func(t *testing.T) {
		h := e.announced(t)
		if h.Status != hearing.StatusAnnounced || !h.AnnouncedAt.Equal(t0) {
			t.Fatalf("got %s announced at %s", h.Status, h.AnnouncedAt)
		}
		if diff := cmp.Diff([]time.Time{opens}, e.scheduled(t, hearing.TypeOpen, h.ID)); diff != "" {
			t.Errorf("opening jobs (-want, +got):\n%s", diff)
		}
		if diff := cmp.Diff([]time.Time{closes}, e.scheduled(t, hearing.TypeClose, h.ID)); diff != "" {
			t.Errorf("closing jobs (-want, +got):\n%s", diff)
		}
		notices, err := e.svc.Notices(ctx, "", h.ID)
		if err != nil || len(notices) != 1 {
			t.Fatalf("notices: %v %v", notices, err)
		}
		n := notices[0]
		if n.Kind != hearing.NoticeAnnounced || n.Topic != "municipality-"+hearingtest.Kazan || n.Link != "uslugi://hearings/"+h.ID {
			t.Errorf("notice %+v", n)
		}
		pushes := e.events(t, notification.TypePushNews)
		var found bool
		for _, p := range pushes {
			var np notification.NewsPayload
			_ = json.Unmarshal(p.Payload, &np)
			found = found || np.NewsID == n.ID
		}
		if !found {
			t.Errorf("no news:push for the notice among %d", len(pushes))
		}
		if p, err := e.svc.List(ctx, "", hearing.Filter{Municipality: hearingtest.Kazan, Status: hearing.StatusAnnounced}, nil, 10); err != nil || p.Total != 1 {
			t.Errorf("public list: %d %v", p.Total, err)
		}
	})
	t.Run("twice is refused", func(t *testing.T) {
		h := e.announced(t)
		_, err := e.svc.Announce(ctx, e.officer, h.ID)
		wantCode(t, err, "NOT_ALLOWED")
	})
	t.Run("without materials is refused", func(t *testing.T) {
		d := hearingtest.Draft(hearingtest.Kazan, opens, closes)
		d.Materials = nil
		h, err := e.svc.Create(ctx, e.officer, d)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Announce(ctx, e.officer, h.ID)
		wantCode(t, err, "REQUIRED")
	})
	t.Run("after the planned opening is refused", func(t *testing.T) {
		h := e.draft(t)
		e.clock.Set(opens)
		defer e.clock.Set(t0)
		_, err := e.svc.Announce(ctx, e.officer, h.ID)
		wantCode(t, err, "IN_PAST")
	})
	t.Run("an announced hearing is not edited", func(t *testing.T) {
		h := e.announced(t)
		_, err := e.svc.UpdateDraft(ctx, e.officer, h.ID, hearingtest.Draft(hearingtest.Kazan, opens, closes))
		wantCode(t, err, "NOT_DRAFT")
	})
	t.Run("by an officer of another municipality is refused", func(t *testing.T) {
		h := e.draft(t)
		other := e.addOfficer(t, hearingtest.Naberezhnye)
		if _, err := e.svc.Announce(ctx, other, h.ID); !errors.Is(err, hearing.ErrNotOrganiser) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestScheduledJobs(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	t.Run("opening before its time is retried", func(t *testing.T) {
		h := e.announced(t)
		e.clock.Set(opens.Add(-time.Second))
		if err := e.svc.Open(ctx, h.ID, opens); !errors.Is(err, hearing.ErrTooEarly) {
			t.Fatalf("got %v, want ErrTooEarly", err)
		}
		e.clock.Set(t0)
	})
	t.Run("opens once and publishes that it is open", func(t *testing.T) {
		h := e.announced(t)
		e.clock.Set(opens.Add(3 * time.Second))
		defer e.clock.Set(t0)
		for range 2 { // a redelivered job does nothing more
			if err := e.svc.Open(ctx, h.ID, opens); err != nil {
				t.Fatal(err)
			}
		}
		got := e.get(t, h.ID)
		if got.Status != hearing.StatusOpen || !got.OpenedAt.Equal(opens.Add(3*time.Second)) {
			t.Errorf("got %s opened %s", got.Status, got.OpenedAt)
		}
		notices, _ := e.svc.Notices(ctx, "", h.ID)
		if len(notices) != 2 || notices[1].Kind != hearing.NoticeOpened {
			t.Errorf("notices %+v", notices)
		}
	})
	t.Run("a job for another time does nothing", func(t *testing.T) {
		h := e.announced(t)
		e.clock.Set(closes)
		defer e.clock.Set(t0)
		if err := e.svc.Open(ctx, h.ID, opens.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Close(ctx, h.ID, closes.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got := e.get(t, h.ID); got.Status != hearing.StatusAnnounced {
			t.Errorf("got %s", got.Status)
		}
	})
	t.Run("a job for a gone hearing does nothing", func(t *testing.T) {
		if err := e.svc.Close(ctx, "00000000-0000-0000-0000-000000000000", closes); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("closing before its time is retried", func(t *testing.T) {
		h := e.opened(t)
		e.clock.Set(closes.Add(-time.Millisecond))
		defer e.clock.Set(t0)
		if err := e.svc.Close(ctx, h.ID, closes); !errors.Is(err, hearing.ErrTooEarly) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("closes once", func(t *testing.T) {
		h := e.closed(t, nil)
		defer e.clock.Set(t0)
		if h.Status != hearing.StatusClosed || !h.ClosedAt.Equal(closes) {
			t.Fatalf("got %s closed %s", h.Status, h.ClosedAt)
		}
		e.clock.Set(closes.Add(time.Hour))
		if err := e.svc.Close(ctx, h.ID, closes); err != nil {
			t.Fatal(err)
		}
		if got := e.get(t, h.ID); !got.ClosedAt.Equal(closes) {
			t.Errorf("closed again at %s", got.ClosedAt)
		}
	})
	t.Run("a hearing whose opening job never ran closes", func(t *testing.T) {
		h := e.announced(t)
		e.clock.Set(closes.Add(time.Minute))
		defer e.clock.Set(t0)
		if err := e.svc.Open(ctx, h.ID, opens); err != nil { // late: does nothing
			t.Fatal(err)
		}
		if err := e.svc.Close(ctx, h.ID, closes); err != nil {
			t.Fatal(err)
		}
		got := e.get(t, h.ID)
		if got.Status != hearing.StatusClosed || !got.OpenedAt.Equal(opens) {
			t.Errorf("got %s opened %s", got.Status, got.OpenedAt)
		}
	})
}

func TestReschedule(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const notice = "Перенос в связи с запросом жителей о дополнительном времени"
	later := func(d time.Duration) hearing.Dates {
		return hearing.Dates{OpensAt: opens.Add(d), ClosesAt: closes.Add(d), MeetingAt: opens.Add(closes.Sub(opens)/2 + d)}
	}
	t.Run("forward with a notice reschedules both jobs", func(t *testing.T) {
		h := e.announced(t)
		e.clock.Advance(time.Minute)
		got, err := e.svc.Reschedule(ctx, e.officer, h.ID, later(48*time.Hour), notice)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Dates.OpensAt.Equal(opens.Add(48*time.Hour)) || got.Dates.MeetingPlace != h.Dates.MeetingPlace {
			t.Errorf("dates %+v", got.Dates)
		}
		if diff := cmp.Diff([]time.Time{opens, opens.Add(48 * time.Hour)}, e.scheduled(t, hearing.TypeOpen, h.ID)); diff != "" {
			t.Errorf("opening jobs (-want, +got):\n%s", diff)
		}
		notices, _ := e.svc.Notices(ctx, "", h.ID)
		if len(notices) != 2 || notices[1].Kind != hearing.NoticeRescheduled {
			t.Fatalf("notices %+v", notices)
		}
		// The job of the old opening finds nothing to do; the new one opens.
		e.clock.Set(opens)
		defer e.clock.Set(t0)
		if err := e.svc.Open(ctx, h.ID, opens); err != nil {
			t.Fatal(err)
		}
		if st := e.get(t, h.ID).Status; st != hearing.StatusAnnounced {
			t.Fatalf("the old job opened it: %s", st)
		}
		e.clock.Set(opens.Add(48 * time.Hour))
		if err := e.svc.Open(ctx, h.ID, opens.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if st := e.get(t, h.ID).Status; st != hearing.StatusOpen {
			t.Fatalf("the new job did not open it: %s", st)
		}
	})
	t.Run("backward is refused", func(t *testing.T) {
		h := e.announced(t)
		d := later(0)
		d.ClosesAt = closes.Add(-time.Hour)
		_, err := e.svc.Reschedule(ctx, e.officer, h.ID, d, notice)
		wantCode(t, err, "BACKWARD")
	})
	t.Run("without a notice is refused", func(t *testing.T) {
		h := e.announced(t)
		_, err := e.svc.Reschedule(ctx, e.officer, h.ID, later(time.Hour), " ")
		wantCode(t, err, "LENGTH")
	})
	t.Run("no change is refused", func(t *testing.T) {
		h := e.announced(t)
		_, err := e.svc.Reschedule(ctx, e.officer, h.ID, hearing.Dates{}, notice)
		wantCode(t, err, "UNCHANGED")
	})
	t.Run("an open hearing's opening has passed", func(t *testing.T) {
		h := e.opened(t)
		defer e.clock.Set(t0)
		_, err := e.svc.Reschedule(ctx, e.officer, h.ID, later(time.Hour), notice)
		wantCode(t, err, "PASSED")
	})
	t.Run("an open hearing is extended", func(t *testing.T) {
		h := e.opened(t)
		defer e.clock.Set(t0)
		got, err := e.svc.Reschedule(ctx, e.officer, h.ID, hearing.Dates{ClosesAt: closes.Add(72 * time.Hour)}, notice)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Dates.ClosesAt.Equal(closes.Add(72*time.Hour)) || !got.Dates.OpensAt.Equal(opens) {
			t.Errorf("dates %+v", got.Dates)
		}
		// At the old closing time a vote still counts and the old job
		// does nothing.
		e.clock.Set(closes)
		if err := e.svc.Close(ctx, h.ID, closes); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Vote(ctx, e.resident(t), h.ID, vote(hearing.OptionFor)); err != nil {
			t.Fatalf("vote after the old closing: %v", err)
		}
		if diff := cmp.Diff([]time.Time{closes, closes.Add(72 * time.Hour)}, e.scheduled(t, hearing.TypeClose, h.ID)); diff != "" {
			t.Errorf("closing jobs (-want, +got):\n%s", diff)
		}
	})
	t.Run("a closed hearing is not rescheduled", func(t *testing.T) {
		h := e.closed(t, nil)
		defer e.clock.Set(t0)
		_, err := e.svc.Reschedule(ctx, e.officer, h.ID, hearing.Dates{ClosesAt: closes.Add(time.Hour)}, notice)
		wantCode(t, err, "NOT_ALLOWED")
	})
	t.Run("a meeting moved earlier is refused", func(t *testing.T) {
		h := e.opened(t)
		defer e.clock.Set(t0)
		e.clock.Set(opens.Add(2 * time.Hour))
		_, err := e.svc.Reschedule(ctx, e.officer, h.ID, hearing.Dates{MeetingAt: opens.Add(90 * time.Minute)}, notice)
		wantCode(t, err, "BACKWARD")
	})
}

func TestCloseEarly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	t.Run("needs a reason", func(t *testing.T) {
		h := e.opened(t)
		defer e.clock.Set(t0)
		_, err := e.svc.CloseEarly(ctx, e.officer, h.ID, "")
		wantCode(t, err, "LENGTH")
	})
	t.Run("an announced hearing is not closed early", func(t *testing.T) {
		h := e.announced(t)
		_, err := e.svc.CloseEarly(ctx, e.officer, h.ID, "Проект отозван разработчиком")
		wantCode(t, err, "NOT_ALLOWED")
	})
	t.Run("closes now, publishes the reason, and later votes are refused", func(t *testing.T) {
		h := e.opened(t)
		defer e.clock.Set(t0)
		voter := e.resident(t)
		if _, err := e.svc.Vote(ctx, voter, h.ID, vote(hearing.OptionAgainst)); err != nil {
			t.Fatal(err)
		}
		at := e.clock.Advance(time.Hour)
		got, err := e.svc.CloseEarly(ctx, e.officer, h.ID, "Проект отозван разработчиком")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != hearing.StatusClosed || !got.Dates.ClosesAt.Equal(at) || got.EarlyCloseReason == "" || got.Voters != 1 {
			t.Errorf("got %+v", got)
		}
		_, err = e.svc.Vote(ctx, voter, h.ID, vote(hearing.OptionFor))
		wantCode(t, err, string(hearing.ReasonNotOpen))
		tl, err := e.svc.Tally(ctx, "", h.ID)
		if err != nil || !tl.Final || tl.Questions[0].Against != 1 {
			t.Errorf("tally %+v %v", tl, err)
		}
		notices, _ := e.svc.Notices(ctx, "", h.ID)
		if last := notices[len(notices)-1]; last.Kind != hearing.NoticeClosedEarly {
			t.Errorf("last notice %+v", last)
		}
		// The closing job scheduled for the old time does nothing.
		e.clock.Set(closes)
		if err := e.svc.Close(ctx, h.ID, closes); err != nil {
			t.Fatal(err)
		}
		if got := e.get(t, h.ID); !got.ClosedAt.Equal(at) {
			t.Errorf("closed again at %s", got.ClosedAt)
		}
	})
}
