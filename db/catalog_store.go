package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
)

// CatalogStore keeps the service catalog. It implements catalog.Store.
type CatalogStore struct {
	db bun.IDB
}

// NewCatalogStore returns a store over db (a *bun.DB or a bun.Tx).
func NewCatalogStore(db bun.IDB) *CatalogStore {
	return &CatalogStore{db: db}
}

var (
	_ catalog.Store      = (*CatalogStore)(nil)
	_ catalog.IndexStore = (*CatalogStore)(nil)
)

type categoryRow struct {
	bun.BaseModel `bun:"table:categories,alias:c"`
	ID            int64  `bun:"id,pk,autoincrement"`
	Code          string `bun:"code"`
	NameRu        string `bun:"name_ru"`
	NameEn        string `bun:"name_en"`
	Individuals   bool   `bun:"individuals"`
	LegalEntities bool   `bun:"legal_entities"`
	Position      int    `bun:"position"`
}

func (r *categoryRow) model() catalog.Category {
	return catalog.Category{ID: r.ID, Code: r.Code, Name: catalog.Text{Ru: r.NameRu, En: r.NameEn},
		Individuals: r.Individuals, LegalEntities: r.LegalEntities, Position: r.Position}
}

type departmentRow struct {
	bun.BaseModel `bun:"table:departments,alias:d"`
	ID            int64  `bun:"id,pk,autoincrement"`
	Code          string `bun:"code"`
	NameRu        string `bun:"name_ru"`
	NameEn        string `bun:"name_en"`
	ShortRu       string `bun:"short_ru"`
	ShortEn       string `bun:"short_en"`
	Level         string `bun:"level"`
	ParentID      *int64 `bun:"parent_id"`
}

func (r *departmentRow) model() catalog.Department {
	return catalog.Department{ID: r.ID, Code: r.Code, Name: catalog.Text{Ru: r.NameRu, En: r.NameEn},
		Short: catalog.Text{Ru: r.ShortRu, En: r.ShortEn}, Level: catalog.Level(r.Level), ParentID: r.ParentID}
}

type lifeSituationRow struct {
	bun.BaseModel `bun:"table:life_situations,alias:l"`
	ID            int64  `bun:"id,pk,autoincrement"`
	Code          string `bun:"code"`
	NameRu        string `bun:"name_ru"`
	NameEn        string `bun:"name_en"`
	DescriptionRu string `bun:"description_ru"`
	DescriptionEn string `bun:"description_en"`
}

func (r *lifeSituationRow) model() catalog.LifeSituation {
	return catalog.LifeSituation{ID: r.ID, Code: r.Code, Name: catalog.Text{Ru: r.NameRu, En: r.NameEn},
		Description: catalog.Text{Ru: r.DescriptionRu, En: r.DescriptionEn}}
}

type regionRow struct {
	bun.BaseModel `bun:"table:regions,alias:r"`
	Code          string `bun:"code,pk"`
	NameRu        string `bun:"name_ru"`
	NameEn        string `bun:"name_en"`
}

func (r *regionRow) model() catalog.Region {
	return catalog.Region{Code: r.Code, Name: catalog.Text{Ru: r.NameRu, En: r.NameEn}}
}

type municipalityRow struct {
	bun.BaseModel `bun:"table:municipalities,alias:m"`
	ID            int64  `bun:"id,pk,autoincrement"`
	OKTMO         string `bun:"oktmo"`
	RegionCode    string `bun:"region_code"`
	NameRu        string `bun:"name_ru"`
	NameEn        string `bun:"name_en"`
}

func (r *municipalityRow) model() catalog.Municipality {
	return catalog.Municipality{ID: r.ID, OKTMO: r.OKTMO, RegionCode: r.RegionCode, Name: catalog.Text{Ru: r.NameRu, En: r.NameEn}}
}

type serviceRow struct {
	bun.BaseModel            `bun:"table:services,alias:s"`
	ID                       int64  `bun:"id,pk,autoincrement"`
	Code                     string `bun:"code"`
	NameRu                   string `bun:"name_ru"`
	NameEn                   string `bun:"name_en"`
	DescriptionRu            string `bun:"description_ru"`
	DescriptionEn            string `bun:"description_en"`
	KeywordsRu               string `bun:"keywords_ru"`
	KeywordsEn               string `bun:"keywords_en"`
	Level                    string `bun:"level"`
	DepartmentID             int64  `bun:"department_id"`
	Mode                     string `bun:"mode"`
	MinTier                  string `bun:"min_tier"`
	ExcludesMailConfirmation bool   `bun:"excludes_mail_confirmation"`
	Individuals              bool   `bun:"individuals"`
	LegalEntities            bool   `bun:"legal_entities"`
	FeeKopecks               int64  `bun:"fee_kopecks"`
	FeeNoteRu                string `bun:"fee_note_ru"`
	FeeNoteEn                string `bun:"fee_note_en"`
	ProcessingDays           int    `bun:"processing_days"`
	Popularity               int64  `bun:"popularity"`
	ForChildren              bool   `bun:"for_children"`
}

// serviceColumns are the columns a listing reads (not the search vectors).
var serviceColumns = []string{"s.id", "s.code", "s.name_ru", "s.name_en", "s.description_ru", "s.description_en",
	"s.level", "s.department_id", "s.mode", "s.min_tier", "s.excludes_mail_confirmation", "s.individuals",
	"s.legal_entities", "s.fee_kopecks", "s.fee_note_ru", "s.fee_note_en", "s.processing_days", "s.popularity",
	"s.for_children"}

func (r *serviceRow) model() catalog.Service {
	return catalog.Service{
		ID: r.ID, Code: r.Code,
		Name:        catalog.Text{Ru: r.NameRu, En: r.NameEn},
		Description: catalog.Text{Ru: r.DescriptionRu, En: r.DescriptionEn},
		Level:       catalog.Level(r.Level), DepartmentID: r.DepartmentID, Mode: catalog.Mode(r.Mode),
		MinTier: account.Tier(r.MinTier), ExcludesMailConfirmation: r.ExcludesMailConfirmation,
		Individuals: r.Individuals, LegalEntities: r.LegalEntities, FeeKopecks: r.FeeKopecks,
		FeeNote: catalog.Text{Ru: r.FeeNoteRu, En: r.FeeNoteEn}, ProcessingDays: r.ProcessingDays,
		Popularity: r.Popularity, ForChildren: r.ForChildren,
	}
}

// Categories implements catalog.Store.
func (s *CatalogStore) Categories(ctx context.Context, audience catalog.Audience) ([]catalog.Category, error) {
	var rows []categoryRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("c.position, c.id")
	switch audience {
	case catalog.AudienceIndividual:
		q.Where("c.individuals = ?", true)
	case catalog.AudienceLegalEntity:
		q.Where("c.legal_entities = ?", true)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to fetch categories: %w", err)
	}
	return mapRows(rows, (*categoryRow).model), nil
}

// Departments implements catalog.Store.
func (s *CatalogStore) Departments(ctx context.Context) ([]catalog.Department, error) {
	var rows []departmentRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("d.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to fetch departments: %w", err)
	}
	return mapRows(rows, (*departmentRow).model), nil
}

// LifeSituations implements catalog.Store.
func (s *CatalogStore) LifeSituations(ctx context.Context) ([]catalog.LifeSituation, error) {
	var rows []lifeSituationRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("l.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to fetch life situations: %w", err)
	}
	return mapRows(rows, (*lifeSituationRow).model), nil
}

// Regions implements catalog.Store.
func (s *CatalogStore) Regions(ctx context.Context) ([]catalog.Region, error) {
	var rows []regionRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("r.code").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to fetch regions: %w", err)
	}
	return mapRows(rows, (*regionRow).model), nil
}

// Municipalities implements catalog.Store.
func (s *CatalogStore) Municipalities(ctx context.Context, regionCode string) ([]catalog.Municipality, error) {
	var rows []municipalityRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("m.region_code, m.oktmo")
	if regionCode != "" {
		q.Where("m.region_code = ?", regionCode)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to fetch municipalities: %w", err)
	}
	return mapRows(rows, (*municipalityRow).model), nil
}

// availableInRegion is true for a service offered in the region bound twice:
// a federal service without listed regions or municipalities, or one listed
// in the region or in one of its municipalities. It is written as the set
// of such ids, not as the same test per service row: PostgreSQL then builds
// the region's few hundred ids from the indexes (the federal ones by
// services_level_idx) and joins them by primary key, where the per-row
// form read all 35,000 services of the load test's catalog, and its
// misestimate put every count over the JIT threshold (README "Load").
const availableInRegion = `s.id IN (
	SELECT sr.service_id FROM service_regions sr WHERE sr.region_code = ?
	UNION SELECT sm.service_id FROM service_municipalities sm JOIN municipalities mu ON mu.id = sm.municipality_id
		WHERE mu.region_code = ?
	UNION SELECT f.id FROM services f WHERE f.level = 'FEDERAL'
		AND NOT EXISTS (SELECT 1 FROM service_regions x WHERE x.service_id = f.id)
		AND NOT EXISTS (SELECT 1 FROM service_municipalities y WHERE y.service_id = f.id))`

// FindServices implements catalog.Store.
func (s *CatalogStore) FindServices(ctx context.Context, f catalog.Filter, offset, limit int) ([]catalog.Service, int, error) {
	if len(f.Terms) > 0 && IsPostgres(s.db) {
		return s.searchPostgres(ctx, f, offset, limit)
	}
	var rows []serviceRow
	q := s.db.NewSelect().Model(&rows).Column(serviceColumns...)
	filterServices(q, f)
	if f.RegionCode != "" && f.IncludeUnavailable {
		q.OrderExpr("CASE WHEN "+availableInRegion+" THEN 0 ELSE 1 END", f.RegionCode, f.RegionCode)
	}
	if len(f.Terms) > 0 {
		sqliteMatch(q, f)
	}
	q.OrderExpr("s.popularity DESC, s.id").Offset(int64(offset)).Limit(int64(limit))
	n, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to find services: %w", err)
	}
	return mapRows(rows, (*serviceRow).model), int(n), nil
}

// filterServices adds f's conditions other than the search terms to q,
// whose services are aliased s. A region with IncludeUnavailable is an
// order, not a condition: the caller orders by it.
func filterServices(q *bun.SelectQuery, f catalog.Filter) {
	switch f.Audience {
	case catalog.AudienceIndividual:
		q.Where("s.individuals = ?", true)
	case catalog.AudienceLegalEntity:
		q.Where("s.legal_entities = ?", true)
	}
	if f.CategoryID != 0 {
		q.Where("EXISTS (SELECT 1 FROM service_categories sc WHERE sc.service_id = s.id AND sc.category_id = ?)", f.CategoryID)
	}
	if f.LifeSituationID != 0 {
		q.Where("EXISTS (SELECT 1 FROM service_life_situations sl WHERE sl.service_id = s.id AND sl.life_situation_id = ?)", f.LifeSituationID)
	}
	if f.DepartmentID != 0 {
		q.Where("s.department_id = ?", f.DepartmentID)
	}
	if f.Level != "" {
		q.Where("s.level = ?", string(f.Level))
	}
	if f.Mode != "" {
		q.Where("s.mode = ?", string(f.Mode))
	}
	if f.RegionCode != "" && !f.IncludeUnavailable {
		q.Where(availableInRegion, f.RegionCode, f.RegionCode)
	}
}

// foundRow is a service of a search's page with the number of matches.
type foundRow struct {
	serviceRow `bun:",extend"`
	Total      int64 `bun:"total,scanonly"`
}

// searchPostgres is FindServices with search terms on PostgreSQL. Every
// match is tested and ranked before the page is cut, so a search costs
// what its matches cost, and with the 35,000 services of the load test a
// prefix such as "земельн" matches 4,665 (README "Load"). Two things keep
// that cost to the matches, without changing the answer:
//
//   - The matches are found through the GIN index: SET LOCAL
//     enable_seqscan = off, in a transaction of its own. PostgreSQL costs
//     the test of a search vector at a fraction of what it takes, and
//     estimates a prefix at the sum of the words it begins (11,151 rows
//     for "жил", which matches 5,445), so from about 5,000 estimated
//     matches it tested all 35,000 vectors: counting "земельн" took 60 ms
//     of CPU, against 7 through the index. The index never tests more
//     rows than match, and what else a search reads (a region's ids,
//     categories, the page's rows) is read by index anyway.
//   - One statement ranks the matches once, as (id, popularity, rank),
//     counts them and reads the whole rows of the page only. The page and
//     its count were two statements, each finding every match, and the
//     sort carried every match's whole row.
func (s *CatalogStore) searchPostgres(ctx context.Context, f catalog.Filter, offset, limit int) ([]catalog.Service, int, error) {
	matches, order := s.pgMatches(f)
	if f.RegionCode != "" && f.IncludeUnavailable {
		matches.ColumnExpr("CASE WHEN "+availableInRegion+" THEN 0 ELSE 1 END AS away", f.RegionCode, f.RegionCode)
		order = "away, " + order
	}
	var rows []foundRow
	total := 0
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		err := tx.NewSelect().With("m", matches).Model(&rows).Column(serviceColumns...).
			ColumnExpr("(SELECT count(*) FROM m) AS total").
			TableExpr("(SELECT * FROM m ORDER BY "+order+" LIMIT ? OFFSET ?) AS p", limit, offset).
			Where("s.id = p.id").OrderExpr("p." + strings.ReplaceAll(order, ", ", ", p.")).Scan(ctx)
		if err != nil || len(rows) > 0 || offset == 0 {
			return err
		}
		// Past the last page: the count alone.
		return tx.NewSelect().With("m", matches).TableExpr("m").ColumnExpr("count(*)").Scan(ctx, &total)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to search services: %w", err)
	}
	services := make([]catalog.Service, len(rows))
	for i := range rows {
		services[i] = rows[i].model()
		total = int(rows[i].Total)
	}
	return services, total, nil
}

// pgMatches is the search's matches on PostgreSQL as (id, popularity,
// rank), with f's conditions, and the order that ranks them.
func (s *CatalogStore) pgMatches(f catalog.Filter) (*bun.SelectQuery, string) {
	cfg, col := "russian", "s.search_ru"
	if f.Lang == "en" {
		cfg, col = "english", "s.search_en"
	}
	parts := make([]string, len(f.Terms))
	for i, t := range f.Terms {
		parts[i] = t + ":*"
	}
	tsq := strings.Join(parts, " & ")
	matches := s.db.NewSelect().TableExpr("services AS s").Column("s.id", "s.popularity").
		ColumnExpr("ts_rank(?, to_tsquery(?, ?)) AS rank", bun.Safe(col), cfg, tsq).
		Where("? @@ to_tsquery(?, ?)", bun.Safe(col), cfg, tsq)
	filterServices(matches, f)
	return matches, "rank DESC, popularity DESC, id"
}

// sqliteMatch joins q (services aliased s) to the services matching f's
// terms in SQLite's full-text index, ranked, and orders q by that rank.
func sqliteMatch(q *bun.SelectQuery, f catalog.Filter) {
	cols := "{name_ru body_ru}"
	if f.Lang == "en" {
		cols = "{name_en body_en}"
	}
	parts := make([]string, len(f.Terms))
	for i, t := range f.Terms {
		parts[i] = `"` + stemWord(f.Lang, t) + `"*`
	}
	match := cols + " : (" + strings.Join(parts, " AND ") + ")"
	q.Join("JOIN (SELECT rowid AS sid, bm25(services_fts, 10.0, 2.0, 10.0, 2.0) AS rnk FROM services_fts WHERE services_fts MATCH ?) AS fts ON fts.sid = s.id", match)
	q.OrderExpr("fts.rnk")
}

// SearchMatches implements catalog.IndexStore: the ids of every service
// that FindServices finds for f's terms without a region, in its order:
// the same matches, ranked the same way, without the page's rows.
func (s *CatalogStore) SearchMatches(ctx context.Context, f catalog.Filter) ([]int64, error) {
	f.RegionCode, f.IncludeUnavailable = "", false
	var ids []int64
	if len(f.Terms) == 0 {
		return nil, errors.New("store: SearchMatches needs search terms")
	}
	if !IsPostgres(s.db) {
		q := s.db.NewSelect().TableExpr("services AS s").Column("s.id")
		filterServices(q, f)
		sqliteMatch(q, f)
		if err := q.OrderExpr("s.popularity DESC, s.id").Scan(ctx, &ids); err != nil {
			return nil, fmt.Errorf("store: unable to search services: %w", err)
		}
		return ids, nil
	}
	matches, order := s.pgMatches(f)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Through the GIN index, as searchPostgres says.
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		return tx.NewSelect().With("m", matches).TableExpr("m").Column("id").OrderExpr(order).Scan(ctx, &ids)
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to search services: %w", err)
	}
	return ids, nil
}

// Placement implements catalog.IndexStore: where every service is
// offered, read in one snapshot on PostgreSQL.
func (s *CatalogStore) Placement(ctx context.Context) (catalog.Placement, error) {
	p := catalog.Placement{Conditions: map[string]map[int64]catalog.Conditions{}}
	read := func(ctx context.Context, db bun.IDB) error {
		var err error
		if p.Coverage, err = coverage(ctx, db, nil); err != nil {
			return err
		}
		if err := db.NewSelect().TableExpr("services").Column("id").Where("level = ?", string(catalog.LevelFederal)).
			OrderExpr("id").Scan(ctx, &p.Federal); err != nil {
			return fmt.Errorf("store: unable to fetch federal services: %w", err)
		}
		conds, err := conditions(ctx, db, nil, "")
		if err != nil {
			return err
		}
		for _, c := range conds {
			if p.Conditions[c.RegionCode] == nil {
				p.Conditions[c.RegionCode] = map[int64]catalog.Conditions{}
			}
			p.Conditions[c.RegionCode][c.ServiceID] = catalog.Conditions{RegionCode: c.RegionCode, Text: catalog.Text{Ru: c.ConditionsRu, En: c.ConditionsEn}}
		}
		return nil
	}
	if !IsPostgres(s.db) {
		return p, read(ctx, s.db)
	}
	err := s.db.RunInTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}, func(ctx context.Context, tx bun.Tx) error {
		return read(ctx, tx)
	})
	return p, err
}

// byKeys reads the rows whose column is among keys, mapped to models: the
// shape of every "what exists among these ids" look-up of the catalog.
func byKeys[R any, M any, K any](ctx context.Context, db bun.IDB, what, column string, keys []K, model func(*R) M, columns ...string) ([]M, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	var rows []R
	q := db.NewSelect().Model(&rows).Where("? IN (?)", bun.Safe(column), bun.List(keys))
	if len(columns) > 0 {
		q.Column(columns...)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to fetch %s: %w", what, err)
	}
	return mapRows(rows, model), nil
}

// ServicesByIDs implements catalog.Store.
func (s *CatalogStore) ServicesByIDs(ctx context.Context, ids []int64) ([]catalog.Service, error) {
	return byKeys(ctx, s.db, "services", "s.id", ids, (*serviceRow).model, serviceColumns...)
}

// CategoriesByIDs implements catalog.Store.
func (s *CatalogStore) CategoriesByIDs(ctx context.Context, ids []int64) ([]catalog.Category, error) {
	return byKeys(ctx, s.db, "categories", "c.id", ids, (*categoryRow).model)
}

// DepartmentsByIDs implements catalog.Store.
func (s *CatalogStore) DepartmentsByIDs(ctx context.Context, ids []int64) ([]catalog.Department, error) {
	return byKeys(ctx, s.db, "departments", "d.id", ids, (*departmentRow).model)
}

// LifeSituationsByIDs implements catalog.Store.
func (s *CatalogStore) LifeSituationsByIDs(ctx context.Context, ids []int64) ([]catalog.LifeSituation, error) {
	return byKeys(ctx, s.db, "life situations", "l.id", ids, (*lifeSituationRow).model)
}

// RegionsByCodes implements catalog.Store.
func (s *CatalogStore) RegionsByCodes(ctx context.Context, codes []string) ([]catalog.Region, error) {
	return byKeys(ctx, s.db, "regions", "r.code", codes, (*regionRow).model)
}

// MunicipalitiesByIDs implements catalog.Store.
func (s *CatalogStore) MunicipalitiesByIDs(ctx context.Context, ids []int64) ([]catalog.Municipality, error) {
	return byKeys(ctx, s.db, "municipalities", "m.id", ids, (*municipalityRow).model)
}

type link struct {
	ServiceID int64 `bun:"service_id"`
	OtherID   int64 `bun:"other_id"`
}

func (s *CatalogStore) links(ctx context.Context, table, column string, serviceIDs []int64) (map[int64][]int64, error) {
	out := make(map[int64][]int64, len(serviceIDs))
	if len(serviceIDs) == 0 {
		return out, nil
	}
	var rows []link
	err := s.db.NewSelect().TableExpr(table).ColumnExpr("service_id, ? AS other_id", bun.Ident(column)).
		Where("service_id IN (?)", bun.List(serviceIDs)).OrderExpr("service_id, ?", bun.Ident(column)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch %s: %w", table, err)
	}
	for _, r := range rows {
		out[r.ServiceID] = append(out[r.ServiceID], r.OtherID)
	}
	return out, nil
}

// ServiceCategoryIDs implements catalog.Store.
func (s *CatalogStore) ServiceCategoryIDs(ctx context.Context, serviceIDs []int64) (map[int64][]int64, error) {
	return s.links(ctx, "service_categories", "category_id", serviceIDs)
}

// ServiceLifeSituationIDs implements catalog.Store.
func (s *CatalogStore) ServiceLifeSituationIDs(ctx context.Context, serviceIDs []int64) (map[int64][]int64, error) {
	return s.links(ctx, "service_life_situations", "life_situation_id", serviceIDs)
}

// ServiceCoverage implements catalog.Store.
func (s *CatalogStore) ServiceCoverage(ctx context.Context, serviceIDs []int64) (map[int64]catalog.Coverage, error) {
	if len(serviceIDs) == 0 {
		return map[int64]catalog.Coverage{}, nil
	}
	return coverage(ctx, s.db, serviceIDs)
}

// coverage reads the places of the services among ids, or of every
// service when ids is nil; services that list none are absent.
func coverage(ctx context.Context, db bun.IDB, ids []int64) (map[int64]catalog.Coverage, error) {
	out := make(map[int64]catalog.Coverage, len(ids))
	var regions []struct {
		ServiceID  int64  `bun:"service_id"`
		RegionCode string `bun:"region_code"`
	}
	q := db.NewSelect().TableExpr("service_regions").Column("service_id", "region_code").OrderExpr("service_id, region_code")
	if ids != nil {
		q.Where("service_id IN (?)", bun.List(ids))
	}
	if err := q.Scan(ctx, &regions); err != nil {
		return nil, fmt.Errorf("store: unable to fetch service regions: %w", err)
	}
	for _, r := range regions {
		c := out[r.ServiceID]
		c.RegionCodes = append(c.RegionCodes, r.RegionCode)
		out[r.ServiceID] = c
	}
	var munis []struct {
		ServiceID int64 `bun:"service_id"`
		municipalityRow
	}
	q = db.NewSelect().TableExpr("service_municipalities AS sm").
		Join("JOIN municipalities AS m ON m.id = sm.municipality_id").
		ColumnExpr("sm.service_id, m.id, m.oktmo, m.region_code, m.name_ru, m.name_en").OrderExpr("sm.service_id, m.oktmo")
	if ids != nil {
		q.Where("sm.service_id IN (?)", bun.List(ids))
	}
	if err := q.Scan(ctx, &munis); err != nil {
		return nil, fmt.Errorf("store: unable to fetch service municipalities: %w", err)
	}
	// The catalog's few municipalities are shared by their services
	// rather than copied for each.
	byID := map[int64]catalog.Municipality{}
	for _, m := range munis {
		c := out[m.ServiceID]
		mm, ok := byID[m.ID]
		if !ok {
			mm = m.municipalityRow.model()
			byID[m.ID] = mm
		}
		c.Municipalities = append(c.Municipalities, mm)
		out[m.ServiceID] = c
	}
	return out, nil
}

type conditionRow struct {
	ServiceID    int64  `bun:"service_id"`
	RegionCode   string `bun:"region_code"`
	ConditionsRu string `bun:"conditions_ru"`
	ConditionsEn string `bun:"conditions_en"`
}

// conditions reads the regional conditions of the services among ids in
// regionCode, or every service's in every region when ids is nil.
func conditions(ctx context.Context, db bun.IDB, ids []int64, regionCode string) ([]conditionRow, error) {
	var rows []conditionRow
	q := db.NewSelect().TableExpr("service_region_conditions").
		Column("service_id", "region_code", "conditions_ru", "conditions_en")
	if ids != nil {
		q.Where("service_id IN (?) AND region_code = ?", bun.List(ids), regionCode)
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("store: unable to fetch regional conditions: %w", err)
	}
	return rows, nil
}

// ServiceConditions implements catalog.Store.
func (s *CatalogStore) ServiceConditions(ctx context.Context, serviceIDs []int64, regionCode string) (map[int64]catalog.Conditions, error) {
	out := make(map[int64]catalog.Conditions)
	if len(serviceIDs) == 0 {
		return out, nil
	}
	rows, err := conditions(ctx, s.db, serviceIDs, regionCode)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ServiceID] = catalog.Conditions{RegionCode: r.RegionCode, Text: catalog.Text{Ru: r.ConditionsRu, En: r.ConditionsEn}}
	}
	return out, nil
}

func mapRows[R any, M any](rows []R, f func(*R) M) []M {
	out := make([]M, len(rows))
	for i := range rows {
		out[i] = f(&rows[i])
	}
	return out
}
