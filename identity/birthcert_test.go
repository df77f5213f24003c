package identity

import "testing"

func TestParseBirthCertificate(t *testing.T) {
	tests := []struct {
		name           string
		series, number string
		want           BirthCertificate
		code           string
	}{
		{"as printed", "IV-МЮ", "123456", BirthCertificate{"IV-МЮ", "123456"}, ""},
		{"lower case", "iv-мю", "123 456", BirthCertificate{"IV-МЮ", "123456"}, ""},
		{"no dash", "IVМЮ", "123456", BirthCertificate{"IV-МЮ", "123456"}, ""},
		{"space for the dash", "IV МЮ", "123456", BirthCertificate{"IV-МЮ", "123456"}, ""},
		{"an en dash", "IV–МЮ", "№ 123456", BirthCertificate{"IV-МЮ", "123456"}, ""},
		{"Latin M in the letters", "IV-MЮ", "123456", BirthCertificate{"IV-МЮ", "123456"}, ""},
		{"Cyrillic Х and С in the numeral", "ХС-АК", "000001", BirthCertificate{"XC-АК", "000001"}, ""},
		{"Ukrainian І in the numeral", "ІІ-АК", "000001", BirthCertificate{"II-АК", "000001"}, ""},
		{"one", "I-ЖД", "654321", BirthCertificate{"I-ЖД", "654321"}, ""},
		{"a large numeral", "CCCXCIX-ЁЯ", "654321", BirthCertificate{"CCCXCIX-ЁЯ", "654321"}, ""},

		{"both empty", "", "", BirthCertificate{}, CodeRequired},
		{"series empty", " ", "123456", BirthCertificate{}, CodeRequired},
		{"number empty", "IV-МЮ", "", BirthCertificate{}, CodeRequired},
		{"IIII is not canonical", "IIII-МЮ", "123456", BirthCertificate{}, CodeBadSeries},
		{"VX is not a numeral", "VX-МЮ", "123456", BirthCertificate{}, CodeBadSeries},
		{"one letter", "IV-М", "123456", BirthCertificate{}, CodeBadSeries},
		{"three letters", "IV-МЮЯ", "123456", BirthCertificate{}, CodeBadSeries},
		{"an Arabic numeral", "4-МЮ", "123456", BirthCertificate{}, CodeBadSeries},
		{"digits for letters", "IV-12", "123456", BirthCertificate{}, CodeBadSeries},
		{"Latin letters without a twin", "IV-DZ", "123456", BirthCertificate{}, CodeBadSeries},
		{"two dashes", "IV--МЮ", "123456", BirthCertificate{}, CodeBadSeries},
		{"no numeral", "-МЮ", "123456", BirthCertificate{}, CodeBadSeries},
		{"M is not used", "M-МЮ", "123456", BirthCertificate{}, CodeBadSeries},
		{"number of five digits", "IV-МЮ", "12345", BirthCertificate{}, CodeBadNumber},
		{"number with a letter", "IV-МЮ", "12345a", BirthCertificate{}, CodeBadNumber},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseBirthCertificate(tc.series, tc.number)
			if tc.code == "" {
				if err != nil || got != tc.want {
					t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
				}
				again, err := ParseBirthCertificate(got.Series, got.Number)
				if err != nil || again != got {
					t.Fatalf("not idempotent: %+v, %v", again, err)
				}
				return
			}
			if fe := mustFieldError(t, err, FieldBirthCertificate); fe.Code != tc.code {
				t.Fatalf("code %s (%s), want %s", fe.Code, fe.En, tc.code)
			}
		})
	}
}

func TestCanonicalRoman(t *testing.T) {
	for n := 1; n <= 399; n++ {
		if s := toRoman(n); !canonicalRoman(s) {
			t.Errorf("%d = %s is not accepted", n, s)
		}
	}
	for _, s := range []string{"", "IIII", "VV", "IL", "IC", "XXXX", "CD", "CCCC", "IIV", "VIV"} {
		if canonicalRoman(s) {
			t.Errorf("%q is accepted", s)
		}
	}
}
