package identity

import (
	"strings"
	"testing"
)

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name, pw, again string
		personal        []string
		field, code     string // empty for success
	}{
		{name: "random", pw: "Kx7#mPq2vR"},
		{name: "words with digits", pw: "correct-Horse-9-battery"},
		{name: "exactly 8", pw: "Tq4!zWb9"},
		{name: "exactly 128", pw: "Aa1" + strings.Repeat("x", 125)},
		{name: "all ASCII punctuation", pw: "Aa1!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"},
		{name: "short email name is not personal", pw: "Abcdef12x", personal: []string{"ab@mail.ru"}},
		{name: "empty personal values skipped", pw: "Kx7#mPq2vR", personal: []string{"", "  "}},
		{name: "other person's phone", pw: "Kx7#mPq2vR", personal: []string{"+7 912 345-67-89"}},

		{name: "empty", pw: "", field: FieldPassword, code: CodeTooShort},
		{name: "seven characters", pw: "Ab1!xyz", field: FieldPassword, code: CodeTooShort},
		{name: "129 characters", pw: "Aa1" + strings.Repeat("x", 126), field: FieldPassword, code: CodeTooLong},
		{name: "Cyrillic", pw: "Пароль123", field: FieldPassword, code: CodeNotLatin},
		{name: "one Cyrillic letter among Latin", pw: "Passwоrd123", field: FieldPassword, code: CodeNotLatin},
		{name: "a space", pw: "Abc 12345", field: FieldPassword, code: CodeNotLatin},
		{name: "a tab", pw: "Abc\t12345", field: FieldPassword, code: CodeNotLatin},
		{name: "accented Latin", pw: "Abcé12345", field: FieldPassword, code: CodeNotLatin},
		{name: "number sign", pw: "Abc№12345", field: FieldPassword, code: CodeNotLatin},
		{name: "emoji", pw: "Abc12345🙂", field: FieldPassword, code: CodeNotLatin},
		{name: "NUL", pw: "Abc12345\x00", field: FieldPassword, code: CodeNotLatin},
		{name: "DEL", pw: "Abc12345\x7f", field: FieldPassword, code: CodeNotLatin},
		{name: "no lowercase", pw: "ABCDEFG1", field: FieldPassword, code: CodeNoLowercase},
		{name: "no uppercase", pw: "abcdefg1", field: FieldPassword, code: CodeNoUppercase},
		{name: "no digit", pw: "Abcdefgh", field: FieldPassword, code: CodeNoDigit},
		{name: "Password1", pw: "Password1", field: FieldPassword, code: CodeCommon},
		{name: "Qwerty123", pw: "Qwerty123", field: FieldPassword, code: CodeCommon},
		{name: "P@ssw0rd", pw: "P@ssw0rd", field: FieldPassword, code: CodeCommon},
		{name: "Passw0rd", pw: "Passw0rd", field: FieldPassword, code: CodeCommon},
		{name: "Aa123456", pw: "Aa123456", field: FieldPassword, code: CodeCommon},
		{name: "Qwerty12", pw: "Qwerty12", field: FieldPassword, code: CodeCommon},
		{name: "1q2w3e4R", pw: "1q2w3e4R", field: FieldPassword, code: CodeCommon},
		{name: "Zaq12wsx", pw: "Zaq12wsx", field: FieldPassword, code: CodeCommon},
		{name: "case does not matter", pw: "pASSWORD1", field: FieldPassword, code: CodeCommon},
		{name: "пароль in the Latin layout", pw: "Gfhjkm123", field: FieldPassword, code: CodeCommon},
		{name: "common word with a year and a mark", pw: "Dragon2024!", field: FieldPassword, code: CodeCommon},
		{name: "digits in front", pw: "123Qwerty", field: FieldPassword, code: CodeCommon},
		{name: "name and a birth year", pw: "Marina1987", field: FieldPassword, code: CodeCommon},
		{name: "a common run of digits", pw: "Password123456", field: FieldPassword, code: CodeCommon},
		{name: "keyboard walk with a mark", pw: "1Q2w3e4r!", field: FieldPassword, code: CodeCommon},
		{name: "season and year", pw: "Summer2024", field: FieldPassword, code: CodeCommon},
		{name: "the portal's name", pw: "Gosuslugi2024", field: FieldPassword, code: CodeCommon},
		{name: "whole phone", pw: "Iv9123456789x", personal: []string{"+7 (912) 345-67-89"}, field: FieldPassword, code: CodePersonal},
		{name: "last 7 of the phone", pw: "Xq3456789Lm", personal: []string{"89123456789"}, field: FieldPassword, code: CodePersonal},
		{name: "email name", pw: "Ivan.Petrov7", personal: []string{"ivan.petrov@mail.ru"}, field: FieldPassword, code: CodePersonal},
		{name: "part of the email name", pw: "Petrov!2024Kx", personal: []string{"Ivan.Petrov@Mail.ru"}, field: FieldPassword, code: CodePersonal},
		{name: "SNILS digits", pw: "Kx11223344595", personal: []string{"112-233-445 95"}, field: FieldPassword, code: CodePersonal},
		{name: "a surname", pw: "Smirnova1985X", personal: []string{"Smirnova"}, field: FieldPassword, code: CodePersonal},
		{name: "mismatch", pw: "Kx7#mPq2vR", again: "Kx7#mPq2vr", field: FieldPasswordAgain, code: CodeMismatch},
		{name: "second entry empty", pw: "Kx7#mPq2vR", again: "", field: FieldPasswordAgain, code: CodeMismatch},
		{name: "the password's own fault first", pw: "Xy1!", again: "other", field: FieldPassword, code: CodeTooShort},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			again := tc.again
			if again == "" && tc.code != CodeMismatch {
				again = tc.pw
			}
			err := ValidatePasswordFor(tc.pw, again, tc.personal...)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			fe := mustFieldError(t, err, tc.field)
			if fe.Code != tc.code {
				t.Fatalf("code %s (%s), want %s", fe.Code, fe.En, tc.code)
			}
			if len(tc.pw) >= 4 && (strings.Contains(fe.Ru, tc.pw) || strings.Contains(fe.En, tc.pw)) {
				t.Errorf("the message repeats the password: %q", fe.Ru)
			}
		})
	}
	t.Run("ValidatePassword is ValidatePasswordFor without personal data", func(t *testing.T) {
		if err := ValidatePassword("Kx7#mPq2vR", "Kx7#mPq2vR"); err != nil {
			t.Error(err)
		}
		if err := ValidatePassword("Qwerty123", "Qwerty123"); mustFieldError(t, err, FieldPassword).Code != CodeCommon {
			t.Error(err)
		}
	})
	t.Run("Cyrillic says to switch the layout", func(t *testing.T) {
		fe := mustFieldError(t, ValidatePassword("Пароль123", "Пароль123"), FieldPassword)
		if !strings.Contains(fe.Ru, "раскладку") {
			t.Errorf("message %q", fe.Ru)
		}
	})
}

func TestCommonPasswordList(t *testing.T) {
	list := commonPasswords()
	if len(list) < 1000 {
		t.Fatalf("the list has %d passwords, want at least 1000", len(list))
	}
	// The entries that matter: those a citizen could get past the
	// composition rule, as written or with the first letter a capital.
	passing := 0
	for pw := range list {
		for _, c := range []string{pw, strings.ToUpper(pw[:1]) + pw[1:]} {
			if len(c) >= MinPassword && len(c) <= MaxPassword &&
				strings.ContainsAny(c, "abcdefghijklmnopqrstuvwxyz") &&
				strings.ContainsAny(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
				strings.ContainsAny(c, "0123456789") {
				passing++
				break
			}
		}
		if strings.ContainsFunc(pw, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			t.Errorf("entry %q has a space, a control or a non-ASCII character", pw)
		}
	}
	if passing < 500 {
		t.Errorf("only %d entries can pass the composition rule, want at least 500", passing)
	}
	for _, pw := range []string{"123456", "password", "qwerty", "Password1", "Qwerty123", "1q2w3e4r", "P@ssw0rd", "Passw0rd", "Aa123456", "Qwerty12", "gfhjkm", "ghbdtn"} {
		if !IsCommonPassword(pw) {
			t.Errorf("%q is not in the list", pw)
		}
	}
	t.Logf("%d passwords, %d can pass the composition rule", len(list), passing)
}

func TestIsCommonPassword(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"QWERTY123", true},
		{"Dragon2024!", true},
		{"!!Dragon", true},
		{"2024Summer!", true},
		{"Natasha123456", true},
		{"Natasha19871988", false},
		{"Dragonfly7", false},
		{"Kx7#mPq2vR", false},
		{"Ab12", false},
		{"", false},
		{"Ж", false},
	} {
		if got := IsCommonPassword(tc.pw); got != tc.want {
			t.Errorf("IsCommonPassword(%q) = %v, want %v", tc.pw, got, tc.want)
		}
	}
}
