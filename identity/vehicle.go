package identity

import (
	"strings"
	"unicode"
)

// plateLetters are the letters Russian registration plates use: the
// Cyrillic ones that have a Latin twin.
const plateLetters = "АВЕКМНОРСТУХ"

// ParseDriverLicence checks a Russian driving licence's series and number
// and returns its 10 characters without spaces: "99 12 345678" gives
// "9912345678", "77 АВ 123456" gives "77АВ123456".
//
// The shape is 2 digits (the region), 2 digits or 2 Cyrillic letters (old
// licences), then 6 digits. Spaces, dashes and "№" may stand anywhere;
// letters are upper-cased, and Latin look-alikes (A, B, E, K, M, H, O, P,
// C, T, Y, X) become the Cyrillic letters they stand for. The field
// reported is "driverLicence".
func ParseDriverLicence(s string) (string, error) {
	return parseDocument(s, FieldDriverLicence, docLabel{
		acc: "серию и номер водительского удостоверения", gen: "водительского удостоверения",
		en: "the driving licence's series and number"})
}

// ParseVehicleCertificate checks a vehicle registration certificate (СТС)
// and returns its 10 characters without spaces; its shape and rules are
// those of ParseDriverLicence: "99 12 345678", "77 УВ 123456". The field
// reported is "vehicleCertificate".
func ParseVehicleCertificate(s string) (string, error) {
	return parseDocument(s, FieldVehicleCertificate, docLabel{
		acc: "серию и номер свидетельства о регистрации ТС", gen: "свидетельства о регистрации ТС",
		en: "the vehicle registration certificate's series and number"})
}

type docLabel struct{ acc, gen, en string }

func parseDocument(s, field string, l docLabel) (string, error) {
	var rs []rune
	for _, r := range s {
		switch {
		case spaceOrDash(r), r == '№':
		case r >= '0' && r <= '9':
			rs = append(rs, r)
		default:
			c := toCyrillic(r)
			if !isCyrillicLetter(c) {
				qru, qen := quoteRune(r)
				return "", fieldErr(field, CodeBadCharacters,
					qru+" — недопустимый символ: в серии и номере "+l.gen+" только цифры и русские буквы",
					qen+" is not allowed: "+l.en+" have only digits and Cyrillic letters")
			}
			rs = append(rs, c)
		}
	}
	if len(rs) == 0 {
		return "", fieldErr(field, CodeRequired,
			"Укажите "+l.acc+", например 99 12 345678",
			"enter "+l.en+", e.g. 99 12 345678")
	}
	if len(rs) != 10 {
		return "", fieldErr(field, CodeWrongLength,
			"В серии и номере "+l.gen+" 10 знаков: 4 в серии и 6 в номере, например 99 12 345678",
			l.en+" have 10 characters: 4 in the series and 6 in the number, e.g. 99 12 345678")
	}
	digit := func(r rune) bool { return r >= '0' && r <= '9' }
	ok := digit(rs[0]) && digit(rs[1]) &&
		(digit(rs[2]) && digit(rs[3]) || isCyrillicLetter(rs[2]) && isCyrillicLetter(rs[3]))
	for _, r := range rs[4:] {
		ok = ok && digit(r)
	}
	if !ok {
		return "", fieldErr(field, CodeBadFormat,
			"Серия — 4 цифры или 2 цифры и 2 русские буквы, номер — 6 цифр: например 99 12 345678 или 77 АВ 123456",
			"the series is 4 digits, or 2 digits and 2 Cyrillic letters, and the number 6 digits: e.g. 99 12 345678 or 77 АВ 123456")
	}
	return string(rs), nil
}

// ParsePlate checks a Russian car registration plate and returns it without
// spaces, in Cyrillic capitals: "а 123 вс 77" and "A123BC77" give
// "А123ВС77".
//
// The shape is a letter, 3 digits, 2 letters and a region of 2 or 3
// digits: "А123ВС77", "А123ВС777". Letters are only А, В, Е, К, М, Н, О, Р,
// С, Т, У, Х, in either case; their Latin twins are taken for them. Spaces
// and dashes may stand anywhere, and a trailing "RUS" is dropped. The
// number 000 is never issued (CodeBadNumber); the region cannot be 00 nor
// start with 0 when it has 3 digits (CodeBadRegion). Only the plates of
// ordinary cars are read: not those of trailers, motorcycles, taxis,
// diplomats or the military. The field reported is "plate".
func ParsePlate(s string) (string, error) {
	const f = FieldPlate
	var rs []rune
	for _, r := range s {
		if !spaceOrDash(r) {
			rs = append(rs, unicode.ToUpper(r))
		}
	}
	if len(rs) > 9 {
		if t := string(rs[len(rs)-3:]); t == "RUS" || t == "РУС" {
			rs = rs[:len(rs)-3]
		}
	}
	if len(rs) == 0 {
		return "", fieldErr(f, CodeRequired,
			"Укажите госномер автомобиля, например А123ВС77",
			"enter the car's registration plate, e.g. А123ВС77")
	}
	for i, r := range rs {
		if c, ok := lookAlike[r]; ok {
			rs[i] = c
			continue
		}
		if r >= '0' && r <= '9' || strings.ContainsRune(plateLetters, r) {
			continue
		}
		qru, qen := quoteRune(r)
		if unicode.IsLetter(r) {
			return "", fieldErr(f, CodeBadCharacters,
				"Буква "+qru+" не бывает на номерах: только А, В, Е, К, М, Н, О, Р, С, Т, У, Х",
				"the letter "+qen+" is not used on plates: only А, В, Е, К, М, Н, О, Р, С, Т, У, Х (A, B, E, K, M, H, O, P, C, T, Y, X)")
		}
		return "", fieldErr(f, CodeBadCharacters,
			qru+" — лишний символ: госномер пишется буквами и цифрами, например А123ВС77",
			qen+" does not belong in a plate: it has letters and digits, e.g. А123ВС77")
	}
	letter := func(r rune) bool { return r < '0' || r > '9' }
	ok := len(rs) == 8 || len(rs) == 9
	for i := 0; ok && i < len(rs); i++ {
		ok = letter(rs[i]) == (i == 0 || i == 4 || i == 5)
	}
	if !ok {
		return "", fieldErr(f, CodeBadFormat,
			"Госномер пишется так: буква, 3 цифры, 2 буквы и код региона из 2 или 3 цифр, например А123ВС77",
			"a plate is a letter, 3 digits, 2 letters and a region code of 2 or 3 digits, e.g. А123ВС77")
	}
	if string(rs[1:4]) == "000" {
		return "", fieldErr(f, CodeBadNumber,
			"Номера 000 на госномерах не бывает: проверьте цифры",
			"plates never carry the number 000: check the digits")
	}
	if region := string(rs[6:]); region == "00" || len(region) == 3 && region[0] == '0' {
		return "", fieldErr(f, CodeBadRegion,
			"Такого кода региона нет: проверьте последние цифры номера",
			"no region has this code: check the last digits of the plate")
	}
	return string(rs), nil
}

// ParsePostalCode checks a Russian postal code and returns its 6 digits;
// spaces are dropped ("123 456" gives "123456"). The field reported is
// "postalCode".
func ParsePostalCode(s string) (string, error) {
	const f = FieldPostalCode
	s = trim(s)
	if s == "" {
		return "", fieldErr(f, CodeRequired,
			"Укажите почтовый индекс: 6 цифр, например 101000",
			"enter the postal code: 6 digits, e.g. 101000")
	}
	d, fe := digitsOf(s, f, ignorable, "в индексе", "in a postal code")
	if fe != nil {
		return "", fe
	}
	if len(d) != 6 {
		ru, en := countNote(len(d))
		return "", fieldErr(f, CodeWrongLength,
			"В почтовом индексе 6 цифр"+ru,
			"a postal code has 6 digits"+en)
	}
	return d, nil
}
