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
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// ApplicationStore keeps applications, their stages and ratings.
type ApplicationStore struct {
	db    *bun.DB
	clock func() time.Time
}

// NewApplicationStore returns a store over db; clock stamps outbox rows.
func NewApplicationStore(db *bun.DB, clock func() time.Time) *ApplicationStore {
	return &ApplicationStore{db: db, clock: clock}
}

var _ application.Store = (*ApplicationStore)(nil)

// InTx implements application.Store.
func (s *ApplicationStore) InTx(ctx context.Context, fn func(ctx context.Context, tx application.Tx) error) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, &applicationTx{tx: tx, pg: IsPostgres(s.db), clock: s.clock})
	})
}

type applicationTx struct {
	tx    bun.Tx
	pg    bool
	clock func() time.Time
}

func (t *applicationTx) Service(ctx context.Context, code string) (application.ServiceInfo, error) {
	var info application.ServiceInfo
	var tier string
	err := t.tx.NewSelect().TableExpr("services AS s").Join("JOIN departments AS d ON d.id = s.department_id").
		Column("d.code", "s.min_tier", "s.for_children", "s.name_ru", "s.name_en").Where("s.code = ?", code).
		Scan(ctx, &info.Department, &tier, &info.ForChildren, &info.NameRu, &info.NameEn)
	if errors.Is(err, sql.ErrNoRows) {
		return info, application.ErrNotFound
	}
	if err != nil {
		return info, fmt.Errorf("store: unable to read a service: %w", err)
	}
	info.MinTier = account.Tier(tier)
	return info, nil
}

func (t *applicationTx) ChildOf(ctx context.Context, accountID, childID string) (bool, error) {
	return t.tx.NewSelect().TableExpr("children").Where("id = ? AND parent_id = ?", childID, accountID).Exists(ctx)
}

func (t *applicationTx) BranchExists(ctx context.Context, code string) (bool, error) {
	return t.tx.NewSelect().TableExpr("service_centres").Where("code = ?", code).Exists(ctx)
}

func (t *applicationTx) OfficerDepartments(ctx context.Context, accountID string) ([]string, error) {
	var deps []string
	err := t.tx.NewSelect().TableExpr("account_roles").Column("scope").Where("account_id = ? AND role = ?", accountID, string(account.RoleOfficer)).Scan(ctx, &deps)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read an officer's departments: %w", err)
	}
	return deps, nil
}

type applicationRow struct {
	bun.BaseModel  `bun:"table:applications,alias:ap"`
	ID             string     `bun:"id,pk"`
	AccountID      string     `bun:"account_id"`
	ServiceCode    string     `bun:"service_code"`
	DepartmentCode string     `bun:"department_code"`
	Status         string     `bun:"status"`
	Channel        string     `bun:"channel"`
	Applicant      string     `bun:"applicant"`
	ApplicantID    string     `bun:"applicant_id"`
	Data           string     `bun:"data"`
	BranchCode     string     `bun:"branch_code"`
	IdempotencyKey *string    `bun:"idempotency_key"`
	Request        string     `bun:"request"`
	Reason         string     `bun:"reason"`
	ResultDocument string     `bun:"result_document"`
	AgencyTicket   string     `bun:"agency_ticket"`
	CreatedAt      time.Time  `bun:"created_at"`
	UpdatedAt      time.Time  `bun:"updated_at"`
	SubmittedAt    *time.Time `bun:"submitted_at"`
	CompletedAt    *time.Time `bun:"completed_at"`
	HandedOutAt    *time.Time `bun:"handed_out_at"`
	HandedOutBy    string     `bun:"handed_out_by"`
}

func (r *applicationRow) model() (application.Application, error) {
	a := application.Application{ID: r.ID, AccountID: r.AccountID, ServiceCode: r.ServiceCode, DepartmentCode: r.DepartmentCode,
		Status: application.Status(r.Status), Channel: application.Channel(r.Channel), Applicant: application.ApplicantKind(r.Applicant),
		ApplicantID: r.ApplicantID, BranchCode: r.BranchCode, IdempotencyKey: str(r.IdempotencyKey), Request: r.Request, Reason: r.Reason,
		ResultDocument: r.ResultDocument, AgencyTicket: r.AgencyTicket, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), SubmittedAt: timeVal(r.SubmittedAt),
		CompletedAt: timeVal(r.CompletedAt), HandedOutAt: timeVal(r.HandedOutAt), HandedOutBy: r.HandedOutBy}
	if err := json.Unmarshal([]byte(r.Data), &a.Data); err != nil {
		return a, fmt.Errorf("store: damaged application data: %w", err)
	}
	if a.Data == nil {
		a.Data = map[string]any{}
	}
	return a, nil
}

func applicationRowOf(a application.Application) (*applicationRow, error) {
	b, err := json.Marshal(a.Data)
	if err != nil {
		return nil, err
	}
	r := &applicationRow{ID: a.ID, AccountID: a.AccountID, ServiceCode: a.ServiceCode, DepartmentCode: a.DepartmentCode, Status: string(a.Status),
		Channel: string(a.Channel), Applicant: string(a.Applicant), ApplicantID: a.ApplicantID, Data: string(b), BranchCode: a.BranchCode,
		IdempotencyKey: nullable(a.IdempotencyKey), Request: a.Request, Reason: a.Reason, ResultDocument: a.ResultDocument, AgencyTicket: a.AgencyTicket,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(), CompletedAt: timePtr(a.CompletedAt), HandedOutAt: timePtr(a.HandedOutAt),
		HandedOutBy: a.HandedOutBy}
	if !a.SubmittedAt.IsZero() {
		at := a.SubmittedAt.UTC()
		r.SubmittedAt = &at
	}
	return r, nil
}

func (t *applicationTx) one(ctx context.Context, q *bun.SelectQuery) (application.Application, error) {
	var r applicationRow
	if err := q.Model(&r).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return application.Application{}, application.ErrNotFound
		}
		return application.Application{}, fmt.Errorf("store: unable to read an application: %w", err)
	}
	return r.model()
}

func (t *applicationTx) Application(ctx context.Context, id string) (application.Application, error) {
	q := t.tx.NewSelect().Where("ap.id = ?", id)
	if t.pg {
		q.For("UPDATE")
	}
	return t.one(ctx, q)
}

func (t *applicationTx) ByKey(ctx context.Context, accountID, key string) (application.Application, error) {
	return t.one(ctx, t.tx.NewSelect().Where("ap.account_id = ? AND ap.idempotency_key = ?", accountID, key))
}

func (t *applicationTx) AddApplication(ctx context.Context, a application.Application) error {
	r, err := applicationRowOf(a)
	if err != nil {
		return err
	}
	if _, err := t.tx.NewInsert().Model(r).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add an application: %w", err)
	}
	return nil
}

func (t *applicationTx) UpdateApplication(ctx context.Context, a application.Application) error {
	r, err := applicationRowOf(a)
	if err != nil {
		return err
	}
	if _, err := t.tx.NewUpdate().Model(r).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to update an application: %w", err)
	}
	return nil
}

type stageRow struct {
	bun.BaseModel `bun:"table:application_stages,alias:st"`
	ID            int64     `bun:"id,pk,autoincrement"`
	ApplicationID string    `bun:"application_id"`
	Status        string    `bun:"status"`
	ActorID       string    `bun:"actor_id"`
	Comment       string    `bun:"comment"`
	At            time.Time `bun:"at"`
}

func (t *applicationTx) AddStage(ctx context.Context, applicationID string, s application.Stage) error {
	row := &stageRow{ApplicationID: applicationID, Status: string(s.Status), ActorID: s.ActorID, Comment: s.Comment, At: s.At.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a stage: %w", err)
	}
	return nil
}

func (t *applicationTx) Stages(ctx context.Context, applicationID string) ([]application.Stage, error) {
	var rows []stageRow
	if err := t.tx.NewSelect().Model(&rows).Where("st.application_id = ?", applicationID).OrderExpr("st.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to read stages: %w", err)
	}
	return mapRows(rows, func(r *stageRow) application.Stage {
		return application.Stage{Status: application.Status(r.Status), ActorID: r.ActorID, Comment: r.Comment, At: r.At.UTC()}
	}), nil
}

func (t *applicationTx) many(ctx context.Context, q *bun.SelectQuery) ([]application.Application, int, error) {
	var rows []applicationRow
	n, err := q.Model(&rows).ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list applications: %w", err)
	}
	out := make([]application.Application, len(rows))
	for i := range rows {
		if out[i], err = rows[i].model(); err != nil {
			return nil, 0, err
		}
	}
	return out, int(n), nil
}

func (t *applicationTx) Mine(ctx context.Context, accountID string, limit int) ([]application.Application, error) {
	out, _, err := t.many(ctx, t.tx.NewSelect().Where("ap.account_id = ?", accountID).OrderExpr("ap.created_at DESC, ap.id").Limit(int64(limit)))
	return out, err
}

func (t *applicationTx) OfDepartments(ctx context.Context, deps []string, f application.Filter, offset, limit int) ([]application.Application, int, error) {
	q := t.tx.NewSelect().Where("ap.department_code IN (?) AND ap.status <> ?", bun.List(deps), string(application.StatusDraft)).
		OrderExpr("ap.submitted_at, ap.id").Offset(int64(offset)).Limit(int64(limit))
	if f.Status != "" {
		q.Where("ap.status = ?", string(f.Status))
	}
	if f.Service != "" {
		q.Where("ap.service_code = ?", f.Service)
	}
	return t.many(ctx, q)
}

func (t *applicationTx) CountByStatus(ctx context.Context, deps []string) (map[application.Status]int, error) {
	var rows []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	err := t.tx.NewSelect().TableExpr("applications").ColumnExpr("status, COUNT(*) AS n").
		Where("department_code IN (?) AND status <> ?", bun.List(deps), string(application.StatusDraft)).GroupExpr("status").Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count applications: %w", err)
	}
	out := map[application.Status]int{}
	for _, r := range rows {
		out[application.Status(r.Status)] = r.N
	}
	return out, nil
}

func (t *applicationTx) AddResult(ctx context.Context, r application.Result) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	row := &documentRow{ID: r.ID, AccountID: r.AccountID, Kind: "APPLICATION_RESULT", Title: "Результат оказания услуги", Data: string(b), CreatedAt: r.At.UTC()}
	if _, err := t.tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("store: unable to add a result: %w", err)
	}
	return nil
}

func (t *applicationTx) AddRating(ctx context.Context, r application.Rating) (bool, error) {
	row := &struct {
		bun.BaseModel `bun:"table:ratings"`
		ApplicationID string    `bun:"application_id,pk"`
		Score         int       `bun:"score"`
		Comment       string    `bun:"comment"`
		At            time.Time `bun:"at"`
	}{ApplicationID: r.ApplicationID, Score: r.Score, Comment: r.Comment, At: r.At.UTC()}
	res, err := t.tx.NewInsert().Model(row).On("CONFLICT (application_id) DO NOTHING").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("store: unable to add a rating: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (t *applicationTx) Scores(ctx context.Context, accountID string, ids []string) (map[string]int, error) {
	out := make(map[string]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ApplicationID string `bun:"application_id"`
		Score         int    `bun:"score"`
	}
	if err := t.tx.NewSelect().TableExpr("ratings AS r").Join("JOIN applications AS ap ON ap.id = r.application_id").
		Column("r.application_id", "r.score").Where("ap.account_id = ? AND r.application_id IN (?)", accountID, bun.List(ids)).
		Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("store: unable to read ratings: %w", err)
	}
	for _, r := range rows {
		out[r.ApplicationID] = r.Score
	}
	return out, nil
}

func (t *applicationTx) AddNotification(ctx context.Context, n notification.Notification) error {
	return (&accountTx{tx: t.tx}).AddNotification(ctx, n)
}

func (t *applicationTx) AddEvent(ctx context.Context, ev event.Event) error {
	_, err := AddEvent(ctx, t.tx, t.clock(), ev)
	return err
}

func (t *applicationTx) SetINN(ctx context.Context, accountID, inn string) error {
	return (&statementTx{tx: t.tx}).SetINN(ctx, accountID, inn)
}

func (t *applicationTx) HasRole(ctx context.Context, accountID string, role account.Role) (bool, error) {
	return t.tx.NewSelect().TableExpr("account_roles").Where("account_id = ? AND role = ?", accountID, string(role)).Exists(ctx)
}

func (t *applicationTx) AccountExists(ctx context.Context, accountID string) (bool, error) {
	return t.tx.NewSelect().TableExpr("accounts").Where("id = ?", accountID).Exists(ctx)
}

func (t *applicationTx) Branches(ctx context.Context, region string) ([]application.Branch, error) {
	var rows []struct {
		Code    string `bun:"code"`
		NameRu  string `bun:"name_ru"`
		NameEn  string `bun:"name_en"`
		Address string `bun:"address"`
		HoursRu string `bun:"hours_ru"`
		HoursEn string `bun:"hours_en"`
		OKTMO   string `bun:"oktmo"`
	}
	err := t.tx.NewSelect().TableExpr("service_centres").Column("code", "name_ru", "name_en", "address", "hours_ru", "hours_en", "oktmo").
		Where("region_code = ?", region).OrderExpr("code").Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list branches: %w", err)
	}
	out := make([]application.Branch, len(rows))
	for i, r := range rows {
		out[i] = application.Branch{Code: r.Code, NameRu: r.NameRu, NameEn: r.NameEn, Address: r.Address, HoursRu: r.HoursRu, HoursEn: r.HoursEn, OKTMO: r.OKTMO}
	}
	return out, nil
}

func (t *applicationTx) DuplicateOf(ctx context.Context, accountID, documentID string) (string, bool, error) {
	var typ string
	var revoked *time.Time
	err := t.tx.NewSelect().TableExpr("duplicates").Column("type", "revoked_at").Where("id = ? AND account_id = ?", documentID, accountID).
		Scan(ctx, &typ, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, application.ErrNotFound
	}
	if err != nil {
		return "", false, fmt.Errorf("store: unable to read a duplicate: %w", err)
	}
	return typ, revoked != nil, nil
}

type attachmentRow struct {
	bun.BaseModel `bun:"table:application_documents,alias:ad"`
	ApplicationID string `bun:"application_id,pk"`
	Requirement   string `bun:"requirement,pk"`
	DocumentID    string `bun:"document_id"`
	BlobKey       string `bun:"blob_key"`
	ContentType   string `bun:"content_type"`
	SHA256        string `bun:"sha256"`
}

func (t *applicationTx) Attach(ctx context.Context, applicationID string, a application.Attachment) error {
	row := &attachmentRow{ApplicationID: applicationID, Requirement: a.Requirement, DocumentID: a.DocumentID, BlobKey: a.BlobKey,
		ContentType: a.ContentType, SHA256: a.SHA256}
	_, err := t.tx.NewInsert().Model(row).On("CONFLICT (application_id, requirement) DO UPDATE").
		Set("document_id = EXCLUDED.document_id, blob_key = EXCLUDED.blob_key, content_type = EXCLUDED.content_type, sha256 = EXCLUDED.sha256").Exec(ctx)
	if err != nil {
		return fmt.Errorf("store: unable to attach a document: %w", err)
	}
	return nil
}

func (t *applicationTx) Attachments(ctx context.Context, applicationID string) ([]application.Attachment, error) {
	var rows []attachmentRow
	if err := t.tx.NewSelect().Model(&rows).Where("ad.application_id = ?", applicationID).OrderExpr("ad.requirement").Scan(ctx); err != nil {
		return nil, fmt.Errorf("store: unable to read attachments: %w", err)
	}
	return mapRows(rows, func(r *attachmentRow) application.Attachment {
		return application.Attachment{Requirement: r.Requirement, DocumentID: r.DocumentID, BlobKey: r.BlobKey, ContentType: r.ContentType, SHA256: r.SHA256}
	}), nil
}

// Audit implements application.Tx, in the shared audit log.
func (t *applicationTx) Audit(ctx context.Context, action, actorID, subjectID string, details map[string]string) error {
	return (&accountTx{tx: t.tx}).Audit(ctx, account.AuditEvent{At: t.clock().UTC(), Action: action, ActorID: actorID, SubjectID: subjectID, Details: details})
}
