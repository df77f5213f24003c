package catalog

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
)

// The in-memory index of a CachedStore whose Store is also an IndexStore.
//
// With the 35,000 services of the load test a search in a region met a
// cold cache nearly every time: 68 search terms in 86 places are 5,848
// pages, each asked of the database with the coverage and conditions of
// each of its services (most of which the per-service caches had not
// met), where the 84 services of the seed fit in the caches at once
// (README "Load"). So a search is split into what depends on the terms
// and what depends on the region:
//
//   - the matches: every matching id in the search's order (relevance,
//     popularity, id), read once per terms and filter, without the
//     region, and cached for the TTL (8 bytes an id);
//   - the placement: every service's coverage, the federal ones and the
//     regional conditions, a few entries per service, read in one go and
//     kept for the TTL; it answers the region filter, ServiceCoverage and
//     ServiceConditions, so neither a search nor the availability of its
//     services asks the database per service.
//
// A search in a region is then its matches filtered by the placement with
// the rule AvailabilityIn applies (offeredIn): the same services in the
// same order as the store's statement, whose region filter only removes
// matches (or, with IncludeUnavailable, moves them after the others) and
// whose ranks do not depend on it. The page's rows come through the
// services cache.

// maxMatchIDs bounds the ids the cached matches hold together (32 MB):
// a broad prefix matches thousands of services, and typed-in terms are
// many.
const maxMatchIDs = 4 << 20

// placementIndex is a Placement ready for look-ups.
type placementIndex struct {
	// read is when its reading began: its age counts from then.
	read     time.Time
	coverage map[int64]Coverage
	conds    map[string]map[int64]Conditions
	// where says, by service id, where each service is offered: a slice
	// rather than a map because a broad search tests thousands of ids a
	// request (two map look-ups each took 5% of the server's CPU under
	// the search load); ids past its end, or all of them when the ids
	// are too sparse for a slice, are in whereMap.
	where    []place
	whereMap map[int64]place
	// bits numbers the region codes the places name, for place.in: a
	// search in a region tests each match with a bit rather than by
	// comparing region codes (that comparison was 4% of the server's CPU
	// under the search load at 35,000 services).
	bits map[string]int
}

// place is where one service is offered: everywhere, or in the regions
// it lists and those of the municipalities it lists.
type place struct {
	everywhere bool
	// in has the bit of each of those regions (placementIndex.bits).
	in []uint64
}

// regionBit is region's bit in the places of x, or -1 when no service
// names it.
func (x *placementIndex) regionBit(region string) int {
	if b, ok := x.bits[region]; ok {
		return b
	}
	return -1
}

// maxDenseID bounds the slice of placementIndex.where (16 MB of places).
const maxDenseID = 1 << 20

func newPlacementIndex(p Placement, read time.Time) *placementIndex {
	x := &placementIndex{read: read, coverage: p.Coverage, conds: p.Conditions, whereMap: map[int64]place{}, bits: map[string]int{}}
	if x.coverage == nil {
		x.coverage = map[int64]Coverage{}
	}
	places := make(map[int64]place, len(x.coverage)+len(p.Federal))
	for _, id := range p.Federal {
		// offeredIn: a federal service that lists no place.
		places[id] = place{everywhere: true}
	}
	mark := func(pl *place, region string) {
		b, ok := x.bits[region]
		if !ok {
			b = len(x.bits)
			x.bits[region] = b
		}
		if n := b/64 + 1; len(pl.in) < n {
			pl.in = append(pl.in, make([]uint64, n-len(pl.in))...)
		}
		pl.in[b/64] |= 1 << (b % 64)
	}
	for id, cov := range x.coverage {
		if len(cov.RegionCodes) == 0 && len(cov.Municipalities) == 0 {
			continue
		}
		var pl place
		for _, r := range cov.RegionCodes {
			mark(&pl, r)
		}
		for _, m := range cov.Municipalities {
			mark(&pl, m.RegionCode)
		}
		places[id] = pl
	}
	var top int64
	for id := range places {
		top = max(top, id)
	}
	if top < maxDenseID {
		x.where = make([]place, top+1)
		for id, pl := range places {
			if id >= 0 {
				x.where[id] = pl
			} else {
				x.whereMap[id] = pl
			}
		}
	} else {
		x.whereMap = places
	}
	return x
}

// offers reports whether service id is offered in the region of bit
// (regionBit), by the rule of offeredIn.
func (x *placementIndex) offers(id int64, bit int) bool {
	var pl place
	if id >= 0 && id < int64(len(x.where)) {
		pl = x.where[id]
	} else {
		pl = x.whereMap[id]
	}
	return pl.everywhere || bit >= 0 && bit/64 < len(pl.in) && pl.in[bit/64]&(1<<(bit%64)) != 0
}

// indexState is a CachedStore's index: the matches of recent searches and
// the placement.
type indexState struct {
	store   IndexStore
	matches *lruBudget
	// mu makes one placement read at a time; refreshing says one runs
	// ahead of expiry in the background.
	mu         sync.Mutex
	placement  *placementIndex
	refreshing bool
}

// indexOf is the index of inner, or nil when inner cannot build one.
func indexOf(inner Store, ttl time.Duration, size int) *indexState {
	is, ok := inner.(IndexStore)
	if !ok {
		return nil
	}
	return &indexState{store: is, matches: newLRUBudget(size, maxMatchIDs, ttl)}
}

// usesIndex reports whether c answers from its index.
func (c *CachedStore) usesIndex() bool { return c.idx != nil && !c.off }

// placement returns the placement of every service, reading it when there
// is none or it is older than the TTL. Past three quarters of the TTL the
// next call reads it again in the background and keeps answering from the
// one it has, so a busy server never waits for it: a read of 35,000
// services' placement takes tens of milliseconds, which every request
// then would wait for behind the lock.
func (c *CachedStore) placement(ctx context.Context) (*placementIndex, error) {
	x := c.idx
	x.mu.Lock()
	p := x.placement
	if p != nil {
		age := time.Since(p.read)
		if age < c.ttl {
			if age >= c.ttl*3/4 && !x.refreshing {
				x.refreshing = true
				// A cache refresh with no effect but the cache: bounded by
				// its timeout, and not tied to the request that noticed.
				go func() {
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					c.readPlacement(ctx)
				}()
			}
			x.mu.Unlock()
			return p, nil
		}
	}
	defer x.mu.Unlock()
	if inMemoryOnly(ctx) {
		return nil, ErrNotInMemory
	}
	return c.readPlacementLocked(ctx)
}

// readPlacement reads the placement in the background and keeps it,
// unless the catalog was invalidated or a newer one read meanwhile.
func (c *CachedStore) readPlacement(ctx context.Context) {
	x := c.idx
	gen := c.gen.Load()
	began := time.Now()
	pl, err := x.store.Placement(ctx)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.refreshing = false
	if err == nil && c.gen.Load() == gen && (x.placement == nil || x.placement.read.Before(began)) {
		x.placement = newPlacementIndex(pl, began)
	}
}

// readPlacementLocked reads the placement with x.mu held, so the callers
// that found none wait for this one read.
func (c *CachedStore) readPlacementLocked(ctx context.Context) (*placementIndex, error) {
	gen := c.gen.Load()
	began := time.Now()
	pl, err := c.idx.store.Placement(ctx)
	if err != nil {
		return nil, err
	}
	p := newPlacementIndex(pl, began)
	if c.gen.Load() == gen {
		c.idx.placement = p
	}
	return p, nil
}

// invalidateIndex forgets the index; c.gen has already moved on.
func (c *CachedStore) invalidateIndex() {
	if c.idx == nil {
		return
	}
	c.idx.mu.Lock()
	c.idx.placement = nil
	c.idx.mu.Unlock()
	c.idx.matches.purge()
}

// matchesOf returns the ids of every service matching f's terms and its
// conditions other than the region, in the search's order.
func (c *CachedStore) matchesOf(ctx context.Context, f Filter) ([]int64, error) {
	key := fmt.Sprintf("%s|%d|%d|%d|%s|%s|%s|%s", f.Audience, f.CategoryID, f.DepartmentID, f.LifeSituationID,
		f.Level, f.Mode, f.Lang, strings.Join(f.Terms, " "))
	if ids, ok := c.idx.matches.get(key); ok {
		return ids, nil
	}
	gen := c.gen.Load()
	ids, err := c.idx.store.SearchMatches(ctx, f)
	if err != nil {
		return nil, err
	}
	if c.gen.Load() == gen {
		c.idx.matches.add(key, ids)
	}
	return ids, nil
}

// search is FindServices with terms, from the index.
func (c *CachedStore) search(ctx context.Context, f Filter, offset, limit int) ([]Service, int, error) {
	ids, err := c.matchesOf(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var p *placementIndex
	bit := -1
	if f.RegionCode != "" {
		if p, err = c.placement(ctx); err != nil {
			return nil, 0, err
		}
		bit = p.regionBit(f.RegionCode)
	}
	page := make([]int64, 0, min(limit, len(ids)))
	total := 0
	take := func(id int64) {
		if total >= offset && len(page) < limit {
			page = append(page, id)
		}
		total++
	}
	switch {
	case p == nil:
		for _, id := range ids {
			take(id)
		}
	case f.IncludeUnavailable:
		// The store orders by availability first; the rest keeps its order.
		for _, id := range ids {
			if p.offers(id, bit) {
				take(id)
			}
		}
		for _, id := range ids {
			if !p.offers(id, bit) {
				take(id)
			}
		}
	default:
		for _, id := range ids {
			if p.offers(id, bit) {
				take(id)
			}
		}
	}
	if len(page) == 0 {
		return nil, total, nil
	}
	// In the page's order (ServicesByIDs keeps the order it is asked in);
	// a service removed since its matches were read is left out until
	// they expire.
	out, err := c.ServicesByIDs(ctx, page)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// coverageFromIndex answers ServiceCoverage from the placement.
func (c *CachedStore) coverageFromIndex(ctx context.Context, ids []int64) (map[int64]Coverage, error) {
	p, err := c.placement(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Coverage, len(ids))
	for _, id := range ids {
		out[id] = p.coverage[id]
	}
	return out, nil
}

// conditionsFromIndex answers ServiceConditions from the placement.
func (c *CachedStore) conditionsFromIndex(ctx context.Context, ids []int64, region string) (map[int64]Conditions, error) {
	p, err := c.placement(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Conditions)
	in := p.conds[region]
	for _, id := range ids {
		if v, ok := in[id]; ok {
			out[id] = v
		}
	}
	return out, nil
}

// lruBudget is an expiring LRU of id lists bounded both by entries and by
// the ids they hold together.
type lruBudget struct {
	mu     sync.Mutex // makes the count exact: Add replaces a key without the callback
	lru    *expirable.LRU[string, []int64]
	held   atomic.Int64
	budget int64
}

func newLRUBudget(size int, budget int64, ttl time.Duration) *lruBudget {
	b := &lruBudget{budget: budget}
	// Called on eviction, expiry and purge, under the LRU's own lock.
	b.lru = expirable.NewLRU[string, []int64](size, func(_ string, ids []int64) { b.held.Add(-int64(len(ids))) }, ttl)
	return b
}

func (b *lruBudget) get(key string) ([]int64, bool) { return b.lru.Get(key) }

func (b *lruBudget) add(key string, ids []int64) {
	n := int64(len(ids))
	if n > b.budget/4 {
		return // one list would crowd out the rest
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lru.Remove(key) // counted off by the callback, even when expired
	b.lru.Add(key, ids)
	b.held.Add(n)
	for b.held.Load() > b.budget && b.lru.Len() > 0 {
		b.lru.RemoveOldest()
	}
}

func (b *lruBudget) purge() { b.lru.Purge() }
