package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxName is the longest surname, first name or patronymic, in characters.
const maxName = 60

// nameLabel is how messages name a field, in the Russian cases they need.
type nameLabel struct {
	acc, loc string // "фамилию", "в фамилии"
	en       string // "the surname"
}

// nameLabels names the usual name fields; another field is "this field".
var nameLabels = map[string]nameLabel{
	"lastName":   {"фамилию", "в фамилии", "the surname"},
	"surname":    {"фамилию", "в фамилии", "the surname"},
	"firstName":  {"имя", "в имени", "the first name"},
	"name":       {"имя", "в имени", "the name"},
	"middleName": {"отчество", "в отчестве", "the patronymic"},
	"patronymic": {"отчество", "в отчестве", "the patronymic"},
}

// ParseName checks a surname, first name or patronymic and returns it
// tidied; field is the GraphQL input field to report ("lastName",
// "firstName", "middleName", …), and names the value in the messages.
//
// The value is brought to Unicode NFC (a "й" typed as "и" and a combining
// breve becomes one letter), trimmed, and its inner runs of spaces become
// one space; spaces around a hyphen go ("Римский - Корсаков" gives
// "Римский-Корсаков"); any dash becomes "-" and typographic apostrophes
// "'". Letter case is kept as typed. Then:
//   - 1 to 60 characters (CodeRequired, CodeTooLong);
//   - only Cyrillic or Latin letters, spaces, hyphens and apostrophes
//     (CodeBadCharacters);
//   - Cyrillic and Latin never mixed: a Latin "a" in a Russian name is a
//     keyboard slip that would fail the agencies' checks (CodeMixedScripts);
//   - it begins and ends with a letter, and a hyphen or an apostrophe
//     stands between letters (CodeBadFormat).
//
// A patronymic is optional on the portal: do not call ParseName on an empty
// one.
func ParseName(s, field string) (string, error) {
	label, ok := nameLabels[field]
	if !ok {
		label = nameLabel{"значение", "в этом поле", "this field"}
	}
	s = tidyName(s)
	if s == "" {
		return "", fieldErr(field, CodeRequired,
			"Укажите "+label.acc,
			"enter "+label.en)
	}
	if utf8.RuneCountInString(s) > maxName {
		return "", fieldErr(field, CodeTooLong,
			upperFirst(label.loc)+" может быть не больше 60 символов",
			label.en+" can have at most 60 characters")
	}
	latin, cyrillic := false, false
	for _, r := range s {
		switch {
		case isCyrillicLetter(r):
			cyrillic = true
		case isLatinLetter(r):
			latin = true
		case r == ' ', r == '-', r == '\'':
		case unicode.IsDigit(r):
			return "", fieldErr(field, CodeBadCharacters,
				upperFirst(label.loc)+" не может быть цифр",
				label.en+" cannot have digits")
		default:
			qru, qen := quoteRune(r)
			return "", fieldErr(field, CodeBadCharacters,
				qru+" — недопустимый символ: "+label.loc+" могут быть только буквы, пробел, дефис и апостроф",
				qen+" is not allowed: "+label.en+" may have only letters, spaces, hyphens and apostrophes")
		}
	}
	if latin && cyrillic {
		return "", fieldErr(field, CodeMixedScripts,
			upperFirst(label.loc)+" смешаны русские и латинские буквы: наберите всё в одной раскладке",
			label.en+" mixes Cyrillic and Latin letters: type it all in one keyboard layout")
	}
	rs := []rune(s)
	for i, r := range rs {
		if r != '-' && r != '\'' && r != ' ' {
			continue
		}
		if i == 0 || i == len(rs)-1 || !unicode.IsLetter(rs[i-1]) || !unicode.IsLetter(rs[i+1]) {
			return "", fieldErr(field, CodeBadFormat,
				upperFirst(label.loc)+" дефис, апостроф и пробел ставятся только между буквами",
				"in "+label.en+" a hyphen, an apostrophe or a space stands only between letters")
		}
	}
	return s, nil
}

// tidyName brings s to NFC, unifies dashes and apostrophes, drops invisible
// characters and collapses spaces as ParseName documents.
func tidyName(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.Is(unicode.Cf, r):
			continue
		case isDash(r):
			r = '-'
		case r == '’', r == '‘', r == 'ʼ', r == '`', r == '´', r == 'ʻ':
			r = '\''
		}
		if space && b.Len() > 0 && r != '-' && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
