package account

import (
	"context"
	"strings"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/identity"
)

// Sex as the passport says.
type Sex string

// Sexes.
const (
	SexMale   Sex = "MALE"
	SexFemale Sex = "FEMALE"
)

// DocumentKind is the identity document personal data names.
type DocumentKind string

// Document kinds.
const (
	DocRFPassport      DocumentKind = "RF_PASSPORT"
	DocForeignPassport DocumentKind = "FOREIGN_PASSPORT"
)

// PersonalData is what a citizen enters to reach the STANDARD tier. The
// SNILS and the document's series and number are sealed at rest.
type PersonalData struct {
	AccountID   string
	LastName    string
	FirstName   string
	Patronymic  string
	BirthDate   time.Time
	Sex         Sex
	Citizenship string // ISO 3166-1 alpha-3, e.g. RUS
	DocKind     DocumentKind
	DocSeries   string
	DocNumber   string
	DocIssuedOn time.Time
	DocIssuer   string
	SNILS       string // 11 digits; empty for a foreign citizen without one
	BirthPlace  string
	RegionCode  string
	OKTMO       string
	Address     string
	UpdatedAt   time.Time
}

// PersonalDataInput is what the citizen types.
type PersonalDataInput struct {
	LastName, FirstName, Patronymic string
	BirthDate                       string // YYYY-MM-DD
	Sex                             string
	Citizenship                     string
	DocKind                         string
	DocSeries, DocNumber            string
	DocIssuedOn                     string // YYYY-MM-DD
	DocIssuer                       string
	SNILS                           string
	BirthPlace                      string
	RegionCode, OKTMO, Address      string
}

// Places checks addresses against the catalog's regions and municipalities.
type Places interface {
	RegionExists(ctx context.Context, code string) (bool, error)
	// MunicipalityRegion returns the region of the municipality with
	// OKTMO code oktmo, or "" when there is none.
	MunicipalityRegion(ctx context.Context, oktmo string) (string, error)
}

// Agencies are the outside agencies accounts use: verification asks SFR
// and MVD, registered-mail confirmation goes through the post.
type Agencies struct {
	SFR  agency.SFR
	MVD  agency.MVD
	Post agency.Post
}

func parseDate(field, s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fieldErr(field, "BAD_DATE", "Укажите дату в виде ГГГГ-ММ-ДД", "give the date as YYYY-MM-DD")
	}
	return t, nil
}

// validatePersonalData checks every field and says what is wrong with
// each; the returned data is normalised.
func (s *Service) validatePersonalData(ctx context.Context, in PersonalDataInput, now time.Time) (PersonalData, error) {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var d PersonalData
	var err error
	d.LastName, err = identity.ParseName(in.LastName, "lastName")
	add(err)
	d.FirstName, err = identity.ParseName(in.FirstName, "firstName")
	add(err)
	if strings.TrimSpace(in.Patronymic) != "" {
		d.Patronymic, err = identity.ParseName(in.Patronymic, "patronymic")
		add(err)
	}
	d.BirthDate, err = parseDate("birthDate", in.BirthDate)
	add(err)
	if err == nil && (d.BirthDate.After(now) || now.Sub(d.BirthDate) > 130*365*24*time.Hour) {
		add(fieldErr("birthDate", "OUT_OF_RANGE", "Проверьте дату рождения", "check the date of birth"))
	}
	switch Sex(in.Sex) {
	case SexMale, SexFemale:
		d.Sex = Sex(in.Sex)
	default:
		add(fieldErr("sex", "INVALID", "Укажите пол: MALE или FEMALE", "give the sex: MALE or FEMALE"))
	}
	d.Citizenship = strings.ToUpper(strings.TrimSpace(in.Citizenship))
	if len(d.Citizenship) != 3 || strings.Trim(d.Citizenship, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		add(fieldErr("citizenship", "INVALID", "Укажите гражданство трёхбуквенным кодом страны, например RUS", "give the citizenship as a three-letter country code, e.g. RUS"))
	}
	d.DocKind = DocumentKind(in.DocKind)
	issued, errIssued := parseDate("documentIssuedOn", in.DocIssuedOn)
	switch {
	case d.Citizenship == "RUS" && d.DocKind != DocRFPassport:
		add(fieldErr("documentKind", "RF_PASSPORT_REQUIRED", "Гражданин России указывает внутренний паспорт", "a citizen of Russia gives the internal passport"))
	case d.DocKind == DocRFPassport:
		add(errIssued)
		if errIssued == nil && !d.BirthDate.IsZero() {
			p, err := identity.ParsePassport(in.DocSeries, in.DocNumber, in.DocIssuer, issued, d.BirthDate, now)
			add(err)
			d.DocSeries, d.DocNumber, d.DocIssuer, d.DocIssuedOn = p.Series, p.Number, p.IssuerCode, p.IssuedOn
		}
	case d.DocKind == DocForeignPassport:
		add(errIssued)
		d.DocSeries = strings.ToUpper(strings.Join(strings.Fields(in.DocSeries), ""))
		d.DocNumber = strings.ToUpper(strings.Join(strings.Fields(in.DocNumber), ""))
		d.DocIssuedOn = issued
		if len(d.DocNumber) < 5 || len(d.DocNumber) > 20 {
			add(fieldErr("documentNumber", "INVALID", "Укажите номер документа: от 5 до 20 знаков", "give the document number: 5 to 20 characters"))
		}
		if errIssued == nil && issued.After(now) {
			add(fieldErr("documentIssuedOn", "IN_FUTURE", "Дата выдачи не может быть в будущем", "the issue date cannot be in the future"))
		}
	default:
		add(fieldErr("documentKind", "INVALID", "Укажите вид документа: RF_PASSPORT или FOREIGN_PASSPORT", "give the document kind: RF_PASSPORT or FOREIGN_PASSPORT"))
	}
	if strings.TrimSpace(in.SNILS) != "" || d.Citizenship == "RUS" {
		d.SNILS, err = identity.ParseSNILS(in.SNILS)
		add(err)
	}
	d.BirthPlace = strings.Join(strings.Fields(in.BirthPlace), " ")
	if d.BirthPlace == "" || len([]rune(d.BirthPlace)) > 200 {
		add(fieldErr("birthPlace", "REQUIRED", "Укажите место рождения, как в паспорте (до 200 знаков)", "give the place of birth as in the passport (up to 200 characters)"))
	}
	d.RegionCode = strings.TrimSpace(in.RegionCode)
	if ok, err := s.places.RegionExists(ctx, d.RegionCode); err != nil {
		return d, err
	} else if !ok {
		add(fieldErr("regionCode", "UNKNOWN_REGION", "Укажите регион двузначным кодом, например 77", "give the region as its two-digit code, e.g. 77"))
	}
	if o := strings.TrimSpace(in.OKTMO); o != "" {
		region, err := s.places.MunicipalityRegion(ctx, o)
		if err != nil {
			return d, err
		}
		switch {
		case region == "":
			add(fieldErr("municipalityOktmo", "UNKNOWN_MUNICIPALITY", "Нет муниципального образования с таким кодом ОКТМО", "no municipality has this OKTMO code"))
		case region != d.RegionCode:
			add(fieldErr("municipalityOktmo", "OTHER_REGION", "Муниципальное образование находится в другом регионе", "the municipality is in another region"))
		}
		d.OKTMO = o
	}
	d.Address = strings.Join(strings.Fields(in.Address), " ")
	if d.Address == "" || len([]rune(d.Address)) > 300 {
		add(fieldErr("address", "REQUIRED", "Укажите адрес регистрации: улица, дом, квартира (до 300 знаков)", "give the registered address: street, house, flat (up to 300 characters)"))
	}
	return d, asInput(errs...)
}

// KindFor is the kind of account personal data makes: a citizen of the
// Russian Federation, or a foreign citizen (whose document the migration
// service checks and who needs no SNILS).
func KindFor(citizenship string) Kind {
	if citizenship == "RUS" {
		return KindCitizen
	}
	return KindForeign
}
