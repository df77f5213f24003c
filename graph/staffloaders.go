package graph

import (
	"context"
	"errors"
	"sync"

	"github.com/vikstrous/dataloadgen"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/application"
)

// staffLoaders batch the fields of applications listed to officers (the
// department's queue lists up to 100): the service's name, the applicant's
// name and the viewer's departments are each one lookup per request level,
// not one per application or file.
type staffLoaders struct {
	ServiceNames *Source[string, application.ServiceName]
	AccountNames *Source[string, application.PersonName]
	// Departments are the departments an account is an OFFICER of.
	Departments *Source[string, []string]
}

// staffSlot makes a request's staff loaders on first use.
type staffSlot struct {
	once    sync.Once
	loaders *staffLoaders
}

func newStaffLoaders(apps *application.Service) *staffLoaders {
	return &staffLoaders{
		ServiceNames: newSource(apps.ServiceNames),
		AccountNames: newSource(apps.AccountNames),
		Departments: newSource(func(ctx context.Context, ids []string) (map[string][]string, error) {
			out := make(map[string][]string, len(ids))
			for _, id := range ids {
				deps, err := apps.OfficerDepartments(ctx, id)
				if err != nil {
					return nil, err
				}
				out[id] = deps
			}
			return out, nil
		}),
	}
}

// staffLoaders returns the request's staff loaders.
func (r *Resolver) staffLoaders(ctx context.Context) *staffLoaders {
	l := r.loaders(ctx)
	l.staff.once.Do(func() { l.staff.loaders = newStaffLoaders(r.Applications) })
	return l.staff.loaders
}

// applicationViewer is the signed-in account with the departments it is an
// OFFICER of (looked up only for officers, once per request); the zero
// Viewer for the public.
func (r *Resolver) applicationViewer(ctx context.Context) (application.Viewer, error) {
	p, err := Principal(ctx)
	if err != nil {
		return application.Viewer{}, nil
	}
	v := application.Viewer{AccountID: p.AccountID}
	if p.HasRole(account.RoleOfficer) {
		if v.Departments, err = r.staffLoaders(ctx).Departments.Load(ctx, p.AccountID); err != nil && !errors.Is(err, dataloadgen.ErrNotFound) {
			return v, err
		}
	}
	return v, nil
}
