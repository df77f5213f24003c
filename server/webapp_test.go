package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/graph"
)

func TestAppRoutesFallBackToIndex(t *testing.T) {
	files := fstest.MapFS{
		"index.html":              {Data: []byte(`<!doctype html><div id="root"></div>`)},
		"assets/index-abc123.js":  {Data: []byte(strings.Repeat("console.log('uslugi');", 200))},
		"manifest.webmanifest":    {Data: []byte(`{"name":"Uslugi"}`)},
		"icons/icon-192.png":      {Data: []byte("png")},
		"assets/index-abc123.css": {Data: []byte("body{}")},
	}
	srv := httptest.NewServer(appHandler(files, nil))
	defer srv.Close()
	get := func(path string, hdr ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		// The transport would ask for gzip and undo it silently; these
		// checks want to see what the server sent.
		tr := &http.Transport{DisableCompression: true}
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	body := func(r *http.Response) string { b, _ := io.ReadAll(r.Body); return string(b) }

	for _, p := range []string{"/", "/fines", "/hearings/SGVhcmluZzox", "/services/abc?x=1"} {
		r := get(p)
		if r.StatusCode != http.StatusOK || !strings.Contains(body(r), `id="root"`) {
			t.Errorf("%s: %d, want the app's index.html", p, r.StatusCode)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q: index.html must be revalidated so a deploy reaches users", p, cc)
		}
		csp := r.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "connect-src 'self' ws://"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q allows inline code", p, csp)
		}
	}
	r := get("/assets/index-abc123.js", "Accept-Encoding", "gzip")
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("hashed bundle Cache-Control %q, want a year, immutable", cc)
	}
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("bundle not compressed: Content-Encoding %q", r.Header.Get("Content-Encoding"))
	} else {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(zr)
		if !bytes.HasPrefix(b, []byte("console.log")) {
			t.Errorf("gzip body decodes to %q", b[:20])
		}
	}
	if r := get("/manifest.webmanifest"); r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("manifest: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	if r := get("/assets/index-old999.js"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a missing bundle answered %d, want 404 (not the app's HTML)", r.StatusCode)
	}
}

func TestServerServesTheAppAndGraphiQL(t *testing.T) {
	a := newTestApp(t, "api", nil)
	for path, want := range map[string]string{"/": `<div id="root">`, "/catalog/x": `<div id="root">`, "/graphiql": "graphiql"} {
		resp, err := http.Get(a.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(string(b)), strings.ToLower(want)) {
			t.Errorf("GET %s: %d, body lacks %q", path, resp.StatusCode, want)
		}
	}
	// The API keeps its routes.
	if r := a.post(t, "", map[string]any{"query": "{ regions { code } }"}); len(r.Errors) > 0 {
		t.Fatalf("graphql: %v", r.Errors)
	}
}

// cookieMutate runs a mutation as the web app does: with the session-cookie
// header and the cookie (if any), returning the payload and Set-Cookie.
func cookieMutate(t *testing.T, a *testApp, token, cookie, q string, vars map[string]any, dest any) (setCookie *http.Cookie) {
	t.Helper()
	c, errs := cookieRequest(t, a, token, cookie, q, vars, dest)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	return c
}

// cookieRequest is cookieMutate that hands back the top-level errors' codes.
func cookieRequest(t *testing.T, a *testApp, token, cookie, q string, vars map[string]any, dest any) (setCookie *http.Cookie, errs []string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(graph.SessionCookieHeader, "1")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: graph.RefreshCookie, Value: cookie})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]json.RawMessage
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	for _, e := range out.Errors {
		errs = append(errs, e.Extensions.Code)
	}
	for _, v := range out.Data {
		if err := json.Unmarshal(v, dest); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range resp.Cookies() {
		if c.Name == graph.RefreshCookie {
			return c, errs
		}
	}
	return nil, errs
}

func TestWebSessionKeepsTheRefreshTokenInAnHttpOnlyCookie(t *testing.T) {
	a := newTestApp(t, "all", nil)
	a.registerPhone(t, "+79120000777", map[string]bool{})
	signIn := map[string]any{"in": map[string]any{"login": "+79120000777", "password": goodPassword}}

	// A mobile app (no header) still gets both tokens in the payload.
	var mobile authPayload
	a.mutate(t, "", signInMutation, signIn, &mobile)
	if mobile.Session == nil || mobile.Session.RefreshToken == "" {
		t.Fatalf("mobile sign-in lost its refresh token: %+v", mobile)
	}

	var web authPayload
	c := cookieMutate(t, a, "", "", signInMutation, signIn, &web)
	if web.Session == nil || web.Session.AccessToken == "" {
		t.Fatalf("web sign-in: %+v", web)
	}
	if web.Session.RefreshToken != "" {
		t.Error("the web app's refresh token is in the payload, where scripts can read it")
	}
	if c == nil || c.Value == "" {
		t.Fatal("no refresh cookie set on sign-in")
	}
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/graphql" {
		t.Errorf("cookie %+v: want HttpOnly, Secure, SameSite=Strict, Path=/graphql", c)
	}

	// Refreshing with the cookie rotates it; the old one is then refused
	// (reuse ends the session) and the browser is told to forget it.
	var next authPayload
	c2 := cookieMutate(t, a, "", c.Value, refreshMutation, map[string]any{"in": map[string]any{"refreshToken": ""}}, &next)
	if next.Session == nil || next.Session.AccessToken == "" || next.Session.RefreshToken != "" {
		t.Fatalf("cookie refresh: %+v", next)
	}
	if c2 == nil || c2.Value == "" || c2.Value == c.Value {
		t.Fatalf("refresh did not rotate the cookie: %+v", c2)
	}
	var reused authPayload
	c3, errs := cookieRequest(t, a, "", c.Value, refreshMutation, map[string]any{"in": map[string]any{"refreshToken": ""}}, &reused)
	if reused.Session != nil || len(errs) != 1 || errs[0] != "UNAUTHENTICATED" {
		t.Fatalf("an old cookie refreshed: %+v %v", reused, errs)
	}
	if c3 == nil || c3.MaxAge >= 0 {
		t.Errorf("a refused cookie was not cleared: %+v", c3)
	}

	// A fresh sign-in, then sign-out clears the cookie and ends the session.
	var again authPayload
	c4 := cookieMutate(t, a, "", "", signInMutation, signIn, &again)
	var out struct{ Ok bool }
	c5 := cookieMutate(t, a, again.Session.AccessToken, c4.Value, `mutation { signOut { ok } }`, nil, &out)
	if !out.Ok || c5 == nil || c5.MaxAge >= 0 {
		t.Fatalf("sign-out: ok=%v cookie=%+v", out.Ok, c5)
	}
	var after authPayload
	if _, errs := cookieRequest(t, a, "", c4.Value, refreshMutation, map[string]any{"in": map[string]any{"refreshToken": ""}}, &after); after.Session != nil || len(errs) == 0 {
		t.Error("the signed-out session's cookie still refreshes")
	}
}

func TestAppIndexShowsTheCatalogTitleBeforeScripts(t *testing.T) {
	const style = `body{color:#1b1f27}`
	files := fstest.MapFS{"index.html": {Data: []byte(`<!doctype html><html lang="ru"><head>` +
		`<!-- a library would add a <style> here -->` + `<style>` + style + `</style></head><body>` +
		`<div id="root"><span class="brand"><!--brand--><span>Услуги</span><!--/brand--></span>` +
		`<div class="main"><!--page--><span class="spinner"></span><!--/page--></div></div></body></html>`)}}
	srv := httptest.NewServer(appHandler(files, nil))
	defer srv.Close()
	get := func(path, lang string) (string, http.Header) { return getPage(t, srv.URL+path, lang) }

	home, h := get("/", "")
	if !strings.Contains(home, `<h1 id="page-title">Государственные и муниципальные услуги</h1>`) || strings.Contains(home, "spinner") {
		t.Errorf("/ without a language cookie: want the Russian title in place of the spinner, got %s", home)
	}
	sum := sha256.Sum256([]byte(style))
	want := "style-src 'self' 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "';"
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, want) {
		t.Errorf("CSP %q: want exactly the inline style's hash (%s); the commented-out tag must not count", csp, want)
	}
	if h.Get("Vary") != "Cookie" {
		t.Errorf("Vary %q: the page depends on the language cookie", h.Get("Vary"))
	}
	if en, _ := get("/", "en"); !strings.Contains(en, `<html lang="en">`) || !strings.Contains(en, ">State and municipal services</h1>") {
		t.Errorf("/ with %s=en: want the English title and lang, got %s", langCookie, en)
	}
	if other, _ := get("/fines", "en"); !strings.Contains(other, "spinner") || strings.Contains(other, "page-title") || !strings.Contains(other, "<span>Uslugi</span>") {
		t.Errorf("/fines in English: want the frame with its spinner and the portal's English name, got %s", other)
	}
	if other, _ := get("/fines", ""); !strings.Contains(other, "<span>Услуги</span>") {
		t.Errorf("/fines: want the portal's Russian name, got %s", other)
	}

	// The texts are the web app's own.
	for _, c := range []struct {
		file string
		text func(lang string) string
	}{
		{"../web/src/features/catalog/i18n.ts", func(lang string) string { return "title: '" + catalogTitle(lang) + "'" }},
		{"../web/src/features/catalog/i18n.ts", func(lang string) string { return "backToCatalog: '" + catalogCrumb(lang) + "'" }},
		{"../web/src/lib/i18n/common.ts", func(lang string) string { return "appName: '" + appName(lang) + "'" }},
	} {
		src, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"ru", "en"} {
			if !strings.Contains(string(src), c.text(lang)) {
				t.Errorf("%s lacks %s: the server's frame would say something else than the app", c.file, c.text(lang))
			}
		}
	}
}

func TestGraphQLReadsAreCompressedAndMutationsAreNot(t *testing.T) {
	a := newTestApp(t, "api", nil)
	const q = `{ categories { id name } departments { id name } }`
	tr := &http.Transport{DisableCompression: true}
	do := func(req *http.Request) *http.Response {
		t.Helper()
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	get, _ := http.NewRequest(http.MethodGet, a.URL+"/graphql?query="+url.QueryEscape(q), nil)
	resp := do(get)
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET query answered with Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Data struct{ Categories []struct{ Name string } }
	}
	if err := json.NewDecoder(zr).Decode(&out); err != nil || len(out.Data.Categories) == 0 {
		t.Fatalf("the compressed answer does not decode to the categories: %v %+v", err, out)
	}

	body, _ := json.Marshal(map[string]any{"query": q})
	post, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(body))
	post.Header.Set("Content-Type", "application/json")
	if resp := do(post); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("POST answered with Content-Encoding %q: answers that may carry tokens stay uncompressed", resp.Header.Get("Content-Encoding"))
	}
}

// headingsStub is a catalog of one service in one category.
type headingsStub struct{}

func (headingsStub) Heading(_ context.Context, id int64) (catalog.Service, *catalog.Category, bool, error) {
	if id != 7 {
		return catalog.Service{}, nil, false, nil
	}
	return catalog.Service{ID: 7, Name: catalog.Text{Ru: "Штрафы <ГИБДД>", En: "Traffic fines"}, Description: catalog.Text{Ru: "Проверка & оплата"}},
		&catalog.Category{ID: 6, Name: catalog.Text{Ru: "Транспорт", En: "Transport"}}, true, nil
}

func TestServicePageIsSentWithItsHeading(t *testing.T) {
	files := fstest.MapFS{"index.html": {Data: []byte(`<!doctype html><html lang="ru"><body><div id="root">` +
		`<div class="main"><!--page--><span class="spinner"></span><!--/page--></div></div></body></html>`)}}
	srv := httptest.NewServer(appHandler(files, headingsStub{}))
	defer srv.Close()
	get := func(path, lang string) string { page, _ := getPage(t, srv.URL+path, lang); return page }
	id := graph.ServiceGlobalIDForTests(7)
	ru := get("/service/"+id, "")
	for _, want := range []string{
		`<article class="page service-page" data-prerendered="` + id + `">`,
		`<a href="/">Каталог услуг</a> / <a href="/category/` + graph.CategoryGlobalID(6) + `">Транспорт</a>`,
		`<h1 id="page-title">Штрафы &lt;ГИБДД&gt;</h1>`,
		`<p class="lead">Проверка &amp; оплата</p>`,
	} {
		if !strings.Contains(ru, want) {
			t.Errorf("service page lacks %s (names escaped): %s", want, ru)
		}
	}
	if strings.Contains(ru, "spinner") {
		t.Error("the heading did not take the spinner's place")
	}
	// English, with the Russian description where there is no English one.
	if en := get("/service/"+id, "en"); !strings.Contains(en, `>Service catalog</a> / `) || !strings.Contains(en, ">Traffic fines</h1>") || !strings.Contains(en, ">Проверка &amp; оплата</p>") {
		t.Errorf("English service page: %s", en)
	}
	for _, p := range []string{"/service/" + graph.ServiceGlobalIDForTests(8), "/service/not-an-id", "/service/" + graph.CategoryGlobalID(7)} {
		if page := get(p, ""); !strings.Contains(page, "spinner") || strings.Contains(page, "page-title") {
			t.Errorf("%s: want the plain frame (the app says what is wrong), got %s", p, page)
		}
	}
}

// getPage asks for url as a browser whose app language is lang ("" for
// none chosen).
func getPage(t *testing.T, url, lang string) (string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if lang != "" {
		req.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.Header
}
