package duplicate

import (
	"errors"
	"strings"
)

// ErrInvalid is what every *FieldError unwraps to: errors.Is(err,
// duplicate.ErrInvalid) tells the operator's mistake from a failure.
var ErrInvalid = errors.New("duplicate: invalid input")

// FieldError is a problem with one input field or file, in both languages,
// with a stable Code. Field is the GraphQL input name: a field's Name
// ("series"), "files", or the name the caller gave CheckFile. Messages
// never repeat the value back.
type FieldError struct {
	Field, Code, Ru, En string
}

// Error is the English message prefixed with the field name.
func (e *FieldError) Error() string { return e.Field + ": " + e.En }

// Unwrap makes every FieldError match ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Message is the message in lang: English for "en", Russian otherwise.
func (e *FieldError) Message(lang string) string {
	if strings.EqualFold(lang, "en") {
		return e.En
	}
	return e.Ru
}

// Codes in FieldError.Code. They are stable: clients may branch on them.
const (
	// Fields.
	CodeRequired      = "REQUIRED"       // a required field is empty
	CodeUnknownField  = "UNKNOWN_FIELD"  // a field the type does not have
	CodeBadCharacters = "BAD_CHARACTERS" // control characters or bytes that are not UTF-8
	CodeTooLong       = "TOO_LONG"       // longer than the field's limit
	CodeBadFormat     = "BAD_FORMAT"     // does not match the field's pattern
	CodeBadDate       = "BAD_DATE"       // not a date written YYYY-MM-DD
	CodeInFuture      = "IN_FUTURE"      // a date after today
	CodeTooEarly      = "TOO_EARLY"      // a date before MinDate

	// Files.
	CodeFileMissing     = "FILE_MISSING"     // a file the type requires is not there
	CodeUnknownFile     = "UNKNOWN_FILE"     // a file role the type does not take
	CodeDuplicateFile   = "DUPLICATE_FILE"   // the same role twice
	CodeEmptyFile       = "EMPTY_FILE"       // zero bytes
	CodeFileTooLarge    = "FILE_TOO_LARGE"   // over MaxFileSize
	CodeUnsupportedType = "UNSUPPORTED_TYPE" // not a PDF, JPEG or PNG, whatever its name says
	CodeDamaged         = "DAMAGED"          // claims a format but does not follow it
	CodeEncrypted       = "ENCRYPTED"        // a password-protected PDF
	CodeTooManyPages    = "TOO_MANY_PAGES"   // a PDF over MaxPages
	CodeImageTooLarge   = "IMAGE_TOO_LARGE"  // an image over MaxImagePixels
)

func fieldErr(field, code, ru, en string) *FieldError {
	return &FieldError{Field: field, Code: code, Ru: ru, En: en}
}
