package identity

import "testing"

func TestParseDriverLicence(t *testing.T) {
	runStrCases(t, ParseDriverLicence, FieldDriverLicence, []strCase{
		{"new licence", "99 12 345678", "9912345678", ""},
		{"old licence with letters", "77АВ123456", "77АВ123456", ""},
		{"lower-case Cyrillic", "77 ав 123456", "77АВ123456", ""},
		{"Latin look-alikes", "77 ab 123456", "77АВ123456", ""},
		{"dash and number sign", "99-12 №345678", "9912345678", ""},

		{"empty", "", "", CodeRequired},
		{"only separators", " - ", "", CodeRequired},
		{"nine characters", "99 12 3456 7", "", CodeWrongLength},
		{"eleven characters", "99 12 3456789", "", CodeWrongLength},
		{"digit and letter mixed", "99 1А 345678", "", CodeBadFormat},
		{"letters first", "АВ 12 345678", "", CodeBadFormat},
		{"a letter in the number", "99 12 3456А8", "", CodeBadFormat},
		{"Latin letters without a twin", "99 DZ 345678", "", CodeBadCharacters},
		{"punctuation", "99 12 345678!", "", CodeBadCharacters},
	})
}

func TestParseVehicleCertificate(t *testing.T) {
	runStrCases(t, ParseVehicleCertificate, FieldVehicleCertificate, []strCase{
		{"digits", "99 12 345678", "9912345678", ""},
		{"letters", "77 УВ 123456", "77УВ123456", ""},
		{"Latin Y for У", "77 yb 123456", "77УВ123456", ""},
		{"empty", "", "", CodeRequired},
		{"short", "77 УВ 12345", "", CodeWrongLength},
		{"long", "77 УВ 1234567", "", CodeWrongLength},
		{"spaces anywhere", "7 7УВ123456 ", "77УВ123456", ""},
		{"letter in the region", "7У УВ 123456", "", CodeBadFormat},
	})
}

func TestParsePlate(t *testing.T) {
	runStrCases(t, ParsePlate, FieldPlate, []strCase{
		{"two-digit region", "А123ВС77", "А123ВС77", ""},
		{"three-digit region", "А123ВС777", "А123ВС777", ""},
		{"Latin look-alikes", "a123bc77", "А123ВС77", ""},
		{"spaces and lower case", "а 123 вс 77", "А123ВС77", ""},
		{"RUS suffix", "A123BC 77 RUS", "А123ВС77", ""},
		{"РУС suffix", "А123ВС 777 рус", "А123ВС777", ""},
		{"region 01", "В 001 ОР 01", "В001ОР01", ""},
		{"every letter", "Х999УТ199", "Х999УТ199", ""},

		{"empty", "", "", CodeRequired},
		{"letter not on plates", "Ж123ВС77", "", CodeBadCharacters},
		{"Latin letter without a twin", "D123BC77", "", CodeBadCharacters},
		{"a symbol", "А123ВС#77", "", CodeBadCharacters},
		{"one-digit region", "К123ВС7", "", CodeBadFormat},
		{"four-digit region", "А123ВС7777", "", CodeBadFormat},
		{"motorcycle shape", "1234ВС77", "", CodeBadFormat},
		{"digits for letters", "А123В177", "", CodeBadFormat},
		{"number 000", "А000ВС77", "", CodeBadNumber},
		{"region 00", "А123ВС00", "", CodeBadRegion},
		{"three-digit region with 0", "А123ВС077", "", CodeBadRegion},
	})
}

func FuzzParsePlate(f *testing.F) {
	for _, s := range []string{"А123ВС77", "a 123 bc 777 rus", "А000ВС77", "РУС", "ЖЖЖ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePlate(s)
		if err != nil {
			mustFieldError(t, err, FieldPlate)
			return
		}
		again, err := ParsePlate(got)
		if err != nil || again != got {
			t.Fatalf("ParsePlate(%q) = %q, %v; not idempotent after %q", got, again, err, s)
		}
	})
}

func TestParsePostalCode(t *testing.T) {
	runStrCases(t, ParsePostalCode, FieldPostalCode, []strCase{
		{"Moscow", "101000", "101000", ""},
		{"with a space", " 101 000 ", "101000", ""},
		{"empty", "", "", CodeRequired},
		{"five digits", "10100", "", CodeWrongLength},
		{"seven digits", "1010000", "", CodeWrongLength},
		{"letter O", "10100O", "", CodeBadCharacters},
		{"dash", "101-000", "", CodeBadCharacters},
	})
}
