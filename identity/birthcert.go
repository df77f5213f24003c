package identity

import (
	"strings"
	"unicode"
)

// BirthCertificate is a Russian birth certificate's series and number, as
// ParseBirthCertificate normalises them.
type BirthCertificate struct {
	// Series is a Roman numeral in Latin capitals, a dash and two Cyrillic
	// capitals: "IV-МЮ".
	Series string
	// Number is 6 digits.
	Number string
}

// romanValues are the Roman digits a birth certificate series uses.
var romanValues = map[rune]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}

// romanTwins are Cyrillic and Ukrainian letters typed for the Roman digits
// in the Russian keyboard layout.
var romanTwins = map[rune]rune{'І': 'I', 'Х': 'X', 'С': 'C'}

// ParseBirthCertificate checks a Russian birth certificate's series and
// number and returns them normalised.
//
// The series is a Roman numeral written with I, V, X, L and C (in its
// canonical form: "IV", not "IIII"), a dash and two Cyrillic capital
// letters: "IV-МЮ". Case does not matter; the dash may be any dash, spaces
// or nothing ("IVМЮ": the last two letters are the Cyrillic part); Cyrillic
// Х, С and І typed in the Roman part become X, C and I, and Latin
// look-alikes in the letter part (M, K, …) become Cyrillic. The number is 6
// digits, spaces and "№" allowed. Both report the field "birthCertificate",
// with CodeBadSeries or CodeBadNumber telling which part is wrong.
func ParseBirthCertificate(series, number string) (BirthCertificate, error) {
	const f = FieldBirthCertificate
	series, number = trim(series), trim(number)
	if series == "" && number == "" {
		return BirthCertificate{}, fieldErr(f, CodeRequired,
			"Укажите серию и номер свидетельства о рождении, например IV-МЮ 123456",
			"enter the birth certificate's series and number, e.g. IV-МЮ 123456")
	}
	s, fe := birthSeries(series)
	if fe != nil {
		return BirthCertificate{}, fe
	}
	if number == "" {
		return BirthCertificate{}, fieldErr(f, CodeRequired,
			"Укажите номер свидетельства о рождении: 6 цифр",
			"enter the birth certificate's number: 6 digits")
	}
	n, fe := digitsOf(number, f, spaceOrNumberSign, "в номере свидетельства", "in a certificate number")
	if fe != nil {
		fe.Code = CodeBadNumber
		return BirthCertificate{}, fe
	}
	if len(n) != 6 {
		ru, en := countNote(len(n))
		return BirthCertificate{}, fieldErr(f, CodeBadNumber,
			"В номере свидетельства о рождении 6 цифр"+ru,
			"a birth certificate number has 6 digits"+en)
	}
	return BirthCertificate{Series: s, Number: n}, nil
}

func birthSeries(s string) (string, *FieldError) {
	bad := func() *FieldError {
		return fieldErr(FieldBirthCertificate, CodeBadSeries,
			"Серия свидетельства о рождении пишется римскими цифрами (латинские I, V, X, L, C), дефисом и двумя русскими буквами, например IV-МЮ",
			"a birth certificate series is a Roman numeral (Latin I, V, X, L, C), a dash and two Cyrillic letters, e.g. IV-МЮ")
	}
	var rs []rune
	dash := -1
	for _, r := range s {
		switch {
		case ignorable(r):
		case isDash(r):
			if dash >= 0 {
				return "", bad()
			}
			dash = len(rs)
		default:
			rs = append(rs, unicode.ToUpper(r))
		}
	}
	if len(rs) == 0 {
		return "", fieldErr(FieldBirthCertificate, CodeRequired,
			"Укажите серию свидетельства о рождении, например IV-МЮ",
			"enter the birth certificate's series, e.g. IV-МЮ")
	}
	if dash < 0 {
		dash = len(rs) - 2
	}
	if dash < 1 || len(rs)-dash != 2 {
		return "", bad()
	}
	roman, letters := rs[:dash], rs[dash:]
	for i, r := range roman {
		if t, ok := romanTwins[r]; ok {
			roman[i] = t
		}
	}
	if !canonicalRoman(string(roman)) {
		return "", bad()
	}
	for i, r := range letters {
		r = toCyrillic(r)
		if !isCyrillicLetter(r) {
			return "", bad()
		}
		letters[i] = r
	}
	return string(roman) + "-" + string(letters), nil
}

// canonicalRoman reports whether s is a Roman numeral from 1 to 399
// written the standard way, with I, V, X, L and C.
func canonicalRoman(s string) bool {
	total, prev := 0, 0
	rs := []rune(s)
	for i := len(rs) - 1; i >= 0; i-- {
		v, ok := romanValues[rs[i]]
		if !ok {
			return false
		}
		if v < prev {
			total -= v
		} else {
			total += v
			prev = v
		}
	}
	return total >= 1 && total <= 399 && toRoman(total) == s
}

// toRoman writes 1..399 in Roman numerals.
func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}
