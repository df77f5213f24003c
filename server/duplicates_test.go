package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/agency/agencytest"
)

type upload struct {
	path, name string
	data       []byte
}

// multipart sends a GraphQL multipart request (the spec gqlgen follows):
// operations, the map of files to variables, then the files.
func (a *testApp) multipart(t *testing.T, token, q string, vars map[string]any, files []upload) *gqlResponse {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	_ = w.WriteField("operations", string(ops))
	m := map[string][]string{}
	for i, f := range files {
		m[fmt.Sprint(i)] = []string{"variables." + f.path}
	}
	mb, _ := json.Marshal(m)
	_ = w.WriteField("map", string(mb))
	for i, f := range files {
		part, _ := w.CreateFormFile(fmt.Sprint(i), f.name)
		_, _ = part.Write(f.data)
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.do(t, req)
}

func pngScan(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = shade + uint8(i%7)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestElectronicDuplicate: an operator asks consent, the citizen accepts
// on his phone (or refuses), the operator uploads the scan and fields, the
// duplicate is signed and lands in the citizen's documents; anyone can
// verify it, a tampered file or record does not verify, a forged upload is
// refused, a revoked duplicate says so.
func TestElectronicDuplicate(t *testing.T) {
	clock := agencytest.NewClock(time.Now())
	a := newTestAppClock(t, "all", func(c *Config) { c.relayLookahead = -1 }, clock.Now)
	seen := map[string]bool{}
	ctx := context.Background()
	citizen := verified(t, a, clock, "+79123456789", "112233445", seen)
	operator := a.registerPhone(t, "+79120000051", seen)
	stranger := a.registerPhone(t, "+79120000052", seen)
	admin := account.Principal{AccountID: "admin", Roles: []account.Role{account.RoleAdmin}}
	for who, centre := range map[string]string{operator.Account.ID: "mfc-16-kazan-vakhitovsky", stranger.Account.ID: "mfc-77-tverskoy"} {
		if err := a.accounts.GrantRole(ctx, admin, localID(t, who), account.RoleGrant{Role: account.RoleOperator, Scope: centre, Reason: "оператор центра"}, account.Client{}); err != nil {
			t.Fatal(err)
		}
	}
	operator, stranger = a.refresh(t, operator), a.refresh(t, stranger)

	var types []struct{ Code string }
	a.mutate(t, "", `{ duplicateTypes { code } }`, nil, &types)
	if len(types) != 19 {
		t.Fatalf("%d duplicate types, want 19", len(types))
	}

	ask := `mutation($a: ID!, $t: String!) { requestDuplicateConsent(accountId: $a, documentType: $t) { consent { id status } userErrors { field code } } }`
	answer := `mutation($id: ID!, $ok: Boolean!) { answerDuplicateConsent(id: $id, accept: $ok) { consent { id status } userErrors { field code } } }`
	type consentP struct {
		Consent    *struct{ ID, Status string }
		UserErrors []userErr
	}
	var cp consentP
	// Refused on the phone: nothing can be made with it.
	a.mutate(t, operator.AccessToken, ask, map[string]any{"a": citizen.Account.ID, "t": "WORK_RECORD_BOOK"}, &cp)
	refused := cp.Consent.ID
	a.mutate(t, citizen.AccessToken, answer, map[string]any{"id": refused, "ok": false}, &cp)
	if cp.Consent == nil || cp.Consent.Status != "REFUSED" {
		t.Fatalf("refuse: %+v", cp)
	}
	scan := pngScan(t, 40)
	fields := `{"holder":"Иванов Иван Иванович","series":"тк-i","number":"1234567","filledOn":"2005-06-01"}`
	make := `mutation($in: MakeDuplicateInput!) { makeDuplicate(input: $in) { documentId userErrors { field code message } } }`
	makeWith := func(consent string, data []byte, name string) (docID string, ue []userErr) {
		vars := map[string]any{"in": map[string]any{"consentId": consent, "fields": fields, "files": []any{map[string]any{"role": "MAIN", "file": nil}}}}
		r := a.multipart(t, operator.AccessToken, make, vars, []upload{{path: "in.files.0.file", name: name, data: data}})
		if len(r.Errors) > 0 {
			t.Fatalf("makeDuplicate: %+v", r.Errors)
		}
		var d struct {
			MakeDuplicate struct {
				DocumentID *string
				UserErrors []userErr
			}
		}
		_ = json.Unmarshal(r.Data, &d)
		return deref(d.MakeDuplicate.DocumentID), d.MakeDuplicate.UserErrors
	}
	if _, ue := makeWith(refused, scan, "scan.png"); len(ue) != 1 || ue[0].Code != "NO_CONSENT" {
		t.Fatalf("made without consent: %+v", ue)
	}

	// Accepted on the phone.
	a.mutate(t, operator.AccessToken, ask, map[string]any{"a": citizen.Account.ID, "t": "WORK_RECORD_BOOK"}, &cp)
	consent := cp.Consent.ID
	n, _ := a.db.NewSelect().TableExpr("notifications").Where("account_id = ? AND kind = 'DOCUMENTS_CONSENT'", localID(t, citizen.Account.ID)).Count(ctx)
	if n != 2 {
		t.Errorf("%d consent pushes, want 2", n)
	}
	a.mutate(t, citizen.AccessToken, answer, map[string]any{"id": consent, "ok": true}, &cp)
	if cp.Consent.Status != "ACCEPTED" {
		t.Fatalf("accept: %+v", cp)
	}
	// A text file named .pdf: the content decides, and it is refused.
	if _, ue := makeWith(consent, []byte("this is not a scan, just text pretending"), "scan.pdf"); len(ue) != 1 || !strings.HasPrefix(ue[0].Field, "files") {
		t.Fatalf("a forged file: %+v", ue)
	}
	docID, ue := makeWith(consent, scan, "scan.pdf") // a PNG named .pdf is a PNG
	if docID == "" || len(ue) > 0 {
		t.Fatalf("make: %+v", ue)
	}

	// The citizen's document: fields, the file behind a short-lived link, a valid signature.
	var doc struct {
		Kind, Data string
		Files      []struct{ Role, ContentType, Sha256, URL string }
		Signature  struct {
			Genuine  bool
			SignedBy string
		}
	}
	q := `query($id: ID!) { document(id: $id) { kind data files { role contentType sha256 url } signature { genuine signedBy } } }`
	a.mutate(t, citizen.AccessToken, q, map[string]any{"id": docID}, &doc)
	sum := sha256.Sum256(scan)
	hash := hex.EncodeToString(sum[:])
	if doc.Kind != "DUPLICATE" || len(doc.Files) != 1 || doc.Files[0].Sha256 != hash || doc.Files[0].ContentType != "image/png" ||
		!doc.Signature.Genuine || doc.Signature.SignedBy != "mfc-16-kazan-vakhitovsky" || !strings.Contains(doc.Data, "ТК-I") {
		t.Fatalf("document: %+v", doc)
	}
	resp, err := http.Get(a.URL + doc.Files[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, scan) {
		t.Fatalf("download: %d, %d bytes", resp.StatusCode, len(got))
	}
	resp, _ = http.Get(a.URL + strings.Replace(doc.Files[0].URL, "sig=", "sig=0", 1))
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a tampered link got %d", resp.StatusCode)
	}

	// Anyone verifies: the genuine file by hash and by upload; a tampered file is not genuine.
	verify := `query($h: String) { verifyDocument(hash: $h) { genuine documentType signedBy revoked } }`
	var v struct {
		Genuine      bool
		DocumentType *string
		SignedBy     *string
		Revoked      bool
	}
	a.mutate(t, "", verify, map[string]any{"h": hash}, &v)
	if !v.Genuine || deref(v.DocumentType) != "WORK_RECORD_BOOK" || v.Revoked {
		t.Fatalf("verify by hash: %+v", v)
	}
	tampered := append([]byte{}, scan...)
	tampered[len(tampered)/2] ^= 0xff
	r := a.multipart(t, operator.AccessToken, `query($f: Upload) { verifyDocument(file: $f) { genuine } }`, map[string]any{"f": nil},
		[]upload{{path: "f", name: "copy.png", data: tampered}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"genuine":false`) {
		t.Fatalf("a tampered file: %s %+v", r.Data, r.Errors)
	}
	// A tampered record does not verify either.
	if _, err := a.db.NewUpdate().Table("duplicates").Set("fields = ?", strings.Replace(duplicateFields(t, a, docID), "1234567", "7654321", 1)).Where("id = ?", docID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	a.mutate(t, "", verify, map[string]any{"h": hash}, &v)
	if v.Genuine {
		t.Error("a duplicate whose fields were changed still verifies")
	}
	if _, err := a.db.NewUpdate().Table("duplicates").Set("fields = ?", strings.Replace(duplicateFields(t, a, docID), "7654321", "1234567", 1)).Where("id = ?", docID).Exec(ctx); err != nil {
		t.Fatal(err)
	}

	// The duplicate stands in for the paper in an application.
	var ap appPayload
	a.mutate(t, citizen.AccessToken, `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"serviceCode": "unemployment_registration", "fields": `{"last_job_end":"2026-10-01","education":"HIGHER"}`}}, &ap)
	draft := ap.Application.ID
	a.mutate(t, citizen.AccessToken, attachMutation, map[string]any{"in": map[string]any{"id": draft, "requirement": "WORK_RECORD_BOOK", "documentId": docID}}, &ap)
	if len(ap.UserErrors) > 0 {
		t.Fatalf("attach the duplicate: %+v", ap.UserErrors)
	}
	a.mutate(t, citizen.AccessToken, `mutation($in: SubmitApplicationInput!) { submitApplication(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"draftId": draft, "idempotencyKey": "unemployment-1"}}, &ap)
	if ap.Application == nil || ap.Application.Status != "SUBMITTED" {
		t.Fatalf("submit with the duplicate: %+v", ap)
	}

	// Revoked: by an operator of another centre, refused; by the making centre, with a reason.
	revoke := `mutation($id: ID!, $r: String!) { revokeDuplicate(id: $id, reason: $r) { ok userErrors { field code } } }`
	r = a.postAuth(t, stranger.AccessToken, revoke, map[string]any{"id": docID, "r": "ошибка оператора"})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("another centre revoked: %s %+v", r.Data, r.Errors)
	}
	var ok struct{ Ok bool }
	a.mutate(t, operator.AccessToken, revoke, map[string]any{"id": docID, "r": "ошибка в номере"}, &ok)
	a.mutate(t, "", verify, map[string]any{"h": hash}, &v)
	if !ok.Ok || !v.Revoked || !v.Genuine {
		t.Fatalf("revoked: %v %+v", ok.Ok, v)
	}
	n, _ = a.db.NewSelect().TableExpr("notifications").Where("account_id = ? AND kind = 'DOCUMENTS_REVOKED'", localID(t, citizen.Account.ID)).Count(ctx)
	if n != 1 {
		t.Errorf("%d revocation notifications, want 1", n)
	}
	// A revoked duplicate no longer stands in for the paper.
	a.mutate(t, citizen.AccessToken, `mutation($in: ApplicationDraftInput!) { saveApplicationDraft(input: $in) { `+appFields+` } }`,
		map[string]any{"in": map[string]any{"serviceCode": "unemployment_registration"}}, &ap)
	a.mutate(t, citizen.AccessToken, attachMutation, map[string]any{"in": map[string]any{"id": ap.Application.ID, "requirement": "WORK_RECORD_BOOK", "documentId": docID}}, &ap)
	if len(ap.UserErrors) != 1 || ap.UserErrors[0].Code != "UNUSABLE" {
		t.Fatalf("a revoked duplicate attached: %+v", ap.UserErrors)
	}
}

func duplicateFields(t *testing.T, a *testApp, id string) string {
	t.Helper()
	var s string
	if err := a.db.NewSelect().TableExpr("duplicates").Column("fields").Where("id = ?", id).Scan(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}
