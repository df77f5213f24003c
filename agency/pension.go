package agency

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SFRPension is SFR's statement of a person's pension account (выписка из
// индивидуального лицевого счёта): the insurance record, the pension
// points and the contributions employers paid, on request.
type SFRPension interface {
	// RequestPensionStatement asks for a statement and returns its ticket.
	// ErrUnavailable: not accepted, try again. ErrInvalidRequest: a SNILS
	// without 11 digits, a missing name or date of birth.
	RequestPensionStatement(ctx context.Context, q PensionQuery) (Ticket, error)
	// PensionStatement returns the answer so far: Pending until SFR
	// answers. ErrUnknownTicket: not a ticket of RequestPensionStatement.
	PensionStatement(ctx context.Context, t Ticket) (PensionResult, error)
}

// PensionQuery is the person whose statement is requested.
type PensionQuery struct {
	// SNILS: 11 digits; spaces and dashes are ignored.
	SNILS                           string
	LastName, FirstName, Patronymic string // Patronymic is optional
	BirthDate                       time.Time
}

// PensionResult is SFR's answer to a statement request.
type PensionResult struct {
	State State
	// Reason is ReasonNameMismatch when Rejected.
	Reason Reason
	// Statement is set once Confirmed.
	Statement *PensionStatement
	// Message is for the citizen, in Russian; MessageEn is its English text.
	Message, MessageEn string
	AnsweredAt         time.Time // zero while Pending
}

// Done reports whether SFR has answered.
func (r PensionResult) Done() bool { return r.State == StateConfirmed || r.State == StateRejected }

// PensionStatement is a person's pension account as of the end of the last
// full year.
type PensionStatement struct {
	// The insurance record (страховой стаж): the sum of the Contributions'
	// periods, counting 30 days as a month and 12 months as a year.
	InsuranceYears, InsuranceMonths, InsuranceDays int
	// IPK is the individual pension coefficient (pension points) in
	// thousandths: 84512 is 84.512.
	IPK int64
	// Contributions paid for the person, oldest first; a year may have two
	// when the person changed employers.
	Contributions []Contribution
}

// Contribution is the insurance contributions an employer paid for a period
// of a year.
type Contribution struct {
	Year     int
	Employer Employer
	// From and To are the first and last days of the period worked (UTC
	// midnights), within Year.
	From, To      time.Time
	AmountKopecks int64
}

// Employer is an organisation that employed the person.
type Employer struct {
	Name string
	INN  string // 10 digits
}

var employers = []string{
	"ООО «Вектор»", "АО «Стройтрест № 5»", "ООО «Торговый дом «Восток»", "ГБОУ «Школа № 1234»",
	"ООО «Альфа-Логистик»", "ПАО «Северный машиностроительный завод»", "ООО «Цифровые решения»",
	"ГБУЗ «Городская поликлиника № 12»", "АО «Городские сети»", "ООО «Хлебозавод № 3»",
}

// maxBaseRoubles is the yearly earnings above which no pension
// contributions are due (предельная величина базы): earning it gives 10
// pension points.
var maxBaseRoubles = map[int]int64{
	2010: 415_000, 2011: 463_000, 2012: 512_000, 2013: 568_000, 2014: 624_000,
	2015: 711_000, 2016: 796_000, 2017: 876_000, 2018: 1_021_000, 2019: 1_150_000,
	2020: 1_292_000, 2021: 1_465_000, 2022: 1_565_000, 2023: 1_917_000, 2024: 2_225_000,
	2025: 2_759_000, 2026: 2_979_000,
}

// ipkCap is the most pension points a year can give, in thousandths: 10
// since 2021, less in the years before.
func ipkCap(year int) int64 {
	caps := map[int]int64{2016: 7_830, 2017: 8_260, 2018: 8_700, 2019: 9_130, 2020: 9_570}
	switch {
	case year <= 2015:
		return 7_390
	case year >= 2021:
		return 10_000
	}
	return caps[year]
}

func maxBase(year int) int64 {
	if b, ok := maxBaseRoubles[year]; ok {
		return b * 100
	}
	b := maxBaseRoubles[2010]
	for y := year; y < 2010; y++ {
		b = b * 100 / 110
	}
	for y := 2026; y < year; y++ {
		b = b * 110 / 100
	}
	return b * 100
}

const (
	kindSFRPension = "sfr.pension"
	// contributionsFrom is the first year the simulator lists.
	contributionsFrom = 2002
	// contributionRate is the pension contributions' share of earnings, %.
	contributionRate = 22
)

var _ SFRPension = (*SFRSimulator)(nil)

// RequestPensionStatement accepts a request; the answer, by the SNILS's
// 9-digit body:
//
//   - ends in "000": Rejected, ReasonNameMismatch, after the latency;
//   - ends in "002": Confirmed after the latency, with no record at all;
//   - ends in "998": Confirmed after SlowLatency (1 hour);
//   - ends in "999": never answered (Pending forever);
//   - otherwise Confirmed after the latency.
//
// The statement is decided by a hash of the SNILS: work starts at 18 to 23
// (not before 2002, when the listed contributions start), with a year off
// now and then and a change of employer in some years, and ends with the
// last full year or at 60 to 64. Earnings grow 8% a year; the pension
// points of a year are 10 times the earnings over the year's maximum base
// of contributions, at most 10 (7.39 up to 2015, rising to 10 in 2021).
// With a FailureRate, a share of requests fails with ErrUnavailable.
func (s *SFRSimulator) RequestPensionStatement(ctx context.Context, q PensionQuery) (Ticket, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	snils, err := snilsDigits(q.SNILS)
	if err == nil {
		switch {
		case strings.TrimSpace(q.LastName) == "" || strings.TrimSpace(q.FirstName) == "":
			err = fmt.Errorf("%w: last and first name are required", ErrInvalidRequest)
		case q.BirthDate.IsZero():
			err = fmt.Errorf("%w: date of birth is required", ErrInvalidRequest)
		}
	}
	if err != nil {
		return "", fmt.Errorf("sfr: request pension statement: %w", err)
	}
	now := s.now()
	if s.faults.fails(now, "sfr.pension", snils, q.LastName, q.FirstName, q.Patronymic, q.BirthDate.Format(time.DateOnly)) {
		return "", fmt.Errorf("sfr: request pension statement: %w", ErrUnavailable)
	}
	// The ticket carries a hash of the SNILS and the years of work, from
	// which the statement is made, instead of personal data.
	sd := seedOf(kindSFRPension, snils)
	born := q.BirthDate.Year()
	from := max(born+18+int(sd.n(0, 6)), contributionsFrom)
	to := min(now.In(moscow).Year()-1, born+60+int(sd.n(1, 5)))
	body := snils[:9]
	if strings.HasSuffix(body, "002") {
		from = to + 1
	}
	d := newTicketData(kindSFRPension, now, snils)
	d.Ref = fmt.Sprintf("%s.%d.%d", hex.EncodeToString(sd[:8]), from, to)
	switch {
	case strings.HasSuffix(body, "000"):
		d.answer(StateRejected, ReasonNameMismatch, now.Add(s.latency))
	case strings.HasSuffix(body, "998"):
		d.answer(StateConfirmed, "", now.Add(SlowLatency))
	case strings.HasSuffix(body, "999"):
		d.State = StatePending // never answers
	default:
		d.answer(StateConfirmed, "", now.Add(s.latency))
	}
	return d.encode(), nil
}

// PensionStatement answers any ticket of RequestPensionStatement, in this
// process or another.
func (s *SFRSimulator) PensionStatement(ctx context.Context, t Ticket) (PensionResult, error) {
	if err := ctx.Err(); err != nil {
		return PensionResult{}, err
	}
	d, err := decodeTicket(t, kindSFRPension)
	var from, to int
	if err == nil {
		parts := strings.Split(d.Ref, ".")
		ok := len(parts) == 3 && len(parts[0]) == 16
		if ok {
			from, err = strconv.Atoi(parts[1])
			ok = err == nil
		}
		if ok {
			to, err = strconv.Atoi(parts[2])
			ok = err == nil && from > 1900 && to > 1900 && from <= to+1
		}
		if !ok {
			err = ErrUnknownTicket
		}
	}
	if err != nil {
		return PensionResult{}, fmt.Errorf("sfr: pension statement: %w", err)
	}
	r := d.result(s.now(), pensionText)
	out := PensionResult{State: r.State, Reason: r.Reason, Message: r.Message, MessageEn: r.MessageEn, AnsweredAt: r.AnsweredAt}
	if r.State == StateConfirmed {
		st := pensionStatement(strings.Split(d.Ref, ".")[0], from, to)
		out.Statement = &st
	}
	return out, nil
}

func pensionText(r Reason) (ru, en string) {
	if r == ReasonNameMismatch {
		return sfrText(r)
	}
	return "Выписка из индивидуального лицевого счёта готова", "The pension account statement is ready"
}

// pensionStatement makes the statement of the person with hash h who
// worked from year from to year to.
func pensionStatement(h string, from, to int) PensionStatement {
	var st PensionStatement
	if from > to {
		return st
	}
	sd := seedOf("sfr.statement", h)
	// Monthly earnings in 2025, then 8% less for each year before.
	monthly2025 := int64(40_000+sd.n(0, 160_001)) * 100
	employer := int(sd.n(1, uint64(len(employers))))
	var months, days int
	for y := from; y <= to; y++ {
		ys := seedOf(string(sd[:]), "year", strconv.Itoa(y))
		if y > from && ys.n(0, 100) < 8 {
			continue // a year off
		}
		monthly := monthly2025
		for range max(2025-y, 0) {
			monthly = monthly * 100 / 108
		}
		for range max(y-2025, 0) {
			monthly = monthly * 108 / 100
		}
		start := time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)
		if y == from {
			start = time.Date(y, time.Month(1+ys.n(1, 12)), 1+int(ys.n(2, 28)), 0, 0, 0, 0, time.UTC)
		}
		end := time.Date(y, time.December, 31, 0, 0, 0, 0, time.UTC)
		periods := [][2]time.Time{{start, end}}
		if ys.n(3, 100) < 15 && start.Month() < time.December {
			// A new employer from the first of a later month.
			change := time.Date(y, start.Month()+1+time.Month(ys.n(1, uint64(time.December-start.Month()))), 1, 0, 0, 0, 0, time.UTC)
			periods = [][2]time.Time{{start, change.AddDate(0, 0, -1)}, {change, end}}
		}
		var earned int64
		for i, p := range periods {
			if i > 0 {
				employer = (employer + 1 + int(ys.n(2, uint64(len(employers)-1)))) % len(employers)
			}
			m, d := span(p[0], p[1])
			months, days = months+m, days+d
			daysIn := int64(time.Date(y+1, time.January, 1, 0, 0, 0, 0, time.UTC).Sub(time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
			periodDays := int64(p[1].Sub(p[0])/(24*time.Hour)) + 1
			e := monthly * 12 * periodDays / daysIn
			earned += e
			name := employers[employer]
			st.Contributions = append(st.Contributions, Contribution{
				Year:          y,
				Employer:      Employer{Name: name, INN: withINNCheck("7705" + seedOf("sfr.employer", name).digits("inn", 5))},
				From:          p[0],
				To:            p[1],
				AmountKopecks: e * contributionRate / 100,
			})
		}
		st.IPK += min(ipkCap(y), 10_000*earned/maxBase(y))
	}
	months += days / 30
	st.InsuranceYears, st.InsuranceMonths, st.InsuranceDays = months/12, months%12, days%30
	return st
}

// span is the length of the period from the day from to the day to, both
// included, in whole months and the days left.
func span(from, to time.Time) (months, days int) {
	end := to.AddDate(0, 0, 1)
	months = (end.Year()-from.Year())*12 + int(end.Month()) - int(from.Month())
	for from.AddDate(0, months, 0).After(end) {
		months--
	}
	return months, int(end.Sub(from.AddDate(0, months, 0)) / (24 * time.Hour))
}
