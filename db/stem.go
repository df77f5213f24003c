package db

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// stemText turns text into the space-separated stems that SQLite's FTS5
// index holds, so that "штрафы" and "штрафов" meet at "штраф" as they do in
// PostgreSQL's russian configuration.
func stemText(lang, text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range words {
		words[i] = stemWord(lang, w)
	}
	return strings.Join(words, " ")
}

func stemWord(lang, w string) string {
	w = strings.ReplaceAll(w, "ё", "е")
	var s string
	if lang == "en" {
		s = english.Stem(w, true)
	} else {
		s = russian.Stem(w, true)
	}
	if s == "" {
		return w
	}
	return s
}
