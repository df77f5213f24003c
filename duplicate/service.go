package duplicate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/uslugi/uslugi/blob"
	"github.com/uslugi/uslugi/docsign"
	"github.com/uslugi/uslugi/event"
	"github.com/uslugi/uslugi/notification"
)

// ConsentStatus is where a citizen's consent to a duplicate stands.
type ConsentStatus string

// Consent statuses.
const (
	ConsentPending  ConsentStatus = "PENDING"
	ConsentAccepted ConsentStatus = "ACCEPTED"
	ConsentRefused  ConsentStatus = "REFUSED"
	ConsentUsed     ConsentStatus = "USED"
)

// ConsentTTL is how long the citizen has to answer on his phone.
const ConsentTTL = 10 * time.Minute

// Consent is a citizen's consent to one duplicate, asked by an operator.
type Consent struct {
	ID         string
	AccountID  string
	OperatorID string
	Centre     string
	Type       string
	Status     ConsentStatus
	// Paper: recorded by the operator from a signed paper consent, whose
	// scan is kept at PaperKey.
	Paper      bool
	PaperKey   string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AnsweredAt time.Time
}

// File is one stored file of a duplicate.
type File struct {
	Role        FileRole `json:"role"`
	Key         string   `json:"key"`
	SHA256      string   `json:"sha256"`
	ContentType string   `json:"content_type"`
	Size        int64    `json:"size"`
	Pages       int      `json:"pages"`
}

// Duplicate is an electronic duplicate of a paper document, signed by the
// service centre that made it. It never expires; it may be revoked.
type Duplicate struct {
	ID           string
	AccountID    string
	Type         string
	Fields       map[string]string
	Files        []File
	Centre       string
	OperatorID   string
	Signature    []byte
	KeyID        string
	SignedAt     time.Time
	RevokedAt    time.Time
	RevokeReason string
}

// Payload is what the signature covers.
func (d Duplicate) Payload() docsign.Payload {
	hashes := make([]string, len(d.Files))
	for i, f := range d.Files {
		hashes[i] = f.SHA256
	}
	return docsign.Payload{DocumentID: d.ID, Type: d.Type, AccountID: d.AccountID, Fields: d.Fields, FileSHA256: hashes,
		SignedAt: d.SignedAt, Signer: d.Centre}
}

// Upload is a file the operator sends.
type Upload struct {
	Role FileRole
	Name string
	Data []byte
}

// Store opens transactions.
type Store interface {
	InTx(ctx context.Context, f func(ctx context.Context, tx Tx) error) error
}

// Tx is what the rules read and write in one transaction.
type Tx interface {
	// OperatorCentres are the service centres the account is an OPERATOR of.
	OperatorCentres(ctx context.Context, accountID string) ([]string, error)
	AccountExists(ctx context.Context, accountID string) (bool, error)
	AddConsent(ctx context.Context, c Consent) error
	// Consent returns the consent locked for update, or ErrNotFound.
	Consent(ctx context.Context, id string) (Consent, error)
	UpdateConsent(ctx context.Context, c Consent) error
	// AddDuplicate stores the duplicate and its document in the citizen's documents.
	AddDuplicate(ctx context.Context, d Duplicate, title string) error
	// Duplicate returns the duplicate locked for update, or ErrNotFound.
	Duplicate(ctx context.Context, id string) (Duplicate, error)
	// DuplicatesByHash returns the duplicates with a file of that hash.
	DuplicatesByHash(ctx context.Context, sha256 string) ([]Duplicate, error)
	Revoke(ctx context.Context, id string, at time.Time, reason, by string) error
	AddNotification(ctx context.Context, n notification.Notification) error
	AddEvent(ctx context.Context, ev event.Event) error
	Audit(ctx context.Context, action, actorID, subjectID string, details map[string]string) error

	// CentreTx lists a centre's duplicates for its operators (centre.go).
	CentreTx
}

// Errors.
var (
	ErrNotFound = errors.New("duplicate: not found")
	// ErrNotOperator: the caller is not an operator of the centre concerned.
	ErrNotOperator = errors.New("duplicate: not an operator of this service centre")
)

// Service makes, keeps and verifies duplicates.
type Service struct {
	store Store
	blobs blob.Store
	keys  *docsign.KeyRing
	clock func() time.Time
}

// New returns the service.
func New(store Store, blobs blob.Store, keys *docsign.KeyRing, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{store: store, blobs: blobs, keys: keys, clock: clock}
}

func (s *Service) now() time.Time { return s.clock().UTC() }

func notify(ctx context.Context, tx Tx, n notification.Notification) error {
	return notification.Add(ctx, tx, n)
}

// centresOf returns the centres the account operates, or ErrNotOperator.
func centresOf(ctx context.Context, tx Tx, operatorID string) ([]string, error) {
	cs, err := tx.OperatorCentres(ctx, operatorID)
	if err == nil && len(cs) == 0 {
		err = ErrNotOperator
	}
	return cs, err
}

// centreOf returns the operator's centre, or ErrNotOperator.
func centreOf(ctx context.Context, tx Tx, operatorID string) (string, error) {
	cs, err := centresOf(ctx, tx, operatorID)
	if err != nil {
		return "", err
	}
	return cs[0], nil
}

// AskConsent starts a duplicate: the citizen gets a push that opens the
// consent request, to accept or refuse within ConsentTTL.
func (s *Service) AskConsent(ctx context.Context, operatorID, accountID, typeCode string) (Consent, error) {
	t, ok := TypeByCode(typeCode)
	if !ok {
		return Consent{}, fieldErr("documentType", "UNKNOWN", "Нет такого вида документа", "no such document type")
	}
	var c Consent
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		centre, err := centreOf(ctx, tx, operatorID)
		if err != nil {
			return err
		}
		if ok, err := tx.AccountExists(ctx, accountID); err != nil {
			return err
		} else if !ok {
			return fieldErr("accountId", "NOT_FOUND", "Нет такой учётной записи", "no such account")
		}
		now := s.now()
		c = Consent{ID: uuid.NewString(), AccountID: accountID, OperatorID: operatorID, Centre: centre, Type: t.Code,
			Status: ConsentPending, CreatedAt: now, ExpiresAt: now.Add(ConsentTTL)}
		if err := tx.AddConsent(ctx, c); err != nil {
			return err
		}
		return notify(ctx, tx, notification.Notification{ID: uuid.NewString(), AccountID: accountID, Kind: "DOCUMENTS_CONSENT",
			TitleRu: "Согласие на электронный дубликат", TitleEn: "Consent to an electronic duplicate",
			BodyRu: "Центр обслуживания просит согласия сделать электронный дубликат: " + t.Ru + ". Ответьте в течение 10 минут.",
			BodyEn: "A service centre asks your consent to make an electronic duplicate: " + t.En + ". Answer within 10 minutes.",
			Link:   "uslugi://consents/" + c.ID, CreatedAt: now})
	})
	return c, err
}

// AnswerConsent is the citizen's answer on his phone, in time.
func (s *Service) AnswerConsent(ctx context.Context, accountID, id string, accept bool) (Consent, error) {
	var c Consent
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if c, err = tx.Consent(ctx, id); err != nil || c.AccountID != accountID {
			if err == nil {
				err = ErrNotFound
			}
			return err
		}
		now := s.now()
		switch {
		case c.Status != ConsentPending:
			return fieldErr("id", "ANSWERED", "На этот запрос уже ответили", "this request was already answered")
		case now.After(c.ExpiresAt):
			return fieldErr("id", "EXPIRED", "Время на ответ истекло: попросите оператора отправить запрос ещё раз", "the time to answer ran out: ask the operator to send the request again")
		}
		c.Status, c.AnsweredAt = ConsentRefused, now
		if accept {
			c.Status = ConsentAccepted
		}
		return tx.UpdateConsent(ctx, c)
	})
	return c, err
}

// ConsentAtCentre is a consent asked at one of the operator's service
// centres, for him to follow the citizen's answer. Another centre's
// consent is ErrNotFound like a missing one, so an operator learns nothing
// of consents elsewhere. A PENDING consent past ExpiresAt reads as stored:
// the caller has ExpiresAt, and AnswerConsent refuses a late answer.
func (s *Service) ConsentAtCentre(ctx context.Context, operatorID, id string) (Consent, error) {
	var c Consent
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cs, err := centresOf(ctx, tx, operatorID)
		if err != nil {
			return err
		}
		if c, err = tx.Consent(ctx, id); err != nil {
			return err
		}
		if !slices.Contains(cs, c.Centre) {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return Consent{}, err
	}
	return c, nil
}

// RecordPaperConsent accepts the consent from the citizen's signed paper,
// whose scan is kept.
func (s *Service) RecordPaperConsent(ctx context.Context, operatorID, id string, scan Upload) (Consent, error) {
	ct, _, err := CheckFile("scan", scan.Name, scan.Data)
	if err != nil {
		return Consent{}, err
	}
	key := "consents/" + id + Extension(ct)
	var c Consent
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if c, err = tx.Consent(ctx, id); err != nil {
			return err
		}
		if c.OperatorID != operatorID {
			return ErrNotOperator
		}
		if c.Status != ConsentPending {
			return fieldErr("id", "ANSWERED", "На этот запрос уже ответили", "this request was already answered")
		}
		if _, err := s.blobs.Put(ctx, key, bytes.NewReader(scan.Data), ct); err != nil {
			return err
		}
		c.Status, c.Paper, c.PaperKey, c.AnsweredAt = ConsentAccepted, true, key, s.now()
		return tx.UpdateConsent(ctx, c)
	})
	return c, err
}

// Make stores, signs and delivers a duplicate under an accepted consent:
// the fields and files are checked against the type, the files stored and
// hashed, the whole signed with the centre's key, and the duplicate put in
// the citizen's documents with a notification, in one transaction.
func (s *Service) Make(ctx context.Context, operatorID, consentID string, fields map[string]string, files []Upload) (Duplicate, error) {
	var c Consent
	if err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		c, err = tx.Consent(ctx, consentID)
		return err
	}); err != nil {
		return Duplicate{}, err
	}
	if c.OperatorID != operatorID {
		return Duplicate{}, ErrNotOperator
	}
	if c.Status != ConsentAccepted {
		return Duplicate{}, fieldErr("consentId", "NO_CONSENT", "Гражданин не дал согласия на этот дубликат", "the citizen has not consented to this duplicate")
	}
	t, _ := TypeByCode(c.Type)
	now := s.now()
	clean, errs := ValidateFields(t, fields, now)
	if len(errs) > 0 {
		return Duplicate{}, errs[0]
	}
	roles := make([]FileRole, len(files))
	for i, f := range files {
		roles[i] = f.Role
	}
	if errs := CheckFileSet(t, roles); len(errs) > 0 {
		return Duplicate{}, errs[0]
	}
	d := Duplicate{ID: uuid.NewString(), AccountID: c.AccountID, Type: t.Code, Fields: clean, Centre: c.Centre, OperatorID: operatorID,
		SignedAt: now.Truncate(time.Second)}
	// Files in the type's order: the signature covers their hashes in it.
	for _, spec := range t.Files {
		for _, f := range files {
			if f.Role != spec.Role {
				continue
			}
			ct, pages, err := CheckFile("files."+strings.ToLower(string(f.Role)), f.Name, f.Data)
			if err != nil {
				return Duplicate{}, err
			}
			key := fmt.Sprintf("duplicates/%s/%s%s", d.ID, strings.ToLower(string(f.Role)), Extension(ct))
			info, err := s.blobs.Put(ctx, key, bytes.NewReader(f.Data), ct)
			if err != nil {
				return Duplicate{}, err
			}
			d.Files = append(d.Files, File{Role: f.Role, Key: key, SHA256: info.SHA256, ContentType: ct, Size: info.Size, Pages: pages})
		}
	}
	sig, keyID, err := s.keys.Sign(ctx, d.Payload())
	if err != nil {
		return Duplicate{}, err
	}
	d.Signature, d.KeyID = sig, keyID
	err = s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Consent(ctx, consentID)
		if err != nil {
			return err
		}
		if cur.Status != ConsentAccepted {
			return fieldErr("consentId", "USED", "Это согласие уже использовано", "this consent was already used")
		}
		cur.Status = ConsentUsed
		if err := tx.UpdateConsent(ctx, cur); err != nil {
			return err
		}
		if err := tx.AddDuplicate(ctx, d, "Электронный дубликат: "+t.Ru); err != nil {
			return err
		}
		return notify(ctx, tx, notification.Notification{ID: uuid.NewString(), AccountID: d.AccountID, Kind: "DOCUMENTS_DUPLICATE",
			TitleRu: "Электронный дубликат готов", TitleEn: "Your electronic duplicate is ready",
			BodyRu: t.Ru + " — в ваших документах, подписан центром обслуживания.", BodyEn: t.En + " is in your documents, signed by the service centre.",
			Link: "uslugi://documents/" + d.ID, CreatedAt: now})
	})
	return d, err
}

// Revoke withdraws a duplicate made by mistake; only an operator of the
// centre that made it, with a reason; the citizen is told.
func (s *Service) Revoke(ctx context.Context, operatorID, id, reason string) (Duplicate, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) < 5 || len([]rune(reason)) > 500 {
		return Duplicate{}, fieldErr("reason", "LENGTH", "Укажите причину отзыва (5–500 знаков)", "give the reason for revoking (5 to 500 characters)")
	}
	var d Duplicate
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if d, err = tx.Duplicate(ctx, id); err != nil {
			return err
		}
		cs, err := tx.OperatorCentres(ctx, operatorID)
		if err != nil {
			return err
		}
		if !slices.Contains(cs, d.Centre) {
			return ErrNotOperator
		}
		if !d.RevokedAt.IsZero() {
			return fieldErr("id", "REVOKED", "Дубликат уже отозван", "the duplicate is already revoked")
		}
		now := s.now()
		d.RevokedAt, d.RevokeReason = now, reason
		if err := tx.Revoke(ctx, id, now, reason, operatorID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, "duplicate.revoked", operatorID, d.AccountID, map[string]string{"duplicate": id, "reason": reason}); err != nil {
			return err
		}
		return notify(ctx, tx, notification.Notification{ID: uuid.NewString(), AccountID: d.AccountID, Kind: "DOCUMENTS_REVOKED",
			TitleRu: "Электронный дубликат отозван", TitleEn: "An electronic duplicate was revoked",
			BodyRu: "Причина: " + reason, BodyEn: "Reason: " + reason, Link: "uslugi://documents/" + id, CreatedAt: now})
	})
	return d, err
}

// Verification is what anyone learns of a document: whether it is genuine,
// who signed it and when, whether it was revoked — and nothing else about
// the citizen.
type Verification struct {
	Genuine      bool
	Type         string
	Signer       string
	KeyID        string
	SignedAt     time.Time
	Revoked      bool
	RevokedAt    time.Time
	RevokeReason string
}

// Verify checks a file (or its SHA-256) against the duplicates made: it is
// genuine when a duplicate holds a file of that hash and the centre's
// signature over it still verifies. Each check is in the audit log.
func (s *Service) Verify(ctx context.Context, file []byte, hash string) (Verification, error) {
	if file != nil {
		sum := sha256.Sum256(file)
		hash = hex.EncodeToString(sum[:])
	}
	hash = strings.ToLower(strings.TrimSpace(hash))
	if b, err := hex.DecodeString(hash); err != nil || len(b) != sha256.Size {
		return Verification{}, fieldErr("hash", "INVALID", "Передайте файл или его SHA-256 (64 шестнадцатеричные цифры)", "send the file or its SHA-256 (64 hex digits)")
	}
	var found []Duplicate
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if found, err = tx.DuplicatesByHash(ctx, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, "duplicate.verified", "", "", map[string]string{"sha256": hash, "found": fmt.Sprint(len(found))})
	})
	if err != nil || len(found) == 0 {
		return Verification{}, err
	}
	d := found[0]
	ok, err := s.keys.Verify(ctx, d.Payload(), d.Signature)
	if err != nil {
		return Verification{}, err
	}
	return Verification{Genuine: ok, Type: d.Type, Signer: d.Centre, KeyID: d.KeyID, SignedAt: d.SignedAt,
		Revoked: !d.RevokedAt.IsZero(), RevokedAt: d.RevokedAt, RevokeReason: d.RevokeReason}, nil
}

// FileLink is a file of the citizen's duplicate with a download link.
type FileLink struct {
	File
	URL string
}

// FileURLTTL is how long a download link works.
const FileURLTTL = 5 * time.Minute

// Links returns the files of the citizen's duplicate with short-lived
// signed links; another's duplicate is ErrNotFound.
func (s *Service) Links(ctx context.Context, accountID, id string, sign func(key string, expires time.Time) string) ([]FileLink, error) {
	d, err := s.own(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	exp := s.now().Add(FileURLTTL)
	out := make([]FileLink, len(d.Files))
	for i, f := range d.Files {
		out[i] = FileLink{File: f, URL: sign(f.Key, exp)}
	}
	return out, nil
}

// Status checks the citizen's duplicate's signature now.
func (s *Service) Status(ctx context.Context, accountID, id string) (Verification, error) {
	d, err := s.own(ctx, accountID, id)
	if err != nil {
		return Verification{}, err
	}
	ok, err := s.keys.Verify(ctx, d.Payload(), d.Signature)
	if err != nil {
		return Verification{}, err
	}
	return Verification{Genuine: ok, Type: d.Type, Signer: d.Centre, KeyID: d.KeyID, SignedAt: d.SignedAt,
		Revoked: !d.RevokedAt.IsZero(), RevokedAt: d.RevokedAt, RevokeReason: d.RevokeReason}, nil
}

func (s *Service) own(ctx context.Context, accountID, id string) (Duplicate, error) {
	var d Duplicate
	err := s.store.InTx(ctx, func(ctx context.Context, tx Tx) error {
		var err error
		if d, err = tx.Duplicate(ctx, id); err == nil && d.AccountID != accountID {
			err = ErrNotFound
		}
		return err
	})
	return d, err
}
