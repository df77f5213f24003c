package hearing

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/identity"
)

// Filter picks hearings in the public list.
type Filter struct {
	// Municipality is an OKTMO; "" means all.
	Municipality string
	// Status is one stage; "" means every stage but DRAFT. Drafts are
	// listed only to an officer of Municipality.
	Status  Status
	Subject Subject
}

// Page is a page of hearings.
type Page struct {
	Hearings []Hearing
	// Total is how many hearings the filter picks, on every page.
	Total int
	// More tells whether hearings follow this page.
	More bool
}

// List returns a page of up to limit hearings after the cursor (from the
// first with none), latest opening first, with their stages. It is public,
// except drafts.
func (s *Service) List(ctx context.Context, viewerID string, f Filter, after *Cursor, limit int) (Page, error) {
	if f.Status != "" && !f.Status.Valid() {
		return Page{}, &FieldError{"status", "INVALID", "Нет такой стадии", "no such stage"}
	}
	if f.Subject != "" && !f.Subject.Valid() {
		return Page{}, &FieldError{"subject", "INVALID", "Нет такого предмета слушаний", "no such subject"}
	}
	q := Query{Subject: f.Subject, After: after}
	if f.Municipality = strings.TrimSpace(f.Municipality); f.Municipality != "" {
		q.Municipalities = []string{f.Municipality}
	}
	if f.Status != "" {
		q.Statuses = []Status{f.Status}
	} else {
		q.Statuses = []Status{StatusAnnounced, StatusOpen, StatusClosed, StatusResultsPublished}
	}
	_, limit = page(0, limit)
	var p Page
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if f.Status == StatusDraft {
			if f.Municipality == "" {
				return &FieldError{"municipality", "REQUIRED", "Черновики показываются по муниципалитету", "drafts are listed by municipality"}
			}
			if err := organiser(ctx, tx, viewerID, f.Municipality); err != nil {
				return err
			}
		}
		// One more than the page tells whether another page follows.
		hs, n, err := tx.ListHearings(ctx, q, limit+1)
		if err != nil {
			return err
		}
		if p.More = len(hs) > limit; p.More {
			hs = hs[:limit]
		}
		p.Hearings, p.Total = hs, n
		return withStages(ctx, tx, p.Hearings)
	})
	return p, err
}

// withStages fills the stages of hs in one read.
func withStages(ctx context.Context, tx Tx, hs []Hearing) error {
	if len(hs) == 0 {
		return nil
	}
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.ID
	}
	m, err := tx.Stages(ctx, ids)
	if err != nil {
		return err
	}
	for i := range hs {
		st := m[hs[i].ID]
		if st == nil {
			st = []Stage{}
		}
		// Stages of one instant (a draft announced as soon as made, in
		// tests) keep the order of the stages.
		slices.SortStableFunc(st, func(a, b Stage) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return slices.Index(order, a.Status) - slices.Index(order, b.Status)
		})
		hs[i].Stages = st
	}
	return nil
}

// order is the stages in the order a hearing goes through them.
var order = []Status{StatusDraft, StatusAnnounced, StatusOpen, StatusClosed, StatusResultsPublished}

// Stages returns a hearing's history, oldest first: to anyone once it is
// announced, a draft's to its organisers only.
func (s *Service) Stages(ctx context.Context, viewerID, id string) ([]Stage, error) {
	h, err := s.Get(ctx, viewerID, id)
	return h.Stages, err
}

// Get returns a hearing; a draft only to an officer of its municipality.
func (s *Service) Get(ctx context.Context, viewerID, id string) (Hearing, error) {
	var h Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if h, err = tx.Hearing(ctx, id, LockNone); err != nil {
			return err
		}
		if err := visible(ctx, tx, viewerID, h); err != nil {
			return err
		}
		hs := []Hearing{h}
		err = withStages(ctx, tx, hs)
		h = hs[0]
		return err
	})
	return h, err
}

// visible refuses drafts to all but their organisers.
func visible(ctx context.Context, tx Tx, viewerID string, h Hearing) error {
	if h.Status != StatusDraft {
		return nil
	}
	ok, err := isOrganiser(ctx, tx, viewerID, h.Municipality)
	if err == nil && !ok {
		err = ErrNotFound
	}
	return err
}

// Mine returns the hearings the citizen may take part in, announced or
// open, closing soonest first: those of the municipality of his verified
// address, and urban-planning ones of territories where he holds a right.
func (s *Service) Mine(ctx context.Context, accountID string, offset, limit int) ([]Hearing, int, error) {
	offset, limit = page(offset, limit)
	var mine []Hearing
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		f, err := tx.Facts(ctx, accountID)
		if err != nil || f.Tier != account.TierConfirmed {
			return err
		}
		rights, err := tx.LandRights(ctx, accountID, "")
		if err != nil {
			return err
		}
		var places []string
		if f.AddressVerified && f.AddressOKTMO != "" {
			places = append(places, f.AddressOKTMO)
		}
		for _, r := range rights {
			if !slices.Contains(places, r.Municipality) {
				places = append(places, r.Municipality)
			}
		}
		if len(places) == 0 {
			return nil
		}
		hs, _, err := tx.ListHearings(ctx, Query{Municipalities: places, Statuses: []Status{StatusAnnounced, StatusOpen}}, 0)
		if err != nil {
			return err
		}
		f.LandRights = rights
		now := s.now()
		for _, h := range hs {
			st := h.StageAt(now)
			if e := Assess(h, f, now); e.Basis != "" && (st == StatusAnnounced || st == StatusOpen) {
				mine = append(mine, h)
			}
		}
		return withStages(ctx, tx, mine)
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortStableFunc(mine, func(a, b Hearing) int { return a.Dates.ClosesAt.Compare(b.Dates.ClosesAt) })
	n := len(mine)
	if offset >= n {
		return nil, n, nil
	}
	return mine[offset:min(n, offset+limit)], n, nil
}

// ProposalFilter picks proposals.
type ProposalFilter struct {
	Status ProposalStatus
	Kind   ProposalKind
}

// Proposals returns a page of a hearing's proposals, oldest first: the
// organiser sees all of them with their authors; a participant sees the
// published ones and his own (with the reason of a rejection); anyone
// else the published ones. Authors' names are the organiser's only: others
// see no author but themselves.
func (s *Service) Proposals(ctx context.Context, viewerID, hearingID string, f ProposalFilter, offset, limit int) ([]Proposal, int, error) {
	offset, limit = page(offset, limit)
	var out []Proposal
	var n int
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, err := tx.Hearing(ctx, hearingID, LockNone)
		if err != nil {
			return err
		}
		if err := visible(ctx, tx, viewerID, h); err != nil {
			return err
		}
		org, err := isOrganiser(ctx, tx, viewerID, h.Municipality)
		if err != nil {
			return err
		}
		q := ProposalQuery{All: org, OwnOf: viewerID, Status: f.Status, Kind: f.Kind, Viewer: viewerID}
		if out, n, err = tx.Proposals(ctx, h.ID, q, offset, limit); err != nil {
			return err
		}
		if !org {
			for i := range out {
				if out[i].AuthorID != viewerID || viewerID == "" {
					out[i].AuthorID = ""
				}
				// The recommendations are part of the results: nobody but the
				// organiser sees them before the results are published.
				if h.Status != StatusResultsPublished {
					out[i].Verdict, out[i].VerdictNote = "", ""
				}
			}
		}
		return nil
	})
	return out, n, err
}

// Participants returns a page of those who voted or proposed, with their
// names: to the organiser only.
func (s *Service) Participants(ctx context.Context, officerID, hearingID string, offset, limit int) ([]Participant, int, error) {
	offset, limit = page(offset, limit)
	var out []Participant
	var n int
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := s.officerHearing(ctx, tx, officerID, hearingID, LockNone); err != nil {
			return err
		}
		var err error
		out, n, err = tx.Participants(ctx, hearingID, offset, limit)
		return err
	})
	return out, n, err
}

// Notices returns a hearing's published notices, oldest first.
func (s *Service) Notices(ctx context.Context, viewerID, hearingID string) ([]Notice, error) {
	var out []Notice
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		h, err := tx.Hearing(ctx, hearingID, LockNone)
		if err != nil {
			return err
		}
		if err := visible(ctx, tx, viewerID, h); err != nil {
			return err
		}
		out, err = tx.Notices(ctx, hearingID)
		return err
	})
	return out, err
}

// LandRightInput is a right an officer read in the registry. The right
// holder is named by AccountID or by SNILS (as the registry names him),
// exactly one of them.
type LandRightInput struct {
	AccountID string
	// SNILS in any spelling ParseSNILS reads: "112-233-445 95".
	SNILS          string
	Municipality   string
	Kind           LandRightKind
	Cadastral      string
	RegistryRecord string
}

// RecordLandRight records a citizen's registered right to land or a
// building in the officer's municipality, as the registry shows it: it
// admits him to that territory's urban-planning hearings. A holder named
// by SNILS is the account whose SNILS it is, found by its look-up hash
// once the officer is known to be the municipality's.
func (s *Service) RecordLandRight(ctx context.Context, officerID string, in LandRightInput) (LandRight, error) {
	in.AccountID, in.SNILS = strings.TrimSpace(in.AccountID), strings.TrimSpace(in.SNILS)
	in.Cadastral, in.RegistryRecord = strings.TrimSpace(in.Cadastral), oneLine(in.RegistryRecord)
	if (in.AccountID == "") == (in.SNILS == "") {
		return LandRight{}, &FieldError{"accountId", "INVALID", "Укажите правообладателя: учётную запись или СНИЛС, что-то одно",
			"give the right holder by account or by SNILS, one of them"}
	}
	var snilsHash string
	if in.SNILS != "" {
		sn, err := identity.ParseSNILS(in.SNILS)
		var fe *identity.FieldError
		if errors.As(err, &fe) {
			return LandRight{}, &FieldError{"snils", "INVALID", fe.Ru, fe.En}
		}
		if err != nil {
			return LandRight{}, err
		}
		if s.Lookup == nil {
			return LandRight{}, errLookupUnset
		}
		snilsHash = s.Lookup.LookupHash("snils", sn)
	}
	quarter, ok := CadastralQuarter(in.Cadastral)
	switch {
	case in.Kind != RightLand && in.Kind != RightBuilding:
		return LandRight{}, &FieldError{"kind", "INVALID", "Право на землю или на здание", "a right to LAND or a BUILDING"}
	case !ok:
		return LandRight{}, &FieldError{"cadastral", "INVALID", "Кадастровый номер: вида 50:21:0110105:123", "a cadastral number reads like 50:21:0110105:123"}
	}
	if err := fieldLen("registryRecord", in.RegistryRecord, 3, 200, "Номер записи в ЕГРН", "the registry record"); err != nil {
		return LandRight{}, err
	}
	r := LandRight{ID: uuid.NewString(), AccountID: in.AccountID, Municipality: strings.TrimSpace(in.Municipality), Kind: in.Kind,
		Cadastral: in.Cadastral, Quarter: quarter, RegistryRecord: in.RegistryRecord, RecordedBy: officerID, RecordedAt: s.now()}
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := organiser(ctx, tx, officerID, r.Municipality); err != nil {
			return err
		}
		if snilsHash != "" {
			id, err := tx.AccountIDBySNILSHash(ctx, snilsHash)
			if err != nil {
				return err
			}
			if id == "" {
				return &FieldError{"snils", "NOT_FOUND", "Нет учётной записи с таким СНИЛС", "no account with this SNILS"}
			}
			r.AccountID = id
		} else if ok, err := tx.AccountExists(ctx, r.AccountID); err != nil {
			return err
		} else if !ok {
			return &FieldError{"accountId", "NOT_FOUND", "Нет такой учётной записи", "no such account"}
		}
		added, err := tx.AddLandRight(ctx, r)
		if err != nil {
			return err
		}
		if !added {
			return &FieldError{"cadastral", "ALREADY_RECORDED", "Это право уже записано за гражданином", "this right is recorded for the citizen already"}
		}
		return nil
	})
	return r, err
}

// MyLandRights returns the rights recorded for the account.
func (s *Service) MyLandRights(ctx context.Context, accountID string) ([]LandRight, error) {
	var out []LandRight
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.LandRights(ctx, accountID, "")
		return err
	})
	return out, err
}
