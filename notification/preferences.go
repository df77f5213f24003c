package notification

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uslugi/uslugi/event"
)

// Category groups notifications for preferences.
type Category string

// Categories. SECURITY (codes, sign-in from a new device, password change)
// cannot be turned off.
const (
	CategorySecurity     Category = "SECURITY"
	CategoryAccount      Category = "ACCOUNT"
	CategoryFines        Category = "FINES"
	CategoryTaxes        Category = "TAXES"
	CategoryApplications Category = "APPLICATIONS"
	CategoryDocuments    Category = "DOCUMENTS"
	CategoryHearings     Category = "HEARINGS"
	CategoryNews         Category = "NEWS"
)

// Categories lists every category, in the order apps show them.
func Categories() []Category {
	return []Category{CategorySecurity, CategoryAccount, CategoryFines, CategoryTaxes, CategoryApplications,
		CategoryDocuments, CategoryHearings, CategoryNews}
}

// PrefChannel is a way a notification travels.
type PrefChannel string

// Channels.
const (
	PrefPush  PrefChannel = "PUSH"
	PrefSMS   PrefChannel = "SMS"
	PrefEmail PrefChannel = "EMAIL"
)

// Channels lists every channel.
func Channels() []PrefChannel { return []PrefChannel{PrefPush, PrefSMS, PrefEmail} }

// CategoryOf is the category of a kind of notification.
func CategoryOf(k Kind) Category {
	switch k {
	case KindVerificationSucceeded, KindVerificationFailed, KindIdentityConfirmed, KindConfirmationLetter:
		return CategoryAccount
	}
	if i := strings.Index(string(k), "_"); i > 0 {
		switch Category(k[:i]) {
		case CategoryFines, CategoryTaxes, CategoryApplications, CategoryDocuments, CategoryHearings, CategoryNews:
			return Category(k[:i])
		}
	}
	return CategoryAccount
}

// DefaultOn is whether a channel is on for a category before the citizen
// chooses: push for everything; SMS for the account and fines (money and
// deadlines); email for the account, applications and documents.
func DefaultOn(c Category, ch PrefChannel) bool {
	switch ch {
	case PrefPush:
		return true
	case PrefSMS:
		return c == CategorySecurity || c == CategoryAccount || c == CategoryFines
	default:
		return c == CategorySecurity || c == CategoryAccount || c == CategoryApplications || c == CategoryDocuments
	}
}

// Locked reports whether a preference cannot be changed.
func Locked(c Category) bool { return c == CategorySecurity }

// Preferences are a citizen's choices: the channels he turned away from
// their defaults, and quiet hours.
type Preferences struct {
	// Overrides holds "CATEGORY/CHANNEL" → on or off, where it differs
	// from DefaultOn.
	Overrides map[string]bool
	Quiet     *QuietHours
}

// Enabled says whether a channel is on for a category.
func (p Preferences) Enabled(c Category, ch PrefChannel) bool {
	if Locked(c) {
		return true
	}
	if v, ok := p.Overrides[string(c)+"/"+string(ch)]; ok {
		return v
	}
	return DefaultOn(c, ch)
}

// QuietHours hold non-urgent notifications from Start to End (minutes
// after midnight) in the citizen's time zone; End before Start spans
// midnight.
type QuietHours struct {
	Start, End int
	TimeZone   string
}

// ParseQuietHours reads "22:00", "08:00" and an IANA zone.
func ParseQuietHours(start, end, zone string) (*QuietHours, error) {
	parse := func(s string) (int, error) {
		t, err := time.Parse("15:04", strings.TrimSpace(s))
		if err != nil {
			return 0, fmt.Errorf("give the time as HH:MM")
		}
		return t.Hour()*60 + t.Minute(), nil
	}
	s, err := parse(start)
	if err != nil {
		return nil, &FieldError{"start", "BAD_TIME", "Укажите время как ЧЧ:ММ", "give the time as HH:MM"}
	}
	e, err := parse(end)
	if err != nil {
		return nil, &FieldError{"end", "BAD_TIME", "Укажите время как ЧЧ:ММ", "give the time as HH:MM"}
	}
	if s == e {
		return nil, &FieldError{"end", "EMPTY", "Начало и конец тихих часов совпадают", "quiet hours start and end at the same time"}
	}
	if _, err := time.LoadLocation(zone); err != nil || zone == "" || zone == "Local" {
		return nil, &FieldError{"timeZone", "UNKNOWN_ZONE", "Укажите часовой пояс, например Europe/Moscow", "give a time zone such as Europe/Moscow"}
	}
	return &QuietHours{Start: s, End: e, TimeZone: zone}, nil
}

// HoldUntil says until when a non-urgent notification waits at now: the
// end of the quiet hours if now falls in them, else now.
func (q *QuietHours) HoldUntil(now time.Time) time.Time {
	if q == nil {
		return now
	}
	loc, err := time.LoadLocation(q.TimeZone)
	if err != nil {
		return now
	}
	local := now.In(loc)
	m := local.Hour()*60 + local.Minute()
	in := (q.Start < q.End && m >= q.Start && m < q.End) || (q.Start > q.End && (m >= q.Start || m < q.End))
	if !in {
		return now
	}
	end := time.Date(local.Year(), local.Month(), local.Day(), q.End/60, q.End%60, 0, 0, loc)
	if !end.After(local) {
		end = end.AddDate(0, 0, 1)
	}
	return end.UTC()
}

// PreferenceStore keeps preferences.
type PreferenceStore interface {
	Preferences(ctx context.Context, accountID string) (Preferences, error)
	// SavePreferences saves p and adds events to the outbox, together.
	SavePreferences(ctx context.Context, accountID string, p Preferences, events ...event.Event) error
}

// Settings changes a citizen's preferences.
type Settings struct {
	store PreferenceStore
}

// NewSettings returns the preference service.
func NewSettings(store PreferenceStore) *Settings { return &Settings{store: store} }

// Get returns the account's preferences.
func (s *Settings) Get(ctx context.Context, accountID string) (Preferences, error) {
	return s.store.Preferences(ctx, accountID)
}

// Set turns a channel of a category on or off; security messages cannot be
// turned off.
func (s *Settings) Set(ctx context.Context, accountID string, c Category, ch PrefChannel, on bool) (Preferences, error) {
	valid := false
	for _, x := range Categories() {
		valid = valid || x == c
	}
	if !valid {
		return Preferences{}, &FieldError{"category", "INVALID", "Неизвестная категория", "unknown category"}
	}
	if ch != PrefPush && ch != PrefSMS && ch != PrefEmail {
		return Preferences{}, &FieldError{"channel", "INVALID", "Укажите канал: PUSH, SMS или EMAIL", "give the channel: PUSH, SMS or EMAIL"}
	}
	if Locked(c) && !on {
		return Preferences{}, &FieldError{"category", "LOCKED", "Сообщения безопасности (коды, вход с нового устройства, смена пароля) отключить нельзя",
			"security messages (codes, sign-in from a new device, password change) cannot be turned off"}
	}
	p, err := s.store.Preferences(ctx, accountID)
	if err != nil {
		return p, err
	}
	key := string(c) + "/" + string(ch)
	if on == DefaultOn(c, ch) {
		delete(p.Overrides, key)
	} else {
		p.Overrides[key] = on
	}
	var events []event.Event
	if c == CategoryNews && ch == PrefPush {
		// News pushes go through topics: follow the choice there.
		ev, err := SyncTopicsEvent(accountID)
		if err != nil {
			return p, err
		}
		events = append(events, ev)
	}
	return p, s.store.SavePreferences(ctx, accountID, p, events...)
}

// SetQuietHours sets (or, with q nil, clears) the quiet hours.
func (s *Settings) SetQuietHours(ctx context.Context, accountID string, q *QuietHours) (Preferences, error) {
	p, err := s.store.Preferences(ctx, accountID)
	if err != nil {
		return p, err
	}
	p.Quiet = q
	return p, s.store.SavePreferences(ctx, accountID, p)
}
