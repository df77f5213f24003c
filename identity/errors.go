package identity

import (
	"errors"
	"strings"
)

// ErrInvalid is what every *FieldError unwraps to: errors.Is(err,
// identity.ErrInvalid) tells a citizen's typing mistake from a failure.
var ErrInvalid = errors.New("identity: invalid input")

// FieldError says what is wrong with one input field, in both languages,
// with a stable code.
//
// Field is the GraphQL input field name ("phone", "snils", …), Code a stable
// machine-readable reason (one of the Code constants), Ru and En a sentence
// that tells the citizen how to fix the value. Messages never repeat the
// whole input back, at most one offending character.
type FieldError struct {
	Field, Code, Ru, En string
}

// Error is the English message prefixed with the field name.
func (e *FieldError) Error() string { return e.Field + ": " + e.En }

// Unwrap makes every FieldError match ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Message is the message in lang: English for "en", Russian otherwise (the
// portal's default language).
func (e *FieldError) Message(lang string) string {
	if strings.EqualFold(lang, "en") {
		return e.En
	}
	return e.Ru
}

// FieldErrors is several fields wrong at once, in the order of the
// function's arguments. ParsePassport returns one when more than one of its
// fields is wrong; errors.As(err, &fe) then finds the first.
type FieldErrors []*FieldError

// Error joins the English messages.
func (es FieldErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap gives errors.Is and errors.As every field's error.
func (es FieldErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Fields lists every *FieldError in err: the one it is or wraps, or all of a
// FieldErrors or an errors.Join. It is nil when err holds none.
func Fields(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
		case *FieldError:
			out = append(out, x)
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	return out
}

// Field names reported in FieldError.Field: the GraphQL input field names.
const (
	FieldPhone              = "phone"
	FieldEmail              = "email"
	FieldSNILS              = "snils"
	FieldINN                = "inn"
	FieldOGRN               = "ogrn"
	FieldPassportSeries     = "passportSeries"
	FieldPassportNumber     = "passportNumber"
	FieldPassportIssuerCode = "passportIssuerCode"
	FieldPassportIssuedOn   = "passportIssuedOn"
	FieldBirthCertificate   = "birthCertificate"
	FieldPassword           = "password"
	FieldPasswordAgain      = "passwordAgain"
	FieldPostalCode         = "postalCode"
	FieldDriverLicence      = "driverLicence"
	FieldVehicleCertificate = "vehicleCertificate"
	FieldPlate              = "plate"
)

// Codes in FieldError.Code. They are stable: clients may branch on them.
const (
	// CodeRequired: the field is empty (or only spaces).
	CodeRequired = "REQUIRED"
	// CodeBadCharacters: a character that has no place in the value, e.g. a
	// letter in a number; the message names it.
	CodeBadCharacters = "BAD_CHARACTERS"
	// CodeWrongLength: the wrong number of digits or characters.
	CodeWrongLength = "WRONG_LENGTH"
	// CodeBadFormat: the right characters in the wrong arrangement.
	CodeBadFormat = "BAD_FORMAT"
	// CodeBadChecksum: the check digits do not match the rest: a typo.
	CodeBadChecksum = "BAD_CHECKSUM"
	// CodeNotRussian: a phone number of another country.
	CodeNotRussian = "NOT_RUSSIAN"
	// CodeNotMobile: a Russian landline or service number, where a mobile
	// number is needed to receive SMS.
	CodeNotMobile = "NOT_MOBILE"
	// CodeDisplayName: an email written with a name or angle brackets.
	CodeDisplayName = "DISPLAY_NAME"
	// CodeBadDomain: the part of an email after @ is not a domain.
	CodeBadDomain = "BAD_DOMAIN"
	// CodeBadRegion: a region part that no region has (INN, plate).
	CodeBadRegion = "BAD_REGION"
	// CodeBadPrefix: an OGRN whose first digit makes it another kind of
	// record number.
	CodeBadPrefix = "BAD_PREFIX"
	// CodeNotPersonal: a legal entity's 10-digit INN where a person's
	// 12-digit one is needed.
	CodeNotPersonal = "NOT_PERSONAL"
	// CodeBadNumber: a number that is never issued (all zeros and the like).
	CodeBadNumber = "BAD_NUMBER"
	// CodeBadSeries: a birth certificate series not of the form "IV-МЮ".
	CodeBadSeries = "BAD_SERIES"
	// CodeInFuture: a date after today.
	CodeInFuture = "IN_FUTURE"
	// CodeTooEarly: a passport issue date before 1 October 1997.
	CodeTooEarly = "TOO_EARLY"
	// CodeUnder14: a passport issue date before the holder's 14th birthday.
	CodeUnder14 = "UNDER_14"
	// CodeMixedScripts: Cyrillic and Latin letters mixed in one name.
	CodeMixedScripts = "MIXED_SCRIPTS"

	// Password codes, in the order they are checked.
	CodeNotLatin    = "NOT_LATIN"
	CodeTooShort    = "TOO_SHORT"
	CodeTooLong     = "TOO_LONG"
	CodeNoLowercase = "NO_LOWERCASE"
	CodeNoUppercase = "NO_UPPERCASE"
	CodeNoDigit     = "NO_DIGIT"
	CodeCommon      = "COMMON"
	CodePersonal    = "PERSONAL"
	CodeMismatch    = "MISMATCH"
)

// fieldErr builds a *FieldError.
func fieldErr(field, code, ru, en string) *FieldError {
	return &FieldError{Field: field, Code: code, Ru: ru, En: en}
}
