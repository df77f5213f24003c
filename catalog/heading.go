package catalog

import "context"

// Heading is what a service page shows first: the service and the first of
// its categories (nil when it has none), as the API lists them. ok is false
// when there is no such service.
func (c *Catalog) Heading(ctx context.Context, id int64) (s Service, first *Category, ok bool, err error) {
	services, err := c.store.ServicesByIDs(ctx, []int64{id})
	if err != nil || len(services) == 0 {
		return Service{}, nil, false, err
	}
	links, err := c.store.ServiceCategoryIDs(ctx, []int64{id})
	if err != nil {
		return Service{}, nil, false, err
	}
	if ids := links[id]; len(ids) > 0 {
		cats, err := c.store.CategoriesByIDs(ctx, ids[:1])
		if err != nil {
			return Service{}, nil, false, err
		}
		if len(cats) > 0 {
			first = &cats[0]
		}
	}
	return services[0], first, true, nil
}
