package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
)

// CatalogAdminStore keeps administrators' changes to the catalog and their
// record. It implements catalog.AdminStore.
type CatalogAdminStore struct {
	db *bun.DB
}

// NewCatalogAdminStore returns the store over db.
func NewCatalogAdminStore(db *bun.DB) *CatalogAdminStore {
	return &CatalogAdminStore{db: db}
}

var _ catalog.AdminStore = (*CatalogAdminStore)(nil)

// catalogLockKey is the PostgreSQL advisory lock the seed takes too: an
// administrator's save and a seed, or two saves, do not interleave. On
// SQLite every write transaction is already alone (_txlock=immediate).
const catalogLockKey = 4242001

// reindexBatch bounds the ids of one look-up while search words are
// refreshed (a department may have thousands of services).
const reindexBatch = 500

// InTx implements catalog.AdminStore.
func (s *CatalogAdminStore) InTx(ctx context.Context, fn func(ctx context.Context, tx catalog.AdminTx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		pg := IsPostgres(s.db)
		if pg {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", catalogLockKey); err != nil {
				return fmt.Errorf("store: unable to lock the catalog: %w", err)
			}
		}
		return fn(ctx, &catalogAdminTx{tx: tx, pg: pg})
	})
}

type catalogChangeRow struct {
	bun.BaseModel `bun:"table:catalog_changes,alias:cc"`
	ID            int64     `bun:"id,pk,autoincrement"`
	At            time.Time `bun:"at"`
	ActorID       string    `bun:"actor_id"`
	Entity        string    `bun:"entity"`
	Code          string    `bun:"code"`
	Action        string    `bun:"action"`
	Fields        string    `bun:"fields"`
	Reason        string    `bun:"reason"`
}

// fieldChangeJSON is one changed field in catalog_changes.fields.
type fieldChangeJSON struct {
	Field string  `json:"field"`
	Old   *string `json:"old"`
	New   *string `json:"new"`
}

func (r *catalogChangeRow) model() (catalog.Change, error) {
	var fields []fieldChangeJSON
	if err := json.Unmarshal([]byte(r.Fields), &fields); err != nil {
		return catalog.Change{}, fmt.Errorf("store: catalog change %d: bad fields: %w", r.ID, err)
	}
	c := catalog.Change{ID: r.ID, At: r.At.UTC(), ActorID: r.ActorID, Entity: catalog.Entity(r.Entity), Code: r.Code,
		Action: catalog.ChangeAction(r.Action), Reason: r.Reason, Fields: make([]catalog.FieldChange, len(fields))}
	for i, f := range fields {
		c.Fields[i] = catalog.FieldChange{Field: f.Field, Old: f.Old, New: f.New}
	}
	return c, nil
}

// Changes implements catalog.AdminStore.
func (s *CatalogAdminStore) Changes(ctx context.Context, f catalog.ChangeFilter, limit int) ([]catalog.Change, int, error) {
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.Entity != "" {
			q.Where("cc.entity = ?", string(f.Entity))
		}
		if f.Code != "" {
			q.Where("cc.code = ?", f.Code)
		}
		return q
	}
	n, err := filter(s.db.NewSelect().Model((*catalogChangeRow)(nil))).Count(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to count catalog changes: %w", err)
	}
	var rows []catalogChangeRow
	q := filter(s.db.NewSelect().Model(&rows)).OrderExpr("cc.at DESC, cc.id DESC")
	if a := f.After; a != nil {
		// After the cursor, newest first: an earlier time, or the same
		// time and a smaller id.
		at := dbTime(a.At)
		q.Where("(cc.at < ? OR (cc.at = ? AND cc.id < ?))", at, at, a.ID)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, 0, fmt.Errorf("store: unable to list catalog changes: %w", err)
	}
	out := make([]catalog.Change, len(rows))
	for i := range rows {
		if out[i], err = rows[i].model(); err != nil {
			return nil, 0, err
		}
	}
	return out, int(n), nil
}

// catalogAdminTx is the store bound to one transaction.
type catalogAdminTx struct {
	tx bun.Tx
	pg bool
}

var _ catalog.AdminTx = (*catalogAdminTx)(nil)

// catalogNotFound is catalog.ErrNotFound for no row, else err wrapped.
func catalogNotFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return catalog.ErrNotFound
	}
	return fmt.Errorf("store: unable to fetch %s: %w", what, err)
}

// ServiceByCode implements catalog.AdminTx.
func (t *catalogAdminTx) ServiceByCode(ctx context.Context, code string) (catalog.ServiceRecord, error) {
	var row serviceRow
	if err := t.tx.NewSelect().Model(&row).Column(serviceColumns...).Where("s.code = ?", code).Scan(ctx); err != nil {
		return catalog.ServiceRecord{}, catalogNotFound(err, "the service")
	}
	rec := catalog.ServiceRecord{Service: row.model()}
	err := t.tx.NewSelect().TableExpr("departments").Column("code").Where("id = ?", row.DepartmentID).Scan(ctx, &rec.DepartmentCode)
	if err != nil {
		return rec, fmt.Errorf("store: unable to fetch the service's department: %w", err)
	}
	err = t.tx.NewSelect().TableExpr("service_categories AS sc").Join("JOIN categories AS c ON c.id = sc.category_id").
		ColumnExpr("c.code").Where("sc.service_id = ?", row.ID).OrderExpr("c.code").Scan(ctx, &rec.CategoryCodes)
	if err != nil {
		return rec, fmt.Errorf("store: unable to fetch the service's categories: %w", err)
	}
	err = t.tx.NewSelect().TableExpr("service_regions").Column("region_code").Where("service_id = ?", row.ID).
		OrderExpr("region_code").Scan(ctx, &rec.RegionCodes)
	if err != nil {
		return rec, fmt.Errorf("store: unable to fetch the service's regions: %w", err)
	}
	munis, err := t.tx.NewSelect().TableExpr("service_municipalities").Where("service_id = ?", row.ID).Count(ctx)
	if err != nil {
		return rec, fmt.Errorf("store: unable to count the service's municipalities: %w", err)
	}
	rec.Municipalities = int(munis)
	return rec, nil
}

// DepartmentByCode implements catalog.AdminTx.
func (t *catalogAdminTx) DepartmentByCode(ctx context.Context, code string) (catalog.Department, error) {
	var row departmentRow
	if err := t.tx.NewSelect().Model(&row).Where("d.code = ?", code).Scan(ctx); err != nil {
		return catalog.Department{}, catalogNotFound(err, "the department")
	}
	return row.model(), nil
}

// DepartmentByID implements catalog.AdminTx.
func (t *catalogAdminTx) DepartmentByID(ctx context.Context, id int64) (catalog.Department, error) {
	var row departmentRow
	if err := t.tx.NewSelect().Model(&row).Where("d.id = ?", id).Scan(ctx); err != nil {
		return catalog.Department{}, catalogNotFound(err, "the department")
	}
	return row.model(), nil
}

// CategoryByCode implements catalog.AdminTx.
func (t *catalogAdminTx) CategoryByCode(ctx context.Context, code string) (catalog.Category, error) {
	var row categoryRow
	if err := t.tx.NewSelect().Model(&row).Where("c.code = ?", code).Scan(ctx); err != nil {
		return catalog.Category{}, catalogNotFound(err, "the category")
	}
	return row.model(), nil
}

// RegionByCode implements catalog.AdminTx.
func (t *catalogAdminTx) RegionByCode(ctx context.Context, code string) (catalog.Region, error) {
	var row regionRow
	if err := t.tx.NewSelect().Model(&row).Where("r.code = ?", code).Scan(ctx); err != nil {
		return catalog.Region{}, catalogNotFound(err, "the region")
	}
	return row.model(), nil
}

// CategoriesByCodes implements catalog.AdminTx.
func (t *catalogAdminTx) CategoriesByCodes(ctx context.Context, codes []string) ([]catalog.Category, error) {
	return byKeys(ctx, t.tx, "categories", "c.code", codes, (*categoryRow).model)
}

// RegionsByCodes implements catalog.AdminTx.
func (t *catalogAdminTx) RegionsByCodes(ctx context.Context, codes []string) ([]catalog.Region, error) {
	return byKeys(ctx, t.tx, "regions", "r.code", codes, (*regionRow).model)
}

// SaveService implements catalog.AdminTx.
func (t *catalogAdminTx) SaveService(ctx context.Context, s *catalog.Service, categoryIDs []int64, regionCodes []string) error {
	row := serviceRow{ID: s.ID, Code: s.Code, NameRu: s.Name.Ru, NameEn: s.Name.En, DescriptionRu: s.Description.Ru,
		DescriptionEn: s.Description.En, Level: string(s.Level), DepartmentID: s.DepartmentID, Mode: string(s.Mode),
		MinTier: string(s.MinTier), ExcludesMailConfirmation: s.ExcludesMailConfirmation, Individuals: s.Individuals,
		LegalEntities: s.LegalEntities, FeeKopecks: s.FeeKopecks, FeeNoteRu: s.FeeNote.Ru, FeeNoteEn: s.FeeNote.En,
		ProcessingDays: s.ProcessingDays, Popularity: s.Popularity, ForChildren: s.ForChildren}
	if s.ID == 0 {
		if _, err := t.tx.NewInsert().Model(&row).Returning("id").Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to add service %s: %w", s.Code, err)
		}
		s.ID = row.ID
	} else if _, err := t.tx.NewUpdate().Model(&row).
		// Not the popularity, nor the search words (ReindexServices writes those).
		Column("name_ru", "name_en", "description_ru", "description_en", "level", "department_id", "mode", "min_tier",
			"excludes_mail_confirmation", "individuals", "legal_entities", "fee_kopecks", "fee_note_ru", "fee_note_en",
			"processing_days", "for_children").
		WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to change service %s: %w", s.Code, err)
	}
	for _, table := range []string{"service_categories", "service_regions"} {
		if _, err := t.tx.NewDelete().TableExpr(table).Where("service_id = ?", s.ID).Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to clear %s of service %s: %w", table, s.Code, err)
		}
	}
	for _, id := range categoryIDs {
		if _, err := t.tx.NewInsert().TableExpr("service_categories").
			Model(&map[string]any{"service_id": s.ID, "category_id": id}).Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to link service %s to a category: %w", s.Code, err)
		}
	}
	for _, code := range regionCodes {
		if _, err := t.tx.NewInsert().TableExpr("service_regions").
			Model(&map[string]any{"service_id": s.ID, "region_code": code}).Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to link service %s to region %s: %w", s.Code, code, err)
		}
	}
	return nil
}

// SaveDepartment implements catalog.AdminTx.
func (t *catalogAdminTx) SaveDepartment(ctx context.Context, d *catalog.Department) error {
	row := departmentRow{ID: d.ID, Code: d.Code, NameRu: d.Name.Ru, NameEn: d.Name.En, ShortRu: d.Short.Ru,
		ShortEn: d.Short.En, Level: string(d.Level), ParentID: d.ParentID}
	if d.ID == 0 {
		if _, err := t.tx.NewInsert().Model(&row).Returning("id").Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to add department %s: %w", d.Code, err)
		}
		d.ID = row.ID
		return nil
	}
	if _, err := t.tx.NewUpdate().Model(&row).Column("name_ru", "name_en", "short_ru", "short_en", "level", "parent_id").
		WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to change department %s: %w", d.Code, err)
	}
	return nil
}

// SaveCategory implements catalog.AdminTx.
func (t *catalogAdminTx) SaveCategory(ctx context.Context, c *catalog.Category) error {
	row := categoryRow{ID: c.ID, Code: c.Code, NameRu: c.Name.Ru, NameEn: c.Name.En, Individuals: c.Individuals,
		LegalEntities: c.LegalEntities, Position: c.Position}
	if c.ID == 0 {
		var last int
		if err := t.tx.NewSelect().TableExpr("categories").ColumnExpr("COALESCE(MAX(position), 0)").Scan(ctx, &last); err != nil {
			return fmt.Errorf("store: unable to read the categories' order: %w", err)
		}
		row.Position = last + 1
		if _, err := t.tx.NewInsert().Model(&row).Returning("id").Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to add category %s: %w", c.Code, err)
		}
		c.ID, c.Position = row.ID, row.Position
		return nil
	}
	if _, err := t.tx.NewUpdate().Model(&row).Column("name_ru", "name_en", "individuals", "legal_entities").
		WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to change category %s: %w", c.Code, err)
	}
	return nil
}

// SaveRegion implements catalog.AdminTx.
func (t *catalogAdminTx) SaveRegion(ctx context.Context, r catalog.Region, create bool) error {
	row := regionRow{Code: r.Code, NameRu: r.Name.Ru, NameEn: r.Name.En}
	var err error
	if create {
		_, err = t.tx.NewInsert().Model(&row).Exec(ctx)
	} else {
		_, err = t.tx.NewUpdate().Model(&row).Column("name_ru", "name_en").WherePK().Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("store: unable to save region %s: %w", r.Code, err)
	}
	return nil
}

// ReindexServices implements catalog.AdminTx. The words are what the seed
// writes (db/seed.go): a service's name, then its department's full and
// short names, its categories' and life situations' names as keywords, then
// its description. PostgreSQL computes its search vectors from the columns
// (generated columns), so only the keywords are written there; SQLite's
// FTS5 row is written again with the words stemmed in Go.
func (t *catalogAdminTx) ReindexServices(ctx context.Context, scope catalog.ReindexScope) error {
	ids := append([]int64(nil), scope.ServiceIDs...)
	if len(scope.DepartmentIDs) > 0 {
		var more []int64
		if err := t.tx.NewSelect().TableExpr("services").Column("id").
			Where("department_id IN (?)", bun.List(scope.DepartmentIDs)).Scan(ctx, &more); err != nil {
			return fmt.Errorf("store: unable to find the departments' services: %w", err)
		}
		ids = append(ids, more...)
	}
	if len(scope.CategoryIDs) > 0 {
		var more []int64
		if err := t.tx.NewSelect().TableExpr("service_categories").Column("service_id").
			Where("category_id IN (?)", bun.List(scope.CategoryIDs)).Scan(ctx, &more); err != nil {
			return fmt.Errorf("store: unable to find the categories' services: %w", err)
		}
		ids = append(ids, more...)
	}
	seen := map[int64]bool{}
	uniq := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	for start := 0; start < len(uniq); start += reindexBatch {
		if err := t.reindex(ctx, uniq[start:min(start+reindexBatch, len(uniq))]); err != nil {
			return err
		}
	}
	return nil
}

func (t *catalogAdminTx) reindex(ctx context.Context, ids []int64) error {
	var svcs []struct {
		ID            int64  `bun:"id"`
		NameRu        string `bun:"name_ru"`
		NameEn        string `bun:"name_en"`
		DescriptionRu string `bun:"description_ru"`
		DescriptionEn string `bun:"description_en"`
		DepNameRu     string `bun:"dep_name_ru"`
		DepNameEn     string `bun:"dep_name_en"`
		DepShortRu    string `bun:"dep_short_ru"`
		DepShortEn    string `bun:"dep_short_en"`
	}
	err := t.tx.NewSelect().TableExpr("services AS s").Join("JOIN departments AS d ON d.id = s.department_id").
		ColumnExpr("s.id, s.name_ru, s.name_en, s.description_ru, s.description_en").
		ColumnExpr("d.name_ru AS dep_name_ru, d.name_en AS dep_name_en, d.short_ru AS dep_short_ru, d.short_en AS dep_short_en").
		Where("s.id IN (?)", bun.List(ids)).Scan(ctx, &svcs)
	if err != nil {
		return fmt.Errorf("store: unable to read services to index: %w", err)
	}
	type names struct {
		ServiceID int64  `bun:"service_id"`
		NameRu    string `bun:"name_ru"`
		NameEn    string `bun:"name_en"`
	}
	var cats, sits []names
	err = t.tx.NewSelect().TableExpr("service_categories AS sc").Join("JOIN categories AS c ON c.id = sc.category_id").
		ColumnExpr("sc.service_id, c.name_ru, c.name_en").Where("sc.service_id IN (?)", bun.List(ids)).
		OrderExpr("sc.service_id, c.position, c.id").Scan(ctx, &cats)
	if err != nil {
		return fmt.Errorf("store: unable to read services' categories to index: %w", err)
	}
	err = t.tx.NewSelect().TableExpr("service_life_situations AS sl").Join("JOIN life_situations AS l ON l.id = sl.life_situation_id").
		ColumnExpr("sl.service_id, l.name_ru, l.name_en").Where("sl.service_id IN (?)", bun.List(ids)).
		OrderExpr("sl.service_id, l.id").Scan(ctx, &sits)
	if err != nil {
		return fmt.Errorf("store: unable to read services' life situations to index: %w", err)
	}
	kwRu, kwEn := map[int64][]string{}, map[int64][]string{}
	for _, s := range svcs {
		kwRu[s.ID], kwEn[s.ID] = []string{s.DepNameRu, s.DepShortRu}, []string{s.DepNameEn, s.DepShortEn}
	}
	for _, n := range append(cats, sits...) {
		kwRu[n.ServiceID] = append(kwRu[n.ServiceID], n.NameRu)
		kwEn[n.ServiceID] = append(kwEn[n.ServiceID], n.NameEn)
	}
	for _, s := range svcs {
		ru, en := strings.Join(kwRu[s.ID], " "), strings.Join(kwEn[s.ID], " ")
		if _, err := t.tx.NewUpdate().TableExpr("services").Set("keywords_ru = ?, keywords_en = ?", ru, en).
			Where("id = ?", s.ID).Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to write the search words of service %d: %w", s.ID, err)
		}
		if t.pg {
			continue
		}
		if _, err := t.tx.ExecContext(ctx, "DELETE FROM services_fts WHERE rowid = ?", s.ID); err != nil {
			return fmt.Errorf("store: unable to clear the search index of service %d: %w", s.ID, err)
		}
		if _, err := t.tx.ExecContext(ctx, "INSERT INTO services_fts (rowid, name_ru, body_ru, name_en, body_en) VALUES (?, ?, ?, ?, ?)",
			s.ID, stemText("ru", s.NameRu), stemText("ru", ru+" "+s.DescriptionRu),
			stemText("en", s.NameEn), stemText("en", en+" "+s.DescriptionEn)); err != nil {
			return fmt.Errorf("store: unable to index service %d: %w", s.ID, err)
		}
	}
	return nil
}

// AddChange implements catalog.AdminTx.
func (t *catalogAdminTx) AddChange(ctx context.Context, c *catalog.Change) error {
	fields := make([]fieldChangeJSON, len(c.Fields))
	for i, f := range c.Fields {
		fields[i] = fieldChangeJSON{Field: f.Field, Old: f.Old, New: f.New}
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return fmt.Errorf("store: unable to encode a catalog change: %w", err)
	}
	c.At = dbTime(c.At)
	row := catalogChangeRow{At: c.At, ActorID: c.ActorID, Entity: string(c.Entity), Code: c.Code,
		Action: string(c.Action), Fields: string(b), Reason: c.Reason}
	if _, err := t.tx.NewInsert().Model(&row).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to record a catalog change: %w", err)
	}
	c.ID = row.ID
	return nil
}

// Audit implements catalog.AdminTx.
func (t *catalogAdminTx) Audit(ctx context.Context, e account.AuditEvent) error {
	return WriteAudit(ctx, t.tx, e)
}
