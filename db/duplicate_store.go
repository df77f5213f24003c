package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/docsign"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// SigningKeyStore keeps the service centres' sealed signing keys. It
// implements docsign.KeyStore.
type SigningKeyStore struct {
	db    bun.IDB
	clock func() time.Time
}

// NewSigningKeyStore returns a key store over db.
func NewSigningKeyStore(db bun.IDB, clock func() time.Time) *SigningKeyStore {
	return &SigningKeyStore{db: db, clock: clock}
}

var _ docsign.KeyStore = (*SigningKeyStore)(nil)

// Load implements docsign.KeyStore.
func (s *SigningKeyStore) Load(ctx context.Context, signer string) ([]byte, error) {
	var sealed []byte
	err := s.db.NewSelect().TableExpr("signing_keys").Column("sealed").Where("signer = ?", signer).Scan(ctx, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, docsign.ErrNoKey
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read a signing key: %w", err)
	}
	return sealed, nil
}

// Save implements docsign.KeyStore: the first writer wins.
func (s *SigningKeyStore) Save(ctx context.Context, signer string, sealed []byte) error {
	row := &struct {
		bun.BaseModel `bun:"table:signing_keys"`
		Signer        string    `bun:"signer,pk"`
		Sealed        []byte    `bun:"sealed"`
		CreatedAt     time.Time `bun:"created_at"`
	}{Signer: signer, Sealed: sealed, CreatedAt: s.clock().UTC()}
	res, err := s.db.NewInsert().Model(row).On("CONFLICT (signer) DO NOTHING").Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to save a signing key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return docsign.ErrKeyExists
	}
	return nil
}

// DuplicateStore keeps consents and duplicates.
type DuplicateStore struct {
	db    *bun.DB
	clock func() time.Time
}

// NewDuplicateStore returns a store over db; clock stamps outbox rows.
func NewDuplicateStore(db *bun.DB, clock func() time.Time) *DuplicateStore {
	return &DuplicateStore{db: db, clock: clock}
}

var _ duplicate.Store = (*DuplicateStore)(nil)

// InTx implements duplicate.Store.
func (s *DuplicateStore) InTx(ctx context.Context, fn func(ctx context.Context, tx duplicate.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, &duplicateTx{tx: tx, pg: IsPostgres(s.db), clock: s.clock})
	})
}

type duplicateTx struct {
	tx    bun.Tx
	pg    bool
	clock func() time.Time
}

func (t *duplicateTx) OperatorCentres(ctx context.Context, accountID string) ([]string, error) {
	var cs []string
	err := t.tx.NewSelect().TableExpr("account_roles").Column("scope").Where("account_id = ? AND role = ?", accountID, string(account.RoleOperator)).
		OrderExpr("scope").Scan(ctx, &cs)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read an operator's centres: %w", err)
	}
	return cs, nil
}

func (t *duplicateTx) AccountExists(ctx context.Context, accountID string) (bool, error) {
	return t.tx.NewSelect().TableExpr("accounts").Where("id = ?", accountID).Exists(ctx)
}

type consentRow struct {
	bun.BaseModel `bun:"table:duplicate_consents,alias:dcn"`
	ID            string     `bun:"id,pk"`
	AccountID     string     `bun:"account_id"`
	OperatorID    string     `bun:"operator_id"`
	Centre        string     `bun:"centre"`
	Type          string     `bun:"type"`
	Status        string     `bun:"status"`
	Paper         bool       `bun:"paper"`
	PaperKey      string     `bun:"paper_key"`
	CreatedAt     time.Time  `bun:"created_at"`
	ExpiresAt     time.Time  `bun:"expires_at"`
	AnsweredAt    *time.Time `bun:"answered_at"`
}

func consentRowOf(c duplicate.Consent) *consentRow {
	r := &consentRow{ID: c.ID, AccountID: c.AccountID, OperatorID: c.OperatorID, Centre: c.Centre, Type: c.Type, Status: string(c.Status),
		Paper: c.Paper, PaperKey: c.PaperKey, CreatedAt: c.CreatedAt.UTC(), ExpiresAt: c.ExpiresAt.UTC()}
	if !c.AnsweredAt.IsZero() {
		at := c.AnsweredAt.UTC()
		r.AnsweredAt = &at
	}
	return r
}

func (t *duplicateTx) AddConsent(ctx context.Context, c duplicate.Consent) error {
	if _, err := t.tx.NewInsert().Model(consentRowOf(c)).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a consent: %w", err)
	}
	return nil
}

func (t *duplicateTx) Consent(ctx context.Context, id string) (duplicate.Consent, error) {
	var r consentRow
	q := t.tx.NewSelect().Model(&r).Where("dcn.id = ?", id)
	if t.pg {
		q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return duplicate.Consent{}, duplicate.ErrNotFound
		}
		return duplicate.Consent{}, fmt.Errorf("store: unable to read a consent: %w", err)
	}
	return duplicate.Consent{ID: r.ID, AccountID: r.AccountID, OperatorID: r.OperatorID, Centre: r.Centre, Type: r.Type,
		Status: duplicate.ConsentStatus(r.Status), Paper: r.Paper, PaperKey: r.PaperKey, CreatedAt: r.CreatedAt.UTC(),
		ExpiresAt: r.ExpiresAt.UTC(), AnsweredAt: timeVal(r.AnsweredAt)}, nil
}

func (t *duplicateTx) UpdateConsent(ctx context.Context, c duplicate.Consent) error {
	if _, err := t.tx.NewUpdate().Model(consentRowOf(c)).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to update a consent: %w", err)
	}
	return nil
}

type duplicateRow struct {
	bun.BaseModel `bun:"table:duplicates,alias:du"`
	ID            string     `bun:"id,pk"`
	AccountID     string     `bun:"account_id"`
	Type          string     `bun:"type"`
	Fields        string     `bun:"fields"`
	Files         string     `bun:"files"`
	Centre        string     `bun:"centre"`
	OperatorID    string     `bun:"operator_id"`
	Signature     []byte     `bun:"signature"`
	KeyID         string     `bun:"key_id"`
	SignedAt      time.Time  `bun:"signed_at"`
	RevokedAt     *time.Time `bun:"revoked_at"`
	RevokeReason  string     `bun:"revoke_reason"`
}

func (r *duplicateRow) model() (duplicate.Duplicate, error) {
	d := duplicate.Duplicate{ID: r.ID, AccountID: r.AccountID, Type: r.Type, Centre: r.Centre, OperatorID: r.OperatorID, Signature: r.Signature,
		KeyID: r.KeyID, SignedAt: r.SignedAt.UTC(), RevokedAt: timeVal(r.RevokedAt), RevokeReason: r.RevokeReason}
	if err := json.Unmarshal([]byte(r.Fields), &d.Fields); err != nil {
		return d, fmt.Errorf("store: damaged duplicate fields: %w", err)
	}
	if err := json.Unmarshal([]byte(r.Files), &d.Files); err != nil {
		return d, fmt.Errorf("store: damaged duplicate files: %w", err)
	}
	return d, nil
}

// duplicateData is a duplicate as the citizen's document shows it.
type duplicateData struct {
	Type     string            `json:"type"`
	Fields   map[string]string `json:"fields"`
	Files    []duplicate.File  `json:"files"`
	Signer   string            `json:"signer"`
	KeyID    string            `json:"key_id"`
	SignedAt time.Time         `json:"signed_at"`
}

func (t *duplicateTx) AddDuplicate(ctx context.Context, d duplicate.Duplicate, title string) error {
	fields, err := json.Marshal(d.Fields)
	if err != nil {
		return err
	}
	files, err := json.Marshal(d.Files)
	if err != nil {
		return err
	}
	data, err := json.Marshal(duplicateData{Type: d.Type, Fields: d.Fields, Files: d.Files, Signer: d.Centre, KeyID: d.KeyID, SignedAt: d.SignedAt})
	if err != nil {
		return err
	}
	doc := &documentRow{ID: d.ID, AccountID: d.AccountID, Kind: "DUPLICATE", Title: title, Data: string(data), CreatedAt: d.SignedAt.UTC()}
	if _, err := t.tx.NewInsert().Model(doc).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a duplicate's document: %w", err)
	}
	row := &duplicateRow{ID: d.ID, AccountID: d.AccountID, Type: d.Type, Fields: string(fields), Files: string(files), Centre: d.Centre,
		OperatorID: d.OperatorID, Signature: d.Signature, KeyID: d.KeyID, SignedAt: d.SignedAt.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a duplicate: %w", err)
	}
	for _, f := range d.Files {
		h := &struct {
			bun.BaseModel `bun:"table:duplicate_hashes"`
			SHA256        string `bun:"sha256,pk"`
			DuplicateID   string `bun:"duplicate_id,pk"`
		}{SHA256: f.SHA256, DuplicateID: d.ID}
		if _, err := t.tx.NewInsert().Model(h).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
			return fmt.Errorf("store: unable to index a duplicate's file: %w", err)
		}
	}
	return nil
}

func (t *duplicateTx) Duplicate(ctx context.Context, id string) (duplicate.Duplicate, error) {
	var r duplicateRow
	q := t.tx.NewSelect().Model(&r).Where("du.id = ?", id)
	if t.pg {
		q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return duplicate.Duplicate{}, duplicate.ErrNotFound
		}
		return duplicate.Duplicate{}, fmt.Errorf("store: unable to read a duplicate: %w", err)
	}
	return r.model()
}

func (t *duplicateTx) DuplicatesByHash(ctx context.Context, sha string) ([]duplicate.Duplicate, error) {
	var rows []duplicateRow
	err := t.tx.NewSelect().Model(&rows).Join("JOIN duplicate_hashes AS dh ON dh.duplicate_id = du.id").Where("dh.sha256 = ?", sha).
		OrderExpr("du.signed_at DESC").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: unable to find duplicates: %w", err)
	}
	out := make([]duplicate.Duplicate, len(rows))
	for i := range rows {
		if out[i], err = rows[i].model(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *duplicateTx) Revoke(ctx context.Context, id string, at time.Time, reason, by string) error {
	_, err := t.tx.NewUpdate().Table("duplicates").Set("revoked_at = ?, revoke_reason = ?, revoked_by = ?", at.UTC(), reason, by).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to revoke a duplicate: %w", err)
	}
	return nil
}

func (t *duplicateTx) AddNotification(ctx context.Context, n notification.Notification) error {
	return (&accountTx{tx: t.tx}).AddNotification(ctx, n)
}

func (t *duplicateTx) AddEvent(ctx context.Context, ev event.Event) error {
	_, err := AddEvent(ctx, t.tx, t.clock(), ev)
	return err
}

func (t *duplicateTx) Audit(ctx context.Context, action, actorID, subjectID string, details map[string]string) error {
	return (&accountTx{tx: t.tx}).Audit(ctx, account.AuditEvent{At: t.clock().UTC(), Action: action, ActorID: actorID, SubjectID: subjectID, Details: details})
}
