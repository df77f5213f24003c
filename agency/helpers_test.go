package agency_test

import (
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
)

// t0 is 10:00 in Moscow.
var t0 = time.Date(2026, time.March, 10, 7, 0, 0, 0, time.UTC)

func person(body string) agency.PersonCheck {
	return agency.PersonCheck{
		SNILS:      agencytest.SNILS(body),
		LastName:   "Иванов",
		FirstName:  "Иван",
		Patronymic: "Иванович",
		BirthDate:  time.Date(1985, time.May, 17, 0, 0, 0, 0, time.UTC),
		Sex:        agency.SexMale,
	}
}

func passport(series, number string) agency.DocumentCheck {
	return agency.DocumentCheck{
		Kind:        agency.DocRFPassport,
		Series:      series,
		Number:      number,
		IssuedOn:    time.Date(2015, time.June, 1, 0, 0, 0, 0, time.UTC),
		IssuerCode:  "770-001",
		LastName:    "Иванов",
		FirstName:   "Иван",
		BirthDate:   time.Date(1985, time.May, 17, 0, 0, 0, 0, time.UTC),
		Citizenship: "RUS",
	}
}
