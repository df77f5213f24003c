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
	var where []string
	switch {
	case len(cov.Municipalities) > 0:
		for _, m := range cov.Municipalities {
			if m.RegionCode == region {
				return available(cond)
			}
		}
		names := Text{}
		var ru, en []string
		for _, m := range cov.Municipalities {
			ru = append(ru, m.Name.Ru)
			en = append(en, m.Name.In("en"))
		}
		names.Ru, names.En = strings.Join(ru, ", "), strings.Join(en, ", ")
		return Availability{Reason: Text{
			Ru: "Услугу оказывают только муниципальные образования: " + names.Ru,
			En: "This service is provided only by the municipalities of " + names.En,
		}}
	case len(cov.RegionCodes) > 0:
		if slices.Contains(cov.RegionCodes, region) {
			return available(cond)
		}
		where = cov.RegionCodes
	default:
		if s.Level == LevelFederal {
			return available(cond)
		}
		return Availability{Reason: Text{
			Ru: "Услуга пока не оказывается ни в одном регионе",
			En: "This service is not offered in any region yet",
		}}
	}
	var ru, en []string
	for _, code := range where {
		n, ok := regionNames[code]
		if !ok {
			n = Text{Ru: code, En: code}
		}
		ru = append(ru, n.Ru)
		en = append(en, n.In("en"))
	}
	return Availability{Reason: Text{
		Ru: fmt.Sprintf("Услуга оказывается только в регионах: %s", strings.Join(ru, ", ")),
		En: fmt.Sprintf("This service is offered only in: %s", strings.Join(en, ", ")),
	}}
}

func available(cond *Conditions) Availability {
	a := Availability{Available: true}
	if cond != nil {
		t := cond.Text
		a.Conditions = &t
	}
	return a
}
