package blob

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// metaSHA256 is the user metadata (x-amz-meta-sha256) that carries an
// object's SHA-256.
const metaSHA256 = "sha256"

// s3Config is what an s3:// URL says.
type s3Config struct {
	endpoint, access, secret string
	bucket, prefix, region   string
	secure                   bool
}

// parseS3URL reads s3://ACCESS:SECRET@host:port/bucket[/prefix]?secure=false&region=R.
// secure defaults to true: credentials and scans of personal documents go
// over TLS unless the URL says otherwise (a MinIO on localhost).
func parseS3URL(u *url.URL) (s3Config, error) {
	bad := func(what string) (s3Config, error) {
		return s3Config{}, fmt.Errorf("blob: %s: %s (expected s3://ACCESS:SECRET@host:port/bucket?secure=false&region=...)", EnvVar, what)
	}
	c := s3Config{endpoint: u.Host, secure: true}
	if c.endpoint == "" {
		return bad("no host")
	}
	if u.User == nil {
		return bad("no access key")
	}
	c.access = u.User.Username()
	c.secret, _ = u.User.Password()
	if c.access == "" || c.secret == "" {
		return bad("the access key and the secret key are both needed")
	}
	path := strings.Trim(u.Path, "/")
	c.bucket, c.prefix, _ = strings.Cut(path, "/")
	if c.bucket == "" {
		return bad("no bucket")
	}
	if c.prefix != "" {
		if err := ValidKey(c.prefix); err != nil {
			return bad("the path after the bucket is not a valid key prefix")
		}
	}
	q := u.Query()
	for k := range q {
		if k != "secure" && k != "region" {
			return bad(fmt.Sprintf("unknown parameter %q", k))
		}
	}
	switch strings.ToLower(q.Get("secure")) {
	case "", "true", "1":
	case "false", "0":
		c.secure = false
	default:
		return bad("secure is true or false")
	}
	c.region = q.Get("region")
	return c, nil
}

// S3 is a Store in a bucket of an S3-compatible service.
type S3 struct {
	client *minio.Client
	cfg    s3Config
}

// newS3 sets the client up; wrap, if given, wraps minio's own transport
// (its timeouts and TLS settings stay).
func newS3(ctx context.Context, cfg s3Config, wrap func(http.RoundTripper) http.RoundTripper) (*S3, error) {
	var transport http.RoundTripper
	if wrap != nil {
		base, err := minio.DefaultTransport(cfg.secure)
		if err != nil {
			return nil, fmt.Errorf("blob: unable to set up the S3 transport: %w", err)
		}
		transport = wrap(base)
	}
	client, err := minio.New(cfg.endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(cfg.access, cfg.secret, ""),
		Secure:    cfg.secure,
		Region:    cfg.region,
		Transport: transport,
	})
	if err != nil {
		return nil, fmt.Errorf("blob: unable to set up the S3 client for %s: %w", cfg.endpoint, err)
	}
	s := &S3{client: client, cfg: cfg}
	if err := s.ensureBucket(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// ensureBucket creates the bucket when missing. Two servers starting at
// once may both try: "already owned by you" is success.
func (s *S3) ensureBucket(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.cfg.bucket)
	if err != nil {
		return fmt.Errorf("blob: unable to look up bucket %s at %s: %w", s.cfg.bucket, s.cfg.endpoint, err)
	}
	if ok {
		return nil
	}
	err = s.client.MakeBucket(ctx, s.cfg.bucket, minio.MakeBucketOptions{Region: s.cfg.region})
	if err != nil && minio.ToErrorResponse(err).Code != minio.BucketAlreadyOwnedByYou {
		return fmt.Errorf("blob: unable to create bucket %s at %s: %w", s.cfg.bucket, s.cfg.endpoint, err)
	}
	return nil
}

// String names the store for logs, without the credentials.
func (s *S3) String() string {
	scheme := "https"
	if !s.cfg.secure {
		scheme = "http"
	}
	return "s3:" + scheme + "://" + s.cfg.endpoint + "/" + s.cfg.bucket + "/" + s.cfg.prefix
}

func (s *S3) objectName(key string) string {
	if s.cfg.prefix == "" {
		return key
	}
	return s.cfg.prefix + "/" + key
}

// Put spools r to a temporary file while hashing it, then uploads it with
// its SHA-256 as metadata. The spool is needed because S3 metadata goes in
// the request headers, before the body whose hash it is; a temporary file
// rather than memory keeps large uploads from growing the heap.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, contentType string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	f, err := os.CreateTemp("", "blob-put-*")
	if err != nil {
		return Info{}, fmt.Errorf("blob: unable to create a spool file: %w", err)
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	hr := newHashingReader(r)
	if _, err := io.Copy(f, ctxReader{ctx, hr}); err != nil {
		return Info{}, fmt.Errorf("blob: unable to read %s: %w", key, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Info{}, fmt.Errorf("blob: unable to rewind the spool file: %w", err)
	}
	info := Info{Size: hr.n, SHA256: hr.sum(), ContentType: contentType}
	_, err = s.client.PutObject(ctx, s.cfg.bucket, s.objectName(key), f, info.Size, minio.PutObjectOptions{
		ContentType:  contentType,
		UserMetadata: map[string]string{metaSHA256: info.SHA256},
	})
	if err != nil {
		return Info{}, fmt.Errorf("blob: unable to upload %s: %w", key, err)
	}
	return info, nil
}

// Get opens the object. An object without the sha256 metadata was not
// written by Put and is refused as ErrCorrupt.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ValidKey(key); err != nil {
		return nil, Info{}, err
	}
	obj, err := s.client.GetObject(ctx, s.cfg.bucket, s.objectName(key), minio.GetObjectOptions{})
	if err != nil {
		return nil, Info{}, s.readErr(key, err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, Info{}, s.readErr(key, err)
	}
	info := Info{Size: st.Size, ContentType: st.ContentType}
	for k, v := range st.UserMetadata {
		if strings.EqualFold(k, metaSHA256) {
			info.SHA256 = strings.ToLower(v)
		}
	}
	if info.SHA256 == "" {
		obj.Close()
		return nil, Info{}, fmt.Errorf("%w: %s has no sha256 metadata", ErrCorrupt, key)
	}
	return newVerifyingReader(obj, key, info), info, nil
}

func (s *S3) readErr(key string, err error) error {
	switch minio.ToErrorResponse(err).Code {
	case minio.NoSuchKey:
		return fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	return fmt.Errorf("blob: unable to read %s: %w", key, err)
}

// Delete removes the object; S3 reports success for a missing key.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.cfg.bucket, s.objectName(key), minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("blob: unable to delete %s: %w", key, err)
	}
	return nil
}
