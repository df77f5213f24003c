package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/uslugi/uslugi/identity"
)

// Child is a minor a parent acts for in services that allow it.
type Child struct {
	ID         string
	ParentID   string
	LastName   string
	FirstName  string
	Patronymic string
	BirthDate  time.Time
	CertSeries string
	CertNumber string
	AddedAt    time.Time
}

// ChildInput is what the parent types from the birth certificate.
type ChildInput struct {
	LastName, FirstName, Patronymic string
	BirthDate                       string
	CertSeries, CertNumber          string
}

// AddChild records a child of a STANDARD (or CONFIRMED) parent from the
// birth certificate. A child is a minor: born less than 18 years ago. The
// same certificate cannot be added twice by one parent.
func (s *Service) AddChild(ctx context.Context, p Principal, in ChildInput, c Client) (Child, error) {
	now := s.now()
	var errs []error
	ch := Child{ID: newID(), ParentID: p.AccountID, AddedAt: now}
	var err error
	ch.LastName, err = identity.ParseName(in.LastName, "lastName")
	errs = append(errs, err)
	ch.FirstName, err = identity.ParseName(in.FirstName, "firstName")
	errs = append(errs, err)
	if strings.TrimSpace(in.Patronymic) != "" {
		ch.Patronymic, err = identity.ParseName(in.Patronymic, "patronymic")
		errs = append(errs, err)
	}
	ch.BirthDate, err = parseDate("birthDate", in.BirthDate)
	errs = append(errs, err)
	if err == nil && (ch.BirthDate.After(now) || !now.Before(ch.BirthDate.AddDate(18, 0, 0))) {
		errs = append(errs, fieldErr("birthDate", "NOT_A_MINOR", "Ребёнка можно добавить до его 18-летия", "a child can be added until turning 18"))
	}
	cert, err := identity.ParseBirthCertificate(in.CertSeries, in.CertNumber)
	errs = append(errs, err)
	ch.CertSeries, ch.CertNumber = cert.Series, cert.Number
	if err := asInput(errs...); err != nil {
		return Child{}, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		a, err := tx.AccountByID(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if a.Tier.Rank() < TierStandard.Rank() {
			return &ForbiddenError{NeedTier: TierStandard, HaveTier: a.Tier, HaveMethod: a.Method}
		}
		if err := tx.AddChild(ctx, ch); err != nil {
			if errors.Is(err, ErrContactTaken) {
				return InputErrors{fieldErr("birthCertificate", "ALREADY_ADDED", "Этот ребёнок уже добавлен", "this child is added already")}
			}
			return err
		}
		return s.audit(ctx, tx, "child.added", p.AccountID, p.AccountID, c, map[string]string{"child": ch.ID})
	})
	return ch, err
}

// Children lists the principal's children.
func (s *Service) Children(ctx context.Context, p Principal) ([]Child, error) {
	var out []Child
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Children(ctx, p.AccountID)
		return err
	})
	return out, err
}
