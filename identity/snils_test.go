package identity

import (
	"strconv"
	"testing"
)

func TestParseSNILS(t *testing.T) {
	runStrCases(t, ParseSNILS, FieldSNILS, []strCase{
		{"as printed", "112-233-445 95", "11223344595", ""},
		{"solid", "11223344595", "11223344595", ""},
		{"spaces", "112 233 445 95", "11223344595", ""},
		{"en dashes and a non-breaking space", " 112–233–445\u00a095 ", "11223344595", ""},
		{"sum 100 gives 00", "001-508-815 00", "00150881500", ""},
		{"sum 101 gives 00", "001-437-544 00", "00143754400", ""},
		{"sum 201, remainder 100, gives 00", "006-996-682 00", "00699668200", ""},
		{"sum 302, remainder 100, gives 00", "298-795-994 00", "29879599400", ""},
		{"sum over 101 modulo 101", "049-798-877 57", "04979887757", ""},
		{"at 001-001-998 no check applies", "001-001-998 47", "00100199847", ""},
		{"low number, any check", "000-000-001 99", "00000000199", ""},
		{"just above the range is checked", "001-001-999 65", "00100199965", ""},

		{"empty", "", "", CodeRequired},
		{"one digit short", "112-233-44 95", "", CodeWrongLength},
		{"one digit too many", "112-233-445 955", "", CodeWrongLength},
		{"wrong check number", "112-233-445 96", "", CodeBadChecksum},
		{"transposed digits", "121-233-445 95", "", CodeBadChecksum},
		{"remainder 100 is not 100", "298-795-994 10", "", CodeBadChecksum},
		{"just above the range, wrong check", "001-001-999 00", "", CodeBadChecksum},
		{"slashes", "112/233/445 95", "", CodeBadCharacters},
		{"letter O", "112-233-445 9O", "", CodeBadCharacters},
		{"all zeros", "000-000-000 00", "", CodeBadNumber},
	})
}

func TestFormatSNILS(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"eleven digits", "11223344595", "112-233-445 95"},
		{"too short stays", "123", "123"},
		{"a letter stays", "1122334459a", "1122334459a"},
		{"formatted stays", "112-233-445 95", "112-233-445 95"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormatSNILS(tc.in); got != tc.want {
				t.Errorf("FormatSNILS(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// refSNILSCheck is the Pension Fund rule written out again, independently
// of snilsCheck, for the fuzz test.
func refSNILSCheck(d string) int {
	sum := 0
	for i, w := 0, 9; w >= 1; i, w = i+1, w-1 {
		sum += int(d[i]-'0') * w
	}
	for sum > 101 {
		sum %= 101
	}
	if sum == 100 || sum == 101 {
		return 0
	}
	return sum
}

func FuzzParseSNILS(f *testing.F) {
	for _, s := range []string{"112-233-445 95", "11223344595", "001-001-998 00", "000-000-000 00", "298-795-994 00", "112 233 445 9x", "", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseSNILS(s)
		if err != nil {
			mustFieldError(t, err, FieldSNILS)
			return
		}
		if len(got) != 11 || !allDigits(got) {
			t.Fatalf("ParseSNILS(%q) = %q, not 11 digits", s, got)
		}
		n, _ := strconv.Atoi(got[:9])
		check, _ := strconv.Atoi(got[9:])
		if n == 0 || n > snilsUnchecked && check != refSNILSCheck(got) {
			t.Fatalf("ParseSNILS(%q) = %q, which fails the checksum", s, got)
		}
		for _, in := range []string{got, FormatSNILS(got)} {
			again, err := ParseSNILS(in)
			if err != nil || again != got {
				t.Fatalf("ParseSNILS(%q) = %q, %v; want %q", in, again, err, got)
			}
		}
	})
}
