package hearing_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/hearing/hearingtest"
)

func TestUpdateDraftKeepsOrReplacesMaterials(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	h := e.draft(t)
	d := hearingtest.Draft(hearingtest.Kazan, opens, closes)
	d.Title, d.Materials = "Проект планировки квартала 14, вторая редакция", nil
	got, err := e.svc.UpdateDraft(ctx, e.officer, h.ID, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Materials) != len(h.Materials) || got.Materials[0].Key != h.Materials[0].Key {
		t.Errorf("no materials given: %+v, want the old %+v", got.Materials, h.Materials)
	}
	d.Materials = []hearing.Attachment{{Name: "v2.pdf", Key: "hearings/materials/v2.pdf", ContentType: "application/pdf", Size: 10}}
	if got, err = e.svc.UpdateDraft(ctx, e.officer, h.ID, d); err != nil {
		t.Fatal(err)
	}
	if stored := e.get(t, h.ID); len(stored.Materials) != 1 || stored.Materials[0].Name != "v2.pdf" || len(got.Materials) != 1 {
		t.Errorf("new materials: %+v", stored.Materials)
	}
}

func TestOrganisedListsTheOfficersMunicipalitiesWithDrafts(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	draft, announced := e.draft(t), e.announced(t)
	theirs := e.addOfficer(t, hearingtest.Naberezhnye)
	if _, err := e.svc.Create(ctx, theirs, hearingtest.Draft(hearingtest.Naberezhnye, opens, closes)); err != nil {
		t.Fatal(err)
	}

	p, err := e.svc.Organised(ctx, e.officer, "", nil, 1)
	if err != nil || p.Total != 2 || len(p.Hearings) != 1 || !p.More {
		t.Fatalf("the first page: %+v %v", p, err)
	}
	after := hearing.CursorOf(p.Hearings[0])
	q, err := e.svc.Organised(ctx, e.officer, "", &after, 1)
	if err != nil || len(q.Hearings) != 1 || q.More {
		t.Fatalf("the second page: %+v %v", q, err)
	}
	ids := map[string]bool{p.Hearings[0].ID: true, q.Hearings[0].ID: true}
	if !ids[draft.ID] || !ids[announced.ID] || len(p.Hearings[0].Stages) == 0 {
		t.Errorf("listed %v, want %s and %s with their stages", ids, draft.ID, announced.ID)
	}
	if p, err := e.svc.Organised(ctx, e.officer, hearing.StatusDraft, nil, 10); err != nil || p.Total != 1 || p.Hearings[0].ID != draft.ID {
		t.Errorf("drafts: %+v %v", p, err)
	}
	if p, err := e.svc.Organised(ctx, theirs, "", nil, 10); err != nil || p.Total != 1 || p.Hearings[0].Municipality != hearingtest.Naberezhnye {
		t.Errorf("another municipality's officer: %+v %v", p, err)
	}
	citizen := e.resident(t)
	if _, err := e.svc.Organised(ctx, citizen, "", nil, 10); !errors.Is(err, hearing.ErrNotOrganiser) {
		t.Errorf("a citizen: %v", err)
	}
}
