package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"

	"github.com/uslugi/uslugi/catalog"
	"github.com/uslugi/uslugi/graph"
)

// appHandler serves the single-page app: its files as they are, and
// index.html for every other path, so a client-side route (/fines,
// /hearings/42) opened directly or reloaded lands in the app.
//
// Hashed bundles under assets/ never change under their name and are cached
// for a year; index.html, the service worker and the manifest are
// revalidated on every load so a deploy reaches users at once. Everything
// is compressed for clients that accept it (most of the app is text).
func appHandler(files fs.FS, headings serviceHeadings) http.Handler {
	raw, err := fs.ReadFile(files, "index.html")
	if err != nil {
		raw = []byte("<!doctype html><title>Uslugi</title><p>The web app is not built: run npm run build in web/.")
	}
	index := newAppIndex(raw, headings)
	csp := func(r *http.Request) string { return appCSP(r, index.styleHashes) }
	serveIndex := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Vary", "Cookie")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index.page(r)))
	}
	fileServer := http.FileServerFS(files)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Security-Policy", csp(r))
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" || name == "index.html" {
			serveIndex(w, r)
			return
		}
		st, err := fs.Stat(files, name)
		switch {
		case err == nil && !st.IsDir():
			if strings.HasPrefix(name, "assets/") {
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				w.Header().Set("Cache-Control", "no-cache")
			}
			fileServer.ServeHTTP(w, r)
		case errors.Is(err, fs.ErrNotExist) && path.Ext(name) != "":
			// A missing file (an old bundle after a deploy, a typo) is a
			// 404, not the app: a script tag given HTML breaks confusingly.
			http.NotFound(w, r)
		default:
			serveIndex(w, r)
		}
	})
	return gzhttp.GzipHandler(h)
}

// appCSP allows the app only its own origin: scripts, styles, images and
// the service worker from here, and the GraphQL endpoint over HTTP and
// websocket. No inline scripts, no framing, no plugins; the only inline
// styles are index.html's own blocks, each allowed by its hash.
func appCSP(r *http.Request, styleHashes string) string {
	ws := "ws://" + r.Host
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		ws = "wss://" + r.Host
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'" + styleHashes + "; img-src 'self' data: blob:; " +
		"font-src 'self'; connect-src 'self' " + ws + "/graphql; worker-src 'self'; manifest-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// langCookie is where the web app keeps the visitor's language (English or
// Russian) for the server; the app itself reads localStorage.
const langCookie = "uslugi_lang"

// appIndex is index.html as the server sends it. The build's file holds the
// app's frame: a brand marker (<!--brand-->…<!--/brand-->) becomes the
// portal's name in the visitor's language, and on the catalog's home page
// (/, where most visitors land) the page marker (<!--page-->…<!--/page-->,
// a spinner) becomes the page's title, the largest text of the first screen,
// so it shows before any script has run; on a service page
// (/service/{id}) it becomes the page's heading (breadcrumbs, name,
// description), which the app keeps while it asks for the rest
// (web/src/features/catalog/prerendered.ts). The service worker keeps the
// build's file as it is (Russian) for the visits it serves.
type appIndex struct {
	// frame and home ("/") by language.
	frame, home map[string][]byte
	// around holds, by language, the frame before and after its page
	// marker (none: no marker), found once at start rather than by a
	// regexp over the whole page on every service page's request.
	around map[string][2][]byte
	// styleHashes lists the CSP sources of index.html's inline <style>
	// blocks (the build inlines the entry stylesheet: web/vite.config.ts).
	styleHashes string
	headings    serviceHeadings
}

// serviceHeadings gives a service page's heading (catalog.Catalog).
type serviceHeadings interface {
	Heading(ctx context.Context, id int64) (catalog.Service, *catalog.Category, bool, error)
}

var (
	pageMarker  = regexp.MustCompile(`(?s)<!--page-->.*?<!--/page-->`)
	brandMarker = regexp.MustCompile(`(?s)<!--brand-->.*?<!--/brand-->`)
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	inlineStyle = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
)

// catalogCrumb, appName and catalogTitle are the service page's link back,
// the portal's name and the catalog home's title as the web app has them
// (web/src/features/catalog/i18n.ts, web/src/lib/i18n/common.ts; a test
// keeps them the same).
func catalogCrumb(lang string) string {
	if lang == "en" {
		return "Service catalog"
	}
	return "Каталог услуг"
}

func appName(lang string) string {
	if lang == "en" {
		return "Uslugi"
	}
	return "Услуги"
}

func catalogTitle(lang string) string {
	if lang == "en" {
		return "State and municipal services"
	}
	return "Государственные и муниципальные услуги"
}

func newAppIndex(raw []byte, headings serviceHeadings) *appIndex {
	ix := &appIndex{frame: map[string][]byte{}, home: map[string][]byte{}, around: map[string][2][]byte{}, headings: headings}
	for _, m := range inlineStyle.FindAllSubmatch(htmlComment.ReplaceAllLiteral(raw, nil), -1) {
		sum := sha256.Sum256(m[1])
		ix.styleHashes += " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	for _, lang := range []string{"ru", "en"} {
		page := raw
		if lang == "en" {
			page = bytes.Replace(page, []byte(`<html lang="ru">`), []byte(`<html lang="en">`), 1)
		}
		page = brandMarker.ReplaceAllLiteral(page, []byte(`<span>`+appName(lang)+`</span>`))
		title := `<div class="page catalog-home"><h1 id="page-title">` + catalogTitle(lang) + `</h1></div>`
		ix.frame[lang] = page
		if loc := pageMarker.FindIndex(page); loc != nil {
			ix.around[lang] = [2][]byte{page[:loc[0]], page[loc[1]:]}
		}
		ix.home[lang] = ix.framePage(lang, title)
	}
	return ix
}

// framePage is the frame of lang with html in place of its page marker, or
// the frame as it is when it has none.
func (ix *appIndex) framePage(lang, html string) []byte {
	parts, ok := ix.around[lang]
	if !ok {
		return ix.frame[lang]
	}
	out := make([]byte, 0, len(parts[0])+len(html)+len(parts[1]))
	return append(append(append(out, parts[0]...), html...), parts[1]...)
}

// page is the index for r in its language: the catalog home with its
// title, a service page with its heading, or the frame.
func (ix *appIndex) page(r *http.Request) []byte {
	lang := "ru"
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		lang = "en"
	}
	if r.URL.Path == "/" {
		return ix.home[lang]
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/service/"); ok && ix.headings != nil {
		if heading := ix.serviceHeading(r.Context(), id, lang); heading != "" {
			return ix.framePage(lang, heading)
		}
	}
	return ix.frame[lang]
}

// serviceHeading is the service page's heading as the app renders it
// (ServicePage.tsx's ServiceHeading), or "" for an id that names no service;
// the app then says so itself.
func (ix *appIndex) serviceHeading(ctx context.Context, id, lang string) string {
	n, err := graph.ServiceID(id)
	if err != nil {
		return ""
	}
	s, cat, ok, err := ix.headings.Heading(ctx, n)
	if err != nil || !ok {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<article class="page service-page" data-prerendered="` + html.EscapeString(id) + `">`)
	b.WriteString(`<nav class="breadcrumbs"><a href="/">` + html.EscapeString(catalogCrumb(lang)) + `</a>`)
	if cat != nil {
		b.WriteString(` / <a href="/category/` + html.EscapeString(graph.CategoryGlobalID(cat.ID)) + `">` + html.EscapeString(cat.Name.In(lang)) + `</a>`)
	}
	b.WriteString(`</nav><h1 id="page-title">` + html.EscapeString(s.Name.In(lang)) + `</h1>`)
	b.WriteString(`<p class="lead">` + html.EscapeString(s.Description.In(lang)) + `</p></article>`)
	return b.String()
}
