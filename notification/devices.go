package notification

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uslugi/uslugi/event"
)

// Platform is where a device's app runs.
type Platform string

// Platforms.
const (
	PlatformAndroid Platform = "ANDROID"
	PlatformIOS     Platform = "IOS"
	PlatformWeb     Platform = "WEB"
)

// Device is a phone or browser that receives push notifications, by its
// FCM registration token.
type Device struct {
	Token      string
	AccountID  string
	Platform   Platform
	AppVersion string
	Locale     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	// Topics are the FCM topics FCM confirmed the token is on.
	Topics []string
}

// DeviceStore keeps devices. A token belongs to one account: registering
// it again moves it.
type DeviceStore interface {
	// UpsertDevice registers d and adds events to the outbox, together.
	UpsertDevice(ctx context.Context, d Device, events ...event.Event) error
	// DeleteDevice removes the account's device and says whether it had
	// it; events(device) go to the outbox with the deletion.
	DeleteDevice(ctx context.Context, accountID, token string, events func(Device) ([]event.Event, error)) (bool, error)
	Devices(ctx context.Context, accountID string) ([]Device, error)
	// DeleteStaleDevices removes devices not seen since before.
	DeleteStaleDevices(ctx context.Context, before time.Time) (int, error)
}

// FieldError is a problem with one input field, in both languages.
type FieldError struct {
	Field, Code, Ru, En string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.En }

// Devices registers the citizen's devices for push.
type Devices struct {
	store DeviceStore
	clock func() time.Time
}

// NewDevices returns the device registry.
func NewDevices(store DeviceStore, clock func() time.Time) *Devices {
	if clock == nil {
		clock = time.Now
	}
	return &Devices{store: store, clock: clock}
}

// Register records a device for the account; a token another account
// registered before moves to this one (a phone changed hands or users).
func (d *Devices) Register(ctx context.Context, accountID string, dev Device) (Device, error) {
	dev.Token = strings.TrimSpace(dev.Token)
	switch {
	case len(dev.Token) < 20 || len(dev.Token) > 4096 || strings.ContainsAny(dev.Token, " \t\n"):
		return Device{}, &FieldError{"token", "INVALID", "Неверный токен устройства: передайте токен регистрации FCM", "invalid device token: pass the FCM registration token"}
	case dev.Platform != PlatformAndroid && dev.Platform != PlatformIOS && dev.Platform != PlatformWeb:
		return Device{}, &FieldError{"platform", "INVALID", "Укажите платформу: ANDROID, IOS или WEB", "give the platform: ANDROID, IOS or WEB"}
	case utf8.RuneCountInString(dev.AppVersion) > 32:
		return Device{}, &FieldError{"appVersion", "TOO_LONG", "Версия приложения длиннее 32 знаков", "the app version is longer than 32 characters"}
	}
	dev.Locale = strings.ToLower(strings.TrimSpace(dev.Locale))
	if dev.Locale != "en" {
		dev.Locale = "ru"
	}
	now := d.clock().UTC()
	dev.AccountID, dev.CreatedAt, dev.LastSeenAt = accountID, now, now
	// The device goes on the topics of its (maybe new) owner's place.
	ev, err := SyncTopicsEvent(accountID)
	if err != nil {
		return Device{}, err
	}
	if err := d.store.UpsertDevice(ctx, dev, ev); err != nil {
		return Device{}, err
	}
	return dev, nil
}

// Unregister forgets the account's device (sign-out on the phone) and takes
// it off its topics, so news stop reaching a phone nobody is signed in on.
func (d *Devices) Unregister(ctx context.Context, accountID, token string) (bool, error) {
	return d.store.DeleteDevice(ctx, accountID, strings.TrimSpace(token), func(dev Device) ([]event.Event, error) {
		if len(dev.Topics) == 0 {
			return nil, nil
		}
		ev, err := UnsubscribeEvent(dev)
		return []event.Event{ev}, err
	})
}

// List returns the account's devices.
func (d *Devices) List(ctx context.Context, accountID string) ([]Device, error) {
	return d.store.Devices(ctx, accountID)
}

// DropStale removes devices not seen for ttl (FCM tokens of apps that are
// gone stop working; FCM advises pruning after about two months).
func (d *Devices) DropStale(ctx context.Context, ttl time.Duration) (int, error) {
	return d.store.DeleteStaleDevices(ctx, d.clock().UTC().Add(-ttl))
}
