package identity

import "time"

// Passport is a citizen's internal passport of the Russian Federation, as
// ParsePassport normalises it.
type Passport struct {
	// Series is 4 digits: "4506".
	Series string
	// Number is 6 digits: "123456".
	Number string
	// IssuerCode is the issuing unit's code as printed: "770-001".
	IssuerCode string
	// IssuedOn is the issue date at midnight UTC.
	IssuedOn time.Time
}

// passportIntroduced is the day the current internal passport began to be
// issued (Government decree No. 828 of 8 July 1997).
var passportIntroduced = time.Date(1997, time.October, 1, 0, 0, 0, 0, time.UTC)

// latestZone is the easternmost time zone of Russia (Kamchatka, Chukotka):
// a date is in the future only if it has not yet come anywhere in Russia.
var latestZone = time.FixedZone("UTC+12", 12*60*60)

// ParsePassport checks an internal passport of the Russian Federation and
// returns it normalised.
//
//   - series: 4 digits, spaces allowed ("45 06" gives "4506"); field
//     "passportSeries";
//   - number: 6 digits, spaces and a "№" allowed; field "passportNumber";
//   - issuer code: the issuing unit's "NNN-NNN", also accepted as
//     "NNNNNN" or with spaces, returned as "NNN-NNN"; field
//     "passportIssuerCode";
//   - issue date (field "passportIssuedOn"): required; not after today,
//     where today is the date in the easternmost Russian time zone (UTC+12)
//     at now, so a citizen in Kamchatka may enter today's date
//     (CodeInFuture); not before 1 October 1997, when the current passport
//     was introduced (CodeTooEarly); not before the holder's 14th birthday
//     (CodeUnder14), checked only when birth is not zero. A 29 February
//     birthday falls on 28 February in common years (Civil Code art. 192).
//
// Dates are read as calendar dates in their own location and IssuedOn is
// that date at midnight UTC. Every wrong field is reported: one gives a
// *FieldError, several a FieldErrors (use Fields to list them).
func ParsePassport(series, number, issuerCode string, issued, birth time.Time, now time.Time) (Passport, error) {
	var errs FieldErrors
	var p Passport
	var fe *FieldError
	if p.Series, fe = passportSeries(series); fe != nil {
		errs = append(errs, fe)
	}
	if p.Number, fe = passportNumber(number); fe != nil {
		errs = append(errs, fe)
	}
	if p.IssuerCode, fe = issuerCodeOf(issuerCode); fe != nil {
		errs = append(errs, fe)
	}
	if p.IssuedOn, fe = issueDate(issued, birth, now); fe != nil {
		errs = append(errs, fe)
	}
	switch len(errs) {
	case 0:
		return p, nil
	case 1:
		return Passport{}, errs[0]
	}
	return Passport{}, errs
}

func passportSeries(s string) (string, *FieldError) {
	const f = FieldPassportSeries
	s = trim(s)
	if s == "" {
		return "", fieldErr(f, CodeRequired,
			"Укажите серию паспорта: 4 цифры, например 45 06",
			"enter the passport series: 4 digits, e.g. 45 06")
	}
	d, fe := digitsOf(s, f, ignorable, "в серии паспорта", "in a passport series")
	if fe != nil {
		return "", fe
	}
	switch len(d) {
	case 4:
		return d, nil
	case 10:
		return "", fieldErr(f, CodeWrongLength,
			"Похоже, здесь серия вместе с номером: в серии 4 цифры, номер (6 цифр) укажите в своём поле",
			"this looks like the series and the number together: the series is 4 digits, the 6-digit number has its own field")
	}
	ru, en := countNote(len(d))
	return "", fieldErr(f, CodeWrongLength,
		"В серии паспорта 4 цифры"+ru,
		"a passport series has 4 digits"+en)
}

func passportNumber(s string) (string, *FieldError) {
	const f = FieldPassportNumber
	s = trim(s)
	if s == "" {
		return "", fieldErr(f, CodeRequired,
			"Укажите номер паспорта: 6 цифр",
			"enter the passport number: 6 digits")
	}
	d, fe := digitsOf(s, f, spaceOrNumberSign, "в номере паспорта", "in a passport number")
	if fe != nil {
		return "", fe
	}
	if len(d) != 6 {
		ru, en := countNote(len(d))
		return "", fieldErr(f, CodeWrongLength,
			"В номере паспорта 6 цифр"+ru,
			"a passport number has 6 digits"+en)
	}
	return d, nil
}

func issuerCodeOf(s string) (string, *FieldError) {
	const f = FieldPassportIssuerCode
	s = trim(s)
	if s == "" {
		return "", fieldErr(f, CodeRequired,
			"Укажите код подразделения из паспорта: 6 цифр, например 770-001",
			"enter the issuer code from the passport: 6 digits, e.g. 770-001")
	}
	d, fe := digitsOf(s, f, spaceOrDash, "в коде подразделения", "in an issuer code")
	if fe != nil {
		return "", fe
	}
	if len(d) != 6 {
		ru, en := countNote(len(d))
		return "", fieldErr(f, CodeWrongLength,
			"В коде подразделения 6 цифр (вида 770-001)"+ru,
			"an issuer code has 6 digits (like 770-001)"+en)
	}
	return d[:3] + "-" + d[3:], nil
}

func issueDate(issued, birth, now time.Time) (time.Time, *FieldError) {
	const f = FieldPassportIssuedOn
	if issued.IsZero() {
		return time.Time{}, fieldErr(f, CodeRequired,
			"Укажите дату выдачи паспорта",
			"enter the passport's date of issue")
	}
	day := dateOf(issued)
	if day.After(dateOf(now.In(latestZone))) {
		return time.Time{}, fieldErr(f, CodeInFuture,
			"Дата выдачи паспорта ещё не наступила: проверьте год, месяц и день",
			"the date of issue is in the future: check the year, month and day")
	}
	if day.Before(passportIntroduced) {
		return time.Time{}, fieldErr(f, CodeTooEarly,
			"Паспорт нынешнего образца выдают с 1 октября 1997 года: проверьте дату выдачи",
			"the current passport has been issued since 1 October 1997: check the date of issue")
	}
	if !birth.IsZero() && day.Before(addYears(dateOf(birth), 14)) {
		return time.Time{}, fieldErr(f, CodeUnder14,
			"Паспорт выдают с 14 лет, а на дату выдачи владельцу не было 14: проверьте дату выдачи и дату рождения",
			"a passport is issued from the age of 14, and the holder was younger on the date of issue: check both dates")
	}
	return day, nil
}

// dateOf is t's calendar date, in t's own location, at midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// addYears is the same day n years after date d (a midnight UTC date); 29
// February becomes 28 February in a common year, as the Civil Code counts
// an age (art. 192: a period ending in a month without that day ends on
// the month's last day).
func addYears(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	t := time.Date(y+n, m, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		t = time.Date(y+n, m+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return t
}
