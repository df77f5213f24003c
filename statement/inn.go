package statement

import (
	"context"
	"strings"
)

// FindINN asks the tax service for the citizen's INN by his passport and
// the name and birth date in his profile, and keeps it in the profile for
// tax look-ups. found is false when the tax service has none (the citizen
// may apply for one).
func (s *Service) FindINN(ctx context.Context, accountID, series, number string) (inn string, found bool, err error) {
	series, number = digitsOnly(series), digitsOnly(number)
	if len(series) != 4 {
		return "", false, &FieldError{"passportSeries", "INVALID", "Серия паспорта — 4 цифры, например 45 06", "the passport series is 4 digits, e.g. 45 06"}
	}
	if len(number) != 6 {
		return "", false, &FieldError{"passportNumber", "INVALID", "Номер паспорта — 6 цифр", "the passport number is 6 digits"}
	}
	var person Person
	if err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		person, err = tx.Person(ctx, accountID)
		return err
	}); err != nil {
		return "", false, err
	}
	inn, found, err = s.gw.FindINN(ctx, person, series, number)
	if err != nil {
		return "", false, err
	}
	if !found {
		return "", false, nil
	}
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.SetINN(ctx, accountID, inn); err != nil {
			return err
		}
		// Debts are looked up by the INN: ask again with it.
		return tx.ExpireCheck(ctx, accountID, SourceFNS)
	})
	return inn, true, err
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == ' ' || r == '-' {
			return -1
		}
		return 'x'
	}, s)
}
