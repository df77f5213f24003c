package graph

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/graph/model"
)

// The type names inside global ids.
const (
	typeService       = "Service"
	typeCategory      = "Category"
	typeDepartment    = "Department"
	typeLifeSituation = "LifeSituation"
	typeRegion        = "Region"
	typeMunicipality  = "Municipality"
)

// MaxNodes caps nodes(ids:), so one request cannot ask for everything.
const MaxNodes = 100

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func load[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], key K) (*V, error) {
	v, err := l.Load(ctx, key)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// loadOrNil loads key, or nil when it does not exist.
func loadOrNil[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], key K) (*V, error) {
	v, err := l.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func loadAll[K comparable, V any](ctx context.Context, l *dataloadgen.Loader[K, V], keys []K) ([]V, error) {
	if len(keys) == 0 {
		return []V{}, nil
	}
	return l.LoadAll(ctx, keys)
}

// serviceQuery maps the GraphQL filter to the catalog's.
func serviceQuery(ctx context.Context, in *model.ServiceFilter, after *string) (catalog.Filter, int, error) {
	offset, err := parseCursor(after)
	if err != nil {
		return catalog.Filter{}, 0, err
	}
	f := catalog.Filter{Lang: Lang(ctx)}
	if in == nil {
		return f, offset, nil
	}
	f.Audience = deref(in.Audience)
	f.Level = deref(in.Level)
	f.Mode = deref(in.Mode)
	f.RegionCode = deref(in.RegionCode)
	f.IncludeUnavailable = deref(in.IncludeUnavailable)
	f.Query = deref(in.Query)
	ids := []struct {
		in    *string
		typ   string
		out   *int64
		field string
	}{
		{in.CategoryID, typeCategory, &f.CategoryID, "categoryId"},
		{in.DepartmentID, typeDepartment, &f.DepartmentID, "departmentId"},
		{in.LifeSituationID, typeLifeSituation, &f.LifeSituationID, "lifeSituationId"},
	}
	for _, id := range ids {
		if id.in == nil {
			continue
		}
		n, err := parseIntID(*id.in, id.typ)
		if err != nil {
			var ue *userError
			if errors.As(err, &ue) {
				ue.field = id.field
			}
			return catalog.Filter{}, 0, err
		}
		*id.out = n
	}
	return f, offset, nil
}

func serviceConnection(p catalog.Page) *model.ServiceConnection {
	c := &model.ServiceConnection{
		Edges:      make([]model.ServiceEdge, len(p.Services)),
		TotalCount: p.Total,
		PageInfo: &model.PageInfo{
			HasPreviousPage: p.Offset > 0,
			HasNextPage:     p.Offset+len(p.Services) < p.Total,
		},
	}
	for i := range p.Services {
		c.Edges[i] = model.ServiceEdge{Cursor: offsetCursor(p.Offset + i), Node: &p.Services[i]}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor = &c.Edges[0].Cursor
		c.PageInfo.EndCursor = &c.Edges[n-1].Cursor
	}
	return c
}

// node loads any object by its global id; an id of a known shape that
// names nothing gives null, as Relay expects.
func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	typ, key, err := parseGlobalID(id)
	if err != nil {
		return nil, err
	}
	l := r.loaders(ctx)
	if typ == typeAccount {
		// Only one's own account is a node: no one reads another's
		// data through node(id:).
		p, err := Principal(ctx)
		if err != nil || p.AccountID != key {
			return nil, nil
		}
		return r.me(ctx)
	}
	if typ == typeRegion {
		return nodeOrNil(loadOrNil(ctx, l.Region, key))
	}
	n, err := strconv.ParseInt(key, 10, 64)
	if err != nil || n <= 0 {
		return nil, errBadID(id)
	}
	switch typ {
	case typeService:
		return nodeOrNil(loadOrNil(ctx, l.Service, n))
	case typeCategory:
		return nodeOrNil(loadOrNil(ctx, l.Category, n))
	case typeDepartment:
		return nodeOrNil(loadOrNil(ctx, l.Department, n))
	case typeLifeSituation:
		return nodeOrNil(loadOrNil(ctx, l.LifeSituation, n))
	case typeMunicipality:
		return nodeOrNil(loadOrNil(ctx, l.Municipality, n))
	}
	return nil, errBadID(id)
}

// nodeOrNil keeps a typed nil pointer from becoming a non-nil interface.
func nodeOrNil[V any](v *V, err error) (model.Node, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}

func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	if len(ids) > MaxNodes {
		return nil, &userError{field: "ids", code: "TOO_MANY", ru: "Можно запросить не больше " + strconv.Itoa(MaxNodes) + " объектов за раз", en: "ask for at most " + strconv.Itoa(MaxNodes) + " nodes at a time"}
	}
	out := make([]model.Node, len(ids))
	for i, id := range ids {
		n, err := r.node(ctx, id)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func (r *Resolver) availability(ctx context.Context, s *catalog.Service, regionCode string) (*catalog.Availability, error) {
	return load(ctx, r.loaders(ctx).Availability, availabilityKey{s.ID, regionCode})
}

// errUnknownRegion says a region code names no region.
func errUnknownRegion(code string) error {
	return &userError{field: "regionCode", code: "UNKNOWN_REGION",
		ru: "Нет региона с кодом " + strconv.Quote(truncate(code, 16)) + ": укажите двузначный код субъекта РФ, например 77",
		en: "no region has code " + strconv.Quote(truncate(code, 16)) + ": give the two-digit code of a federal subject, e.g. 77"}
}

// heartbeat beats at once, then every interval until the client goes away.
func (r *Resolver) heartbeat(ctx context.Context, intervalSeconds *int) (<-chan *model.Heartbeat, error) {
	secs := 15
	if intervalSeconds != nil {
		secs = *intervalSeconds
	}
	if secs < 1 || secs > 300 {
		return nil, &userError{field: "intervalSeconds", code: "OUT_OF_RANGE", ru: "Интервал должен быть от 1 до 300 секунд", en: "the interval must be from 1 to 300 seconds"}
	}
	ch := make(chan *model.Heartbeat, 1)
	go func() {
		defer close(ch)
		t := time.NewTicker(time.Duration(secs) * time.Second)
		defer t.Stop()
		for {
			select {
			case ch <- &model.Heartbeat{At: r.Clock().UTC().Format(time.RFC3339)}:
			case <-ctx.Done():
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return ch, nil
}
