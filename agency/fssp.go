package agency

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FSSP is the Federal Bailiff Service: the enforcement proceedings
// (исполнительные производства) open against a person, court debts
// included.
type FSSP interface {
	// Proceedings returns the person's open proceedings, newest first.
	// ErrInvalidRequest: a missing name or date of birth, a region code that
	// is not 2 digits. ErrUnavailable: try again later.
	Proceedings(ctx context.Context, q ProceedingsQuery) ([]Proceeding, error)
}

// ProceedingsQuery is the debtor searched for.
type ProceedingsQuery struct {
	LastName, FirstName, Patronymic string // Patronymic is optional
	BirthDate                       time.Time
	// RegionCode is the 2-digit code of the region searched ("77");
	// empty searches them all.
	RegionCode string
}

// Proceeding is an enforcement proceeding.
type Proceeding struct {
	Number  string // "12345/24/77001-ИП": serial/year/region and department-ИП
	Date    time.Time
	Subject string // Russian: "Штраф ГИБДД", "Задолженность по кредиту", ...
	// RegionCode is the 2-digit code of the region of the proceeding.
	RegionCode string
	// AmountOwedKopecks is what remains to pay: the debt less the payments
	// GIS GMP holds for the UIN.
	AmountOwedKopecks int64
	BailiffOffice     BailiffOffice
	// UIN identifies the debt to pay: 20 digits starting with 322.
	UIN    string
	Paid   bool // paid in full; the proceeding stays open until it ends
	PaidAt time.Time
}

// BailiffOffice is the department of bailiffs in charge.
type BailiffOffice struct {
	Name, Address string
}

var fsspSubjects = []struct {
	subject          string
	minRub, maxRub   int64
	weight           uint64
	wholeRoublesOnly bool
}{
	{"Штраф ГИБДД", 500, 5_000, 30, true},
	{"Задолженность по кредиту", 20_000, 600_000, 25, false},
	{"Задолженность по оплате жилищно-коммунальных услуг", 5_000, 90_000, 20, false},
	{"Налоги и сборы", 1_000, 40_000, 15, false},
	{"Штраф как вид наказания", 1_000, 20_000, 5, true},
	{"Исполнительский сбор", 1_000, 20_000, 5, true},
}

var fsspRegions = []struct{ code, authority, city string }{
	{"77", "ГУФССП России по г. Москве", "г. Москва"},
	{"50", "ГУФССП России по Московской области", "Московская обл., г. Балашиха"},
	{"78", "ГУФССП России по г. Санкт-Петербургу", "г. Санкт-Петербург"},
	{"23", "ГУФССП России по Краснодарскому краю", "г. Краснодар"},
	{"66", "ГУФССП России по Свердловской области", "г. Екатеринбург"},
	{"16", "УФССП России по Республике Татарстан", "г. Казань"},
	{"54", "ГУФССП России по Новосибирской области", "г. Новосибирск"},
	{"52", "ГУФССП России по Нижегородской области", "г. Нижний Новгород"},
	{"61", "ГУФССП России по Ростовской области", "г. Ростов-на-Дону"},
	{"02", "ГУФССП России по Республике Башкортостан", "г. Уфа"},
}

var fsspStreets = []string{"ул. Ленина", "ул. Советская", "ул. Мира", "ул. Гагарина", "просп. Победы", "ул. Садовая"}

// The simulated proceedings: for a debtor, each 30-day period since
// fsspEpoch opens a proceeding with a chance of fsspPerMille in 1000; it
// stays open from half a year to three years.
var fsspEpoch = time.Date(2019, time.January, 1, 0, 0, 0, 0, moscow)

const (
	fsspPeriod        = 30 * 24 * time.Hour
	fsspPerMille      = 60
	fsspDebtorPercent = 30
)

// FSSPSimulator is a deterministic FSSP, safe for concurrent use. Besides
// the look-up rules (LookupOptions), by the last name (ignoring case and
// "ё"):
//
//	last name              proceedings
//	"Сбоев", "Сбоева"      the agency is down: ErrUnavailable
//	"Зависов", "Зависова"  no answer until ctx is done
//	"Должников(а)"         a debtor: always one proceeding over a credit debt
//	                       (from 2023) in region 77, and more as for any debtor
//	anything else          30% of people are debtors, decided by a hash of the
//	                       full name and date of birth
//
// A debtor's proceedings open as the clock moves (about one a year) and
// stay open from half a year to three years; most are in his home region
// (a hash picks it), a fifth in another. A query with a RegionCode returns
// only the proceedings of that region. Payments GIS GMP holds for a
// proceeding's UIN reduce what is owed.
type FSSPSimulator struct {
	l   lookup
	gmp *GISGMPSimulator
}

var _ FSSP = (*FSSPSimulator)(nil)

// NewFSSPSimulator returns an FSSP simulator reading time from clock (nil:
// time.Now) and payments from register (nil: none).
func NewFSSPSimulator(clock func() time.Time, register *GISGMPSimulator, opts LookupOptions) *FSSPSimulator {
	return &FSSPSimulator{l: newLookup("fssp", clock, opts), gmp: register}
}

// Proceedings returns the open proceedings of the person at the clock's
// time.
func (s *FSSPSimulator) Proceedings(ctx context.Context, q ProceedingsQuery) ([]Proceeding, error) {
	name := func(s string) string {
		return strings.ReplaceAll(strings.ToUpper(strings.Join(strings.Fields(s), " ")), "Ё", "Е")
	}
	q.LastName, q.FirstName, q.Patronymic = name(q.LastName), name(q.FirstName), name(q.Patronymic)
	q.RegionCode = strings.TrimSpace(q.RegionCode)
	var bad string
	switch {
	case q.LastName == "" || q.FirstName == "":
		bad = "last and first name are required"
	case q.BirthDate.IsZero():
		bad = "date of birth is required"
	case q.RegionCode != "" && (!isDigits(q.RegionCode, 2) || q.RegionCode == "00"):
		bad = "the region code has 2 digits, from 01 to 99"
	}
	if bad != "" {
		return nil, fmt.Errorf("fssp: proceedings: %w: %s", ErrInvalidRequest, bad)
	}
	sp := ordinary
	switch q.LastName {
	case "СБОЕВ", "СБОЕВА":
		sp = down
	case "ЗАВИСОВ", "ЗАВИСОВА":
		sp = hang
	}
	person := []string{q.LastName, q.FirstName, q.Patronymic, q.BirthDate.Format(time.DateOnly)}
	if err := s.l.await(ctx, sp, append(person, q.RegionCode)...); err != nil {
		return nil, fmt.Errorf("fssp: proceedings: %w", err)
	}
	now := s.l.now()
	var out []Proceeding
	for _, p := range s.proceedingsOf(q.LastName, person, now) {
		if q.RegionCode == "" || p.RegionCode == q.RegionCode {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Proceeding) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Number, b.Number))
	})
	return out, nil
}

func (s *FSSPSimulator) proceedingsOf(lastName string, person []string, now time.Time) []Proceeding {
	sd := seedOf(append([]string{"fssp.person"}, person...)...)
	forced := lastName == "ДОЛЖНИКОВ" || lastName == "ДОЛЖНИКОВА"
	if !forced && sd.n(0, 100) >= fsspDebtorPercent {
		return nil
	}
	home := int(sd.n(1, uint64(len(fsspRegions))))
	if forced {
		home = 0
	}
	var out []Proceeding
	add := func(cs seed, opened time.Time, days int, region, subject int) {
		if !opened.After(now) && now.Before(opened.AddDate(0, 0, days)) {
			out = append(out, s.proceeding(cs, opened, fsspRegions[region].code, subject, now))
		}
	}
	if forced {
		cs := seedOf(string(sd[:]), "forced")
		add(cs, time.Date(2023, time.March, 1, 0, 0, 0, 0, moscow).Add(time.Duration(cs.n(0, 300*24*60))*time.Minute), 100*365, home, 1)
	}
	last := int(now.Sub(fsspEpoch) / fsspPeriod)
	for w := max(last-40, 0); w <= last; w++ {
		cs := seedOf(string(sd[:]), "case", strconv.Itoa(w))
		if cs.n(0, 1000) >= fsspPerMille {
			continue
		}
		opened := fsspEpoch.Add(time.Duration(w)*fsspPeriod + time.Duration(cs.n(3, 30*24*60))*time.Minute)
		region := home
		if cs.n(1, 5) == 0 {
			region = int(cs.n(2, uint64(len(fsspRegions))))
		}
		add(cs, opened, 180+int(seedOf(string(cs[:]), "days").n(0, 901)), region, -1)
	}
	return out
}

// proceeding builds the proceeding drawn by cs; subject -1 draws it.
func (s *FSSPSimulator) proceeding(cs seed, opened time.Time, region string, subject int, now time.Time) Proceeding {
	x := seedOf(string(cs[:]), "details")
	if subject < 0 {
		var total uint64
		for _, sub := range fsspSubjects {
			total += sub.weight
		}
		r := x.n(0, total)
		for subject = 0; r >= fsspSubjects[subject].weight; subject++ {
			r -= fsspSubjects[subject].weight
		}
	}
	sub := fsspSubjects[subject]
	debt := (sub.minRub*100 + int64(x.n(1, uint64((sub.maxRub-sub.minRub)*100+1))))
	if sub.wholeRoublesOnly {
		debt = debt / 100 * 100
	}
	dept := 1 + int(x.n(2, 40))
	var reg struct{ code, authority, city string }
	for _, r := range fsspRegions {
		if r.code == region {
			reg = r
		}
	}
	p := Proceeding{
		Number:     fmt.Sprintf("%d/%02d/%s%03d-ИП", 10_000+x.n(3, 990_000), opened.In(moscow).Year()%100, region, dept),
		Date:       opened,
		Subject:    sub.subject,
		RegionCode: region,
		BailiffOffice: BailiffOffice{
			Name:    fmt.Sprintf("Отделение судебных приставов № %d %s", dept, reg.authority),
			Address: fmt.Sprintf("%s, %s, д. %d", reg.city, fsspStreets[dept%len(fsspStreets)], 1+dept*3),
		},
		UIN: withUINCheck("322" + x.digits("uin", 16)),
	}
	var ps []RegisteredPayment
	var paid int64
	for _, pay := range s.gmp.payments(p.UIN) {
		if !pay.PaidAt.After(now) {
			ps = append(ps, pay)
			paid += pay.AmountKopecks
		}
	}
	p.AmountOwedKopecks = max(debt-paid, 0)
	p.PaidAt, p.Paid = paidBy(ps, func(time.Time) int64 { return debt })
	return p
}
