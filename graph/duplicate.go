package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/document"
	"github.com/uslugi/uslugi/duplicate"
	"github.com/uslugi/uslugi/graph/model"
)

func duplicateErr(ctx context.Context, err error) ([]model.UserError, error) {
	var fe *duplicate.FieldError
	switch {
	case errors.As(err, &fe):
		return []model.UserError{{Field: fe.Field, Code: fe.Code, Message: pickLang(Lang(ctx), fe.Ru, fe.En)}}, nil
	case errors.Is(err, duplicate.ErrNotFound):
		return nil, account.ErrNotFound
	case errors.Is(err, duplicate.ErrNotOperator):
		return nil, &account.ForbiddenError{NeedRole: account.RoleOperator}
	}
	return nil, err
}

func (r *Resolver) duplicateTypes(ctx context.Context) []model.DuplicateType {
	lang := Lang(ctx)
	var out []model.DuplicateType
	for _, t := range duplicate.Types() {
		dt := model.DuplicateType{Code: t.Code, Name: pickLang(lang, t.Ru, t.En), Category: pickLang(lang, t.CategoryRu, t.CategoryEn)}
		for _, f := range t.Fields {
			dt.Fields = append(dt.Fields, model.DuplicateField{Name: f.Name, Label: pickLang(lang, f.Ru, f.En), Kind: string(f.Kind), Required: f.Required})
		}
		for _, f := range t.Files {
			dt.Files = append(dt.Files, model.DuplicateFileSpec{Role: f.Role, Label: pickLang(lang, f.Ru, f.En), Required: f.Required})
		}
		out = append(out, dt)
	}
	return out
}

func readUpload(field string, u graphql.Upload) (duplicate.Upload, error) {
	data, err := duplicate.ReadFile(field, io.Reader(u.File))
	return duplicate.Upload{Name: u.Filename, Data: data}, err
}

func consentPayload(ctx context.Context, c duplicate.Consent, err error) (*model.DuplicateConsentPayload, error) {
	if err != nil {
		ue, err := duplicateErr(ctx, err)
		return &model.DuplicateConsentPayload{UserErrors: ue}, err
	}
	return &model.DuplicateConsentPayload{Consent: &c, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) requestDuplicateConsent(ctx context.Context, accountID, typ string) (*model.DuplicateConsentPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	id, err := parseAccountID(accountID)
	if err != nil {
		return nil, err
	}
	c, err := r.Duplicates.AskConsent(ctx, p.AccountID, id, typ)
	return consentPayload(ctx, c, err)
}

func (r *Resolver) answerDuplicateConsent(ctx context.Context, id string, accept bool) (*model.DuplicateConsentPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := r.Duplicates.AnswerConsent(ctx, p.AccountID, id, accept)
	return consentPayload(ctx, c, err)
}

// duplicateConsent is a consent asked at the operator's centre, which he
// polls until the citizen answers; a missing one, or another centre's, is
// null rather than an error, so nothing tells the two apart.
func (r *Resolver) duplicateConsent(ctx context.Context, id string) (*duplicate.Consent, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := r.Duplicates.ConsentAtCentre(ctx, p.AccountID, id)
	if errors.Is(err, duplicate.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		_, err = duplicateErr(ctx, err)
		return nil, err
	}
	return &c, nil
}

func (r *Resolver) recordPaperConsent(ctx context.Context, id string, scan graphql.Upload) (*model.DuplicateConsentPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	up, err := readUpload("scan", scan)
	if err != nil {
		return consentPayload(ctx, duplicate.Consent{}, err)
	}
	c, err := r.Duplicates.RecordPaperConsent(ctx, p.AccountID, id, up)
	return consentPayload(ctx, c, err)
}

func (r *Resolver) makeDuplicate(ctx context.Context, in model.MakeDuplicateInput) (*model.MakeDuplicatePayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	var fields map[string]string
	if err := json.Unmarshal([]byte(in.Fields), &fields); err != nil {
		return &model.MakeDuplicatePayload{UserErrors: []model.UserError{{Field: "fields", Code: "INVALID_JSON",
			Message: pickLang(Lang(ctx), "Поля передайте JSON-объектом строк", "pass the fields as a JSON object of strings")}}}, nil
	}
	files := make([]duplicate.Upload, len(in.Files))
	for i, f := range in.Files {
		if files[i], err = readUpload("files", f.File); err != nil {
			ue, err := duplicateErr(ctx, err)
			return &model.MakeDuplicatePayload{UserErrors: ue}, err
		}
		files[i].Role = f.Role
	}
	d, err := r.Duplicates.Make(ctx, p.AccountID, in.ConsentID, fields, files)
	if err != nil {
		ue, err := duplicateErr(ctx, err)
		return &model.MakeDuplicatePayload{UserErrors: ue}, err
	}
	return &model.MakeDuplicatePayload{DocumentID: &d.ID, UserErrors: []model.UserError{}}, nil
}

func (r *Resolver) revokeDuplicate(ctx context.Context, id, reason string) (*model.OkPayload, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	_, err = r.Duplicates.Revoke(ctx, p.AccountID, id, reason)
	if err != nil {
		ue, err := duplicateErr(ctx, err)
		return &model.OkPayload{UserErrors: ue}, err
	}
	return &model.OkPayload{Ok: true, UserErrors: []model.UserError{}}, nil
}

func verificationModel(v duplicate.Verification) *model.DocumentVerification {
	out := &model.DocumentVerification{Genuine: v.Genuine, Revoked: v.Revoked, DocumentType: optional(v.Type), SignedBy: optional(v.Signer),
		KeyID: optional(v.KeyID), SignedAt: optionalTime(v.SignedAt), RevokedAt: optionalTime(v.RevokedAt), RevokeReason: optional(v.RevokeReason)}
	return out
}

func (r *Resolver) verifyDocument(ctx context.Context, hash *string, file *graphql.Upload) (*model.DocumentVerification, error) {
	var data []byte
	if file != nil {
		up, err := readUpload("file", *file)
		if err != nil {
			_, err = duplicateErr(ctx, err)
			return nil, toUserError(err)
		}
		data = up.Data
	}
	v, err := r.Duplicates.Verify(ctx, data, deref(hash))
	if err != nil {
		return nil, toUserError(err)
	}
	if v.Signer == "" && r.Hearings != nil {
		// Not a duplicate: maybe a hearing's protocol.
		sum := deref(hash)
		if data != nil {
			h := sha256.Sum256(data)
			sum = hex.EncodeToString(h[:])
		}
		pc, err := r.Hearings.VerifyProtocol(ctx, strings.ToLower(strings.TrimSpace(sum)), r.Protocols)
		if err != nil {
			return nil, err
		}
		if pc.Found {
			return verificationModel(duplicate.Verification{Genuine: pc.Genuine, Type: "HEARING_PROTOCOL", Signer: pc.Signer, SignedAt: pc.SignedAt}), nil
		}
	}
	return verificationModel(v), nil
}

// toUserError shows a duplicate field error as the request's error.
func toUserError(err error) error {
	var fe *duplicate.FieldError
	if errors.As(err, &fe) {
		return &userError{field: fe.Field, code: fe.Code, ru: fe.Ru, en: fe.En}
	}
	return err
}

func (r *Resolver) documentFiles(ctx context.Context, d *document.Document) ([]model.DocumentFile, error) {
	out := []model.DocumentFile{}
	if d.Kind == document.KindApplicationResult {
		return r.resultFiles(ctx, d)
	}
	if d.Kind != document.KindDuplicate {
		return out, nil
	}
	links, err := r.Duplicates.Links(ctx, d.AccountID, d.ID, func(key string, exp time.Time) string { return "/files?" + r.FileURLs.Sign(key, exp) })
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		out = append(out, model.DocumentFile{Role: l.Role, ContentType: l.ContentType, Size: int(l.Size), Pages: l.Pages, Sha256: l.SHA256, URL: l.URL})
	}
	return out, nil
}

func (r *Resolver) documentSignature(ctx context.Context, d *document.Document) (*model.DocumentVerification, error) {
	if d.Kind == document.KindApplicationResult {
		res, ok, err := r.Applications.VerifyResult(ctx, d.Data)
		if err != nil || len(res.Signature) == 0 {
			return nil, err
		}
		return verificationModel(duplicate.Verification{Genuine: ok, Type: "APPLICATION_RESULT", Signer: res.Department, KeyID: res.KeyID, SignedAt: res.At}), nil
	}
	if d.Kind != document.KindDuplicate {
		return nil, nil
	}
	v, err := r.Duplicates.Status(ctx, d.AccountID, d.ID)
	if err != nil {
		return nil, err
	}
	return verificationModel(v), nil
}
