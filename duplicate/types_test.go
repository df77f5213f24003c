package duplicate_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/uslugi/uslugi/duplicate"
)

func TestTypes(t *testing.T) {
	types := duplicate.Types()
	if len(types) != 19 {
		t.Fatalf("%d types, want 19", len(types))
	}
	codes := map[string]bool{}
	for _, ty := range types {
		t.Run(ty.Code, func(t *testing.T) {
			if codes[ty.Code] {
				t.Fatal("code used twice")
			}
			codes[ty.Code] = true
			if !regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`).MatchString(ty.Code) {
				t.Error("code is not UPPER_SNAKE")
			}
			if ty.Ru == "" || ty.En == "" || ty.CategoryRu == "" || ty.CategoryEn == "" {
				t.Error("a name or category is missing")
			}
			names := map[string]bool{}
			required := 0
			for _, f := range ty.Fields {
				if names[f.Name] {
					t.Errorf("field %s twice", f.Name)
				}
				names[f.Name] = true
				if f.Ru == "" || f.En == "" {
					t.Errorf("field %s has no label", f.Name)
				}
				if f.Kind != duplicate.FieldString && f.Kind != duplicate.FieldDate {
					t.Errorf("field %s kind %q", f.Name, f.Kind)
				}
				if f.Pattern != "" {
					if _, err := regexp.Compile(f.Pattern); err != nil {
						t.Errorf("field %s: %v", f.Name, err)
					}
					if f.HintRu == "" || f.HintEn == "" {
						t.Errorf("field %s has a pattern but no hint", f.Name)
					}
				}
				if f.Required {
					required++
				}
			}
			if required < 2 {
				t.Error("fewer than two required fields: a duplicate would say too little")
			}
			if len(ty.Files) == 0 || ty.Files[0].Role != duplicate.FileMain || !ty.Files[0].Required {
				t.Error("the first file must be the required MAIN scan")
			}
			foreign := strings.HasPrefix(ty.Code, "FOREIGN_")
			if ty.Foreign() != foreign {
				t.Errorf("Foreign() = %v for a type named %s", ty.Foreign(), ty.Code)
			}
			if foreign {
				if _, ok := ty.Field("state"); !ok {
					t.Error("a foreign document without its state")
				}
				if f, ok := ty.Field("translationCertifiedOn"); !ok || !f.Required {
					t.Error("a foreign document without the translation's date")
				}
			}
			got, ok := duplicate.TypeByCode(ty.Code)
			if !ok || got.Code != ty.Code {
				t.Error("TypeByCode does not find it")
			}
		})
	}

	t.Run("the examples of the issue are there", func(t *testing.T) {
		wb, _ := duplicate.TypeByCode("WORK_RECORD_BOOK")
		for _, name := range []string{"holder", "series", "number"} {
			if f, ok := wb.Field(name); !ok || !f.Required {
				t.Errorf("work record book: %s missing or optional", name)
			}
		}
		mc, _ := duplicate.TypeByCode("FOREIGN_MARRIAGE_CERTIFICATE")
		for _, name := range []string{"state", "marriedOn", "spouse1", "spouse2"} {
			if f, ok := mc.Field(name); !ok || !f.Required {
				t.Errorf("foreign marriage certificate: %s missing or optional", name)
			}
		}
		roles := []duplicate.FileRole{}
		for _, f := range mc.Files {
			roles = append(roles, f.Role)
		}
		if !slices.Equal(roles, []duplicate.FileRole{duplicate.FileMain, duplicate.FileTranslation}) {
			t.Errorf("foreign marriage certificate files %v", roles)
		}
		for _, code := range []string{"MILITARY_ID", "ADOPTION_CERTIFICATE", "EDUCATION_DOCUMENT", "FOREIGN_EDUCATION_DOCUMENT"} {
			if _, ok := duplicate.TypeByCode(code); !ok {
				t.Errorf("%s missing", code)
			}
		}
	})

	t.Run("unknown code", func(t *testing.T) {
		if _, ok := duplicate.TypeByCode("PASSPORT"); ok {
			t.Fatal("found")
		}
	})

	t.Run("callers get their own copy", func(t *testing.T) {
		a := duplicate.Types()
		a[0].Fields[0].Required = false
		a[0].Code = "CHANGED"
		if b := duplicate.Types(); b[0].Code == "CHANGED" || !b[0].Fields[0].Required {
			t.Fatal("Types shares state between calls")
		}
	})

	t.Run("the source is in one place and honest", func(t *testing.T) {
		src := duplicate.TypesSource()
		if len(src.Acts) == 0 || src.Note == "" {
			t.Fatal("no source")
		}
		for _, a := range src.Acts {
			if a.Kind == "" || a.Number == "" || a.TitleRu == "" || a.Provision == "" || (a.URL == "" && a.ReportURL == "") {
				t.Errorf("incomplete act %+v", a)
			}
			if _, err := time.Parse(duplicate.DateLayout, a.Date); err != nil {
				t.Errorf("act date %q", a.Date)
			}
		}
		if src.Verified {
			t.Error("Verified without a check against the enumerating act: update this test with the check")
		}
	})
}

func TestValidateFields(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	wb, _ := duplicate.TypeByCode("WORK_RECORD_BOOK")

	t.Run("valid input comes back tidied", func(t *testing.T) {
		clean, errs := duplicate.ValidateFields(wb, map[string]string{
			"holder":   "  Иванова   Анна\tПетровна ",
			"series":   "тк-I",
			"number":   "1234567",
			"filledOn": "",
		}, now)
		if errs != nil {
			t.Fatalf("errs %v", errs)
		}
		want := map[string]string{"holder": "Иванова Анна Петровна", "series": "ТК-I", "number": "1234567"}
		if diff := cmp.Diff(want, clean); diff != "" {
			t.Fatalf("(-want, +got)\n%s", diff)
		}
	})

	codes := func(errs []*duplicate.FieldError) []string {
		var out []string
		for _, e := range errs {
			if e.Ru == "" || e.En == "" {
				t.Errorf("%s/%s has no message", e.Field, e.Code)
			}
			out = append(out, e.Field+"/"+e.Code)
		}
		return out
	}
	base := func() map[string]string {
		return map[string]string{"holder": "Иванова Анна", "series": "ТК-I", "number": "1234567"}
	}
	for _, c := range []struct {
		name string
		edit func(m map[string]string)
		want []string
	}{
		{"required fields empty or blank", func(m map[string]string) { delete(m, "holder"); m["number"] = "   " },
			[]string{"holder/REQUIRED", "number/REQUIRED"}},
		{"pattern: a 5-digit number", func(m map[string]string) { m["number"] = "12345" }, []string{"number/BAD_FORMAT"}},
		{"pattern: digits in a name", func(m map[string]string) { m["holder"] = "R2-D2" }, []string{"holder/BAD_FORMAT"}},
		{"pattern: a series in the wrong shape", func(m map[string]string) { m["series"] = "TK1" }, []string{"series/BAD_FORMAT"}},
		{"date written the Russian way", func(m map[string]string) { m["filledOn"] = "04.05.2019" }, []string{"filledOn/BAD_DATE"}},
		{"date without leading zeros", func(m map[string]string) { m["filledOn"] = "2019-5-4" }, []string{"filledOn/BAD_DATE"}},
		{"a day that does not exist", func(m map[string]string) { m["filledOn"] = "2019-02-30" }, []string{"filledOn/BAD_DATE"}},
		{"a date tomorrow everywhere in Russia", func(m map[string]string) { m["filledOn"] = "2026-03-02" }, []string{"filledOn/IN_FUTURE"}},
		{"a date before 1900", func(m map[string]string) { m["filledOn"] = "0219-05-04" }, []string{"filledOn/TOO_EARLY"}},
		{"an unknown field", func(m map[string]string) { m["nubmer"] = "1234567"; m["extra"] = "x" },
			[]string{"extra/UNKNOWN_FIELD", "nubmer/UNKNOWN_FIELD"}},
		{"a control character", func(m map[string]string) { m["holder"] = "Иванова\x00Анна" }, []string{"holder/BAD_CHARACTERS"}},
		{"bytes that are not UTF-8", func(m map[string]string) { m["holder"] = "Иванова \xff" }, []string{"holder/BAD_CHARACTERS"}},
		{"too long", func(m map[string]string) { m["holder"] = strings.Repeat("Я", duplicate.DefaultMaxLen+1) }, []string{"holder/TOO_LONG"}},
		{"several at once, in form order", func(m map[string]string) { m["number"] = "x"; delete(m, "holder"); m["filledOn"] = "2999-01-01" },
			[]string{"holder/REQUIRED", "number/BAD_FORMAT", "filledOn/IN_FUTURE"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := base()
			c.edit(m)
			clean, errs := duplicate.ValidateFields(wb, m, now)
			if clean != nil {
				t.Error("a cleaned map despite errors")
			}
			if diff := cmp.Diff(c.want, codes(errs)); diff != "" {
				t.Fatalf("(-want, +got)\n%s", diff)
			}
		})
	}

	t.Run("today in Kamchatka is not the future", func(t *testing.T) {
		m := base()
		m["filledOn"] = "2026-03-02"
		late := time.Date(2026, 3, 1, 13, 0, 0, 0, time.UTC) // 01:00 on 2 March at UTC+12
		if _, errs := duplicate.ValidateFields(wb, m, late); errs != nil {
			t.Fatalf("errs %v", codes(errs))
		}
	})

	t.Run("a pattern error carries the hint", func(t *testing.T) {
		m := base()
		m["number"] = "12"
		_, errs := duplicate.ValidateFields(wb, m, now)
		if len(errs) != 1 || errs[0].En != "the number is 7 digits" || errs[0].Ru != "Номер — 7 цифр" {
			t.Fatalf("%+v", errs)
		}
	})

	t.Run("foreign marriage certificate", func(t *testing.T) {
		mc, _ := duplicate.TypeByCode("FOREIGN_MARRIAGE_CERTIFICATE")
		in := map[string]string{
			"state":                  "Республика Казахстан",
			"spouse1":                "Ivanov Ivan",
			"spouse2":                "Нұрлан-Қызы Айгерим",
			"marriedOn":              "2019-05-04",
			"issuedOn":               "2019-05-04",
			"number":                 "ab 123/45",
			"translationNotary":      "Петрова О. В.",
			"translationCertifiedOn": "2020-01-15",
		}
		clean, errs := duplicate.ValidateFields(mc, in, now)
		if errs != nil {
			t.Fatalf("errs %v", codes(errs))
		}
		if clean["number"] != "AB 123/45" || clean["spouse2"] != "Нұрлан-Қызы Айгерим" {
			t.Fatalf("clean %v", clean)
		}
		delete(in, "translationCertifiedOn")
		delete(in, "state")
		_, errs = duplicate.ValidateFields(mc, in, now)
		if diff := cmp.Diff([]string{"state/REQUIRED", "translationCertifiedOn/REQUIRED"}, codes(errs)); diff != "" {
			t.Fatalf("(-want, +got)\n%s", diff)
		}
	})

	t.Run("every type accepts a plausible complete input", func(t *testing.T) {
		for _, ty := range duplicate.Types() {
			in := map[string]string{}
			for _, f := range ty.Fields {
				in[f.Name] = sample(f)
			}
			if _, errs := duplicate.ValidateFields(ty, in, now); errs != nil {
				t.Errorf("%s: %v", ty.Code, codes(errs))
			}
		}
	})
}

// sample is a value a paper document could carry in field f.
func sample(f duplicate.Field) string {
	if f.Kind == duplicate.FieldDate {
		return "2015-06-30"
	}
	switch f.Pattern {
	case "":
		return "Отдел ЗАГС № 1 г. Казани"
	case `^[А-ЯЁ]{2}$`:
		return "АК"
	case `^\d{7}$`:
		return "1234567"
	case `^\d{6}$`:
		return "654321"
	case `^[123]$`:
		return "2"
	case `^[IVXLC]{1,6}-[А-ЯЁ]{2}$`:
		return "IV-КБ"
	case `^[А-ЯЁA-Z]{2}(-[IVX]{1,4})?$`:
		return "АТ-IV"
	}
	if strings.Contains(f.Pattern, `\p{L}`) {
		return "Сидоров-Петров Иван д'Артаньян"
	}
	return "77 АА 123/45-6"
}

func TestCheckFileSet(t *testing.T) {
	mc, _ := duplicate.TypeByCode("FOREIGN_MARRIAGE_CERTIFICATE")
	wb, _ := duplicate.TypeByCode("WORK_RECORD_BOOK")
	got := func(ty duplicate.Type, roles ...duplicate.FileRole) []string {
		var out []string
		for _, e := range duplicate.CheckFileSet(ty, roles) {
			out = append(out, e.Field+"/"+e.Code)
		}
		return out
	}
	for _, c := range []struct {
		name string
		got  []string
		want []string
	}{
		{"scan and translation", got(mc, duplicate.FileMain, duplicate.FileTranslation), nil},
		{"the translation missing", got(mc, duplicate.FileMain), []string{"files/FILE_MISSING"}},
		{"nothing uploaded", got(wb), []string{"files/FILE_MISSING"}},
		{"a translation for a Russian document", got(wb, duplicate.FileMain, duplicate.FileTranslation), []string{"files/UNKNOWN_FILE"}},
		{"the scan twice", got(wb, duplicate.FileMain, duplicate.FileMain), []string{"files/DUPLICATE_FILE"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, c.got); diff != "" {
				t.Fatalf("(-want, +got)\n%s", diff)
			}
		})
	}
	t.Run("the missing file is named", func(t *testing.T) {
		errs := duplicate.CheckFileSet(mc, []duplicate.FileRole{duplicate.FileMain})
		if errs[0].Ru != "Загрузите скан нотариально удостоверенного перевода на русский язык" {
			t.Fatalf("Ru = %q", errs[0].Ru)
		}
	})
}
