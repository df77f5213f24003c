package charge

import (
	"strings"
	"time"
)

// Fine is a traffic police fine: the charge's UIN, the time (or date) of
// the decision (постановление) that imposed it, the article of the Code of
// Administrative Offences (КоАП РФ) it was imposed under, written as
// Discountable takes it ("12.9.2"), and the amount imposed, in kopecks.
//
// A DecisionDate without a time of day should be midnight UTC or Moscow
// time: both fall on the same date in Moscow.
type Fine struct {
	UIN           string
	DecisionDate  time.Time
	Article       string
	AmountKopecks int64
}

// DiscountDays is the length of the discount period: "не позднее двадцати
// дней со дня вынесения постановления" (ч. 1.3 ст. 32.2 КоАП РФ).
const DiscountDays = 20

// discountExcluded lists the offences of chapter 12 of КоАП РФ whose fines
// are not halved when paid early. An entry "12.8" (a whole article)
// excludes every part of it; "12.9.6" is part 6 of article 12.9 only;
// "12.16.3.1" is part 3.1 of article 12.16.
//
// Source: ч. 1.3 ст. 32.2 КоАП РФ, in the wording of Federal Law of
// 22.12.2014 № 437-ФЗ (in force since 01.01.2016): "…за совершение
// административного правонарушения, предусмотренного главой 12 настоящего
// Кодекса, за исключением административных правонарушений, предусмотренных
// частью 1.1 статьи 12.1, статьей 12.8, частями 6 и 7 статьи 12.9, частью
// 3 статьи 12.12, частью 5 статьи 12.15, частью 3.1 статьи 12.16, статьями
// 12.24, 12.26, частью 3 статьи 12.27 настоящего Кодекса, не позднее
// двадцати дней со дня вынесения постановления о наложении
// административного штрафа административный штраф может быть уплачен в
// размере половины суммы наложенного административного штрафа."
//
// The same part says that a fine whose payment was deferred or split into
// instalments is paid in full. A later amendment (made after the
// Constitutional Court's ruling of 23.06.2020 № 28-П; the amending law's
// number is not certain here, so it is not cited) added that the period is
// restored when the posted copy of the decision arrives after it ended.
// Neither is modelled: the authority decides both and issues the charge
// accordingly. As far as known here no amendment changed the list itself;
// check it against the current text (pravo.gov.ru, consultant.ru) whenever
// the Code is amended.
//
// Not in the list on purpose: 5.35.1, 11.26, 11.27 (not chapter 12, so ч.
// 1.3 does not cover them at all), ч. 4 ст. 12.2 and ч. 3 ст. 12.10 (the
// law does not name them: their fines are halved), and 12.8 is excluded as
// a whole, not by parts.
var discountExcluded = []struct{ article, offence string }{
	{"12.1.1.1", "ч. 1.1 ст. 12.1: repeated driving of an unregistered vehicle"},
	{"12.8", "ст. 12.8: driving while intoxicated, handing the wheel to an intoxicated driver"},
	{"12.9.6", "ч. 6 ст. 12.9: repeated speeding by 40–60 km/h"},
	{"12.9.7", "ч. 7 ст. 12.9: repeated speeding by more than 60 km/h"},
	{"12.12.3", "ч. 3 ст. 12.12: repeated running of a red light"},
	{"12.15.5", "ч. 5 ст. 12.15: repeated driving into the oncoming lane"},
	{"12.16.3.1", "ч. 3.1 ст. 12.16: repeated driving against a one-way street"},
	{"12.24", "ст. 12.24: a violation that harmed someone's health"},
	{"12.26", "ст. 12.26: refusal of a medical examination for intoxication"},
	{"12.27.3", "ч. 3 ст. 12.27: drinking after an accident before the examination"},
}

// Discountable reports whether a fine under article may be paid at half
// price within the discount period (ч. 1.3 ст. 32.2 КоАП РФ): the article
// is in chapter 12 (road traffic) and not one the law excludes.
//
// article is the article's number with its part, dot-separated: "12.24" is
// the whole article 12.24, "12.9.2" is part 2 of article 12.9, "12.16.3.1"
// part 3.1 of article 12.16; spaces around it are ignored. A fine recorded
// with only a two-number article ("12.9") is not discountable when some
// part of that article is excluded: without the part the discount cannot
// be shown to apply, and half paid for a fine that is not discountable
// leaves it partly unpaid.
//
// It is false for other chapters: the half-price rule for offences found by
// state control and supervision (ч. 1.3-3 ст. 32.2) has other conditions
// and is not modelled. It is false for anything that is not such a number.
func Discountable(article string) bool {
	a := strings.TrimSpace(article)
	if !isArticle(a) || !strings.HasPrefix(a, "12.") {
		return false
	}
	bare := strings.Count(a, ".") == 1 // "12.9": an article without its part
	for _, e := range discountExcluded {
		switch {
		case a == e.article, strings.HasPrefix(a, e.article+"."):
			return false
		case bare && strings.HasPrefix(e.article, a+"."):
			return false
		}
	}
	return true
}

// isArticle reports whether a is at least two dot-separated groups of ASCII
// digits: "12.9", "12.9.2".
func isArticle(a string) bool {
	groups := strings.Split(a, ".")
	if len(groups) < 2 {
		return false
	}
	for _, g := range groups {
		if g == "" {
			return false
		}
		for i := 0; i < len(g); i++ {
			if g[i] < '0' || g[i] > '9' {
				return false
			}
		}
	}
	return true
}

// moscow is the zone in which the portal counts the discount period.
var moscow = loadMoscow()

// loadMoscow is Europe/Moscow from the system's tz database, or a fixed
// UTC+3 (Moscow's offset since 26.10.2014, without daylight saving) when
// the database is missing.
func loadMoscow() *time.Location {
	if loc, err := time.LoadLocation("Europe/Moscow"); err == nil {
		return loc
	}
	return time.FixedZone("MSK", 3*60*60)
}

// DiscountUntil is the last instant of the discount period of a fine
// decided at decision: the end (23:59:59.999999999) of the 20th day after
// the decision's date, both read in loc; nil loc is Moscow time, which is
// what DueOn uses.
//
// Day counting: the day after the decision is day 1, so a decision of
// 1 June can be paid at half price up to and including 21 June. The law
// says "не позднее двадцати дней со дня вынесения постановления", and a
// period defined by days starts on the day after the date that begins it
// and ends at the end of its last day (ч. 1 and ч. 3 ст. 4.8 КоАП РФ); the
// time of day of the decision does not matter.
//
// Not modelled: ч. 3 ст. 4.8, as understood here, also moves a last day
// that falls on a non-working day to the next working day. That needs the government's
// calendar of holidays and transferred days, which this package does not
// have; the date given here may be earlier than the law's in that case.
func DiscountUntil(decision time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = moscow
	}
	y, m, d := decision.In(loc).Date()
	return time.Date(y, m, d+DiscountDays, 23, 59, 59, int(time.Second-time.Nanosecond), loc)
}

// Discount is the discounted amount of f and the last instant it may be
// paid (DiscountUntil in Moscow time), or zeros when f has no discount: its
// article is not Discountable, its amount is not positive or its decision
// date is unknown (zero).
//
// The discounted amount is half the amount imposed. Fines are set in whole
// roubles, so half is exact; an odd number of kopecks, should one come, is
// rounded up, so that a payment of the discounted amount never falls short
// of half the fine and the charge is settled, not left partially paid.
func (f Fine) Discount() (kopecks int64, until time.Time) {
	if f.AmountKopecks <= 0 || f.DecisionDate.IsZero() || !Discountable(f.Article) {
		return 0, time.Time{}
	}
	return (f.AmountKopecks + 1) / 2, DiscountUntil(f.DecisionDate, moscow)
}

// DueOn is the amount to pay for f at the time at (the server's clock when
// the citizen pays): the discounted amount while the discount applies (at
// is not after Fine.Discount's until), and then discounted is true; the
// full amount otherwise.
func DueOn(f Fine, at time.Time) (due int64, discounted bool) {
	half, until := f.Discount()
	if !until.IsZero() && !at.After(until) {
		return half, true
	}
	return f.AmountKopecks, false
}
