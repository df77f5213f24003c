package catalog

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// indexFake is a catalog of n services: every third federal, the others
// listed in region "r<id%5>"; every one matches any terms, in id order.
type indexFake struct {
	Store
	n     int64
	mu    sync.Mutex
	calls map[string]int
}

func (s *indexFake) count(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[name]++
}

func (s *indexFake) called(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[name]
}

func (s *indexFake) SearchMatches(context.Context, Filter) ([]int64, error) {
	s.count("SearchMatches")
	var ids []int64
	for id := int64(1); id <= s.n; id++ {
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *indexFake) Placement(context.Context) (Placement, error) {
	s.count("Placement")
	p := Placement{Coverage: map[int64]Coverage{}, Conditions: map[string]map[int64]Conditions{}}
	for id := int64(1); id <= s.n; id++ {
		if id%3 == 0 {
			p.Federal = append(p.Federal, id)
			continue
		}
		p.Coverage[id] = Coverage{RegionCodes: []string{region(id)}}
	}
	return p, nil
}

func region(id int64) string { return "r" + string(rune('0'+id%5)) }

func (s *indexFake) ServicesByIDs(_ context.Context, ids []int64) ([]Service, error) {
	s.count("ServicesByIDs")
	var out []Service
	for _, id := range ids {
		out = append(out, Service{ID: id})
	}
	return out, nil
}

func (s *indexFake) FindServices(context.Context, Filter, int, int) ([]Service, int, error) {
	s.count("FindServices")
	return nil, 0, nil
}

func (s *indexFake) ServiceCoverage(context.Context, []int64) (map[int64]Coverage, error) {
	s.count("ServiceCoverage")
	return nil, nil
}

func (s *indexFake) ServiceConditions(context.Context, []int64, string) (map[int64]Conditions, error) {
	s.count("ServiceConditions")
	return nil, nil
}

// Searches of the same terms in many regions read the matches once and
// the placement once, and no page asks the store for its services'
// coverage or conditions: that is what keeps a large catalog's searches
// in memory.
func TestCachedSearchFromIndex(t *testing.T) {
	ctx := context.Background()
	fake := &indexFake{n: 40, calls: map[string]int{}}
	c := NewCachedStore(fake, time.Hour, 100)
	f := Filter{Lang: "ru", Query: "x", Terms: []string{"x"}}
	for _, r := range []string{"r0", "r1", "r2", "r3", "r4"} {
		f.RegionCode = r
		got, total, err := c.FindServices(ctx, f, 0, 5)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for id := int64(1); id <= fake.n; id++ {
			if id%3 == 0 || region(id) == r {
				want = append(want, id)
			}
		}
		var ids []int64
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		if total != len(want) || !slices.Equal(ids, want[:5]) {
			t.Errorf("%s: %v of %d, want %v of %d", r, ids, total, want[:5], len(want))
		}
		if _, err := c.ServiceCoverage(ctx, ids); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ServiceConditions(ctx, ids, r); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]int{"SearchMatches": 1, "Placement": 1, "FindServices": 0, "ServiceCoverage": 0, "ServiceConditions": 0} {
		if got := fake.called(name); got != want {
			t.Errorf("%s called %d times, want %d", name, got, want)
		}
	}

	t.Run("off below the minimum TTL", func(t *testing.T) {
		fake := &indexFake{n: 40, calls: map[string]int{}}
		c := NewCachedStore(fake, time.Millisecond, 100)
		if _, _, err := c.FindServices(ctx, f, 0, 5); err != nil {
			t.Fatal(err)
		}
		if fake.called("FindServices") != 1 || fake.called("SearchMatches") != 0 {
			t.Errorf("calls %v, want the store's FindServices only", fake.calls)
		}
	})
}

// Past three quarters of its TTL the placement is read again in the
// background while the old one answers; past the TTL a caller waits for
// a new one.
func TestPlacementRefreshesAhead(t *testing.T) {
	ctx := context.Background()
	fake := &indexFake{n: 10, calls: map[string]int{}}
	ttl := 400 * time.Millisecond
	c := NewCachedStore(fake, ttl, 100)
	if _, err := c.ServiceCoverage(ctx, []int64{1}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(ttl * 3 / 4)
	if _, err := c.ServiceCoverage(ctx, []int64{1}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(ttl / 5)
	for fake.called("Placement") < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := fake.called("Placement"); n != 2 {
		t.Fatalf("placement read %d times, want 2 (the refresh ahead)", n)
	}
	// The refreshed one is young: answering reads nothing more.
	if _, err := c.ServiceCoverage(ctx, []int64{1}); err != nil {
		t.Fatal(err)
	}
	if n := fake.called("Placement"); n != 2 {
		t.Errorf("placement read %d times after the refresh, want 2", n)
	}
	time.Sleep(ttl + 10*time.Millisecond)
	if _, err := c.ServiceCoverage(ctx, []int64{1}); err != nil {
		t.Fatal(err)
	}
	if n := fake.called("Placement"); n != 3 {
		t.Errorf("placement read %d times after the TTL, want 3", n)
	}
	c.Invalidate()
	if _, err := c.ServiceCoverage(ctx, []int64{1}); err != nil {
		t.Fatal(err)
	}
	if n := fake.called("Placement"); n != 4 {
		t.Errorf("placement read %d times after Invalidate, want 4", n)
	}
}

// The cached matches hold at most their budget of ids, however many
// lists there are, and a list over a quarter of it is not kept.
func TestMatchesBudget(t *testing.T) {
	b := newLRUBudget(100, 40, time.Hour)
	list := func(n int) []int64 { return make([]int64, n) }
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		b.add(k, list(10))
	}
	if held := b.held.Load(); held > 40 {
		t.Errorf("held %d ids, budget 40", held)
	}
	if _, ok := b.get("a"); ok {
		t.Error("the oldest list was kept over the budget")
	}
	if _, ok := b.get("e"); !ok {
		t.Error("the newest list was not kept")
	}
	b.add("e", list(5)) // replaced, not counted twice
	b.add("big", list(11))
	if _, ok := b.get("big"); ok {
		t.Error("a list over a quarter of the budget was kept")
	}
	var want int64
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		if ids, ok := b.get(k); ok {
			want += int64(len(ids))
		}
	}
	if held := b.held.Load(); held != want {
		t.Errorf("held %d, but the lists hold %d", held, want)
	}
	b.purge()
	if held := b.held.Load(); held != 0 {
		t.Errorf("held %d after purge", held)
	}
}
