package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Local is a Store in a directory on local disk. Objects live under
// DIR/objects/KEY and their Info under DIR/meta/KEY.json, so the object
// bytes stay exactly what was stored.
type Local struct {
	root *os.Root
	dir  string
}

// NewLocal returns a store in dir, creating it (mode 0700: scans of
// personal documents are for the server's user only).
func NewLocal(dir string) (*Local, error) {
	if dir == "" {
		return nil, errors.New("blob: the local store needs a directory")
	}
	for _, sub := range []string{"objects", "meta"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("blob: unable to create the store directory: %w", err)
		}
	}
	// os.Root refuses any path that leaves the directory, symlinks
	// included: a second wall behind ValidKey.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: unable to open the store directory: %w", err)
	}
	return &Local{root: root, dir: dir}, nil
}

// String names the store for logs.
func (l *Local) String() string { return "local:" + l.dir }

// Close releases the directory handle.
func (l *Local) Close() error { return l.root.Close() }

type localMeta struct {
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"contentType"`
}

// Put writes the object to a temporary file beside its final place,
// syncs it and renames it over the old one, then does the same for its
// Info: a crash leaves either the old object or the new one, never a mix.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, contentType string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	obj, meta := filepath.Join("objects", key), filepath.Join("meta", key+".json")
	hr := newHashingReader(r)
	if err := l.writeAtomic(ctx, obj, hr); err != nil {
		return Info{}, err
	}
	info := Info{Size: hr.n, SHA256: hr.sum(), ContentType: contentType}
	b, err := json.Marshal(localMeta(info))
	if err != nil {
		return Info{}, err
	}
	if err := l.writeAtomic(ctx, meta, bytes.NewReader(b)); err != nil {
		return Info{}, err
	}
	return info, nil
}

// writeAtomic writes r to name through a temporary file in the same
// directory (so the rename stays on one file system).
func (l *Local) writeAtomic(ctx context.Context, name string, r io.Reader) (err error) {
	dir := filepath.Dir(name)
	if err := l.root.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("blob: unable to create %s: %w", dir, err)
	}
	// Temporary names start with a dot, which no key segment may do.
	tmp := filepath.Join(dir, ".tmp-"+filepath.Base(name)+"-"+rand.Text())
	f, err := l.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("blob: unable to create a temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			l.root.Remove(tmp)
		}
	}()
	if _, err = io.Copy(f, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("blob: unable to write %s: %w", name, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("blob: unable to sync %s: %w", name, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("blob: unable to close %s: %w", name, err)
	}
	if err = l.root.Rename(tmp, name); err != nil {
		return fmt.Errorf("blob: unable to move %s into place: %w", name, err)
	}
	// The rename is durable only once the directory is synced: duplicates
	// are kept without time limit, so a power cut must not undo a Put.
	d, err := l.root.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: unable to open %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob: unable to sync %s: %w", dir, err)
	}
	return nil
}

// Get opens the object and its Info.
func (l *Local) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ValidKey(key); err != nil {
		return nil, Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, Info{}, err
	}
	b, err := l.root.ReadFile(filepath.Join("meta", key+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Info{}, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, Info{}, fmt.Errorf("blob: unable to read the info of %s: %w", key, err)
	}
	var m localMeta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, Info{}, fmt.Errorf("blob: the info of %s is damaged: %w", key, err)
	}
	f, err := l.root.Open(filepath.Join("objects", key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Info{}, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, Info{}, fmt.Errorf("blob: unable to open %s: %w", key, err)
	}
	info := Info(m)
	return newVerifyingReader(f, key, info), info, nil
}

// Delete removes the Info first, so a crash halfway leaves an object
// that Get already reports missing, and a later Put overwrites it.
func (l *Local) Delete(ctx context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, name := range []string{filepath.Join("meta", key+".json"), filepath.Join("objects", key)} {
		if err := l.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("blob: unable to delete %s: %w", key, err)
		}
	}
	return nil
}

// ctxReader stops a long copy when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
