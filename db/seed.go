package db

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/catalog"
)

//go:embed seed/*.json
var seedFiles embed.FS

// The seed files' shapes; unknown fields are an error so a typo cannot
// silently drop data.
type (
	seedCategory struct {
		Code          string `json:"code"`
		NameRu        string `json:"name_ru"`
		NameEn        string `json:"name_en"`
		Individuals   bool   `json:"individuals"`
		LegalEntities bool   `json:"legal_entities"`
		Position      int    `json:"position"`
	}
	seedDepartment struct {
		Code    string `json:"code"`
		NameRu  string `json:"name_ru"`
		NameEn  string `json:"name_en"`
		ShortRu string `json:"short_ru"`
		ShortEn string `json:"short_en"`
		Level   string `json:"level"`
		Parent  string `json:"parent"`
	}
	seedLifeSituation struct {
		Code          string `json:"code"`
		NameRu        string `json:"name_ru"`
		NameEn        string `json:"name_en"`
		DescriptionRu string `json:"description_ru"`
		DescriptionEn string `json:"description_en"`
	}
	seedRegion struct {
		Code   string `json:"code"`
		NameRu string `json:"name_ru"`
		NameEn string `json:"name_en"`
	}
	seedMunicipality struct {
		OKTMO  string `json:"oktmo"`
		Region string `json:"region"`
		NameRu string `json:"name_ru"`
		NameEn string `json:"name_en"`
	}
	seedConditions struct {
		Region       string `json:"region"`
		ConditionsRu string `json:"conditions_ru"`
		ConditionsEn string `json:"conditions_en"`
	}
	seedServiceCentre struct {
		Code    string `json:"code"`
		NameRu  string `json:"name_ru"`
		NameEn  string `json:"name_en"`
		Region  string `json:"region"`
		OKTMO   string `json:"oktmo"`
		Address string `json:"address"`
		HoursRu string `json:"hours_ru"`
		HoursEn string `json:"hours_en"`
	}
	seedService struct {
		Code                     string           `json:"code"`
		NameRu                   string           `json:"name_ru"`
		NameEn                   string           `json:"name_en"`
		DescriptionRu            string           `json:"description_ru"`
		DescriptionEn            string           `json:"description_en"`
		Level                    string           `json:"level"`
		Department               string           `json:"department"`
		Categories               []string         `json:"categories"`
		LifeSituations           []string         `json:"life_situations"`
		Audiences                []string         `json:"audiences"`
		Mode                     string           `json:"mode"`
		MinTier                  string           `json:"min_tier"`
		ExcludesMailConfirmation bool             `json:"excludes_mail_confirmation"`
		FeeKopecks               int64            `json:"fee_kopecks"`
		FeeNoteRu                string           `json:"fee_note_ru"`
		FeeNoteEn                string           `json:"fee_note_en"`
		ProcessingDays           int              `json:"processing_days"`
		Popularity               int64            `json:"popularity"`
		Regions                  []string         `json:"regions"`
		Municipalities           []string         `json:"municipalities"`
		RegionalConditions       []seedConditions `json:"regional_conditions"`
		ForChildren              bool             `json:"for_children"`
	}
)

type seedData struct {
	categories     []seedCategory
	departments    []seedDepartment
	lifeSituations []seedLifeSituation
	regions        []seedRegion
	municipalities []seedMunicipality
	services       []seedService
	centres        []seedServiceCentre
	hash           string
}

func loadSeed() (*seedData, error) {
	d := &seedData{}
	h := sha256.New()
	files := []struct {
		name string
		dest any
	}{
		{"categories.json", &d.categories},
		{"departments.json", &d.departments},
		{"life_situations.json", &d.lifeSituations},
		{"regions.json", &d.regions},
		{"municipalities.json", &d.municipalities},
		{"services.json", &d.services},
		{"service_centres.json", &d.centres},
	}
	for _, f := range files {
		b, err := seedFiles.ReadFile("seed/" + f.name)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		h.Write(b)
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(f.dest); err != nil {
			return nil, fmt.Errorf("seed: %s: %w", f.name, err)
		}
	}
	d.hash = hex.EncodeToString(h.Sum(nil))
	return d, nil
}

const seedHashKey = "catalog_seed_sha256"

// Seed loads the embedded catalog into db, in one transaction, unless this
// very seed is already there. Re-running it with changed files updates rows
// by their codes; rows the files no longer name are kept, since other data
// may point at them.
func Seed(ctx context.Context, db *bun.DB) error {
	d, err := loadSeed()
	if err != nil {
		return err
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if IsPostgres(db) {
			// Several processes may start at once: one seeds, the others wait and skip.
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(4242001)"); err != nil {
				return fmt.Errorf("seed: unable to lock: %w", err)
			}
		}
		var current string
		err := tx.NewSelect().TableExpr("settings").Column("value").Where("key = ?", seedHashKey).Scan(ctx, &current)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("seed: unable to read the seed version: %w", err)
		}
		if current == d.hash {
			return nil
		}
		if err := d.apply(ctx, tx); err != nil {
			return err
		}
		_, err = tx.NewInsert().Model(&map[string]any{"key": seedHashKey, "value": d.hash}).TableExpr("settings").
			On("CONFLICT (key) DO UPDATE").Set("value = EXCLUDED.value").Exec(ctx)
		if err != nil {
			return fmt.Errorf("seed: unable to record the seed version: %w", err)
		}
		return nil
	})
}

func (d *seedData) apply(ctx context.Context, tx bun.Tx) error {
	ids := map[string]map[string]int64{}
	upsert := func(table string, model any) error {
		_, err := tx.NewInsert().Model(model).On("CONFLICT (code) DO UPDATE").
			Set(excludedSet(tx, model)).Returning("id, code").Exec(ctx)
		if err != nil {
			return fmt.Errorf("seed: unable to write %s: %w", table, err)
		}
		var rows []struct {
			ID   int64  `bun:"id"`
			Code string `bun:"code"`
		}
		if err := tx.NewSelect().TableExpr(table).Column("id", "code").Scan(ctx, &rows); err != nil {
			return fmt.Errorf("seed: unable to read %s: %w", table, err)
		}
		ids[table] = map[string]int64{}
		for _, r := range rows {
			ids[table][r.Code] = r.ID
		}
		return nil
	}

	cats := make([]categoryRow, len(d.categories))
	for i, c := range d.categories {
		cats[i] = categoryRow{Code: c.Code, NameRu: c.NameRu, NameEn: c.NameEn, Individuals: c.Individuals, LegalEntities: c.LegalEntities, Position: c.Position}
	}
	if err := upsert("categories", &cats); err != nil {
		return err
	}

	// Parents first, so each child can name its parent's id.
	deps := make([]departmentRow, len(d.departments))
	for i, dep := range d.departments {
		if !catalog.Level(dep.Level).Valid() {
			return fmt.Errorf("seed: department %s: unknown level %q", dep.Code, dep.Level)
		}
		deps[i] = departmentRow{Code: dep.Code, NameRu: dep.NameRu, NameEn: dep.NameEn, ShortRu: dep.ShortRu, ShortEn: dep.ShortEn, Level: dep.Level}
	}
	if err := upsert("departments", &deps); err != nil {
		return err
	}
	for _, dep := range d.departments {
		if dep.Parent == "" {
			continue
		}
		pid, ok := ids["departments"][dep.Parent]
		if !ok {
			return fmt.Errorf("seed: department %s: unknown parent %q", dep.Code, dep.Parent)
		}
		if _, err := tx.NewUpdate().TableExpr("departments").Set("parent_id = ?", pid).Where("code = ?", dep.Code).Exec(ctx); err != nil {
			return fmt.Errorf("seed: unable to link department %s: %w", dep.Code, err)
		}
	}

	lss := make([]lifeSituationRow, len(d.lifeSituations))
	for i, l := range d.lifeSituations {
		lss[i] = lifeSituationRow{Code: l.Code, NameRu: l.NameRu, NameEn: l.NameEn, DescriptionRu: l.DescriptionRu, DescriptionEn: l.DescriptionEn}
	}
	if err := upsert("life_situations", &lss); err != nil {
		return err
	}

	regions := make([]regionRow, len(d.regions))
	regionSet := map[string]bool{}
	for i, r := range d.regions {
		regions[i] = regionRow{Code: r.Code, NameRu: r.NameRu, NameEn: r.NameEn}
		regionSet[r.Code] = true
	}
	if _, err := tx.NewInsert().Model(&regions).On("CONFLICT (code) DO UPDATE").
		Set("name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en").Exec(ctx); err != nil {
		return fmt.Errorf("seed: unable to write regions: %w", err)
	}

	munis := make([]municipalityRow, len(d.municipalities))
	for i, m := range d.municipalities {
		if !regionSet[m.Region] {
			return fmt.Errorf("seed: municipality %s: unknown region %q", m.OKTMO, m.Region)
		}
		munis[i] = municipalityRow{OKTMO: m.OKTMO, RegionCode: m.Region, NameRu: m.NameRu, NameEn: m.NameEn}
	}
	if _, err := tx.NewInsert().Model(&munis).On("CONFLICT (oktmo) DO UPDATE").
		Set("region_code = EXCLUDED.region_code, name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en").Exec(ctx); err != nil {
		return fmt.Errorf("seed: unable to write municipalities: %w", err)
	}
	var muniRows []municipalityRow
	if err := tx.NewSelect().Model(&muniRows).Scan(ctx); err != nil {
		return fmt.Errorf("seed: unable to read municipalities: %w", err)
	}
	muniIDs := map[string]int64{}
	for _, m := range muniRows {
		muniIDs[m.OKTMO] = m.ID
	}

	catNames := map[string]seedCategory{}
	for _, c := range d.categories {
		catNames[c.Code] = c
	}
	depByCode := map[string]seedDepartment{}
	for _, dep := range d.departments {
		depByCode[dep.Code] = dep
	}
	lsByCode := map[string]seedLifeSituation{}
	for _, l := range d.lifeSituations {
		lsByCode[l.Code] = l
	}

	svcs := make([]serviceRow, len(d.services))
	for i, s := range d.services {
		dep, ok := depByCode[s.Department]
		if !ok {
			return fmt.Errorf("seed: service %s: unknown department %q", s.Code, s.Department)
		}
		if !catalog.Level(s.Level).Valid() || !catalog.Mode(s.Mode).Valid() || !account.Tier(s.MinTier).Valid() {
			return fmt.Errorf("seed: service %s: bad level, mode or tier", s.Code)
		}
		row := serviceRow{Code: s.Code, NameRu: s.NameRu, NameEn: s.NameEn, DescriptionRu: s.DescriptionRu,
			DescriptionEn: s.DescriptionEn, Level: s.Level, DepartmentID: ids["departments"][s.Department],
			Mode: s.Mode, MinTier: s.MinTier, ExcludesMailConfirmation: s.ExcludesMailConfirmation,
			FeeKopecks: s.FeeKopecks, FeeNoteRu: s.FeeNoteRu, FeeNoteEn: s.FeeNoteEn,
			ProcessingDays: s.ProcessingDays, Popularity: s.Popularity, ForChildren: s.ForChildren}
		for _, a := range s.Audiences {
			switch catalog.Audience(a) {
			case catalog.AudienceIndividual:
				row.Individuals = true
			case catalog.AudienceLegalEntity:
				row.LegalEntities = true
			default:
				return fmt.Errorf("seed: service %s: unknown audience %q", s.Code, a)
			}
		}
		// Keywords let a search for a department, category or life
		// situation find the services under it.
		kwRu := []string{dep.NameRu, dep.ShortRu}
		kwEn := []string{dep.NameEn, dep.ShortEn}
		for _, c := range s.Categories {
			cat, ok := catNames[c]
			if !ok {
				return fmt.Errorf("seed: service %s: unknown category %q", s.Code, c)
			}
			kwRu, kwEn = append(kwRu, cat.NameRu), append(kwEn, cat.NameEn)
		}
		for _, l := range s.LifeSituations {
			ls, ok := lsByCode[l]
			if !ok {
				return fmt.Errorf("seed: service %s: unknown life situation %q", s.Code, l)
			}
			kwRu, kwEn = append(kwRu, ls.NameRu), append(kwEn, ls.NameEn)
		}
		row.KeywordsRu, row.KeywordsEn = strings.Join(kwRu, " "), strings.Join(kwEn, " ")
		svcs[i] = row
	}
	if err := upsert("services", &svcs); err != nil {
		return err
	}
	svcIDs := ids["services"]
	ours := make([]int64, 0, len(d.services))
	for _, s := range d.services {
		ours = append(ours, svcIDs[s.Code])
	}
	for _, t := range []string{"service_categories", "service_life_situations", "service_regions", "service_municipalities", "service_region_conditions"} {
		if _, err := tx.NewDelete().TableExpr(t).Where("service_id IN (?)", bun.List(ours)).Exec(ctx); err != nil {
			return fmt.Errorf("seed: unable to clear %s: %w", t, err)
		}
	}
	insert := func(table, col string, sid int64, other any) error {
		_, err := tx.NewInsert().TableExpr(table).Model(&map[string]any{"service_id": sid, col: other}).Exec(ctx)
		if err != nil {
			return fmt.Errorf("seed: unable to write %s: %w", table, err)
		}
		return nil
	}
	for _, s := range d.services {
		sid := svcIDs[s.Code]
		for _, c := range s.Categories {
			if err := insert("service_categories", "category_id", sid, ids["categories"][c]); err != nil {
				return err
			}
		}
		for _, l := range s.LifeSituations {
			if err := insert("service_life_situations", "life_situation_id", sid, ids["life_situations"][l]); err != nil {
				return err
			}
		}
		for _, r := range s.Regions {
			if !regionSet[r] {
				return fmt.Errorf("seed: service %s: unknown region %q", s.Code, r)
			}
			if err := insert("service_regions", "region_code", sid, r); err != nil {
				return err
			}
		}
		for _, o := range s.Municipalities {
			mid, ok := muniIDs[o]
			if !ok {
				return fmt.Errorf("seed: service %s: unknown municipality %q", s.Code, o)
			}
			if err := insert("service_municipalities", "municipality_id", sid, mid); err != nil {
				return err
			}
		}
		for _, c := range s.RegionalConditions {
			if !regionSet[c.Region] {
				return fmt.Errorf("seed: service %s: unknown region %q in conditions", s.Code, c.Region)
			}
			_, err := tx.NewInsert().TableExpr("service_region_conditions").Model(&map[string]any{
				"service_id": sid, "region_code": c.Region, "conditions_ru": c.ConditionsRu, "conditions_en": c.ConditionsEn,
			}).Exec(ctx)
			if err != nil {
				return fmt.Errorf("seed: unable to write conditions of %s: %w", s.Code, err)
			}
		}
	}
	for _, c := range d.centres {
		if !regionSet[c.Region] {
			return fmt.Errorf("seed: service centre %s: unknown region %q", c.Code, c.Region)
		}
		_, err := tx.NewInsert().TableExpr("service_centres").Model(&map[string]any{
			"code": c.Code, "name_ru": c.NameRu, "name_en": c.NameEn, "region_code": c.Region, "oktmo": c.OKTMO, "address": c.Address,
			"hours_ru": c.HoursRu, "hours_en": c.HoursEn,
		}).On("CONFLICT (code) DO UPDATE").
			Set("name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en, region_code = EXCLUDED.region_code, oktmo = EXCLUDED.oktmo, address = EXCLUDED.address, hours_ru = EXCLUDED.hours_ru, hours_en = EXCLUDED.hours_en").
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("seed: unable to write service centre %s: %w", c.Code, err)
		}
	}
	if !IsPostgres(tx) {
		if err := indexServices(ctx, tx, svcs, svcIDs); err != nil {
			return err
		}
	}
	return nil
}

// indexServices writes the stemmed words of each service into SQLite's FTS5
// table.
func indexServices(ctx context.Context, tx bun.Tx, svcs []serviceRow, ids map[string]int64) error {
	for _, s := range svcs {
		id := ids[s.Code]
		if _, err := tx.ExecContext(ctx, "DELETE FROM services_fts WHERE rowid = ?", id); err != nil {
			return fmt.Errorf("seed: unable to clear the search index: %w", err)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO services_fts (rowid, name_ru, body_ru, name_en, body_en) VALUES (?, ?, ?, ?, ?)",
			id, stemText("ru", s.NameRu), stemText("ru", s.KeywordsRu+" "+s.DescriptionRu),
			stemText("en", s.NameEn), stemText("en", s.KeywordsEn+" "+s.DescriptionEn))
		if err != nil {
			return fmt.Errorf("seed: unable to index service %s: %w", s.Code, err)
		}
	}
	return nil
}

// excludedSet lists "col = EXCLUDED.col" for every column of model but its
// key, for an upsert.
func excludedSet(db bun.IDB, model any) string {
	table := db.Dialect().Tables().Get(modelType(model))
	var parts []string
	for _, f := range table.Fields {
		if f.IsPK || f.Name == "code" {
			continue
		}
		parts = append(parts, f.Name+" = EXCLUDED."+f.Name)
	}
	return strings.Join(parts, ", ")
}
