package agency

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/uslugi/uslugi/identity"
)

// GIBDD is the traffic police: it finds the traffic fines issued against a
// driver's licence, a vehicle registration certificate or a plate.
type GIBDD interface {
	// Fines returns the fines that any of the query's documents finds,
	// decided within the last two years, newest first. ErrInvalidRequest: a
	// malformed document (it also wraps the *identity.FieldError), none, or
	// more than MaxFineDocuments. ErrUnavailable: try again later.
	Fines(ctx context.Context, q FineQuery) ([]Fine, error)
}

// MaxFineDocuments is the most documents one FineQuery may hold.
const MaxFineDocuments = 20

// FineQuery is the documents to look fines up by; spaces and Latin
// look-alikes are allowed, as identity's parsers read them.
type FineQuery struct {
	DriverLicences      []string // 10 characters: "99 12 345678"
	VehicleCertificates []string // СТС, 10 characters: "77 УВ 123456"
	Plates              []string // "А123ВС77"
}

// FineDocumentKind is the kind of document that found a fine.
type FineDocumentKind string

// The kinds of documents fines are found by.
const (
	FineByDriverLicence      FineDocumentKind = "DRIVER_LICENCE"
	FineByVehicleCertificate FineDocumentKind = "VEHICLE_CERTIFICATE"
	FineByPlate              FineDocumentKind = "PLATE"
)

// FineDocument is a document of a FineQuery, as identity's parser returns
// it ("9912345678", "А123ВС77").
type FineDocument struct {
	Kind   FineDocumentKind
	Number string
}

// Fine is a decision (постановление) imposing a traffic fine.
type Fine struct {
	// UIN identifies the accrual to pay: 20 or 25 digits starting with 188.
	UIN          string
	DecisionDate time.Time
	// Article of the Code of Administrative Offences (КоАП РФ): article,
	// part: "12.9.2" is article 12.9 part 2.
	Article     string
	Description string // Russian
	Place       string
	// PhotoRef is the camera's photo of the offence; empty when an officer
	// issued the fine.
	PhotoRef      string
	AmountKopecks int64
	// DiscountUntil: paying half the amount before it settles the fine (20
	// days after the decision's day, Art. 32.2 part 1.3 КоАП). Zero for the
	// articles the law excludes from the discount.
	DiscountUntil time.Time
	// Document is the query's document that found the fine.
	Document FineDocument
	Paid     bool
	PaidAt   time.Time // zero unless Paid
}

// fineArticle is an article fines are issued under, with the amount and how
// often cameras and officers issue it (weights).
type fineArticle struct {
	article, description string
	kopecks              int64
	noDiscount           bool // excluded by Art. 32.2 part 1.3 КоАП
	camera, officer      uint64
}

var fineArticles = []fineArticle{
	{"12.9.2", "Превышение установленной скорости движения на величину более 20, но не более 40 км/ч", 500_00, false, 50, 0},
	{"12.9.3", "Превышение установленной скорости движения на величину более 40, но не более 60 км/ч", 1_500_00, false, 10, 0},
	{"12.9.6", "Повторное превышение установленной скорости движения на величину более 40, но не более 60 км/ч", 2_000_00, true, 2, 0},
	{"12.12.1", "Проезд на запрещающий сигнал светофора", 1_000_00, false, 10, 0},
	{"12.16.4", "Несоблюдение требований дорожных знаков или разметки, запрещающих остановку или стоянку", 1_500_00, false, 12, 0},
	{"12.15.4", "Выезд на полосу, предназначенную для встречного движения", 5_000_00, false, 4, 8},
	{"12.18", "Непредоставление преимущества в движении пешеходам", 1_500_00, false, 6, 10},
	{"12.37.2", "Управление транспортным средством без полиса ОСАГО", 800_00, false, 6, 15},
	{"12.6", "Управление транспортным средством водителем, не пристегнутым ремнем безопасности", 1_000_00, false, 0, 25},
	{"12.36.1", "Пользование телефоном во время движения", 1_500_00, false, 0, 15},
	{"12.2.1", "Управление транспортным средством с нечитаемыми государственными регистрационными знаками", 500_00, false, 0, 10},
	{"12.24.1", "Нарушение Правил дорожного движения, повлекшее причинение легкого вреда здоровью потерпевшего", 2_500_00, true, 0, 5},
	{"12.8.1", "Управление транспортным средством водителем, находящимся в состоянии опьянения", 30_000_00, true, 0, 6},
	{"12.26.1", "Невыполнение водителем законного требования о прохождении медицинского освидетельствования на состояние опьянения", 30_000_00, true, 0, 6},
}

// weeklyArticle is the fines of series "5050" (see GIBDDSimulator).
var weeklyArticle = fineArticles[0] // 12.9.2, 500 ₽, discountable

var finePlaces = []string{
	"г. Москва, МКАД, 41 км, внешняя сторона",
	"г. Москва, Ленинский просп., д. 90",
	"г. Москва, ул. Тверская, д. 12",
	"г. Москва, ул. Земляной Вал, д. 27",
	"г. Москва, Варшавское ш., д. 118",
	"г. Москва, ул. Сущёвский Вал, д. 5",
	"г. Москва, Профсоюзная ул., д. 56",
	"Московская обл., г. Химки, Ленинградское ш., д. 1",
	"Московская обл., а/д М-11 «Нева», 58 км",
	"г. Санкт-Петербург, Невский просп., д. 100",
}

// The simulated fines: for each document and each week since fineEpoch, a
// hash decides whether a fine was decided that week (finePerMille in 1000,
// about one in two months), when, under which article and where.
var fineEpoch = time.Date(2020, time.January, 6, 0, 0, 0, 0, moscow) // a Monday

const (
	fineWeek      = 7 * 24 * time.Hour
	finePerMille  = 115
	fineHistory   = 2                   // years of fines returned
	fineAutoPaid  = 300                 // per mille of fines paid outside the portal...
	fineAutoAfter = 90 * 24 * time.Hour // ...this long after the decision
	discountDays  = 20
)

// GIBDDSimulator is a deterministic GIBDD, safe for concurrent use. Besides
// the look-up rules (LookupOptions):
//
//	document                                         fines
//	licence or certificate series "0000"             the agency is down: ErrUnavailable
//	licence or certificate series "9999"             no answer until ctx is done
//	licence or certificate series "5050"             one every Monday, always paid within its discount (below)
//	licence or certificate number ending in "00"     never any
//	plate whose 3-digit number ends in "00" (А100ВС77) never any
//	anything else                                    about one in two months, decided by a hash
//
// Fines from a licence are an officer's (no photo); fines from a certificate
// or a plate come from cameras (PhotoRef set). A fine decided later than the
// clock's time is not returned yet, so new fines appear as the clock moves;
// fines older than two years are no longer returned. A fine is Paid once the
// payments GIS GMP holds for its UIN reach its amount (half of it before
// DiscountUntil); 30% of fines are paid anyway 90 days after the decision,
// as if at a bank.
//
// Series "5050" is a driver who is fined every week and always pays at half
// price, for end-to-end tests of the discount: whatever its number, the
// document has a fine at 00:00 every Monday, Moscow time, under 12.9.2
// (500 ₽, 250 ₽ within the discount) and no others; a fine not paid
// otherwise is paid at a bank an hour before its discount ends. So the
// document always has two or three unpaid fines (fewer once the portal paid
// some), every one of them within its discount, the newest with 14 days of
// it left or more.
type GIBDDSimulator struct {
	l   lookup
	gmp *GISGMPSimulator
}

var _ GIBDD = (*GIBDDSimulator)(nil)

// NewGIBDDSimulator returns a GIBDD simulator reading time from clock (nil:
// time.Now) and payments from register (nil: none).
func NewGIBDDSimulator(clock func() time.Time, register *GISGMPSimulator, opts LookupOptions) *GIBDDSimulator {
	return &GIBDDSimulator{l: newLookup("gibdd", clock, opts), gmp: register}
}

// Fines returns the fines of the query's documents at the clock's time.
func (s *GIBDDSimulator) Fines(ctx context.Context, q FineQuery) ([]Fine, error) {
	docs, err := q.documents()
	if err != nil {
		return nil, fmt.Errorf("gibdd: fines: %w", err)
	}
	sp, parts := ordinary, []string{"fines"}
	for _, d := range docs {
		sp = max(sp, d.special())
		parts = append(parts, string(d.Kind), d.Number)
	}
	if err := s.l.await(ctx, sp, parts...); err != nil {
		return nil, fmt.Errorf("gibdd: fines: %w", err)
	}
	now := s.l.now()
	var out []Fine
	for _, d := range docs {
		out = append(out, s.finesOf(d, now)...)
	}
	slices.SortFunc(out, func(a, b Fine) int {
		return cmp.Or(b.DecisionDate.Compare(a.DecisionDate), cmp.Compare(a.UIN, b.UIN))
	})
	return out, nil
}

func (q FineQuery) documents() ([]FineDocument, error) {
	var docs []FineDocument
	seen := map[FineDocument]bool{}
	for _, src := range []struct {
		kind  FineDocumentKind
		parse func(string) (string, error)
		in    []string
	}{
		{FineByDriverLicence, identity.ParseDriverLicence, q.DriverLicences},
		{FineByVehicleCertificate, identity.ParseVehicleCertificate, q.VehicleCertificates},
		{FineByPlate, identity.ParsePlate, q.Plates},
	} {
		for _, s := range src.in {
			n, err := src.parse(s)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrInvalidRequest, err)
			}
			if d := (FineDocument{src.kind, n}); !seen[d] {
				seen[d] = true
				docs = append(docs, d)
			}
		}
	}
	switch {
	case len(docs) == 0:
		return nil, fmt.Errorf("%w: give a driver's licence, a vehicle registration certificate or a plate", ErrInvalidRequest)
	case len(docs) > MaxFineDocuments:
		return nil, fmt.Errorf("%w: at most %d documents per query", ErrInvalidRequest, MaxFineDocuments)
	}
	return docs, nil
}

func (d FineDocument) special() special {
	if d.Kind == FineByPlate {
		return ordinary
	}
	switch string([]rune(d.Number)[:4]) {
	case "0000":
		return down
	case "9999":
		return hang
	}
	return ordinary
}

// paysAtDiscount reports a document of the weekly fines paid at half price
// (series "5050"; see GIBDDSimulator).
func (d FineDocument) paysAtDiscount() bool {
	return d.Kind != FineByPlate && string([]rune(d.Number)[:4]) == "5050"
}

func (d FineDocument) neverFined() bool {
	rs := []rune(d.Number)
	if d.paysAtDiscount() {
		return false
	}
	if d.Kind == FineByPlate {
		return string(rs[2:4]) == "00"
	}
	return string(rs[8:]) == "00"
}

// finesOf returns d's fines as known at now, oldest first.
func (s *GIBDDSimulator) finesOf(d FineDocument, now time.Time) []Fine {
	if d.neverFined() {
		return nil
	}
	from := now.AddDate(-fineHistory, 0, 0)
	first := max(int(from.Sub(fineEpoch)/fineWeek), 0)
	last := int(now.Sub(fineEpoch) / fineWeek)
	var out []Fine
	for w := first; w <= last; w++ {
		f, ok := fineOfWeek(d, w)
		if !ok || f.DecisionDate.After(now) || !f.DecisionDate.After(from) {
			continue
		}
		s.settle(&f, now)
		out = append(out, f)
	}
	return out
}

// fineOfWeek is d's fine decided in week w since fineEpoch, if any.
func fineOfWeek(d FineDocument, w int) (Fine, bool) {
	sd := seedOf("gibdd.fine", string(d.Kind), d.Number, strconv.Itoa(w))
	weekly := d.paysAtDiscount()
	if !weekly && sd.n(0, 1000) >= finePerMille {
		return Fine{}, false
	}
	camera := d.Kind != FineByDriverLicence
	a := pickArticle(camera, sd.n(1, 1<<32))
	decided := fineEpoch.Add(time.Duration(w)*fineWeek + time.Duration(sd.n(2, 7*24*60))*time.Minute)
	if weekly {
		// At the week's first moment: the week's fine is there all week.
		a, decided = weeklyArticle, fineEpoch.Add(time.Duration(w)*fineWeek)
	}
	var uin string
	if sd.n(3, 5) == 0 {
		uin = withUINCheck("18810" + sd.digits("uin", 19))
	} else {
		uin = withUINCheck("18810" + sd.digits("uin", 14))
	}
	f := Fine{
		UIN:           uin,
		DecisionDate:  decided,
		Article:       a.article,
		Description:   a.description,
		Place:         finePlaces[seedOf(string(sd[:]), "place").n(0, uint64(len(finePlaces)))],
		AmountKopecks: a.kopecks,
		Document:      d,
	}
	if camera {
		f.PhotoRef = "cam-" + sd.digits("camera", 4) + "/" + uin + ".jpg"
	}
	if !a.noDiscount {
		f.DiscountUntil = startOfDay(decided).AddDate(0, 0, discountDays+1)
	}
	return f, true
}

func (a fineArticle) weight(camera bool) uint64 {
	if camera {
		return a.camera
	}
	return a.officer
}

// pickArticle draws an article by its weight for cameras or officers.
func pickArticle(camera bool, draw uint64) fineArticle {
	var total uint64
	for _, a := range fineArticles {
		total += a.weight(camera)
	}
	x := draw % total
	for _, a := range fineArticles {
		if x < a.weight(camera) {
			return a
		}
		x -= a.weight(camera)
	}
	panic("unreachable")
}

// settle marks f paid if GIS GMP holds enough payments for it by now, or if
// it is one of the fines paid outside the portal.
func (s *GIBDDSimulator) settle(f *Fine, now time.Time) {
	var ps []RegisteredPayment
	for _, p := range s.gmp.payments(f.UIN) {
		if !p.PaidAt.After(now) {
			ps = append(ps, p)
		}
	}
	at, ok := paidBy(ps, func(at time.Time) int64 {
		if at.Before(f.DiscountUntil) {
			return (f.AmountKopecks + 1) / 2
		}
		return f.AmountKopecks
	})
	if !ok && f.Document.paysAtDiscount() {
		at = f.DiscountUntil.Add(-time.Hour)
		ok = !at.After(now)
	} else if !ok {
		sd := seedOf("gibdd.paid", f.UIN)
		at = f.DecisionDate.Add(fineAutoAfter + time.Duration(sd.n(1, 24*60))*time.Minute)
		ok = sd.n(0, 1000) < fineAutoPaid && !at.After(now)
	}
	if ok {
		f.Paid, f.PaidAt = true, at
	}
}

// FindFine scans documents of kind, always in the same order, for a fine
// that match accepts at the clock's time, and returns the first; its
// Document is the document to query. It gives up after 100,000 documents.
// It is for tests and demos (a real GIBDD has nothing like it): "a plate
// with an unpaid fine under article 12.9.6" is a call away.
func (s *GIBDDSimulator) FindFine(kind FineDocumentKind, match func(Fine) bool) (Fine, bool) {
	now := s.l.now()
	for i := range 100_000 {
		d, ok := sampleDocument(kind, i)
		if !ok {
			return Fine{}, false
		}
		for _, f := range s.finesOf(d, now) {
			if match(f) {
				return f, true
			}
		}
	}
	return Fine{}, false
}

// sampleDocument is the i-th document of kind FindFine tries.
func sampleDocument(kind FineDocumentKind, i int) (FineDocument, bool) {
	switch kind {
	case FineByDriverLicence:
		return FineDocument{kind, fmt.Sprintf("7700%06d", 100001+i)}, true
	case FineByVehicleCertificate:
		return FineDocument{kind, fmt.Sprintf("7701%06d", 100001+i)}, true
	case FineByPlate:
		l := []rune("АВЕКМНОРСТУХ")
		n := len(l)
		return FineDocument{kind, fmt.Sprintf("%c%03d%c%c77", l[i%n], 1+i/n%999, l[i/(n*999)%n], l[i/(n*n*999)%n])}, true
	}
	return FineDocument{}, false
}
