package graph

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/catalog"
)

// Loaders batch the child fields resolved across a list into one lookup
// per field. They are made fresh for every request, so nothing is cached
// across requests or accounts. Each child field is one loader (one batch
// level): a field that needs two lookups, such as categories (links, then
// the categories), does both inside one batch, so a page costs one wait per
// level of the query, not per lookup.
type Loaders struct {
	Service       *dataloadgen.Loader[int64, catalog.Service]
	Department    *dataloadgen.Loader[int64, catalog.Department]
	Category      *dataloadgen.Loader[int64, catalog.Category]
	LifeSituation *dataloadgen.Loader[int64, catalog.LifeSituation]
	Region        *dataloadgen.Loader[string, catalog.Region]
	Municipality  *dataloadgen.Loader[int64, catalog.Municipality]

	ServiceCategories     *dataloadgen.Loader[int64, []catalog.Category]
	ServiceLifeSituations *dataloadgen.Loader[int64, []catalog.LifeSituation]
	ServiceRegions        *dataloadgen.Loader[int64, []catalog.Region]
	ServiceCoverage       *dataloadgen.Loader[int64, catalog.Coverage]
	Availability          *dataloadgen.Loader[availabilityKey, catalog.Availability]
}

type availabilityKey struct {
	serviceID int64
	region    string
}

type loadersKey struct{}

// loaderWait is how long a loader gathers keys before it fetches. The
// fields of a list resolve concurrently and ask within microseconds, and
// the catalog behind the loaders mostly answers from memory, so the wait
// is kept short.
const loaderWait = 50 * time.Microsecond

// NewLoaders makes the loaders of one request over store.
func NewLoaders(store catalog.Store) *Loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(loaderWait), dataloadgen.WithBatchCapacity(500)}
	return &Loaders{
		Service: dataloadgen.NewMappedLoader(byID(store.ServicesByIDs, func(s catalog.Service) int64 { return s.ID }), opts...),
		Department: dataloadgen.NewMappedLoader(byID(store.DepartmentsByIDs,
			func(d catalog.Department) int64 { return d.ID }), opts...),
		Category: dataloadgen.NewMappedLoader(byID(store.CategoriesByIDs, func(c catalog.Category) int64 { return c.ID }), opts...),
		LifeSituation: dataloadgen.NewMappedLoader(byID(store.LifeSituationsByIDs,
			func(l catalog.LifeSituation) int64 { return l.ID }), opts...),
		Region: dataloadgen.NewMappedLoader(byID(store.RegionsByCodes, func(r catalog.Region) string { return r.Code }), opts...),
		Municipality: dataloadgen.NewMappedLoader(byID(store.MunicipalitiesByIDs,
			func(m catalog.Municipality) int64 { return m.ID }), opts...),

		ServiceCategories: dataloadgen.NewMappedLoader(linked(store.ServiceCategoryIDs, store.CategoriesByIDs,
			func(c catalog.Category) int64 { return c.ID }), opts...),
		ServiceLifeSituations: dataloadgen.NewMappedLoader(linked(store.ServiceLifeSituationIDs, store.LifeSituationsByIDs,
			func(l catalog.LifeSituation) int64 { return l.ID }), opts...),
		ServiceRegions: dataloadgen.NewMappedLoader(linked(func(ctx context.Context, ids []int64) (map[int64][]string, error) {
			cov, err := store.ServiceCoverage(ctx, ids)
			if err != nil {
				return nil, err
			}
			out := make(map[int64][]string, len(cov))
			for id, c := range cov {
				out[id] = c.RegionCodes
			}
			return out, nil
		}, store.RegionsByCodes, func(r catalog.Region) string { return r.Code }), opts...),
		ServiceCoverage: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]catalog.Coverage, error) {
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
		}, opts...),
		Availability: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []availabilityKey) (map[availabilityKey]catalog.Availability, error) {
			return loadAvailability(ctx, store, keys)
		}, opts...),
	}
}

// byID adapts a "fetch what exists among ids" store method to a mapped
// loader; a missing key then loads as dataloadgen.ErrNotFound.
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
		if !slices.Contains(ids, k.serviceID) {
			ids = append(ids, k.serviceID)
		}
		if !slices.Contains(asked, k.region) {
			asked = append(asked, k.region)
		}
	}
	services, err := store.ServicesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*catalog.Service, len(services))
	for i := range services {
		byID[services[i].ID] = &services[i]
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
		s, ok := byID[k.serviceID]
		if !ok {
			continue // not found
		}
		if _, ok := names[k.region]; !ok {
			errs[k] = errUnknownRegion(k.region)
			continue
		}
		var cond *catalog.Conditions
		if c, ok := conds[k.region][k.serviceID]; ok {
			cond = &c
		}
		out[k] = catalog.AvailabilityIn(s, cov[k.serviceID], cond, k.region, names)
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
