package esign

import (
	"errors"
	"strings"
	"time"
)

// The reasons a signature, a certificate or the configuration is refused.
// Every error this package returns is an *Error that unwraps to one of them,
// so errors.Is(err, esign.ErrRevoked) tells the reason; [Message] gives the
// citizen's message in Russian or English and [Code] a stable code.
var (
	// ErrMalformed: the certificate, the chain, the signature or the
	// challenge cannot be read (not PEM or DER, empty, too large).
	ErrMalformed = errors.New("esign: malformed input")
	// ErrUnsupportedAlgorithm: the certificate's key (or its issuer's
	// signature on it) uses an algorithm this package cannot check: GOST R
	// 34.10-2012 above all, which the Go standard library lacks, and
	// anything but ECDSA P-256 and RSA of at least 2048 bits.
	ErrUnsupportedAlgorithm = errors.New("esign: unsupported algorithm")
	// ErrUntrusted: the certificate does not chain to a trusted
	// certification centre.
	ErrUntrusted = errors.New("esign: certificate not issued by a trusted certification centre")
	// ErrExpired: the certificate (or a CA certificate of its chain) is past
	// its NotAfter.
	ErrExpired = errors.New("esign: certificate expired")
	// ErrNotYetValid: the certificate (or a CA certificate of its chain) is
	// before its NotBefore.
	ErrNotYetValid = errors.New("esign: certificate not yet valid")
	// ErrKeyUsage: the certificate is not meant for signing: its key usage
	// lacks digitalSignature, or it is a CA certificate.
	ErrKeyUsage = errors.New("esign: certificate not meant for signatures")
	// ErrRevoked: the certificate (or a CA certificate of its chain) is on
	// its issuer's revocation list; Error.At is the revocation date.
	ErrRevoked = errors.New("esign: certificate revoked")
	// ErrRevocationUnknown: the revocation list of the certificate's issuer
	// is out of date (past its NextUpdate), so a recent revocation could be
	// missed. The check fails closed; the operator must load fresh lists.
	ErrRevocationUnknown = errors.New("esign: revocation status unknown")
	// ErrChallengeExpired: the challenge was signed or sent too late.
	ErrChallengeExpired = errors.New("esign: challenge expired")
	// ErrBadSignature: the signature is not the certificate's key's
	// signature of the challenge text.
	ErrBadSignature = errors.New("esign: bad signature")
	// ErrNoSNILS: the certificate carries no valid SNILS (OID
	// 1.2.643.100.3), so it cannot name a citizen.
	ErrNoSNILS = errors.New("esign: no SNILS in certificate")
	// ErrConfig: the trusted CAs or the revocation lists cannot be used. It
	// comes from NewVerifier and LoadConfig only: a matter for the operator.
	ErrConfig = errors.New("esign: bad configuration")
)

// Error is a refusal with its detail. Kind is one of the Err sentinels and is
// what Unwrap gives; Detail says, in English for the logs, what exactly
// failed; it may name certificates but never holds key material.
type Error struct {
	Kind   error
	Detail string
	// At is the date that goes with Kind: the revocation date (ErrRevoked),
	// the end of validity (ErrExpired), its start (ErrNotYetValid), the
	// challenge's expiry (ErrChallengeExpired), the list's NextUpdate
	// (ErrRevocationUnknown). Zero otherwise.
	At time.Time
	// CA is set when the certificate concerned is a certification centre's
	// of the chain, not the citizen's own.
	CA bool
}

// Error is the sentinel's text and the detail.
func (e *Error) Error() string {
	if e.Detail == "" {
		return e.Kind.Error()
	}
	return e.Kind.Error() + ": " + e.Detail
}

// Unwrap gives the sentinel, for errors.Is.
func (e *Error) Unwrap() error { return e.Kind }

func newErr(kind error, detail string) *Error { return &Error{Kind: kind, Detail: detail} }

// text is a reason's code and its message in both languages. A message may
// hold one "[… %s …]": the %s is the error's date (Error.At) and the
// brackets go; without a date the bracketed part goes, with the space before
// it.
type text struct {
	code   string
	ru, en string
	// caRu and caEn replace ru and en when Error.CA is set.
	caRu, caEn string
}

var texts = map[error]text{
	ErrMalformed: {code: "MALFORMED",
		ru: "Не удалось прочитать сертификат или подпись: отправьте файл сертификата (.cer, в кодировке DER или Base64) и подпись текста запроса",
		en: "the certificate or the signature could not be read: send the certificate file (.cer, DER or Base64) and the signature of the request text"},
	ErrUnsupportedAlgorithm: {code: "UNSUPPORTED_ALGORITHM",
		ru: "Портал пока не умеет проверять подписи по ГОСТ Р 34.10-2012, которыми пользуются квалифицированные сертификаты, и по другим алгоритмам, кроме ключей ECDSA P-256 и RSA от 2048 бит. Подтвердите личность другим способом, например в центре обслуживания",
		en: "the portal cannot yet check GOST R 34.10-2012 signatures, which qualified certificates use, nor any but ECDSA P-256 and RSA keys of 2048 bits or more. Confirm your identity another way, e.g. at a service centre"},
	ErrUntrusted: {code: "UNTRUSTED",
		ru: "Сертификат выдан удостоверяющим центром, который не аккредитован или неизвестен порталу",
		en: "the certificate was not issued by an accredited certification centre known to the portal"},
	ErrExpired: {code: "EXPIRED",
		ru:   "Срок действия сертификата истёк [%s]: получите новый сертификат в удостоверяющем центре",
		en:   "the certificate expired [on %s]: obtain a new one from a certification centre",
		caRu: "Срок действия сертификата удостоверяющего центра, выдавшего ваш сертификат, истёк [%s]: получите новый сертификат",
		caEn: "the certificate of the certification centre that issued yours expired [on %s]: obtain a new certificate"},
	ErrNotYetValid: {code: "NOT_YET_VALID",
		ru:   "Сертификат ещё не начал действовать [(с %s)]: подпишите запрос, когда срок его действия начнётся",
		en:   "the certificate is not valid yet [(from %s)]: sign the request once it is",
		caRu: "Сертификат удостоверяющего центра, выдавшего ваш сертификат, ещё не начал действовать [(с %s)]: попробуйте позже",
		caEn: "the certificate of the certification centre that issued yours is not valid yet [(from %s)]: try again later"},
	ErrKeyUsage: {code: "KEY_USAGE",
		ru: "Сертификат не предназначен для электронной подписи: выберите сертификат ключа подписи",
		en: "the certificate is not meant for electronic signatures: choose a signing certificate"},
	ErrRevoked: {code: "REVOKED",
		ru:   "Сертификат отозван удостоверяющим центром [%s]: подписать им запрос нельзя",
		en:   "the certificate was revoked by its certification centre [on %s] and can no longer sign",
		caRu: "Сертификат удостоверяющего центра, выдавшего ваш сертификат, отозван [%s]: получите новый сертификат",
		caEn: "the certificate of the certification centre that issued yours was revoked [on %s]: obtain a new certificate"},
	ErrRevocationUnknown: {code: "REVOCATION_UNKNOWN",
		ru: "Не удалось проверить, не отозван ли сертификат: попробуйте позже",
		en: "the certificate's revocation status could not be checked: try again later"},
	ErrChallengeExpired: {code: "CHALLENGE_EXPIRED",
		ru: "Время на подпись истекло: запросите новый текст для подписи и подпишите его в течение 10 минут",
		en: "the time to sign has run out: request a new text and sign it within 10 minutes"},
	ErrBadSignature: {code: "BAD_SIGNATURE",
		ru: "Подпись не подходит к тексту запроса или к сертификату: подпишите выданный текст ключом этого сертификата",
		en: "the signature does not match the request text or the certificate: sign the text you were given with this certificate's key"},
	ErrNoSNILS: {code: "NO_SNILS",
		ru: "В сертификате нет СНИЛС: подтвердить личность можно только сертификатом физического лица, в котором указан СНИЛС",
		en: "the certificate carries no SNILS: only a personal certificate that names the SNILS can confirm an identity"},
	ErrConfig: {code: "CONFIG",
		ru: "Проверка электронной подписи не настроена",
		en: "electronic signature checking is not configured"},
}

var unknownText = text{code: "INTERNAL",
	ru: "Не удалось проверить электронную подпись: попробуйте позже",
	en: "the electronic signature could not be checked: try again later"}

// msk is Moscow time, in which dates are shown to citizens.
var msk = time.FixedZone("MSK", 3*60*60)

// sentinels is every reason, in a fixed order for lookup.
var sentinels = []error{
	ErrMalformed, ErrUnsupportedAlgorithm, ErrUntrusted, ErrExpired, ErrNotYetValid,
	ErrKeyUsage, ErrRevoked, ErrRevocationUnknown, ErrChallengeExpired, ErrBadSignature,
	ErrNoSNILS, ErrConfig,
}

// lookup finds err's text, and the *Error it is or wraps, if any.
func lookup(err error) (text, *Error) {
	var e *Error
	if errors.As(err, &e) {
		if t, ok := texts[e.Kind]; ok {
			return t, e
		}
	}
	for _, kind := range sentinels {
		if errors.Is(err, kind) {
			return texts[kind], e
		}
	}
	return unknownText, e
}

// Message is err's message for the citizen in lang: English for "en",
// Russian otherwise (the portal's default). It says what is wrong and what
// to do, with the date that goes with it (revocation, expiry) in Moscow
// time, and never the technical detail. An error not from this package gets
// a general message; nil gets "".
func Message(err error, lang string) string {
	if err == nil {
		return ""
	}
	t, e := lookup(err)
	en := strings.EqualFold(lang, "en")
	msg := t.ru
	if en {
		msg = t.en
	}
	if e != nil && e.CA && t.caRu != "" {
		msg = t.caRu
		if en {
			msg = t.caEn
		}
	}
	open, end := strings.Index(msg, "["), strings.Index(msg, "]")
	if open < 0 || end < open {
		return msg
	}
	date := ""
	if e != nil && !e.At.IsZero() {
		if en {
			date = e.At.In(msk).Format("2 January 2006")
		} else {
			date = e.At.In(msk).Format("02.01.2006")
		}
	}
	if date == "" {
		return strings.TrimSuffix(msg[:open], " ") + msg[end+1:]
	}
	return msg[:open] + strings.Replace(msg[open+1:end], "%s", date, 1) + msg[end+1:]
}

// Code is err's stable machine-readable code, for the API's
// extensions.code: "REVOKED", "UNTRUSTED", "NO_SNILS", …; "INTERNAL" for an
// error not from this package, "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	t, _ := lookup(err)
	return t.code
}
