package catalog

import "context"

// Filter narrows a services listing. Zero values mean "any".
type Filter struct {
	Audience        Audience
	CategoryID      int64
	DepartmentID    int64
	LifeSituationID int64
	Level           Level
	Mode            Mode
	// RegionCode keeps the services offered in that region, unless
	// IncludeUnavailable is set, in which case it only orders them first.
	RegionCode         string
	IncludeUnavailable bool
	// Query is full-text search in Lang ("ru" or "en"); Terms are its words.
	Query string
	Terms []string
	Lang  string
}

// Store is what the catalog needs from persistence. Lookups by ids return
// what exists, in no particular order, and no error for ids that do not.
type Store interface {
	Categories(ctx context.Context, audience Audience) ([]Category, error)
	Departments(ctx context.Context) ([]Department, error)
	LifeSituations(ctx context.Context) ([]LifeSituation, error)
	Regions(ctx context.Context) ([]Region, error)
	Municipalities(ctx context.Context, regionCode string) ([]Municipality, error)

	// FindServices returns one page of services matching f, ranked by
	// relevance when f has terms and by popularity otherwise, and the total
	// number of matches.
	FindServices(ctx context.Context, f Filter, offset, limit int) ([]Service, int, error)

	ServicesByIDs(ctx context.Context, ids []int64) ([]Service, error)
	CategoriesByIDs(ctx context.Context, ids []int64) ([]Category, error)
	DepartmentsByIDs(ctx context.Context, ids []int64) ([]Department, error)
	LifeSituationsByIDs(ctx context.Context, ids []int64) ([]LifeSituation, error)
	RegionsByCodes(ctx context.Context, codes []string) ([]Region, error)
	MunicipalitiesByIDs(ctx context.Context, ids []int64) ([]Municipality, error)

	// The links of each service, keyed by service id.
	ServiceCategoryIDs(ctx context.Context, serviceIDs []int64) (map[int64][]int64, error)
	ServiceLifeSituationIDs(ctx context.Context, serviceIDs []int64) (map[int64][]int64, error)
	ServiceCoverage(ctx context.Context, serviceIDs []int64) (map[int64]Coverage, error)
	// ServiceConditions returns the regional conditions of each service in
	// regionCode, keyed by service id; services without any are absent.
	ServiceConditions(ctx context.Context, serviceIDs []int64, regionCode string) (map[int64]Conditions, error)
}

// IndexStore is what CachedStore needs, beside Store, to answer searches
// and the availability of services from memory (index.go). A Store
// without it is cached answer by answer.
type IndexStore interface {
	// SearchMatches returns the id of every service that FindServices
	// finds for f, which has terms, without its region: in the same
	// order, ranked the same way.
	SearchMatches(ctx context.Context, f Filter) ([]int64, error)
	// Placement reads where every service of the catalog is offered.
	Placement(ctx context.Context) (Placement, error)
}

// Placement is where every service of the catalog is offered: a few
// entries per service, small beside the services themselves.
type Placement struct {
	// Coverage of the services that list regions or municipalities, as
	// ServiceCoverage gives it; the others are absent.
	Coverage map[int64]Coverage
	// Federal lists the federal services: offered everywhere unless they
	// list places.
	Federal []int64
	// Conditions by region, then by service, as ServiceConditions gives them.
	Conditions map[string]map[int64]Conditions
}
