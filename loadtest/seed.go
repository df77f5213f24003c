package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/account/accountsecret"
	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/db/migrations"
	"github.com/uslugi/uslugi/hearing"
	"github.com/uslugi/uslugi/secret"
)

// loadPassword is every seeded citizen's password, hashed once (argon2id
// takes tens of milliseconds, which 100,000 times would be the whole seed).
// The run never signs in with it: it mints access tokens for the seeded
// sessions, as a sign-in would. It is here so a person can sign in as a
// seeded citizen by phone and look around.
const loadPassword = "Zagruzka2026x"

// Rows as the migrations define them. The db package's own row types are
// unexported (its stores write one row at a time, in the transactions of
// the rules); the seed writes thousands per statement, so it has its own.
type (
	accountRow struct {
		bun.BaseModel     `bun:"table:accounts"`
		ID                string    `bun:"id,pk"`
		Kind              string    `bun:"kind"`
		LastName          string    `bun:"last_name"`
		FirstName         string    `bun:"first_name"`
		Patronymic        string    `bun:"patronymic"`
		Phone             string    `bun:"phone"`
		SNILSHash         *string   `bun:"snils_hash"`
		PasswordHash      string    `bun:"password_hash"`
		Tier              string    `bun:"tier"`
		Method            string    `bun:"method"`
		CreatedAt         time.Time `bun:"created_at"`
		PasswordChangedAt time.Time `bun:"password_changed_at"`
	}
	roleRow struct {
		bun.BaseModel `bun:"table:account_roles"`
		AccountID     string    `bun:"account_id,pk"`
		Role          string    `bun:"role,pk"`
		Scope         string    `bun:"scope,pk"`
		GrantedBy     string    `bun:"granted_by"`
		GrantedAt     time.Time `bun:"granted_at"`
		Reason        string    `bun:"reason"`
	}
	personalRow struct {
		bun.BaseModel `bun:"table:personal_data"`
		AccountID     string    `bun:"account_id,pk"`
		LastName      string    `bun:"last_name"`
		FirstName     string    `bun:"first_name"`
		Patronymic    string    `bun:"patronymic"`
		BirthDate     time.Time `bun:"birth_date"`
		Sex           string    `bun:"sex"`
		Citizenship   string    `bun:"citizenship"`
		DocKind       string    `bun:"doc_kind"`
		DocSealed     []byte    `bun:"doc_sealed"`
		DocHash       string    `bun:"doc_hash"`
		DocIssuedOn   time.Time `bun:"doc_issued_on"`
		DocIssuer     string    `bun:"doc_issuer"`
		SNILSSealed   []byte    `bun:"snils_sealed"`
		SNILSHash     *string   `bun:"snils_hash"`
		BirthPlace    string    `bun:"birth_place"`
		RegionCode    string    `bun:"region_code"`
		OKTMO         string    `bun:"oktmo"`
		Address       string    `bun:"address"`
		INN           string    `bun:"inn"`
		UpdatedAt     time.Time `bun:"updated_at"`
	}
	verificationRow struct {
		bun.BaseModel `bun:"table:verifications"`
		ID            string    `bun:"id,pk"`
		AccountID     string    `bun:"account_id"`
		Status        string    `bun:"status"`
		StartedAt     time.Time `bun:"started_at"`
		FinishedAt    time.Time `bun:"finished_at"`
		Deadline      time.Time `bun:"deadline"`
		Checks        string    `bun:"checks"`
	}
	sessionRow struct {
		bun.BaseModel `bun:"table:sessions"`
		ID            string    `bun:"id,pk"`
		AccountID     string    `bun:"account_id"`
		Device        string    `bun:"device"`
		IP            string    `bun:"ip"`
		CreatedAt     time.Time `bun:"created_at"`
		LastUsedAt    time.Time `bun:"last_used_at"`
		ExpiresAt     time.Time `bun:"expires_at"`
	}
	lookupDocRow struct {
		bun.BaseModel `bun:"table:lookup_documents"`
		ID            string    `bun:"id,pk"`
		AccountID     string    `bun:"account_id"`
		Kind          string    `bun:"kind"`
		Number        string    `bun:"number"`
		Label         string    `bun:"label"`
		CreatedAt     time.Time `bun:"created_at"`
	}
	notificationRow struct {
		bun.BaseModel `bun:"table:notifications"`
		ID            string     `bun:"id,pk"`
		AccountID     string     `bun:"account_id"`
		Kind          string     `bun:"kind"`
		TitleRu       string     `bun:"title_ru"`
		TitleEn       string     `bun:"title_en"`
		BodyRu        string     `bun:"body_ru"`
		BodyEn        string     `bun:"body_en"`
		Link          string     `bun:"link"`
		CreatedAt     time.Time  `bun:"created_at"`
		ReadAt        *time.Time `bun:"read_at"`
		// Delivered and pushed already: the worker must not send 300,000
		// old notifications when the server starts.
		DeliveredAt time.Time `bun:"delivered_at"`
		PushedAt    time.Time `bun:"pushed_at"`
	}
	placeRow struct {
		OKTMO      string `bun:"oktmo"`
		RegionCode string `bun:"region_code"`
		Name       string `bun:"name_ru"`
	}
)

type seedConfig struct {
	dsn      string
	dataDir  string
	keys     string
	citizens int
	services int
	reset    bool
	batch    int
}

func parseSeedFlags(args []string, getenv func(string) string) (seedConfig, error) {
	fs := flag.NewFlagSet("loadtest seed", flag.ContinueOnError)
	cfg := seedConfig{dsn: getenv("DATABASE_URL"), dataDir: getenv("DATA_DIR"), keys: getenv(secret.EnvVar)}
	if cfg.dataDir == "" {
		cfg.dataDir = "data"
	}
	fs.IntVar(&cfg.citizens, "citizens", 100_000, "seeded citizens (numbered from 0; a second seed adds only what is missing)")
	fs.IntVar(&cfg.services, "services", 35_000, "services in the catalog, the 84 real ones included; fewer than now removes generated ones (84: the real catalog only)")
	fs.BoolVar(&cfg.reset, "reset", false, "drop every table of the database first (only a database whose name contains \"load\")")
	fs.IntVar(&cfg.batch, "batch", 2000, "rows per INSERT")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if !strings.HasPrefix(cfg.dsn, "postgres://") && !strings.HasPrefix(cfg.dsn, "postgresql://") {
		return cfg, errors.New("DATABASE_URL must name the PostgreSQL database of the load (postgres://…)")
	}
	if cfg.citizens < 0 || cfg.citizens > 10_000_000 || cfg.batch < 1 || cfg.services < 0 {
		return cfg, errors.New("-citizens from 0 to 10,000,000, -batch above 0, -services not negative")
	}
	return cfg, nil
}

// databaseName is the database a postgres:// URL names.
func databaseName(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

func seedCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer, log *slog.Logger) error {
	cfg, err := parseSeedFlags(args, getenv)
	if err != nil {
		return err
	}
	bdb, err := db.Open(ctx, cfg.dsn)
	if err != nil {
		return err
	}
	defer bdb.Close()
	began := time.Now()
	if cfg.reset {
		// Dropping a schema is final: never on a database not made for the load
		// (the tests' `test` database is shared with other engineers).
		if name := databaseName(cfg.dsn); !strings.Contains(name, "load") {
			return fmt.Errorf("-reset drops every table: refused on database %q, whose name does not contain \"load\"", name)
		}
		if _, err := bdb.ExecContext(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public"); err != nil {
			return fmt.Errorf("reset: %w", err)
		}
		fmt.Fprintln(out, "reset: dropped every table")
	}
	// The server's own migrations and catalog seed: the rows below go into
	// the tables it reads.
	if err := migrations.Apply(ctx, bdb); err != nil {
		return err
	}
	if err := db.Seed(ctx, bdb); err != nil {
		return err
	}
	keys, generated, err := secret.LoadKeys(cfg.keys, cfg.dataDir, log)
	if err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(out, "keys: generated in %s/%s; start the server with the same DATA_DIR (or SECRET_KEYS)\n", cfg.dataDir, secret.KeyFile)
	}
	s := &seeder{db: bdb, keys: keys, secrets: accountsecret.Secrets{Keys: keys}, out: out, now: time.Now().UTC().Truncate(time.Second), batch: cfg.batch}
	if err := s.loadPlaces(ctx); err != nil {
		return err
	}
	if err := s.admin(ctx); err != nil {
		return err
	}
	if err := s.citizens(ctx, cfg.citizens); err != nil {
		return err
	}
	if err := s.hearings(ctx); err != nil {
		return err
	}
	if err := s.catalog(ctx, cfg.services); err != nil {
		return err
	}
	// Fresh statistics (the planner must know the tables are no longer
	// empty), the full-text indexes' pending entries merged, the visibility
	// map set: the state autovacuum leaves a database in, which a load
	// right after a bulk seed would otherwise not see. Table by table, on a
	// connection without the driver's 10 s read timeout (execUnbounded):
	// on a loaded machine one table's VACUUM can take longer.
	var vacuum []string
	for _, t := range []string{"services", "service_categories", "service_regions", "service_municipalities", "accounts",
		"account_roles", "personal_data", "verifications", "sessions", "lookup_documents", "notifications", "hearings"} {
		vacuum = append(vacuum, "VACUUM ANALYZE "+t)
	}
	if err := execUnbounded(ctx, cfg.dsn, vacuum...); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	fmt.Fprintf(out, "seeded in %s\n", time.Since(began).Round(100*time.Millisecond))
	return nil
}

type seeder struct {
	db      *bun.DB
	keys    *secret.Keys
	secrets accountsecret.Secrets
	out     io.Writer
	now     time.Time
	batch   int
	places  []placeRow
	centres map[string][]string // service centre codes by region
}

func (s *seeder) loadPlaces(ctx context.Context) error {
	if err := s.db.NewSelect().TableExpr("municipalities").Column("oktmo", "region_code", "name_ru").
		OrderExpr("oktmo").Scan(ctx, &s.places); err != nil {
		return fmt.Errorf("reading municipalities: %w", err)
	}
	if len(s.places) == 0 {
		return errors.New("no municipalities: the catalog seed did not load")
	}
	return nil
}

// adminNumber is the seeded administrator's number, past any citizen's:
// its token reads the server's profiles (/debug/pprof) and it organises
// the hearings.
const adminNumber = 99_999_999

func (s *seeder) admin(ctx context.Context) error {
	hash, err := secret.HashPassword(loadPassword)
	if err != nil {
		return err
	}
	id := seededID("account", adminNumber)
	a := accountRow{ID: id, Kind: "CITIZEN", LastName: "Администраторов", FirstName: "Нагрузка", Phone: citizenPhone(adminNumber),
		PasswordHash: hash, Tier: "CONFIRMED", Method: "IN_PERSON", CreatedAt: s.now, PasswordChangedAt: s.now}
	if _, err := s.db.NewInsert().Model(&a).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
		return fmt.Errorf("admin: %w", err)
	}
	roles := []roleRow{{AccountID: id, Role: "ADMIN", GrantedAt: s.now, Reason: "load test"}}
	for _, p := range s.places {
		roles = append(roles, roleRow{AccountID: id, Role: "MUNICIPAL_OFFICER", Scope: p.OKTMO, GrantedAt: s.now, Reason: "load test"})
	}
	if _, err := s.db.NewInsert().Model(&roles).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
		return fmt.Errorf("admin roles: %w", err)
	}
	sess := sessionRow{ID: seededID("session", adminNumber), AccountID: id, Device: "loadtest", IP: "127.0.0.1",
		CreatedAt: s.now, LastUsedAt: s.now, ExpiresAt: s.now.Add(sessionLife)}
	return s.upsertSessions(ctx, s.db, []sessionRow{sess})
}

// sessionLife keeps seeded sessions alive through a day of runs; a second
// seed extends them (and revives any the server revoked).
const sessionLife = 30 * 24 * time.Hour

func (s *seeder) upsertSessions(ctx context.Context, idb bun.IDB, rows []sessionRow) error {
	_, err := idb.NewInsert().Model(&rows).On("CONFLICT (id) DO UPDATE").
		Set("expires_at = EXCLUDED.expires_at, revoked_at = NULL").Exec(ctx)
	if err != nil {
		return fmt.Errorf("sessions: %w", err)
	}
	return nil
}

// citizens writes citizens 0..n-1 in batches, two at a time (one per core:
// sealing and the database share the machine).
func (s *seeder) citizens(ctx context.Context, n int) error {
	var have int
	if err := s.db.NewSelect().TableExpr("accounts").ColumnExpr("count(*)").
		Where("phone LIKE ?", phonePrefix+"%").Where("id <> ?", seededID("account", adminNumber)).Scan(ctx, &have); err != nil {
		return fmt.Errorf("counting citizens: %w", err)
	}
	hash, err := secret.HashPassword(loadPassword)
	if err != nil {
		return err
	}
	began := time.Now()
	batches := make(chan int)
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for from := range batches {
				if err := s.citizenBatch(ctx, from, min(from+s.batch, n), hash); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	go func() {
		defer close(batches)
		// Sessions are refreshed on every seed; the rest of a batch already
		// there is skipped by its conflicts.
		for from := 0; from < n; from += s.batch {
			select {
			case batches <- from:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	fmt.Fprintf(s.out, "citizens: %d (had %d) in %s\n", n, have, time.Since(began).Round(100*time.Millisecond))
	return nil
}

func (s *seeder) citizenBatch(ctx context.Context, from, to int, passwordHash string) error {
	var (
		accounts      []accountRow
		personal      []personalRow
		verifications []verificationRow
		sessions      []sessionRow
		docs          []lookupDocRow
		notes         []notificationRow
	)
	checks, _ := json.Marshal(struct {
		SFR account.Check `json:"sfr"`
		MVD account.Check `json:"mvd"`
	}{account.Check{State: account.CheckConfirmed, AnsweredAt: s.now}, account.Check{State: account.CheckConfirmed, AnsweredAt: s.now}})
	for n := from; n < to; n++ {
		id := seededID("account", n)
		p := personOf(n)
		tier := tierOf(n)
		place := s.places[n%len(s.places)]
		created := s.now.AddDate(0, 0, -n%700)
		a := accountRow{ID: id, Kind: "CITIZEN", LastName: p.last, FirstName: p.first, Patronymic: p.patronymic,
			Phone: citizenPhone(n), PasswordHash: passwordHash, Tier: tier, Method: "NONE", CreatedAt: created, PasswordChangedAt: created}
		if tier == "CONFIRMED" {
			a.Method = "IN_PERSON"
		}
		sessions = append(sessions, sessionRow{ID: seededID("session", n), AccountID: id, Device: "Uslugi/3.2 (Android 14)",
			IP: "10.0.0.1", CreatedAt: s.now, LastUsedAt: s.now, ExpiresAt: s.now.Add(sessionLife)})
		for k := range n % 7 { // 0 to 6 notifications, 3 on average, the older ones read
			at := s.now.Add(-time.Duration(k*26+n%20) * time.Hour)
			nr := notificationRow{ID: seededID(fmt.Sprintf("notification-%d", k), n), AccountID: id, CreatedAt: at, DeliveredAt: at, PushedAt: at}
			nr.Kind, nr.TitleRu, nr.TitleEn, nr.BodyRu, nr.BodyEn, nr.Link = noteText(n, k)
			if k >= 2 {
				nr.ReadAt = &at
			}
			notes = append(notes, nr)
		}
		if tier == "SIMPLIFIED" {
			accounts = append(accounts, a)
			continue
		}
		sex := account.SexMale
		if p.female {
			sex = account.SexFemale
		}
		snils := snilsOf(n)
		sealed, err := account.SealPersonalData(s.secrets, account.PersonalData{AccountID: id, LastName: p.last, FirstName: p.first,
			Patronymic: p.patronymic, BirthDate: p.birth, Sex: sex, Citizenship: "RUS", DocKind: account.DocRFPassport,
			DocSeries: fmt.Sprintf("%02d%02d", 10+n%80, 3+n%20), DocNumber: fmt.Sprintf("%06d", 100_000+n%900_000),
			DocIssuedOn: p.birth.AddDate(20, 1, 0), DocIssuer: "ГУ МВД России", SNILS: snils, BirthPlace: "г. " + placeCity(place),
			RegionCode: place.RegionCode, OKTMO: place.OKTMO, Address: fmt.Sprintf("г. %s, %s, д. %d, кв. %d", placeCity(place), streets[n%len(streets)], 1+n%120, 1+n%300),
			UpdatedAt: created})
		if err != nil {
			return err
		}
		a.SNILSHash = &sealed.SNILSHash
		accounts = append(accounts, a)
		pr := personalRow{AccountID: id, LastName: p.last, FirstName: p.first, Patronymic: p.patronymic, BirthDate: p.birth,
			Sex: string(sex), Citizenship: "RUS", DocKind: string(account.DocRFPassport), DocSealed: sealed.DocSealed, DocHash: sealed.DocHash,
			DocIssuedOn: sealed.DocIssuedOn, DocIssuer: sealed.DocIssuer, SNILSSealed: sealed.SNILSSealed, SNILSHash: &sealed.SNILSHash,
			BirthPlace: sealed.BirthPlace, RegionCode: place.RegionCode, OKTMO: place.OKTMO, Address: sealed.Address, UpdatedAt: created}
		if n%10 != 1 { // most have found their INN
			pr.INN = innOf(place.RegionCode, n)
		}
		personal = append(personal, pr)
		verifications = append(verifications, verificationRow{ID: seededID("verification", n), AccountID: id, Status: string(account.VerificationSucceeded),
			StartedAt: created, FinishedAt: created.Add(2 * time.Minute), Deadline: created.Add(24 * time.Hour), Checks: string(checks)})
		// A driver's licence for most, a car's certificate and plate for half.
		if n%5 != 0 {
			docs = append(docs, lookupDocRow{ID: seededID("doc-licence", n), AccountID: id, Kind: "DRIVER_LICENCE", Number: licenceOf(n), Label: "Моё удостоверение", CreatedAt: created})
		}
		if n%2 == 0 {
			docs = append(docs,
				lookupDocRow{ID: seededID("doc-certificate", n), AccountID: id, Kind: "VEHICLE_CERTIFICATE", Number: certificateOf(n), Label: "СТС", CreatedAt: created},
				lookupDocRow{ID: seededID("doc-plate", n), AccountID: id, Kind: "PLATE", Number: plateOf(place.RegionCode, n), Label: "Машина", CreatedAt: created})
		}
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, w := range []struct {
			what  string
			model any
			n     int
		}{
			{"accounts", &accounts, len(accounts)}, {"personal data", &personal, len(personal)},
			{"verifications", &verifications, len(verifications)}, {"look-up documents", &docs, len(docs)},
			{"notifications", &notes, len(notes)},
		} {
			if w.n == 0 {
				continue
			}
			if _, err := tx.NewInsert().Model(w.model).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
				return fmt.Errorf("%s %d..%d: %w", w.what, from, to, err)
			}
		}
		return s.upsertSessions(ctx, tx, sessions)
	})
}

// cities are the towns of the seeded municipalities, for addresses.
var cities = map[string]string{
	"92701000": "Казань", "92730000": "Набережные Челны", "65701000": "Екатеринбург", "65751000": "Нижний Тагил",
	"50701000": "Новосибирск", "22701000": "Нижний Новгород", "03701000": "Краснодар", "03726000": "Сочи",
	"36701000": "Самара", "36740000": "Тольятти", "46704000": "Балашиха", "46760000": "Подольск", "46734000": "Королёв",
	"80701000": "Уфа", "75701000": "Челябинск", "57701000": "Пермь", "60701000": "Ростов-на-Дону", "20701000": "Воронеж",
}

// placeCity is the town of a municipality, for addresses.
func placeCity(p placeRow) string {
	if c, ok := cities[p.OKTMO]; ok {
		return c
	}
	return p.Name
}

// noteText is the k-th notification of citizen n: the kinds a feed holds
// most, with their deep links.
func noteText(n, k int) (kind, titleRu, titleEn, bodyRu, bodyEn, link string) {
	switch (n + k) % 5 {
	case 0:
		return "FINES_NEW_FINE", "Новый штраф ГИБДД", "A new traffic fine",
			"Постановление по ч. 2 ст. 12.9 КоАП РФ: 500 ₽, со скидкой 250 ₽ до конца 20-го дня", "Decision under CAO art. 12.9(2): 500 ₽, 250 ₽ with the discount for 20 days",
			"uslugi://fines/" + seededID("fine", n*7+k)
	case 1:
		return "TAXES_NEW_DEBT", "Начислен налог", "A tax is due",
			"Налог на имущество физических лиц за 2010 год: 1 240 ₽", "Personal property tax for 2010: 1,240 ₽",
			"uslugi://taxes/" + seededID("tax", n*7+k)
	case 2:
		return "APPLICATIONS_STAGE", "Заявление зарегистрировано", "Application registered",
			"Ваше заявление принято ведомством в работу", "The department has taken up your application",
			"uslugi://applications/" + seededID("application", n*7+k)
	case 3:
		return "HEARINGS_ANNOUNCED", "Публичные слушания в вашем муниципалитете", "Public hearings in your municipality",
			"Проект бюджета на 2012 год: голосование открыто", "The 2012 budget draft: voting is open",
			"uslugi://hearings/" + seededID("hearing", n%18)
	default:
		return "VERIFICATION_SUCCEEDED", "Данные подтверждены", "Your data are verified",
			"Учётная запись стала стандартной", "Your account is now standard", "uslugi://account/verification"
	}
}

// hearings opens one hearing per municipality (its residents among the
// confirmed citizens vote in it) through the hearing store: the rows are
// the ones createHearing, announceHearing and the opening job write.
func (s *seeder) hearings(ctx context.Context) error {
	store := db.NewHearingStore(s.db, func() time.Time { return s.now })
	admin := seededID("account", adminNumber)
	made := 0
	for i, p := range s.places {
		id := seededID("hearing", i)
		var exists int
		if err := s.db.NewSelect().TableExpr("hearings").ColumnExpr("count(*)").Where("id = ?", id).Scan(ctx, &exists); err != nil {
			return fmt.Errorf("hearings: %w", err)
		}
		if exists > 0 {
			// Keep it open for another month of runs.
			if _, err := s.db.NewUpdate().TableExpr("hearings").Set("closes_at = ?", s.now.Add(30*24*time.Hour)).
				Set("status = ?", string(hearing.StatusOpen)).Where("id = ?", id).Exec(ctx); err != nil {
				return fmt.Errorf("hearings: %w", err)
			}
			continue
		}
		opens := s.now.Add(-24 * time.Hour)
		h := hearing.Hearing{ID: id, Municipality: p.OKTMO, Title: "Проект бюджета на 2012 год и плановый период 2013–2014 годов",
			Subject: hearing.SubjectBudgetDraft, Description: "Проект решения о бюджете муниципального образования: доходы, расходы, дефицит, муниципальные программы.",
			Materials: []hearing.Attachment{}, Questions: []hearing.Question{{No: 0, Text: "Проект в целом"},
				{No: 1, Text: "Увеличить расходы на ремонт дорог"}, {No: 2, Text: "Построить новый детский сад"}},
			Territory: hearing.Territory{Description: "Вся территория муниципального образования"},
			Organiser: "Администрация: " + p.Name,
			Dates: hearing.Dates{OpensAt: opens, ClosesAt: s.now.Add(30 * 24 * time.Hour), MeetingAt: s.now.Add(7 * 24 * time.Hour),
				MeetingPlace: "Зал заседаний администрации"},
			Status: hearing.StatusOpen, CreatedBy: admin, CreatedAt: opens.Add(-14 * 24 * time.Hour), UpdatedAt: opens,
			AnnouncedAt: opens.Add(-14 * 24 * time.Hour), OpenedAt: opens}
		err := store.InTx(ctx, func(ctx context.Context, tx hearing.Tx) error {
			if err := tx.AddHearing(ctx, h); err != nil {
				return err
			}
			for _, st := range []hearing.Stage{{Status: hearing.StatusDraft, At: h.CreatedAt, By: admin},
				{Status: hearing.StatusAnnounced, At: h.AnnouncedAt, By: admin}, {Status: hearing.StatusOpen, At: opens}} {
				if err := tx.AddStage(ctx, id, st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("hearing in %s: %w", p.OKTMO, err)
		}
		made++
	}
	fmt.Fprintf(s.out, "hearings: %d open (%d new)\n", len(s.places), made)
	return nil
}
