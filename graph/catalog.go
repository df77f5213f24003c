package graph

import (
	"context"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/graph/model"
	"github.com/uslugi/uslugi/money"
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

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// MarshalLocalized writes a catalog text in the language of the request,
// or null when it is empty. The text fields bind straight to catalog.Text
// (gqlgen.yml: String), so they need no resolver: gqlgen resolves a field
// without one inline instead of in a goroutine of its own.
func MarshalLocalized(t catalog.Text) graphql.ContextMarshaler {
	if t.Ru == "" {
		return graphql.Null
	}
	return graphql.ContextWriterFunc(func(ctx context.Context, w io.Writer) error {
		graphql.MarshalString(t.In(Lang(ctx))).MarshalGQL(w)
		return nil
	})
}

// UnmarshalLocalized reads a text given in an input as both languages' text.
func UnmarshalLocalized(_ context.Context, v any) (catalog.Text, error) {
	s, err := graphql.UnmarshalString(v)
	return catalog.Text{Ru: s, En: s}, err
}

// MarshalAmount writes an amount of kopecks as roubles in the language of
// the request (Money.formatted): a marshaler rather than a resolver, so a
// page's fees are written inline, not each in a goroutine of its own.
func MarshalAmount(a catalog.Amount) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(ctx context.Context, w io.Writer) error {
		graphql.MarshalString(money.Format(int64(a), Lang(ctx))).MarshalGQL(w)
		return nil
	})
}

// UnmarshalAmount exists for gqlgen's binding; no input takes a
// formatted amount.
func UnmarshalAmount(_ context.Context, v any) (catalog.Amount, error) {
	return 0, errors.New("a formatted amount is output only")
}

// MarshalGlobalID writes the global id of the object whose numeric id it
// is: the type in a global id is the object's GraphQL type, which is the
// field's own. The id fields of the types with a numeric key bind straight
// to their ID (gqlgen.yml: ID), so they need no resolver either.
func MarshalGlobalID(id int64) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(ctx context.Context, w io.Writer) error {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Object == "" {
			return errors.New("a global id outside an object")
		}
		graphql.MarshalString(globalIntID(fc.Object, id)).MarshalGQL(w)
		return nil
	})
}

// UnmarshalGlobalID reads a global id of any type with a numeric key.
func UnmarshalGlobalID(_ context.Context, v any) (int64, error) {
	s, err := graphql.UnmarshalString(v)
	if err != nil {
		return 0, err
	}
	typ, _, err := parseGlobalID(s)
	if err != nil {
		return 0, err
	}
	return parseIntID(s, typ)
}

// each maps every parent of a batch resolver to its result.
func each[P, R any](objs []*P, f func(*P) R) []R {
	out := make([]R, len(objs))
	for i, o := range objs {
		out[i] = f(o)
	}
	return out
}

// loadEach loads one key per parent from src, all at once. The parents
// that fail alone (a region code that names no region) come back as
// graphql.BatchErrors, so the others still resolve.
func loadEach[P any, K comparable, V any](ctx context.Context, src *Source[K, V], objs []*P, key func(*P) K) ([]V, error) {
	values, errs := src.LoadMany(ctx, each(objs, key))
	return values, batchErrors(ctx, errs)
}

// loadEachPtr is loadEach for a field that holds an object.
func loadEachPtr[P any, K comparable, V any](ctx context.Context, src *Source[K, V], objs []*P, key func(*P) K) ([]*V, error) {
	values, err := loadEach(ctx, src, objs, key)
	out := make([]*V, len(values))
	for i := range values {
		out[i] = &values[i]
	}
	return out, err
}

// batchErrors is nil when every parent succeeded, and otherwise the error
// of each parent (nil for those that succeeded), located at the field as a
// resolver's error is; gqlgen adds each parent's path.
func batchErrors(ctx context.Context, errs []error) error {
	var at []gqlerror.Location
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Position != nil {
		at = []gqlerror.Location{{Line: fc.Field.Position.Line, Column: fc.Field.Position.Column}}
	}
	var failed bool
	for i, err := range errs {
		if err != nil {
			failed = true
			errs[i] = &gqlerror.Error{Err: err, Message: err.Error(), Locations: at}
		}
	}
	if !failed {
		return nil
	}
	return graphql.BatchErrorList(errs)
}

// serviceID keys the links of a service.
func serviceID(s *catalog.Service) int64 { return s.ID }

// parents loads the parent of each department; null for a top one.
func (r *Resolver) parents(ctx context.Context, objs []*catalog.Department) ([]*catalog.Department, error) {
	var keys []int64
	var at []int
	for i, d := range objs {
		if d.ParentID != nil {
			keys = append(keys, *d.ParentID)
			at = append(at, i)
		}
	}
	values, errs := r.loaders(ctx).Department.LoadMany(ctx, keys)
	out := make([]*catalog.Department, len(objs))
	outErrs := make([]error, len(objs))
	for j, i := range at {
		out[i], outErrs[i] = &values[j], errs[j]
	}
	return out, batchErrors(ctx, outErrs)
}

// loadOne loads key from src, or nil when it names nothing.
func loadOne[K comparable, V any](ctx context.Context, src *Source[K, V], key K) (*V, error) {
	values, errs := src.LoadMany(ctx, []K{key})
	if errors.Is(errs[0], dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if errs[0] != nil {
		return nil, errs[0]
	}
	return &values[0], nil
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
	nodes, err := r.nodes(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	return nodes[0], nil
}

// nodes loads the objects behind ids, in order, with one lookup per type.
func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	if len(ids) > MaxNodes {
		return nil, &userError{field: "ids", code: "TOO_MANY", ru: "Можно запросить не больше " + strconv.Itoa(MaxNodes) + " объектов за раз", en: "ask for at most " + strconv.Itoa(MaxNodes) + " nodes at a time"}
	}
	byType := map[string][]int{} // positions in ids, by type
	keys := make([]string, len(ids))
	nums := make([]int64, len(ids))
	for i, id := range ids {
		typ, key, err := parseGlobalID(id)
		if err != nil {
			return nil, err
		}
		switch typ {
		case typeRegion, typeAccount, typeFine, typeTaxDebt, typeProceeding:
		case typeService, typeCategory, typeDepartment, typeLifeSituation, typeMunicipality:
			n, err := strconv.ParseInt(key, 10, 64)
			if err != nil || n <= 0 {
				return nil, errBadID(id)
			}
			nums[i] = n
		default:
			return nil, errBadID(id)
		}
		keys[i] = key
		byType[typ] = append(byType[typ], i)
	}
	out := make([]model.Node, len(ids))
	l := r.loaders(ctx)
	for typ, at := range byType {
		var err error
		switch typ {
		case typeAccount:
			err = r.accountNodes(ctx, keys, at, out)
		case typeFine, typeTaxDebt, typeProceeding:
			err = r.chargeNodes(ctx, typ, keys, at, out)
		case typeRegion:
			err = loadNodes(ctx, l.Region, keys, at, out)
		case typeService:
			err = loadNodes(ctx, l.Service, nums, at, out)
		case typeCategory:
			err = loadNodes(ctx, l.Category, nums, at, out)
		case typeDepartment:
			err = loadNodes(ctx, l.Department, nums, at, out)
		case typeLifeSituation:
			err = loadNodes(ctx, l.LifeSituation, nums, at, out)
		case typeMunicipality:
			err = loadNodes(ctx, l.Municipality, nums, at, out)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// accountNodes loads the accounts keys[i] for each i in at into out[i].
// Only one's own account is a node: no one reads another's data through
// node(id:).
func (r *Resolver) accountNodes(ctx context.Context, keys []string, at []int, out []model.Node) error {
	p, err := Principal(ctx)
	if err != nil {
		return nil
	}
	for _, i := range at {
		if keys[i] != p.AccountID {
			continue
		}
		a, err := r.me(ctx)
		if err != nil {
			return err
		}
		out[i] = a
	}
	return nil
}

// loadNodes loads keys[i] for each i in at into out[i]; a key that names
// nothing leaves a null.
func loadNodes[K comparable, V any](ctx context.Context, src *Source[K, V], keys []K, at []int, out []model.Node) error {
	want := make([]K, len(at))
	for j, i := range at {
		want[j] = keys[i]
	}
	values, errs := src.LoadMany(ctx, want)
	for j, i := range at {
		switch {
		case errors.Is(errs[j], dataloadgen.ErrNotFound):
		case errs[j] != nil:
			return errs[j]
		default:
			out[i] = &values[j]
		}
	}
	return nil
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
