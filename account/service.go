package account

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/identity"
	"github.com/uslugi/uslugi/notification"
)

// Rules with numbers, from the portal's published rules where it has them.
const (
	PhoneCodeDigits   = 6
	PhoneCodeTTL      = 5 * time.Minute // DOMAIN.md: the SMS code is entered within 5 minutes
	EmailLinkTTL      = 72 * time.Hour  // DOMAIN.md: the email link is valid for 3 days
	ResendCooldown    = time.Minute     // a new code before the old expires, at most once a minute
	MaxCodeAttempts   = 5               // the fifth wrong try burns the code
	SetupTokenTTL     = time.Hour       // time to set the password after confirming the contact
	RecoveryEmailTTL  = 24 * time.Hour
	DefaultAccessTTL  = 10 * time.Minute
	DefaultRefreshTTL = 30 * 24 * time.Hour
	// DefaultVerificationDeadline: checks usually finish in minutes,
	// sometimes in hours; a day without an answer fails the verification.
	DefaultVerificationDeadline = 24 * time.Hour
)

// Config tunes the service.
type Config struct {
	AccessTTL  time.Duration
	RefreshTTL time.Duration
	// PublicURL is where links in emails point, e.g. https://uslugi.example.
	PublicURL string
	// VerificationDeadline is how long verification waits for the
	// agencies before it fails with "try again".
	VerificationDeadline time.Duration
}

// Service runs the account rules: registration, sign-in, sessions,
// recovery. Every rule is checked inside the transaction that changes the
// state.
type Service struct {
	store      Store
	passwords  Passwords
	secrets    Secrets
	clock      func() time.Time
	places     Places
	agencies   Agencies
	scopes     Scopes
	signatures SignatureVerifier
	publisher  notification.Publisher
	// verifications is told when a verification changes; may be nil.
	verifications VerificationPublisher
	push          PushSender
	cfg           Config
}

// Deps are the services accounts use.
type Deps struct {
	Passwords Passwords
	Secrets   Secrets
	Clock     func() time.Time
	Places    Places
	Agencies  Agencies
	Scopes    Scopes
	// Signatures is nil when no trusted certification centres are set up.
	Signatures SignatureVerifier
	// Publisher tells live subscriptions of new feed rows; may be nil.
	Publisher notification.Publisher
	// Verifications tells live subscriptions that a verification changed;
	// may be nil.
	Verifications VerificationPublisher
	// Push sends to phones; nil sends no pushes.
	Push PushSender
}

// New returns the account service.
func New(store Store, deps Deps, cfg Config) *Service {
	if cfg.AccessTTL <= 0 {
		cfg.AccessTTL = DefaultAccessTTL
	}
	if cfg.RefreshTTL <= 0 {
		cfg.RefreshTTL = DefaultRefreshTTL
	}
	if cfg.VerificationDeadline <= 0 {
		cfg.VerificationDeadline = DefaultVerificationDeadline
	}
	if deps.Clock == nil {
		deps.Clock = time.Now
	}
	return &Service{store: store, passwords: deps.Passwords, secrets: deps.Secrets, clock: deps.Clock,
		places: deps.Places, agencies: deps.Agencies, scopes: deps.Scopes, signatures: deps.Signatures, publisher: deps.Publisher,
		verifications: deps.Verifications, push: deps.Push, cfg: cfg}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

func newID() string { return uuid.NewString() }

// send writes a message to the outbox of tx: it leaves when tx commits.
func (s *Service) send(ctx context.Context, tx Tx, ch notification.Channel, to, subject, text string) error {
	return s.sendFor(ctx, tx, "", ch, to, subject, text)
}

// sendFor is send for the feed notification notificationID, whose delivery
// attempts the message job records.
func (s *Service) sendFor(ctx context.Context, tx Tx, notificationID string, ch notification.Channel, to, subject, text string) error {
	sealed, err := s.secrets.Seal(text, notification.SealContext)
	if err != nil {
		return fmt.Errorf("account: unable to seal a message: %w", err)
	}
	ev, err := notification.SendEvent(notification.Message{Channel: ch, To: to, Subject: subject, SealedText: sealed,
		NotificationID: notificationID})
	if err != nil {
		return err
	}
	return tx.AddEvent(ctx, ev)
}

func (s *Service) audit(ctx context.Context, tx Tx, action, actor, subject string, c Client, details map[string]string) error {
	return tx.Audit(ctx, AuditEvent{At: s.now(), Action: action, ActorID: actor, SubjectID: subject, IP: c.IP, Details: details})
}

// Audit actions.
const (
	AuditRegistered      = "account.registered"
	AuditCodeSent        = "code.sent"
	AuditCodeFailed      = "code.failed"
	AuditCodeBurned      = "code.burned"
	AuditSignIn          = "signin.success"
	AuditSignInFailed    = "signin.failure"
	AuditLockout         = "signin.lockout"
	AuditRefreshReuse    = "session.refresh_reuse"
	AuditSignOut         = "session.signout"
	AuditSessionRevoked  = "session.revoked"
	AuditPasswordChanged = "password.changed"
	AuditRecoveryAsked   = "recovery.requested"
)

func fieldErr(field, code, ru, en string) *identity.FieldError {
	return &identity.FieldError{Field: field, Code: code, Ru: ru, En: en}
}
