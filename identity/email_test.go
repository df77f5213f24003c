package identity

import (
	"strings"
	"testing"
)

func TestParseEmail(t *testing.T) {
	runStrCases(t, ParseEmail, FieldEmail, []strCase{
		{"plain", "ivan.petrov@mail.ru", "ivan.petrov@mail.ru", ""},
		{"trimmed and lower-cased", "  Ivan.Petrov@Mail.RU\u00a0", "ivan.petrov@mail.ru", ""},
		{"plus tag", "user+tag@yandex.ru", "user+tag@yandex.ru", ""},
		{"subdomains and symbols", "a_b-c@sub.example.co.uk", "a_b-c@sub.example.co.uk", ""},
		{"apostrophe before @", "o'brien@example.com", "o'brien@example.com", ""},
		{"Cyrillic domain", "ivan@пример.рф", "ivan@пример.рф", ""},
		{"Cyrillic domain lower-cased", "Ivan@Пример.РФ", "ivan@пример.рф", ""},
		{"punycode domain", "ivan@xn--e1afmkfd.xn--p1ai", "ivan@xn--e1afmkfd.xn--p1ai", ""},
		{"digits in the domain", "ivan@mail2.ru", "ivan@mail2.ru", ""},

		{"empty", "", "", CodeRequired},
		{"spaces only", " \t ", "", CodeRequired},
		{"display name", "Ivan <ivan@mail.ru>", "", CodeDisplayName},
		{"angle brackets", "<ivan@mail.ru>", "", CodeDisplayName},
		{"comment as a name", "ivan@mail.ru (Ivan)", "", CodeDisplayName},
		{"no at sign", "ivan.mail.ru", "", CodeBadFormat},
		{"two at signs", "ivan@@mail.ru", "", CodeBadFormat},
		{"two addresses", "ivan@mail.ru,petr@mail.ru", "", CodeBadFormat},
		{"space inside", "ivan@ma il.ru", "", CodeBadFormat},
		{"nothing before at", "@yandex.ru", "", CodeBadFormat},
		{"Cyrillic mailbox", "иван@mail.ru", "", CodeBadFormat},
		{"accented mailbox", "josé@mail.ru", "", CodeBadFormat},
		{"leading dot", ".ivan@mail.ru", "", CodeBadFormat},
		{"two dots", "iv..an@mail.ru", "", CodeBadFormat},
		{"quoted mailbox", `"ivan"@mail.ru`, "", CodeBadFormat},
		{"comma in mailbox", "iv,an@mail.ru", "", CodeBadFormat},
		{"no domain", "ivan@", "", CodeBadDomain},
		{"domain without a dot", "ivan@localhost", "", CodeBadDomain},
		{"two dots in the domain", "ivan@mail..ru", "", CodeBadDomain},
		{"trailing dot", "ivan@mail.ru.", "", CodeBadDomain},
		{"leading hyphen", "ivan@-mail.ru", "", CodeBadDomain},
		{"underscore in the domain", "ivan@mail_box.ru", "", CodeBadDomain},
		{"IP literal", "ivan@[127.0.0.1]", "", CodeBadDomain},
		{"mixed scripts", "ivan@ьфшд.ru", "", CodeBadDomain},
		{"Russian layout TLD", "ivan@ьфшд.кг", "", CodeBadDomain},
		{"one-letter TLD", "ivan@mail.r", "", CodeBadDomain},
		{"numeric TLD", "ivan@10.0.0.1", "", CodeBadDomain},
		{"label over 63", "ivan@" + strings.Repeat("a", 64) + ".ru", "", CodeBadDomain},
		{"mailbox over 64", strings.Repeat("a", 65) + "@mail.ru", "", CodeTooLong},
		{"over 254", strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 60)+".", 4) + "ru", "", CodeTooLong},
	})
	t.Run("254 characters pass", func(t *testing.T) {
		s := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 58) + ".ru"
		if len(s) != 254 {
			t.Fatalf("test address has %d characters", len(s))
		}
		if _, err := ParseEmail(s); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Cyrillic mailbox says to switch the layout", func(t *testing.T) {
		_, err := ParseEmail("шмфт@mail.ru")
		if fe := mustFieldError(t, err, FieldEmail); !strings.Contains(fe.Ru, "раскладку") {
			t.Errorf("message %q", fe.Ru)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"ivan.petrov@mail.ru", "Ivan@Пример.РФ", "a@b", "<a@b.ru>", `"a b"@x.ru`, "a@[1.2.3.4]", "İ@x.ru", "a@İ.ru"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseEmail(s)
		if err != nil {
			mustFieldError(t, err, FieldEmail)
			return
		}
		if got != strings.ToLower(got) || !strings.Contains(got, "@") {
			t.Fatalf("ParseEmail(%q) = %q", s, got)
		}
		again, err := ParseEmail(got)
		if err != nil || again != got {
			t.Fatalf("ParseEmail(%q) = %q, %v; not idempotent after %q", got, again, err, s)
		}
	})
}
