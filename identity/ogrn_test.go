package identity

import "testing"

func TestParseOGRN(t *testing.T) {
	runStrCases(t, ParseOGRN, FieldOGRN, []strCase{
		{"Sberbank", "1027700132195", "1027700132195", ""},
		{"an OGRN from 2002", "1026605606620", "1026605606620", ""},
		{"an OGRN starting with 5", "5077746725964", "5077746725964", ""},
		{"remainder 10 gives 0", "1027700132240", "1027700132240", ""},
		{"an OGRNIP", "304500116000157", "304500116000157", ""},
		{"another OGRNIP", "309565808600188", "309565808600188", ""},
		{"OGRNIP remainder 11 gives 1", "304500116000191", "304500116000191", ""},
		{"spaces", "1 02 77 00 132195", "1027700132195", ""},

		{"empty", "", "", CodeRequired},
		{"twelve digits", "102770013219", "", CodeWrongLength},
		{"fourteen digits", "10277001321950", "", CodeWrongLength},
		{"OGRN check", "1027700132196", "", CodeBadChecksum},
		{"OGRNIP check", "304500116000158", "", CodeBadChecksum},
		{"OGRNIP remainder 11 is not 11", "304500116000190", "", CodeBadChecksum},
		{"a GRN starting with 2", "2027700132195", "", CodeBadPrefix},
		{"a GRNIP starting with 4", "404500116000157", "", CodeBadPrefix},
		{"an OGRN starting with 0", "0027700132195", "", CodeBadPrefix},
		{"a letter", "10277001321 9x", "", CodeBadCharacters},
	})
}
