package graph

import (
	"context"
	"time"

	"github.com/uslugi/uslugi/account"
	"github.com/uslugi/uslugi/application"
	"github.com/uslugi/uslugi/graph/model"
)

func (r *Resolver) statistics(ctx context.Context, region string, from, to time.Time) (*model.Statistics, error) {
	p, err := Principal(ctx)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(account.RoleAdmin) && !p.HasRole(account.RoleOfficer) {
		return nil, &account.ForbiddenError{NeedRole: account.RoleOfficer}
	}
	if !to.After(from) || to.Sub(from) > 366*24*time.Hour {
		return nil, &userError{field: "to", code: "RANGE", ru: "Период: «по» позже «с», не длиннее года", en: "the period ends after it starts and lasts at most a year"}
	}
	f, err := r.Stats.Compute(ctx, region, from, to)
	if err != nil {
		return nil, err
	}
	out := &model.Statistics{RegionCode: optional(region), From: from, To: to, ElectronicShare: f.ElectronicShare,
		EServiceUsers: f.EServiceUsers, Rating: &f.Overall, RatingsByService: f.ByService, RatingsByDepartment: f.ByDepartment}
	for _, ch := range []application.Channel{application.ChannelPortal, application.ChannelServiceCentre, application.ChannelInPerson} {
		out.ApplicationsByChannel = append(out.ApplicationsByChannel, model.ChannelCount{Channel: ch, Count: f.ByChannel[string(ch)]})
	}
	for _, t := range []account.Tier{account.TierSimplified, account.TierStandard, account.TierConfirmed} {
		out.AccountsByTier = append(out.AccountsByTier, model.TierCount{Tier: t, Count: f.ByTier[string(t)]})
	}
	for _, c := range f.TopServices {
		out.TopServices = append(out.TopServices, model.ServiceCount{ServiceCode: c.Key, Count: c.Count})
	}
	out.MedianTimeToComplete = []model.CompletionTime{}
	for _, m := range f.MedianToComplete {
		out.MedianTimeToComplete = append(out.MedianTimeToComplete, model.CompletionTime{ServiceCode: m.Service, MedianHours: m.Median.Hours(), Completed: m.Count})
	}
	if out.TopServices == nil {
		out.TopServices = []model.ServiceCount{}
	}
	return out, nil
}
