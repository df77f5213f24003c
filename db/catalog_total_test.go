package db_test

import (
	"context"
	"testing"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/dbtest"
)

// The total comes with the page; a page past the end still says how many
// there are.
func TestFindServicesTotalOnEveryPage(t *testing.T) {
	bdb := dbtest.New(t, dbtest.Options{Seed: true})
	store := db.NewCatalogStore(bdb)
	ctx := context.Background()
	for _, f := range []catalog.Filter{
		{},
		{RegionCode: "16"},
		{Lang: "ru", Query: "паспорт", Terms: []string{"паспорт"}},
	} {
		all, n, err := store.FindServices(ctx, f, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(all) || n < 2 {
			t.Fatalf("%+v: total %d for %d services", f, n, len(all))
		}
		for _, page := range []struct{ offset, want int }{{0, min(5, n)}, {n - 2, 2}, {n, 0}, {n + 10, 0}} {
			got, total, err := store.FindServices(ctx, f, page.offset, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != page.want || total != n {
				t.Errorf("%+v from %d: %d services, total %d; want %d, total %d", f, page.offset, len(got), total, page.want, n)
			}
			for i, s := range got {
				if s.ID != all[page.offset+i].ID {
					t.Errorf("%+v from %d: service %d is %d, want %d", f, page.offset, i, s.ID, all[page.offset+i].ID)
				}
			}
		}
	}
}
