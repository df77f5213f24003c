package graph

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/catalog"
)

// Loaders are a request's batched lookups: each child field resolved
// across a list costs one lookup of the store per level of the query, not
// one per parent. They are made fresh for every request, so nothing is
// cached across requests or accounts. Each child field is one Source (one
// batch level): a field that needs two lookups, such as categories (links,
// then the categories), does both inside one fetch.
//
// The catalog's relational fields (Service.department, categories,
// lifeSituations, regions, municipalities, availability;
// Department.parent; Municipality.region) are gqlgen batch resolvers
// (gqlgen.yml, batch: true) that ask their Source for the keys of all the
// parents they are handed at once (LoadMany). Where the parents stand
// decides how it fetches:
//
//   - The items of a list with no list above it (popularServices,
//     departments, municipalities, nodes(ids:)): gqlgen hands the resolver
//     every item of the list, which is every sibling there is, so LoadMany
//     fetches them at once and nothing waits.
//   - The root fields node(id:), nodes(ids:) and service(id:), and the
//     children of an object with no list above it: there is nothing to
//     wait for either, so they fetch at once too.
//   - Anything under a list that gqlgen cannot group: above all the
//     services of a connection (services → edges → node; gqlgen groups the
//     items of one list, and each edge holds a single node), and the items
//     of lists inside other lists (the municipalities of each service of a
//     page). The parents of one call are then not all the siblings, so
//     LoadMany goes through the Source's dataloader, which gathers what the
//     concurrent resolvers ask for during loaderWait into one fetch. On
//     this machine's timers that wait is about a millisecond per level:
//     the price of asking the store once rather than once per service.
//
// Both paths run the same fetch function, so they answer alike. Over the
// catalog cache (catalog.CachedStore) the third case first asks the
// cache alone (InMemory), and only what it does not hold waits for the
// dataloader: with a large catalog the department and availability of
// the 20 services of a search page are in memory, and their batches cost
// a wait and goroutines per request for nothing. The connection's
// resolver hands the loaders its page (AddPage), so the first service of
// a page to ask for its department or availability reads those of every
// service of the page from memory at once, and the rest find theirs in
// the request's answers: one lookup a page rather than one a service,
// each of which built its own maps (a tenth of the bytes a search page
// allocated at 35,000 services).
//
// The other fields need no loader: texts and numeric ids bind straight to
// the domain types through context-aware marshalers (MarshalLocalized,
// MarshalGlobalID), a service's fee is a method of catalog.Service whose
// text MarshalAmount writes, and the few trivial resolvers left
// (Region.id, Category.audiences) are plain ones. gqlgen still resolves
// the resolver fields of each item concurrently (a goroutine for all but
// one of them), batch or not,
// and a batch field adds bookkeeping per item (the item's path, a shared
// result), which costs more than a trivial resolver; a field without a
// resolver is written inline.
type Loaders struct {
	Service       *Source[int64, catalog.Service]
	Department    *Source[int64, catalog.Department]
	Category      *Source[int64, catalog.Category]
	LifeSituation *Source[int64, catalog.LifeSituation]
	Region        *Source[string, catalog.Region]
	Municipality  *Source[int64, catalog.Municipality]

	ServiceCategories     *Source[int64, []catalog.Category]
	ServiceLifeSituations *Source[int64, []catalog.LifeSituation]
	ServiceRegions        *Source[int64, []catalog.Region]
	ServiceCoverage       *Source[int64, catalog.Coverage]
	Availability          *Source[availabilityKey, catalog.Availability]

	// pages are the services of the connections this request answers
	// (AddPage), which a Source's siblings widen a lookup to.
	pagesMu sync.Mutex
	pages   [][]catalog.Service

	// staff holds the staff workspaces' loaders, made on first use
	// (staffloaders.go).
	staff staffSlot
	// scores holds the loader of the citizen's own ratings, made on first
	// use (applicationrating.go).
	scores scoreSlot
}

// availabilityKey asks about a service in a region. It holds the service
// the resolver was handed (the page, list or node already read), so the
// rule needs no second read of it by id. A pointer rather than the value:
// a key is hashed, and the value's descriptions run to kilobytes; the
// same service from two parents is two keys of one fetch.
type availabilityKey struct {
	service *catalog.Service
	region  string
}

type loadersKey struct{}

// loaderWait is how long a dataloader gathers keys before it fetches. The
// fields of a list resolve concurrently and ask within microseconds, and
// the catalog behind the loaders mostly answers from memory, so the wait
// is kept short (the timer rounds it up to about a millisecond).
const loaderWait = 50 * time.Microsecond

// NewLoaders makes the loaders of one request over store.
func NewLoaders(store catalog.Store) *Loaders {
	l := newCatalogLoaders(store)
	if m, ok := store.(memoryStore); ok {
		for _, src := range []interface {
			answerFromMemory(func(context.Context) context.Context)
		}{
			l.Service, l.Department, l.Category, l.LifeSituation, l.Region, l.Municipality,
			l.ServiceCategories, l.ServiceLifeSituations, l.ServiceRegions, l.ServiceCoverage, l.Availability,
		} {
			src.answerFromMemory(m.InMemory)
		}
		l.Department.siblings = func(int64) []int64 {
			var ids []int64
			for _, page := range l.pagesSnapshot() {
				for i := range page {
					ids = append(ids, page[i].DepartmentID)
				}
			}
			return ids
		}
		l.Availability.siblings = func(k availabilityKey) []availabilityKey {
			var keys []availabilityKey
			for _, page := range l.pagesSnapshot() {
				if !onPage(page, k.service) {
					continue
				}
				for i := range page {
					keys = append(keys, availabilityKey{&page[i], k.region})
				}
			}
			return keys
		}
	}
	return l
}

// AddPage tells the loaders the services of a page a connection answers
// with: the fields its services ask for are looked up for all of them at
// once. services must be the slice the edges point into, as the
// availability of a service is asked by its address.
func (l *Loaders) AddPage(services []catalog.Service) {
	if len(services) == 0 {
		return
	}
	l.pagesMu.Lock()
	defer l.pagesMu.Unlock()
	l.pages = append(l.pages, services)
}

// onPage reports whether s is one of page's services (by address).
func onPage(page []catalog.Service, s *catalog.Service) bool {
	for i := range page {
		if &page[i] == s {
			return true
		}
	}
	return false
}

func (l *Loaders) pagesSnapshot() [][]catalog.Service {
	l.pagesMu.Lock()
	defer l.pagesMu.Unlock()
	return l.pages
}

// memoryStore is a store that can be asked to answer from memory only
// (catalog.CachedStore), failing with catalog.ErrNotInMemory otherwise.
type memoryStore interface {
	InMemory(ctx context.Context) context.Context
}

func newCatalogLoaders(store catalog.Store) *Loaders {
	return &Loaders{
		Service:       newSource(byID(store.ServicesByIDs, func(s catalog.Service) int64 { return s.ID })),
		Department:    newSource(byID(store.DepartmentsByIDs, func(d catalog.Department) int64 { return d.ID })),
		Category:      newSource(byID(store.CategoriesByIDs, func(c catalog.Category) int64 { return c.ID })),
		LifeSituation: newSource(byID(store.LifeSituationsByIDs, func(l catalog.LifeSituation) int64 { return l.ID })),
		Region:        newSource(byID(store.RegionsByCodes, func(r catalog.Region) string { return r.Code })),
		Municipality:  newSource(byID(store.MunicipalitiesByIDs, func(m catalog.Municipality) int64 { return m.ID })),

		ServiceCategories: newSource(linked(store.ServiceCategoryIDs, store.CategoriesByIDs,
			func(c catalog.Category) int64 { return c.ID })),
		ServiceLifeSituations: newSource(linked(store.ServiceLifeSituationIDs, store.LifeSituationsByIDs,
			func(l catalog.LifeSituation) int64 { return l.ID })),
		ServiceRegions: newSource(linked(func(ctx context.Context, ids []int64) (map[int64][]string, error) {
			cov, err := store.ServiceCoverage(ctx, ids)
			if err != nil {
				return nil, err
			}
			out := make(map[int64][]string, len(cov))
			for id, c := range cov {
				out[id] = c.RegionCodes
			}
			return out, nil
		}, store.RegionsByCodes, func(r catalog.Region) string { return r.Code })),
		ServiceCoverage: newSource(func(ctx context.Context, ids []int64) (map[int64]catalog.Coverage, error) {
			m, err := store.ServiceCoverage(ctx, ids)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if _, ok := m[id]; !ok {
					m[id] = catalog.Coverage{}
				}
			}
			return m, nil
		}),
		Availability: newSource(func(ctx context.Context, keys []availabilityKey) (map[availabilityKey]catalog.Availability, error) {
			return loadAvailability(ctx, store, keys)
		}),
	}
}

// Source is one batched lookup of a request: a fetch of "the values of
// these keys" and a dataloader over it.
type Source[K comparable, V any] struct {
	fetch  func(context.Context, []K) (map[K]V, error)
	loader *dataloadgen.Loader[K, V]
	// inMemory, when set, marks a context in which fetch answers from
	// the catalog's memory or fails with catalog.ErrNotInMemory.
	inMemory func(context.Context) context.Context
	// siblings, when set, names the keys the other items of a key's page
	// will ask for (Loaders.AddPage): a lookup from memory reads them
	// too, and memo keeps the answers for the rest of the request.
	siblings func(K) []K
	mu       sync.Mutex
	memo     map[K]answer[V]
}

// answer is what a Source answered for one key.
type answer[V any] struct {
	value V
	err   error
}

func (s *Source[K, V]) answerFromMemory(inMemory func(context.Context) context.Context) {
	s.inMemory = inMemory
}

// newSource makes a Source over a fetch that returns what exists among
// keys, or a dataloadgen.MappedFetchError for the keys that failed alone.
func newSource[K comparable, V any](fetch func(context.Context, []K) (map[K]V, error)) *Source[K, V] {
	return &Source[K, V]{
		fetch:  fetch,
		loader: dataloadgen.NewMappedLoader(fetch, dataloadgen.WithWait(loaderWait), dataloadgen.WithBatchCapacity(500)),
	}
}

// Load loads one key through the dataloader, batched with the keys that
// other resolvers ask for at the same time; a key that names nothing
// fails with dataloadgen.ErrNotFound.
func (s *Source[K, V]) Load(ctx context.Context, key K) (V, error) {
	return s.loader.Load(ctx, key)
}

// LoadMany loads the keys of a batch resolver's parents: the value and the
// error (nil, dataloadgen.ErrNotFound or the key's own) of each key, in
// order. Where other resolvers may be asking for the same field at the
// same time (see Loaders) the keys go through the dataloader; otherwise
// they are fetched at once, without waiting.
func (s *Source[K, V]) LoadMany(ctx context.Context, keys []K) ([]V, []error) {
	if len(keys) == 0 {
		return []V{}, []error{}
	}
	if concurrentSiblings(ctx) {
		// Batching siblings only pays when the store is asked: what the
		// catalog holds in memory is answered at once, without the
		// dataloader's wait (about a millisecond on this machine's
		// timers) and goroutine.
		if s.inMemory != nil {
			if values, errs, ok := s.fromMemory(ctx, keys); ok {
				return values, errs
			}
		}
		values := make([]V, len(keys))
		errs := make([]error, len(keys))
		thunks := make([]func() (V, error), len(keys))
		for i, k := range keys {
			thunks[i] = s.loader.LoadThunk(ctx, k)
		}
		for i, thunk := range thunks {
			values[i], errs[i] = thunk()
		}
		return values, errs
	}
	values, errs, _ := s.direct(ctx, keys)
	return values, errs
}

// fromMemory answers keys from the catalog's memory, with the keys'
// siblings when it has to look; ok is false when the memory does not
// hold them all. The lock is held over the lookup, which is in memory,
// so the concurrent items of a page wait for the one that reads theirs.
func (s *Source[K, V]) fromMemory(ctx context.Context, keys []K) (values []V, errs []error, ok bool) {
	if s.siblings == nil {
		return s.direct(s.inMemory(ctx), keys)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	values = make([]V, len(keys))
	errs = make([]error, len(keys))
	known := true
	for i, k := range keys {
		a, ok := s.memo[k]
		if !ok {
			known = false
			break
		}
		values[i], errs[i] = a.value, a.err
	}
	if known {
		return values, errs, true
	}
	want := slices.Clone(keys)
	for _, k := range keys {
		want = append(want, s.siblings(k)...)
	}
	values, errs, ok = s.direct(s.inMemory(ctx), want)
	if !ok {
		return nil, nil, false
	}
	if s.memo == nil {
		s.memo = make(map[K]answer[V], len(want))
	}
	for i, k := range want {
		s.memo[k] = answer[V]{values[i], errs[i]}
	}
	return values[:len(keys)], errs[:len(keys)], true
}

// direct fetches keys at once; ok is false, and nothing is answered, when
// the fetch could not answer from memory under Source.inMemory.
func (s *Source[K, V]) direct(ctx context.Context, keys []K) (values []V, errs []error, ok bool) {
	values = make([]V, len(keys))
	errs = make([]error, len(keys))
	unique := make([]K, 0, len(keys))
	for _, k := range keys {
		if !slices.Contains(unique, k) {
			unique = append(unique, k)
		}
	}
	got, err := s.fetch(ctx, unique)
	if errors.Is(err, catalog.ErrNotInMemory) {
		return nil, nil, false
	}
	var keyErrs dataloadgen.MappedFetchError[K]
	if err != nil && !errors.As(err, &keyErrs) {
		for i := range errs {
			errs[i] = err
		}
		return values, errs, true
	}
	for i, k := range keys {
		v, ok := got[k]
		switch {
		case keyErrs[k] != nil:
			errs[i] = keyErrs[k]
		case !ok:
			errs[i] = dataloadgen.ErrNotFound
		default:
			values[i] = v
		}
	}
	return values, errs, true
}

// concurrentSiblings reports whether resolvers other than this call may be
// resolving the same field for other parents right now: whether a list
// lies above the parents' own list (or above the parent, when it is not
// in a list). gqlgen hands a batch resolver the items of one list, so
// without such a list those items are all the parents there are.
func concurrentSiblings(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	p := fc.Parent
	if p != nil && p.Index != nil {
		p = p.Parent // the parents' own list
	}
	for ; p != nil; p = p.Parent {
		if p.Index != nil {
			return true
		}
	}
	return false
}

// byID adapts a "fetch what exists among ids" store method to a mapped
// fetch; a missing key then loads as dataloadgen.ErrNotFound.
func byID[K comparable, V any](fetch func(context.Context, []K) ([]V, error), key func(V) K) func(context.Context, []K) (map[K]V, error) {
	return func(ctx context.Context, keys []K) (map[K]V, error) {
		vs, err := fetch(ctx, keys)
		if err != nil {
			return nil, err
		}
		out := make(map[K]V, len(vs))
		for _, v := range vs {
			out[key(v)] = v
		}
		return out, nil
	}
}

// linked loads, for each service, the keys it links to and then the objects
// behind them, in one batch; a service with no links gets an empty list.
func linked[K comparable, V any](
	links func(context.Context, []int64) (map[int64][]K, error),
	objects func(context.Context, []K) ([]V, error),
	key func(V) K,
) func(context.Context, []int64) (map[int64][]V, error) {
	return func(ctx context.Context, ids []int64) (map[int64][]V, error) {
		l, err := links(ctx, ids)
		if err != nil {
			return nil, err
		}
		var all []K
		for _, ks := range l {
			for _, k := range ks {
				if !slices.Contains(all, k) {
					all = append(all, k)
				}
			}
		}
		byKey := map[K]V{}
		if len(all) > 0 {
			vs, err := objects(ctx, all)
			if err != nil {
				return nil, err
			}
			for _, v := range vs {
				byKey[key(v)] = v
			}
		}
		out := make(map[int64][]V, len(ids))
		for _, id := range ids {
			list := []V{}
			for _, k := range l[id] {
				if v, ok := byKey[k]; ok {
					list = append(list, v)
				}
			}
			out[id] = list
		}
		return out, nil
	}
}

// loadAvailability answers a batch of (service, region) questions with
// one lookup of each kind; a region that does not exist is the caller's
// error for just those keys.
func loadAvailability(ctx context.Context, store catalog.Store, keys []availabilityKey) (map[availabilityKey]catalog.Availability, error) {
	var ids []int64
	var asked []string
	for _, k := range keys {
		if !slices.Contains(ids, k.service.ID) {
			ids = append(ids, k.service.ID)
		}
		if !slices.Contains(asked, k.region) {
			asked = append(asked, k.region)
		}
	}
	cov, err := store.ServiceCoverage(ctx, ids)
	if err != nil {
		return nil, err
	}
	codes := slices.Clone(asked)
	for _, c := range cov {
		for _, r := range c.RegionCodes {
			if !slices.Contains(codes, r) {
				codes = append(codes, r)
			}
		}
	}
	regions, err := store.RegionsByCodes(ctx, codes)
	if err != nil {
		return nil, err
	}
	names := make(map[string]catalog.Text, len(regions))
	for _, r := range regions {
		names[r.Code] = r.Name
	}
	conds := map[string]map[int64]catalog.Conditions{}
	for _, region := range asked {
		if _, ok := names[region]; !ok {
			continue
		}
		if conds[region], err = store.ServiceConditions(ctx, ids, region); err != nil {
			return nil, err
		}
	}
	out := make(map[availabilityKey]catalog.Availability, len(keys))
	errs := dataloadgen.MappedFetchError[availabilityKey]{}
	for _, k := range keys {
		if _, ok := names[k.region]; !ok {
			errs[k] = errUnknownRegion(k.region)
			continue
		}
		var cond *catalog.Conditions
		if c, ok := conds[k.region][k.service.ID]; ok {
			cond = &c
		}
		out[k] = catalog.AvailabilityIn(k.service, cov[k.service.ID], cond, k.region, names)
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// LoadersMiddleware puts fresh loaders into every request's context.
func LoadersMiddleware(store catalog.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(store))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loaders returns the request's loaders. Outside an HTTP request (a
// websocket operation keeps the upgrade request's context) they are made on
// the spot.
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Catalog.Store())
}
