package esign

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// The settings LoadConfig reads, named in its errors.
const (
	// SettingTrustedCAs names the PEM file of trusted CA certificates.
	SettingTrustedCAs = "ESIGN_TRUSTED_CAS"
	// SettingCRLs names the comma-separated revocation list files.
	SettingCRLs = "ESIGN_CRLS"
)

// Config is what a Verifier trusts.
type Config struct {
	// TrustedCAs is a PEM bundle of the certificates of accredited
	// certification centres: self-signed roots and the intermediates under
	// them. At least one root is needed.
	TrustedCAs []byte
	// CRLs are certificate revocation lists: each entry one list in DER, or
	// one or more "X509 CRL" blocks in PEM; each list must be signed by one
	// of the TrustedCAs.
	CRLs [][]byte
	// Clock gives the time of a check; nil is time.Now.
	Clock func() time.Time

	// Where the values came from, for error messages (set by LoadConfig).
	caSource   string
	crlSources []string
}

// LoadConfig reads the trusted CA bundle from the file caPath (the value of
// ESIGN_TRUSTED_CAS, required) and the revocation lists from crlPaths (the
// value of ESIGN_CRLS: comma-separated file paths, may be empty). Errors wrap
// ErrConfig and name the setting and the file. Files are only read here; the
// certificates and lists are parsed and checked by NewVerifier, whose errors
// then name the files too. Clock is left nil (time.Now).
func LoadConfig(caPath, crlPaths string) (Config, error) {
	var cfg Config
	caPath = strings.TrimSpace(caPath)
	if caPath == "" {
		return cfg, newErr(ErrConfig, SettingTrustedCAs+" is not set: it must name a PEM file of the accredited certification centres' certificates")
	}
	b, err := os.ReadFile(caPath)
	if err != nil {
		return cfg, newErr(ErrConfig, fmt.Sprintf("%s: %v", SettingTrustedCAs, err))
	}
	cfg.TrustedCAs = b
	cfg.caSource = SettingTrustedCAs + " " + caPath
	for p := range strings.SplitSeq(crlPaths, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return Config{}, newErr(ErrConfig, fmt.Sprintf("%s: %v", SettingCRLs, err))
		}
		cfg.CRLs = append(cfg.CRLs, b)
		cfg.crlSources = append(cfg.crlSources, SettingCRLs+" "+p)
	}
	return cfg, nil
}

// trustedSource names the CA bundle in errors.
func (c *Config) trustedSource() string {
	if c.caSource != "" {
		return c.caSource
	}
	return "TrustedCAs"
}

// crlSource names the i-th revocation list in errors.
func (c *Config) crlSource(i int) string {
	if i < len(c.crlSources) {
		return c.crlSources[i]
	}
	return fmt.Sprintf("CRLs[%d]", i)
}
