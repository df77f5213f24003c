package identity

import (
	"strings"
	"testing"
)

func TestParseName(t *testing.T) {
	parse := func(s string) (string, error) { return ParseName(s, "lastName") }
	runStrCases(t, parse, "lastName", []strCase{
		{"Cyrillic", "Иванов", "Иванов", ""},
		{"trimmed", "  Иванова\u00a0 ", "Иванова", ""},
		{"with ё", "Алёшина", "Алёшина", ""},
		{"double surname", "Римский-Корсаков", "Римский-Корсаков", ""},
		{"spaces around the hyphen", "Римский - Корсаков", "Римский-Корсаков", ""},
		{"an en dash", "Римский–Корсаков", "Римский-Корсаков", ""},
		{"apostrophe", "O'Brien", "O'Brien", ""},
		{"typographic apostrophe", "D’Artagnan", "D'Artagnan", ""},
		{"inner spaces collapsed", "van  der   Berg", "van der Berg", ""},
		{"accented Latin", "Müller", "Müller", ""},
		{"decomposed й", "Андреи\u0306", "Андрей", ""},
		{"case kept", "ИВАНОВ", "ИВАНОВ", ""},
		{"sixty letters", strings.Repeat("я", 60), strings.Repeat("я", 60), ""},
		{"zero-width space dropped", "Ива\u200bнов", "Иванов", ""},

		{"empty", "", "", CodeRequired},
		{"spaces", "   ", "", CodeRequired},
		{"sixty-one letters", strings.Repeat("я", 61), "", CodeTooLong},
		{"a digit", "Иванов2", "", CodeBadCharacters},
		{"punctuation", "Иванов!", "", CodeBadCharacters},
		{"Greek", "Γιώργος", "", CodeBadCharacters},
		{"Latin a in Cyrillic", "Ивaнов", "", CodeMixedScripts},
		{"leading hyphen", "-Иванов", "", CodeBadFormat},
		{"trailing hyphen", "Иванов-", "", CodeBadFormat},
		{"two hyphens", "Анна--Мария", "", CodeBadFormat},
		{"apostrophe before a space", "Д' Артаньян", "", CodeBadFormat},
		{"lone apostrophe", "'", "", CodeBadFormat},
	})
	t.Run("the field names the value", func(t *testing.T) {
		_, err := ParseName("", "middleName")
		if fe := mustFieldError(t, err, "middleName"); fe.Ru != "Укажите отчество" || fe.En != "enter the patronymic" {
			t.Errorf("got %q / %q", fe.Ru, fe.En)
		}
		_, err = ParseName("Иванов1", "firstName")
		if fe := mustFieldError(t, err, "firstName"); fe.Ru != "В имени не может быть цифр" {
			t.Errorf("got %q", fe.Ru)
		}
		_, err = ParseName("", "spouseName")
		mustFieldError(t, err, "spouseName")
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"Иванов", "Римский - Корсаков", "O’Brien", "Андреи\u0306", " - ", "a\u0301\u0301", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseName(s, "firstName")
		if err != nil {
			mustFieldError(t, err, "firstName")
			return
		}
		again, err := ParseName(got, "firstName")
		if err != nil || again != got {
			t.Fatalf("ParseName(%q) = %q, %v; not idempotent after %q", got, again, err, s)
		}
	})
}
