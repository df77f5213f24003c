package identity

import "strconv"

// snilsUnchecked is the highest SNILS number whose check digits the
// Pension Fund rule does not cover: 001-001-998.
const snilsUnchecked = 1001998

// ParseSNILS reads a SNILS (the 11-digit individual pension insurance
// account number) and returns its 11 digits: "112-233-445 95",
// "112 233 445 95" and "11223344595" all give "11223344595".
//
// Spaces and dashes may stand anywhere; anything else is CodeBadCharacters.
// The last two digits check the first nine, by the Pension Fund's rule: the
// sum of each digit times its weight, 9 for the first down to 1 for the
// ninth; a sum below 100 is the check number itself, 100 and 101 give 00,
// a larger one its remainder modulo 101 (and a remainder of 100 gives 00).
// The rule covers numbers above 001-001-998; those up to it are accepted
// with any check digits, except 000-000-000, which is never issued
// (CodeBadNumber). The field reported is "snils".
func ParseSNILS(s string) (string, error) {
	s = trim(s)
	if s == "" {
		return "", fieldErr(FieldSNILS, CodeRequired,
			"Укажите СНИЛС: 11 цифр, например 112-233-445 95",
			"enter the SNILS: 11 digits, e.g. 112-233-445 95")
	}
	d, fe := digitsOf(s, FieldSNILS, spaceOrDash, "в СНИЛС", "in a SNILS")
	if fe != nil {
		return "", fe
	}
	if len(d) != 11 {
		ru, en := countNote(len(d))
		return "", fieldErr(FieldSNILS, CodeWrongLength,
			"В СНИЛС 11 цифр"+ru+"; пример: 112-233-445 95",
			"a SNILS has 11 digits"+en+"; e.g. 112-233-445 95")
	}
	if d[:9] == "000000000" {
		return "", fieldErr(FieldSNILS, CodeBadNumber,
			"СНИЛС из одних нулей не выдаётся: проверьте номер по страховому свидетельству или в приложении СФР",
			"a SNILS of zeros is never issued: check the number on the insurance certificate or in the SFR app")
	}
	if !snilsValid(d) {
		return "", fieldErr(FieldSNILS, CodeBadChecksum,
			"Контрольное число СНИЛС (две последние цифры) не сходится с номером: проверьте цифры",
			"the SNILS check number (the last two digits) does not match the rest: check the digits")
	}
	return d, nil
}

// snilsCheck is the check number of the first nine digits of d.
func snilsCheck(d string) int {
	sum := 0
	for i := range 9 {
		sum += int(d[i]-'0') * (9 - i)
	}
	switch {
	case sum < 100:
		return sum
	case sum == 100 || sum == 101:
		return 0
	}
	if c := sum % 101; c != 100 {
		return c
	}
	return 0
}

// snilsValid reports whether 11 digits d carry the right check number, or
// are numbered at or below 001-001-998, where no check applies.
func snilsValid(d string) bool {
	n, _ := strconv.Atoi(d[:9])
	if n <= snilsUnchecked {
		return true
	}
	check, _ := strconv.Atoi(d[9:])
	return check == snilsCheck(d)
}

// FormatSNILS writes 11 digits the way the insurance certificate does:
// "112-233-445 95". Anything other than 11 digits comes back unchanged.
func FormatSNILS(d string) string {
	if len(d) != 11 || !allDigits(d) {
		return d
	}
	return d[:3] + "-" + d[3:6] + "-" + d[6:9] + " " + d[9:]
}
