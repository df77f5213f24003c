package identity

import (
	"errors"
	"testing"
	"time"
)

func TestParsePassport(t *testing.T) {
	msk := time.FixedZone("MSK", 3*60*60)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	now := time.Date(2025, time.June, 15, 13, 0, 0, 0, time.UTC) // 16 June in Kamchatka
	birth := day(1990, time.May, 20)
	ok := Passport{Series: "4506", Number: "123456", IssuerCode: "770-001", IssuedOn: day(2010, time.June, 1)}

	type in struct {
		series, number, issuer string
		issued, birth          time.Time
	}
	base := in{"45 06", "123456", "770-001", day(2010, time.June, 1), birth}
	with := func(f func(*in)) in { c := base; f(&c); return c }

	tests := []struct {
		name  string
		in    in
		want  Passport
		codes map[string]string // field → code; nil for success
	}{
		{name: "as printed", in: base, want: ok},
		{name: "series solid, issuer code without dash", in: with(func(c *in) { c.series, c.issuer = "4506", "770001" }), want: ok},
		{name: "spaces everywhere", in: with(func(c *in) { c.series, c.number, c.issuer = " 45 06 ", "123 456", "770 – 001" }), want: ok},
		{name: "number sign", in: with(func(c *in) { c.number = "№ 123456" }), want: ok},
		{name: "issue date in Moscow time is that date", in: with(func(c *in) { c.issued = time.Date(2010, time.June, 1, 0, 30, 0, 0, msk) }), want: ok},
		{name: "birth unknown skips the age check", in: with(func(c *in) { c.birth = time.Time{}; c.issued = day(1998, time.January, 5) }),
			want: Passport{Series: "4506", Number: "123456", IssuerCode: "770-001", IssuedOn: day(1998, time.January, 5)}},
		{name: "on the 14th birthday", in: with(func(c *in) { c.issued = day(2004, time.May, 20) }),
			want: Passport{Series: "4506", Number: "123456", IssuerCode: "770-001", IssuedOn: day(2004, time.May, 20)}},
		{name: "born 29 February, issued 28 February of a common year", in: with(func(c *in) { c.birth, c.issued = day(2000, time.February, 29), day(2014, time.February, 28) }),
			want: Passport{Series: "4506", Number: "123456", IssuerCode: "770-001", IssuedOn: day(2014, time.February, 28)}},
		{name: "on the first day of the current passport", in: with(func(c *in) { c.birth, c.issued = time.Time{}, day(1997, time.October, 1) }),
			want: Passport{Series: "4506", Number: "123456", IssuerCode: "770-001", IssuedOn: day(1997, time.October, 1)}},
		{name: "today in Kamchatka", in: with(func(c *in) { c.issued = day(2025, time.June, 16) }),
			want: Passport{Series: "4506", Number: "123456", IssuerCode: "770-001", IssuedOn: day(2025, time.June, 16)}},

		{name: "series empty", in: with(func(c *in) { c.series = "" }), codes: map[string]string{FieldPassportSeries: CodeRequired}},
		{name: "series and number in one field", in: with(func(c *in) { c.series = "4506 123456" }), codes: map[string]string{FieldPassportSeries: CodeWrongLength}},
		{name: "series of three digits", in: with(func(c *in) { c.series = "450" }), codes: map[string]string{FieldPassportSeries: CodeWrongLength}},
		{name: "series with a dash", in: with(func(c *in) { c.series = "45-06" }), codes: map[string]string{FieldPassportSeries: CodeBadCharacters}},
		{name: "number empty", in: with(func(c *in) { c.number = " " }), codes: map[string]string{FieldPassportNumber: CodeRequired}},
		{name: "number of five digits", in: with(func(c *in) { c.number = "12345" }), codes: map[string]string{FieldPassportNumber: CodeWrongLength}},
		{name: "number with a letter", in: with(func(c *in) { c.number = "12345б" }), codes: map[string]string{FieldPassportNumber: CodeBadCharacters}},
		{name: "issuer code empty", in: with(func(c *in) { c.issuer = "" }), codes: map[string]string{FieldPassportIssuerCode: CodeRequired}},
		{name: "issuer code short", in: with(func(c *in) { c.issuer = "77-001" }), codes: map[string]string{FieldPassportIssuerCode: CodeWrongLength}},
		{name: "issuer code with a slash", in: with(func(c *in) { c.issuer = "770/001" }), codes: map[string]string{FieldPassportIssuerCode: CodeBadCharacters}},
		{name: "issue date missing", in: with(func(c *in) { c.issued = time.Time{} }), codes: map[string]string{FieldPassportIssuedOn: CodeRequired}},
		{name: "issued the day after tomorrow", in: with(func(c *in) { c.issued = day(2025, time.June, 17) }), codes: map[string]string{FieldPassportIssuedOn: CodeInFuture}},
		{name: "issued before 1 October 1997", in: with(func(c *in) { c.birth, c.issued = time.Time{}, day(1997, time.September, 30) }), codes: map[string]string{FieldPassportIssuedOn: CodeTooEarly}},
		{name: "issued the day before the 14th birthday", in: with(func(c *in) { c.issued = day(2004, time.May, 19) }), codes: map[string]string{FieldPassportIssuedOn: CodeUnder14}},
		{name: "born 29 February, issued 27 February", in: with(func(c *in) { c.birth, c.issued = day(2000, time.February, 29), day(2014, time.February, 27) }), codes: map[string]string{FieldPassportIssuedOn: CodeUnder14}},
		{name: "birth after the issue date", in: with(func(c *in) { c.birth = day(2015, time.January, 1) }), codes: map[string]string{FieldPassportIssuedOn: CodeUnder14}},
		{name: "every field wrong", in: in{"4", "1", "1", day(2030, time.January, 1), birth}, codes: map[string]string{
			FieldPassportSeries: CodeWrongLength, FieldPassportNumber: CodeWrongLength,
			FieldPassportIssuerCode: CodeWrongLength, FieldPassportIssuedOn: CodeInFuture}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePassport(tc.in.series, tc.in.number, tc.in.issuer, tc.in.issued, tc.in.birth, now)
			if tc.codes == nil {
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Fatalf("got %+v, want %+v", got, tc.want)
				}
				return
			}
			if got != (Passport{}) {
				t.Errorf("got %+v with an error", got)
			}
			fields := Fields(err)
			if len(fields) != len(tc.codes) {
				t.Fatalf("errors %v, want codes %v", err, tc.codes)
			}
			for _, fe := range fields {
				checkFieldError(t, fe, fe.Field)
				if tc.codes[fe.Field] != fe.Code {
					t.Errorf("%s: code %s (%s), want %s", fe.Field, fe.Code, fe.En, tc.codes[fe.Field])
				}
			}
			var first *FieldError
			if !errors.As(err, &first) || !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not match *FieldError and ErrInvalid", err)
			}
			if len(tc.codes) == 1 {
				if _, ok := err.(*FieldError); !ok {
					t.Errorf("one wrong field gives %T, want *FieldError", err)
				}
			} else if first.Field != FieldPassportSeries {
				t.Errorf("first error is for %s, want the series", first.Field)
			}
		})
	}
}

func FuzzParsePassport(f *testing.F) {
	f.Add("45 06", "123456", "770-001", int64(1275350400), int64(642816000), int64(1749992400))
	f.Add("4506", "123 456", "770001", int64(875664000), int64(0), int64(1749992400))
	f.Add("", "", "", int64(0), int64(0), int64(0))
	f.Add("45-06", "12345б", "77/001", int64(-1<<62), int64(1<<62), int64(1<<40))
	f.Fuzz(func(t *testing.T, series, number, issuer string, issued, birth, now int64) {
		at := func(sec int64) time.Time {
			if sec == 0 {
				return time.Time{}
			}
			return time.Unix(sec, 0).UTC()
		}
		nowT := time.Unix(now, 0)
		p, err := ParsePassport(series, number, issuer, at(issued), at(birth), nowT)
		if err != nil {
			fields := Fields(err)
			if len(fields) == 0 || len(fields) > 4 {
				t.Fatalf("error %v lists %d fields", err, len(fields))
			}
			for _, fe := range fields {
				switch fe.Field {
				case FieldPassportSeries, FieldPassportNumber, FieldPassportIssuerCode, FieldPassportIssuedOn:
				default:
					t.Fatalf("unexpected field %q", fe.Field)
				}
				checkFieldError(t, fe, fe.Field)
			}
			return
		}
		if len(p.Series) != 4 || !allDigits(p.Series) || len(p.Number) != 6 || !allDigits(p.Number) ||
			len(p.IssuerCode) != 7 || p.IssuerCode[3] != '-' || !allDigits(p.IssuerCode[:3]+p.IssuerCode[4:]) {
			t.Fatalf("malformed result %+v", p)
		}
		if p.IssuedOn.Location() != time.UTC || p.IssuedOn != dateOf(p.IssuedOn) || p.IssuedOn.Before(passportIntroduced) {
			t.Fatalf("bad issue date %v", p.IssuedOn)
		}
		again, err := ParsePassport(p.Series, p.Number, p.IssuerCode, p.IssuedOn, at(birth), nowT)
		if err != nil || again != p {
			t.Fatalf("not idempotent: %+v, %v; want %+v", again, err, p)
		}
	})
}
