// Package hearingtest seeds what public hearings look at: accounts with a
// tier, personal data with a registered address, verifications, municipal
// officers' roles. It writes rows directly, for tests of the hearing
// service and its store on a database from dbtest (seeded, for the
// municipalities).
package hearingtest

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/hearing"
)

// Municipalities of the seed catalog the tests use.
const (
	Kazan        = "92701000"
	Naberezhnye  = "92730000"
	OtherRegion  = "65701000"
	QuarterA     = "92:01:0101001"
	QuarterB     = "92:01:0101002"
	CadastralInA = QuarterA + ":15"
	CadastralInB = QuarterB + ":7"
)

// Person is an account as eligibility sees it.
type Person struct {
	ID         string // a new UUID when empty
	LastName   string
	FirstName  string
	Patronymic string
	Tier       account.Tier
	// OKTMO is the registered address's municipality; "" means no
	// personal data.
	OKTMO string
	// Verifications are the statuses of the personal data's
	// verifications, oldest first.
	Verifications []account.VerificationStatus
}

// Resident is a CONFIRMED account with a verified address in oktmo.
func Resident(oktmo string) Person {
	return Person{Tier: account.TierConfirmed, OKTMO: oktmo, Verifications: []account.VerificationStatus{account.VerificationSucceeded}}
}

type accountRow struct {
	bun.BaseModel     `bun:"table:accounts"`
	ID                string    `bun:"id,pk"`
	Kind              string    `bun:"kind"`
	LastName          string    `bun:"last_name"`
	FirstName         string    `bun:"first_name"`
	Patronymic        string    `bun:"patronymic"`
	PasswordHash      string    `bun:"password_hash"`
	Tier              string    `bun:"tier"`
	Method            string    `bun:"method"`
	CreatedAt         time.Time `bun:"created_at"`
	PasswordChangedAt time.Time `bun:"password_changed_at"`
}

type personalRow struct {
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
	BirthPlace    string    `bun:"birth_place"`
	RegionCode    string    `bun:"region_code"`
	OKTMO         string    `bun:"oktmo"`
	Address       string    `bun:"address"`
	UpdatedAt     time.Time `bun:"updated_at"`
}

type verificationRow struct {
	bun.BaseModel `bun:"table:verifications"`
	ID            string    `bun:"id,pk"`
	AccountID     string    `bun:"account_id"`
	Status        string    `bun:"status"`
	StartedAt     time.Time `bun:"started_at"`
	Deadline      time.Time `bun:"deadline"`
	Checks        string    `bun:"checks"`
}

type roleRow struct {
	bun.BaseModel `bun:"table:account_roles"`
	AccountID     string    `bun:"account_id,pk"`
	Role          string    `bun:"role,pk"`
	Scope         string    `bun:"scope,pk"`
	GrantedAt     time.Time `bun:"granted_at"`
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// AddPeople inserts the people, in batches, and returns their ids.
func AddPeople(ctx context.Context, db bun.IDB, people []Person) ([]string, error) {
	var accounts []accountRow
	var personal []personalRow
	var verifications []verificationRow
	ids := make([]string, len(people))
	for i, p := range people {
		if p.ID == "" {
			p.ID = uuid.NewString()
		}
		if p.LastName == "" {
			p.LastName, p.FirstName = "Житель", fmt.Sprintf("Номер %d", i+1)
		}
		if p.Tier == "" {
			p.Tier = account.TierConfirmed
		}
		ids[i] = p.ID
		method := account.MethodInPerson
		if p.Tier != account.TierConfirmed {
			method = account.MethodNone
		}
		accounts = append(accounts, accountRow{ID: p.ID, Kind: "CITIZEN", LastName: p.LastName, FirstName: p.FirstName, Patronymic: p.Patronymic,
			PasswordHash: "-", Tier: string(p.Tier), Method: string(method), CreatedAt: t0, PasswordChangedAt: t0})
		if p.OKTMO != "" {
			personal = append(personal, personalRow{AccountID: p.ID, LastName: p.LastName, FirstName: p.FirstName, Patronymic: p.Patronymic,
				BirthDate: t0.AddDate(-40, 0, 0), Sex: "MALE", Citizenship: "RUS", DocKind: "RF_PASSPORT", DocSealed: []byte{1},
				DocHash: uuid.NewString(), DocIssuedOn: t0.AddDate(-10, 0, 0), DocIssuer: "160-001", BirthPlace: "г. Казань",
				RegionCode: p.OKTMO[:2], OKTMO: p.OKTMO, Address: "ул. Баумана, д. 1", UpdatedAt: t0})
		}
		for j, st := range p.Verifications {
			verifications = append(verifications, verificationRow{ID: uuid.NewString(), AccountID: p.ID, Status: string(st),
				StartedAt: t0.Add(time.Duration(j) * time.Hour), Deadline: t0.Add(time.Duration(j+24) * time.Hour), Checks: "{}"})
		}
	}
	if err := insert(ctx, db, accounts); err != nil {
		return nil, err
	}
	if err := insert(ctx, db, personal); err != nil {
		return nil, err
	}
	return ids, insert(ctx, db, verifications)
}

// AddPerson inserts one person and returns the id.
func AddPerson(ctx context.Context, db bun.IDB, p Person) (string, error) {
	ids, err := AddPeople(ctx, db, []Person{p})
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

func insert[R any](ctx context.Context, db bun.IDB, rows []R) error {
	for i := 0; i < len(rows); i += 500 {
		part := rows[i:min(len(rows), i+500)]
		if _, err := db.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("hearingtest: %w", err)
		}
	}
	return nil
}

// AddOfficer inserts a MUNICIPAL_OFFICER of the municipalities (an account
// of its own, SIMPLIFIED, without personal data) and returns the id.
func AddOfficer(ctx context.Context, db bun.IDB, oktmos ...string) (string, error) {
	id, err := AddPerson(ctx, db, Person{LastName: "Чиновник", FirstName: "Муниципальный", Tier: account.TierSimplified})
	if err != nil {
		return "", err
	}
	for _, o := range oktmos {
		if _, err := db.NewInsert().Model(&roleRow{AccountID: id, Role: string(account.RoleMunicipalOfficer), Scope: o, GrantedAt: t0}).Exec(ctx); err != nil {
			return "", fmt.Errorf("hearingtest: %w", err)
		}
	}
	return id, nil
}

// Draft returns a valid draft of a planning project in oktmo, whose
// period is [opens, closes) with the meeting in its middle.
func Draft(oktmo string, opens, closes time.Time) hearing.Draft {
	return hearing.Draft{
		Municipality: oktmo,
		Title:        "Проект планировки территории квартала 12",
		Subject:      hearing.SubjectPlanningProject,
		Description:  "Проект планировки и межевания территории квартала 12: жилая застройка, школа и сквер.",
		Materials: []hearing.Attachment{{Name: "Проект планировки.pdf", Key: "hearings/materials/plan.pdf", ContentType: "application/pdf",
			Size: 1 << 20}},
		Questions: []string{"Согласны ли вы с размещением сквера на месте парковки?"},
		Territory: hearing.Territory{Description: "Квартал 12, между улицами Баумана и Пушкина", Quarters: []string{QuarterA}},
		Organiser: "Исполнительный комитет г. Казани",
		Dates: hearing.Dates{OpensAt: opens, ClosesAt: closes, MeetingAt: opens.Add(closes.Sub(opens) / 2),
			MeetingPlace: "г. Казань, ул. Кремлёвская, д. 1, актовый зал"},
	}
}
