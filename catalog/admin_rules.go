package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of what an administrator types, in characters.
const (
	MaxCodeLength        = 64
	MaxNameLength        = 300
	MaxShortNameLength   = 100
	MaxDescriptionLength = 5000
	MaxReasonLength      = 1000
	// MaxProcessingDays is ten years: anything longer is a typo.
	MaxProcessingDays = 3650
)

// validCode reports whether s is the code of a service, department or
// category: lowercase Latin letters, digits, dashes and underscores (the
// seed's codes, such as gibdd_fines, have them), starting with a letter.
func validCode(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '_'):
		default:
			return false
		}
	}
	return s != ""
}

// validRegionCode reports whether s is a federal subject's two-digit code.
func validRegionCode(s string) bool {
	return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
}

// InputErrors are all the problems found in one input, each naming its
// field; every one is the caller's to fix.
type InputErrors []*InputError

func (e InputErrors) Error() string {
	parts := make([]string, len(e))
	for i, x := range e {
		parts[i] = x.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalidInput) hold.
func (e InputErrors) Unwrap() error { return ErrInvalidInput }

func (e *InputErrors) add(field, code, ru, en string) {
	*e = append(*e, &InputError{Field: field, Code: code, Message: Text{Ru: ru, En: en}})
}

// Has reports whether one of e is about field with code.
func (e InputErrors) Has(field, code string) bool {
	return slices.ContainsFunc(e, func(x *InputError) bool { return x.Field == field && x.Code == code })
}

func (in *ServiceInput) normalize() {
	in.Code = strings.TrimSpace(in.Code)
	in.NameRu, in.NameEn = strings.TrimSpace(in.NameRu), trimPtr(in.NameEn)
	in.DescriptionRu, in.DescriptionEn = strings.TrimSpace(in.DescriptionRu), trimPtr(in.DescriptionEn)
	in.DepartmentCode = strings.TrimSpace(in.DepartmentCode)
	in.CategoryCodes = codeSet(in.CategoryCodes)
	in.RegionCodes = codeSet(in.RegionCodes)
	in.Reason = strings.TrimSpace(in.Reason)
}

// check adds the problems that need no look-up to errs.
func (in *ServiceInput) check(errs *InputErrors) {
	checkCode(errs, in.Code)
	checkText(errs, "nameRu", in.NameRu, MaxNameLength, true)
	checkOptText(errs, "nameEn", in.NameEn, MaxNameLength)
	checkText(errs, "descriptionRu", in.DescriptionRu, MaxDescriptionLength, true)
	checkOptText(errs, "descriptionEn", in.DescriptionEn, MaxDescriptionLength)
	checkLevel(errs, in.Level)
	if !in.Mode.Valid() {
		errs.add("mode", "INVALID", "Способ получения — INFO, APPLY_ONLINE или FULLY_ONLINE",
			"the mode is INFO, APPLY_ONLINE or FULLY_ONLINE")
	}
	if in.DepartmentCode == "" {
		errs.add("departmentCode", "REQUIRED", "Укажите код ведомства, которое оказывает услугу",
			"give the code of the department that provides the service")
	}
	if len(in.CategoryCodes) == 0 {
		errs.add("categoryCodes", "REQUIRED", "Укажите хотя бы одну категорию", "give at least one category")
	}
	checkAudiences(errs, in.Audiences)
	if !in.MinTier.Valid() {
		errs.add("minTier", "INVALID", "Уровень учётной записи — SIMPLIFIED, STANDARD или CONFIRMED",
			"the account tier is SIMPLIFIED, STANDARD or CONFIRMED")
	}
	if in.FeeKopecks < 0 {
		errs.add("feeKopecks", "NEGATIVE", "Госпошлина не может быть отрицательной: укажите 0, если её нет",
			"the fee cannot be negative: give 0 when there is none")
	}
	switch {
	case in.ProcessingDays < 0:
		errs.add("processingDays", "NEGATIVE", "Срок оказания не может быть отрицательным: укажите 0, если результат сразу",
			"the processing time cannot be negative: give 0 when the result is immediate")
	case in.ProcessingDays > MaxProcessingDays:
		errs.add("processingDays", "TOO_LARGE", fmt.Sprintf("Срок оказания — не больше %d дней", MaxProcessingDays),
			fmt.Sprintf("the processing time is at most %d days", MaxProcessingDays))
	}
	for _, r := range in.RegionCodes {
		if !validRegionCode(r) {
			errs.add("regionCodes", "BAD_FORMAT", fmt.Sprintf("Код региона %q — две цифры, например 77", r),
				fmt.Sprintf("region code %q is two digits, e.g. 77", r))
			break
		}
	}
	checkReason(errs, in.Reason)
}

func (in *DepartmentInput) normalize() {
	in.Code = strings.TrimSpace(in.Code)
	in.NameRu, in.NameEn = strings.TrimSpace(in.NameRu), trimPtr(in.NameEn)
	in.ShortNameRu, in.ShortNameEn = strings.TrimSpace(in.ShortNameRu), trimPtr(in.ShortNameEn)
	in.ParentCode = strings.TrimSpace(in.ParentCode)
	in.Reason = strings.TrimSpace(in.Reason)
}

func (in *DepartmentInput) check(errs *InputErrors) {
	checkCode(errs, in.Code)
	checkText(errs, "nameRu", in.NameRu, MaxNameLength, true)
	checkOptText(errs, "nameEn", in.NameEn, MaxNameLength)
	checkText(errs, "shortNameRu", in.ShortNameRu, MaxShortNameLength, true)
	checkOptText(errs, "shortNameEn", in.ShortNameEn, MaxShortNameLength)
	checkLevel(errs, in.Level)
	checkReason(errs, in.Reason)
}

func (in *CategoryInput) normalize() {
	in.Code = strings.TrimSpace(in.Code)
	in.NameRu, in.NameEn = strings.TrimSpace(in.NameRu), trimPtr(in.NameEn)
	in.Reason = strings.TrimSpace(in.Reason)
}

func (in *CategoryInput) check(errs *InputErrors) {
	checkCode(errs, in.Code)
	checkText(errs, "nameRu", in.NameRu, MaxNameLength, true)
	checkOptText(errs, "nameEn", in.NameEn, MaxNameLength)
	checkAudiences(errs, in.Audiences)
	checkReason(errs, in.Reason)
}

func (in *RegionInput) normalize() {
	in.Code = strings.TrimSpace(in.Code)
	in.NameRu, in.NameEn = strings.TrimSpace(in.NameRu), trimPtr(in.NameEn)
	in.Reason = strings.TrimSpace(in.Reason)
}

func (in *RegionInput) check(errs *InputErrors) {
	if !validRegionCode(in.Code) {
		errs.add("code", "BAD_FORMAT", "Код региона — две цифры, код субъекта РФ, например 77",
			"a region's code is two digits, the code of the federal subject, e.g. 77")
	}
	checkText(errs, "nameRu", in.NameRu, MaxNameLength, true)
	checkOptText(errs, "nameEn", in.NameEn, MaxNameLength)
	checkReason(errs, in.Reason)
}

func checkCode(errs *InputErrors, code string) {
	switch {
	case code == "":
		errs.add("code", "REQUIRED", "Укажите код", "give a code")
	case len(code) > MaxCodeLength:
		errs.add("code", "TOO_LONG", fmt.Sprintf("Код — не длиннее %d символов", MaxCodeLength),
			fmt.Sprintf("a code is at most %d characters", MaxCodeLength))
	case !validCode(code):
		errs.add("code", "BAD_FORMAT",
			"Код — строчные латинские буквы, цифры, дефисы и подчёркивания, начиная с буквы, например passport-replacement",
			"a code is lowercase Latin letters, digits, dashes and underscores, starting with a letter, e.g. passport-replacement")
	}
}

func checkText(errs *InputErrors, field, s string, max int, required bool) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0 && required:
		errs.add(field, "REQUIRED", "Заполните поле: оно не может быть пустым", "fill in the field: it cannot be empty")
	case n > max:
		errs.add(field, "TOO_LONG", fmt.Sprintf("Не длиннее %d символов, сейчас %d", max, n),
			fmt.Sprintf("at most %d characters, now %d", max, n))
	}
}

func checkOptText(errs *InputErrors, field string, s *string, max int) {
	if s != nil {
		checkText(errs, field, *s, max, false)
	}
}

func checkLevel(errs *InputErrors, l Level) {
	if !l.Valid() {
		errs.add("level", "INVALID", "Уровень — FEDERAL, REGIONAL или MUNICIPAL", "the level is FEDERAL, REGIONAL or MUNICIPAL")
	}
}

func checkAudiences(errs *InputErrors, as []Audience) {
	if len(as) == 0 {
		errs.add("audiences", "NO_AUDIENCE", "Укажите, кому адресовано: INDIVIDUAL, LEGAL_ENTITY или обоим",
			"say whom it serves: INDIVIDUAL, LEGAL_ENTITY or both")
		return
	}
	for _, a := range as {
		if a != AudienceIndividual && a != AudienceLegalEntity {
			errs.add("audiences", "INVALID", "Аудитория — INDIVIDUAL или LEGAL_ENTITY", "an audience is INDIVIDUAL or LEGAL_ENTITY")
			return
		}
	}
}

func checkReason(errs *InputErrors, reason string) {
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		errs.add("reason", "REQUIRED", "Укажите причину изменения: она сохраняется в журнале",
			"give the reason for the change: it is kept in the record")
	case n > MaxReasonLength:
		errs.add("reason", "TOO_LONG", fmt.Sprintf("Причина — не длиннее %d символов", MaxReasonLength),
			fmt.Sprintf("the reason is at most %d characters", MaxReasonLength))
	}
}

func trimPtr(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	return &t
}

// orKeep is the given text, or the current one when none is given.
func orKeep(given *string, current string) string {
	if given == nil {
		return current
	}
	return *given
}

// codeSet trims, drops empty codes and duplicates, and sorts.
func codeSet(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// missingCodes are the codes that known lacks.
func missingCodes[V any](codes []string, known map[string]V) []string {
	var out []string
	for _, c := range codes {
		if _, ok := known[c]; !ok {
			out = append(out, c)
		}
	}
	return out
}

func hasAudience(as []Audience, a Audience) bool { return slices.Contains(as, a) }

func categoryAudiences(c Category) []Audience {
	s := Service{Individuals: c.Individuals, LegalEntities: c.LegalEntities}
	return s.Audiences()
}

func audienceNames(as []Audience) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// differ collects the fields whose value changed, as text; an empty value
// is recorded as none (nil).
type differ []FieldChange

func (d *differ) text(field, old, new string) {
	if old == new {
		return
	}
	*d = append(*d, FieldChange{Field: field, Old: textOrNil(old), New: textOrNil(new)})
}

// int records a number; a new item (existed false) has no old value.
func (d *differ) int(field string, existed bool, old, new int64) {
	if existed && old == new {
		return
	}
	fc := FieldChange{Field: field, New: textOrNil(itoa(new))}
	if existed {
		fc.Old = textOrNil(itoa(old))
	}
	*d = append(*d, fc)
}

// list records a set of codes, sorted and joined by ", ".
func (d *differ) list(field string, old, new []string) {
	o, n := slices.Sorted(slices.Values(old)), slices.Sorted(slices.Values(new))
	d.text(field, strings.Join(o, ", "), strings.Join(n, ", "))
}

func textOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
