package graph

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/graph/model"
)

// typeCatalogChange is the type inside a catalog change's id.
const typeCatalogChange = "CatalogChange"

func (r *Resolver) saveService(ctx context.Context, in model.ServiceAdminInput) (*model.CatalogAdminPayload, error) {
	adm, p, err := r.catalogAdmin(ctx)
	if err != nil {
		return nil, err
	}
	ch, err := adm.SaveService(ctx, p, Client(ctx), catalog.ServiceInput{
		Code: in.Code, NameRu: in.NameRu, NameEn: in.NameEn, DescriptionRu: in.DescriptionRu, DescriptionEn: in.DescriptionEn,
		Level: in.Level, Mode: in.Mode, DepartmentCode: in.DepartmentCode, CategoryCodes: in.CategoryCodes,
		Audiences: in.Audiences, MinTier: in.MinTier, FeeKopecks: in.FeeKopecks, ProcessingDays: in.ProcessingDays,
		RegionCodes: in.RegionCodes, Reason: in.Reason,
	})
	return catalogAdminPayload(ctx, ch, err)
}

func (r *Resolver) saveDepartment(ctx context.Context, in model.DepartmentAdminInput) (*model.CatalogAdminPayload, error) {
	adm, p, err := r.catalogAdmin(ctx)
	if err != nil {
		return nil, err
	}
	ch, err := adm.SaveDepartment(ctx, p, Client(ctx), catalog.DepartmentInput{
		Code: in.Code, NameRu: in.NameRu, NameEn: in.NameEn, ShortNameRu: in.ShortNameRu, ShortNameEn: in.ShortNameEn,
		Level: in.Level, ParentCode: deref(in.ParentCode), Reason: in.Reason,
	})
	return catalogAdminPayload(ctx, ch, err)
}

func (r *Resolver) saveCategory(ctx context.Context, in model.CategoryAdminInput) (*model.CatalogAdminPayload, error) {
	adm, p, err := r.catalogAdmin(ctx)
	if err != nil {
		return nil, err
	}
	ch, err := adm.SaveCategory(ctx, p, Client(ctx), catalog.CategoryInput{
		Code: in.Code, NameRu: in.NameRu, NameEn: in.NameEn, Audiences: in.Audiences, Reason: in.Reason,
	})
	return catalogAdminPayload(ctx, ch, err)
}

func (r *Resolver) saveRegion(ctx context.Context, in model.RegionAdminInput) (*model.CatalogAdminPayload, error) {
	adm, p, err := r.catalogAdmin(ctx)
	if err != nil {
		return nil, err
	}
	ch, err := adm.SaveRegion(ctx, p, Client(ctx), catalog.RegionInput{
		Code: in.Code, NameRu: in.NameRu, NameEn: in.NameEn, Reason: in.Reason,
	})
	return catalogAdminPayload(ctx, ch, err)
}

func (r *Resolver) catalogChanges(ctx context.Context, entity, code *string, first *int, after *string) (*model.CatalogChangeConnection, error) {
	adm, p, err := r.catalogAdmin(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := parseChangeCursor(after)
	if err != nil {
		return nil, err
	}
	page, err := adm.Changes(ctx, p, catalog.ChangeFilter{Entity: catalog.Entity(deref(entity)), Code: deref(code), After: cur}, deref(first))
	if err != nil {
		return nil, err
	}
	c := &model.CatalogChangeConnection{Edges: make([]model.CatalogChangeEdge, len(page.Changes)), TotalCount: page.Total,
		PageInfo: &model.PageInfo{HasPreviousPage: cur != nil, HasNextPage: page.More}}
	for i := range page.Changes {
		c.Edges[i] = model.CatalogChangeEdge{Cursor: changeCursor(catalog.CursorOfChange(page.Changes[i])), Node: catalogChange(&page.Changes[i])}
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

// catalogAdmin is the catalog's administration and the signed-in ADMIN
// (the schema's directive checks the role too; this keeps the rule if the
// schema ever loses it).
func (r *Resolver) catalogAdmin(ctx context.Context) (*catalog.Admin, account.Principal, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, p, err
	}
	if !p.HasRole(account.RoleAdmin) {
		return nil, p, &account.ForbiddenError{NeedRole: account.RoleAdmin}
	}
	adm := r.Catalog.Admin()
	if adm == nil {
		return nil, p, errors.New("graph: the catalog's administration is not configured")
	}
	return adm, p, nil
}

// catalogAdminPayload turns a save's answer into the payload: the input's
// problems become userErrors; a save that changed nothing has no change
// and no errors.
func catalogAdminPayload(ctx context.Context, ch *catalog.Change, err error) (*model.CatalogAdminPayload, error) {
	var many catalog.InputErrors
	var one *catalog.InputError
	switch {
	case errors.As(err, &many):
	case errors.As(err, &one):
		many = catalog.InputErrors{one}
	case err != nil:
		return nil, err
	}
	lang := Lang(ctx)
	out := &model.CatalogAdminPayload{UserErrors: make([]model.UserError, len(many))}
	for i, e := range many {
		out.UserErrors[i] = model.UserError{Field: e.Field, Code: e.Code, Message: e.Message.In(lang)}
	}
	if ch != nil && err == nil {
		out.Change = catalogChange(ch)
	}
	return out, nil
}

func catalogChange(c *catalog.Change) *model.CatalogChange {
	out := &model.CatalogChange{ID: globalIntID(typeCatalogChange, c.ID), At: c.At,
		ActorID: globalID(typeAccount, c.ActorID), Entity: string(c.Entity), Code: c.Code, Action: string(c.Action),
		Fields: make([]model.CatalogFieldChange, len(c.Fields)), Reason: c.Reason}
	for i, f := range c.Fields {
		out.Fields[i] = model.CatalogFieldChange{Field: f.Field, Old: f.Old, New: f.New}
	}
	return out
}

// changeCursor is an opaque cursor after a change: its time (Unix
// nanoseconds) and id.
func changeCursor(c catalog.ChangeCursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte("cc:" + strconv.FormatInt(c.At.UnixNano(), 10) + ":" + strconv.FormatInt(c.ID, 10)))
}

func parseChangeCursor(after *string) (*catalog.ChangeCursor, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	if b, err := base64.RawURLEncoding.DecodeString(*after); err == nil {
		if rest, ok := strings.CutPrefix(string(b), "cc:"); ok {
			if ns, id, ok := strings.Cut(rest, ":"); ok {
				n, err1 := strconv.ParseInt(ns, 10, 64)
				i, err2 := strconv.ParseInt(id, 10, 64)
				if err1 == nil && err2 == nil && i > 0 {
					return &catalog.ChangeCursor{At: time.Unix(0, n).UTC(), ID: i}, nil
				}
			}
		}
	}
	return nil, &userError{field: "after", code: "BAD_CURSOR", ru: "Неверный курсор: используйте endCursor из предыдущей страницы", en: "bad cursor: pass the endCursor of the previous page"}
}
