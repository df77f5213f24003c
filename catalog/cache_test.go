package catalog_test

import (
	"context"
	"testing"
	"time"

	"github.com/uslugi/uslugi/catalog"
)

// countingStore counts the calls that reach it.
type countingStore struct {
	catalog.Store
	calls *int
}

func (s countingStore) Departments(context.Context) ([]catalog.Department, error) {
	*s.calls++
	return []catalog.Department{{ID: 1, Code: "mvd"}}, nil
}

func (s countingStore) DepartmentsByIDs(context.Context, []int64) ([]catalog.Department, error) {
	*s.calls++
	return []catalog.Department{{ID: 1, Code: "mvd"}}, nil
}

// A TTL too short to cache (the load command's runs from the database)
// passes every call to the store; a longer one keeps the answers.
func TestCatalogCacheShortTTLIsOff(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		ttl   time.Duration
		calls int
	}{{time.Millisecond, 6}, {99 * time.Millisecond, 6}, {100 * time.Millisecond, 2}, {time.Hour, 2}} {
		calls := 0
		c := catalog.NewCachedStore(countingStore{calls: &calls}, tt.ttl, 10)
		for range 3 {
			if d, err := c.Departments(ctx); err != nil || len(d) != 1 {
				t.Fatalf("ttl %s: %v, %v", tt.ttl, d, err)
			}
			if d, err := c.DepartmentsByIDs(ctx, []int64{1}); err != nil || len(d) != 1 {
				t.Fatalf("ttl %s: by ids %v, %v", tt.ttl, d, err)
			}
		}
		if calls != tt.calls {
			t.Errorf("ttl %s: the store was asked %d times for 3 lists and 3 look-ups, want %d", tt.ttl, calls, tt.calls)
		}
	}
}
