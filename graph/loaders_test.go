package graph

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// countingStore counts the lookups the loaders make.
type countingStore struct {
	catalog.Store
	departments, links, categories atomic.Int32
}

func (s *countingStore) DepartmentsByIDs(ctx context.Context, ids []int64) ([]catalog.Department, error) {
	s.departments.Add(1)
	return s.Store.DepartmentsByIDs(ctx, ids)
}

func (s *countingStore) ServiceCategoryIDs(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	s.links.Add(1)
	return s.Store.ServiceCategoryIDs(ctx, ids)
}

func (s *countingStore) CategoriesByIDs(ctx context.Context, ids []int64) ([]catalog.Category, error) {
	s.categories.Add(1)
	return s.Store.CategoriesByIDs(ctx, ids)
}

// TestLoadersBatchAcrossAList resolves the department and categories of
// every service of a page at once, as gqlgen does, and checks that the
// store is asked a few times, not once per service.
func TestLoadersBatchAcrossAList(t *testing.T) {
	store := &countingStore{Store: db.NewCatalogStore(dbtest.New(t, dbtest.Options{Seed: true}))}
	ctx := context.Background()
	services, _, err := store.FindServices(ctx, catalog.Filter{}, 0, 50)
	if err != nil || len(services) != 50 {
		t.Fatalf("services: %d, %v", len(services), err)
	}
	l := NewLoaders(store)
	var wg sync.WaitGroup
	for _, s := range services {
		wg.Go(func() {
			if _, err := l.Department.Load(ctx, s.DepartmentID); err != nil {
				t.Error(err)
			}
			if _, err := l.ServiceCategories.Load(ctx, s.ID); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for name, n := range map[string]int32{"departments": store.departments.Load(), "category links": store.links.Load(), "categories": store.categories.Load()} {
		// Batches form by time, so a loaded machine may split one in a
		// few; without batching it would be 50.
		if n > 25 {
			t.Errorf("%s were fetched %d times for 50 services; the loader does not batch", name, n)
		}
	}
}
