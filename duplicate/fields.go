package duplicate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DefaultMaxLen is the most characters a string field takes unless the
// field says otherwise.
const DefaultMaxLen = 300

// DateLayout is how date fields are written.
const DateLayout = "2006-01-02"

// MinDate is the earliest date a field accepts: an earlier one is a typo
// ("0219" for "2019"), not a document a citizen still brings.
const MinDate = "1900-01-01"

// ValidateFields checks the operator's input for t at time now and
// returns the values to store and sign, tidied: spaces trimmed and runs of
// white space made one space, Upper fields upper-cased, empty optional
// fields left out. It reports, in the type's field order and then by
// name, every field that is required and empty, unknown to the type, too
// long, has control characters, is not a date YYYY-MM-DD, is a date after
// today or before MinDate, or does not match the field's pattern. When
// there are errors the cleaned map is nil.
func ValidateFields(t Type, fields map[string]string, now time.Time) (map[string]string, []*FieldError) {
	var errs []*FieldError
	clean := make(map[string]string, len(fields))
	for _, f := range t.Fields {
		v, err := checkField(f, fields[f.Name], now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if v != "" {
			clean[f.Name] = v
		}
	}
	var unknown []string
	for name := range fields {
		if _, ok := t.Field(name); !ok {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		// Refused rather than dropped: a misspelt field name would
		// otherwise sign a duplicate without the value the operator typed.
		errs = append(errs, fieldErr(name, CodeUnknownField,
			"У документа этого вида нет такого поля", "documents of this type have no such field"))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return clean, nil
}

func checkField(f Field, raw string, now time.Time) (string, *FieldError) {
	if !utf8.ValidString(raw) || strings.ContainsFunc(raw, func(r rune) bool {
		return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
	}) {
		return "", fieldErr(f.Name, CodeBadCharacters, "Поле содержит недопустимые символы",
			"the field holds characters that are not allowed")
	}
	v := strings.Join(strings.Fields(raw), " ")
	if f.Upper {
		v = strings.ToUpper(v)
	}
	if v == "" {
		if f.Required {
			return "", fieldErr(f.Name, CodeRequired, "Заполните поле «"+f.Ru+"»", "fill in "+lowerFirst(f.En))
		}
		return "", nil
	}
	maxLen := f.MaxLen
	if maxLen == 0 {
		maxLen = DefaultMaxLen
	}
	if n := utf8.RuneCountInString(v); n > maxLen {
		return "", fieldErr(f.Name, CodeTooLong, fmt.Sprintf("Не больше %d знаков", maxLen),
			fmt.Sprintf("at most %d characters", maxLen))
	}
	switch f.Kind {
	case FieldDate:
		return checkDate(f, v, now)
	default:
		if f.Pattern != "" && !regexp.MustCompile(f.Pattern).MatchString(v) {
			return "", fieldErr(f.Name, CodeBadFormat, f.HintRu, f.HintEn)
		}
		return v, nil
	}
}

func checkDate(f Field, v string, now time.Time) (string, *FieldError) {
	d, err := time.Parse(DateLayout, v)
	if err != nil {
		return "", fieldErr(f.Name, CodeBadDate, "Дата — в виде ГГГГ-ММ-ДД, например 2019-05-04",
			"write the date as YYYY-MM-DD, e.g. 2019-05-04")
	}
	// "Today" is taken in the Russian time zone furthest ahead (Kamchatka,
	// UTC+12), so a document dated today anywhere in Russia is never in the
	// future, whatever the server's zone.
	if today := now.UTC().Add(12 * time.Hour).Format(DateLayout); v > today {
		return "", fieldErr(f.Name, CodeInFuture, "Дата не может быть позже сегодняшней", "the date cannot be after today")
	}
	if v < MinDate {
		return "", fieldErr(f.Name, CodeTooEarly, "Дата не может быть раньше 1900 года", "the date cannot be before 1900")
	}
	return d.Format(DateLayout), nil
}
