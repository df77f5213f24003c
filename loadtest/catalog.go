package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// The real portal listed about 35,000 services in 2011: the 84 federal,
// regional and municipal services of the seed, and tens of thousands of
// regional and municipal variations of the same few hundred things (a
// hunting licence in each region, a building permit in each town). The
// generated catalog is that: every action on every object in every region
// and seeded municipality, with the department, categories and words a
// search needs, coded gen-NNNNN so a smaller -services removes them.

const genPrefix = "gen-"

type genAction struct{ ru, en string }

var genActions = []genAction{
	{"Выдача", "Issue of"},
	{"Предоставление", "Provision of"},
	{"Продление", "Extension of"},
	{"Переоформление", "Reissue of"},
	{"Выдача дубликата", "Duplicate of"},
	{"Приём заявлений на получение", "Applications for"},
	{"Аннулирование", "Cancellation of"},
	{"Предоставление информации о порядке получения", "Information on obtaining"},
}

// genObject is what a service is about: genitive in Russian (after the
// action), its categories, and the regional and municipal departments that
// would give it.
type genObject struct {
	ru, en     string
	categories []string
	regional   string
	municipal  string
	legal      bool // offered to organisations too
}

var genObjects = []genObject{
	{"разрешения на строительство", "a building permit", []string{"land_property", "housing"}, "regional_transport", "municipal_administration", true},
	{"разрешения на ввод объекта в эксплуатацию", "a commissioning permit", []string{"land_property"}, "regional_transport", "municipal_administration", true},
	{"градостроительного плана земельного участка", "a town-planning plan of a land plot", []string{"land_property"}, "regional_nature", "municipal_administration", true},
	{"ордера на проведение земляных работ", "an excavation warrant", []string{"land_property", "housing"}, "regional_transport", "municipal_administration", true},
	{"разрешения на установку рекламной конструкции", "an advertising structure permit", []string{"entrepreneurship"}, "regional_transport", "municipal_administration", true},
	{"разрешения на вырубку зелёных насаждений", "a tree felling permit", []string{"ecology"}, "regional_nature", "municipal_administration", true},
	{"земельного участка многодетной семье", "a land plot to a large family", []string{"land_property", "family"}, "regional_social", "municipal_administration", false},
	{"жилого помещения по договору социального найма", "social rental housing", []string{"housing", "social_security"}, "regional_social", "municipal_administration", false},
	{"субсидии на оплату жилого помещения и коммунальных услуг", "a housing and utilities subsidy", []string{"housing", "social_security"}, "regional_social", "municipal_administration", false},
	{"компенсации расходов на оплату коммунальных услуг", "utility costs compensation", []string{"housing", "social_security"}, "regional_social", "municipal_administration", false},
	{"ежемесячной денежной выплаты ветеранам труда", "the monthly payment to labour veterans", []string{"social_security"}, "regional_social", "municipal_administration", false},
	{"удостоверения многодетной семьи", "a large family certificate", []string{"family", "social_security"}, "regional_social", "municipal_administration", false},
	{"единовременного пособия при рождении ребёнка", "the lump-sum childbirth allowance", []string{"family", "social_security"}, "regional_social", "municipal_administration", false},
	{"ежемесячного пособия на ребёнка", "the monthly child allowance", []string{"family", "social_security"}, "regional_social", "municipal_administration", false},
	{"регионального материнского капитала", "the regional maternity capital", []string{"family", "social_security"}, "regional_social", "municipal_administration", false},
	{"жилищного сертификата молодой семье", "a housing certificate to a young family", []string{"family", "housing"}, "regional_social", "municipal_administration", false},
	{"места в дошкольном образовательном учреждении", "a place in a kindergarten", []string{"education", "family"}, "regional_education", "municipal_education", false},
	{"путёвки в детский оздоровительный лагерь", "a children's summer camp voucher", []string{"education", "family", "health"}, "regional_education", "municipal_education", false},
	{"справки об обучении в образовательном учреждении", "a certificate of study", []string{"education"}, "regional_education", "municipal_education", false},
	{"информации о результатах единого государственного экзамена", "unified state exam results", []string{"education"}, "regional_education", "municipal_education", false},
	{"аттестата о среднем общем образовании", "a secondary school certificate", []string{"education"}, "regional_education", "municipal_education", false},
	{"лицензии на образовательную деятельность", "an education licence", []string{"education", "entrepreneurship"}, "regional_education", "municipal_education", true},
	{"лицензии на медицинскую деятельность", "a medical licence", []string{"health", "entrepreneurship"}, "regional_health", "municipal_administration", true},
	{"полиса обязательного медицинского страхования", "a compulsory health insurance policy", []string{"health", "insurance"}, "regional_health", "municipal_administration", false},
	{"записи на приём к врачу", "a doctor's appointment", []string{"health"}, "regional_health", "municipal_administration", false},
	{"лекарственных препаратов по льготному рецепту", "prescription drugs on benefit", []string{"health", "social_security"}, "regional_health", "municipal_administration", false},
	{"лицензии на розничную продажу алкогольной продукции", "a retail alcohol licence", []string{"entrepreneurship", "production_trade"}, "regional_employment", "municipal_administration", true},
	{"разрешения на осуществление деятельности по перевозке пассажиров легковым такси", "a taxi licence", []string{"transport", "entrepreneurship"}, "regional_transport", "municipal_administration", true},
	{"специального разрешения на перевозку тяжеловесных грузов", "a heavy cargo permit", []string{"transport"}, "regional_transport", "municipal_administration", true},
	{"парковочного разрешения жителя", "a resident parking permit", []string{"transport"}, "regional_transport", "municipal_administration", false},
	{"охотничьего билета единого федерального образца", "a hunting licence", []string{"ecology", "agriculture"}, "regional_nature", "municipal_administration", false},
	{"разрешения на добычу охотничьих ресурсов", "a game hunting permit", []string{"ecology", "agriculture"}, "regional_nature", "municipal_administration", false},
	{"разрешения на пользование водным объектом", "a water use permit", []string{"ecology"}, "regional_nature", "municipal_administration", true},
	{"лицензии на пользование недрами", "a subsoil use licence", []string{"ecology", "energy"}, "regional_nature", "municipal_administration", true},
	{"субсидии сельскохозяйственным товаропроизводителям", "a farm producers' subsidy", []string{"agriculture", "economy_finance"}, "regional_employment", "municipal_administration", true},
	{"пособия по безработице", "unemployment benefit", []string{"labour", "social_security"}, "regional_employment", "municipal_administration", false},
	{"направления на профессиональное обучение", "a referral to vocational training", []string{"labour", "education"}, "regional_employment", "municipal_administration", false},
	{"информации о положении на рынке труда", "labour market information", []string{"labour"}, "regional_employment", "municipal_administration", true},
	{"архивной справки", "an archive certificate", []string{"culture"}, "zags", "municipal_administration", true},
	{"выписки из реестра муниципального имущества", "an extract from the municipal property register", []string{"land_property", "economy_finance"}, "regional_nature", "municipal_administration", true},
	{"справки о составе семьи", "a household composition certificate", []string{"family", "housing"}, "zags", "municipal_administration", false},
	{"повторного свидетельства о государственной регистрации акта гражданского состояния", "a repeat civil status certificate", []string{"family", "citizenship"}, "zags", "municipal_administration", false},
	{"социальной карты жителя", "a resident's social card", []string{"social_security", "transport"}, "regional_social", "municipal_administration", false},
	{"компенсации стоимости проезда к месту лечения", "travel costs to treatment", []string{"social_security", "health"}, "regional_social", "municipal_administration", false},
	{"разрешения на проведение публичного мероприятия", "a public event permit", []string{"culture", "nonprofit"}, "regional_transport", "municipal_administration", true},
}

// serviceRow is a services row as the catalog migration defines it (the
// search vectors are generated by PostgreSQL from the texts).
type serviceRow struct {
	bun.BaseModel            `bun:"table:services"`
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

// The links of a service to its categories and places.
type (
	serviceCategoryRow struct {
		bun.BaseModel `bun:"table:service_categories"`
		ServiceID     int64 `bun:"service_id,pk"`
		CategoryID    int64 `bun:"category_id,pk"`
	}
	serviceRegionRow struct {
		bun.BaseModel `bun:"table:service_regions"`
		ServiceID     int64  `bun:"service_id,pk"`
		RegionCode    string `bun:"region_code,pk"`
	}
	serviceMunicipalityRow struct {
		bun.BaseModel  `bun:"table:service_municipalities"`
		ServiceID      int64 `bun:"service_id,pk"`
		MunicipalityID int64 `bun:"municipality_id,pk"`
	}
)

type named struct {
	ID      int64  `bun:"id"`
	Code    string `bun:"code"`
	NameRu  string `bun:"name_ru"`
	NameEn  string `bun:"name_en"`
	ShortRu string `bun:"short_ru"`
	ShortEn string `bun:"short_en"`
}

// genPlace is where a generated service is offered: a region (a regional
// service) or a seeded municipality (a municipal one).
type genPlace struct {
	region, nameRu, nameEn string
	municipality           int64
}

// catalog brings the catalog to total services: adds generated ones up to
// it, or removes generated ones above it.
func (s *seeder) catalog(ctx context.Context, total int) error {
	began := time.Now()
	var real, have int
	if err := s.db.NewSelect().TableExpr("services").ColumnExpr("count(*) FILTER (WHERE code NOT LIKE 'gen-%')").
		ColumnExpr("count(*) FILTER (WHERE code LIKE 'gen-%')").Scan(ctx, &real, &have); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	want := max(total-real, 0)
	if want <= have {
		if want < have {
			// Links go with their services (ON DELETE CASCADE).
			if _, err := s.db.NewDelete().TableExpr("services").Where("code LIKE 'gen-%'").
				Where("code >= ?", genCode(want)).Exec(ctx); err != nil {
				return fmt.Errorf("catalog: removing generated services: %w", err)
			}
		}
		fmt.Fprintf(s.out, "catalog: %d services (%d real, %d generated; had %d generated)\n", real+want, real, want, have)
		return nil
	}
	var cats, deps []named
	if err := s.db.NewSelect().TableExpr("categories").Column("id", "code", "name_ru", "name_en").Scan(ctx, &cats); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	if err := s.db.NewSelect().TableExpr("departments").Column("id", "code", "name_ru", "name_en", "short_ru", "short_en").Scan(ctx, &deps); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	catBy, depBy := map[string]named{}, map[string]named{}
	for _, c := range cats {
		catBy[c.Code] = c
	}
	for _, d := range deps {
		depBy[d.Code] = d
	}
	var regions []named
	if err := s.db.NewSelect().TableExpr("regions").ColumnExpr("code, name_ru, name_en").OrderExpr("code").Scan(ctx, &regions); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	var places []genPlace
	for _, r := range regions {
		places = append(places, genPlace{region: r.Code, nameRu: r.NameRu, nameEn: r.NameEn})
	}
	var munis []struct {
		ID         int64  `bun:"id"`
		OKTMO      string `bun:"oktmo"`
		RegionCode string `bun:"region_code"`
		NameEn     string `bun:"name_en"`
	}
	if err := s.db.NewSelect().TableExpr("municipalities").Column("id", "oktmo", "region_code", "name_en").OrderExpr("oktmo").Scan(ctx, &munis); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	for _, m := range munis {
		city := cities[m.OKTMO]
		if city == "" {
			city = m.OKTMO
		}
		places = append(places, genPlace{region: m.RegionCode, nameRu: "г. " + city, nameEn: m.NameEn, municipality: m.ID})
	}
	for from := have; from < want; from += s.batch {
		to := min(from+s.batch, want)
		rows := make([]serviceRow, 0, to-from)
		kept := make([][]string, 0, to-from)
		where := make([]genPlace, 0, to-from)
		for g := from; g < to; g++ {
			row, categories, place, err := generated(g, places, catBy, depBy)
			if err != nil {
				return err
			}
			rows, kept, where = append(rows, row), append(kept, categories), append(where, place)
		}
		err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.NewInsert().Model(&rows).On("CONFLICT (code) DO NOTHING").Exec(ctx); err != nil {
				return fmt.Errorf("catalog: services: %w", err)
			}
			// By code, not RETURNING: rows a conflict skipped return nothing
			// and would shift the ids of the others.
			codes := make([]string, len(rows))
			for i, r := range rows {
				codes[i] = r.Code
			}
			var ids []named
			if err := tx.NewSelect().TableExpr("services").Column("id", "code").Where("code IN (?)", bun.List(codes)).Scan(ctx, &ids); err != nil {
				return fmt.Errorf("catalog: services: %w", err)
			}
			idBy := make(map[string]int64, len(ids))
			for _, x := range ids {
				idBy[x.Code] = x.ID
			}
			var sc []serviceCategoryRow
			var sr []serviceRegionRow
			var sm []serviceMunicipalityRow
			for i, r := range rows {
				id := idBy[r.Code]
				for _, c := range kept[i] {
					sc = append(sc, serviceCategoryRow{ServiceID: id, CategoryID: catBy[c].ID})
				}
				if where[i].municipality != 0 {
					sm = append(sm, serviceMunicipalityRow{ServiceID: id, MunicipalityID: where[i].municipality})
				} else {
					sr = append(sr, serviceRegionRow{ServiceID: id, RegionCode: where[i].region})
				}
			}
			for _, l := range []struct {
				table string
				rows  any
				n     int
			}{{"service_categories", &sc, len(sc)}, {"service_regions", &sr, len(sr)}, {"service_municipalities", &sm, len(sm)}} {
				if l.n == 0 {
					continue
				}
				if _, err := tx.NewInsert().Model(l.rows).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
					return fmt.Errorf("catalog: %s: %w", l.table, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(s.out, "catalog: %d services (%d real, %d generated; had %d generated) in %s\n", real+want, real, want, have,
		time.Since(began).Round(100*time.Millisecond))
	return nil
}

func genCode(g int) string { return fmt.Sprintf("%s%05d", genPrefix, g) }

// generated is generated service g: every action on every object, then
// the same in the next place.
func generated(g int, places []genPlace, catBy, depBy map[string]named) (serviceRow, []string, genPlace, error) {
	a := genActions[g%len(genActions)]
	o := genObjects[g/len(genActions)%len(genObjects)]
	p := places[g/(len(genActions)*len(genObjects))%len(places)]
	level, depCode := "REGIONAL", o.regional
	if p.municipality != 0 {
		level, depCode = "MUNICIPAL", o.municipal
	}
	dep, ok := depBy[depCode]
	if !ok {
		return serviceRow{}, nil, p, fmt.Errorf("catalog: no department %q", depCode)
	}
	kwRu, kwEn := []string{dep.NameRu, dep.ShortRu}, []string{dep.NameEn, dep.ShortEn}
	for _, c := range o.categories {
		cat, ok := catBy[c]
		if !ok {
			return serviceRow{}, nil, p, fmt.Errorf("catalog: no category %q", c)
		}
		kwRu, kwEn = append(kwRu, cat.NameRu), append(kwEn, cat.NameEn)
	}
	days := []int{1, 3, 5, 10, 15, 30}[g%6]
	mode := []string{"APPLY_ONLINE", "APPLY_ONLINE", "FULLY_ONLINE", "INFO"}[g/7%4]
	tier := []string{"SIMPLIFIED", "STANDARD", "STANDARD", "CONFIRMED"}[g/11%4]
	fee := []int64{0, 0, 0, 35_000, 160_000, 350_000}[g/13%6] // kopecks
	nameRu := fmt.Sprintf("%s %s (%s)", a.ru, o.ru, p.nameRu)
	nameEn := fmt.Sprintf("%s %s (%s)", a.en, o.en, p.nameEn)
	descRu := fmt.Sprintf("%s %s. Услугу оказывает %s; срок — до %d рабочих дней. "+
		"Заявление можно подать на портале или в многофункциональном центре, результат — в личном кабинете или на бумаге. %s.",
		a.ru, o.ru, dep.ShortRu, days, placeClause(p))
	descEn := fmt.Sprintf("%s %s. Provided by %s within %d working days. Apply on the portal or at a service centre; "+
		"the result comes to your account or on paper. Offered in %s.", a.en, o.en, dep.ShortEn, days, p.nameEn)
	row := serviceRow{Code: genCode(g), NameRu: nameRu, NameEn: nameEn, DescriptionRu: descRu, DescriptionEn: descEn,
		KeywordsRu: strings.Join(kwRu, " "), KeywordsEn: strings.Join(kwEn, " "), Level: level, DepartmentID: dep.ID,
		Mode: mode, MinTier: tier, Individuals: true, LegalEntities: o.legal, FeeKopecks: fee,
		ProcessingDays: days, Popularity: int64(50_000 - g%50_000), ForChildren: strings.Contains(o.ru, "ребён") || strings.Contains(o.ru, "детск")}
	if fee > 0 {
		row.FeeNoteRu, row.FeeNoteEn = "Государственная пошлина по Налоговому кодексу", "State duty under the Tax Code"
	}
	return row, o.categories, p, nil
}

func placeClause(p genPlace) string {
	if p.municipality != 0 {
		return "Оказывается жителям: " + p.nameRu
	}
	return "Оказывается в регионе: " + p.nameRu
}
