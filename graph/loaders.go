package graph

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/catalog"
)

// Loaders batch the child fields resolved across a list into one query per
// field. They are made fresh for every request, so nothing is cached across
// requests or accounts.
type Loaders struct {
	Service           *dataloadgen.Loader[int64, catalog.Service]
	Department        *dataloadgen.Loader[int64, catalog.Department]
	Category          *dataloadgen.Loader[int64, catalog.Category]
	LifeSituation     *dataloadgen.Loader[int64, catalog.LifeSituation]
	Region            *dataloadgen.Loader[string, catalog.Region]
	Municipality      *dataloadgen.Loader[int64, catalog.Municipality]
	ServiceCategories *dataloadgen.Loader[int64, []int64]
	ServiceSituations *dataloadgen.Loader[int64, []int64]
	ServiceCoverage   *dataloadgen.Loader[int64, catalog.Coverage]
	ServiceConditions *dataloadgen.Loader[conditionsKey, *catalog.Conditions]
}

type conditionsKey struct {
	serviceID int64
	region    string
}

type loadersKey struct{}

const loaderWait = 2 * time.Millisecond

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
		ServiceCategories: dataloadgen.NewMappedLoader(complete(store.ServiceCategoryIDs), opts...),
		ServiceSituations: dataloadgen.NewMappedLoader(complete(store.ServiceLifeSituationIDs), opts...),
		ServiceCoverage:   dataloadgen.NewMappedLoader(complete(store.ServiceCoverage), opts...),
		ServiceConditions: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []conditionsKey) (map[conditionsKey]*catalog.Conditions, error) {
			// Keys of one request nearly always share the region.
			byRegion := map[string][]int64{}
			for _, k := range keys {
				byRegion[k.region] = append(byRegion[k.region], k.serviceID)
			}
			out := make(map[conditionsKey]*catalog.Conditions, len(keys))
			for region, ids := range byRegion {
				m, err := store.ServiceConditions(ctx, ids, region)
				if err != nil {
					return nil, err
				}
				for _, id := range ids {
					var c *catalog.Conditions
					if v, ok := m[id]; ok {
						c = &v
					}
					out[conditionsKey{id, region}] = c
				}
			}
			return out, nil
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

// complete fills the keys a link lookup left out with their zero value:
// a service with no categories has an empty list, not a missing one.
func complete[V any](fetch func(context.Context, []int64) (map[int64]V, error)) func(context.Context, []int64) (map[int64]V, error) {
	return func(ctx context.Context, keys []int64) (map[int64]V, error) {
		m, err := fetch(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				var zero V
				m[k] = zero
			}
		}
		return m, nil
	}
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
