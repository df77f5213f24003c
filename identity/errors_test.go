package identity

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// strCase is one case of a function from a string to a normalised string:
// want on success, or the expected error code.
type strCase struct {
	name string
	in   string
	want string
	code string
}

// runStrCases runs cases against parse, which reports field.
func runStrCases(t *testing.T, parse func(string) (string, error), field string, cases []strCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse(tc.in)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("parse(%q) failed: %v", tc.in, err)
				}
				if got != tc.want {
					t.Fatalf("parse(%q) = %q, want %q", tc.in, got, tc.want)
				}
				return
			}
			if got != "" {
				t.Errorf("parse(%q) = %q with an error, want \"\"", tc.in, got)
			}
			fe := mustFieldError(t, err, field)
			if fe.Code != tc.code {
				t.Fatalf("parse(%q): code %s (%s), want %s", tc.in, fe.Code, fe.En, tc.code)
			}
			if len(tc.in) >= 8 && (strings.Contains(fe.Ru, tc.in) || strings.Contains(fe.En, tc.in)) {
				t.Errorf("parse(%q): the message repeats the input: %q", tc.in, fe.Ru)
			}
		})
	}
}

// mustFieldError checks that err is a well-formed *FieldError for field.
func mustFieldError(t testing.TB, err error, field string) *FieldError {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *FieldError", err, err)
	}
	checkFieldError(t, fe, field)
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("error %v does not match ErrInvalid", err)
	}
	return fe
}

func checkFieldError(t testing.TB, fe *FieldError, field string) {
	t.Helper()
	if fe.Field != field {
		t.Errorf("field %q, want %q", fe.Field, field)
	}
	if fe.Code == "" || fe.Ru == "" || fe.En == "" {
		t.Errorf("incomplete error %#v", fe)
	}
	if !utf8.ValidString(fe.Ru) || !utf8.ValidString(fe.En) {
		t.Errorf("message is not valid UTF-8: %q / %q", fe.Ru, fe.En)
	}
	if fe.Code != strings.ToUpper(fe.Code) {
		t.Errorf("code %q is not upper case", fe.Code)
	}
}

func TestFieldError(t *testing.T) {
	_, err := ParsePhone("+7 495 123-45-67")
	fe := mustFieldError(t, err, FieldPhone)
	t.Run("Error is the field and the English message", func(t *testing.T) {
		if got, want := err.Error(), "phone: "+fe.En; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
	t.Run("Message picks the language", func(t *testing.T) {
		if fe.Message("en") != fe.En || fe.Message("EN") != fe.En {
			t.Error("Message(en) is not English")
		}
		if fe.Message("ru") != fe.Ru || fe.Message("") != fe.Ru || fe.Message("de") != fe.Ru {
			t.Error("Message is not Russian by default")
		}
	})
	t.Run("wrapped errors still match", func(t *testing.T) {
		wrapped := fmt.Errorf("registration: %w", err)
		if !errors.Is(wrapped, ErrInvalid) {
			t.Error("wrapped error does not match ErrInvalid")
		}
		if fs := Fields(wrapped); len(fs) != 1 || fs[0] != fe {
			t.Errorf("Fields(wrapped) = %v", fs)
		}
	})
	t.Run("Fields of errors.Join and FieldErrors", func(t *testing.T) {
		_, e2 := ParseSNILS("1")
		joined := errors.Join(err, errors.New("other"), e2)
		if fs := Fields(joined); len(fs) != 2 || fs[0].Field != FieldPhone || fs[1].Field != FieldSNILS {
			t.Errorf("Fields(joined) = %v", fs)
		}
		many := FieldErrors{fe, fieldErr(FieldSNILS, CodeRequired, "а", "b")}
		if fs := Fields(many); len(fs) != 2 {
			t.Errorf("Fields(FieldErrors) = %v", fs)
		}
		if got := many.Error(); got != "phone: "+fe.En+"; snils: b" {
			t.Errorf("FieldErrors.Error() = %q", got)
		}
		if Fields(nil) != nil || Fields(errors.New("x")) != nil {
			t.Error("Fields of a non-field error is not nil")
		}
	})
}
