package hearing

import "context"

// Organised returns a page of the hearings of the officer's municipalities
// (the scopes of his MUNICIPAL_OFFICER grants), drafts included: of one
// stage when status is set, of every stage otherwise. The order and the
// cursor are the public list's (the latest opening first, then id), so a
// new draft for next month comes before an old hearing. An account without
// the role is refused; one whose grants name no municipality sees none.
func (s *Service) Organised(ctx context.Context, officerID string, status Status, after *Cursor, limit int) (Page, error) {
	if status != "" && !status.Valid() {
		return Page{}, &FieldError{"status", "INVALID", "Нет такой стадии", "no such stage"}
	}
	_, limit = page(0, limit)
	var p Page
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		scopes, err := tx.OfficerScopes(ctx, officerID)
		if err != nil {
			return err
		}
		if len(scopes) == 0 {
			return ErrNotOrganiser
		}
		q := Query{Municipalities: scopes, After: after}
		if status != "" {
			q.Statuses = []Status{status}
		}
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
