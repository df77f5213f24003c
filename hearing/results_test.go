package hearing_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/notification"
)

// signer records what it signs.
type signer struct{ signed [][]byte }

func (s *signer) SignProtocol(_ context.Context, p hearing.Protocol, canonical []byte) (string, error) {
	s.signed = append(s.signed, canonical)
	return "signature-of-" + p.HearingID, nil
}

func TestResults(t *testing.T) {
	e := newEnv(t)
	sg := &signer{}
	e.svc.Signer = sg
	ctx := context.Background()
	voters := []string{e.resident(t), e.resident(t), e.resident(t)}
	author := e.resident(t)
	var good, comment, rejected hearing.Proposal
	h := e.closed(t, func(h hearing.Hearing) {
		for i, o := range []hearing.Option{hearing.OptionFor, hearing.OptionFor, hearing.OptionAgainst} {
			if _, err := e.svc.Vote(ctx, voters[i], h.ID, vote(o)); err != nil {
				t.Fatal(err)
			}
		}
		var err error
		for _, x := range []struct {
			p    *hearing.Proposal
			kind hearing.ProposalKind
			text string
		}{{&good, hearing.KindProposal, "Сохранить деревья"}, {&comment, hearing.KindComment, "Мало парковок"}, {&rejected, hearing.KindProposal, "Спам"}} {
			if *x.p, err = e.svc.Propose(ctx, author, h.ID, hearing.ProposalInput{Kind: x.kind, Text: x.text}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.Moderate(ctx, e.officer, good.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Support(ctx, voters[0], good.ID); err != nil {
			t.Fatal(err)
		}
	})
	const conclusion = "Публичные слушания признаны состоявшимися; проект рекомендован к утверждению с учётом предложений."
	t.Run("needs every proposal moderated", func(t *testing.T) {
		_, err := e.svc.PublishResults(ctx, e.officer, h.ID, conclusion)
		wantCode(t, err, "UNMODERATED")
		// Moderation goes on after the closing.
		if _, err := e.svc.Moderate(ctx, e.officer, comment.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Moderate(ctx, e.officer, rejected.ID, false, "Не по существу проекта"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("needs a recommendation on every published proposal", func(t *testing.T) {
		_, err := e.svc.PublishResults(ctx, e.officer, h.ID, conclusion)
		wantCode(t, err, "NO_RECOMMENDATION")
		_, err = e.svc.Recommend(ctx, e.officer, good.ID, hearing.Recommendation{Verdict: hearing.VerdictAdvisable, Reasoning: "кратко"})
		wantCode(t, err, "LENGTH")
		_, err = e.svc.Recommend(ctx, e.officer, rejected.ID, hearing.Recommendation{Verdict: hearing.VerdictAdvisable, Reasoning: "Учесть при доработке"})
		wantCode(t, err, "NOT_PUBLISHED")
		_, err = e.svc.Recommend(ctx, author, good.ID, hearing.Recommendation{Verdict: hearing.VerdictAdvisable, Reasoning: "Учесть при доработке"})
		wantForbidden(t, err)
		for _, x := range []struct {
			id string
			v  hearing.Verdict
		}{{good.ID, hearing.VerdictAdvisable}, {comment.ID, hearing.VerdictNotAdvisable}} {
			if _, err := e.svc.Recommend(ctx, e.officer, x.id, hearing.Recommendation{Verdict: x.v, Reasoning: "Обоснование рекомендации организатора"}); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("the participant list is the organiser's", func(t *testing.T) {
		if _, _, err := e.svc.Participants(ctx, author, h.ID, 0, 10); err == nil {
			t.Fatal("a citizen read the participants")
		}
		ps, n, err := e.svc.Participants(ctx, e.officer, h.ID, 0, 10)
		if err != nil || n != 4 || len(ps) != 4 {
			t.Fatalf("%d participants %v", n, err)
		}
		for _, p := range ps {
			if p.LastName == "" || p.FirstAt.IsZero() {
				t.Errorf("participant %+v", p)
			}
			if p.AccountID == author && (p.Voted || p.Proposals != 3) {
				t.Errorf("author %+v", p)
			}
			if p.AccountID == voters[0] && (!p.Voted || p.Proposals != 0) {
				t.Errorf("voter %+v", p)
			}
		}
	})
	t.Run("publishes the protocol and tells every participant", func(t *testing.T) {
		e.clock.Advance(time.Hour)
		got, err := e.svc.PublishResults(ctx, e.officer, h.ID, conclusion)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != hearing.StatusResultsPublished || got.ProtocolID == "" || got.ProtocolSignature != "signature-of-"+h.ID {
			t.Fatalf("got %+v", got)
		}
		doc, err := e.svc.Protocol(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(doc.Data)
		if hex.EncodeToString(sum[:]) != doc.SHA256 || doc.SHA256 != got.ProtocolSHA256 || len(sg.signed) != 1 || string(sg.signed[0]) != string(doc.Data) {
			t.Errorf("the SHA-256 or signature does not match the stored protocol")
		}
		var p hearing.Protocol
		if err := json.Unmarshal(doc.Data, &p); err != nil {
			t.Fatal(err)
		}
		if q := p.Questions[0]; q.For != 2 || q.Against != 1 || p.Voters != 3 || p.Eligible != 4 || p.TurnoutPercent != "75.00" {
			t.Errorf("protocol tally %+v voters %d/%d %s", p.Questions, p.Voters, p.Eligible, p.TurnoutPercent)
		}
		if len(p.Proposals) != 2 || p.Proposals[0].ID != good.ID || p.Proposals[0].Supports != 1 || p.Proposals[0].Verdict != hearing.VerdictAdvisable ||
			p.Rejected != 1 || p.Conclusion != conclusion {
			t.Errorf("protocol proposals %+v rejected %d", p.Proposals, p.Rejected)
		}
		for _, id := range append(voters, author) {
			if strings.Contains(string(doc.Data), id) {
				t.Errorf("the protocol names participant %s", id)
			}
		}
		if again, _, err := p.Canonical(); err != nil || string(again) != string(doc.Data) {
			t.Errorf("the stored protocol is not canonical")
		}
		var told []string
		rows, err := e.db.QueryContext(ctx, "SELECT account_id FROM notifications WHERE kind = 'HEARINGS_RESULTS'")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			_ = rows.Scan(&id)
			told = append(told, id)
		}
		_ = rows.Close()
		slices.Sort(told)
		want := slices.Clone(append(voters, author))
		slices.Sort(want)
		if !slices.Equal(told, want) {
			t.Errorf("told %v, want %v", told, want)
		}
		if n := len(e.events(t, notification.TypeDeliver)); n < len(want) {
			t.Errorf("%d deliveries", n)
		}
	})
	t.Run("results are final", func(t *testing.T) {
		_, err := e.svc.PublishResults(ctx, e.officer, h.ID, conclusion)
		wantCode(t, err, "NOT_ALLOWED")
		_, err = e.svc.Recommend(ctx, e.officer, good.ID, hearing.Recommendation{Verdict: hearing.VerdictNotAdvisable, Reasoning: "Передумали окончательно"})
		wantCode(t, err, "NOT_ALLOWED")
	})
}

func TestPublishResults(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const conclusion = "Слушания состоялись, замечаний не поступило."
	t.Run("not while open", func(t *testing.T) {
		h := e.opened(t)
		_, err := e.svc.PublishResults(ctx, e.officer, h.ID, conclusion)
		wantCode(t, err, "NOT_ALLOWED")
	})
	t.Run("past the closing time, closes first", func(t *testing.T) {
		e.clock.Set(t0)
		h := e.opened(t)
		if _, err := e.svc.Vote(ctx, e.resident(t), h.ID, vote(hearing.OptionFor)); err != nil {
			t.Fatal(err)
		}
		e.clock.Set(h.Dates.ClosesAt.Add(time.Second))
		got, err := e.svc.PublishResults(ctx, e.officer, h.ID, conclusion)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != hearing.StatusResultsPublished || got.Voters != 1 || got.ProtocolSignature != "" {
			t.Errorf("got %+v", got)
		}
		tl, err := e.svc.Tally(ctx, "", h.ID)
		if err != nil || tl.Questions[0].For != 1 {
			t.Errorf("tally %+v %v", tl, err)
		}
		// The closing job that comes late does nothing.
		if err := e.svc.Close(ctx, h.ID, h.Dates.ClosesAt); err != nil {
			t.Fatal(err)
		}
		if st := e.get(t, h.ID).Status; st != hearing.StatusResultsPublished {
			t.Errorf("status %s", st)
		}
	})
}
