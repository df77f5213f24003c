package money

import "testing"

func TestFormat(t *testing.T) {
	tests := []struct {
		name    string
		kopecks int64
		lang    string
		want    string
	}{
		{"zero in Russian", 0, "ru", "0,00\u00a0₽"},
		{"passport duty in Russian", 600000, "ru", "6\u00a0000,00\u00a0₽"},
		{"passport duty in English", 600000, "en", "₽6,000.00"},
		{"kopecks below ten", 1205, "ru", "12,05\u00a0₽"},
		{"millions", 123456789, "en", "₽1,234,567.89"},
		{"a refund", -150, "en", "-₽1.50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.kopecks, tt.lang); got != tt.want {
				t.Errorf("Format(%d, %q) = %q, want %q", tt.kopecks, tt.lang, got, tt.want)
			}
		})
	}
}
