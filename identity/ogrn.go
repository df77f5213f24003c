package identity

import "strconv"

// ParseOGRN reads a primary state registration number and returns its
// digits: the 13-digit OGRN of a legal entity or the 15-digit OGRNIP of an
// individual entrepreneur.
//
// Spaces and dashes may stand anywhere. The first digit tells the kind of
// record: an OGRN begins with 1 or 5, an OGRNIP with 3; other first digits
// number other records of the register (a GRN, not an OGRN: CodeBadPrefix).
// The last digit checks the rest: the first 12 digits as a number modulo 11,
// modulo 10, for an OGRN; the first 14 modulo 13, modulo 10, for an
// OGRNIP (CodeBadChecksum). The field reported is "ogrn".
func ParseOGRN(s string) (string, error) {
	s = trim(s)
	if s == "" {
		return "", fieldErr(FieldOGRN, CodeRequired,
			"Укажите ОГРН: 13 цифр у организации, 15 у индивидуального предпринимателя",
			"enter the OGRN: 13 digits for an organisation, 15 for an individual entrepreneur")
	}
	d, fe := digitsOf(s, FieldOGRN, spaceOrDash, "в ОГРН", "in an OGRN")
	if fe != nil {
		return "", fe
	}
	switch {
	case len(d) == 13 && d[0] != '1' && d[0] != '5':
		return "", fieldErr(FieldOGRN, CodeBadPrefix,
			"ОГРН организации начинается с 1 или 5; номер с другой первой цифрой — это ГРН записи, а не ОГРН",
			"an organisation's OGRN starts with 1 or 5; a number with another first digit is a register entry number (GRN), not an OGRN")
	case len(d) == 15 && d[0] != '3':
		return "", fieldErr(FieldOGRN, CodeBadPrefix,
			"ОГРНИП начинается с 3; номер с другой первой цифрой — это ГРНИП записи, а не ОГРНИП",
			"an OGRNIP starts with 3; a number with another first digit is a register entry number (GRNIP), not an OGRNIP")
	case len(d) != 13 && len(d) != 15:
		ru, en := countNote(len(d))
		return "", fieldErr(FieldOGRN, CodeWrongLength,
			"В ОГРН 13 цифр, в ОГРНИП — 15"+ru,
			"an OGRN has 13 digits, an OGRNIP 15"+en)
	}
	if !ogrnValid(d) {
		return "", fieldErr(FieldOGRN, CodeBadChecksum,
			"Контрольная цифра ОГРН не сходится с номером: проверьте цифры",
			"the OGRN check digit does not match the rest: check the digits")
	}
	return d, nil
}

// ogrnValid reports whether 13 or 15 digits end in the right check digit.
func ogrnValid(d string) bool {
	mod := uint64(11)
	if len(d) == 15 {
		mod = 13
	}
	n, err := strconv.ParseUint(d[:len(d)-1], 10, 64)
	if err != nil {
		return false
	}
	return byte(n%mod%10)+'0' == d[len(d)-1]
}
