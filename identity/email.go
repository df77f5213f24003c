package identity

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Email length limits of RFC 5321: the whole address and the part before @.
const (
	maxEmail      = 254
	maxEmailLocal = 64
)

// cyrillicTLDs are the Cyrillic top-level domains a Russian-speaking citizen
// may have an address in. A Cyrillic "TLD" outside the list is almost
// always "ru" or "com" typed in the Russian keyboard layout.
var cyrillicTLDs = map[string]bool{
	"рф": true, "рус": true, "москва": true, "дети": true, "онлайн": true,
	"сайт": true, "орг": true, "ком": true, "бел": true, "укр": true,
	"срб": true, "мкд": true, "мон": true, "қаз": true, "бг": true,
	"ею": true, "католик": true,
}

// ParseEmail checks an email address and returns it trimmed and entirely
// lower-cased.
//
// The whole address is lower-cased, the part before @ too: RFC 5321 lets a
// mail server tell "Ivan" from "ivan", but no common provider does, and the
// portal must not hold two accounts whose addresses differ only in case.
// Comparing stored addresses is then plain string equality.
//
// The address is an RFC 5322 addr-spec as net/mail reads it, with more
// rules a citizen would expect to be told about:
//   - nothing around it: no display name, angle brackets or comments
//     (CodeDisplayName), no quoted local part;
//   - at most 254 characters, 64 before @ (CodeTooLong);
//   - Latin letters, digits and RFC 5322 atext symbols before @; Cyrillic
//     there means the keyboard layout was wrong (CodeBadFormat);
//   - after @, a domain with at least one dot, labels of letters, digits
//     and inner hyphens up to 63 characters, a top-level domain of letters
//     (or an "xn--" punycode one); a domain in Cyrillic (пример.рф) must end
//     in a Cyrillic top-level domain the portal knows, and Latin and
//     Cyrillic letters never mix (CodeBadDomain). IP literals are refused.
//
// The field reported is "email".
func ParseEmail(s string) (string, error) {
	s = trim(s)
	if s == "" {
		return "", fieldErr(FieldEmail, CodeRequired,
			"Укажите адрес электронной почты, например ivan.petrov@mail.ru",
			"enter an email address, e.g. ivan.petrov@mail.ru")
	}
	if utf8.RuneCountInString(s) > maxEmail {
		return "", fieldErr(FieldEmail, CodeTooLong,
			"Адрес почты слишком длинный: не больше 254 символов",
			"the email address is too long: at most 254 characters")
	}
	addr, perr := mail.ParseAddress(s)
	if strings.ContainsAny(s, "<>") || (perr == nil && addr.Name != "") {
		return "", fieldErr(FieldEmail, CodeDisplayName,
			"Введите только сам адрес, без имени, скобок и кавычек, например ivan.petrov@mail.ru",
			"enter the address alone, without a name, brackets or quotes, e.g. ivan.petrov@mail.ru")
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return "", fieldErr(FieldEmail, CodeBadFormat,
			"В адресе почты не должно быть пробелов",
			"an email address has no spaces")
	}
	switch strings.Count(s, "@") {
	case 0:
		return "", fieldErr(FieldEmail, CodeBadFormat,
			"В адресе почты нет знака @: пример адреса — ivan.petrov@mail.ru",
			`the email address has no "@": an address looks like ivan.petrov@mail.ru`)
	case 1:
	default:
		return "", fieldErr(FieldEmail, CodeBadFormat,
			"В адресе почты должен быть один знак @",
			`an email address has exactly one "@"`)
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" {
		return "", fieldErr(FieldEmail, CodeBadFormat,
			"Перед @ должно стоять имя почтового ящика, например ivan.petrov@mail.ru",
			`the mailbox name must come before "@", e.g. ivan.petrov@mail.ru`)
	}
	for _, r := range local {
		if r < utf8.RuneSelf {
			continue
		}
		if isCyrillicLetter(r) {
			return "", fieldErr(FieldEmail, CodeBadFormat,
				"В адресе почты русские буквы: переключите раскладку на английскую",
				"the email address has Cyrillic letters: switch the keyboard to English")
		}
		qru, qen := quoteRune(r)
		return "", fieldErr(FieldEmail, CodeBadFormat,
			qru+" — недопустимый символ: до @ пишутся латинские буквы, цифры и знаки . _ - +",
			qen+" is not allowed: before \"@\" go Latin letters, digits and . _ - +")
	}
	if utf8.RuneCountInString(local) > maxEmailLocal {
		return "", fieldErr(FieldEmail, CodeTooLong,
			"Имя ящика до @ слишком длинное: не больше 64 символов",
			`the part before "@" is too long: at most 64 characters`)
	}
	if fe := checkDomain(domain); fe != nil {
		return "", fe
	}
	if perr != nil || addr.Address != s {
		return "", fieldErr(FieldEmail, CodeBadFormat,
			"Адрес почты записан неверно: проверьте точки и символы до @ (пример: ivan.petrov@mail.ru)",
			`the email address is malformed: check the dots and symbols before "@" (e.g. ivan.petrov@mail.ru)`)
	}
	return strings.ToLower(s), nil
}

// checkDomain applies the domain rules of ParseEmail.
func checkDomain(domain string) *FieldError {
	bad := func(ru, en string) *FieldError { return fieldErr(FieldEmail, CodeBadDomain, ru, en) }
	if domain == "" {
		return bad("После @ укажите домен почты, например mail.ru",
			`after "@" give the mail domain, e.g. mail.ru`)
	}
	if strings.HasPrefix(domain, "[") {
		return bad("Адреса с IP-адресом вместо домена не принимаются: укажите домен, например mail.ru",
			"addresses with an IP address instead of a domain are not accepted: give a domain, e.g. mail.ru")
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return bad("После @ должен идти домен с точкой, например mail.ru или yandex.ru",
			`after "@" comes a domain with a dot, e.g. mail.ru or yandex.ru`)
	}
	latin, cyrillic := false, false
	for _, l := range labels {
		if l == "" {
			return bad("В домене почты точка стоит в начале, в конце или две точки подряд",
				"the mail domain has a dot at its start or end, or two dots in a row")
		}
		if utf8.RuneCountInString(l) > 63 {
			return bad("Часть домена между точками длиннее 63 символов",
				"a part of the domain between dots is over 63 characters")
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return bad("Часть домена не может начинаться или кончаться дефисом",
				"a part of the domain cannot start or end with a hyphen")
		}
		for _, r := range l {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
				latin = true
			case isCyrillicLetter(r):
				cyrillic = true
			case r >= '0' && r <= '9', r == '-':
			default:
				qru, qen := quoteRune(r)
				return bad(qru+" — недопустимый символ в домене: там пишутся буквы, цифры, дефис и точки",
					qen+" is not allowed in a domain: it has letters, digits, hyphens and dots")
			}
		}
	}
	if latin && cyrillic {
		return bad("В домене почты смешаны латинские и русские буквы: проверьте раскладку",
			"the mail domain mixes Latin and Cyrillic letters: check the keyboard layout")
	}
	tld := strings.ToLower(labels[len(labels)-1])
	if cyrillic {
		if !cyrillicTLDs[tld] {
			return bad("Такой доменной зоны нет: похоже, домен набран в русской раскладке (ru, com)",
				"no such top-level domain: the domain looks typed in the Russian keyboard layout (ru, com)")
		}
		return nil
	}
	if strings.HasPrefix(tld, "xn--") && len(tld) > 4 {
		return nil
	}
	if len(tld) < 2 || strings.ContainsFunc(tld, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return bad("Домен почты должен кончаться зоной из букв, например .ru или .com",
			"the mail domain must end in a top-level domain of letters, e.g. .ru or .com")
	}
	return nil
}
