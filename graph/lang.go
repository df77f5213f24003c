package graph

import (
	"context"
	"net/http"
	"strings"

	"golang.org/x/text/language"
)

type langKey struct{}

// WithLanguage picks the response language from Accept-Language: English
// when the client prefers it, Russian otherwise.
func WithLanguage(next http.Handler) http.Handler {
	// The languages the portal speaks; Russian first, the default.
	supported := language.NewMatcher([]language.Tag{language.Russian, language.English})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := "ru"
		if h := r.Header.Get("Accept-Language"); h != "" {
			tags, _, err := language.ParseAcceptLanguage(h)
			if err == nil && len(tags) > 0 {
				_, idx, conf := supported.Match(tags...)
				if idx == 1 && conf != language.No {
					lang = "en"
				}
			}
		}
		w.Header().Add("Vary", "Accept-Language")
		w.Header().Set("Content-Language", lang)
		next.ServeHTTP(w, r.WithContext(ContextWithLang(r.Context(), lang)))
	})
}

// ContextWithLang sets the response language ("ru" or "en").
func ContextWithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang is the response language of ctx, "ru" by default.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok && strings.EqualFold(l, "en") {
		return "en"
	}
	return "ru"
}
