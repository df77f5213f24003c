package graph

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestGlobalIDRoundTrip(t *testing.T) {
	tests := []struct {
		name, typ, key string
	}{
		{"a numeric key", typeService, "42"},
		{"a region code", typeRegion, "77"},
		{"a key with a colon", typeRegion, "a:b"},
		{"a Cyrillic key", typeRegion, "Москва"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := globalID(tt.typ, tt.key)
			if strings.ContainsAny(id, "+/=") {
				t.Errorf("id %q is not URL-safe", id)
			}
			typ, key, err := parseGlobalID(id)
			if err != nil || typ != tt.typ || key != tt.key {
				t.Errorf("parseGlobalID(%q) = %q, %q, %v", id, typ, key, err)
			}
		})
	}
	t.Run("integer ids", func(t *testing.T) {
		for _, n := range []int64{1, 7, 1 << 40} {
			id := globalIntID(typeDepartment, n)
			got, err := parseIntID(id, typeDepartment)
			if err != nil || got != n {
				t.Errorf("parseIntID(%q) = %d, %v; want %d", id, got, err, n)
			}
		}
	})
	t.Run("ids are opaque", func(t *testing.T) {
		if id := globalIntID(typeService, 1); strings.Contains(id, "Service") || id == "1" {
			t.Errorf("id %q shows what it is made of", id)
		}
	})
}

func wantUserError(t *testing.T, err error, field, code string) *userError {
	t.Helper()
	var ue *userError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v (%T), want a userError", err, err)
	}
	if ue.field != field || ue.code != code {
		t.Errorf("userError %s/%s, want %s/%s", ue.field, ue.code, field, code)
	}
	return ue
}

func TestMalformedIDs(t *testing.T) {
	tests := []struct {
		name, id string
	}{
		{"empty", ""},
		{"not base64", "!!!"},
		{"standard base64 with padding", base64.StdEncoding.EncodeToString([]byte("Service:12"))},
		{"no separator", b64("Service1")},
		{"no type", b64(":1")},
		{"no key", b64("Service:")},
		{"another type", globalIntID(typeCategory, 1)},
		{"a key that is not a number", b64("Service:abc")},
		{"zero", b64("Service:0")},
		{"negative", b64("Service:-5")},
		{"overflowing int64", b64("Service:99999999999999999999")},
		{"very long", strings.Repeat("A", 10000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := parseIntID(tt.id, typeService)
			if err == nil {
				t.Fatalf("parseIntID(%q) = %d, want an error", tt.id, n)
			}
			ue := wantUserError(t, err, "id", "BAD_ID")
			if !strings.HasPrefix(ue.ru, "Неверный идентификатор") || !strings.HasPrefix(ue.en, "malformed id") {
				t.Errorf("messages %q / %q", ue.ru, ue.en)
			}
			if len(ue.en) > 100 {
				t.Errorf("message of %d bytes echoes the id: %q", len(ue.en), ue.en)
			}
		})
	}
}

func TestCursors(t *testing.T) {
	t.Run("a cursor resumes after its item", func(t *testing.T) {
		for _, off := range []int{0, 1, 19, 12345} {
			c := offsetCursor(off)
			got, err := parseCursor(&c)
			if err != nil || got != off+1 {
				t.Errorf("parseCursor(offsetCursor(%d)) = %d, %v; want %d", off, got, err, off+1)
			}
		}
	})
	t.Run("no cursor starts at the beginning", func(t *testing.T) {
		empty := ""
		for _, c := range []*string{nil, &empty} {
			if got, err := parseCursor(c); err != nil || got != 0 {
				t.Errorf("parseCursor(%v) = %d, %v", c, got, err)
			}
		}
	})
	bad := []struct {
		name, cursor string
	}{
		{"not base64", "%%%"},
		{"another prefix", b64("x:1")},
		{"a global id", globalIntID(typeService, 1)},
		{"negative", b64("o:-1")},
		{"not a number", b64("o:abc")},
		{"a bare number", "5"},
	}
	for _, tt := range bad {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			c := tt.cursor
			n, err := parseCursor(&c)
			if err == nil {
				t.Fatalf("parseCursor(%q) = %d, want an error", tt.cursor, n)
			}
			ue := wantUserError(t, err, "after", "BAD_CURSOR")
			if !strings.Contains(ue.en, "endCursor") {
				t.Errorf("message %q does not say what to pass", ue.en)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("short", 64); got != "short" {
		t.Errorf("truncate(short) = %q", got)
	}
	if got := truncate(strings.Repeat("x", 100), 64); got != strings.Repeat("x", 64)+"…" {
		t.Errorf("truncate(100 x) = %q", got)
	}
}
