package identity

import (
	"fmt"
	"strings"
	"unicode"
)

// ignorable is a character dropped from numbers and codes wherever it
// stands: spaces of every kind (a non-breaking space from a copied text)
// and invisible format characters (zero-width spaces, direction marks, a
// byte-order mark, a soft hyphen).
func ignorable(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// isDash is any hyphen or dash, and the minus sign that word processors
// put in for one.
func isDash(r rune) bool {
	return unicode.Is(unicode.Pd, r) || r == '−'
}

// spaceOrDash separates groups of digits in SNILS, INN, OGRN and the like.
func spaceOrDash(r rune) bool { return ignorable(r) || isDash(r) }

// spaceOrNumberSign separates a document number from what precedes it:
// "№ 123456".
func spaceOrNumberSign(r rune) bool { return ignorable(r) || r == '№' }

// trim drops ignorable characters at both ends.
func trim(s string) string { return strings.TrimFunc(s, ignorable) }

// quoteRune shows one character of the input in a message: «x» in Russian,
// "x" in English, or its code point when it does not print.
func quoteRune(r rune) (ru, en string) {
	if unicode.IsPrint(r) {
		return "«" + string(r) + "»", `"` + string(r) + `"`
	}
	s := fmt.Sprintf("U+%04X", r)
	return s, s
}

// digitsOf keeps the ASCII digits of s, skipping the separators sep
// allows. Any other character fails with CodeBadCharacters naming it; ruIn
// and enIn say where ("в СНИЛС", "in a SNILS").
func digitsOf(s, field string, sep func(rune) bool, ruIn, enIn string) (string, *FieldError) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case sep(r):
		default:
			return "", badChar(field, r, ruIn, enIn)
		}
	}
	return b.String(), nil
}

// badChar is CodeBadCharacters for a character where only digits belong.
// A letter gets its own wording: it is most often О typed for 0.
func badChar(field string, r rune, ruIn, enIn string) *FieldError {
	qru, qen := quoteRune(r)
	if unicode.IsLetter(r) {
		return fieldErr(field, CodeBadCharacters,
			qru+" — буква, а "+ruIn+" пишутся только цифры",
			qen+" is a letter; only digits go "+enIn)
	}
	return fieldErr(field, CodeBadCharacters,
		qru+" — лишний символ: "+ruIn+" пишутся только цифры",
		qen+" does not belong here: only digits go "+enIn)
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lookAlike maps the Latin capitals that look like Cyrillic ones to those:
// plates, licences and vehicle certificates use only letters that have a
// Latin twin, and citizens type either.
var lookAlike = map[rune]rune{
	'A': 'А', 'B': 'В', 'E': 'Е', 'K': 'К', 'M': 'М', 'H': 'Н',
	'O': 'О', 'P': 'Р', 'C': 'С', 'T': 'Т', 'Y': 'У', 'X': 'Х',
}

// toCyrillic upper-cases r and turns a Latin look-alike into its Cyrillic
// twin; other characters come back upper-cased.
func toCyrillic(r rune) rune {
	r = unicode.ToUpper(r)
	if c, ok := lookAlike[r]; ok {
		return c
	}
	return r
}

// isCyrillicLetter is a letter of the Cyrillic script.
func isCyrillicLetter(r rune) bool {
	return unicode.IsLetter(r) && unicode.Is(unicode.Cyrillic, r)
}

// isLatinLetter is a letter of the Latin script, accented ones included.
func isLatinLetter(r rune) bool {
	return unicode.IsLetter(r) && unicode.Is(unicode.Latin, r)
}

// countNote is ", а введено: N" / "; you entered N" for a wrong-length
// message (a count after a colon needs no plural agreement in Russian).
func countNote(n int) (ru, en string) {
	return fmt.Sprintf(", а введено: %d", n), fmt.Sprintf("; you entered %d", n)
}
