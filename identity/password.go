package identity

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Password length limits, in characters.
const (
	MinPassword = 8
	MaxPassword = 128
)

// maxAffix is the longest run of digits or symbols that, put before or
// after a common password, still leaves it common: a year and a mark
// ("Qwerty2024!").
const maxAffix = 5

//go:embed common_passwords.txt
var commonPasswordsFile string

// commonPasswords is the embedded list, lower-cased.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 3000)
	for line := range strings.Lines(commonPasswordsFile) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[strings.ToLower(line)] = true
	}
	return m
})

// IsCommonPassword reports whether pw is a common password: in the embedded
// list of common passwords (common_passwords.txt), compared
// case-insensitively, or such a password of at least 4 characters with up
// to 5 digits or symbols before or after it, or with a run of them that is
// itself in the list ("Dragon2024!", "123Qwerty", "Marina1987",
// "Password123456").
func IsCommonPassword(pw string) bool {
	list := commonPasswords()
	lower := strings.ToLower(pw)
	if list[lower] {
		return true
	}
	notLetter := func(r rune) bool { return r < utf8.RuneSelf && !unicode.IsLetter(r) }
	core := strings.TrimLeftFunc(lower, notLetter)
	lead := lower[:len(lower)-len(core)]
	core = strings.TrimRightFunc(core, notLetter)
	trail := lower[len(lead)+len(core):]
	weak := func(affix string) bool { return len(affix) <= maxAffix || list[affix] }
	for _, c := range []struct{ stem, lead, trail string }{
		{lead + core, "", trail},
		{core + trail, lead, ""},
		{core, lead, trail},
	} {
		if len(c.stem) >= 4 && list[c.stem] && weak(c.lead) && weak(c.trail) {
			return true
		}
	}
	return false
}

// ValidatePassword checks a new password and its second entry; see
// ValidatePasswordFor.
func ValidatePassword(pw, again string) error {
	return ValidatePasswordFor(pw, again)
}

// ValidatePasswordFor checks a new password and its second entry against
// the portal's rule, and against the citizen's own data in personal (his
// phone, email and the like, as typed; empty ones are skipped). The first
// failure is returned, in this order, each with its own code:
//
//   - CodeNotLatin: only Latin letters, digits and ASCII punctuation; no
//     Cyrillic (the keyboard layout was wrong), no spaces, nothing else;
//   - CodeTooShort, CodeTooLong: 8 to 128 characters;
//   - CodeNoLowercase, CodeNoUppercase, CodeNoDigit: at least one
//     lowercase letter, one capital letter and one digit;
//   - CodeCommon: not a common password (IsCommonPassword);
//   - CodePersonal: not containing, in any case, the last 7 digits of a
//     phone number (or the last 7, or all 6, digits of another number such
//     as a SNILS or a passport number), the part of an email before @ (3
//     characters or longer) or a piece of it between dots, dashes,
//     underscores and pluses (4 or longer), or any other given value of 4
//     characters or longer;
//   - CodeMismatch: the second entry differs; this one reports the field
//     "passwordAgain", the others "password".
//
// Every message says how to make the password right; none repeats it.
func ValidatePasswordFor(pw, again string, personal ...string) error {
	const f = FieldPassword
	for _, r := range pw {
		if r > ' ' && r < utf8.RuneSelf && r != 0x7f {
			continue
		}
		switch {
		case isCyrillicLetter(r):
			return fieldErr(f, CodeNotLatin,
				"В пароле русские буквы: переключите раскладку на английскую и используйте латинские буквы, цифры и знаки препинания",
				"the password has Cyrillic letters: switch the keyboard to English and use Latin letters, digits and punctuation")
		case unicode.IsSpace(r):
			return fieldErr(f, CodeNotLatin,
				"В пароле не должно быть пробелов",
				"the password cannot contain spaces")
		}
		qru, qen := quoteRune(r)
		return fieldErr(f, CodeNotLatin,
			qru+" нельзя использовать в пароле: только латинские буквы, цифры и знаки вроде ! ? . , @ # $ %",
			qen+" cannot be used in a password: only Latin letters, digits and symbols like ! ? . , @ # $ %")
	}
	switch {
	case pw == "":
		return fieldErr(f, CodeTooShort,
			"Придумайте пароль: не меньше 8 символов, с заглавными и строчными латинскими буквами и цифрами",
			"choose a password: at least 8 characters, with capital and lowercase Latin letters and digits")
	case len(pw) < MinPassword:
		return fieldErr(f, CodeTooShort,
			"Пароль слишком короткий: нужно не меньше 8 символов",
			"the password is too short: use at least 8 characters")
	case len(pw) > MaxPassword:
		return fieldErr(f, CodeTooLong,
			"Пароль слишком длинный: не больше 128 символов",
			"the password is too long: use at most 128 characters")
	case !strings.ContainsFunc(pw, func(r rune) bool { return r >= 'a' && r <= 'z' }):
		return fieldErr(f, CodeNoLowercase,
			"Добавьте в пароль строчную (маленькую) латинскую букву",
			"add a lowercase Latin letter to the password")
	case !strings.ContainsFunc(pw, func(r rune) bool { return r >= 'A' && r <= 'Z' }):
		return fieldErr(f, CodeNoUppercase,
			"Добавьте в пароль заглавную (большую) латинскую букву",
			"add a capital Latin letter to the password")
	case !strings.ContainsFunc(pw, func(r rune) bool { return r >= '0' && r <= '9' }):
		return fieldErr(f, CodeNoDigit,
			"Добавьте в пароль цифру",
			"add a digit to the password")
	case IsCommonPassword(pw):
		return fieldErr(f, CodeCommon,
			"Этот пароль слишком распространён, его легко подобрать: придумайте другой, например из нескольких не связанных слов с цифрами и знаками",
			"this password is too common and easy to guess: choose another, e.g. a few unrelated words with digits and symbols")
	case containsPersonal(pw, personal):
		return fieldErr(f, CodePersonal,
			"Пароль не должен содержать ваш номер телефона, адрес почты или другие личные данные",
			"the password must not contain your phone number, email address or other personal data")
	case pw != again:
		ru, en := "Пароли не совпадают: введите тот же пароль ещё раз", "the passwords do not match: enter the same password again"
		if again == "" {
			ru, en = "Повторите пароль", "enter the password again"
		}
		return fieldErr(FieldPasswordAgain, CodeMismatch, ru, en)
	}
	return nil
}

// containsPersonal reports whether pw contains a fragment of one of the
// personal values, as ValidatePasswordFor describes.
func containsPersonal(pw string, personal []string) bool {
	lower := strings.ToLower(pw)
	for _, v := range personal {
		for _, frag := range personalFragments(v) {
			if strings.Contains(lower, frag) {
				return true
			}
		}
	}
	return false
}

// personalFragments are the lower-cased pieces of v a password must not
// contain.
func personalFragments(v string) []string {
	v = strings.ToLower(trim(v))
	if v == "" {
		return nil
	}
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		local := v[:i]
		var out []string
		if utf8.RuneCountInString(local) >= 3 {
			out = append(out, local)
		}
		for _, part := range strings.FieldsFunc(local, func(r rune) bool {
			return r == '.' || r == '-' || r == '_' || r == '+'
		}) {
			if utf8.RuneCountInString(part) >= 4 && part != local {
				out = append(out, part)
			}
		}
		return out
	}
	if p, err := ParsePhone(v); err == nil {
		return []string{p[len(p)-7:]}
	}
	if d, fe := digitsOf(strings.TrimPrefix(v, "+"), "", func(r rune) bool {
		return spaceOrDash(r) || r == '.' || r == '(' || r == ')'
	}, "", ""); fe == nil {
		if len(d) >= 6 {
			return []string{d[max(len(d)-7, 0):]}
		}
		return nil
	}
	if utf8.RuneCountInString(v) >= 4 {
		return []string{v}
	}
	return nil
}
