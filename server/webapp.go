package main

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
)

// appHandler serves the single-page app: its files as they are, and
// index.html for every other path, so a client-side route (/fines,
// /hearings/42) opened directly or reloaded lands in the app.
//
// Hashed bundles under assets/ never change under their name and are cached
// for a year; index.html, the service worker and the manifest are
// revalidated on every load so a deploy reaches users at once. Everything
// is compressed for clients that accept it (most of the app is text).
func appHandler(files fs.FS) http.Handler {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		index = []byte("<!doctype html><title>Uslugi</title><p>The web app is not built: run npm run build in web/.")
	}
	serveIndex := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
	}
	fileServer := http.FileServerFS(files)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Security-Policy", appCSP(r))
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
// websocket. No inline scripts, no framing, no plugins.
func appCSP(r *http.Request) string {
	ws := "ws://" + r.Host
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		ws = "wss://" + r.Host
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
		"font-src 'self'; connect-src 'self' " + ws + "/graphql; worker-src 'self'; manifest-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}
