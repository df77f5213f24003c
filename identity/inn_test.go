package identity

import "testing"

func TestParseINN(t *testing.T) {
	runStrCases(t, ParseINN, FieldINN, []strCase{
		{"Sberbank, 10 digits", "7707083893", "7707083893", ""},
		{"Yandex, 10 digits", "7736207543", "7736207543", ""},
		{"an individual, 12 digits", "500100732259", "500100732259", ""},
		{"spaces and dashes", " 7707 083-893 ", "7707083893", ""},

		{"empty", "", "", CodeRequired},
		{"nine digits", "770708389", "", CodeWrongLength},
		{"eleven digits", "77070838931", "", CodeWrongLength},
		{"thirteen digits", "5001007322591", "", CodeWrongLength},
		{"10-digit check", "7707083894", "", CodeBadChecksum},
		{"12-digit last check", "500100732258", "", CodeBadChecksum},
		{"12-digit eleventh check", "500100732249", "", CodeBadChecksum},
		{"a letter", "77070838З3", "", CodeBadCharacters},
		{"region 00", "0000000000", "", CodeBadRegion},
		{"region 00, 12 digits", "000000000000", "", CodeBadRegion},
	})
}

func TestParsePersonalINN(t *testing.T) {
	runStrCases(t, ParsePersonalINN, FieldINN, []strCase{
		{"an individual", "500100732259", "500100732259", ""},
		{"empty", "", "", CodeRequired},
		{"an organisation's", "7707083893", "", CodeNotPersonal},
		{"an organisation's with a bad check", "7707083894", "", CodeNotPersonal},
		{"eleven digits", "50010073225", "", CodeWrongLength},
		{"bad check", "500100732258", "", CodeBadChecksum},
	})
}

// refINNDigit is the FNS rule written out again, for the fuzz test.
func refINNDigit(d string, weights ...int) byte {
	sum := 0
	for i := range weights {
		sum += weights[i] * int(d[i]-'0')
	}
	r := sum % 11
	if r == 10 {
		r = 0
	}
	return '0' + byte(r)
}

func FuzzParseINN(f *testing.F) {
	for _, s := range []string{"7707083893", "500100732259", "0000000000", "7707 083 893", "77070838931", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseINN(s)
		if err != nil {
			mustFieldError(t, err, FieldINN)
			return
		}
		switch len(got) {
		case 10:
			if !allDigits(got) || got[9] != refINNDigit(got, 2, 4, 10, 3, 5, 9, 4, 6, 8) {
				t.Fatalf("ParseINN(%q) = %q, which fails the checksum", s, got)
			}
			if _, err := ParsePersonalINN(got); mustFieldError(t, err, FieldINN).Code != CodeNotPersonal {
				t.Fatalf("ParsePersonalINN(%q) took a 10-digit INN", got)
			}
		case 12:
			if !allDigits(got) ||
				got[10] != refINNDigit(got, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8) ||
				got[11] != refINNDigit(got, 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8) {
				t.Fatalf("ParseINN(%q) = %q, which fails the checksum", s, got)
			}
			if p, err := ParsePersonalINN(got); err != nil || p != got {
				t.Fatalf("ParsePersonalINN(%q) = %q, %v", got, p, err)
			}
		default:
			t.Fatalf("ParseINN(%q) = %q: neither 10 nor 12 digits", s, got)
		}
		if got[:2] == "00" {
			t.Fatalf("ParseINN(%q) = %q, region 00", s, got)
		}
		again, err := ParseINN(got)
		if err != nil || again != got {
			t.Fatalf("ParseINN(%q) = %q, %v; not idempotent after %q", got, again, err, s)
		}
	})
}
