package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/event"
)

// AccountStore keeps accounts, registrations, sessions, codes, throttles
// and the audit log. It implements account.Store.
type AccountStore struct {
	db    *bun.DB
	clock func() time.Time
}

// NewAccountStore returns a store over db; clock stamps outbox rows.
func NewAccountStore(db *bun.DB, clock func() time.Time) *AccountStore {
	return &AccountStore{db: db, clock: clock}
}

var _ account.Store = (*AccountStore)(nil)

type accountRow struct {
	bun.BaseModel     `bun:"table:accounts,alias:a"`
	ID                string    `bun:"id,pk"`
	Kind              string    `bun:"kind"`
	LastName          string    `bun:"last_name"`
	FirstName         string    `bun:"first_name"`
	Patronymic        string    `bun:"patronymic"`
	Phone             *string   `bun:"phone"`
	Email             *string   `bun:"email"`
	SNILSHash         *string   `bun:"snils_hash"`
	PasswordHash      string    `bun:"password_hash"`
	Tier              string    `bun:"tier"`
	Method            string    `bun:"method"`
	CreatedAt         time.Time `bun:"created_at"`
	PasswordChangedAt time.Time `bun:"password_changed_at"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (r *accountRow) model(roles []account.Role) account.Account {
	return account.Account{ID: r.ID, Kind: account.Kind(r.Kind), LastName: r.LastName, FirstName: r.FirstName,
		Patronymic: r.Patronymic, Phone: str(r.Phone), Email: str(r.Email), SNILSHash: str(r.SNILSHash),
		PasswordHash: r.PasswordHash, Tier: account.Tier(r.Tier), Method: account.Method(r.Method), Roles: roles,
		CreatedAt: r.CreatedAt.UTC(), PasswordChangedAt: r.PasswordChangedAt.UTC()}
}

type registrationRow struct {
	bun.BaseModel `bun:"table:registrations,alias:r"`
	ID            string     `bun:"id,pk"`
	LastName      string     `bun:"last_name"`
	FirstName     string     `bun:"first_name"`
	ContactKind   string     `bun:"contact_kind"`
	Contact       string     `bun:"contact"`
	CodeHash      string     `bun:"code_hash"`
	CodeExpiresAt time.Time  `bun:"code_expires_at"`
	CodeAttempts  int        `bun:"code_attempts"`
	ResendAfter   time.Time  `bun:"resend_after"`
	ConfirmedAt   *time.Time `bun:"confirmed_at"`
	SetupHash     *string    `bun:"setup_hash"`
	SetupExpires  *time.Time `bun:"setup_expires"`
	AccountID     *string    `bun:"account_id"`
	CreatedAt     time.Time  `bun:"created_at"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func timeVal(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.UTC()
}

func registrationFrom(r *account.Registration) *registrationRow {
	return &registrationRow{ID: r.ID, LastName: r.LastName, FirstName: r.FirstName, ContactKind: string(r.ContactKind),
		Contact: r.Contact, CodeHash: r.CodeHash, CodeExpiresAt: r.CodeExpiresAt.UTC(), CodeAttempts: r.CodeAttempts,
		ResendAfter: r.ResendAfter.UTC(), ConfirmedAt: timePtr(r.ConfirmedAt), SetupHash: nullable(r.SetupHash),
		SetupExpires: timePtr(r.SetupExpires), AccountID: nullable(r.AccountID), CreatedAt: r.CreatedAt.UTC()}
}

func (r *registrationRow) model() account.Registration {
	return account.Registration{ID: r.ID, LastName: r.LastName, FirstName: r.FirstName, ContactKind: account.ContactKind(r.ContactKind),
		Contact: r.Contact, CodeHash: r.CodeHash, CodeExpiresAt: r.CodeExpiresAt.UTC(), CodeAttempts: r.CodeAttempts,
		ResendAfter: r.ResendAfter.UTC(), ConfirmedAt: timeVal(r.ConfirmedAt), SetupHash: str(r.SetupHash),
		SetupExpires: timeVal(r.SetupExpires), AccountID: str(r.AccountID), CreatedAt: r.CreatedAt.UTC()}
}

type sessionRow struct {
	bun.BaseModel `bun:"table:sessions,alias:s"`
	ID            string     `bun:"id,pk"`
	AccountID     string     `bun:"account_id"`
	Device        string     `bun:"device"`
	IP            string     `bun:"ip"`
	CreatedAt     time.Time  `bun:"created_at"`
	LastUsedAt    time.Time  `bun:"last_used_at"`
	ExpiresAt     time.Time  `bun:"expires_at"`
	RevokedAt     *time.Time `bun:"revoked_at"`
	Reason        string     `bun:"reason"`
}

func (r *sessionRow) model() account.Session {
	return account.Session{ID: r.ID, AccountID: r.AccountID, Device: r.Device, IP: r.IP, CreatedAt: r.CreatedAt.UTC(),
		LastUsedAt: r.LastUsedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), RevokedAt: timeVal(r.RevokedAt), Reason: r.Reason}
}

type refreshRow struct {
	bun.BaseModel `bun:"table:refresh_tokens,alias:rt"`
	Hash          string     `bun:"hash,pk"`
	SessionID     string     `bun:"session_id"`
	CreatedAt     time.Time  `bun:"created_at"`
	UsedAt        *time.Time `bun:"used_at"`
}

type codeRow struct {
	bun.BaseModel `bun:"table:account_codes,alias:c"`
	ID            string     `bun:"id,pk"`
	Purpose       string     `bun:"purpose"`
	AccountID     string     `bun:"account_id"`
	Channel       string     `bun:"channel"`
	Hash          string     `bun:"hash"`
	ExpiresAt     time.Time  `bun:"expires_at"`
	Attempts      int        `bun:"attempts"`
	UsedAt        *time.Time `bun:"used_at"`
	CreatedAt     time.Time  `bun:"created_at"`
}

func (r *codeRow) model() account.Code {
	return account.Code{ID: r.ID, Purpose: r.Purpose, AccountID: r.AccountID, Channel: account.ContactKind(r.Channel),
		Hash: r.Hash, ExpiresAt: r.ExpiresAt.UTC(), Attempts: r.Attempts, UsedAt: timeVal(r.UsedAt), CreatedAt: r.CreatedAt.UTC()}
}

type throttleRow struct {
	bun.BaseModel `bun:"table:signin_throttles,alias:th"`
	Key           string     `bun:"key,pk"`
	Failures      int        `bun:"failures"`
	WindowStart   time.Time  `bun:"window_start"`
	LastFailure   time.Time  `bun:"last_failure"`
	LockedUntil   *time.Time `bun:"locked_until"`
}

type auditRow struct {
	bun.BaseModel `bun:"table:audit_log,alias:al"`
	ID            int64     `bun:"id,pk,autoincrement"`
	At            time.Time `bun:"at"`
	Action        string    `bun:"action"`
	ActorID       string    `bun:"actor_id"`
	SubjectID     string    `bun:"subject_id"`
	IP            string    `bun:"ip"`
	Details       string    `bun:"details"`
}

// InTx implements account.Store.
func (s *AccountStore) InTx(ctx context.Context, fn func(ctx context.Context, tx account.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, &accountTx{tx: tx, pg: IsPostgres(s.db), clock: s.clock})
	})
}

// Session implements account.Store.
func (s *AccountStore) Session(ctx context.Context, id string) (account.Session, error) {
	return (&accountTx{tx: s.db}).session(ctx, id, false)
}

// AccountByID implements account.Store.
func (s *AccountStore) AccountByID(ctx context.Context, id string) (account.Account, error) {
	return (&accountTx{tx: s.db}).AccountByID(ctx, id)
}

// AuditLog implements account.Store.
func (s *AccountStore) AuditLog(ctx context.Context, f account.AuditFilter, offset, limit int) ([]account.AuditEvent, int, error) {
	var rows []auditRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("al.at DESC, al.id DESC").Offset(int64(offset)).Limit(int64(limit))
	if f.Action != "" {
		q.Where("al.action = ?", f.Action)
	}
	if f.SubjectID != "" {
		q.Where("al.subject_id = ?", f.SubjectID)
	}
	if f.ActorID != "" {
		q.Where("al.actor_id = ?", f.ActorID)
	}
	if !f.Since.IsZero() {
		q.Where("al.at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		q.Where("al.at < ?", f.Until.UTC())
	}
	n, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to read the audit log: %w", err)
	}
	out := make([]account.AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = account.AuditEvent{ID: r.ID, At: r.At.UTC(), Action: r.Action, ActorID: r.ActorID, SubjectID: r.SubjectID, IP: r.IP}
		_ = json.Unmarshal([]byte(r.Details), &out[i].Details)
	}
	return out, int(n), nil
}

type accountTx struct {
	tx    bun.IDB
	pg    bool
	clock func() time.Time
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return account.ErrNotFound
	}
	return fmt.Errorf("store: unable to %s: %w", what, err)
}

// isUniqueViolation recognises a unique index refusing a row, in both
// dialects.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE=23505") || strings.Contains(msg, "23505") || strings.Contains(msg, "UNIQUE constraint failed")
}

func (t *accountTx) forUpdate(q *bun.SelectQuery) *bun.SelectQuery {
	if t.pg {
		q.For("UPDATE")
	}
	return q
}

func (t *accountTx) CreateRegistration(ctx context.Context, r *account.Registration) error {
	if _, err := t.tx.NewInsert().Model(registrationFrom(r)).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to create a registration: %w", err)
	}
	return nil
}

func (t *accountTx) RegistrationForUpdate(ctx context.Context, id string) (account.Registration, error) {
	var row registrationRow
	if err := t.forUpdate(t.tx.NewSelect().Model(&row).Where("r.id = ?", id)).Scan(ctx); err != nil {
		return account.Registration{}, notFound(err, "read a registration")
	}
	return row.model(), nil
}

func (t *accountTx) RegistrationBySetupHash(ctx context.Context, hash string) (account.Registration, error) {
	var row registrationRow
	if err := t.forUpdate(t.tx.NewSelect().Model(&row).Where("r.setup_hash = ?", hash)).Scan(ctx); err != nil {
		return account.Registration{}, notFound(err, "read a registration")
	}
	return row.model(), nil
}

func (t *accountTx) UpdateRegistration(ctx context.Context, r *account.Registration) error {
	if _, err := t.tx.NewUpdate().Model(registrationFrom(r)).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to update a registration: %w", err)
	}
	return nil
}

func (t *accountTx) CreateAccount(ctx context.Context, a *account.Account) error {
	row := &accountRow{ID: a.ID, Kind: string(a.Kind), LastName: a.LastName, FirstName: a.FirstName, Patronymic: a.Patronymic,
		Phone: nullable(a.Phone), Email: nullable(a.Email), SNILSHash: nullable(a.SNILSHash), PasswordHash: a.PasswordHash,
		Tier: string(a.Tier), Method: string(a.Method), CreatedAt: a.CreatedAt.UTC(), PasswordChangedAt: a.PasswordChangedAt.UTC()}
	if t.pg {
		// A failed statement aborts a PostgreSQL transaction; a savepoint
		// keeps it usable after a unique violation.
		if _, err := t.tx.ExecContext(ctx, "SAVEPOINT create_account"); err != nil {
			return fmt.Errorf("store: unable to create an account: %w", err)
		}
	}
	_, err := t.tx.NewInsert().Model(row).Exec(ctx)
	if isUniqueViolation(err) {
		if t.pg {
			if _, err := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT create_account"); err != nil {
				return fmt.Errorf("store: unable to create an account: %w", err)
			}
		}
		return account.ErrContactTaken
	}
	if err != nil {
		return fmt.Errorf("store: unable to create an account: %w", err)
	}
	return nil
}

func (t *accountTx) accountWhere(ctx context.Context, where string, arg any) (account.Account, error) {
	var row accountRow
	if err := t.tx.NewSelect().Model(&row).Where(where, arg).Scan(ctx); err != nil {
		return account.Account{}, notFound(err, "read an account")
	}
	var roles []string
	if err := t.tx.NewSelect().TableExpr("account_roles").Column("role").Where("account_id = ?", row.ID).
		OrderExpr("role").Scan(ctx, &roles); err != nil {
		return account.Account{}, fmt.Errorf("store: unable to read roles: %w", err)
	}
	rs := make([]account.Role, 0, len(roles))
	for _, r := range roles {
		if len(rs) == 0 || rs[len(rs)-1] != account.Role(r) {
			rs = append(rs, account.Role(r))
		}
	}
	return row.model(rs), nil
}

func (t *accountTx) AccountByID(ctx context.Context, id string) (account.Account, error) {
	return t.accountWhere(ctx, "a.id = ?", id)
}

func (t *accountTx) AccountByPhone(ctx context.Context, phone string) (account.Account, error) {
	return t.accountWhere(ctx, "a.phone = ?", phone)
}

func (t *accountTx) AccountByEmail(ctx context.Context, email string) (account.Account, error) {
	return t.accountWhere(ctx, "a.email = ?", email)
}

func (t *accountTx) AccountBySNILSHash(ctx context.Context, hash string) (account.Account, error) {
	return t.accountWhere(ctx, "a.snils_hash = ?", hash)
}

func (t *accountTx) SetPassword(ctx context.Context, accountID, hash string, at time.Time) error {
	_, err := t.tx.NewUpdate().Table("accounts").Set("password_hash = ?", hash).Set("password_changed_at = ?", at.UTC()).
		Where("id = ?", accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to set a password: %w", err)
	}
	return nil
}

func (t *accountTx) CreateSession(ctx context.Context, s *account.Session) error {
	row := &sessionRow{ID: s.ID, AccountID: s.AccountID, Device: s.Device, IP: s.IP, CreatedAt: s.CreatedAt.UTC(),
		LastUsedAt: s.LastUsedAt.UTC(), ExpiresAt: s.ExpiresAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to create a session: %w", err)
	}
	return nil
}

func (t *accountTx) session(ctx context.Context, id string, lock bool) (account.Session, error) {
	var row sessionRow
	q := t.tx.NewSelect().Model(&row).Where("s.id = ?", id)
	if lock {
		q = t.forUpdate(q)
	}
	if err := q.Scan(ctx); err != nil {
		return account.Session{}, notFound(err, "read a session")
	}
	return row.model(), nil
}

func (t *accountTx) SessionForUpdate(ctx context.Context, id string) (account.Session, error) {
	return t.session(ctx, id, true)
}

func (t *accountTx) TouchSession(ctx context.Context, id string, at time.Time) error {
	if _, err := t.tx.NewUpdate().Table("sessions").Set("last_used_at = ?", at.UTC()).Where("id = ?", id).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to touch a session: %w", err)
	}
	return nil
}

func (t *accountTx) RevokeSession(ctx context.Context, id string, at time.Time, reason string) error {
	_, err := t.tx.NewUpdate().Table("sessions").Set("revoked_at = ?", at.UTC()).Set("reason = ?", reason).
		Where("id = ? AND revoked_at IS NULL", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to revoke a session: %w", err)
	}
	return nil
}

func (t *accountTx) RevokeSessions(ctx context.Context, accountID string, at time.Time, reason string) (int, error) {
	res, err := t.tx.NewUpdate().Table("sessions").Set("revoked_at = ?", at.UTC()).Set("reason = ?", reason).
		Where("account_id = ? AND revoked_at IS NULL", accountID).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: unable to revoke sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func (t *accountTx) Sessions(ctx context.Context, accountID string) ([]account.Session, error) {
	var rows []sessionRow
	if err := t.tx.NewSelect().Model(&rows).Where("s.account_id = ?", accountID).OrderExpr("s.last_used_at DESC, s.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to list sessions: %w", err)
	}
	return mapRows(rows, (*sessionRow).model), nil
}

func (t *accountTx) AddRefreshToken(ctx context.Context, rt account.RefreshToken) error {
	row := &refreshRow{Hash: rt.Hash, SessionID: rt.SessionID, CreatedAt: rt.CreatedAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a refresh token: %w", err)
	}
	return nil
}

func (t *accountTx) UseRefreshToken(ctx context.Context, hash string, at time.Time) (account.RefreshToken, error) {
	var row refreshRow
	if err := t.forUpdate(t.tx.NewSelect().Model(&row).Where("rt.hash = ?", hash)).Scan(ctx); err != nil {
		return account.RefreshToken{}, notFound(err, "read a refresh token")
	}
	out := account.RefreshToken{Hash: row.Hash, SessionID: row.SessionID, CreatedAt: row.CreatedAt.UTC(), UsedAt: timeVal(row.UsedAt)}
	if row.UsedAt == nil {
		if _, err := t.tx.NewUpdate().Table("refresh_tokens").Set("used_at = ?", at.UTC()).Where("hash = ?", hash).Exec(ctx); err != nil {
			return account.RefreshToken{}, fmt.Errorf("store: unable to use a refresh token: %w", err)
		}
	}
	return out, nil
}

func (t *accountTx) CreateCode(ctx context.Context, c *account.Code) error {
	row := &codeRow{ID: c.ID, Purpose: c.Purpose, AccountID: c.AccountID, Channel: string(c.Channel), Hash: c.Hash,
		ExpiresAt: c.ExpiresAt.UTC(), Attempts: c.Attempts, UsedAt: timePtr(c.UsedAt), CreatedAt: c.CreatedAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to create a code: %w", err)
	}
	return nil
}

func (t *accountTx) CodeForUpdate(ctx context.Context, hash string) (account.Code, error) {
	var row codeRow
	if err := t.forUpdate(t.tx.NewSelect().Model(&row).Where("c.hash = ?", hash)).Scan(ctx); err != nil {
		return account.Code{}, notFound(err, "read a code")
	}
	return row.model(), nil
}

func (t *accountTx) LatestCode(ctx context.Context, accountID, purpose string) (account.Code, error) {
	var row codeRow
	q := t.tx.NewSelect().Model(&row).Where("c.account_id = ? AND c.purpose = ?", accountID, purpose).
		OrderExpr("c.created_at DESC, c.id DESC").Limit(1)
	if err := t.forUpdate(q).Scan(ctx); err != nil {
		return account.Code{}, notFound(err, "read a code")
	}
	return row.model(), nil
}

func (t *accountTx) UpdateCode(ctx context.Context, c *account.Code) error {
	_, err := t.tx.NewUpdate().Table("account_codes").Set("attempts = ?", c.Attempts).Set("used_at = ?", timePtr(c.UsedAt)).
		Where("id = ?", c.ID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to update a code: %w", err)
	}
	return nil
}

func (t *accountTx) Throttle(ctx context.Context, key string) (account.Throttle, error) {
	var row throttleRow
	if err := t.forUpdate(t.tx.NewSelect().Model(&row).Where("th.key = ?", key)).Scan(ctx); err != nil {
		return account.Throttle{}, notFound(err, "read a throttle")
	}
	return account.Throttle{Key: row.Key, Failures: row.Failures, WindowStart: row.WindowStart.UTC(),
		LastFailure: row.LastFailure.UTC(), LockedUntil: timeVal(row.LockedUntil)}, nil
}

func (t *accountTx) SaveThrottle(ctx context.Context, th account.Throttle) error {
	row := &throttleRow{Key: th.Key, Failures: th.Failures, WindowStart: th.WindowStart.UTC(), LastFailure: th.LastFailure.UTC(),
		LockedUntil: timePtr(th.LockedUntil)}
	_, err := t.tx.NewInsert().Model(row).On("CONFLICT (key) DO UPDATE").
		Set("failures = EXCLUDED.failures, window_start = EXCLUDED.window_start, last_failure = EXCLUDED.last_failure, locked_until = EXCLUDED.locked_until").
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to save a throttle: %w", err)
	}
	return nil
}

func (t *accountTx) DeleteThrottle(ctx context.Context, key string) error {
	if _, err := t.tx.NewDelete().Table("signin_throttles").Where("key = ?", key).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to clear a throttle: %w", err)
	}
	return nil
}

func (t *accountTx) Audit(ctx context.Context, e account.AuditEvent) error {
	details := "{}"
	if len(e.Details) > 0 {
		b, err := json.Marshal(e.Details)
		if err != nil {
			return err
		}
		details = string(b)
	}
	row := &auditRow{At: e.At.UTC(), Action: e.Action, ActorID: e.ActorID, SubjectID: e.SubjectID, IP: e.IP, Details: details}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to write the audit log: %w", err)
	}
	return nil
}

func (t *accountTx) AddEvent(ctx context.Context, e event.Event) error {
	_, err := AddEvent(ctx, t.tx, t.clock(), e)
	return err
}
