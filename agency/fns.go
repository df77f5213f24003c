package agency

import (
	"cmp"
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uslugi/uslugi/identity"
)

// FNS is the Federal Tax Service: an individual's tax debts and taxable
// property by INN, the search of an INN by passport, and INN applications.
type FNS interface {
	// TaxDebts returns the taxes of past periods not paid by their due
	// date, newest period first, with Paid set on those paid since.
	// ErrInvalidRequest: not a valid 12-digit INN (it also wraps the
	// *identity.FieldError). ErrUnavailable: try again later.
	TaxDebts(ctx context.Context, inn string) ([]TaxDebt, error)
	// TaxAccount returns the taxpayer's taxable objects (the "personal
	// account"); errors as TaxDebts.
	TaxAccount(ctx context.Context, inn string) (TaxAccount, error)
	// FindINN returns the INN of the person with the passport, found false
	// if he has none. ErrInvalidRequest: a missing name or date of birth, a
	// passport without a 4-digit series and a 6-digit number.
	FindINN(ctx context.Context, q INNQuery) (inn string, found bool, err error)
	// ApplyForINN applies for an INN; the answer comes later, by ticket.
	// ErrUnavailable, ErrInvalidRequest as FindINN.
	ApplyForINN(ctx context.Context, q INNQuery) (Ticket, error)
	// INNApplication returns the application's answer so far: Pending
	// until FNS answers. ErrUnknownTicket: not a ticket of ApplyForINN.
	INNApplication(ctx context.Context, t Ticket) (INNApplicationResult, error)
}

// TaxKind is the tax a debt is of.
type TaxKind string

// The taxes an individual pays on a tax notice.
const (
	TaxProperty       TaxKind = "PROPERTY"        // налог на имущество физических лиц, 0.1% of the cadastral value
	TaxLand           TaxKind = "LAND"            // земельный налог, 0.3% of the cadastral value
	TaxTransport      TaxKind = "TRANSPORT"       // транспортный налог, by engine power
	TaxPersonalIncome TaxKind = "PERSONAL_INCOME" // НДФЛ the employer did not withhold
)

// TaxDebt is a tax of a past period not paid by its due date.
type TaxDebt struct {
	// UIN identifies the accrual to pay: 20 digits starting with 182.
	UIN           string
	Kind          TaxKind
	Period        int // the tax year
	AmountKopecks int64
	// PenaltyKopecks is the penalty (пени) accrued from the day after the
	// due date until now, or until the debt was paid: 1/300 of a 16% key
	// rate a day. The debt is paid once its amount and penalty are.
	PenaltyKopecks int64
	DueDate        time.Time // the last day to pay (1 December of the next year), Moscow midnight
	Paid           bool
	PaidAt         time.Time
}

// TaxAccount is a taxpayer's taxable objects.
type TaxAccount struct {
	INN        string
	RealEstate []RealEstate
	Land       []LandPlot
	Vehicles   []TaxVehicle
}

// RealEstate is a building or premises taxed by its cadastral value.
type RealEstate struct {
	CadastralNumber string // "77:01:0001001:1234"
	Kind            string // Russian: "Квартира", "Жилой дом", "Гараж"
	Address         string
	AreaSqM         int
	// CadastralValueKopecks is the tax base before the deduction of
	// DeductionSqM square metres.
	CadastralValueKopecks int64
	DeductionSqM          int
	OwnedSince            time.Time
}

// LandPlot is a plot of land taxed by its cadastral value.
type LandPlot struct {
	CadastralNumber       string
	Address               string
	AreaSqM               int
	CadastralValueKopecks int64
	OwnedSince            time.Time
}

// TaxVehicle is a vehicle taxed by its engine power.
type TaxVehicle struct {
	Model         string // "LADA VESTA"
	Plate         string
	Year          int
	EnginePowerHP int // the tax base
	OwnedSince    time.Time
}

// INNQuery is a person looked up or registered by FNS.
type INNQuery struct {
	LastName, FirstName, Patronymic string // Patronymic is optional
	BirthDate                       time.Time
	// PassportSeries (4 digits) and PassportNumber (6 digits) of the RF
	// passport; spaces are ignored.
	PassportSeries, PassportNumber string
}

// INNApplicationResult is FNS's answer to an INN application.
type INNApplicationResult struct {
	State State
	// Reason is ReasonPassportNotConfirmed when Rejected.
	Reason Reason
	// INN is the person's INN once Confirmed: a new one, or the one he had.
	INN string
	// Message is for the citizen, in Russian; MessageEn is its English text.
	Message, MessageEn string
	AnsweredAt         time.Time // zero while Pending
}

// Done reports whether FNS has answered.
func (r INNApplicationResult) Done() bool {
	return r.State == StateConfirmed || r.State == StateRejected
}

// ReasonPassportNotConfirmed: FNS rejected an INN application because MVD
// did not confirm the passport.
const ReasonPassportNotConfirmed Reason = "PASSPORT_NOT_CONFIRMED"

// FNSOptions configure an FNS simulator.
type FNSOptions struct {
	// Lookup configures TaxDebts, TaxAccount and FindINN.
	Lookup LookupOptions
	// Application configures INN applications, answered on the clock as
	// SFR's and MVD's checks are.
	Application CheckOptions
}

// FNSSimulator is a deterministic FNS, safe for concurrent use. Besides the
// look-up rules (LookupOptions), by the INN's serial (digits 5 to 10):
//
//	serial           TaxDebts, TaxAccount
//	"000000"         the agency is down: ErrUnavailable
//	"999999"         no answer until ctx is done
//	ending in "00"   no debts (the account still has objects)
//	anything else    objects and debts decided by a hash of the INN
//
// Each object is taxed for the full years it was owned since 2020; a
// year's tax is due on 1 December of the next and becomes a debt for 30% of
// them, from the next day on as the clock moves (НДФЛ: for 8% of years).
// PersonalINN builds an INN with the serial wanted.
//
// FindINN and ApplyForINN, by the passport:
//
//	passport            FindINN                   ApplyForINN
//	series "0000"       ErrUnavailable            ErrUnavailable
//	series "9999"       no answer until ctx done  never answered: Pending forever
//	number ends "10"    not found                 Confirmed with a new INN, after the latency
//	number ends "11"    not found                 Rejected PASSPORT_NOT_CONFIRMED, after the latency
//	number ends "12"    not found                 never answered: Pending forever
//	anything else       found                     Confirmed with the INN found, after the latency
//
// The INN is a hash of the whole query (names compared ignoring case and
// "ё"), its region the passport series' first two digits; it is never one of
// the special serials. FNS is stateless: an INN assigned on application is
// still not found by FindINN.
type FNSSimulator struct {
	l       lookup
	gmp     *GISGMPSimulator
	latency time.Duration
	faults  faults
}

var _ FNS = (*FNSSimulator)(nil)

// NewFNSSimulator returns an FNS simulator reading time from clock (nil:
// time.Now) and payments from register (nil: none).
func NewFNSSimulator(clock func() time.Time, register *GISGMPSimulator, opts FNSOptions) *FNSSimulator {
	return &FNSSimulator{
		l:       newLookup("fns", clock, opts.Lookup),
		gmp:     register,
		latency: opts.Application.latency(),
		faults:  newFaults(opts.Application.FailureRate, opts.Application.FailureWindow),
	}
}

// checkINN validates a personal INN and tells whether it is special.
func checkINN(s string) (string, special, error) {
	inn, err := identity.ParsePersonalINN(s)
	if err != nil {
		return "", ordinary, fmt.Errorf("%w: %w", ErrInvalidRequest, err)
	}
	switch inn[4:10] {
	case "000000":
		return inn, down, nil
	case "999999":
		return inn, hang, nil
	}
	return inn, ordinary, nil
}

// TaxDebts returns the debts of inn at the clock's time.
func (s *FNSSimulator) TaxDebts(ctx context.Context, inn string) ([]TaxDebt, error) {
	inn, sp, err := checkINN(inn)
	if err != nil {
		return nil, fmt.Errorf("fns: tax debts: %w", err)
	}
	if err := s.l.await(ctx, sp, "debts", inn); err != nil {
		return nil, fmt.Errorf("fns: tax debts: %w", err)
	}
	return s.debtsOf(taxAccountOf(inn), s.l.now()), nil
}

// TaxAccount returns inn's taxable objects.
func (s *FNSSimulator) TaxAccount(ctx context.Context, inn string) (TaxAccount, error) {
	inn, sp, err := checkINN(inn)
	if err != nil {
		return TaxAccount{}, fmt.Errorf("fns: tax account: %w", err)
	}
	if err := s.l.await(ctx, sp, "account", inn); err != nil {
		return TaxAccount{}, fmt.Errorf("fns: tax account: %w", err)
	}
	return taxAccountOf(inn), nil
}

// The simulated taxpayer's objects.
var (
	realEstateKinds = []struct {
		kind                 string
		minArea, maxArea     int
		rublesPerSqM         int64
		deductionSqM         int
		addressFormat        string
		addressNumberModulus uint64
	}{
		{"Квартира", 30, 120, 250_000, 20, "г. Москва, ул. Профсоюзная, д. %d, кв. %d", 150},
		{"Квартира", 35, 90, 180_000, 20, "г. Москва, ул. Генерала Белова, д. %d, кв. %d", 60},
		{"Жилой дом", 80, 250, 60_000, 50, "Московская обл., г. Раменское, ул. Садовая, д. %d, корп. %d", 2},
		{"Гараж", 18, 24, 40_000, 0, "г. Москва, ул. Гаражная, д. %d, бокс %d", 200},
	}
	vehicleModels = []struct {
		model string
		hp    int
	}{
		{"LADA GRANTA", 90}, {"LADA VESTA", 106}, {"KIA RIO", 123}, {"HYUNDAI SOLARIS", 123},
		{"VOLKSWAGEN POLO", 110}, {"SKODA OCTAVIA", 150}, {"HAVAL JOLION", 143}, {"CHERY TIGGO 7 PRO", 147},
		{"GEELY COOLRAY", 150}, {"TOYOTA CAMRY", 200}, {"MERCEDES-BENZ E 200", 197}, {"BMW X5", 249},
	}
)

// taxFromYear is the first tax year simulated.
const taxFromYear = 2020

func taxAccountOf(inn string) TaxAccount {
	sd := seedOf("fns.account", inn)
	a := TaxAccount{INN: inn}
	region := inn[:2]
	since := func(i int, what string) time.Time {
		o := seedOf(string(sd[:]), what, strconv.Itoa(i))
		return time.Date(2012+int(o.n(0, 12)), time.Month(1+o.n(1, 12)), 1+int(o.n(2, 28)), 0, 0, 0, 0, moscow)
	}
	cadastral := func(o seed) string {
		return fmt.Sprintf("%s:%s:%s:%d", region, o.digits("district", 2), o.digits("block", 7), 1+o.n(0, 9999))
	}
	nEstate := []int{0, 0, 0, 1, 1, 1, 1, 1, 1, 2}[sd.n(0, 10)]
	for i := range nEstate {
		o := seedOf(string(sd[:]), "estate", strconv.Itoa(i))
		k := realEstateKinds[o.n(1, uint64(len(realEstateKinds)))]
		area := k.minArea + int(o.n(2, uint64(k.maxArea-k.minArea+1)))
		a.RealEstate = append(a.RealEstate, RealEstate{
			CadastralNumber:       cadastral(o),
			Kind:                  k.kind,
			Address:               fmt.Sprintf(k.addressFormat, 1+o.n(3, 120), 1+o.n(0, k.addressNumberModulus)),
			AreaSqM:               area,
			CadastralValueKopecks: int64(area) * k.rublesPerSqM * 100,
			DeductionSqM:          k.deductionSqM,
			OwnedSince:            since(i, "estate.since"),
		})
	}
	if sd.n(1, 10) < 3 {
		o := seedOf(string(sd[:]), "land")
		area := 600 + int(o.n(1, 901))
		a.Land = append(a.Land, LandPlot{
			CadastralNumber:       cadastral(o),
			Address:               fmt.Sprintf("Московская обл., Раменский р-н, СНТ «Берёзка», уч. %d", 1+o.n(2, 200)),
			AreaSqM:               area,
			CadastralValueKopecks: int64(area) * int64(1_000+o.n(3, 4_001)) * 100,
			OwnedSince:            since(0, "land.since"),
		})
	}
	nVehicles := []int{0, 0, 0, 0, 1, 1, 1, 1, 1, 2}[sd.n(2, 10)]
	letters := []rune("АВЕКМНОРСТУХ")
	for i := range nVehicles {
		o := seedOf(string(sd[:]), "vehicle", strconv.Itoa(i))
		m := vehicleModels[o.n(0, uint64(len(vehicleModels)))]
		owned := since(i, "vehicle.since")
		l := func(j uint64) rune { return letters[o.n(3, 1<<30)>>(5*j)%uint64(len(letters))] }
		a.Vehicles = append(a.Vehicles, TaxVehicle{
			Model:         m.model,
			Plate:         fmt.Sprintf("%c%03d%c%c%s", l(0), 1+o.n(1, 999), l(1), l(2), []string{"77", "97", "177", "777", "799", "50", "750"}[o.n(2, 7)]),
			Year:          owned.Year() - int(o.n(2, 4)),
			EnginePowerHP: m.hp,
			OwnedSince:    owned,
		})
	}
	return a
}

// taxItem is a tax of one object (or of income) for one year.
type taxItem struct {
	kind    TaxKind
	object  int
	kopecks int64
}

// taxesOf returns the taxes of the account for year.
func taxesOf(a TaxAccount, year int) []taxItem {
	owned := func(since time.Time) bool { return since.Year() < year }
	var out []taxItem
	for i, r := range a.RealEstate {
		if owned(r.OwnedSince) {
			base := r.CadastralValueKopecks * int64(max(r.AreaSqM-r.DeductionSqM, 0)) / int64(r.AreaSqM)
			out = append(out, taxItem{TaxProperty, i, roubles(base / 1000)})
		}
	}
	for i, l := range a.Land {
		if owned(l.OwnedSince) {
			out = append(out, taxItem{TaxLand, i, roubles(l.CadastralValueKopecks * 3 / 1000)})
		}
	}
	for i, v := range a.Vehicles {
		if owned(v.OwnedSince) {
			out = append(out, taxItem{TaxTransport, i, int64(v.EnginePowerHP) * transportRate(v.EnginePowerHP) * 100})
		}
	}
	if sd := seedOf("fns.ndfl", a.INN, strconv.Itoa(year)); sd.n(0, 100) < 8 {
		income := int64(10_000+sd.n(1, 290_001)) * 100
		out = append(out, taxItem{TaxPersonalIncome, 0, roubles(income * 13 / 100)})
	}
	return out
}

// transportRate is Moscow's rate of the transport tax, roubles per
// horsepower, for a car.
func transportRate(hp int) int64 {
	for _, r := range []struct {
		upTo int
		rate int64
	}{{100, 12}, {125, 25}, {150, 35}, {175, 45}, {200, 50}, {225, 65}, {250, 75}} {
		if hp <= r.upTo {
			return r.rate
		}
	}
	return 150
}

// roubles rounds kopecks to whole roubles, as taxes are.
func roubles(kopecks int64) int64 { return (kopecks + 50) / 100 * 100 }

// The penalty: 1/300 of the key rate a day.
const (
	keyRatePercent = 16
	penaltyDivisor = 300 * 100
)

func (s *FNSSimulator) debtsOf(a TaxAccount, now time.Time) []TaxDebt {
	if a.INN[8:10] == "00" {
		return nil
	}
	var out []TaxDebt
	for year := taxFromYear; ; year++ {
		due := time.Date(year+1, time.December, 1, 0, 0, 0, 0, moscow)
		overdue := due.AddDate(0, 0, 1)
		if now.Before(overdue) {
			break
		}
		for _, it := range taxesOf(a, year) {
			sd := seedOf("fns.debt", a.INN, string(it.kind), strconv.Itoa(it.object), strconv.Itoa(year))
			if sd.n(0, 100) >= 30 || it.kopecks <= 0 {
				continue
			}
			d := TaxDebt{
				UIN:           withUINCheck("182" + sd.digits("uin", 16)),
				Kind:          it.kind,
				Period:        year,
				AmountKopecks: it.kopecks,
				DueDate:       due,
			}
			penalty := func(at time.Time) int64 {
				days := int64(max(at.Sub(overdue), 0) / (24 * time.Hour))
				return d.AmountKopecks * days * keyRatePercent / penaltyDivisor
			}
			var ps []RegisteredPayment
			for _, p := range s.gmp.payments(d.UIN) {
				if !p.PaidAt.After(now) {
					ps = append(ps, p)
				}
			}
			at, paid := paidBy(ps, func(at time.Time) int64 { return d.AmountKopecks + penalty(at) })
			if paid {
				d.Paid, d.PaidAt, d.PenaltyKopecks = true, at, penalty(at)
			} else {
				d.PenaltyKopecks = penalty(now)
			}
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b TaxDebt) int {
		return cmp.Or(cmp.Compare(b.Period, a.Period), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.UIN, b.UIN))
	})
	return out
}

// normalised returns the query's fields trimmed, with the names in capitals
// and "Ё" as "Е", or ErrInvalidRequest.
func (q INNQuery) normalised() (INNQuery, error) {
	name := func(s string) string {
		return strings.ReplaceAll(strings.ToUpper(strings.Join(strings.Fields(s), " ")), "Ё", "Е")
	}
	n := INNQuery{
		LastName: name(q.LastName), FirstName: name(q.FirstName), Patronymic: name(q.Patronymic),
		BirthDate:      q.BirthDate,
		PassportSeries: dropSpaces(q.PassportSeries), PassportNumber: dropSpaces(q.PassportNumber),
	}
	var bad string
	switch {
	case n.LastName == "" || n.FirstName == "":
		bad = "last and first name are required"
	case n.BirthDate.IsZero():
		bad = "date of birth is required"
	case !isDigits(n.PassportSeries, 4) || !isDigits(n.PassportNumber, 6):
		bad = "an RF passport has a series of 4 digits and a number of 6"
	}
	if bad != "" {
		return n, fmt.Errorf("%w: %s", ErrInvalidRequest, bad)
	}
	return n, nil
}

func (q INNQuery) special() special {
	switch q.PassportSeries {
	case "0000":
		return down
	case "9999":
		return hang
	}
	return ordinary
}

// hasNoINN reports whether the passport's holder has no INN yet.
func (q INNQuery) hasNoINN() bool {
	switch q.PassportNumber[4:] {
	case "10", "11", "12":
		return true
	}
	return false
}

// ref is the person's reference: the INN's region and a hash of the query.
// The INN is made from it alone, so an application's ticket carries it
// instead of personal data.
func (q INNQuery) ref() string {
	region := q.PassportSeries[:2]
	if region == "00" {
		region = "77"
	}
	sd := seedOf("fns.person", q.LastName, q.FirstName, q.Patronymic, q.BirthDate.Format(time.DateOnly), q.PassportSeries, q.PassportNumber)
	return region + hex.EncodeToString(sd[:6])
}

// innOfRef is the INN of the person with ref.
func innOfRef(ref string) string {
	sd := seedOf("fns.inn", ref)
	serial := sd.digits("serial", 6)
	switch serial {
	case "000000":
		serial = "000001"
	case "999999":
		serial = "999998"
	}
	return withINNCheck(fmt.Sprintf("%s%02d%s", ref[:2], 1+sd.n(0, 51), serial))
}

// FindINN returns the INN of the passport's holder, found false for the
// passport numbers ending in "10", "11" and "12".
func (s *FNSSimulator) FindINN(ctx context.Context, q INNQuery) (string, bool, error) {
	q, err := q.normalised()
	if err != nil {
		return "", false, fmt.Errorf("fns: find INN: %w", err)
	}
	if err := s.l.await(ctx, q.special(), "find", q.ref()); err != nil {
		return "", false, fmt.Errorf("fns: find INN: %w", err)
	}
	if q.hasNoINN() {
		return "", false, nil
	}
	return innOfRef(q.ref()), true, nil
}

const kindFNSINN = "fns.inn"

// ApplyForINN accepts an application; its outcome is in the FNSSimulator's
// table.
func (s *FNSSimulator) ApplyForINN(ctx context.Context, q INNQuery) (Ticket, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	q, err := q.normalised()
	if err != nil {
		return "", fmt.Errorf("fns: apply for INN: %w", err)
	}
	now := s.l.now()
	ref := q.ref()
	if q.special() == down || s.faults.fails(now, "fns.inn", ref) {
		return "", fmt.Errorf("fns: apply for INN: %w", ErrUnavailable)
	}
	d := newTicketData(kindFNSINN, now, ref)
	d.Ref = ref
	switch {
	case q.special() == hang || strings.HasSuffix(q.PassportNumber, "12"):
		d.State = StatePending // never answers
	case strings.HasSuffix(q.PassportNumber, "11"):
		d.answer(StateRejected, ReasonPassportNotConfirmed, now.Add(s.latency))
	default:
		d.answer(StateConfirmed, "", now.Add(s.latency))
	}
	return d.encode(), nil
}

// INNApplication answers any ticket an FNSSimulator issued, in this process
// or another.
func (s *FNSSimulator) INNApplication(ctx context.Context, t Ticket) (INNApplicationResult, error) {
	if err := ctx.Err(); err != nil {
		return INNApplicationResult{}, err
	}
	d, err := decodeTicket(t, kindFNSINN)
	if err != nil || len(d.Ref) != 14 || !isDigits(d.Ref[:2], 2) {
		return INNApplicationResult{}, fmt.Errorf("fns: INN application: %w", ErrUnknownTicket)
	}
	r := d.result(s.l.now(), fnsText)
	out := INNApplicationResult{State: r.State, Reason: r.Reason, Message: r.Message, MessageEn: r.MessageEn, AnsweredAt: r.AnsweredAt}
	if r.State == StateConfirmed {
		out.INN = innOfRef(d.Ref)
	}
	return out, nil
}

func fnsText(r Reason) (ru, en string) {
	if r == ReasonPassportNotConfirmed {
		return "Паспортные данные не подтверждены МВД России", "MVD did not confirm the passport"
	}
	return "ИНН присвоен", "The INN is assigned"
}
