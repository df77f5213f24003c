package account

import "time"

// Kind is who holds an account.
type Kind string

// Kinds of account.
const (
	KindCitizen Kind = "CITIZEN" // a citizen of the Russian Federation
	KindForeign Kind = "FOREIGN" // a foreign citizen
)

// Method is how an account's identity was confirmed.
type Method string

// Confirmation methods.
const (
	MethodNone           Method = "NONE"
	MethodInPerson       Method = "IN_PERSON"
	MethodRegisteredMail Method = "REGISTERED_MAIL"
	MethodSignature      Method = "SIGNATURE"
)

// Role is what a person may do beyond being a citizen.
type Role string

// Roles.
const (
	RoleCitizen          Role = "CITIZEN"
	RoleOperator         Role = "OPERATOR"
	RoleOfficer          Role = "OFFICER"
	RoleMunicipalOfficer Role = "MUNICIPAL_OFFICER"
	RoleAdmin            Role = "ADMIN"
)

// ContactKind is a phone or an email.
type ContactKind string

// Contact kinds.
const (
	ContactPhone ContactKind = "PHONE"
	ContactEmail ContactKind = "EMAIL"
)

// Account is a person's account on the portal.
type Account struct {
	ID                string
	Kind              Kind
	LastName          string
	FirstName         string
	Patronymic        string
	Phone             string // E.164, or empty
	Email             string // lowercased, or empty
	SNILSHash         string // keyed hash of the SNILS for sign-in, or empty
	PasswordHash      string
	Tier              Tier
	Method            Method
	Roles             []Role
	CreatedAt         time.Time
	PasswordChangedAt time.Time
}

// HasRole reports whether a holds r (every account is a citizen).
func (a *Account) HasRole(r Role) bool {
	if r == RoleCitizen {
		return true
	}
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Registration is a sign-up in progress: the contact is being confirmed.
type Registration struct {
	ID            string
	LastName      string
	FirstName     string
	ContactKind   ContactKind
	Contact       string
	CodeHash      string
	CodeExpiresAt time.Time
	CodeAttempts  int
	ResendAfter   time.Time
	ConfirmedAt   time.Time // zero until the contact is confirmed
	SetupHash     string    // hash of the token that lets the password be set
	SetupExpires  time.Time
	AccountID     string // set once the account exists
	CreatedAt     time.Time
}

// Session is one signed-in device: a family of refresh tokens, each used
// once. Reusing an old one revokes the session.
type Session struct {
	ID         string
	AccountID  string
	Device     string
	IP         string
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
	Reason     string
}

// Active reports whether s can still be used at now.
func (s *Session) Active(now time.Time) bool {
	return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt)
}

// RefreshToken is one link of a session's chain.
type RefreshToken struct {
	Hash      string
	SessionID string
	CreatedAt time.Time
	UsedAt    time.Time
}

// Code is a one-time code or link token sent for recovery.
type Code struct {
	ID        string
	Purpose   string
	AccountID string
	Channel   ContactKind
	Hash      string
	ExpiresAt time.Time
	Attempts  int
	UsedAt    time.Time
	CreatedAt time.Time
}

// Throttle counts failed sign-ins of one login or one client address.
type Throttle struct {
	Key         string
	Failures    int
	WindowStart time.Time
	LastFailure time.Time
	LockedUntil time.Time
}

// AuditEvent is one security event, kept for administrators.
type AuditEvent struct {
	ID        int64
	At        time.Time
	Action    string
	ActorID   string
	SubjectID string
	IP        string
	Details   map[string]string
}

// Principal is who makes a request, as its access token says.
type Principal struct {
	AccountID string
	SessionID string
	Tier      Tier
	Method    Method
	Roles     []Role
	// ExpiresAt is when the access token ends (a websocket closes then).
	ExpiresAt time.Time
}

// HasRole reports whether the principal holds r.
func (p *Principal) HasRole(r Role) bool {
	if r == RoleCitizen {
		return true
	}
	for _, x := range p.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Client is where a request comes from.
type Client struct {
	IP     string
	Device string // the User-Agent, shortened
}
