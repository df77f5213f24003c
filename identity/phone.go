package identity

// ParsePhone reads a Russian mobile number written in any common way and
// returns it in E.164: "+79123456789".
//
// Accepted: "+7 (912) 345-67-89", "8 912 345 67 89", "89123456789",
// "7-912-345-6789", "+79123456789", and the ten national digits alone
// ("912 345-67-89"), with spaces, dashes, dots and parentheses anywhere. A
// "+" may only lead. The rules, in the order they are checked:
//
//   - after "+" the country code must be 7 (else CodeNotRussian); without
//     "+", 11 digits must begin with 7 or 8 (the trunk prefix), and 10 are
//     taken as the national number;
//   - the national number has 10 digits (else CodeWrongLength);
//   - +7 6xx and +7 7xx are Kazakhstan's (CodeNotRussian);
//   - a Russian mobile number begins +7 9; 3xx, 4xx and 8xx are landlines
//     and free-phone lines, which cannot receive the SMS code
//     (CodeNotMobile).
//
// The field reported is "phone".
func ParsePhone(s string) (string, error) {
	s = trim(s)
	if s == "" {
		return "", fieldErr(FieldPhone, CodeRequired,
			"Укажите номер мобильного телефона, например +7 912 345-67-89",
			"enter a mobile phone number, e.g. +7 912 345-67-89")
	}
	plus := false
	d := make([]byte, 0, 11)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r == '+' || r == '＋':
			if plus || len(d) > 0 {
				return "", fieldErr(FieldPhone, CodeBadCharacters,
					"Знак «+» ставится только в начале номера: +7 912 345-67-89",
					`a "+" may only start the number: +7 912 345-67-89`)
			}
			plus = true
		case ignorable(r), isDash(r), r == '.', r == '(', r == ')':
		default:
			return "", badChar(FieldPhone, r, "в номере телефона", "in a phone number")
		}
	}
	n := len(d)
	var national []byte
	switch {
	case plus && n > 0 && d[0] != '7':
		if d[0] == '8' && n == 11 {
			return "", fieldErr(FieldPhone, CodeNotRussian,
				"После «+» пишите код страны 7, а не 8: +7 912 345-67-89 (или 8 912 345-67-89 без «+»)",
				`after "+" write the country code 7, not 8: +7 912 345-67-89 (or 8 912 345-67-89 without "+")`)
		}
		return "", errForeign()
	case plus:
		if n != 11 {
			ru, en := countNote(max(n-1, 0))
			return "", fieldErr(FieldPhone, CodeWrongLength,
				"После +7 должно идти 10 цифр"+ru+"; проверьте номер",
				"+7 must be followed by 10 digits"+en+"; check the number")
		}
		national = d[1:]
	case n == 11:
		if d[0] != '7' && d[0] != '8' {
			return "", errForeign()
		}
		national = d[1:]
	case n == 10 && (d[0] == '7' || d[0] == '8'):
		return "", fieldErr(FieldPhone, CodeWrongLength,
			"В номере не хватает цифры: после 8 или +7 должно идти 10 цифр",
			"a digit is missing: 8 or +7 must be followed by 10 digits")
	case n == 10:
		national = d
	default:
		ru, en := countNote(n)
		return "", fieldErr(FieldPhone, CodeWrongLength,
			"В номере 11 цифр вместе с +7 или 8"+ru+"; пример: +7 912 345-67-89",
			"a number has 11 digits counting the leading +7 or 8"+en+"; e.g. +7 912 345-67-89")
	}
	switch national[0] {
	case '9':
		return "+7" + string(national), nil
	case '6', '7':
		return "", fieldErr(FieldPhone, CodeNotRussian,
			"Номера +7 6xx и +7 7xx — казахстанские; укажите российский мобильный номер, он начинается с +7 9",
			"+7 6xx and +7 7xx numbers are Kazakhstan's; enter a Russian mobile number, which starts with +7 9")
	case '3', '4', '8':
		return "", fieldErr(FieldPhone, CodeNotMobile,
			"Это городской номер или номер 8-800, на него не придёт SMS с кодом; укажите мобильный номер, он начинается с +7 9",
			"this is a landline or a free-phone number, which cannot receive the SMS code; enter a mobile number, which starts with +7 9")
	default:
		return "", fieldErr(FieldPhone, CodeNotMobile,
			"Такого кода в России нет: мобильные номера начинаются с +7 9, например +7 912 345-67-89",
			"Russia has no such code: mobile numbers start with +7 9, e.g. +7 912 345-67-89")
	}
}

func errForeign() *FieldError {
	return fieldErr(FieldPhone, CodeNotRussian,
		"Принимаются только российские номера: +7 или 8 и 10 цифр, например +7 912 345-67-89",
		"only Russian numbers are accepted: +7 or 8 and 10 digits, e.g. +7 912 345-67-89")
}
