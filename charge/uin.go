package charge

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/uslugi/uslugi/identity"
)

// FieldUIN is the GraphQL input field name reported in the
// identity.FieldError of ParseUIN.
const FieldUIN = "uin"

// ParseUIN reads a UIN (уникальный идентификатор начисления, the
// identifier of a charge in ГИС ГМП, printed on a fine's decision and on a
// payment slip) and returns its digits.
//
// A UIN has 20 or 25 digits; spaces (and invisible characters copied with
// the number) may stand anywhere and are dropped. Anything else fails with
// identity.CodeBadCharacters naming the character, a wrong number of digits
// with identity.CodeWrongLength, and a UIN of only zeros (never issued)
// with identity.CodeBadNumber. The last digit of a 20-digit UIN is a
// control digit (see UINCheckDigit); a mismatch is identity.CodeBadChecksum.
// The control digit of a 25-digit UIN is not checked: its rule is not
// certain enough here to turn a citizen away, and a wrong number is still
// caught when ГИС ГМП does not find the charge.
//
// The error is an *identity.FieldError with Field "uin" and a message in
// Russian and English that says what to fix; it unwraps to
// identity.ErrInvalid.
func ParseUIN(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
		default:
			return "", badUINChar(r)
		}
	}
	d := b.String()
	switch {
	case d == "":
		return "", &identity.FieldError{Field: FieldUIN, Code: identity.CodeRequired,
			Ru: "Укажите УИН: 20 или 25 цифр из постановления или квитанции",
			En: "enter the UIN: the 20 or 25 digits from the decision or the payment slip"}
	case len(d) != 20 && len(d) != 25:
		return "", &identity.FieldError{Field: FieldUIN, Code: identity.CodeWrongLength,
			Ru: fmt.Sprintf("В УИН 20 или 25 цифр, а введено: %d", len(d)),
			En: fmt.Sprintf("a UIN has 20 or 25 digits; you entered %d", len(d))}
	case strings.Trim(d, "0") == "":
		return "", &identity.FieldError{Field: FieldUIN, Code: identity.CodeBadNumber,
			Ru: "УИН из одних нулей не выдаётся: перепишите номер из постановления или квитанции",
			En: "a UIN of only zeros is never issued: copy the number from the decision or the payment slip"}
	case len(d) == 20 && d[19] != UINCheckDigit(d[:19]):
		return "", &identity.FieldError{Field: FieldUIN, Code: identity.CodeBadChecksum,
			Ru: "Последняя, контрольная цифра УИН не сходится с остальными: проверьте цифры",
			En: "the last digit of the UIN, a check digit, does not match the rest: check the digits"}
	}
	return d, nil
}

// badUINChar is CodeBadCharacters for r, quoted the way identity quotes a
// character: «x» in Russian, "x" in English, U+XXXX when it does not print.
// A letter gets its own wording: it is most often О or З typed for 0 or 3.
func badUINChar(r rune) *identity.FieldError {
	qru, qen := "«"+string(r)+"»", strconv.Quote(string(r))
	if !unicode.IsPrint(r) {
		qru = fmt.Sprintf("U+%04X", r)
		qen = qru
	}
	if unicode.IsLetter(r) {
		return &identity.FieldError{Field: FieldUIN, Code: identity.CodeBadCharacters,
			Ru: qru + " — буква, а в УИН пишутся только цифры",
			En: qen + " is a letter; only digits go in a UIN"}
	}
	return &identity.FieldError{Field: FieldUIN, Code: identity.CodeBadCharacters,
		Ru: qru + " — лишний символ: в УИН пишутся только цифры",
		En: qen + " does not belong here: only digits go in a UIN"}
}

// UINCheckDigit is the control digit ('0'…'9') that follows body, the
// first 19 digits of a 20-digit UIN (or the first 24 of a 25-digit one).
//
// The rule is that of the Treasury's "Правила формирования уникального
// идентификатора начисления" for ГИС ГМП, the same as for the codes of the
// all-Russian classifiers (ОКПО): each digit, from the first, is multiplied
// by the weights 1, 2, …, 10, 1, 2, … and the sum taken modulo 11; if that
// leaves 10, the sum is taken again with the weights shifted by two (3, 4,
// …, 10, 1, 2, …); if that too leaves 10, the digit is 0.
//
// It panics if body holds anything but ASCII digits: it is for programs
// that build UINs, not for input (ParseUIN checks that).
func UINCheckDigit(body string) byte {
	for i := 0; i < len(body); i++ {
		if body[i] < '0' || body[i] > '9' {
			panic("charge: UINCheckDigit of a non-digit body")
		}
	}
	r := uinRemainder(body, 1)
	if r == 10 {
		r = uinRemainder(body, 3)
	}
	if r == 10 {
		r = 0
	}
	return '0' + byte(r)
}

// uinRemainder is the sum of body's digits times the weights 1…10 repeated,
// starting at weight first, modulo 11.
func uinRemainder(body string, first int) int {
	sum, w := 0, first
	for i := 0; i < len(body); i++ {
		sum += int(body[i]-'0') * w
		if w++; w > 10 {
			w = 1
		}
	}
	return sum % 11
}
