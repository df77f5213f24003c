// Package money formats amounts held as integer kopecks: money is never a
// float anywhere in the portal.
package money

import (
	"strconv"
	"strings"
)

// Format writes kopecks as roubles in lang: "6 000,00 ₽" in Russian,
// "₽6,000.00" in English.
func Format(kopecks int64, lang string) string {
	neg := kopecks < 0
	if neg {
		kopecks = -kopecks
	}
	rub, kop := kopecks/100, kopecks%100
	sep, dec := "\u00a0", ","
	if lang == "en" {
		sep, dec = ",", "."
	}
	digits := strconv.FormatInt(rub, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	frac := strconv.FormatInt(kop, 10)
	if kop < 10 {
		frac = "0" + frac
	}
	s := b.String() + dec + frac
	if lang == "en" {
		s = "₽" + s
	} else {
		s += "\u00a0₽"
	}
	if neg {
		s = "-" + s
	}
	return s
}
