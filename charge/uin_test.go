package charge

import (
	"errors"
	"testing"

	"github.com/uslugi/uslugi/identity"
)

// refUINDigit is the Treasury rule written out again with explicit weight
// tables, to check UINCheckDigit against.
func refUINDigit(body19 string) byte {
	first := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	second := []int{3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1}
	sum := func(w []int) int {
		s := 0
		for i, c := range body19 {
			s += int(c-'0') * w[i]
		}
		return s % 11
	}
	r := sum(first)
	if r == 10 {
		r = sum(second)
	}
	if r == 10 {
		r = 0
	}
	return '0' + byte(r)
}

func TestUINCheckDigit(t *testing.T) {
	tests := []struct {
		name, body string
		want       byte
	}{
		// 1·1+8·2+8·3+1·4+0·5+7·6+7·7+0·8+6·9+6·10+9·1+0·2+7·3+4·4+3·5+9·6+1·7+5·8+0·9
		// = 412 = 37·11 + 5.
		{"first pass", "1881077066907439150", '5'},
		{"first pass leaves 10, second 3", "1881077291417776317", '3'},
		{"both passes leave 10", "1881077781286570704", '0'},
		{"25-digit body", "000000001111111111111111", '7'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UINCheckDigit(tt.body); got != tt.want {
				t.Errorf("UINCheckDigit(%q) = %q, want %q", tt.body, got, tt.want)
			}
			if len(tt.body) == 19 {
				if ref := refUINDigit(tt.body); ref != tt.want {
					t.Errorf("reference rule gives %q, want %q", ref, tt.want)
				}
			}
		})
	}
}

func TestUINCheckDigitPanicsOnNonDigits(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a letter in the body")
		}
	}()
	UINCheckDigit("18810770669074391A0")
}

func TestParseUIN(t *testing.T) {
	tests := []struct {
		name, in, want, code string
	}{
		{"20 digits", "18810770669074391505", "18810770669074391505", ""},
		{"20 digits, second pass", "18810772914177763173", "18810772914177763173", ""},
		{"20 digits, control 0 after two passes", "18810777812865707040", "18810777812865707040", ""},
		{"spaces anywhere", " 188 1077 0669 0743 9150 5 ", "18810770669074391505", ""},
		{"non-breaking space and zero-width space", "18810770669\u00a0074391\u200b505", "18810770669074391505", ""},
		{"25 digits", "0000000011111111111111117", "0000000011111111111111117", ""},
		{"25 digits, control not checked", "0000000011111111111111110", "0000000011111111111111110", ""},

		{"empty", "", "", identity.CodeRequired},
		{"only spaces", "   ", "", identity.CodeRequired},
		{"19 digits", "1881077066907439150", "", identity.CodeWrongLength},
		{"21 digits", "188107706690743915055", "", identity.CodeWrongLength},
		{"24 digits", "000000001111111111111111", "", identity.CodeWrongLength},
		{"26 digits", "00000000111111111111111170", "", identity.CodeWrongLength},
		{"a Cyrillic letter for 0", "188107706690743915О5", "", identity.CodeBadCharacters},
		{"a Latin letter", "1881077066907439150X", "", identity.CodeBadCharacters},
		{"a dash", "18810770669-074391505", "", identity.CodeBadCharacters},
		{"control digit off by one", "18810770669074391506", "", identity.CodeBadChecksum},
		{"two digits swapped", "18810770669074391055", "", identity.CodeBadChecksum},
		{"all zeros, 20", "00000000000000000000", "", identity.CodeBadNumber},
		{"all zeros, 25", "0000000000000000000000000", "", identity.CodeBadNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUIN(tt.in)
			if tt.code == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseUIN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			if got != "" {
				t.Errorf("ParseUIN(%q) returned %q with an error", tt.in, got)
			}
			var fe *identity.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("ParseUIN(%q) error = %v, want *identity.FieldError", tt.in, err)
			}
			if fe.Field != FieldUIN || fe.Code != tt.code {
				t.Errorf("ParseUIN(%q) = %s/%s, want %s/%s", tt.in, fe.Field, fe.Code, FieldUIN, tt.code)
			}
			if fe.Ru == "" || fe.En == "" {
				t.Errorf("ParseUIN(%q): a message is missing: %+v", tt.in, fe)
			}
			if !errors.Is(err, identity.ErrInvalid) {
				t.Errorf("ParseUIN(%q) error does not unwrap to identity.ErrInvalid", tt.in)
			}
		})
	}
}

func TestParseUINMessages(t *testing.T) {
	tests := []struct {
		name, in, ru, en string
	}{
		{"letter named", "188107706690743915О5",
			"«О» — буква, а в УИН пишутся только цифры",
			`"О" is a letter; only digits go in a UIN`},
		{"other character named", "18810770669-074391505",
			"«-» — лишний символ: в УИН пишутся только цифры",
			`"-" does not belong here: only digits go in a UIN`},
		{"count given", "123",
			"В УИН 20 или 25 цифр, а введено: 3",
			"a UIN has 20 or 25 digits; you entered 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUIN(tt.in)
			var fe *identity.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("ParseUIN(%q) error = %v", tt.in, err)
			}
			if fe.Message("ru") != tt.ru || fe.Message("en") != tt.en {
				t.Errorf("messages = %q / %q, want %q / %q", fe.Ru, fe.En, tt.ru, tt.en)
			}
		})
	}
}

func FuzzParseUIN(f *testing.F) {
	for _, s := range []string{"18810770669074391505", "0000000011111111111111117", " 1 ", "", "x", "188107706690743915О5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseUIN(s)
		if err != nil {
			var fe *identity.FieldError
			if !errors.As(err, &fe) || fe.Field != FieldUIN || fe.Ru == "" || fe.En == "" {
				t.Fatalf("ParseUIN(%q) error = %#v", s, err)
			}
			return
		}
		if len(got) != 20 && len(got) != 25 {
			t.Fatalf("ParseUIN(%q) = %q: %d digits", s, got, len(got))
		}
		if len(got) == 20 && got[19] != refUINDigit(got[:19]) {
			t.Fatalf("ParseUIN(%q) = %q with a wrong control digit", s, got)
		}
	})
}
