// Package docsign signs electronic duplicates with the key of the service
// centre that made them, and checks those signatures.
//
// # What is signed
//
// A [Payload] names the document, its type, the citizen's account, the
// fields the operator filled in, the SHA-256 of every file in order, the
// time and the signing service centre. [Payload.Canonical] turns it into
// one exact byte string:
//
//	{"accountId":"...","documentId":"...","fields":{"a":"...","b":"..."},
//	 "files":["<sha256 hex>",...],"signedAt":"2026-03-01T12:00:00Z",
//	 "signer":"...","type":"...","v":"uslugi/docsign/v1"}
//
// (on one line): JSON with the object keys in byte order at every level, no
// insignificant whitespace, strings escaped as encoding/json does, the time
// in UTC to the second, and hashes as 64 lowercase hex digits. Any verifier,
// in any language, that rebuilds these bytes from the stored document can
// check the signature; "v" separates this use of the key from any other.
// Changing any field, file, the time, the type or the citizen changes the
// bytes and breaks the signature.
//
// # Algorithm: a stand-in for GOST
//
// A real service centre signs with a qualified signature: GOST R
// 34.10-2012 over a GOST R 34.11-2012 (Streebog) hash, with a certificate
// from an accredited centre. The Go standard library has no GOST (see
// package esign), so this package signs with ECDSA on P-256 over SHA-256,
// the signature in ASN.1 DER. The API (Payload, Sign, Verify, KeyRing) is
// what a certified provider would sit behind.
//
// # Keys
//
// A [KeyRing] gives each service centre (the signer code) its own key
// pair, generated on first use. The private key is stored only sealed
// (secret.Keys satisfies [Sealer]: AES-256-GCM bound to the signer's code)
// through a [KeyStore] the database implements. Public keys are exported
// as PEM ([KeyRing.PublicKeyPEM]) so anyone can check a duplicate without
// asking the portal, and [KeyID] fingerprints a key so each signature
// record can say which key made it.
package docsign
