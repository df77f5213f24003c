package catalog_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/uslugi/uslugi/catalog"
)

// fakeStore knows a few regions and records what FindServices was asked.
type fakeStore struct {
	regions map[string]catalog.Region
	err     error // returned by FindServices

	calls  int
	filter catalog.Filter
	offset int
	limit  int
}

var _ catalog.Store = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{regions: map[string]catalog.Region{
		"77": {Code: "77", Name: catalog.Text{Ru: "Москва", En: "Moscow"}},
		"16": {Code: "16", Name: catalog.Text{Ru: "Республика Татарстан", En: "Republic of Tatarstan"}},
	}}
}

func (f *fakeStore) FindServices(_ context.Context, flt catalog.Filter, offset, limit int) ([]catalog.Service, int, error) {
	f.calls++
	f.filter, f.offset, f.limit = flt, offset, limit
	if f.err != nil {
		return nil, 0, f.err
	}
	return []catalog.Service{{ID: 1, Code: "gibdd_fines"}}, 41, nil
}

func (f *fakeStore) RegionsByCodes(_ context.Context, codes []string) ([]catalog.Region, error) {
	var out []catalog.Region
	for _, c := range codes {
		if r, ok := f.regions[c]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeStore) Municipalities(context.Context, string) ([]catalog.Municipality, error) {
	return []catalog.Municipality{{ID: 1, OKTMO: "92701000", RegionCode: "16"}}, nil
}

func (f *fakeStore) Categories(context.Context, catalog.Audience) ([]catalog.Category, error) {
	return nil, nil
}
func (f *fakeStore) Departments(context.Context) ([]catalog.Department, error) { return nil, nil }
func (f *fakeStore) LifeSituations(context.Context) ([]catalog.LifeSituation, error) {
	return nil, nil
}
func (f *fakeStore) Regions(context.Context) ([]catalog.Region, error) { return nil, nil }
func (f *fakeStore) ServicesByIDs(context.Context, []int64) ([]catalog.Service, error) {
	return nil, nil
}
func (f *fakeStore) CategoriesByIDs(context.Context, []int64) ([]catalog.Category, error) {
	return nil, nil
}
func (f *fakeStore) DepartmentsByIDs(context.Context, []int64) ([]catalog.Department, error) {
	return nil, nil
}
func (f *fakeStore) LifeSituationsByIDs(context.Context, []int64) ([]catalog.LifeSituation, error) {
	return nil, nil
}
func (f *fakeStore) MunicipalitiesByIDs(context.Context, []int64) ([]catalog.Municipality, error) {
	return nil, nil
}
func (f *fakeStore) ServiceCategoryIDs(context.Context, []int64) (map[int64][]int64, error) {
	return nil, nil
}
func (f *fakeStore) ServiceLifeSituationIDs(context.Context, []int64) (map[int64][]int64, error) {
	return nil, nil
}
func (f *fakeStore) ServiceCoverage(context.Context, []int64) (map[int64]catalog.Coverage, error) {
	return nil, nil
}
func (f *fakeStore) ServiceConditions(context.Context, []int64, string) (map[int64]catalog.Conditions, error) {
	return nil, nil
}

func TestFindServicesRejects(t *testing.T) {
	tests := []struct {
		name   string
		filter catalog.Filter
		limit  int
		field  string
		code   string
	}{
		{"page too large", catalog.Filter{}, catalog.MaxPageSize + 1, "first", "TOO_LARGE"},
		{"unknown audience", catalog.Filter{Audience: "ROBOT"}, 0, "audience", "INVALID"},
		{"lowercase audience", catalog.Filter{Audience: "individual"}, 0, "audience", "INVALID"},
		{"unknown level", catalog.Filter{Level: "GALACTIC"}, 0, "level", "INVALID"},
		{"unknown mode", catalog.Filter{Mode: "TELEPATHY"}, 0, "mode", "INVALID"},
		{"unknown region", catalog.Filter{RegionCode: "00"}, 0, "regionCode", "UNKNOWN_REGION"},
		{"region by name", catalog.Filter{RegionCode: "Москва"}, 0, "regionCode", "UNKNOWN_REGION"},
		{"query too long", catalog.Filter{Query: strings.Repeat("ш", catalog.MaxQueryLength+1)}, 0, "query", "TOO_LONG"},
		{"query too long in ascii", catalog.Filter{Query: strings.Repeat("a", catalog.MaxQueryLength+1)}, 0, "query", "TOO_LONG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore()
			_, err := catalog.New(store).FindServices(context.Background(), tt.filter, 0, tt.limit)
			var ie *catalog.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *InputError", err)
			}
			if ie.Field != tt.field || ie.Code != tt.code {
				t.Errorf("field, code = %q, %q; want %q, %q", ie.Field, ie.Code, tt.field, tt.code)
			}
			if ie.Message.Ru == "" || ie.Message.En == "" {
				t.Errorf("message = %+v, want both languages", ie.Message)
			}
			if !errors.Is(err, catalog.ErrInvalidInput) {
				t.Error("errors.Is(err, ErrInvalidInput) = false")
			}
			if store.calls != 0 {
				t.Errorf("the store was asked %d times", store.calls)
			}
		})
	}
}

func TestFindServicesAccepts(t *testing.T) {
	tests := []struct {
		name           string
		filter         catalog.Filter
		offset, limit  int
		want           catalog.Filter
		wantOffset     int
		wantLimit      int
		wantStoreCalls int
	}{
		{
			name:   "defaults",
			filter: catalog.Filter{}, want: catalog.Filter{Lang: "ru"},
			wantLimit: catalog.DefaultPageSize, wantStoreCalls: 1,
		},
		{
			name:   "largest page",
			filter: catalog.Filter{}, limit: catalog.MaxPageSize, want: catalog.Filter{Lang: "ru"},
			wantLimit: catalog.MaxPageSize, wantStoreCalls: 1,
		},
		{
			name:   "negative offset and limit",
			filter: catalog.Filter{}, offset: -5, limit: -1, want: catalog.Filter{Lang: "ru"},
			wantLimit: catalog.DefaultPageSize, wantStoreCalls: 1,
		},
		{
			name:   "every filter",
			filter: catalog.Filter{Audience: catalog.AudienceLegalEntity, Level: catalog.LevelMunicipal, Mode: catalog.ModeFullyOnline, RegionCode: "16", IncludeUnavailable: true, Lang: "en"},
			offset: 20, limit: 10,
			want:       catalog.Filter{Audience: catalog.AudienceLegalEntity, Level: catalog.LevelMunicipal, Mode: catalog.ModeFullyOnline, RegionCode: "16", IncludeUnavailable: true, Lang: "en"},
			wantOffset: 20, wantLimit: 10, wantStoreCalls: 1,
		},
		{
			name:   "unknown language is russian",
			filter: catalog.Filter{Lang: "de"}, want: catalog.Filter{Lang: "ru"},
			wantLimit: catalog.DefaultPageSize, wantStoreCalls: 1,
		},
		{
			name:      "query split into terms",
			filter:    catalog.Filter{Query: "Штрафы ГИБДД, 3-НДФЛ!"},
			want:      catalog.Filter{Query: "Штрафы ГИБДД, 3-НДФЛ!", Terms: []string{"штрафы", "гибдд", "3", "ндфл"}, Lang: "ru"},
			wantLimit: catalog.DefaultPageSize, wantStoreCalls: 1,
		},
		{
			name:      "longest query",
			filter:    catalog.Filter{Query: strings.Repeat("ш", catalog.MaxQueryLength)},
			want:      catalog.Filter{Query: strings.Repeat("ш", catalog.MaxQueryLength), Terms: []string{strings.Repeat("ш", catalog.MaxQueryLength)}, Lang: "ru"},
			wantLimit: catalog.DefaultPageSize, wantStoreCalls: 1,
		},
		{
			name:      "blank query lists everything",
			filter:    catalog.Filter{Query: "   "},
			want:      catalog.Filter{Query: "   ", Lang: "ru"},
			wantLimit: catalog.DefaultPageSize, wantStoreCalls: 1,
		},
		{
			name:   "punctuation only finds nothing without asking",
			filter: catalog.Filter{Query: "?!…"}, wantStoreCalls: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore()
			page, err := catalog.New(store).FindServices(context.Background(), tt.filter, tt.offset, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if store.calls != tt.wantStoreCalls {
				t.Fatalf("store calls = %d, want %d", store.calls, tt.wantStoreCalls)
			}
			if tt.wantStoreCalls == 0 {
				if len(page.Services) != 0 || page.Total != 0 {
					t.Errorf("page = %+v, want empty", page)
				}
				return
			}
			if diff := cmp.Diff(tt.want, store.filter, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("filter (-want, +got):\n%s", diff)
			}
			if store.offset != tt.wantOffset || store.limit != tt.wantLimit {
				t.Errorf("offset, limit = %d, %d; want %d, %d", store.offset, store.limit, tt.wantOffset, tt.wantLimit)
			}
			if page.Total != 41 || page.Offset != tt.wantOffset || len(page.Services) != 1 {
				t.Errorf("page = %+v", page)
			}
		})
	}
}

func TestFindServicesStoreError(t *testing.T) {
	store := newFakeStore()
	store.err = errors.New("database down")
	_, err := catalog.New(store).FindServices(context.Background(), catalog.Filter{}, 0, 0)
	if !errors.Is(err, store.err) {
		t.Errorf("err = %v, want the store's", err)
	}
	if errors.Is(err, catalog.ErrInvalidInput) {
		t.Error("a store failure reads as invalid input")
	}
}

func TestPopularServices(t *testing.T) {
	tests := []struct {
		name      string
		region    string
		first     int
		wantLimit int
		field     string
	}{
		{name: "default size", region: "77", wantLimit: 10},
		{name: "any region", first: 5, wantLimit: 5},
		{name: "too many", region: "77", first: catalog.MaxPageSize + 1, field: "first"},
		{name: "unknown region", region: "00", first: 5, field: "regionCode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore()
			_, err := catalog.New(store).PopularServices(context.Background(), tt.region, tt.first)
			if tt.field != "" {
				var ie *catalog.InputError
				if !errors.As(err, &ie) || ie.Field != tt.field {
					t.Fatalf("err = %v, want an *InputError on %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if store.limit != tt.wantLimit || store.filter.RegionCode != tt.region || store.filter.Query != "" {
				t.Errorf("asked limit %d, filter %+v", store.limit, store.filter)
			}
		})
	}
}

func TestMunicipalitiesChecksRegion(t *testing.T) {
	tests := []struct {
		name   string
		region string
		field  string
	}{
		{name: "all"},
		{name: "known region", region: "16"},
		{name: "unknown region", region: "00", field: "region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalog.New(newFakeStore()).Municipalities(context.Background(), tt.region)
			var ie *catalog.InputError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tt.field != "" && (!errors.As(err, &ie) || ie.Field != tt.field || ie.Code != "UNKNOWN_REGION"):
				t.Fatalf("err = %v, want an *InputError on %s", err, tt.field)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"empty", "", nil},
		{"blank", "  \t ", nil},
		{"lowercased", "Штрафы ГИБДД", []string{"штрафы", "гибдд"}},
		{"punctuation splits", "3-НДФЛ, «Пушкинская карта»", []string{"3", "ндфл", "пушкинская", "карта"}},
		{"yo kept for the stemmer", "Путёвка", []string{"путёвка"}},
		{"at most ten", "b c d e f g h i j k l m", []string{"b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}},
		{"no search operators survive", `"fines" OR NOT * : ( ) & | ! '`, []string{"fines", "not"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, catalog.Terms(tt.query), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Terms(%q) (-want, +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestTermsDropStopWords(t *testing.T) {
	tests := []struct {
		name, q string
		want    []string
	}{
		{"prepositions are dropped", "штрафы по номеру", []string{"штрафы", "номеру"}},
		{"English articles are dropped", "the fines of a car", []string{"fines", "car"}},
		{"only stop words leave nothing", "в по на", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := catalog.Terms(tt.q)
			if len(got) != len(tt.want) {
				t.Fatalf("Terms(%q) = %q, want %q", tt.q, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Terms(%q) = %q, want %q", tt.q, got, tt.want)
				}
			}
		})
	}
}
