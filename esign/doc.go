// Package esign confirms a citizen's identity by a qualified electronic
// signature: the third way to a CONFIRMED account, beside a service centre
// and a code by registered mail. The citizen signs a text the portal gave
// him with the key of his certificate, issued by an accredited
// certification centre, and sends the signature with the certificate; the
// portal checks both and learns his SNILS from the certificate.
//
// # The flow
//
//	v, err := esign.NewVerifier(cfg)         // once, at start; cfg from LoadConfig
//	ch, err := v.NewChallenge(accountID, now) // store ch, show ch.Text
//	...                                       // the citizen signs ch.Text
//	signer, err := v.Verify(ch, sig, cert, chain)
//
// A [Challenge] is a random nonce in a human-readable text naming the
// account and the time; it may be signed for [ChallengeTTL] (10 minutes).
// The caller stores it, passes it back to Verify and deletes it after one
// attempt, good or bad. [Verifier.Verify] checks, in order: the challenge;
// the certificate's algorithm; its chain to a trusted root (x509, at the
// verifier's clock, any extended key usage); its digitalSignature key usage;
// the revocation lists of the issuers of every certificate in the chain;
// the signature over the text; a SNILS in the subject. It returns a [Signer]
// with the SNILS, the INN, the name, and which certificate signed. Deciding
// that the account may become CONFIRMED (the SNILS must be the one its
// verified personal data names) is the caller's.
//
// # GOST: what the standard library cannot do
//
// Russian qualified certificates (Federal Law 63-FZ, the FSB profile of
// order 795) carry GOST R 34.10-2012 keys, are signed by their centres with
// GOST R 34.10-2012 over GOST R 34.11-2012 (Streebog) hashes, and citizens'
// signing tools produce CMS (CAdES) signatures with them. The Go standard
// library has no GOST algorithm at all, and this module uses the standard
// library only. So this package is a stand-in that models the whole check
// with the algorithms Go has: a certificate's key must be ECDSA on P-256
// (signature in ASN.1 DER) or RSA of at least 2048 bits (PKCS #1 v1.5 or
// PSS), the signature is raw (no CMS container) over SHA-256 of the text's
// UTF-8 bytes, and certificates and lists are signed with ECDSA or RSA.
// A real certificate from an accredited centre today gets
// ErrUnsupportedAlgorithm, whose message says GOST is not supported, and the
// GOST certificates of a real trust bundle are left out and listed by
// [Verifier.Skipped] rather than stopping the server. Production needs a
// GOST implementation (a certified cryptographic provider) behind the same
// API: the key and signature checks and the chain's signatures.
//
// # Rules chosen where the law leaves room
//
//   - Trust: the bundle holds self-signed roots and intermediates whose
//     issuer is in the bundle; intermediates may also come with the
//     citizen's certificate. Only certificates whose chain ends at a root of
//     the bundle are trusted.
//   - Revocation fails closed where it can: a certificate on its issuer's
//     list is refused (ErrRevoked, with the date); when every list of an
//     issuer is past its NextUpdate, the check is refused
//     (ErrRevocationUnknown) until fresh lists are loaded by building a new
//     Verifier. An issuer with no list loaded is not checked: load the list
//     of every centre that issues citizens' certificates.
//   - An expired or not yet valid certificate is reported so only when its
//     chain is otherwise trusted; otherwise it is ErrUntrusted, so no one is
//     told to renew a certificate the portal would not trust anyway.
//   - The SNILS is read only from its own attribute (OID 1.2.643.100.3) and
//     must pass the SNILS check sum; a SNILS elsewhere in the subject does
//     not count (ErrNoSNILS). The person's INN (1.2.643.3.131.1.1) and a
//     legal entity's (ИННЮЛ, 1.2.643.100.4, or the old "00" + 10 digits in
//     the ИНН attribute) are kept apart: Signer.INN and Signer.OrgINN.
//   - Certificates for a CA and certificates without digitalSignature in
//     their key usage cannot confirm an identity (ErrKeyUsage).
//   - Dates in messages are in Moscow time.
//
// # Errors
//
// Every error is an [*Error] that wraps one of the Err sentinels
// (errors.Is works) with an English detail for the logs and, where it
// applies, a date. [Message] gives the citizen's message in Russian or
// English and [Code] a stable code for the API. Configuration errors wrap
// ErrConfig and name the setting (ESIGN_TRUSTED_CAS, ESIGN_CRLS) and file.
//
// Package esigntest makes a test PKI (root, intermediate, citizens'
// certificates, revocation lists, signatures) for tests here and in the
// packages that use esign.
package esign
