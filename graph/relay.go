package graph

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Global ids are base64url("Type:key"): opaque to clients, and telling the
// node resolver which type to load.
func globalID(typ, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + key))
}

func globalIntID(typ string, id int64) string {
	return globalID(typ, strconv.FormatInt(id, 10))
}

// parseGlobalID splits a global id into its type and key.
func parseGlobalID(id string) (typ, key string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return "", "", errBadID(id)
	}
	typ, key, ok := strings.Cut(string(b), ":")
	if !ok || typ == "" || key == "" {
		return "", "", errBadID(id)
	}
	return typ, key, nil
}

// parseIntID decodes a global id that must be of type typ with a numeric key.
func parseIntID(id, typ string) (int64, error) {
	t, key, err := parseGlobalID(id)
	if err != nil {
		return 0, err
	}
	if t != typ {
		return 0, errBadID(id)
	}
	n, err := strconv.ParseInt(key, 10, 64)
	if err != nil || n <= 0 {
		return 0, errBadID(id)
	}
	return n, nil
}

// Cursors are opaque offsets into a listing. The catalog changes only when
// the seed does, so offsets are stable between pages.
func offsetCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

func parseCursor(after *string) (int, error) {
	if after == nil || *after == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*after)
	if err == nil {
		if s, ok := strings.CutPrefix(string(b), "o:"); ok {
			if n, err := strconv.Atoi(s); err == nil && n >= 0 {
				return n + 1, nil
			}
		}
	}
	return 0, &userError{field: "after", code: "BAD_CURSOR", ru: "Неверный курсор: используйте endCursor из предыдущей страницы", en: "bad cursor: pass the endCursor of the previous page"}
}

func errBadID(id string) error {
	return &userError{field: "id", code: "BAD_ID", ru: fmt.Sprintf("Неверный идентификатор %q", truncate(id, 64)), en: fmt.Sprintf("malformed id %q", truncate(id, 64))}
}

// truncate keeps the first n characters (not bytes, so Cyrillic stays
// valid UTF-8).
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ServiceID decodes a service's global id (as in the web app's
// /service/{id} links) to the catalog's id.
func ServiceID(id string) (int64, error) { return parseIntID(id, typeService) }

// CategoryGlobalID is a category's global id, as the API gives it.
func CategoryGlobalID(id int64) string { return globalIntID(typeCategory, id) }

// ServiceGlobalIDForTests is a service's global id, for other packages' tests.
func ServiceGlobalIDForTests(id int64) string { return globalIntID(typeService, id) }
