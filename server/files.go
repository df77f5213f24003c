package main

import (
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/uslugi/uslugi/blob"
	"github.com/uslugi/uslugi/secret"
)

// fileURLKey signs download links; derived from SECRET_KEYS so every API
// process accepts the links any of them made.
func fileURLKey(keys *secret.Keys) []byte {
	b, _ := hex.DecodeString(keys.LookupHash("file-urls", "v1"))
	return b
}

// filesHandler serves a stored file through a signed link (GET /files?…):
// the link names the file and expires in minutes, so it can go to a
// browser or a phone without the access token.
func filesHandler(log *slog.Logger, signer *blob.URLSigner, store blob.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, err := signer.Verify(r.URL.Query())
		switch {
		case errors.Is(err, blob.ErrURLExpired):
			http.Error(w, "the link expired: open the document again for a new one", http.StatusGone)
			return
		case err != nil:
			http.Error(w, "invalid link", http.StatusForbidden)
			return
		}
		rc, info, err := store.Get(r.Context(), key)
		if errors.Is(err, blob.ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			log.ErrorContext(r.Context(), "unable to read a file", "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		defer rc.Close()
		w.Header().Set("Content-Type", info.ContentType)
		w.Header().Set("Content-Length", strconv.FormatInt(info.Size, 10))
		w.Header().Set("Content-Disposition", "attachment")
		w.Header().Set("Cache-Control", "private, no-store")
		if _, err := io.Copy(w, rc); err != nil {
			log.WarnContext(r.Context(), "file download cut short", "err", err)
		}
	})
}
