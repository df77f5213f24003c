package duplicate

import (
	"context"
	"time"

	"github.com/uslugi/uslugi/account"
)

// CentreEntry is a duplicate as the operators of the centre that made it
// list it: what it is, who made it and when, whether it was revoked, and
// the citizen by surname and initials only ("Иванов И. И.").
type CentreEntry struct {
	ID         string
	Type       string
	Citizen    string
	OperatorID string
	MadeAt     time.Time
	Revoked    bool
}

// CentreCursor is where a page of a centre's duplicates ends: its last
// duplicate's signing time and id, in the list's order (newest first, then
// id). The next page starts after it by those values, so duplicates made
// while an operator pages through do not shift the pages he has not read.
type CentreCursor struct {
	MadeAt time.Time
	ID     string
}

// Cursor is the cursor just after e.
func (e CentreEntry) Cursor() CentreCursor { return CentreCursor{MadeAt: e.MadeAt, ID: e.ID} }

// CentrePage is a page of a centre's duplicates.
type CentrePage struct {
	Entries []CentreEntry
	// Total is how many duplicates the centres made, on every page.
	Total int
	More  bool
}

// CentreRecord is a centre's duplicate as the store reads it, with its
// citizen's full name, which the list shortens.
type CentreRecord struct {
	CentreEntry
	LastName, FirstName, Patronymic string
}

// CentreTx is what the operators' list of duplicates reads.
type CentreTx interface {
	// CentreDuplicates returns up to limit duplicates made at the centres,
	// newest first then by id, after the cursor when set, and how many the
	// centres made in all.
	CentreDuplicates(ctx context.Context, centres []string, after *CentreCursor, limit int) ([]CentreRecord, int, error)
}

// Page sizes of CentreDuplicates.
const (
	DefaultCentrePage = 20
	MaxCentrePage     = 100
)

// CentreDuplicates lists the duplicates made at the operator's service
// centres (the scopes of his OPERATOR grants), newest first. Another
// centre's duplicates are not among them; an account that operates no
// centre is refused with ErrNotOperator.
func (s *Service) CentreDuplicates(ctx context.Context, operatorID string, after *CentreCursor, limit int) (CentrePage, error) {
	if limit <= 0 {
		limit = DefaultCentrePage
	}
	limit = min(limit, MaxCentrePage)
	var p CentrePage
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cs, err := centresOf(ctx, tx, operatorID)
		if err != nil {
			return err
		}
		rs, n, err := tx.CentreDuplicates(ctx, cs, after, limit+1)
		if err != nil {
			return err
		}
		if p.More = len(rs) > limit; p.More {
			rs = rs[:limit]
		}
		p.Total = n
		p.Entries = make([]CentreEntry, len(rs))
		for i, r := range rs {
			p.Entries[i] = r.CentreEntry
			p.Entries[i].Citizen = account.ShortName(r.LastName, r.FirstName, r.Patronymic)
		}
		return nil
	})
	return p, err
}
