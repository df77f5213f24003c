package db

import (
	"slices"
	"strings"
	"testing"
)

func TestStemWord(t *testing.T) {
	tests := []struct {
		name, lang, word, want string
	}{
		{"russian plural nominative", "ru", "штрафы", "штраф"},
		{"russian plural genitive", "ru", "штрафов", "штраф"},
		{"russian singular genitive", "ru", "штрафа", "штраф"},
		{"russian bare stem", "ru", "штраф", "штраф"},
		{"russian capitalised", "ru", "Штрафы", "штраф"},
		{"russian adjective", "ru", "налоговой", "налогов"},
		{"russian long adjective", "ru", "водительского", "водительск"},
		{"yo folds to ye", "ru", "ёлка", "елк"},
		{"ye spelling meets yo spelling", "ru", "елка", "елк"},
		{"russian abbreviation kept", "ru", "ндфл", "ндфл"},
		{"russian stop word kept", "ru", "в", "в"},
		{"digits kept", "ru", "3", "3"},
		{"empty stays empty", "ru", "", ""},
		{"any other language is russian", "de", "штрафов", "штраф"},
		{"english plural", "en", "fines", "fine"},
		{"english singular", "en", "fine", "fine"},
		{"english capitalised", "en", "Fines", "fine"},
		{"english gerund", "en", "running", "run"},
		{"english es plural", "en", "taxes", "tax"},
		{"english derivation", "en", "registration", "registr"},
		{"english stop word kept", "en", "the", "the"},
		{"english empty", "en", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stemWord(tt.lang, tt.word); got != tt.want {
				t.Errorf("stemWord(%q, %q) = %q, want %q", tt.lang, tt.word, got, tt.want)
			}
		})
	}
}

func TestStemText(t *testing.T) {
	tests := []struct {
		name, lang, text, want string
	}{
		{"service name", "ru", "Проверка и оплата штрафов ГИБДД", "проверк и оплат штраф гибдд"},
		{"hyphen and digits split", "ru", "Подача налоговой декларации 3-НДФЛ", "подач налогов декларац 3 ндфл"},
		{"yo in text", "ru", "Путёвка в лагерь", "путевк в лагер"},
		{"quotes dropped", "ru", "«Пушкинская карта»", "пушкинск карт"},
		{"only punctuation", "ru", "  ,,, — ", ""},
		{"empty", "ru", "", ""},
		{"english name", "en", "Checking and paying traffic police fines", "check and pay traffic polic fine"},
		{"apostrophe splits", "en", "Taxpayer's personal account (individuals)", "taxpay s person account individu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stemText(tt.lang, tt.text); got != tt.want {
				t.Errorf("stemText(%q, %q) = %q, want %q", tt.lang, tt.text, got, tt.want)
			}
		})
	}
}

// TestStemQueryMeetsIndex checks the property search relies on: every form
// a citizen may type stems to what the index holds for the service name.
func TestStemQueryMeetsIndex(t *testing.T) {
	tests := []struct {
		name, lang, query, indexed string
	}{
		{"plural query, genitive name", "ru", "штрафы", "Проверка и оплата штрафов ГИБДД"},
		{"genitive query", "ru", "штрафов", "Проверка и оплата штрафов ГИБДД"},
		{"singular query", "ru", "штраф", "Проверка и оплата штрафов ГИБДД"},
		{"yo typed as ye", "ru", "путевка", "Путёвка в детский оздоровительный лагерь"},
		{"english plural", "en", "fines", "Checking and paying traffic police fines"},
		{"english singular", "en", "fine", "Checking and paying traffic police fines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := stemWord(tt.lang, tt.query)
			if !slices.Contains(strings.Fields(stemText(tt.lang, tt.indexed)), q) {
				t.Errorf("stem %q of %q is not among the stems of %q (%q)", q, tt.query, tt.indexed, stemText(tt.lang, tt.indexed))
			}
		})
	}
}
