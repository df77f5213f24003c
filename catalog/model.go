package catalog

import (
	"github.com/uslugi/uslugi/account"
)

// Audience is who a service or category serves.
type Audience string

// Audiences.
const (
	AudienceIndividual  Audience = "INDIVIDUAL"
	AudienceLegalEntity Audience = "LEGAL_ENTITY"
)

// Level is the level of government that provides a service.
type Level string

// Levels.
const (
	LevelFederal   Level = "FEDERAL"
	LevelRegional  Level = "REGIONAL"
	LevelMunicipal Level = "MUNICIPAL"
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	return l == LevelFederal || l == LevelRegional || l == LevelMunicipal
}

// Mode is how far a service can be received online.
type Mode string

// Modes.
const (
	ModeInfo        Mode = "INFO"         // information only
	ModeApplyOnline Mode = "APPLY_ONLINE" // apply online, receive in person
	ModeFullyOnline Mode = "FULLY_ONLINE" // received fully online
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool {
	return m == ModeInfo || m == ModeApplyOnline || m == ModeFullyOnline
}

// Text is a text in the languages the portal speaks.
type Text struct {
	Ru string
	En string
}

// In picks the text for lang ("en" or anything else for Russian); an empty
// English text falls back to Russian.
func (t Text) In(lang string) string {
	if lang == "en" && t.En != "" {
		return t.En
	}
	return t.Ru
}

// Category groups services for one or both audiences.
type Category struct {
	ID            int64
	Code          string
	Name          Text
	Individuals   bool
	LegalEntities bool
	Position      int
}

// Department is an authority that provides services.
type Department struct {
	ID       int64
	Code     string
	Name     Text
	Short    Text
	Level    Level
	ParentID *int64
}

// LifeSituation gathers the services a citizen needs at one moment of life.
type LifeSituation struct {
	ID          int64
	Code        string
	Name        Text
	Description Text
}

// Region is a federal subject of the Russian Federation, by its two-digit code.
type Region struct {
	Code string
	Name Text
}

// Municipality is a municipal formation, by its OKTMO code.
type Municipality struct {
	ID         int64
	OKTMO      string
	RegionCode string
	Name       Text
}

// Service is one state or municipal service in the catalog.
type Service struct {
	ID                       int64
	Code                     string
	Name                     Text
	Description              Text
	Level                    Level
	DepartmentID             int64
	Mode                     Mode
	MinTier                  account.Tier
	ExcludesMailConfirmation bool // tax secrecy: a registered-mail confirmation is not enough
	Individuals              bool
	LegalEntities            bool
	FeeKopecks               int64
	FeeNote                  Text
	ProcessingDays           int
	Popularity               int64
	// ForChildren: a parent may receive it on behalf of his child.
	ForChildren bool
}

// Fee is a service's state fee, the Money of the API's Service.fee.
type Fee struct{ Kopecks int64 }

// Amount is an amount in kopecks that the API writes out in the reader's
// language (graph.MarshalAmount).
type Amount int64

// Fee returns s's state fee. A method, not a resolver, because gqlgen
// resolves the resolver fields of each service of a page in goroutines of
// their own (README "Load").
func (s *Service) Fee() Fee { return Fee{Kopecks: s.FeeKopecks} }

// Formatted is the fee to be written out: the API's Money.formatted.
func (f Fee) Formatted() Amount { return Amount(f.Kopecks) }

// Audiences lists whom s serves.
func (s *Service) Audiences() []Audience {
	var out []Audience
	if s.Individuals {
		out = append(out, AudienceIndividual)
	}
	if s.LegalEntities {
		out = append(out, AudienceLegalEntity)
	}
	return out
}

// Coverage says where a service is offered: the regions it lists and the
// municipalities it lists (with their regions).
type Coverage struct {
	RegionCodes    []string
	Municipalities []Municipality
}

// Conditions are a region's own terms for a service.
type Conditions struct {
	RegionCode string
	Text       Text
}
