package catalog

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/uslugi/uslugi/account"
)

// Catalog administration: an ADMIN creates and changes services,
// departments, categories and regions, and every change is kept.
//
// Rules (checked in the transaction that makes the change):
//   - Save creates the item when its code is new and updates it otherwise;
//     the code never changes. Every problem of the input is reported at
//     once, per field, and a bad input changes nothing.
//   - Every create or update writes one Change (who, when, what, the
//     fields that changed with their old and new values, and the reason)
//     and one audit event "catalog.<entity>.<action>", e.g.
//     "catalog.service.updated", in the same transaction.
//   - An update that changes nothing writes nothing and returns no change
//     (nil, nil): nothing happened, so there is nothing to record.
//   - The input describes the whole item, except the optional English
//     texts: left out (nil) they keep what is there (none for a new item),
//     given empty they clear it (the portal then shows the Russian text).
//     What the input cannot express (a service's life situations,
//     municipalities, regional conditions, fee note, popularity, "for
//     children" and "not with a registered-mail confirmation" marks) is
//     kept on an update and empty on a create.
//   - A service's categories and regions are replaced by the input's.
//     No regions means "offered everywhere", which is what the
//     availability rule makes of it for a FEDERAL service; a REGIONAL or
//     MUNICIPAL service with neither regions nor municipalities would be
//     offered nowhere, so it must name its regions.
//   - A department's parent must exist and may not be the department
//     itself or one of its own subordinates.
//   - The catalog seed (db/seed) is applied again only when its files
//     change, and then it rewrites the items it names: a change made here
//     to a seeded item lasts until the next seed that changes.

// Entity is a kind of catalog item an administrator changes.
type Entity string

// Entities.
const (
	EntityService    Entity = "SERVICE"
	EntityDepartment Entity = "DEPARTMENT"
	EntityCategory   Entity = "CATEGORY"
	EntityRegion     Entity = "REGION"
)

// Valid reports whether e is a known entity.
func (e Entity) Valid() bool {
	switch e {
	case EntityService, EntityDepartment, EntityCategory, EntityRegion:
		return true
	}
	return false
}

// ChangeAction says whether a change created an item or updated it.
type ChangeAction string

// Change actions.
const (
	ChangeCreated ChangeAction = "CREATED"
	ChangeUpdated ChangeAction = "UPDATED"
)

// FieldChange is one field's value before and after a change, as text;
// nil is "none" (the item did not exist, or the value was empty).
type FieldChange struct {
	Field string
	Old   *string
	New   *string
}

// Change is one create or update of a catalog item, kept for the record.
type Change struct {
	ID      int64
	At      time.Time
	ActorID string
	Entity  Entity
	Code    string
	Action  ChangeAction
	Fields  []FieldChange
	Reason  string
}

// AuditAction is the change's action in the audit log, e.g.
// "catalog.service.created".
func (c *Change) AuditAction() string {
	return "catalog." + strings.ToLower(string(c.Entity)) + "." + strings.ToLower(string(c.Action))
}

// ChangeCursor is where a page of changes ends: its last change's time and
// id, in the listing's order (newest first).
type ChangeCursor struct {
	At time.Time
	ID int64
}

// CursorOfChange is the cursor just after c.
func CursorOfChange(c Change) ChangeCursor { return ChangeCursor{At: c.At, ID: c.ID} }

// ChangeFilter picks changes: of one entity, of one code, after a cursor.
// Zero values mean "any".
type ChangeFilter struct {
	Entity Entity
	Code   string
	After  *ChangeCursor
}

// ChangePage is one page of changes, the number of changes matching the
// filter (without its cursor), and whether more follow the page.
type ChangePage struct {
	Changes []Change
	Total   int
	More    bool
}

// ServiceRecord is a service as an administrator edits it: with its
// department, categories and regions by code, and how many municipalities
// provide it.
type ServiceRecord struct {
	Service
	DepartmentCode string
	CategoryCodes  []string
	RegionCodes    []string
	Municipalities int
}

// ErrNotFound is returned by AdminTx look-ups that find nothing.
var ErrNotFound = errors.New("catalog: not found")

// AdminStore is what catalog administration needs from persistence.
type AdminStore interface {
	// InTx runs fn in one transaction, committed when fn returns nil.
	// Administrators' transactions run one at a time (and not beside a
	// seed), so two saves of one new code cannot both create it.
	InTx(ctx context.Context, fn func(ctx context.Context, tx AdminTx) error) error
	// Changes returns up to limit changes matching f, newest first (by
	// time, then id), and the number matching f without its cursor.
	Changes(ctx context.Context, f ChangeFilter, limit int) ([]Change, int, error)
}

// AdminTx is the store bound to one transaction. Look-ups by code or id
// return ErrNotFound when nothing matches; look-ups of several codes
// return what exists, in no particular order.
type AdminTx interface {
	ServiceByCode(ctx context.Context, code string) (ServiceRecord, error)
	DepartmentByCode(ctx context.Context, code string) (Department, error)
	DepartmentByID(ctx context.Context, id int64) (Department, error)
	CategoryByCode(ctx context.Context, code string) (Category, error)
	RegionByCode(ctx context.Context, code string) (Region, error)
	CategoriesByCodes(ctx context.Context, codes []string) ([]Category, error)
	RegionsByCodes(ctx context.Context, codes []string) ([]Region, error)

	// SaveService inserts s when its ID is 0 (and sets the ID), updates
	// it otherwise, and replaces its category and region links.
	SaveService(ctx context.Context, s *Service, categoryIDs []int64, regionCodes []string) error
	// SaveDepartment inserts d when its ID is 0 (and sets the ID), and
	// updates it otherwise.
	SaveDepartment(ctx context.Context, d *Department) error
	// SaveCategory inserts c when its ID is 0 (and sets the ID and puts
	// it last in the portal's order), and updates it otherwise.
	SaveCategory(ctx context.Context, c *Category) error
	// SaveRegion inserts r when create is set, and updates it otherwise.
	SaveRegion(ctx context.Context, r Region, create bool) error
	// ReindexServices refreshes the words full-text search finds services
	// by (their own texts and the names of their department, categories
	// and life situations) for the services in scope.
	ReindexServices(ctx context.Context, scope ReindexScope) error

	// AddChange records c and sets its ID.
	AddChange(ctx context.Context, c *Change) error
	Audit(ctx context.Context, e account.AuditEvent) error
}

// ReindexScope names services by id, by department or by category.
type ReindexScope struct {
	ServiceIDs    []int64
	DepartmentIDs []int64
	CategoryIDs   []int64
}

// Invalidator forgets what a cache holds.
type Invalidator interface {
	Invalidate()
}

// Admin changes the catalog for administrators.
type Admin struct {
	store AdminStore
	// cache is this process's catalog cache, emptied after every change.
	cache Invalidator
	clock func() time.Time
}

// NewAdmin returns the administration over store; cache (may be nil) is
// emptied after each change.
func NewAdmin(store AdminStore, cache Invalidator, clock func() time.Time) *Admin {
	if clock == nil {
		clock = time.Now
	}
	return &Admin{store: store, cache: cache, clock: clock}
}

// ServiceInput is a service as an administrator saves it.
type ServiceInput struct {
	Code           string
	NameRu         string
	NameEn         *string
	DescriptionRu  string
	DescriptionEn  *string
	Level          Level
	Mode           Mode
	DepartmentCode string
	CategoryCodes  []string
	Audiences      []Audience
	MinTier        account.Tier
	FeeKopecks     int64
	ProcessingDays int
	// RegionCodes limit where the service is offered; none for everywhere.
	RegionCodes []string
	Reason      string
}

// DepartmentInput is a department as an administrator saves it.
type DepartmentInput struct {
	Code        string
	NameRu      string
	NameEn      *string
	ShortNameRu string
	ShortNameEn *string
	Level       Level
	// ParentCode is the department it reports to; "" for none.
	ParentCode string
	Reason     string
}

// CategoryInput is a category as an administrator saves it.
type CategoryInput struct {
	Code      string
	NameRu    string
	NameEn    *string
	Audiences []Audience
	Reason    string
}

// RegionInput is a federal subject as an administrator saves it.
type RegionInput struct {
	Code   string
	NameRu string
	NameEn *string
	Reason string
}

// SaveService creates or updates a service. It returns the change it
// recorded, nil for an update that changes nothing, or InputErrors.
func (a *Admin) SaveService(ctx context.Context, p account.Principal, c account.Client, in ServiceInput) (*Change, error) {
	in.normalize()
	return a.save(ctx, p, c, EntityService, in.Code, in.Reason, func(ctx context.Context, tx AdminTx, errs *InputErrors) (saver, error) {
		in.check(errs)
		old, err := tx.ServiceByCode(ctx, in.Code)
		found := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		var dep Department
		if in.DepartmentCode != "" {
			dep, err = tx.DepartmentByCode(ctx, in.DepartmentCode)
			if errors.Is(err, ErrNotFound) {
				errs.add("departmentCode", "UNKNOWN_DEPARTMENT",
					"Нет ведомства с кодом «"+in.DepartmentCode+"»",
					"no department has code \""+in.DepartmentCode+"\"")
			} else if err != nil {
				return nil, err
			}
		}
		cats, err := tx.CategoriesByCodes(ctx, in.CategoryCodes)
		if err != nil {
			return nil, err
		}
		catIDs := map[string]int64{}
		for _, c := range cats {
			catIDs[c.Code] = c.ID
		}
		if missing := missingCodes(in.CategoryCodes, catIDs); len(missing) > 0 {
			errs.add("categoryCodes", "UNKNOWN_CATEGORY",
				"Нет категорий с кодами: "+strings.Join(missing, ", "),
				"no categories have codes: "+strings.Join(missing, ", "))
		}
		regions, err := tx.RegionsByCodes(ctx, in.RegionCodes)
		if err != nil {
			return nil, err
		}
		known := map[string]int64{}
		for _, r := range regions {
			known[r.Code] = 1
		}
		if missing := missingCodes(in.RegionCodes, known); len(missing) > 0 {
			errs.add("regionCodes", "UNKNOWN_REGION",
				"Нет регионов с кодами: "+strings.Join(missing, ", ")+"; укажите двузначные коды субъектов РФ, например 77",
				"no regions have codes: "+strings.Join(missing, ", ")+"; give two-digit codes of federal subjects, e.g. 77")
		}
		if in.Level.Valid() && in.Level != LevelFederal && len(in.RegionCodes) == 0 && (!found || old.Municipalities == 0) {
			errs.add("regionCodes", "REQUIRED",
				"Укажите регионы, где оказывается региональная или муниципальная услуга: без них она не доступна нигде",
				"name the regions where a regional or municipal service is offered: without them it is offered nowhere")
		}
		if len(*errs) > 0 {
			return nil, nil
		}

		s := old.Service
		if !found {
			s = Service{Code: in.Code}
		}
		s.Name = Text{Ru: in.NameRu, En: orKeep(in.NameEn, s.Name.En)}
		s.Description = Text{Ru: in.DescriptionRu, En: orKeep(in.DescriptionEn, s.Description.En)}
		s.Level, s.Mode, s.MinTier = in.Level, in.Mode, in.MinTier
		s.DepartmentID = dep.ID
		s.Individuals = hasAudience(in.Audiences, AudienceIndividual)
		s.LegalEntities = hasAudience(in.Audiences, AudienceLegalEntity)
		s.FeeKopecks, s.ProcessingDays = in.FeeKopecks, in.ProcessingDays

		d := differ{}
		d.text("nameRu", old.Name.Ru, s.Name.Ru)
		d.text("nameEn", old.Name.En, s.Name.En)
		d.text("descriptionRu", old.Description.Ru, s.Description.Ru)
		d.text("descriptionEn", old.Description.En, s.Description.En)
		d.text("level", string(old.Level), string(s.Level))
		d.text("mode", string(old.Mode), string(s.Mode))
		d.text("departmentCode", old.DepartmentCode, in.DepartmentCode)
		d.list("categoryCodes", old.CategoryCodes, in.CategoryCodes)
		d.list("audiences", audienceNames(old.Audiences()), audienceNames(s.Audiences()))
		d.text("minTier", string(old.MinTier), string(s.MinTier))
		d.int("feeKopecks", found, old.FeeKopecks, s.FeeKopecks)
		d.int("processingDays", found, int64(old.ProcessingDays), int64(s.ProcessingDays))
		d.list("regionCodes", old.RegionCodes, in.RegionCodes)
		return func(ctx context.Context) ([]FieldChange, bool, error) {
			if found && len(d) == 0 {
				return nil, false, nil
			}
			ids := make([]int64, len(in.CategoryCodes))
			for i, code := range in.CategoryCodes {
				ids[i] = catIDs[code]
			}
			if err := tx.SaveService(ctx, &s, ids, in.RegionCodes); err != nil {
				return nil, false, err
			}
			if err := tx.ReindexServices(ctx, ReindexScope{ServiceIDs: []int64{s.ID}}); err != nil {
				return nil, false, err
			}
			return d, !found, nil
		}, nil
	})
}

// SaveDepartment creates or updates a department, as SaveService does.
func (a *Admin) SaveDepartment(ctx context.Context, p account.Principal, c account.Client, in DepartmentInput) (*Change, error) {
	in.normalize()
	return a.save(ctx, p, c, EntityDepartment, in.Code, in.Reason, func(ctx context.Context, tx AdminTx, errs *InputErrors) (saver, error) {
		in.check(errs)
		old, err := tx.DepartmentByCode(ctx, in.Code)
		found := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		var oldParent string
		if found && old.ParentID != nil {
			p, err := tx.DepartmentByID(ctx, *old.ParentID)
			if err != nil {
				return nil, err
			}
			oldParent = p.Code
		}
		var parentID *int64
		if in.ParentCode != "" && in.ParentCode == in.Code {
			errs.add("parentCode", "SELF_PARENT",
				"Ведомство не может подчиняться самому себе",
				"a department cannot report to itself")
		} else if in.ParentCode != "" {
			parent, err := tx.DepartmentByCode(ctx, in.ParentCode)
			switch {
			case errors.Is(err, ErrNotFound):
				errs.add("parentCode", "UNKNOWN_DEPARTMENT",
					"Нет ведомства с кодом «"+in.ParentCode+"»",
					"no department has code \""+in.ParentCode+"\"")
			case err != nil:
				return nil, err
			default:
				parentID = &parent.ID
				if found {
					cycle, err := reportsTo(ctx, tx, parent, old.ID)
					if err != nil {
						return nil, err
					}
					if cycle {
						errs.add("parentCode", "PARENT_CYCLE",
							"Ведомство «"+in.ParentCode+"» само подчиняется «"+in.Code+"»: выберите другое",
							"department \""+in.ParentCode+"\" itself reports to \""+in.Code+"\": choose another")
					}
				}
			}
		}
		if len(*errs) > 0 {
			return nil, nil
		}

		d := old
		if !found {
			d = Department{Code: in.Code}
		}
		d.Name = Text{Ru: in.NameRu, En: orKeep(in.NameEn, d.Name.En)}
		d.Short = Text{Ru: in.ShortNameRu, En: orKeep(in.ShortNameEn, d.Short.En)}
		d.Level, d.ParentID = in.Level, parentID

		diff := differ{}
		diff.text("nameRu", old.Name.Ru, d.Name.Ru)
		diff.text("nameEn", old.Name.En, d.Name.En)
		diff.text("shortNameRu", old.Short.Ru, d.Short.Ru)
		diff.text("shortNameEn", old.Short.En, d.Short.En)
		diff.text("level", string(old.Level), string(d.Level))
		diff.text("parentCode", oldParent, in.ParentCode)
		renamed := found && (old.Name != d.Name || old.Short != d.Short)
		return func(ctx context.Context) ([]FieldChange, bool, error) {
			if found && len(diff) == 0 {
				return nil, false, nil
			}
			if err := tx.SaveDepartment(ctx, &d); err != nil {
				return nil, false, err
			}
			if renamed {
				// Its services are found by its names too.
				if err := tx.ReindexServices(ctx, ReindexScope{DepartmentIDs: []int64{d.ID}}); err != nil {
					return nil, false, err
				}
			}
			return diff, !found, nil
		}, nil
	})
}

// reportsTo reports whether dep is id or reports to it, directly or not.
func reportsTo(ctx context.Context, tx AdminTx, dep Department, id int64) (bool, error) {
	seen := map[int64]bool{}
	for {
		if dep.ID == id {
			return true, nil
		}
		if dep.ParentID == nil || seen[dep.ID] {
			return false, nil
		}
		seen[dep.ID] = true
		next, err := tx.DepartmentByID(ctx, *dep.ParentID)
		if errors.Is(err, ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		dep = next
	}
}

// SaveCategory creates or updates a category, as SaveService does.
func (a *Admin) SaveCategory(ctx context.Context, p account.Principal, c account.Client, in CategoryInput) (*Change, error) {
	in.normalize()
	return a.save(ctx, p, c, EntityCategory, in.Code, in.Reason, func(ctx context.Context, tx AdminTx, errs *InputErrors) (saver, error) {
		in.check(errs)
		old, err := tx.CategoryByCode(ctx, in.Code)
		found := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		if len(*errs) > 0 {
			return nil, nil
		}
		cat := old
		if !found {
			cat = Category{Code: in.Code}
		}
		cat.Name = Text{Ru: in.NameRu, En: orKeep(in.NameEn, cat.Name.En)}
		cat.Individuals = hasAudience(in.Audiences, AudienceIndividual)
		cat.LegalEntities = hasAudience(in.Audiences, AudienceLegalEntity)

		d := differ{}
		d.text("nameRu", old.Name.Ru, cat.Name.Ru)
		d.text("nameEn", old.Name.En, cat.Name.En)
		d.list("audiences", audienceNames(categoryAudiences(old)), audienceNames(categoryAudiences(cat)))
		renamed := found && old.Name != cat.Name
		return func(ctx context.Context) ([]FieldChange, bool, error) {
			if found && len(d) == 0 {
				return nil, false, nil
			}
			if err := tx.SaveCategory(ctx, &cat); err != nil {
				return nil, false, err
			}
			if renamed {
				if err := tx.ReindexServices(ctx, ReindexScope{CategoryIDs: []int64{cat.ID}}); err != nil {
					return nil, false, err
				}
			}
			return d, !found, nil
		}, nil
	})
}

// SaveRegion creates or updates a federal subject, as SaveService does.
func (a *Admin) SaveRegion(ctx context.Context, p account.Principal, c account.Client, in RegionInput) (*Change, error) {
	in.normalize()
	return a.save(ctx, p, c, EntityRegion, in.Code, in.Reason, func(ctx context.Context, tx AdminTx, errs *InputErrors) (saver, error) {
		in.check(errs)
		old, err := tx.RegionByCode(ctx, in.Code)
		found := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		if len(*errs) > 0 {
			return nil, nil
		}
		r := Region{Code: in.Code, Name: Text{Ru: in.NameRu, En: orKeep(in.NameEn, old.Name.En)}}
		d := differ{}
		d.text("nameRu", old.Name.Ru, r.Name.Ru)
		d.text("nameEn", old.Name.En, r.Name.En)
		return func(ctx context.Context) ([]FieldChange, bool, error) {
			if found && len(d) == 0 {
				return nil, false, nil
			}
			if err := tx.SaveRegion(ctx, r, !found); err != nil {
				return nil, false, err
			}
			return d, !found, nil
		}, nil
	})
}

// saver writes a checked change and returns its fields and whether it
// created the item; no fields and no error for nothing to change.
type saver func(ctx context.Context) (fields []FieldChange, created bool, err error)

// save runs one administrator's save: check adds what is wrong with the
// input to errs or returns the saver; the change record and the audit
// event go in the same transaction, and the cache is emptied after the
// commit.
func (a *Admin) save(ctx context.Context, p account.Principal, c account.Client, entity Entity, code, reason string,
	check func(ctx context.Context, tx AdminTx, errs *InputErrors) (saver, error)) (*Change, error) {
	if !p.HasRole(account.RoleAdmin) {
		return nil, &account.ForbiddenError{NeedRole: account.RoleAdmin}
	}
	var change *Change
	err := a.store.InTx(ctx, func(ctx context.Context, tx AdminTx) error {
		change = nil // a retried transaction starts over
		var errs InputErrors
		save, err := check(ctx, tx, &errs)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		fields, created, err := save(ctx)
		if err != nil || len(fields) == 0 {
			return err
		}
		ch := &Change{At: a.clock().UTC(), ActorID: p.AccountID, Entity: entity, Code: code,
			Action: ChangeUpdated, Fields: fields, Reason: reason}
		if created {
			ch.Action = ChangeCreated
		}
		if err := tx.AddChange(ctx, ch); err != nil {
			return err
		}
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = f.Field
		}
		if err := tx.Audit(ctx, account.AuditEvent{At: ch.At, Action: ch.AuditAction(), ActorID: p.AccountID, IP: c.IP,
			Details: map[string]string{"entity": string(entity), "code": code, "fields": strings.Join(names, ","),
				"reason": reason, "changeId": itoa(ch.ID)}}); err != nil {
			return err
		}
		change = ch
		return nil
	})
	if err != nil {
		return nil, err
	}
	if change != nil && a.cache != nil {
		// This process sees the change at once. Other API processes keep
		// serving their cached catalog answers until those expire, at most
		// CATALOG_CACHE_TTL (30 s by default) after the commit: a delay the
		// catalog accepts (README "Configuration"); the database itself,
		// and so search, already has the change.
		a.cache.Invalidate()
	}
	return change, nil
}

// Changes lists the catalog's changes for administrators, newest first;
// limit is 50 when not positive and at most 100.
func (a *Admin) Changes(ctx context.Context, p account.Principal, f ChangeFilter, limit int) (ChangePage, error) {
	if !p.HasRole(account.RoleAdmin) {
		return ChangePage{}, &account.ForbiddenError{NeedRole: account.RoleAdmin}
	}
	f.Entity = Entity(strings.ToUpper(strings.TrimSpace(string(f.Entity))))
	f.Code = strings.TrimSpace(f.Code)
	if f.Entity != "" && !f.Entity.Valid() {
		return ChangePage{}, &InputError{Field: "entity", Code: "INVALID", Message: Text{
			Ru: "Неизвестный вид записи: SERVICE, DEPARTMENT, CATEGORY или REGION",
			En: "unknown entity: SERVICE, DEPARTMENT, CATEGORY or REGION",
		}}
	}
	if limit <= 0 {
		limit = 50
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	changes, total, err := a.store.Changes(ctx, f, limit+1)
	if err != nil {
		return ChangePage{}, err
	}
	page := ChangePage{Changes: changes, Total: total}
	if len(changes) > limit {
		page.Changes, page.More = changes[:limit], true
	}
	return page, nil
}
