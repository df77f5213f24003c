package identity

// Weights of the INN check digits, from the Federal Tax Service's rule.
var (
	innWeights10 = []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights11 = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12 = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

// ParseINN reads a taxpayer number (INN) and returns its digits: 10 for a
// legal entity, 12 for an individual (a citizen or an individual
// entrepreneur).
//
// Spaces and dashes may stand anywhere. The first two digits are the code
// of the region whose tax office gave the number; 00 is none
// (CodeBadRegion). The check digits: for 10 digits, the sum of the first
// nine times 2, 4, 10, 3, 5, 9, 4, 6, 8, modulo 11, modulo 10, is the
// tenth; for 12 digits, the first ten times 7, 2, 4, 10, 3, 5, 9, 4, 6, 8
// give the eleventh and the first eleven times 3, 7, 2, 4, 10, 3, 5, 9, 4,
// 6, 8 the twelfth, the same way (CodeBadChecksum). The field reported is
// "inn".
func ParseINN(s string) (string, error) { return parseINN(s, false) }

// ParsePersonalINN is ParseINN for an individual: only the 12-digit INN is
// accepted; a legal entity's 10-digit one is CodeNotPersonal.
func ParsePersonalINN(s string) (string, error) { return parseINN(s, true) }

func parseINN(s string, personal bool) (string, error) {
	s = trim(s)
	if s == "" {
		if personal {
			return "", fieldErr(FieldINN, CodeRequired,
				"Укажите ИНН: 12 цифр, например 500100732259",
				"enter the INN: 12 digits, e.g. 500100732259")
		}
		return "", fieldErr(FieldINN, CodeRequired,
			"Укажите ИНН: 12 цифр у человека, 10 у организации",
			"enter the INN: 12 digits for a person, 10 for an organisation")
	}
	d, fe := digitsOf(s, FieldINN, spaceOrDash, "в ИНН", "in an INN")
	if fe != nil {
		return "", fe
	}
	switch {
	case personal && len(d) == 10:
		return "", fieldErr(FieldINN, CodeNotPersonal,
			"Это ИНН организации (10 цифр); укажите ИНН физического лица из 12 цифр",
			"this is an organisation's INN (10 digits); enter a person's INN of 12 digits")
	case personal && len(d) != 12:
		ru, en := countNote(len(d))
		return "", fieldErr(FieldINN, CodeWrongLength,
			"В ИНН физического лица 12 цифр"+ru,
			"a person's INN has 12 digits"+en)
	case len(d) != 10 && len(d) != 12:
		ru, en := countNote(len(d))
		return "", fieldErr(FieldINN, CodeWrongLength,
			"В ИНН 12 цифр у человека или 10 у организации"+ru,
			"an INN has 12 digits for a person or 10 for an organisation"+en)
	}
	if d[:2] == "00" {
		return "", fieldErr(FieldINN, CodeBadRegion,
			"ИНН не может начинаться с 00: первые две цифры — код региона",
			"an INN cannot start with 00: the first two digits are a region code")
	}
	if !innValid(d) {
		return "", fieldErr(FieldINN, CodeBadChecksum,
			"Контрольная цифра ИНН не сходится с номером: проверьте цифры",
			"the INN check digit does not match the rest: check the digits")
	}
	return d, nil
}

// innDigit is the check digit of d's leading digits under weights.
func innDigit(d string, weights []int) byte {
	sum := 0
	for i, w := range weights {
		sum += int(d[i]-'0') * w
	}
	return byte(sum%11%10) + '0'
}

// innValid reports whether 10 or 12 digits carry the right check digits.
func innValid(d string) bool {
	switch len(d) {
	case 10:
		return d[9] == innDigit(d, innWeights10)
	case 12:
		return d[10] == innDigit(d, innWeights11) && d[11] == innDigit(d, innWeights12)
	}
	return false
}
