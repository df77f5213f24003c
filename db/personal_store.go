package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/notification"
)

type personalRow struct {
	bun.BaseModel `bun:"table:personal_data,alias:pd"`
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
	SNILSSealed   []byte    `bun:"snils_sealed"`
	SNILSHash     *string   `bun:"snils_hash"`
	BirthPlace    string    `bun:"birth_place"`
	RegionCode    string    `bun:"region_code"`
	OKTMO         string    `bun:"oktmo"`
	Address       string    `bun:"address"`
	UpdatedAt     time.Time `bun:"updated_at"`
}

// SavePersonalData implements account.Tx. It also ties the SNILS to the
// account for sign-in; either unique index refusing it means another
// account has this SNILS.
func (t *accountTx) SavePersonalData(ctx context.Context, d account.SealedPersonalData) error {
	row := &personalRow{AccountID: d.AccountID, LastName: d.LastName, FirstName: d.FirstName, Patronymic: d.Patronymic,
		BirthDate: d.BirthDate.UTC(), Sex: string(d.Sex), Citizenship: d.Citizenship, DocKind: string(d.DocKind),
		DocSealed: d.DocSealed, DocHash: d.DocHash, DocIssuedOn: d.DocIssuedOn.UTC(), DocIssuer: d.DocIssuer,
		SNILSSealed: d.SNILSSealed, SNILSHash: nullable(d.SNILSHash), BirthPlace: d.BirthPlace, RegionCode: d.RegionCode,
		OKTMO: d.OKTMO, Address: d.Address, UpdatedAt: d.UpdatedAt.UTC()}
	if t.pg {
		if _, err := t.tx.ExecContext(ctx, "SAVEPOINT personal_data"); err != nil {
			return fmt.Errorf("store: unable to save personal data: %w", err)
		}
	}
	_, err := t.tx.NewInsert().Model(row).On("CONFLICT (account_id) DO UPDATE").
		Set("last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name, patronymic = EXCLUDED.patronymic, " +
			"birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, citizenship = EXCLUDED.citizenship, doc_kind = EXCLUDED.doc_kind, " +
			"doc_sealed = EXCLUDED.doc_sealed, doc_hash = EXCLUDED.doc_hash, doc_issued_on = EXCLUDED.doc_issued_on, " +
			"doc_issuer = EXCLUDED.doc_issuer, snils_sealed = EXCLUDED.snils_sealed, snils_hash = EXCLUDED.snils_hash, " +
			"birth_place = EXCLUDED.birth_place, region_code = EXCLUDED.region_code, oktmo = EXCLUDED.oktmo, " +
			"address = EXCLUDED.address, updated_at = EXCLUDED.updated_at").Exec(ctx)
	if err == nil {
		_, err = t.tx.NewUpdate().Table("accounts").Set("snils_hash = ?", nullable(d.SNILSHash)).
			Set("last_name = ?", d.LastName).Set("first_name = ?", d.FirstName).Set("patronymic = ?", d.Patronymic).
			Set("kind = ?", string(account.KindFor(d.Citizenship))).
			Where("id = ?", d.AccountID).Exec(ctx)
	}
	if isUniqueViolation(err) {
		if t.pg {
			if _, err := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT personal_data"); err != nil {
				return fmt.Errorf("store: unable to save personal data: %w", err)
			}
		}
		return account.ErrContactTaken
	}
	if err != nil {
		return fmt.Errorf("store: unable to save personal data: %w", err)
	}
	return nil
}

// PersonalData implements account.Tx.
func (t *accountTx) PersonalData(ctx context.Context, accountID string) (account.SealedPersonalData, error) {
	var r personalRow
	if err := t.tx.NewSelect().Model(&r).Where("pd.account_id = ?", accountID).Scan(ctx); err != nil {
		return account.SealedPersonalData{}, notFound(err, "read personal data")
	}
	return account.SealedPersonalData{
		PersonalData: account.PersonalData{AccountID: r.AccountID, LastName: r.LastName, FirstName: r.FirstName,
			Patronymic: r.Patronymic, BirthDate: r.BirthDate.UTC(), Sex: account.Sex(r.Sex), Citizenship: r.Citizenship,
			DocKind: account.DocumentKind(r.DocKind), DocIssuedOn: r.DocIssuedOn.UTC(), DocIssuer: r.DocIssuer,
			BirthPlace: r.BirthPlace, RegionCode: r.RegionCode, OKTMO: r.OKTMO, Address: r.Address, UpdatedAt: r.UpdatedAt.UTC()},
		SNILSSealed: r.SNILSSealed, SNILSHash: str(r.SNILSHash), DocSealed: r.DocSealed, DocHash: r.DocHash,
	}, nil
}

// SetTier implements account.Tx.
func (t *accountTx) SetTier(ctx context.Context, accountID string, tier account.Tier) error {
	if _, err := t.tx.NewUpdate().Table("accounts").Set("tier = ?", string(tier)).Where("id = ?", accountID).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to set a tier: %w", err)
	}
	return nil
}

type verificationRow struct {
	bun.BaseModel `bun:"table:verifications,alias:v"`
	ID            string     `bun:"id,pk"`
	AccountID     string     `bun:"account_id"`
	Status        string     `bun:"status"`
	StartedAt     time.Time  `bun:"started_at"`
	FinishedAt    *time.Time `bun:"finished_at"`
	Deadline      time.Time  `bun:"deadline"`
	Checks        string     `bun:"checks"`
	MessageRu     string     `bun:"message_ru"`
	MessageEn     string     `bun:"message_en"`
}

type checks struct {
	SFR account.Check `json:"sfr"`
	MVD account.Check `json:"mvd"`
}

func verificationFrom(v *account.Verification) (*verificationRow, error) {
	b, err := json.Marshal(checks{SFR: v.SFR, MVD: v.MVD})
	if err != nil {
		return nil, err
	}
	return &verificationRow{ID: v.ID, AccountID: v.AccountID, Status: string(v.Status), StartedAt: v.StartedAt.UTC(),
		FinishedAt: timePtr(v.FinishedAt), Deadline: v.Deadline.UTC(), Checks: string(b), MessageRu: v.MessageRu, MessageEn: v.MessageEn}, nil
}

func (r *verificationRow) model() (account.Verification, error) {
	var c checks
	if err := json.Unmarshal([]byte(r.Checks), &c); err != nil {
		return account.Verification{}, fmt.Errorf("store: unreadable verification checks: %w", err)
	}
	return account.Verification{ID: r.ID, AccountID: r.AccountID, Status: account.VerificationStatus(r.Status),
		StartedAt: r.StartedAt.UTC(), FinishedAt: timeVal(r.FinishedAt), Deadline: r.Deadline.UTC(), SFR: c.SFR, MVD: c.MVD,
		MessageRu: r.MessageRu, MessageEn: r.MessageEn}, nil
}

// CreateVerification implements account.Tx.
func (t *accountTx) CreateVerification(ctx context.Context, v *account.Verification) error {
	row, err := verificationFrom(v)
	if err == nil {
		_, err = t.tx.NewInsert().Model(row).Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("store: unable to create a verification: %w", err)
	}
	return nil
}

// UpdateVerification implements account.Tx.
func (t *accountTx) UpdateVerification(ctx context.Context, v *account.Verification) error {
	row, err := verificationFrom(v)
	if err == nil {
		_, err = t.tx.NewUpdate().Model(row).WherePK().Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("store: unable to update a verification: %w", err)
	}
	return nil
}

func (t *accountTx) verification(ctx context.Context, q *bun.SelectQuery) (account.Verification, error) {
	var row verificationRow
	if err := q.Model(&row).Scan(ctx); err != nil {
		return account.Verification{}, notFound(err, "read a verification")
	}
	return row.model()
}

// VerificationForUpdate implements account.Tx.
func (t *accountTx) VerificationForUpdate(ctx context.Context, id string) (account.Verification, error) {
	return t.verification(ctx, t.forUpdate(t.tx.NewSelect().Model((*verificationRow)(nil)).Where("v.id = ?", id)))
}

// RunningVerification implements account.Tx.
func (t *accountTx) RunningVerification(ctx context.Context, accountID string) (account.Verification, error) {
	return t.verification(ctx, t.forUpdate(t.tx.NewSelect().Model((*verificationRow)(nil)).
		Where("v.account_id = ? AND v.status = ?", accountID, string(account.VerificationRunning)).Limit(1)))
}

// LatestVerification implements account.Tx.
func (t *accountTx) LatestVerification(ctx context.Context, accountID string) (account.Verification, error) {
	return t.verification(ctx, t.tx.NewSelect().Model((*verificationRow)(nil)).
		Where("v.account_id = ?", accountID).OrderExpr("v.started_at DESC").Limit(1))
}

type notificationRow struct {
	bun.BaseModel `bun:"table:notifications,alias:n"`
	ID            string     `bun:"id,pk"`
	AccountID     string     `bun:"account_id"`
	Kind          string     `bun:"kind"`
	TitleRu       string     `bun:"title_ru"`
	TitleEn       string     `bun:"title_en"`
	BodyRu        string     `bun:"body_ru"`
	BodyEn        string     `bun:"body_en"`
	Link          string     `bun:"link"`
	CreatedAt     time.Time  `bun:"created_at"`
	ReadAt        *time.Time `bun:"read_at"`
	DeliveredAt   *time.Time `bun:"delivered_at"`
}

// AddNotification implements account.Tx.
func (t *accountTx) AddNotification(ctx context.Context, n notification.Notification) error {
	row := &notificationRow{ID: n.ID, AccountID: n.AccountID, Kind: string(n.Kind), TitleRu: n.TitleRu, TitleEn: n.TitleEn,
		BodyRu: n.BodyRu, BodyEn: n.BodyEn, Link: n.Link, CreatedAt: n.CreatedAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a notification: %w", err)
	}
	return nil
}

// NotificationForDelivery implements account.Tx.
func (t *accountTx) NotificationForDelivery(ctx context.Context, id string) (notification.Notification, bool, error) {
	var r notificationRow
	if err := t.forUpdate(t.tx.NewSelect().Model(&r).Where("n.id = ?", id)).Scan(ctx); err != nil {
		return notification.Notification{}, false, notFound(err, "read a notification")
	}
	return notification.Notification{ID: r.ID, AccountID: r.AccountID, Kind: notification.Kind(r.Kind), TitleRu: r.TitleRu,
		TitleEn: r.TitleEn, BodyRu: r.BodyRu, BodyEn: r.BodyEn, Link: r.Link, CreatedAt: r.CreatedAt.UTC(),
		ReadAt: timeVal(r.ReadAt)}, r.DeliveredAt != nil, nil
}

// MarkNotificationDelivered implements account.Tx.
func (t *accountTx) MarkNotificationDelivered(ctx context.Context, id string, at time.Time) error {
	if _, err := t.tx.NewUpdate().Table("notifications").Set("delivered_at = ?", at.UTC()).Where("id = ?", id).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to mark a notification delivered: %w", err)
	}
	return nil
}

// RegionExists implements account.Places.
func (s *CatalogStore) RegionExists(ctx context.Context, code string) (bool, error) {
	rs, err := s.RegionsByCodes(ctx, []string{code})
	return len(rs) > 0, err
}

// MunicipalityRegion implements account.Places.
func (s *CatalogStore) MunicipalityRegion(ctx context.Context, oktmo string) (string, error) {
	var region string
	err := s.db.NewSelect().TableExpr("municipalities").Column("region_code").Where("oktmo = ?", oktmo).Scan(ctx, &region)
	if err != nil {
		if notFound(err, "") == account.ErrNotFound {
			return "", nil
		}
		return "", fmt.Errorf("store: unable to read a municipality: %w", err)
	}
	return region, nil
}

// SetConfirmation implements account.Tx.
func (t *accountTx) SetConfirmation(ctx context.Context, accountID string, tier account.Tier, method account.Method) error {
	_, err := t.tx.NewUpdate().Table("accounts").Set("tier = ?", string(tier)).Set("method = ?", string(method)).
		Where("id = ?", accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to confirm an account: %w", err)
	}
	return nil
}

type roleRow struct {
	bun.BaseModel `bun:"table:account_roles,alias:ar"`
	AccountID     string    `bun:"account_id,pk"`
	Role          string    `bun:"role,pk"`
	Scope         string    `bun:"scope,pk"`
	GrantedBy     string    `bun:"granted_by"`
	GrantedAt     time.Time `bun:"granted_at"`
	Reason        string    `bun:"reason"`
}

// GrantRole implements account.Tx; granting a held role again records the
// new reason.
func (t *accountTx) GrantRole(ctx context.Context, accountID string, g account.RoleGrant) error {
	row := &roleRow{AccountID: accountID, Role: string(g.Role), Scope: g.Scope, GrantedBy: g.GrantedBy, GrantedAt: g.GrantedAt.UTC(), Reason: g.Reason}
	_, err := t.tx.NewInsert().Model(row).On("CONFLICT (account_id, role, scope) DO UPDATE").
		Set("granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at, reason = EXCLUDED.reason").Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to grant a role: %w", err)
	}
	return nil
}

// RevokeRole implements account.Tx.
func (t *accountTx) RevokeRole(ctx context.Context, accountID string, role account.Role, scope string) error {
	q := t.tx.NewDelete().Table("account_roles").Where("account_id = ? AND role = ?", accountID, string(role))
	if scope != "" {
		q.Where("scope = ?", scope)
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to revoke a role: %w", err)
	}
	return nil
}

// RoleGrants implements account.Tx.
func (t *accountTx) RoleGrants(ctx context.Context, accountID string) ([]account.RoleGrant, error) {
	var rows []roleRow
	if err := t.tx.NewSelect().Model(&rows).Where("ar.account_id = ?", accountID).OrderExpr("ar.role, ar.scope").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to read roles: %w", err)
	}
	out := make([]account.RoleGrant, len(rows))
	for i, r := range rows {
		out[i] = account.RoleGrant{Role: account.Role(r.Role), Scope: r.Scope, GrantedBy: r.GrantedBy, GrantedAt: r.GrantedAt.UTC(), Reason: r.Reason}
	}
	return out, nil
}

// ScopeExists implements account.Scopes: a service centre's code, a
// department's code, or a municipality's OKTMO.
func (s *CatalogStore) ScopeExists(ctx context.Context, role account.Role, scope string) (bool, error) {
	var table, column string
	switch role {
	case account.RoleOperator:
		table, column = "service_centres", "code"
	case account.RoleOfficer:
		table, column = "departments", "code"
	case account.RoleMunicipalOfficer:
		table, column = "municipalities", "oktmo"
	default:
		return false, nil
	}
	n, err := s.db.NewSelect().TableExpr(table).Where("? = ?", bun.Ident(column), scope).Count(ctx)
	if err != nil {
		return false, fmt.Errorf("store: unable to check a scope: %w", err)
	}
	return n > 0, nil
}

type letterRow struct {
	bun.BaseModel  `bun:"table:confirmation_letters,alias:cl"`
	ID             string     `bun:"id,pk"`
	AccountID      string     `bun:"account_id"`
	PostalCode     string     `bun:"postal_code"`
	Address        string     `bun:"address"`
	CodeHash       string     `bun:"code_hash"`
	CodeSealed     []byte     `bun:"code_sealed"`
	TrackingNumber string     `bun:"tracking_number"`
	RequestedAt    time.Time  `bun:"requested_at"`
	SentAt         *time.Time `bun:"sent_at"`
	ExpiresAt      time.Time  `bun:"expires_at"`
	Attempts       int        `bun:"attempts"`
	UsedAt         *time.Time `bun:"used_at"`
}

func (r *letterRow) model() account.Letter {
	return account.Letter{ID: r.ID, AccountID: r.AccountID, PostalCode: r.PostalCode, Address: r.Address, CodeHash: r.CodeHash,
		CodeSealed: r.CodeSealed, TrackingNumber: r.TrackingNumber, RequestedAt: r.RequestedAt.UTC(), SentAt: timeVal(r.SentAt),
		ExpiresAt: r.ExpiresAt.UTC(), Attempts: r.Attempts, UsedAt: timeVal(r.UsedAt)}
}

// CreateLetter implements account.Tx.
func (t *accountTx) CreateLetter(ctx context.Context, l *account.Letter) error {
	row := &letterRow{ID: l.ID, AccountID: l.AccountID, PostalCode: l.PostalCode, Address: l.Address, CodeHash: l.CodeHash,
		CodeSealed: l.CodeSealed, RequestedAt: l.RequestedAt.UTC(), ExpiresAt: l.ExpiresAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to create a letter: %w", err)
	}
	return nil
}

func (t *accountTx) letter(ctx context.Context, q *bun.SelectQuery) (account.Letter, error) {
	var row letterRow
	if err := q.Model(&row).Scan(ctx); err != nil {
		return account.Letter{}, notFound(err, "read a letter")
	}
	return row.model(), nil
}

// LetterForUpdate implements account.Tx.
func (t *accountTx) LetterForUpdate(ctx context.Context, id string) (account.Letter, error) {
	return t.letter(ctx, t.forUpdate(t.tx.NewSelect().Model((*letterRow)(nil)).Where("cl.id = ?", id)))
}

// LatestLetter implements account.Tx.
func (t *accountTx) LatestLetter(ctx context.Context, accountID string) (account.Letter, error) {
	return t.letter(ctx, t.forUpdate(t.tx.NewSelect().Model((*letterRow)(nil)).Where("cl.account_id = ?", accountID).
		OrderExpr("cl.requested_at DESC").Limit(1)))
}

// SetLetterSent implements account.Tx.
func (t *accountTx) SetLetterSent(ctx context.Context, id, trackingNumber string, at time.Time) error {
	_, err := t.tx.NewUpdate().Table("confirmation_letters").Set("tracking_number = ?", trackingNumber).Set("sent_at = ?", at.UTC()).
		Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to record a sent letter: %w", err)
	}
	return nil
}

// UpdateLetterAttempts implements account.Tx.
func (t *accountTx) UpdateLetterAttempts(ctx context.Context, id string, attempts int, usedAt time.Time) error {
	_, err := t.tx.NewUpdate().Table("confirmation_letters").Set("attempts = ?", attempts).Set("used_at = ?", timePtr(usedAt)).
		Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to update a letter: %w", err)
	}
	return nil
}

type challengeRow struct {
	bun.BaseModel `bun:"table:signature_challenges,alias:sc"`
	ID            string    `bun:"id,pk"`
	AccountID     string    `bun:"account_id"`
	Nonce         string    `bun:"nonce"`
	IssuedAt      time.Time `bun:"issued_at"`
	ExpiresAt     time.Time `bun:"expires_at"`
}

// CreateSignatureChallenge implements account.Tx.
func (t *accountTx) CreateSignatureChallenge(ctx context.Context, c account.SignatureChallenge) error {
	row := &challengeRow{ID: c.ID, AccountID: c.AccountID, Nonce: c.Nonce, IssuedAt: c.IssuedAt.UTC(), ExpiresAt: c.ExpiresAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to store a challenge: %w", err)
	}
	return nil
}

// SpendSignatureChallenge implements account.Tx.
func (t *accountTx) SpendSignatureChallenge(ctx context.Context, id string, now time.Time) (account.SignatureChallenge, error) {
	var r challengeRow
	if err := t.forUpdate(t.tx.NewSelect().Model(&r).Where("sc.id = ?", id)).Scan(ctx); err != nil {
		return account.SignatureChallenge{}, notFound(err, "read a challenge")
	}
	if _, err := t.tx.NewDelete().Table("signature_challenges").Where("id = ?", id).Exec(ctx); err != nil {
		return account.SignatureChallenge{}, fmt.Errorf("store: unable to spend a challenge: %w", err)
	}
	return account.SignatureChallenge{ID: r.ID, AccountID: r.AccountID, Nonce: r.Nonce, IssuedAt: r.IssuedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}, nil
}

type childRow struct {
	bun.BaseModel `bun:"table:children,alias:ch"`
	ID            string    `bun:"id,pk"`
	ParentID      string    `bun:"parent_id"`
	LastName      string    `bun:"last_name"`
	FirstName     string    `bun:"first_name"`
	Patronymic    string    `bun:"patronymic"`
	BirthDate     time.Time `bun:"birth_date"`
	CertSeries    string    `bun:"cert_series"`
	CertNumber    string    `bun:"cert_number"`
	AddedAt       time.Time `bun:"added_at"`
}

// AddChild implements account.Tx.
func (t *accountTx) AddChild(ctx context.Context, c account.Child) error {
	row := &childRow{ID: c.ID, ParentID: c.ParentID, LastName: c.LastName, FirstName: c.FirstName, Patronymic: c.Patronymic,
		BirthDate: c.BirthDate.UTC(), CertSeries: c.CertSeries, CertNumber: c.CertNumber, AddedAt: c.AddedAt.UTC()}
	if t.pg {
		if _, err := t.tx.ExecContext(ctx, "SAVEPOINT add_child"); err != nil {
			return fmt.Errorf("store: unable to add a child: %w", err)
		}
	}
	_, err := t.tx.NewInsert().Model(row).Exec(ctx)
	if isUniqueViolation(err) {
		if t.pg {
			if _, err := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT add_child"); err != nil {
				return fmt.Errorf("store: unable to add a child: %w", err)
			}
		}
		return account.ErrContactTaken
	}
	if err != nil {
		return fmt.Errorf("store: unable to add a child: %w", err)
	}
	return nil
}

// Children implements account.Tx.
func (t *accountTx) Children(ctx context.Context, parentID string) ([]account.Child, error) {
	var rows []childRow
	if err := t.tx.NewSelect().Model(&rows).Where("ch.parent_id = ?", parentID).OrderExpr("ch.birth_date, ch.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to list children: %w", err)
	}
	out := make([]account.Child, len(rows))
	for i, r := range rows {
		out[i] = account.Child{ID: r.ID, ParentID: r.ParentID, LastName: r.LastName, FirstName: r.FirstName, Patronymic: r.Patronymic,
			BirthDate: r.BirthDate.UTC(), CertSeries: r.CertSeries, CertNumber: r.CertNumber, AddedAt: r.AddedAt.UTC()}
	}
	return out, nil
}

type orgRow struct {
	bun.BaseModel `bun:"table:organisations,alias:o"`
	ID            string    `bun:"id,pk"`
	Kind          string    `bun:"kind"`
	Name          string    `bun:"name"`
	INN           string    `bun:"inn"`
	OGRN          string    `bun:"ogrn"`
	HeadID        string    `bun:"head_id"`
	CreatedAt     time.Time `bun:"created_at"`
}

type memberRow struct {
	bun.BaseModel `bun:"table:organisation_members,alias:om"`
	OrgID         string    `bun:"org_id,pk"`
	AccountID     string    `bun:"account_id,pk"`
	Role          string    `bun:"role"`
	AddedBy       string    `bun:"added_by"`
	AddedAt       time.Time `bun:"added_at"`
}

func (r *memberRow) model() account.Member {
	return account.Member{OrgID: r.OrgID, AccountID: r.AccountID, Role: account.OrgRole(r.Role), AddedBy: r.AddedBy, AddedAt: r.AddedAt.UTC()}
}

// CreateOrganisation implements account.Tx.
func (t *accountTx) CreateOrganisation(ctx context.Context, o account.Organisation) error {
	row := &orgRow{ID: o.ID, Kind: string(o.Kind), Name: o.Name, INN: o.INN, OGRN: o.OGRN, HeadID: o.HeadID, CreatedAt: o.CreatedAt.UTC()}
	if t.pg {
		if _, err := t.tx.ExecContext(ctx, "SAVEPOINT create_org"); err != nil {
			return fmt.Errorf("store: unable to create an organisation: %w", err)
		}
	}
	_, err := t.tx.NewInsert().Model(row).Exec(ctx)
	if isUniqueViolation(err) {
		if t.pg {
			if _, err := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT create_org"); err != nil {
				return fmt.Errorf("store: unable to create an organisation: %w", err)
			}
		}
		return account.ErrContactTaken
	}
	if err != nil {
		return fmt.Errorf("store: unable to create an organisation: %w", err)
	}
	return nil
}

// AddMember implements account.Tx.
func (t *accountTx) AddMember(ctx context.Context, m account.Member) error {
	row := &memberRow{OrgID: m.OrgID, AccountID: m.AccountID, Role: string(m.Role), AddedBy: m.AddedBy, AddedAt: m.AddedAt.UTC()}
	_, err := t.tx.NewInsert().Model(row).On("CONFLICT (org_id, account_id) DO UPDATE").
		Set("role = EXCLUDED.role, added_by = EXCLUDED.added_by, added_at = EXCLUDED.added_at").Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to add a member: %w", err)
	}
	return nil
}

// Member implements account.Tx.
func (t *accountTx) Member(ctx context.Context, orgID, accountID string) (account.Member, error) {
	var r memberRow
	if err := t.tx.NewSelect().Model(&r).Where("om.org_id = ? AND om.account_id = ?", orgID, accountID).Scan(ctx); err != nil {
		return account.Member{}, notFound(err, "read a member")
	}
	return r.model(), nil
}

// Organisations implements account.Tx.
func (t *accountTx) Organisations(ctx context.Context, accountID string) ([]account.Organisation, []account.Member, error) {
	var ms []memberRow
	if err := t.tx.NewSelect().Model(&ms).Where("om.account_id = ?", accountID).OrderExpr("om.added_at, om.org_id").Scan(ctx); err != nil {
		return nil, nil, fmt.Errorf("store: unable to list memberships: %w", err)
	}
	orgs := make([]account.Organisation, 0, len(ms))
	members := make([]account.Member, 0, len(ms))
	for _, m := range ms {
		var o orgRow
		if err := t.tx.NewSelect().Model(&o).Where("o.id = ?", m.OrgID).Scan(ctx); err != nil {
			return nil, nil, fmt.Errorf("store: unable to read an organisation: %w", err)
		}
		orgs = append(orgs, account.Organisation{ID: o.ID, Kind: account.OrgKind(o.Kind), Name: o.Name, INN: o.INN, OGRN: o.OGRN,
			HeadID: o.HeadID, CreatedAt: o.CreatedAt.UTC()})
		members = append(members, m.model())
	}
	return orgs, members, nil
}
