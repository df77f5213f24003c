package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Availability tells whether a service is offered in a region, why not if
// it is not, and the region's own conditions if it has any.
type Availability struct {
	RegionCode string
	Available  bool
	Reason     Text
	Conditions *Text
}

// AvailabilityIn applies the package's availability rule to s in region.
// regionNames names the regions the reason may mention, by code.
func AvailabilityIn(s *Service, cov Coverage, cond *Conditions, region string, regionNames map[string]Text) Availability {
	a := availabilityIn(s, cov, cond, region, regionNames)
	a.RegionCode = region
	return a
}

func availabilityIn(s *Service, cov Coverage, cond *Conditions, region string, regionNames map[string]Text) Availability {
	if offeredIn(s.Level == LevelFederal, cov, region) {
		return available(cond)
	}
	if len(cov.RegionCodes) == 0 && len(cov.Municipalities) == 0 {
		return Availability{Reason: Text{
			Ru: "Услуга пока не оказывается ни в одном регионе",
			En: "This service is not offered in any region yet",
		}}
	}
	var reasons []Text
	if len(cov.RegionCodes) > 0 {
		var ru, en []string
		for _, code := range cov.RegionCodes {
			n, ok := regionNames[code]
			if !ok {
				n = Text{Ru: code, En: code}
			}
			ru = append(ru, n.Ru)
			en = append(en, n.In("en"))
		}
		reasons = append(reasons, Text{
			Ru: fmt.Sprintf("Услуга оказывается только в регионах: %s", strings.Join(ru, ", ")),
			En: fmt.Sprintf("This service is offered only in: %s", strings.Join(en, ", ")),
		})
	}
	if len(cov.Municipalities) > 0 {
		var ru, en []string
		for _, m := range cov.Municipalities {
			ru = append(ru, m.Name.Ru)
			en = append(en, m.Name.In("en"))
		}
		reasons = append(reasons, Text{
			Ru: "Услугу оказывают только муниципальные образования: " + strings.Join(ru, ", "),
			En: "This service is provided only by the municipalities of " + strings.Join(en, ", "),
		})
	}
	var reason Text
	for i, r := range reasons {
		if i > 0 {
			reason.Ru += "; "
			reason.En += "; "
		}
		reason.Ru += r.Ru
		reason.En += r.En
	}
	return Availability{Reason: reason}
}

// offeredIn is the availability rule: listed regions and listed
// municipalities' regions both count, as in the store's region filter
// and the in-memory index's (index.go), so a listing and its
// availability agree; a federal service that lists no place is offered
// everywhere.
func offeredIn(federal bool, cov Coverage, region string) bool {
	if len(cov.RegionCodes) == 0 && len(cov.Municipalities) == 0 {
		return federal
	}
	return slices.Contains(cov.RegionCodes, region) ||
		slices.ContainsFunc(cov.Municipalities, func(m Municipality) bool { return m.RegionCode == region })
}

func available(cond *Conditions) Availability {
	a := Availability{Available: true}
	if cond != nil {
		t := cond.Text
		a.Conditions = &t
	}
	return a
}
