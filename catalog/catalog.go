package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paging limits for catalog listings.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	// MaxQueryLength caps a search query, in characters.
	MaxQueryLength = 200
	// MaxQueryTerms caps the words of a search query that are searched.
	MaxQueryTerms = 10
)

// ErrInvalidInput is wrapped by every error that a caller can fix by
// changing the request.
var ErrInvalidInput = errors.New("invalid input")

// InputError names the field that is wrong and why, in both languages.
type InputError struct {
	Field   string
	Code    string
	Message Text
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message.En }

// Unwrap makes errors.Is(err, ErrInvalidInput) hold.
func (e *InputError) Unwrap() error { return ErrInvalidInput }

// Catalog answers questions about the service catalog.
type Catalog struct {
	store Store
	admin *Admin
}

// New returns a Catalog over store.
func New(store Store) *Catalog {
	return &Catalog{store: store}
}

// Store gives the loaders direct access to batched lookups.
func (c *Catalog) Store() Store { return c.store }

// WithAdmin adds the catalog's administration to c and returns c.
func (c *Catalog) WithAdmin(a *Admin) *Catalog {
	c.admin = a
	return c
}

// Admin is the catalog's administration; nil unless WithAdmin set it.
func (c *Catalog) Admin() *Admin { return c.admin }

// Categories lists the categories of an audience ("" for all), in the
// portal's order.
func (c *Catalog) Categories(ctx context.Context, audience Audience) ([]Category, error) {
	return c.store.Categories(ctx, audience)
}

// Departments lists every department.
func (c *Catalog) Departments(ctx context.Context) ([]Department, error) {
	return c.store.Departments(ctx)
}

// LifeSituations lists every life situation.
func (c *Catalog) LifeSituations(ctx context.Context) ([]LifeSituation, error) {
	return c.store.LifeSituations(ctx)
}

// Regions lists the federal subjects by code.
func (c *Catalog) Regions(ctx context.Context) ([]Region, error) {
	return c.store.Regions(ctx)
}

// Municipalities lists a region's municipalities ("" for all).
func (c *Catalog) Municipalities(ctx context.Context, regionCode string) ([]Municipality, error) {
	if regionCode != "" {
		if err := c.checkRegion(ctx, "region", regionCode); err != nil {
			return nil, err
		}
	}
	return c.store.Municipalities(ctx, regionCode)
}

// Page is one page of services and the total number of matches.
type Page struct {
	Services []Service
	Offset   int
	Total    int
}

// FindServices validates f, then returns the page of services from offset.
func (c *Catalog) FindServices(ctx context.Context, f Filter, offset, limit int) (Page, error) {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	if limit > MaxPageSize {
		return Page{}, &InputError{Field: "first", Code: "TOO_LARGE", Message: Text{
			Ru: fmt.Sprintf("Можно запросить не больше %d услуг за раз", MaxPageSize),
			En: fmt.Sprintf("ask for at most %d services at a time", MaxPageSize),
		}}
	}
	if offset < 0 {
		offset = 0
	}
	if f.Audience != "" && f.Audience != AudienceIndividual && f.Audience != AudienceLegalEntity {
		return Page{}, &InputError{Field: "audience", Code: "INVALID", Message: Text{Ru: "Неизвестная аудитория", En: "unknown audience"}}
	}
	if f.Level != "" && !f.Level.Valid() {
		return Page{}, &InputError{Field: "level", Code: "INVALID", Message: Text{Ru: "Неизвестный уровень", En: "unknown level"}}
	}
	if f.Mode != "" && !f.Mode.Valid() {
		return Page{}, &InputError{Field: "mode", Code: "INVALID", Message: Text{Ru: "Неизвестный способ получения", En: "unknown mode"}}
	}
	if f.RegionCode != "" {
		if err := c.checkRegion(ctx, "regionCode", f.RegionCode); err != nil {
			return Page{}, err
		}
	}
	if utf8.RuneCountInString(f.Query) > MaxQueryLength {
		return Page{}, &InputError{Field: "query", Code: "TOO_LONG", Message: Text{
			Ru: fmt.Sprintf("Поисковый запрос длиннее %d символов: сократите его", MaxQueryLength),
			En: fmt.Sprintf("the search query is longer than %d characters: shorten it", MaxQueryLength),
		}}
	}
	if f.Lang != "en" {
		f.Lang = "ru"
	}
	f.Terms = Terms(f.Query)
	if strings.TrimSpace(f.Query) != "" && len(f.Terms) == 0 {
		// Nothing searchable (only punctuation): no match rather than everything.
		return Page{Offset: offset}, nil
	}
	services, total, err := c.store.FindServices(ctx, f, offset, limit)
	if err != nil {
		return Page{}, err
	}
	return Page{Services: services, Offset: offset, Total: total}, nil
}

// PopularServices lists the most used services offered in regionCode ("" for
// any region).
func (c *Catalog) PopularServices(ctx context.Context, regionCode string, first int) ([]Service, error) {
	if first <= 0 {
		first = 10
	}
	p, err := c.FindServices(ctx, Filter{RegionCode: regionCode}, 0, first)
	return p.Services, err
}

// ServicesByIDs returns the services that exist among ids.
func (c *Catalog) ServicesByIDs(ctx context.Context, ids []int64) ([]Service, error) {
	return c.store.ServicesByIDs(ctx, ids)
}

func (c *Catalog) checkRegion(ctx context.Context, field, code string) error {
	regions, err := c.store.RegionsByCodes(ctx, []string{code})
	if err != nil {
		return err
	}
	if len(regions) == 0 {
		return &InputError{Field: field, Code: "UNKNOWN_REGION", Message: Text{
			Ru: fmt.Sprintf("Нет региона с кодом %q: укажите двузначный код субъекта РФ, например 77", code),
			En: fmt.Sprintf("no region has code %q: give the two-digit code of a federal subject, e.g. 77", code),
		}}
	}
	return nil
}

// Terms splits a query into the lowercased words worth searching: letters
// and digits only, without stop words (prepositions, conjunctions,
// articles: PostgreSQL's text search drops them too, so both databases
// agree), at most MaxQueryTerms of them.
func Terms(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if !isStopWord(w) {
			out = append(out, w)
		}
	}
	if len(out) > MaxQueryTerms {
		out = out[:MaxQueryTerms]
	}
	return out
}

// isStopWord reports the short function words of Russian and English that
// a search ignores.
func isStopWord(w string) bool {
	switch w {
	case "и", "в", "во", "не", "на", "с", "со", "по", "к", "ко", "о", "об", "от", "до", "для", "из", "за",
		"у", "а", "но", "или", "ли", "же", "бы", "при", "без", "над", "под", "про", "что", "как", "это",
		"a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "by", "at", "with", "from", "is":
		return true
	}
	return false
}
