package application

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/notification"
)

// What the staff workspaces do with applications: the names an officer
// sees, the files of an application and of its result, and the service
// centre's hand-out of results.

// StaffTx is what the staff workspaces read and write beyond the rest of
// Tx.
type StaffTx interface {
	// ServiceNames returns the Russian and English names of the services
	// among codes that exist.
	ServiceNames(ctx context.Context, codes []string) (map[string]ServiceName, error)
	// AccountNames returns the names of the accounts among ids that exist.
	AccountNames(ctx context.Context, ids []string) (map[string]PersonName, error)
	// OperatorCentres are the service centres the account is an OPERATOR of.
	OperatorCentres(ctx context.Context, accountID string) ([]string, error)
	// CentreResults returns up to limit applications q picks with their
	// services' and citizens' names, in q's order, and how many q picks
	// without its After.
	CentreResults(ctx context.Context, q CentreQuery, limit int) ([]CentreRecord, int, error)
	// HandOut records the hand-out of a COMPLETED application's result
	// unless one is recorded already, and reports whether it did.
	HandOut(ctx context.Context, applicationID, operatorID string, at time.Time) (bool, error)
	// IdentityDocument returns the account's personal data as stored
	// (the document sealed, with its keyed hash) and whether its latest
	// verification succeeded; ErrNotFound without personal data.
	IdentityDocument(ctx context.Context, accountID string) (account.SealedPersonalData, bool, error)
}

// ServiceName is a service's name in both languages.
type ServiceName struct{ Ru, En string }

// PersonName is an account's name.
type PersonName struct{ Last, First, Patronymic string }

// IdentityMatcher compares the series and number of a document shown at a
// counter with the stored (sealed) identity document: account.Service.
type IdentityMatcher interface {
	MatchesDocument(d account.SealedPersonalData, series, number string) bool
}

// Errors of the service centres' work.
var (
	// ErrNotOperator: the caller operates no service centre.
	ErrNotOperator = errors.New("application: not an operator of a service centre")
	// ErrNotYourCentre: the application's result is collected at another
	// centre than the operator's.
	ErrNotYourCentre = errors.New("application: the result is collected at another service centre")
)

// Viewer is who looks at an application: his account and the departments
// he is an OFFICER of.
type Viewer struct {
	AccountID   string
	Departments []string
}

// SeesApplicant reports whether v may see who applied and the files he
// gave: the citizen himself, or an officer of the application's department
// (whose reads of the queue are audited). Nobody else, not even another
// department's officer or the operator who hands out the result.
func (v Viewer) SeesApplicant(ownerID, department string) bool {
	if v.AccountID == "" {
		return false
	}
	return v.AccountID == ownerID || slices.Contains(v.Departments, department)
}

// ApplicantName is the full name of who applied (the account holder, who
// acts for a child or an organisation too), for v when he may see it; ""
// otherwise.
func ApplicantName(v Viewer, app Application, name PersonName) string {
	if !v.SeesApplicant(app.AccountID, app.DepartmentCode) {
		return ""
	}
	return account.FullName(name.Last, name.First, name.Patronymic)
}

// FileURLTTL is how long a download link to an application's file works.
const FileURLTTL = 5 * time.Minute

// FileLink is a link to an uploaded file of an application, valid
// FileURLTTL, for v when he may see the applicant (SeesApplicant); "" for a
// duplicate given by reference (the citizen's documents hold its files) or
// anyone else. a must come from a read of its application (its OwnerID and
// DepartmentCode set).
func (s *Service) FileLink(v Viewer, a Attachment, sign func(key string, expires time.Time) string) string {
	if a.BlobKey == "" || a.OwnerID == "" || !v.SeesApplicant(a.OwnerID, a.DepartmentCode) {
		return ""
	}
	return sign(a.BlobKey, s.now().Add(FileURLTTL))
}

// OfficerDepartments are the departments the account is an OFFICER of.
func (s *Service) OfficerDepartments(ctx context.Context, accountID string) ([]string, error) {
	var out []string
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.OfficerDepartments(ctx, accountID)
		return err
	})
	return out, err
}

// ServiceNames returns the names of the services among codes.
func (s *Service) ServiceNames(ctx context.Context, codes []string) (map[string]ServiceName, error) {
	var out map[string]ServiceName
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.ServiceNames(ctx, codes)
		return err
	})
	return out, err
}

// AccountNames returns the names of the accounts among ids. The caller
// shows them only as ApplicantName allows.
func (s *Service) AccountNames(ctx context.Context, ids []string) (map[string]PersonName, error) {
	var out map[string]PersonName
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.AccountNames(ctx, ids)
		return err
	})
	return out, err
}

// storeResultFile checks the officer's file of a result by its content,
// as every upload is (a PDF, JPEG or PNG whatever its name says, 10 MB,
// 50 pages), and keeps it in the blob store. Only an officer of app's
// department stores one: the transaction checks him again.
func (s *Service) storeResultFile(ctx context.Context, officer Officer, app Application, f duplicate.Upload) ([]ResultFile, error) {
	deps, err := s.OfficerDepartments(ctx, officer.AccountID)
	if err != nil {
		return nil, err
	}
	if app.Status == StatusDraft {
		return nil, ErrNotFound
	}
	if !slices.Contains(deps, app.DepartmentCode) {
		return nil, ErrNotYourDepartment
	}
	ct, pages, err := duplicate.CheckFile("result", f.Name, f.Data)
	if err != nil {
		return nil, asFieldError(err)
	}
	key := fmt.Sprintf("applications/%s/result-%s%s", app.ID, uuid.NewString(), duplicate.Extension(ct))
	info, err := s.blobs.Put(ctx, key, bytes.NewReader(f.Data), ct)
	if err != nil {
		return nil, err
	}
	return []ResultFile{{Key: key, ContentType: ct, Size: info.Size, Pages: pages, SHA256: info.SHA256}}, nil
}

// dropResultFiles removes files stored for a completion that did not
// happen: nothing refers to them. A file left behind is only storage.
func (s *Service) dropResultFiles(ctx context.Context, files []ResultFile) {
	for _, f := range files {
		_ = s.blobs.Delete(context.WithoutCancel(ctx), f.Key)
	}
}

// asFieldError shows a file's problem as the application's field error.
func asFieldError(err error) error {
	var fe *duplicate.FieldError
	if errors.As(err, &fe) {
		return &FieldError{fe.Field, fe.Code, fe.Ru, fe.En}
	}
	return err
}

// ResultFileLink is a result's file with a download link.
type ResultFileLink struct {
	ResultFile
	URL string
}

// ResultLinks returns the files of a result document (its data as the
// citizen's documents keep it) with links valid FileURLTTL. The caller
// passes a document it read for its owner.
func (s *Service) ResultLinks(data string, sign func(key string, expires time.Time) string) ([]ResultFileLink, error) {
	var r Result
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, fmt.Errorf("application: damaged result document: %w", err)
	}
	exp := s.now().Add(FileURLTTL)
	out := make([]ResultFileLink, len(r.Files))
	for i, f := range r.Files {
		out[i] = ResultFileLink{ResultFile: f, URL: sign(f.Key, exp)}
	}
	return out, nil
}

// CentreCursor is where a page of a centre's results ends: its last
// application's completion (or hand-out) time and id, in the list's order.
type CentreCursor struct {
	At time.Time
	ID string
}

// CentreQuery picks the results of service centres: waiting for the
// citizen (HandedOut false: the oldest completion first, so who waits
// longest is served first) or handed out (the latest hand-out first).
type CentreQuery struct {
	Centres   []string
	HandedOut bool
	After     *CentreCursor
}

// CentreRecord is a centre's result as the store reads it.
type CentreRecord struct {
	Application Application
	Service     ServiceName
	Citizen     PersonName
}

// CentreResult is a finished application whose result a citizen collects
// at a service centre, as its operators see it: the service, the citizen by
// surname and initials, when it was completed and handed out. The
// application's form data and documents are left out: handing out needs
// neither.
type CentreResult struct {
	Application Application
	Service     ServiceName
	// Citizen is the surname and initials: "Иванов И. И.".
	Citizen string
}

// Cursor is the cursor just after r in a list of handedOut results or not.
func (r CentreResult) Cursor(handedOut bool) CentreCursor {
	if handedOut {
		return CentreCursor{At: r.Application.HandedOutAt, ID: r.Application.ID}
	}
	return CentreCursor{At: r.Application.CompletedAt, ID: r.Application.ID}
}

// CentrePage is a page of a centre's results.
type CentrePage struct {
	Results []CentreResult
	Total   int
	More    bool
}

// Page sizes of CentreResults.
const (
	DefaultCentrePage = 20
	MaxCentrePage     = 100
)

// CentreResults lists the COMPLETED applications whose citizens chose one
// of the operator's service centres (the scopes of his OPERATOR grants) to
// collect the result: those waiting, the oldest completion first, or
// (handedOut) those handed out, the latest first.
func (s *Service) CentreResults(ctx context.Context, operatorID string, handedOut bool, after *CentreCursor, limit int) (CentrePage, error) {
	if limit <= 0 {
		limit = DefaultCentrePage
	}
	limit = min(limit, MaxCentrePage)
	var p CentrePage
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cs, err := tx.OperatorCentres(ctx, operatorID)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return ErrNotOperator
		}
		rs, n, err := tx.CentreResults(ctx, CentreQuery{Centres: cs, HandedOut: handedOut, After: after}, limit+1)
		if err != nil {
			return err
		}
		if p.More = len(rs) > limit; p.More {
			rs = rs[:limit]
		}
		p.Total = n
		p.Results = make([]CentreResult, len(rs))
		for i, r := range rs {
			if p.Results[i], err = centreResult(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	return p, err
}

// centreResult shows a record to an operator: its stages, not the form's
// data nor the documents.
func centreResult(ctx context.Context, tx Tx, r CentreRecord) (CentreResult, error) {
	app := r.Application
	app.Data, app.Attachments = map[string]any{}, []Attachment{}
	var err error
	if app.Stages, err = tx.Stages(ctx, app.ID); err != nil {
		return CentreResult{}, err
	}
	return CentreResult{Application: app, Service: r.Service, Citizen: account.ShortName(r.Citizen.Last, r.Citizen.First, r.Citizen.Patronymic)}, nil
}

// AuditHandedOut is the audit action of an operator handing a result out.
const AuditHandedOut = "application.handed_out"

// HandOut hands a finished application's result to its citizen at the
// service centre he chose: only an operator of that centre, only a
// COMPLETED application, only once (ALREADY_HANDED_OUT after). The series
// and number of the identity document the citizen shows must be those of
// his verified personal data, compared as confirmation in person compares
// them (DOCUMENT_MISMATCH on documentNumber otherwise, and nothing
// changes). The hand-out's time and operator, a stage in the application's
// history, an audit event (AuditHandedOut) and the citizen's notification
// are written in one transaction.
func (s *Service) HandOut(ctx context.Context, operatorID, id, series, number string) (CentreResult, error) {
	if strings.TrimSpace(number) == "" {
		return CentreResult{}, &FieldError{"documentNumber", "REQUIRED", "Укажите номер документа, удостоверяющего личность", "give the identity document's number"}
	}
	var out CentreResult
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		app, err := tx.Application(ctx, id)
		if err == nil && app.Status == StatusDraft {
			err = ErrNotFound
		}
		if err != nil {
			return err
		}
		cs, err := tx.OperatorCentres(ctx, operatorID)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return ErrNotOperator
		}
		if app.BranchCode == "" || !slices.Contains(cs, app.BranchCode) {
			return ErrNotYourCentre
		}
		if app.Status != StatusCompleted {
			return &FieldError{"id", "NOT_COMPLETED", "Услуга ещё не оказана: выдавать нечего", "the service is not completed yet: there is nothing to hand out"}
		}
		if !app.HandedOutAt.IsZero() {
			return &FieldError{"id", "ALREADY_HANDED_OUT", "Результат уже выдан", "the result was handed out already"}
		}
		d, verified, err := tx.IdentityDocument(ctx, app.AccountID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err != nil || !verified {
			return &FieldError{"documentNumber", "NOT_VERIFIED", "Документ гражданина не проверен: выдать результат по нему нельзя",
				"the citizen's identity document is not verified: the result cannot be handed out on it"}
		}
		if s.Identity == nil || !s.Identity.MatchesDocument(d, series, number) {
			return &FieldError{"documentNumber", "DOCUMENT_MISMATCH", "Серия и номер не совпадают с проверенным документом гражданина",
				"the series and number differ from the citizen's verified document"}
		}
		now := s.now().Truncate(time.Microsecond)
		ok, err := tx.HandOut(ctx, app.ID, operatorID, now)
		if err != nil {
			return err
		}
		if !ok {
			return &FieldError{"id", "ALREADY_HANDED_OUT", "Результат уже выдан", "the result was handed out already"}
		}
		app.HandedOutAt, app.HandedOutBy = now, operatorID
		st := Stage{Status: StatusCompleted, ActorID: operatorID, Comment: "Результат выдан в центре обслуживания", At: now}
		if err := tx.AddStage(ctx, app.ID, st); err != nil {
			return err
		}
		if err := tx.Audit(ctx, AuditHandedOut, operatorID, app.AccountID,
			map[string]string{"application": app.ID, "centre": app.BranchCode}); err != nil {
			return err
		}
		info, err := tx.Service(ctx, app.ServiceCode)
		if err != nil {
			return err
		}
		if err := s.notify(ctx, tx, notification.Notification{ID: uuid.NewString(), AccountID: app.AccountID, Kind: "APPLICATIONS_HANDED_OUT",
			TitleRu: "Результат получен", TitleEn: "Result collected",
			BodyRu: info.NameRu + ": результат выдан вам в центре обслуживания.",
			BodyEn: info.NameEn + ": the result was handed to you at the service centre.",
			Link:   "uslugi://applications/" + app.ID, CreatedAt: now}); err != nil {
			return err
		}
		names, err := tx.AccountNames(ctx, []string{app.AccountID})
		if err != nil {
			return err
		}
		out, err = centreResult(ctx, tx, CentreRecord{Application: app, Service: ServiceName{Ru: info.NameRu, En: info.NameEn}, Citizen: names[app.AccountID]})
		return err
	})
	return out, err
}
