package application

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/blob"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// ServiceInfo is what applying needs to know of a catalog service.
type ServiceInfo struct {
	Department  string
	MinTier     account.Tier
	ForChildren bool
	NameRu      string
	NameEn      string
}

// Filter picks a department's applications.
type Filter struct {
	Status  Status
	Service string
}

// Store opens transactions.
type Store interface {
	InTx(ctx context.Context, f func(ctx context.Context, tx Tx) error) error
}

// Tx is what the rules read and write in one transaction.
type Tx interface {
	Service(ctx context.Context, code string) (ServiceInfo, error)
	// ChildOf reports whether the child is the account's.
	ChildOf(ctx context.Context, accountID, childID string) (bool, error)
	// BranchExists reports whether a service-centre branch has this code.
	BranchExists(ctx context.Context, code string) (bool, error)
	// OfficerDepartments are the departments the account is an OFFICER of.
	OfficerDepartments(ctx context.Context, accountID string) ([]string, error)
	HasRole(ctx context.Context, accountID string, role account.Role) (bool, error)
	Branches(ctx context.Context, region string) ([]Branch, error)
	// DuplicateOf returns the type of the account's duplicate and whether it
	// was revoked, or ErrNotFound.
	DuplicateOf(ctx context.Context, accountID, documentID string) (typ string, revoked bool, err error)
	// Attach keeps a document for a requirement (replacing one given before).
	Attach(ctx context.Context, applicationID string, a Attachment) error
	Attachments(ctx context.Context, applicationID string) ([]Attachment, error)
	AccountExists(ctx context.Context, accountID string) (bool, error)

	// Application returns the application locked for update, or ErrNotFound.
	Application(ctx context.Context, id string) (Application, error)
	ByKey(ctx context.Context, accountID, key string) (Application, error)
	AddApplication(ctx context.Context, a Application) error
	UpdateApplication(ctx context.Context, a Application) error
	AddStage(ctx context.Context, applicationID string, s Stage) error
	Stages(ctx context.Context, applicationID string) ([]Stage, error)
	Mine(ctx context.Context, accountID string, limit int) ([]Application, error)
	OfDepartments(ctx context.Context, departments []string, f Filter, offset, limit int) ([]Application, int, error)
	CountByStatus(ctx context.Context, departments []string) (map[Status]int, error)
	// AddResult keeps an application's result in the citizen's documents.
	AddResult(ctx context.Context, r Result) error
	// AddRating stores a rating; false if the application was rated before.
	AddRating(ctx context.Context, r Rating) (bool, error)
	// Scores returns the scores of the rated applications among ids that
	// are the account's.
	Scores(ctx context.Context, accountID string, ids []string) (map[string]int, error)
	AddNotification(ctx context.Context, n notification.Notification) error
	AddEvent(ctx context.Context, ev event.Event) error
	// SetINN keeps the INN the tax service gave in the citizen's profile.
	SetINN(ctx context.Context, accountID, inn string) error
	// Audit records that staff saw or did something with a citizen's data.
	Audit(ctx context.Context, action, actorID, subjectID string, details map[string]string) error

	// StaffTx is what the staff workspaces read (staff.go).
	StaffTx
}

// AuditViewed is the audit action of an officer reading a citizen's
// application (its form data and the documents given with it).
const AuditViewed = "application.viewed"

// Service runs applications.
type Service struct {
	store  Store
	forms  Forms
	inn    INNGateway
	blobs  blob.Store
	signer ResultSigner
	clock  func() time.Time
	// Identity compares the identity document a citizen shows at a
	// service centre with his verified one (HandOut); nil refuses every
	// hand-out.
	Identity IdentityMatcher
}

// New returns the service; inn answers applications for an INN, blobs
// keeps the files citizens attach, signer signs results.
func New(store Store, forms Forms, inn INNGateway, blobs blob.Store, signer ResultSigner, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{store: store, forms: forms, inn: inn, blobs: blobs, signer: signer, clock: clock}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

// Form returns the online form of a service.
func (s *Service) Form(code string) (*Form, bool) {
	f, ok := s.forms[code]
	return f, ok
}

// Draft is what the app saves while the citizen fills the form: any of the
// fields, merged into the draft (a null removes a field).
type Draft struct {
	ID          string // empty: a new draft
	ServiceCode string
	Applicant   ApplicantKind
	ApplicantID string
	BranchCode  string
	Fields      map[string]any
}

// MaxDataBytes bounds a draft's data.
const MaxDataBytes = 64 << 10

// SaveDraft creates or updates a draft. Drafts accept anything the form
// might hold: they are checked when submitted, so a mobile app can save
// field by field over a bad connection and resume later.
func (s *Service) SaveDraft(ctx context.Context, accountID string, d Draft) (Application, error) {
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		now := s.now()
		if d.ID == "" {
			f, ok := s.forms[d.ServiceCode]
			if !ok {
				return &FieldError{"serviceCode", "NOT_ONLINE", "Эту услугу нельзя заказать через портал", "this service cannot be applied for online"}
			}
			info, err := tx.Service(ctx, f.Service)
			if err != nil {
				return err
			}
			app = Application{ID: uuid.NewString(), AccountID: accountID, ServiceCode: f.Service, DepartmentCode: info.Department,
				Status: StatusDraft, Channel: ChannelPortal, Applicant: ApplicantSelf, Data: map[string]any{}, CreatedAt: now}
		} else {
			var err error
			if app, err = tx.Application(ctx, d.ID); errors.Is(err, ErrNotFound) || (err == nil && app.AccountID != accountID) {
				return &FieldError{"id", "NOT_FOUND", "Черновик не найден", "no such draft"}
			} else if err != nil {
				return err
			}
			if app.Status != StatusDraft {
				return &FieldError{"id", "SUBMITTED", "Заявление уже отправлено", "the application was already submitted"}
			}
		}
		if d.Applicant != "" {
			app.Applicant, app.ApplicantID = d.Applicant, d.ApplicantID
		}
		if d.BranchCode != "" {
			app.BranchCode = d.BranchCode
		}
		for k, v := range d.Fields {
			if v == nil {
				delete(app.Data, k)
			} else {
				app.Data[k] = v
			}
		}
		if size(app.Data) > MaxDataBytes {
			return &FieldError{"fields", "TOO_LARGE", "Слишком много данных в заявлении", "the application holds too much data"}
		}
		app.UpdatedAt = now
		if d.ID == "" {
			return tx.AddApplication(ctx, app)
		}
		return tx.UpdateApplication(ctx, app)
	})
	return app, err
}

// Submit checks a draft against its form and sends it to the department.
// The same idempotency key returns the application it submitted.
func (s *Service) Submit(ctx context.Context, accountID string, tier account.Tier, draftID, key string) (Application, error) {
	if len(key) < 8 || len(key) > 100 {
		return Application{}, &FieldError{"idempotencyKey", "INVALID", "Ключ идемпотентности: от 8 до 100 знаков, например UUID", "the idempotency key takes 8 to 100 characters, e.g. a UUID"}
	}
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		prev, err := tx.ByKey(ctx, accountID, key)
		if err == nil {
			app = prev
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		if app, err = tx.Application(ctx, draftID); errors.Is(err, ErrNotFound) || (err == nil && app.AccountID != accountID) {
			return &FieldError{"draftId", "NOT_FOUND", "Черновик не найден", "no such draft"}
		} else if err != nil {
			return err
		}
		if app.Status != StatusDraft {
			return &FieldError{"draftId", "SUBMITTED", "Заявление уже отправлено", "the application was already submitted"}
		}
		f := s.forms[app.ServiceCode]
		info, err := tx.Service(ctx, app.ServiceCode)
		if err != nil {
			return err
		}
		if tier.Rank() < info.MinTier.Rank() {
			return &account.ForbiddenError{NeedTier: info.MinTier, HaveTier: tier}
		}
		if err := s.checkApplicant(ctx, tx, f, accountID, app); err != nil {
			return err
		}
		if f.BranchChoice {
			if app.BranchCode == "" {
				return &FieldError{"branchCode", "REQUIRED", "Выберите центр обслуживания, где получите результат", "choose the service centre where you collect the result"}
			}
			if ok, err := tx.BranchExists(ctx, app.BranchCode); err != nil {
				return err
			} else if !ok {
				return &FieldError{"branchCode", "UNKNOWN", "Нет такого центра обслуживания", "no such service centre"}
			}
		}
		if errs := f.Validate(app.Data); len(errs) > 0 {
			return &errs[0]
		}
		atts, err := tx.Attachments(ctx, app.ID)
		if err != nil {
			return err
		}
		if fe := missingDocuments(f, atts); fe != nil {
			return fe
		}
		now := s.now()
		app.Status, app.IdempotencyKey, app.SubmittedAt, app.UpdatedAt = StatusSubmitted, key, now, now
		if err := tx.UpdateApplication(ctx, app); err != nil {
			return err
		}
		if app.ServiceCode == ServiceINN && app.Applicant == ApplicantSelf {
			// The tax service answers it itself.
			ev, err := innEvent(TypeINNSend, INNPayload{ApplicationID: app.ID}, time.Time{})
			if err != nil {
				return err
			}
			if err := tx.AddEvent(ctx, ev); err != nil {
				return err
			}
		}
		return s.stage(ctx, tx, &app, Stage{Status: StatusSubmitted, ActorID: accountID, At: now}, info)
	})
	return app, err
}

func (s *Service) checkApplicant(ctx context.Context, tx Tx, f *Form, accountID string, app Application) error {
	if !slices.Contains(f.Applicants, app.Applicant) {
		return &FieldError{"applicant", "NOT_ALLOWED", "По этой услуге нельзя подать заявление за этого заявителя", "this service does not take applications for this applicant"}
	}
	if app.Applicant == ApplicantChild {
		ok, err := tx.ChildOf(ctx, accountID, app.ApplicantID)
		if err != nil {
			return err
		}
		if !ok {
			return &FieldError{"applicantId", "NOT_YOUR_CHILD", "Ребёнок не найден среди ваших детей", "the child is not among your children"}
		}
	}
	return nil
}

// stage records a stage, saves it on the application and tells the citizen;
// a final stage also asks him to rate the service.
func (s *Service) stage(ctx context.Context, tx Tx, app *Application, st Stage, info ServiceInfo) error {
	if err := tx.AddStage(ctx, app.ID, st); err != nil {
		return err
	}
	app.Stages = append(app.Stages, st)
	ru, en := stageTexts(st.Status)
	body := info.NameRu + ": " + ru
	bodyEn := info.NameEn + ": " + en
	if st.Comment != "" {
		body += ". " + st.Comment
		bodyEn += ". " + st.Comment
	}
	n := notification.Notification{ID: uuid.NewString(), AccountID: app.AccountID, Kind: "APPLICATIONS_STAGE",
		TitleRu: "Заявление: " + ru, TitleEn: "Application: " + en, BodyRu: body, BodyEn: bodyEn,
		Link: "uslugi://applications/" + app.ID, CreatedAt: st.At}
	if err := s.notify(ctx, tx, n); err != nil {
		return err
	}
	if st.Status == StatusCompleted || st.Status == StatusRejected {
		rate := notification.Notification{ID: uuid.NewString(), AccountID: app.AccountID, Kind: "APPLICATIONS_RATE",
			TitleRu: "Оцените услугу", TitleEn: "Rate the service",
			BodyRu: "Как прошло получение услуги «" + info.NameRu + "»? Поставьте оценку от 1 до 5.",
			BodyEn: "How was \"" + info.NameEn + "\"? Rate it from 1 to 5.",
			Link:   "uslugi://applications/" + app.ID + "/rate", CreatedAt: st.At}
		return s.notify(ctx, tx, rate)
	}
	return nil
}

func (s *Service) notify(ctx context.Context, tx Tx, n notification.Notification) error {
	return notification.Add(ctx, tx, n)
}

func stageTexts(st Status) (string, string) {
	switch st {
	case StatusSubmitted:
		return "отправлено в ведомство", "sent to the department"
	case StatusRegistered:
		return "зарегистрировано", "registered"
	case StatusInProgress:
		return "в работе", "in progress"
	case StatusAwaitingCitizen:
		return "нужны ваши сведения", "your information is needed"
	case StatusCompleted:
		return "услуга оказана", "completed"
	case StatusRejected:
		return "отказ", "rejected"
	case StatusWithdrawn:
		return "отозвано", "withdrawn"
	}
	return string(st), string(st)
}

// Officer is who moves applications: an OFFICER of some departments.
type Officer struct {
	AccountID string
}

// Move takes an application to its next stage: only an officer of its
// department, only along the allowed transitions; a rejection needs its
// reason, a request for more what is needed; a completion may carry the
// result, kept in the citizen's documents.
func (s *Service) Move(ctx context.Context, officer Officer, id string, to Status, comment string) (Application, error) {
	return s.MoveWithResult(ctx, officer, id, to, comment, nil)
}

// MoveWithResult is Move with the officer's file of the result on
// completion (see resultFile): the file is stored and its SHA-256 signed
// with the result, which keeps it among the citizen's documents. A file
// for any other stage is refused on the field "result".
func (s *Service) MoveWithResult(ctx context.Context, officer Officer, id string, to Status, comment string, file *duplicate.Upload) (Application, error) {
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > 2000 {
		return Application{}, &FieldError{"comment", "TOO_LONG", "Комментарий — до 2000 знаков", "the comment takes up to 2,000 characters"}
	}
	if file != nil && to != StatusCompleted {
		return Application{}, &FieldError{"result", "NOT_ALLOWED", "Файл результата прикладывается только при завершении (COMPLETED)",
			"the result's file goes only with the completion (COMPLETED)"}
	}
	now := s.now()
	var result Result
	var stored []ResultFile
	if to == StatusCompleted {
		// The result is signed before the transaction that stores it.
		cur, err := s.peek(ctx, id)
		if err != nil {
			return Application{}, err
		}
		if file != nil {
			if stored, err = s.storeResultFile(ctx, officer, cur, *file); err != nil {
				return Application{}, err
			}
		}
		if result, err = s.newResult(ctx, cur, comment, now, stored...); err != nil {
			s.dropResultFiles(ctx, stored)
			return Application{}, err
		}
	}
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if app, err = tx.Application(ctx, id); err != nil || app.Status == StatusDraft {
			if err == nil {
				err = ErrNotFound
			}
			return err
		}
		deps, err := tx.OfficerDepartments(ctx, officer.AccountID)
		if err != nil {
			return err
		}
		if !slices.Contains(deps, app.DepartmentCode) {
			return ErrNotYourDepartment
		}
		if !CanMove(app.Status, to) {
			return &FieldError{"status", "NOT_ALLOWED", "Из стадии " + string(app.Status) + " нельзя перейти в " + string(to),
				"an application cannot go from " + string(app.Status) + " to " + string(to)}
		}
		if (to == StatusRejected || to == StatusAwaitingCitizen) && comment == "" {
			return &FieldError{"comment", "REQUIRED", "Укажите причину отказа или что нужно от заявителя", "give the reason of the refusal or what the applicant must provide"}
		}
		switch to {
		case StatusRejected:
			app.Reason = comment
		case StatusAwaitingCitizen:
			app.Request = comment
		case StatusCompleted:
			app.ResultDocument, app.CompletedAt = result.ID, now
			if err := tx.AddResult(ctx, result); err != nil {
				return err
			}
		}
		app.Status, app.UpdatedAt = to, now
		if err := tx.UpdateApplication(ctx, app); err != nil {
			return err
		}
		info, err := tx.Service(ctx, app.ServiceCode)
		if err != nil {
			return err
		}
		if app.Stages, err = tx.Stages(ctx, app.ID); err != nil {
			return err
		}
		return s.stage(ctx, tx, &app, Stage{Status: to, ActorID: officer.AccountID, Comment: comment, At: now}, info)
	})
	if err != nil {
		s.dropResultFiles(ctx, stored)
	}
	return app, err
}

// Respond is the citizen's answer to a request for more: the fields he
// changed, and a comment; the application goes back to the officer.
func (s *Service) Respond(ctx context.Context, accountID, id, comment string, fields map[string]any) (Application, error) {
	return s.citizenMove(ctx, accountID, id, func(app *Application) (Status, error) {
		if app.Status != StatusAwaitingCitizen {
			return "", &FieldError{"id", "NOT_AWAITING", "Ведомство не запрашивало сведения по этому заявлению", "the department asked nothing for this application"}
		}
		data := maps.Clone(app.Data)
		maps.Copy(data, fields)
		if errs := s.forms[app.ServiceCode].Validate(data); len(errs) > 0 {
			return "", &errs[0]
		}
		app.Data, app.Request = data, ""
		return StatusInProgress, nil
	}, comment)
}

// Withdraw takes the application back, before it is completed.
func (s *Service) Withdraw(ctx context.Context, accountID, id, comment string) (Application, error) {
	return s.citizenMove(ctx, accountID, id, func(app *Application) (Status, error) {
		if app.Status == StatusDraft || app.Status.Final() {
			return "", &FieldError{"id", "NOT_ALLOWED", "Отозвать можно только отправленное и не завершённое заявление", "only a submitted application that has not ended can be withdrawn"}
		}
		return StatusWithdrawn, nil
	}, comment)
}

func (s *Service) citizenMove(ctx context.Context, accountID, id string, rule func(*Application) (Status, error), comment string) (Application, error) {
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if app, err = tx.Application(ctx, id); err != nil || app.AccountID != accountID {
			if err == nil {
				err = ErrNotFound
			}
			return err
		}
		to, err := rule(&app)
		if err != nil {
			return err
		}
		now := s.now()
		app.Status, app.UpdatedAt = to, now
		if err := tx.UpdateApplication(ctx, app); err != nil {
			return err
		}
		info, err := tx.Service(ctx, app.ServiceCode)
		if err != nil {
			return err
		}
		if app.Stages, err = tx.Stages(ctx, app.ID); err != nil {
			return err
		}
		return s.stage(ctx, tx, &app, Stage{Status: to, ActorID: accountID, Comment: strings.TrimSpace(comment), At: now}, info)
	})
	return app, err
}

// Rate records the citizen's mark of a finished application, once.
func (s *Service) Rate(ctx context.Context, accountID, id string, score int, comment string) (Rating, error) {
	if score < 1 || score > 5 {
		return Rating{}, &FieldError{"score", "RANGE", "Оценка — от 1 до 5", "the score is 1 to 5"}
	}
	if utf8.RuneCountInString(comment) > 1000 {
		return Rating{}, &FieldError{"comment", "TOO_LONG", "Комментарий — до 1000 знаков", "the comment takes up to 1,000 characters"}
	}
	r := Rating{ApplicationID: id, Score: score, Comment: strings.TrimSpace(comment), At: s.now()}
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		app, err := tx.Application(ctx, id)
		if err != nil || app.AccountID != accountID {
			if err == nil {
				err = ErrNotFound
			}
			return err
		}
		if app.Status != StatusCompleted && app.Status != StatusRejected {
			return &FieldError{"id", "NOT_FINISHED", "Оценить можно после того, как услуга оказана или в ней отказано", "a service can be rated once it is completed or refused"}
		}
		ok, err := tx.AddRating(ctx, r)
		if err != nil {
			return err
		}
		if !ok {
			return &FieldError{"id", "ALREADY_RATED", "Вы уже оценили эту услугу", "you already rated this service"}
		}
		return nil
	})
	return r, err
}

// MyScores returns the scores the citizen gave his applications among ids;
// one he has not rated, or another's, is not in the map. Application lists
// ask for all their applications at once.
func (s *Service) MyScores(ctx context.Context, accountID string, ids []string) (map[string]int, error) {
	var out map[string]int
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Scores(ctx, accountID, ids)
		return err
	})
	return out, err
}

// Mine lists the citizen's applications, newest first, with their stages.
func (s *Service) Mine(ctx context.Context, accountID string) ([]Application, error) {
	var out []Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if out, err = tx.Mine(ctx, accountID, 100); err != nil {
			return err
		}
		for i := range out {
			if err := loadHistory(ctx, tx, &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// loadHistory fills in an application's stages and attached documents.
func loadHistory(ctx context.Context, tx Tx, app *Application) error {
	var err error
	if app.Stages, err = tx.Stages(ctx, app.ID); err != nil {
		return err
	}
	if app.Attachments, err = tx.Attachments(ctx, app.ID); err != nil {
		return err
	}
	for i := range app.Attachments {
		app.Attachments[i].OwnerID, app.Attachments[i].DepartmentCode = app.AccountID, app.DepartmentCode
	}
	return nil
}

// Get returns one of the citizen's applications with its stages.
func (s *Service) Get(ctx context.Context, accountID, id string) (Application, error) {
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if app, err = tx.Application(ctx, id); err != nil {
			return err
		}
		if app.AccountID != accountID {
			// An officer of the application's department reads it too (the
			// workspace's application page), and that read is on record in
			// the same transaction; anyone else learns nothing, not even
			// that it exists.
			deps, err := tx.OfficerDepartments(ctx, accountID)
			if err != nil {
				return err
			}
			if app.Status == StatusDraft || !slices.Contains(deps, app.DepartmentCode) {
				return ErrNotFound
			}
			if err := tx.Audit(ctx, AuditViewed, accountID, app.AccountID,
				map[string]string{"application": app.ID, "service": app.ServiceCode}); err != nil {
				return err
			}
		}
		return loadHistory(ctx, tx, &app)
	})
	return app, err
}

// Queue is a page of a department's applications with counts per stage.
type Queue struct {
	Applications []Application
	Total        int
	Counts       map[Status]int
}

// DepartmentQueue lists the applications of the officer's departments.
func (s *Service) DepartmentQueue(ctx context.Context, officer Officer, f Filter, offset, limit int) (Queue, error) {
	var q Queue
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		deps, err := tx.OfficerDepartments(ctx, officer.AccountID)
		if err != nil {
			return err
		}
		if len(deps) == 0 {
			return ErrNotYourDepartment
		}
		if q.Applications, q.Total, err = tx.OfDepartments(ctx, deps, f, offset, limit); err != nil {
			return err
		}
		for i := range q.Applications {
			app := &q.Applications[i]
			if err := loadHistory(ctx, tx, app); err != nil {
				return err
			}
			// An application carries personal data and the citizen's
			// documents: every officer's read is on record, in the same
			// transaction, so no page is shown unaudited.
			if err := tx.Audit(ctx, AuditViewed, officer.AccountID, app.AccountID,
				map[string]string{"application": app.ID, "service": app.ServiceCode}); err != nil {
				return err
			}
		}
		q.Counts, err = tx.CountByStatus(ctx, deps)
		return err
	})
	return q, err
}

func size(data map[string]any) int {
	n := 0
	for k, v := range data {
		n += len(k) + approxSize(v)
	}
	return n
}

func approxSize(v any) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case []any:
		n := 0
		for _, e := range x {
			n += approxSize(e) + 1
		}
		return n
	case map[string]any:
		return size(x)
	}
	return 8
}

// Recorded is an application a citizen made at a service centre or in
// person, recorded by staff.
type Recorded struct {
	AccountID   string
	ServiceCode string
	Channel     Channel
	BranchCode  string
	Fields      map[string]any
}

// Record enters an application made off the portal: an OPERATOR records
// those of a service centre, an OFFICER of the service's department those
// made in person. It starts SUBMITTED, as if sent from the portal, so the
// officers' queue and the statistics see every channel.
func (s *Service) Record(ctx context.Context, staffID string, in Recorded) (Application, error) {
	if in.Channel != ChannelServiceCentre && in.Channel != ChannelInPerson {
		return Application{}, &FieldError{"channel", "INVALID", "Канал: SERVICE_CENTRE или IN_PERSON", "the channel is SERVICE_CENTRE or IN_PERSON"}
	}
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		info, err := tx.Service(ctx, in.ServiceCode)
		if errors.Is(err, ErrNotFound) {
			return &FieldError{"serviceCode", "UNKNOWN", "Нет такой услуги", "no such service"}
		}
		if err != nil {
			return err
		}
		switch in.Channel {
		case ChannelServiceCentre:
			ok, err := tx.HasRole(ctx, staffID, account.RoleOperator)
			if err != nil {
				return err
			}
			if !ok {
				return &account.ForbiddenError{NeedRole: account.RoleOperator}
			}
		default:
			deps, err := tx.OfficerDepartments(ctx, staffID)
			if err != nil {
				return err
			}
			if !slices.Contains(deps, info.Department) {
				return ErrNotYourDepartment
			}
		}
		if ok, err := tx.AccountExists(ctx, in.AccountID); err != nil {
			return err
		} else if !ok {
			return &FieldError{"accountId", "NOT_FOUND", "Нет такой учётной записи", "no such account"}
		}
		data := in.Fields
		if data == nil {
			data = map[string]any{}
		}
		if f, ok := s.forms[in.ServiceCode]; ok {
			if errs := f.Validate(data); len(errs) > 0 {
				return &errs[0]
			}
		}
		now := s.now()
		app = Application{ID: uuid.NewString(), AccountID: in.AccountID, ServiceCode: in.ServiceCode, DepartmentCode: info.Department,
			Status: StatusSubmitted, Channel: in.Channel, Applicant: ApplicantSelf, Data: data, BranchCode: in.BranchCode,
			CreatedAt: now, UpdatedAt: now, SubmittedAt: now}
		if err := tx.AddApplication(ctx, app); err != nil {
			return err
		}
		return s.stage(ctx, tx, &app, Stage{Status: StatusSubmitted, ActorID: staffID, Comment: channelComment(in.Channel), At: now}, info)
	})
	return app, err
}

func channelComment(c Channel) string {
	if c == ChannelServiceCentre {
		return "Принято в центре обслуживания"
	}
	return "Принято в ведомстве лично"
}

// Branch is a service-centre branch where a citizen may collect a result.
type Branch struct {
	Code, NameRu, NameEn, Address, HoursRu, HoursEn, OKTMO string
}

// Branches lists the service-centre branches of a region.
func (s *Service) Branches(ctx context.Context, region string) ([]Branch, error) {
	var out []Branch
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		out, err = tx.Branches(ctx, region)
		return err
	})
	return out, err
}

// peek reads an application outside any rule, to prepare what a change
// needs before its transaction.
func (s *Service) peek(ctx context.Context, id string) (Application, error) {
	var app Application
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		app, err = tx.Application(ctx, id)
		return err
	})
	return app, err
}
