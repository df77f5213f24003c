package hearing

import (
	"time"

	"github.com/uslugi/uslugi/account"
)

// Facts are what eligibility looks at in a person's account.
type Facts struct {
	Tier account.Tier
	// AddressOKTMO is the municipality of the registered address in the
	// personal data, "" when there is none.
	AddressOKTMO string
	// AddressVerified: the latest verification of the personal data
	// succeeded (every change of them starts a new one).
	AddressVerified bool
	// LandRights are the person's recorded rights in the hearing's
	// municipality; loaded only for urban-planning hearings.
	LandRights []LandRight
}

// Assess decides whether someone with facts f may take part in h at now.
// Reasons are checked in order: the account's tier, then residence (or, for
// urban-planning subjects, a right in the territory), then the stage.
func Assess(h Hearing, f Facts, now time.Time) Eligibility {
	if f.Tier != account.TierConfirmed {
		return Eligibility{Reason: ReasonNotConfirmed}
	}
	var e Eligibility
	switch {
	case f.AddressVerified && f.AddressOKTMO == h.Municipality:
		e.Basis = BasisResident
	case h.Subject.UrbanPlanning() && holdsRight(h, f.LandRights):
		e.Basis = BasisLandRight
	case f.AddressOKTMO != "" && f.AddressOKTMO != h.Municipality && h.Subject.UrbanPlanning():
		return Eligibility{Reason: ReasonNoLandRight}
	case f.AddressOKTMO != "" && f.AddressOKTMO != h.Municipality:
		return Eligibility{Reason: ReasonOtherMunicipality}
	default:
		return Eligibility{Reason: ReasonAddressNotVerified}
	}
	if h.StageAt(now) != StatusOpen {
		e.Reason = ReasonNotOpen
		return e
	}
	e.Allowed = true
	return e
}

func holdsRight(h Hearing, rights []LandRight) bool {
	for _, r := range rights {
		if r.Municipality == h.Municipality && h.Territory.Covers(r.Quarter) {
			return true
		}
	}
	return false
}
