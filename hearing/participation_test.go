package hearing_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/hearing"
)

func TestVoting(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	h := e.opened(t)
	a, b, c := e.resident(t), e.resident(t), e.resident(t)

	t.Run("a changed vote counts once, as last cast", func(t *testing.T) {
		for _, o := range []hearing.Option{hearing.OptionFor, hearing.OptionAgainst, hearing.OptionAbstain, hearing.OptionAgainst} {
			e.clock.Advance(time.Second)
			if _, err := e.svc.Vote(ctx, a, h.ID, vote(o)); err != nil {
				t.Fatal(err)
			}
		}
		mine, err := e.svc.MyVotes(ctx, a, h.ID)
		if err != nil || len(mine) != 1 {
			t.Fatalf("votes %+v %v", mine, err)
		}
		if mine[0].Option != hearing.OptionAgainst || mine[0].Changes != 3 || !mine[0].CastAt.Equal(e.clock.Now()) {
			t.Errorf("vote %+v", mine[0])
		}
	})
	t.Run("a ballot answers several questions", func(t *testing.T) {
		votes, err := e.svc.Vote(ctx, b, h.ID, []hearing.Choice{{Question: 1, Option: hearing.OptionAgainst}, {Question: 0, Option: hearing.OptionFor}})
		if err != nil || len(votes) != 2 || votes[0].Question != 0 {
			t.Fatalf("votes %+v %v", votes, err)
		}
		if _, err := e.svc.Vote(ctx, c, h.ID, []hearing.Choice{{Question: 1, Option: hearing.OptionFor}}); err != nil {
			t.Fatal(err)
		}
	})
	for _, x := range []struct {
		name   string
		ballot []hearing.Choice
		code   string
	}{
		{"an empty ballot", nil, "REQUIRED"},
		{"an unknown option", []hearing.Choice{{Question: 0, Option: "MAYBE"}}, "INVALID"},
		{"two answers to one question", []hearing.Choice{{Question: 0, Option: hearing.OptionFor}, {Question: 0, Option: hearing.OptionAgainst}}, "DUPLICATE"},
		{"an unknown question", []hearing.Choice{{Question: 7, Option: hearing.OptionFor}}, "UNKNOWN"},
	} {
		t.Run(x.name, func(t *testing.T) {
			_, err := e.svc.Vote(ctx, c, h.ID, x.ballot)
			wantCode(t, err, x.code)
		})
	}
	t.Run("the count is the organiser's until closing", func(t *testing.T) {
		if _, err := e.svc.Tally(ctx, a, h.ID); !errors.Is(err, hearing.ErrNotClosed) {
			t.Errorf("a citizen: %v", err)
		}
		live, err := e.svc.Tally(ctx, e.officer, h.ID)
		if err != nil || live.Final {
			t.Fatalf("live %+v %v", live, err)
		}
		want := []hearing.QuestionTally{{Question: 0, Text: h.Questions[0].Text, For: 1, Against: 1},
			{Question: 1, Text: h.Questions[1].Text, For: 1, Against: 1}}
		if diff := cmp.Diff(want, live.Questions); diff != "" {
			t.Errorf("live tally (-want, +got):\n%s", diff)
		}
		if live.Voters != 3 || live.Eligible != 3 {
			t.Errorf("voters %d of %d", live.Voters, live.Eligible)
		}
	})
	t.Run("a vote at the closing time is refused before the closing job runs", func(t *testing.T) {
		e.clock.Set(h.Dates.ClosesAt.Add(-time.Microsecond))
		if _, err := e.svc.Vote(ctx, c, h.ID, vote(hearing.OptionAbstain)); err != nil {
			t.Fatalf("the last microsecond: %v", err)
		}
		e.clock.Set(h.Dates.ClosesAt)
		_, err := e.svc.Vote(ctx, a, h.ID, vote(hearing.OptionFor))
		wantCode(t, err, string(hearing.ReasonNotOpen))
	})
	t.Run("the final tally is the rows' count, public", func(t *testing.T) {
		if err := e.svc.Close(ctx, h.ID, h.Dates.ClosesAt); err != nil {
			t.Fatal(err)
		}
		final, err := e.svc.Tally(ctx, "", h.ID)
		if err != nil || !final.Final {
			t.Fatalf("final %+v %v", final, err)
		}
		want := []hearing.QuestionTally{{Question: 0, Text: h.Questions[0].Text, For: 1, Against: 1, Abstain: 1},
			{Question: 1, Text: h.Questions[1].Text, For: 1, Against: 1}}
		if diff := cmp.Diff(want, final.Questions); diff != "" {
			t.Errorf("final tally (-want, +got):\n%s", diff)
		}
		// a, b and c voted, and are the only confirmed residents of Kazan
		// with verified addresses (the officer has no personal data).
		if final.Voters != 3 || final.Eligible != 3 || final.Turnout() != 1 {
			t.Errorf("voters %d of %d", final.Voters, final.Eligible)
		}
		_, err = e.svc.Vote(ctx, a, h.ID, vote(hearing.OptionFor))
		wantCode(t, err, string(hearing.ReasonNotOpen))
	})
	t.Run("a draft takes no votes", func(t *testing.T) {
		e.clock.Set(t0)
		d := e.draft(t)
		if _, err := e.svc.Vote(ctx, a, d.ID, vote(hearing.OptionFor)); !errors.Is(err, hearing.ErrNotFound) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("an announced hearing takes no votes before it opens", func(t *testing.T) {
		e.clock.Set(t0)
		x := e.announced(t)
		_, err := e.svc.Vote(ctx, a, x.ID, vote(hearing.OptionFor))
		wantCode(t, err, string(hearing.ReasonNotOpen))
		// From the opening time it does, before the opening job runs.
		e.clock.Set(x.Dates.OpensAt)
		if _, err := e.svc.Vote(ctx, a, x.ID, vote(hearing.OptionFor)); err != nil {
			t.Errorf("at the opening: %v", err)
		}
	})
}

func TestProposals(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	h := e.opened(t)
	author, supporter, third := e.resident(t), e.resident(t), e.resident(t)
	propose := func(t *testing.T, who string, kind hearing.ProposalKind, text string) hearing.Proposal {
		t.Helper()
		p, err := e.svc.Propose(ctx, who, h.ID, hearing.ProposalInput{Kind: kind, Text: text,
			Attachments: []hearing.Attachment{{Name: "схема.png", Key: "hearings/p/1.png", ContentType: "image/png", Size: 2048}}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	ids := func(ps []hearing.Proposal) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	list := func(t *testing.T, viewer string) []hearing.Proposal {
		t.Helper()
		ps, _, err := e.svc.Proposals(ctx, viewer, h.ID, hearing.ProposalFilter{}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}

	good := propose(t, author, hearing.KindProposal, "Сохранить деревья вдоль улицы Баумана")
	bad := propose(t, author, hearing.KindProposal, "Реклама")
	comment := propose(t, third, hearing.KindComment, "Проект хороший, но парковок мало")

	t.Run("a proposal waits for moderation", func(t *testing.T) {
		if good.Status != hearing.ProposalPending {
			t.Fatalf("status %s", good.Status)
		}
		if got := list(t, ""); len(got) != 0 {
			t.Errorf("the public sees %d pending", len(got))
		}
		if diff := cmp.Diff([]string{good.ID, bad.ID}, ids(list(t, author))); diff != "" {
			t.Errorf("the author's view (-want, +got):\n%s", diff)
		}
		org := list(t, e.officer)
		if len(org) != 3 || org[0].AuthorID != author || len(org[0].Attachments) != 1 {
			t.Errorf("the organiser's view %+v", org)
		}
	})
	t.Run("only the organiser moderates", func(t *testing.T) {
		_, err := e.svc.Moderate(ctx, supporter, good.ID, true, "")
		wantForbidden(t, err)
	})
	t.Run("a rejection needs a reason, which the author sees", func(t *testing.T) {
		_, err := e.svc.Moderate(ctx, e.officer, bad.ID, false, "")
		wantCode(t, err, "LENGTH")
		p, err := e.svc.Moderate(ctx, e.officer, bad.ID, false, "Не относится к предмету слушаний")
		if err != nil || p.Status != hearing.ProposalRejected {
			t.Fatalf("%+v %v", p, err)
		}
		_, err = e.svc.Moderate(ctx, e.officer, bad.ID, true, "")
		wantCode(t, err, "MODERATED")
		mine := list(t, author)
		if len(mine) != 2 || mine[1].RejectReason != "Не относится к предмету слушаний" || mine[1].AuthorID != author {
			t.Errorf("the author's view %+v", mine)
		}
		for _, p := range list(t, supporter) {
			if p.ID == bad.ID {
				t.Error("another participant sees a rejected proposal")
			}
		}
	})
	t.Run("published proposals are public, without authors", func(t *testing.T) {
		for _, id := range []string{good.ID, comment.ID} {
			if _, err := e.svc.Moderate(ctx, e.officer, id, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		pub := list(t, "")
		if diff := cmp.Diff([]string{good.ID, comment.ID}, ids(pub)); diff != "" {
			t.Errorf("public (-want, +got):\n%s", diff)
		}
		for _, p := range append(pub, list(t, supporter)...) {
			if p.AuthorID != "" {
				t.Errorf("author shown: %+v", p)
			}
		}
	})
	t.Run("support once each, not one's own, not a comment", func(t *testing.T) {
		p, err := e.svc.Support(ctx, supporter, good.ID)
		if err != nil || p.Supports != 1 || !p.SupportedByViewer {
			t.Fatalf("%+v %v", p, err)
		}
		_, err = e.svc.Support(ctx, supporter, good.ID)
		wantCode(t, err, "ALREADY_SUPPORTED")
		_, err = e.svc.Support(ctx, author, good.ID)
		wantCode(t, err, "OWN_PROPOSAL")
		_, err = e.svc.Support(ctx, supporter, comment.ID)
		wantCode(t, err, "NOT_PROPOSAL")
		if _, err = e.svc.Support(ctx, supporter, bad.ID); !errors.Is(err, hearing.ErrNotFound) {
			t.Errorf("a rejected proposal: %v", err)
		}
		outsider := e.person(t, hearingResidentElsewhere())
		_, err = e.svc.Support(ctx, outsider, good.ID)
		wantCode(t, err, string(hearing.ReasonNoLandRight))
		if _, err := e.svc.Support(ctx, third, good.ID); err != nil {
			t.Fatal(err)
		}
		for _, p := range list(t, supporter) {
			if p.ID == good.ID && (p.Supports != 2 || !p.SupportedByViewer) {
				t.Errorf("supporter's view %+v", p)
			}
		}
		for _, p := range list(t, "") {
			if p.ID == good.ID && (p.Supports != 2 || p.SupportedByViewer) {
				t.Errorf("public view %+v", p)
			}
		}
	})
	t.Run("a proposal is checked", func(t *testing.T) {
		_, err := e.svc.Propose(ctx, author, h.ID, hearing.ProposalInput{Kind: "IDEA", Text: "x"})
		wantCode(t, err, "INVALID")
		_, err = e.svc.Propose(ctx, author, h.ID, hearing.ProposalInput{Kind: hearing.KindProposal, Text: "  "})
		wantCode(t, err, "LENGTH")
		many := make([]hearing.Attachment, hearing.MaxAttachments+1)
		_, err = e.svc.Propose(ctx, author, h.ID, hearing.ProposalInput{Kind: hearing.KindProposal, Text: "x", Attachments: many})
		wantCode(t, err, "TOO_MANY")
	})
	t.Run("nothing is proposed or supported after the closing", func(t *testing.T) {
		e.clock.Set(h.Dates.ClosesAt)
		_, err := e.svc.Propose(ctx, author, h.ID, hearing.ProposalInput{Kind: hearing.KindProposal, Text: "Поздно"})
		wantCode(t, err, string(hearing.ReasonNotOpen))
		_, err = e.svc.Support(ctx, e.resident(t), good.ID)
		wantCode(t, err, string(hearing.ReasonNotOpen))
	})
}
