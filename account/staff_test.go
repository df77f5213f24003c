package account_test

import (
	"testing"

	"github.com/uslugi/uslugi/account"
)

func TestShortAndFullNames(t *testing.T) {
	tests := []struct {
		name                    string
		last, first, patronymic string
		short, full             string
	}{
		{"with a patronymic", "Иванов", "Иван", "Иванович", "Иванов И. И.", "Иванов Иван Иванович"},
		{"without one", "Петрова", "Анна", "", "Петрова А.", "Петрова Анна"},
		{"a lowercase or hyphenated name", "Салтыков-Щедрин", "михаил", "Евграфович", "Салтыков-Щедрин М. Е.", "Салтыков-Щедрин михаил Евграфович"},
		{"stray spaces", " Ли ", " Вэй ", "  ", "Ли В.", "Ли Вэй"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := account.ShortName(tt.last, tt.first, tt.patronymic); got != tt.short {
				t.Errorf("ShortName = %q, want %q", got, tt.short)
			}
			if got := account.FullName(tt.last, tt.first, tt.patronymic); got != tt.full {
				t.Errorf("FullName = %q, want %q", got, tt.full)
			}
		})
	}
}
