package account

import (
	"context"
	"errors"
	"time"

	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// Store is what accounts need from persistence. Every change runs inside
// InTx, so a state change and the events and audit rows it causes commit
// together.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
	// Session and AccountByID read outside a transaction (each request's
	// authentication).
	Session(ctx context.Context, id string) (Session, error)
	AccountByID(ctx context.Context, id string) (Account, error)
	AuditLog(ctx context.Context, f AuditFilter, offset, limit int) ([]AuditEvent, int, error)
}

// Tx is the store bound to one transaction. Lookups return ErrNotFound
// when nothing matches. "ForUpdate" lookups lock the row on PostgreSQL (on
// SQLite the transaction already holds the write lock).
type Tx interface {
	CreateRegistration(ctx context.Context, r *Registration) error
	RegistrationForUpdate(ctx context.Context, id string) (Registration, error)
	RegistrationBySetupHash(ctx context.Context, hash string) (Registration, error)
	UpdateRegistration(ctx context.Context, r *Registration) error

	// CreateAccount returns ErrContactTaken when the phone, email or SNILS
	// already has an account (a unique index decides, so two registrations
	// racing make one account).
	CreateAccount(ctx context.Context, a *Account) error
	AccountByID(ctx context.Context, id string) (Account, error)
	AccountByPhone(ctx context.Context, phone string) (Account, error)
	AccountByEmail(ctx context.Context, email string) (Account, error)
	AccountBySNILSHash(ctx context.Context, hash string) (Account, error)
	SetPassword(ctx context.Context, accountID, hash string, at time.Time) error

	CreateSession(ctx context.Context, s *Session) error
	SessionForUpdate(ctx context.Context, id string) (Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	RevokeSession(ctx context.Context, id string, at time.Time, reason string) error
	// RevokeSessions ends every active session of the account and says
	// how many.
	RevokeSessions(ctx context.Context, accountID string, at time.Time, reason string) (int, error)
	Sessions(ctx context.Context, accountID string) ([]Session, error)
	AddRefreshToken(ctx context.Context, t RefreshToken) error
	// UseRefreshToken marks the token used and returns it as it was before;
	// a token used already comes back with UsedAt set and stays as it was.
	UseRefreshToken(ctx context.Context, hash string, at time.Time) (RefreshToken, error)

	CreateCode(ctx context.Context, c *Code) error
	CodeForUpdate(ctx context.Context, hash string) (Code, error)
	LatestCode(ctx context.Context, accountID, purpose string) (Code, error)
	UpdateCode(ctx context.Context, c *Code) error

	Throttle(ctx context.Context, key string) (Throttle, error)
	SaveThrottle(ctx context.Context, t Throttle) error
	DeleteThrottle(ctx context.Context, key string) error

	Audit(ctx context.Context, e AuditEvent) error
	AddEvent(ctx context.Context, e event.Event) error

	SetTier(ctx context.Context, accountID string, tier Tier) error
	SetConfirmation(ctx context.Context, accountID string, tier Tier, method Method) error
	GrantRole(ctx context.Context, accountID string, g RoleGrant) error
	RevokeRole(ctx context.Context, accountID string, role Role, scope string) error
	RoleGrants(ctx context.Context, accountID string) ([]RoleGrant, error)

	CreateLetter(ctx context.Context, l *Letter) error
	LetterForUpdate(ctx context.Context, id string) (Letter, error)
	LatestLetter(ctx context.Context, accountID string) (Letter, error)
	SetLetterSent(ctx context.Context, id, trackingNumber string, at time.Time) error
	// UpdateLetterAttempts stores the tries; a non-zero usedAt spends the code.
	UpdateLetterAttempts(ctx context.Context, id string, attempts int, usedAt time.Time) error

	// CreateOrganisation returns ErrContactTaken when the INN is taken.
	CreateOrganisation(ctx context.Context, o Organisation) error
	// AddMember adds or changes a person's role in an organisation.
	AddMember(ctx context.Context, m Member) error
	Member(ctx context.Context, orgID, accountID string) (Member, error)
	// Organisations returns the account's organisations and its
	// membership of each, in the same order.
	Organisations(ctx context.Context, accountID string) ([]Organisation, []Member, error)

	// AddChild returns ErrContactTaken when the parent added this
	// certificate already.
	AddChild(ctx context.Context, c Child) error
	Children(ctx context.Context, parentID string) ([]Child, error)

	CreateSignatureChallenge(ctx context.Context, c SignatureChallenge) error
	// SpendSignatureChallenge returns the challenge and deletes it; an
	// expired one is ErrNotFound too.
	SpendSignatureChallenge(ctx context.Context, id string, now time.Time) (SignatureChallenge, error)
	// SavePersonalData returns ErrContactTaken when the SNILS belongs to
	// another account.
	SavePersonalData(ctx context.Context, d SealedPersonalData) error
	PersonalData(ctx context.Context, accountID string) (SealedPersonalData, error)
	CreateVerification(ctx context.Context, v *Verification) error
	VerificationForUpdate(ctx context.Context, id string) (Verification, error)
	RunningVerification(ctx context.Context, accountID string) (Verification, error)
	LatestVerification(ctx context.Context, accountID string) (Verification, error)
	UpdateVerification(ctx context.Context, v *Verification) error

	AddNotification(ctx context.Context, n notification.Notification) error
	// NotificationForDelivery locks the notification and says whether it
	// was delivered already.
	NotificationForDelivery(ctx context.Context, id string) (notification.Notification, bool, error)
	MarkNotificationDelivered(ctx context.Context, id string, at time.Time) error
	NotificationPreferences(ctx context.Context, accountID string) (notification.Preferences, error)
	// NotificationForPush locks the notification and says whether it was
	// pushed already.
	NotificationForPush(ctx context.Context, id string) (notification.Notification, bool, error)
	MarkNotificationPushed(ctx context.Context, id string, at time.Time) error
	RecordAttempts(ctx context.Context, attempts []notification.Attempt) error
	DevicesOf(ctx context.Context, accountID string) ([]notification.Device, error)
	DeleteDeviceTokens(ctx context.Context, tokens []string) error
	UnreadCount(ctx context.Context, accountID string) (int, error)

	// StaffTx lists role holders for the administrators (staff.go).
	StaffTx
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Action    string
	SubjectID string
	ActorID   string
	Since     time.Time
	Until     time.Time
}

// Store errors.
var (
	ErrNotFound     = errors.New("not found")
	ErrContactTaken = errors.New("contact already has an account")
)

// Passwords hashes and checks passwords (argon2id).
type Passwords interface {
	Hash(pw string) (string, error)
	Verify(encoded, pw string) (bool, error)
	// Dummy spends the time a Verify would, so an unknown login answers
	// as slowly as a wrong password.
	Dummy(pw string)
}

// Secrets makes and hashes one-time codes and tokens, signs access tokens
// and seals message texts.
type Secrets interface {
	NewCode(digits int) (string, error)
	NewToken() (string, error)
	// HashToken is a keyed hash: a leaked table cannot be checked offline.
	HashToken(token string) string
	// LookupHash is the keyed hash of an identifier (SNILS) for look-ups.
	LookupHash(kind, value string) string
	SignAccess(p Principal, now time.Time, ttl time.Duration) (string, error)
	ParseAccess(token string, now time.Time) (Principal, error)
	Seal(plaintext, context string) ([]byte, error)
	Open(ciphertext []byte, context string) (string, error)
}
