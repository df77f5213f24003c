package catalog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
)

// CachedStore keeps what a Store answers in memory for a while. The
// catalog is read by every citizen and changes rarely (at a seed, or by an
// administrator), so each process serves it from memory and sees a change
// at most TTL later; the process that makes a change calls Invalidate and
// sees it at once.
type CachedStore struct {
	Store
	// off passes every call to Store: a TTL under minTTL.
	off bool
	ttl time.Duration
	// idx answers searches, coverage and conditions from memory when
	// Store is an IndexStore (index.go); nil otherwise.
	idx *indexState
	// gen counts invalidations: an answer read from the store while one
	// happened may predate the change, so it is not kept.
	gen      atomic.Uint64
	lists    *expirable.LRU[string, any]
	services *expirable.LRU[int64, Service]
	cats     *expirable.LRU[int64, Category]
	deps     *expirable.LRU[int64, Department]
	sits     *expirable.LRU[int64, LifeSituation]
	regions  *expirable.LRU[string, Region]
	munis    *expirable.LRU[int64, Municipality]
	catLinks *expirable.LRU[int64, []int64]
	sitLinks *expirable.LRU[int64, []int64]
	coverage *expirable.LRU[int64, Coverage]
	conds    *expirable.LRU[string, *Conditions]
}

var _ Store = (*CachedStore)(nil)

// minTTL is the shortest TTL that caches. expirable's cleanup ticks every
// TTL/100 in each of the cache's eleven kinds: at the 1 ms the load
// command's runs "from the database" set, an idle server spent 0.7 of a
// CPU on it (README "Load"). A shorter TTL asks the store every time.
const minTTL = 100 * time.Millisecond

// NewCachedStore wraps inner; size bounds the entries of each kind. A ttl
// under 100 ms turns the cache off.
func NewCachedStore(inner Store, ttl time.Duration, size int) *CachedStore {
	off := ttl < minTTL
	if off {
		ttl = 0 // kept empty: no cleanup to run
	}
	return &CachedStore{
		Store: inner,
		off:   off,
		ttl:   ttl,
		idx:   indexOf(inner, ttl, size),
		lists: expirable.NewLRU[string, any](size, nil, ttl),
		// A search's page reads its rows here (index.go): room for four
		// times the other kinds, so the 35,000 services of the load
		// test's catalog fit in the 10,000 the server sizes them by.
		services: expirable.NewLRU[int64, Service](4*size, nil, ttl),
		cats:     expirable.NewLRU[int64, Category](size, nil, ttl),
		deps:     expirable.NewLRU[int64, Department](size, nil, ttl),
		sits:     expirable.NewLRU[int64, LifeSituation](size, nil, ttl),
		regions:  expirable.NewLRU[string, Region](size, nil, ttl),
		munis:    expirable.NewLRU[int64, Municipality](size, nil, ttl),
		catLinks: expirable.NewLRU[int64, []int64](size, nil, ttl),
		sitLinks: expirable.NewLRU[int64, []int64](size, nil, ttl),
		coverage: expirable.NewLRU[int64, Coverage](size, nil, ttl),
		conds:    expirable.NewLRU[string, *Conditions](size, nil, ttl),
	}
}

// Generation counts the changes this process made to the catalog: an
// answer computed from the catalog under one generation is stale under the
// next.
func (c *CachedStore) Generation() uint64 { return c.gen.Load() }

// TTL is how long an answer is served from memory; 0 when nothing is.
func (c *CachedStore) TTL() time.Duration { return c.ttl }

// Invalidate forgets everything cached, after a change to the catalog has
// committed. Answers being read from the store meanwhile are not cached.
func (c *CachedStore) Invalidate() {
	c.gen.Add(1)
	c.lists.Purge()
	c.services.Purge()
	c.cats.Purge()
	c.deps.Purge()
	c.sits.Purge()
	c.regions.Purge()
	c.munis.Purge()
	c.catLinks.Purge()
	c.sitLinks.Purge()
	c.coverage.Purge()
	c.conds.Purge()
	c.invalidateIndex()
}

// list caches a whole answer under key.
func list[T any](ctx context.Context, c *CachedStore, key string, fetch func() (T, error)) (T, error) {
	if c.off {
		if inMemoryOnly(ctx) {
			var zero T
			return zero, ErrNotInMemory
		}
		return fetch()
	}
	if v, ok := c.lists.Get(key); ok {
		return v.(T), nil
	}
	if inMemoryOnly(ctx) {
		var zero T
		return zero, ErrNotInMemory
	}
	gen := c.gen.Load()
	v, err := fetch()
	if err != nil {
		return v, err
	}
	if c.gen.Load() == gen {
		c.lists.Add(key, v)
	}
	return v, nil
}

// many serves keys from cache and fetches only the missing ones; what the
// store does not have is not cached.
func many[K comparable, V any](ctx context.Context, c *CachedStore, cache *expirable.LRU[K, V], keys []K, fetch func([]K) (map[K]V, error)) (map[K]V, error) {
	if c.off {
		if inMemoryOnly(ctx) {
			return nil, ErrNotInMemory
		}
		return fetch(keys)
	}
	out := make(map[K]V, len(keys))
	var missing []K
	for _, k := range keys {
		if v, ok := cache.Get(k); ok {
			out[k] = v
		} else {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	if inMemoryOnly(ctx) {
		return nil, ErrNotInMemory
	}
	gen := c.gen.Load()
	got, err := fetch(missing)
	if err != nil {
		return nil, err
	}
	keep := c.gen.Load() == gen
	for k, v := range got {
		if keep {
			cache.Add(k, v)
		}
		out[k] = v
	}
	return out, nil
}

// byIDs adapts a "what exists among ids" lookup to many.
func byIDs[K comparable, V any](ctx context.Context, c *CachedStore, cache *expirable.LRU[K, V], keys []K, fetch func([]K) ([]V, error), key func(V) K) ([]V, error) {
	m, err := many(ctx, c, cache, keys, func(missing []K) (map[K]V, error) {
		vs, err := fetch(missing)
		if err != nil {
			return nil, err
		}
		out := make(map[K]V, len(vs))
		for _, v := range vs {
			out[key(v)] = v
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]V, 0, len(m))
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// Categories implements Store.
func (c *CachedStore) Categories(ctx context.Context, a Audience) ([]Category, error) {
	return list(ctx, c, "categories:"+string(a), func() ([]Category, error) { return c.Store.Categories(ctx, a) })
}

// Departments implements Store.
func (c *CachedStore) Departments(ctx context.Context) ([]Department, error) {
	return list(ctx, c, "departments", func() ([]Department, error) { return c.Store.Departments(ctx) })
}

// LifeSituations implements Store.
func (c *CachedStore) LifeSituations(ctx context.Context) ([]LifeSituation, error) {
	return list(ctx, c, "life_situations", func() ([]LifeSituation, error) { return c.Store.LifeSituations(ctx) })
}

// Regions implements Store.
func (c *CachedStore) Regions(ctx context.Context) ([]Region, error) {
	return list(ctx, c, "regions", func() ([]Region, error) { return c.Store.Regions(ctx) })
}

// Municipalities implements Store.
func (c *CachedStore) Municipalities(ctx context.Context, region string) ([]Municipality, error) {
	return list(ctx, c, "municipalities:"+region, func() ([]Municipality, error) { return c.Store.Municipalities(ctx, region) })
}

type servicePage struct {
	services []Service
	total    int
}

// FindServices implements Store.
func (c *CachedStore) FindServices(ctx context.Context, f Filter, offset, limit int) ([]Service, int, error) {
	if len(f.Terms) > 0 && c.usesIndex() {
		// Not cached page by page: a page from the index is its matches
		// filtered in memory (microseconds) and its rows from the
		// services cache. Cached, the thousands of (terms, region, page)
		// of a large catalog each held another copy of their services,
		// and most were asked once before they expired.
		if inMemoryOnly(ctx) {
			return nil, 0, ErrNotInMemory
		}
		return c.search(ctx, f, offset, limit)
	}
	key := fmt.Sprintf("services:%s|%d|%d|%d|%s|%s|%s|%t|%s|%s|%d|%d",
		f.Audience, f.CategoryID, f.DepartmentID, f.LifeSituationID, f.Level, f.Mode, f.RegionCode,
		f.IncludeUnavailable, f.Lang, strings.Join(f.Terms, " "), offset, limit)
	p, err := list(ctx, c, key, func() (servicePage, error) {
		s, n, err := c.Store.FindServices(ctx, f, offset, limit)
		return servicePage{s, n}, err
	})
	return slices.Clone(p.services), p.total, err
}

// ServicesByIDs implements Store.
func (c *CachedStore) ServicesByIDs(ctx context.Context, ids []int64) ([]Service, error) {
	return byIDs(ctx, c, c.services, ids, func(m []int64) ([]Service, error) { return c.Store.ServicesByIDs(ctx, m) },
		func(s Service) int64 { return s.ID })
}

// CategoriesByIDs implements Store.
func (c *CachedStore) CategoriesByIDs(ctx context.Context, ids []int64) ([]Category, error) {
	return byIDs(ctx, c, c.cats, ids, func(m []int64) ([]Category, error) { return c.Store.CategoriesByIDs(ctx, m) },
		func(v Category) int64 { return v.ID })
}

// DepartmentsByIDs implements Store.
func (c *CachedStore) DepartmentsByIDs(ctx context.Context, ids []int64) ([]Department, error) {
	return byIDs(ctx, c, c.deps, ids, func(m []int64) ([]Department, error) { return c.Store.DepartmentsByIDs(ctx, m) },
		func(v Department) int64 { return v.ID })
}

// LifeSituationsByIDs implements Store.
func (c *CachedStore) LifeSituationsByIDs(ctx context.Context, ids []int64) ([]LifeSituation, error) {
	return byIDs(ctx, c, c.sits, ids, func(m []int64) ([]LifeSituation, error) { return c.Store.LifeSituationsByIDs(ctx, m) },
		func(v LifeSituation) int64 { return v.ID })
}

// RegionsByCodes implements Store.
func (c *CachedStore) RegionsByCodes(ctx context.Context, codes []string) ([]Region, error) {
	return byIDs(ctx, c, c.regions, codes, func(m []string) ([]Region, error) { return c.Store.RegionsByCodes(ctx, m) },
		func(v Region) string { return v.Code })
}

// MunicipalitiesByIDs implements Store.
func (c *CachedStore) MunicipalitiesByIDs(ctx context.Context, ids []int64) ([]Municipality, error) {
	return byIDs(ctx, c, c.munis, ids, func(m []int64) ([]Municipality, error) { return c.Store.MunicipalitiesByIDs(ctx, m) },
		func(v Municipality) int64 { return v.ID })
}

// ServiceCategoryIDs implements Store.
func (c *CachedStore) ServiceCategoryIDs(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	return many(ctx, c, c.catLinks, ids, func(m []int64) (map[int64][]int64, error) {
		return complete(m, c.Store.ServiceCategoryIDs)(ctx)
	})
}

// ServiceLifeSituationIDs implements Store.
func (c *CachedStore) ServiceLifeSituationIDs(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	return many(ctx, c, c.sitLinks, ids, func(m []int64) (map[int64][]int64, error) {
		return complete(m, c.Store.ServiceLifeSituationIDs)(ctx)
	})
}

// ServiceCoverage implements Store.
func (c *CachedStore) ServiceCoverage(ctx context.Context, ids []int64) (map[int64]Coverage, error) {
	if c.usesIndex() {
		return c.coverageFromIndex(ctx, ids)
	}
	return many(ctx, c, c.coverage, ids, func(m []int64) (map[int64]Coverage, error) {
		return complete(m, c.Store.ServiceCoverage)(ctx)
	})
}

// ServiceConditions implements Store.
func (c *CachedStore) ServiceConditions(ctx context.Context, ids []int64, region string) (map[int64]Conditions, error) {
	if c.usesIndex() {
		return c.conditionsFromIndex(ctx, ids, region)
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = fmt.Sprintf("%d|%s", id, region)
	}
	m, err := many(ctx, c, c.conds, keys, func(missing []string) (map[string]*Conditions, error) {
		var mids []int64
		for _, k := range missing {
			var id int64
			_, _ = fmt.Sscanf(k, "%d|", &id)
			mids = append(mids, id)
		}
		got, err := c.Store.ServiceConditions(ctx, mids, region)
		if err != nil {
			return nil, err
		}
		// A service with no conditions there is cached as nil, so it is
		// not asked again.
		out := make(map[string]*Conditions, len(missing))
		for i, k := range missing {
			if v, ok := got[mids[i]]; ok {
				out[k] = &v
			} else {
				out[k] = nil
			}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Conditions)
	for i, id := range ids {
		if v := m[keys[i]]; v != nil {
			out[id] = *v
		}
	}
	return out, nil
}

// complete fetches links for ids and gives every id an entry, so a service
// without links is cached as having none.
func complete[V any](ids []int64, fetch func(context.Context, []int64) (map[int64]V, error)) func(context.Context) (map[int64]V, error) {
	return func(ctx context.Context) (map[int64]V, error) {
		m, err := fetch(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if _, ok := m[id]; !ok {
				var zero V
				m[id] = zero
			}
		}
		return m, nil
	}
}

// ErrNotInMemory is what a CachedStore answers, under InMemory, when it
// would have to ask its store.
var ErrNotInMemory = errors.New("catalog: not in memory")

type inMemoryKey struct{}

// InMemory marks ctx so that c answers from memory only, or fails with
// ErrNotInMemory instead of asking its store. The request's loaders use
// it to skip the batching (a dataloader's wait and goroutine) that only
// pays when the store is asked: on a search page of 35,000 services'
// catalog every field of each of 20 services went through it.
func (c *CachedStore) InMemory(ctx context.Context) context.Context {
	return context.WithValue(ctx, inMemoryKey{}, true)
}

func inMemoryOnly(ctx context.Context) bool {
	v, _ := ctx.Value(inMemoryKey{}).(bool)
	return v
}
