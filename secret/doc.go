// Package secret holds the server's secret keys and every use of them:
// encryption of personal data at rest, keyed look-up hashes, password
// hashing, one-time codes and opaque tokens, and signed access tokens.
//
// # Keys
//
// [LoadKeys] reads SECRET_KEYS: one or more comma-separated key sets, each
// 96 random bytes in base64 (URL-safe or standard, padded or not), or
// "file:PATH" naming a file that holds that value. [GenerateKeys] makes a new
// value. With SECRET_KEYS empty, a key set is kept in secret.key in the data directory
// (mode 0600) and created on first start: fine for development, but the key
// then lives beside the data it protects, so production must set SECRET_KEYS.
//
// Each key set is three independent 32-byte keys: AES-256 for [Keys.Seal],
// HMAC-SHA256 for [Keys.LookupHash] and [HashToken], and HMAC-SHA256 (HS256)
// for [Keys.SignAccess]. The first key set is current: it seals, hashes and
// signs. Every key set opens and verifies, so rotation is:
//
//  1. prepend a new key set: SECRET_KEYS=NEW,OLD;
//  2. run a job that passes every sealed value through [Keys.Reseal] and
//     rewrites its look-up hash with [Keys.LookupHash]; until it has run, look
//     values up with [Keys.LookupHashes] and stored tokens with [TokenHashes],
//     which give every key set's hash, current first;
//  3. after the access-token lifetime has passed too, drop OLD.
//
// A sealed value carries a 1-byte key id, derived from its key, so a key set
// can move within the list without breaking what it sealed.
//
// # Personal data
//
// [Keys.Seal] encrypts with AES-256-GCM and a random 96-bit nonce; its
// context ("snils", "passport", ...) is authenticated as additional data, so
// a ciphertext moved to another column does not open. [Keys.LookupHash] is
// the keyed hash stored beside it for unique indexes and look-ups: without
// the key, a leaked table cannot be checked against a list of known numbers.
// Normalise the value (digits only, no spaces) before hashing.
//
// # Passwords
//
// [PasswordHasher] hashes with Argon2id (OWASP's parameters by default:
// 19 MiB, 2 passes, 1 lane) into the PHC string format, verifies in constant
// time, reports when a stored hash was made with other parameters, and
// offers [PasswordHasher.DummyVerify] for logins that do not exist.
//
// # Codes and tokens
//
// [NewNumericCode] makes uniform decimal codes for SMS and e-mail,
// [NewToken] opaque 256-bit tokens, and [HashToken] their keyed hashes for
// storage. [Equal] compares secrets in constant time.
//
// # Access tokens
//
// [Keys.SignAccess] and [Keys.ParseAccess] make and check short-lived JWTs
// (HS256, issuer and audience "uslugi"). HS256 rather than EdDSA: the same
// binary both issues and checks them and every node already holds
// SECRET_KEYS, so a public key would buy nothing, while an HMAC check costs a
// microsecond per request. The parser accepts HS256 only, so "none" and
// RS256/HS256 key confusion are refused.
//
// Nothing here keeps package-level state: a [Keys] is built once by the
// server and passed to those who need it, and is safe for concurrent use.
package secret
