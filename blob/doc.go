// Package blob keeps files (the scans of electronic duplicates) in a blob
// store and hands them out through short-lived signed download URLs.
//
// # Stores
//
// [Open] picks the store from BLOB_URL:
//
//   - empty (or file:///path): a directory on local disk, by default the
//     given data directory. Each object is written to a temporary file and
//     renamed into place, so a reader never sees half a file, and a small
//     JSON sidecar keeps its size, SHA-256 and content type.
//   - s3://ACCESS:SECRET@host:port/bucket[/prefix]?secure=false&region=...:
//     any S3-compatible store (MinIO, Ceph, Yandex Object Storage, AWS)
//     through minio-go. The bucket is created when missing. The SHA-256 and
//     content type travel as object metadata.
//
// Both stores compute the SHA-256 while writing and check it again while
// reading: [Store.Get] returns a reader that fails with [ErrCorrupt] at the
// end of an object whose bytes no longer match the hash taken when it was
// stored, so a rotted or altered scan is never served as a signed
// duplicate.
//
// Keys are slash-separated paths of letters, digits, '.', '_' and '-'
// ([ValidKey]); no segment may be empty, "." or "..", or start with a dot.
// That keeps keys portable between the stores and makes path traversal out
// of the local directory impossible.
//
// # Download URLs
//
// Files are not served by the store itself: the API serves GET /files with
// the query string made by [URLSigner.Sign], checks it with
// [URLSigner.Verify] and streams the object from whichever store is
// configured. One path for both stores means the same expiry, the same
// logging and the same headers (Content-Type, Content-Disposition, no
// caching) whether the files are on disk or in S3, and the S3 endpoint need
// not be reachable from citizens' browsers.
//
// Nothing here keeps package-level state; a Store and a URLSigner are
// built once by the server and are safe for concurrent use.
package blob
