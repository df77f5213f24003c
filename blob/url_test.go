package blob_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/uslugi/uslugi/blob"
)

func TestURLSigner(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	key := []byte(strings.Repeat("k", 32))
	s, err := blob.NewURLSigner(key, clock)
	if err != nil {
		t.Fatal(err)
	}
	signed := s.Sign("dup/42/main.pdf", now.Add(5*time.Minute))
	parse := func(qs string) url.Values {
		q, err := url.ParseQuery(qs)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}

	t.Run("valid link gives its key", func(t *testing.T) {
		got, err := s.Verify(parse(signed))
		if err != nil || got != "dup/42/main.pdf" {
			t.Fatalf("Verify = %q, %v", got, err)
		}
	})

	t.Run("expired link", func(t *testing.T) {
		later, _ := blob.NewURLSigner(key, func() time.Time { return now.Add(5 * time.Minute) })
		if _, err := later.Verify(parse(signed)); !errors.Is(err, blob.ErrURLExpired) {
			t.Fatalf("err = %v", err)
		}
	})

	tamper := map[string]func(q url.Values){
		"other key":            func(q url.Values) { q.Set("key", "dup/43/main.pdf") },
		"later expiry":         func(q url.Values) { q.Set("exp", "4102444800") },
		"altered signature":    func(q url.Values) { sig := []byte(q.Get("sig")); sig[0] ^= 1; q.Set("sig", string(sig)) },
		"missing signature":    func(q url.Values) { q.Del("sig") },
		"missing expiry":       func(q url.Values) { q.Del("exp") },
		"repeated key":         func(q url.Values) { q.Add("key", "dup/43/main.pdf") },
		"expiry not a number":  func(q url.Values) { q.Set("exp", "soon") },
		"signature not base64": func(q url.Values) { q.Set("sig", "***") },
	}
	for name, f := range tamper {
		t.Run(name+" is invalid", func(t *testing.T) {
			q := parse(signed)
			f(q)
			if _, err := s.Verify(q); !errors.Is(err, blob.ErrURLInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
	}

	t.Run("a link signed with another key is invalid", func(t *testing.T) {
		other, _ := blob.NewURLSigner([]byte(strings.Repeat("o", 32)), clock)
		if _, err := other.Verify(parse(signed)); !errors.Is(err, blob.ErrURLInvalid) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("an expired and altered link is reported altered", func(t *testing.T) {
		q := parse(s.Sign("a", now.Add(-time.Minute)))
		q.Set("key", "b")
		if _, err := s.Verify(q); !errors.Is(err, blob.ErrURLInvalid) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("short key refused", func(t *testing.T) {
		if _, err := blob.NewURLSigner([]byte("short"), nil); err == nil {
			t.Fatal("no error")
		}
	})
}
