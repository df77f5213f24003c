package esign

import (
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/uslugi/uslugi/identity"
)

// Subject attributes of the qualified certificate profile (FSB order No. 795
// of 27 December 2011, as amended) and of X.520 that Signer reads.
var (
	oidSNILS     = asn1.ObjectIdentifier{1, 2, 643, 100, 3}       // СНИЛС, NumericString(11)
	oidINN       = asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1} // ИНН of a person, NumericString(12)
	oidINNLE     = asn1.ObjectIdentifier{1, 2, 643, 100, 4}       // ИННЮЛ, of a legal entity, NumericString(10)
	oidSurname   = asn1.ObjectIdentifier{2, 5, 4, 4}              // SN: the surname
	oidGivenName = asn1.ObjectIdentifier{2, 5, 4, 42}             // GN: "Имя Отчество"
)

// Signer is who signed, as the certificate names him.
type Signer struct {
	// SNILS is the 11 digits of the subject's SNILS (OID 1.2.643.100.3),
	// check digits verified. Always set: without it Verify fails.
	SNILS string
	// INN is the person's 12-digit INN (ИНН, OID 1.2.643.3.131.1.1), check
	// digits verified; "" when the certificate has none.
	INN string
	// OrgINN is the 10-digit INN of the legal entity whose employee the
	// certificate names (ИННЮЛ, OID 1.2.643.100.4, or the old profile's
	// "00" + 10 digits in the ИНН attribute); "" for a private person. It
	// is kept apart from INN: it is not the citizen's own.
	OrgINN string
	// LastName is the surname (SN, 2.5.4.4); FirstName and Patronymic are
	// the given names (GN, 2.5.4.42, "Имя Отчество") split at the first
	// space. Written as the certificate writes them.
	LastName, FirstName, Patronymic string
	// Subject and Issuer are the distinguished names, in certificate order,
	// with short labels: "CN=…, SN=…, G=…, SNILS=…, INN=…".
	Subject string
	// SerialNumber is the certificate's serial number in upper-case hex, as
	// certificate viewers show it.
	SerialNumber string
	Issuer       string
	NotAfter     time.Time
	// Fingerprint is the SHA-256 of the certificate's DER, in hex: which
	// certificate confirmed the identity, for the record.
	Fingerprint string
}

// signerOf reads the Signer from c's subject.
func signerOf(c *x509.Certificate) (Signer, error) {
	sum := sha256.Sum256(c.Raw)
	s := Signer{
		Subject:      formatName(c.Subject.Names),
		Issuer:       formatName(c.Issuer.Names),
		SerialNumber: fmt.Sprintf("%X", c.SerialNumber),
		NotAfter:     c.NotAfter,
		Fingerprint:  hex.EncodeToString(sum[:]),
	}
	var snils []string
	for _, a := range c.Subject.Names {
		v, ok := a.Value.(string)
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch {
		case a.Type.Equal(oidSNILS):
			snils = append(snils, v)
		case a.Type.Equal(oidINN):
			if len(v) == 12 && strings.HasPrefix(v, "00") {
				if d, err := identity.ParseINN(v[2:]); err == nil && s.OrgINN == "" {
					s.OrgINN = d
				}
			} else if d, err := identity.ParsePersonalINN(v); err == nil && s.INN == "" {
				s.INN = d
			}
		case a.Type.Equal(oidINNLE):
			if d, err := identity.ParseINN(v); err == nil && len(d) == 10 {
				s.OrgINN = d
			}
		case a.Type.Equal(oidSurname):
			s.LastName = v
		case a.Type.Equal(oidGivenName):
			first, rest, _ := strings.Cut(strings.Join(strings.Fields(v), " "), " ")
			s.FirstName, s.Patronymic = first, rest
		}
	}
	switch {
	case len(snils) == 0:
		return Signer{}, newErr(ErrNoSNILS, "the subject has no SNILS attribute (OID 1.2.643.100.3)")
	case len(snils) > 1:
		for _, o := range snils[1:] {
			if o != snils[0] {
				return Signer{}, newErr(ErrNoSNILS, "the subject has two different SNILS attributes")
			}
		}
	}
	d, err := identity.ParseSNILS(snils[0])
	if err != nil {
		return Signer{}, newErr(ErrNoSNILS, "the SNILS attribute is not a valid SNILS: "+err.Error())
	}
	s.SNILS = d
	return s, nil
}

// labels are the short names formatName writes.
var labels = map[string]string{
	"2.5.4.3":              "CN",
	"2.5.4.4":              "SN",
	"2.5.4.42":             "G",
	"2.5.4.12":             "T",
	"2.5.4.5":              "SERIALNUMBER",
	"2.5.4.6":              "C",
	"2.5.4.7":              "L",
	"2.5.4.8":              "S",
	"2.5.4.9":              "STREET",
	"2.5.4.10":             "O",
	"2.5.4.11":             "OU",
	"1.2.840.113549.1.9.1": "E",
	"1.2.643.100.3":        "SNILS",
	"1.2.643.3.131.1.1":    "INN",
	"1.2.643.100.4":        "INNLE",
	"1.2.643.100.1":        "OGRN",
	"1.2.643.100.5":        "OGRNIP",
}

// formatName writes a distinguished name's attributes in certificate order,
// "LABEL=value" joined by ", ", with RFC 4514 escaping; an attribute without
// a label is written by its OID.
func formatName(names []pkix.AttributeTypeAndValue) string {
	parts := make([]string, 0, len(names))
	for _, a := range names {
		label, ok := labels[a.Type.String()]
		if !ok {
			label = a.Type.String()
		}
		parts = append(parts, label+"="+escapeValue(fmt.Sprint(a.Value)))
	}
	if len(parts) == 0 {
		return "(empty name)"
	}
	return strings.Join(parts, ", ")
}

func escapeValue(v string) string {
	var b strings.Builder
	for i, r := range v {
		switch {
		case strings.ContainsRune(`,+"\<>;=`, r),
			i == 0 && (r == ' ' || r == '#'),
			i == len(v)-1 && r == ' ':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\%02X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
