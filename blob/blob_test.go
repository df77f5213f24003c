package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/uslugi/uslugi/blob"
)

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// fakeS3 starts an in-process S3 and returns a BLOB_URL for it.
func fakeS3(t *testing.T, bucketAndPrefix string) string {
	t.Helper()
	ts := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(ts.Close)
	host := strings.TrimPrefix(ts.URL, "http://")
	return "s3://AKIAEXAMPLE:s3cr3t-key@" + host + "/" + bucketAndPrefix + "?secure=false&region=us-east-1"
}

// stores runs f against every kind of store.
func stores(t *testing.T, f func(t *testing.T, s blob.Store)) {
	t.Run("local", func(t *testing.T) {
		s, err := blob.Open(t.Context(), "", t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		f(t, s)
	})
	t.Run("s3", func(t *testing.T) {
		s, err := blob.Open(t.Context(), fakeS3(t, "duplicates"), "")
		if err != nil {
			t.Fatal(err)
		}
		f(t, s)
	})
	t.Run("s3 with prefix", func(t *testing.T) {
		s, err := blob.Open(t.Context(), fakeS3(t, "shared/uslugi/files"), "")
		if err != nil {
			t.Fatal(err)
		}
		f(t, s)
	})
}

func TestStoreContract(t *testing.T) {
	stores(t, func(t *testing.T, s blob.Store) {
		ctx := t.Context()
		data := bytes.Repeat([]byte("%PDF-1.7 scan "), 50000) // ~700 KB

		t.Run("round trip with size and sha256", func(t *testing.T) {
			info, err := s.Put(ctx, "dup/42/main.pdf", bytes.NewReader(data), "application/pdf")
			if err != nil {
				t.Fatal(err)
			}
			if info.Size != int64(len(data)) || info.SHA256 != sum(data) || info.ContentType != "application/pdf" {
				t.Fatalf("Put info = %+v", info)
			}
			rc, got, err := s.Get(ctx, "dup/42/main.pdf")
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, data) {
				t.Fatal("read back different bytes")
			}
			if got != info {
				t.Fatalf("Get info = %+v, Put info = %+v", got, info)
			}
		})

		t.Run("sha256 of a known value", func(t *testing.T) {
			info, err := s.Put(ctx, "hello.txt", strings.NewReader("hello"), "text/plain")
			if err != nil {
				t.Fatal(err)
			}
			if want := "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; info.SHA256 != want {
				t.Fatalf("sha256 = %s, want %s", info.SHA256, want)
			}
		})

		t.Run("put replaces", func(t *testing.T) {
			if _, err := s.Put(ctx, "k", strings.NewReader("one"), "text/plain"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Put(ctx, "k", strings.NewReader("two!"), "text/plain"); err != nil {
				t.Fatal(err)
			}
			rc, info, err := s.Get(ctx, "k")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if string(b) != "two!" || info.Size != 4 {
				t.Fatalf("got %q %+v", b, info)
			}
		})

		t.Run("missing key is ErrNotFound", func(t *testing.T) {
			if _, _, err := s.Get(ctx, "nope/none"); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("err = %v", err)
			}
		})

		t.Run("delete, twice", func(t *testing.T) {
			if _, err := s.Put(ctx, "gone", strings.NewReader("x"), "text/plain"); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := s.Delete(ctx, "gone"); err != nil {
					t.Fatal(err)
				}
			}
			if _, _, err := s.Get(ctx, "gone"); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("err = %v", err)
			}
		})

		t.Run("bad keys refused by every method", func(t *testing.T) {
			for _, key := range []string{"../etc/passwd", "a/../../x", "/abs", "a//b", "a/", ".hidden", "a/.tmp-x", "a\\b", "a b", "ключ", ""} {
				if _, err := s.Put(ctx, key, strings.NewReader("x"), "text/plain"); !errors.Is(err, blob.ErrBadKey) {
					t.Errorf("Put(%q) err = %v", key, err)
				}
				if _, _, err := s.Get(ctx, key); !errors.Is(err, blob.ErrBadKey) {
					t.Errorf("Get(%q) err = %v", key, err)
				}
				if err := s.Delete(ctx, key); !errors.Is(err, blob.ErrBadKey) {
					t.Errorf("Delete(%q) err = %v", key, err)
				}
			}
		})

		t.Run("failed put keeps the old object", func(t *testing.T) {
			if _, err := s.Put(ctx, "keep", strings.NewReader("original"), "text/plain"); err != nil {
				t.Fatal(err)
			}
			broken := io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(errors.New("client went away")))
			if _, err := s.Put(ctx, "keep", broken, "text/plain"); err == nil {
				t.Fatal("Put from a failing reader succeeded")
			}
			rc, _, err := s.Get(ctx, "keep")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if string(b) != "original" {
				t.Fatalf("got %q", b)
			}
		})
	})
}

func TestLocalLayoutAndCorruption(t *testing.T) {
	dir := t.TempDir()
	s, err := blob.Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(t.Context(), "dup/1/main.png", strings.NewReader("PNG bytes"), "image/png"); err != nil {
		t.Fatal(err)
	}

	t.Run("no temporary files left behind", func(t *testing.T) {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if strings.HasPrefix(d.Name(), ".tmp-") {
				t.Errorf("left behind: %s", path)
			}
			return nil
		})
	})

	t.Run("directory is private", func(t *testing.T) {
		st, err := os.Stat(filepath.Join(dir, "objects"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Fatalf("mode %v", st.Mode().Perm())
		}
	})

	t.Run("altered bytes fail at the end of the read", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "objects", "dup", "1", "main.png"), []byte("PNG bytez"), 0o600); err != nil {
			t.Fatal(err)
		}
		rc, _, err := s.Get(t.Context(), "dup/1/main.png")
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		if _, err := io.ReadAll(rc); !errors.Is(err, blob.ErrCorrupt) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("a symlink out of the directory is not followed", func(t *testing.T) {
		outside := filepath.Join(t.TempDir(), "secret")
		os.WriteFile(outside, []byte("outside"), 0o600)
		os.WriteFile(filepath.Join(dir, "meta", "link.json"), []byte(`{"size":7,"sha256":"x"}`), 0o600)
		if err := os.Symlink(outside, filepath.Join(dir, "objects", "link")); err != nil {
			t.Skip(err)
		}
		if rc, _, err := s.Get(t.Context(), "link"); err == nil {
			rc.Close()
			t.Fatal("read through a symlink out of the store")
		}
	})
}

func TestOpen(t *testing.T) {
	t.Run("file URL", func(t *testing.T) {
		dir := t.TempDir()
		s, err := blob.Open(t.Context(), "file://"+dir, "/should/not/be/used")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Put(t.Context(), "a", strings.NewReader("x"), "text/plain"); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "objects", "a")); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("s3 creates the bucket once, and a second open finds it", func(t *testing.T) {
		u := fakeS3(t, "fresh-bucket")
		for range 2 {
			if _, err := blob.Open(t.Context(), u, ""); err != nil {
				t.Fatal(err)
			}
		}
	})

	for name, raw := range map[string]string{
		"unknown scheme":     "ftp://u:p@host/bucket",
		"no bucket":          "s3://AK:s3cr3t-key@host:9000/",
		"no secret":          "s3://AK@host:9000/bucket",
		"bad secure":         "s3://AK:s3cr3t-key@host:9000/bucket?secure=maybe",
		"unknown parameter":  "s3://AK:s3cr3t-key@host:9000/bucket?sekure=false",
		"unparsable":         "s3://AK:s3cr3t-key@host:9000/bucket\x7f",
		"bad prefix":         "s3://AK:s3cr3t-key@host:9000/bucket/../x",
		"file URL with host": "file://example.com/tmp",
	} {
		t.Run(name+" is refused without the secret in the message", func(t *testing.T) {
			_, err := blob.Open(context.Background(), raw, t.TempDir())
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "s3cr3t-key") {
				t.Fatalf("the error leaks the secret: %v", err)
			}
		})
	}
}

func TestS3RefusesObjectsNotWrittenByPut(t *testing.T) {
	ts := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(ts.Close)
	host := strings.TrimPrefix(ts.URL, "http://")
	s, err := blob.Open(t.Context(), "s3://AK:SK@"+host+"/bkt?secure=false", "")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := minio.New(host, &minio.Options{Creds: credentials.NewStaticV4("AK", "SK", "")})
	if err != nil {
		t.Fatal(err)
	}
	put := func(key string, meta map[string]string) {
		t.Helper()
		_, err := raw.PutObject(t.Context(), "bkt", key, strings.NewReader("scan"), 4, minio.PutObjectOptions{UserMetadata: meta})
		if err != nil {
			t.Fatal(err)
		}
	}

	t.Run("no sha256 metadata", func(t *testing.T) {
		put("bare", nil)
		if _, _, err := s.Get(t.Context(), "bare"); !errors.Is(err, blob.ErrCorrupt) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("bytes that do not match their sha256", func(t *testing.T) {
		put("swapped", map[string]string{"sha256": sum([]byte("another scan"))})
		rc, _, err := s.Get(t.Context(), "swapped")
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		if _, err := io.ReadAll(rc); !errors.Is(err, blob.ErrCorrupt) {
			t.Fatalf("err = %v", err)
		}
	})
}
