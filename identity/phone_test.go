package identity

import (
	"strings"
	"testing"
)

func TestParsePhone(t *testing.T) {
	const want = "+79123456789"
	runStrCases(t, ParsePhone, FieldPhone, []strCase{
		{"international with brackets", "+7 (912) 345-67-89", want, ""},
		{"trunk 8 with spaces", "8 912 345 67 89", want, ""},
		{"trunk 8 solid", "89123456789", want, ""},
		{"7 with dashes", "7-912-345-6789", want, ""},
		{"E.164 already", "+79123456789", want, ""},
		{"national ten digits", "912 345-67-89", want, ""},
		{"dots", "8.912.345.67.89", want, ""},
		{"brackets without spaces", "8(912)3456789", want, ""},
		{"non-breaking spaces", "\u00a0+7\u00a0912\u00a0345\u00a067\u00a089\u00a0", want, ""},
		{"typographic dashes", "+7 (912) 345‑67–89", want, ""},
		{"invisible marks from a copy", "\u200e+7 912 345\u200b67 89\ufeff", want, ""},
		{"full-width plus", "＋7 912 345 67 89", want, ""},
		{"surrounding spaces", "   8 912 345 67 89  ", want, ""},

		{"empty", "", "", CodeRequired},
		{"only spaces", "   ", "", CodeRequired},
		{"one digit short after +7", "+7 912 345 67 8", "", CodeWrongLength},
		{"one digit too many after +7", "+7 912 345 67 899", "", CodeWrongLength},
		{"8 and a digit short", "8 912 345 67 8", "", CodeWrongLength},
		{"seven digits", "345 67 89", "", CodeWrongLength},
		{"twelve digits without plus", "891234567890", "", CodeWrongLength},
		{"a plus alone", "+", "", CodeWrongLength},
		{"brackets alone", "()", "", CodeWrongLength},
		{"Moscow landline", "+7 495 123-45-67", "", CodeNotMobile},
		{"free-phone 8-800", "8 800 555 35 35", "", CodeNotMobile},
		{"Yekaterinburg landline", "8 (343) 123-45-67", "", CodeNotMobile},
		{"unassigned code", "+7 512 345 67 89", "", CodeNotMobile},
		{"Ukraine", "+380 50 123 4567", "", CodeNotRussian},
		{"USA", "+1 202 555 0143", "", CodeNotRussian},
		{"USA without plus", "12025550143", "", CodeNotRussian},
		{"Kazakhstan shares +7", "+7 701 234 56 78", "", CodeNotRussian},
		{"Kazakhstan national", "701 234 56 78", "", CodeWrongLength},
		{"Kazakhstan 6xx", "8 600 234 56 78", "", CodeNotRussian},
		{"plus and trunk 8", "+8 912 345 67 89", "", CodeNotRussian},
		{"an extension", "8 912 345 67 89 доб. 12", "", CodeBadCharacters},
		{"letter O for zero", "8912345678O", "", CodeBadCharacters},
		{"plus in the middle", "8 912 +345 67 89", "", CodeBadCharacters},
		{"two pluses", "++79123456789", "", CodeBadCharacters},
		{"tel: prefix", "tel:+79123456789", "", CodeBadCharacters},
		{"slash", "8/912/345/67/89", "", CodeBadCharacters},
	})

	t.Run("+8 says to write 7", func(t *testing.T) {
		_, err := ParsePhone("+8 912 345 67 89")
		fe := mustFieldError(t, err, FieldPhone)
		if !strings.Contains(fe.Ru, "7, а не 8") || !strings.Contains(fe.En, "7, not 8") {
			t.Errorf("message %q / %q does not say to write 7", fe.Ru, fe.En)
		}
	})
	t.Run("a letter is named", func(t *testing.T) {
		_, err := ParsePhone("8 912 345 67 8О")
		fe := mustFieldError(t, err, FieldPhone)
		if !strings.Contains(fe.Ru, "«О» — буква") {
			t.Errorf("message %q does not name the letter", fe.Ru)
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"+7 (912) 345-67-89", "8 912 345 67 89", "89123456789", "7-912-345-6789", "+79123456789",
		"912 345-67-89", "+7 495 123-45-67", "+380501234567", "+", "", "＋7 912", "8\u00a0912\u200b3456789",
		"+7 701 234 56 78", "8 800 555 35 35", "\xff\xfe", "+7+7",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePhone(s)
		if err != nil {
			mustFieldError(t, err, FieldPhone)
			return
		}
		if len(got) != 12 || !strings.HasPrefix(got, "+79") || !allDigits(got[1:]) {
			t.Fatalf("ParsePhone(%q) = %q, not +79 and 9 more digits", s, got)
		}
		again, err := ParsePhone(got)
		if err != nil || again != got {
			t.Fatalf("ParsePhone(%q) = %q, %v; not idempotent after %q", got, again, err, s)
		}
	})
}
