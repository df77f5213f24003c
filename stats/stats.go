// Package stats gives authorities the figures of the portal: applications
// by channel and the share of electronic ones, accounts by tier, citizens
// who used an e-service, the most requested services, ratings and how
// representative they are, and how long services take.
package stats

import (
	"context"
	"slices"
	"time"
)

// Finished is one application that ended in the period.
type Finished struct {
	Service, Department string
	Submitted, Ended    time.Time
	Completed           bool // COMPLETED, not REJECTED
	Score               int  // 0: not rated
}

// Store reads the raw figures; region "" means the whole country.
type Store interface {
	ApplicationsByChannel(ctx context.Context, region string, from, to time.Time) (map[string]int, error)
	AccountsByTier(ctx context.Context, region string) (map[string]int, error)
	EServiceUsers(ctx context.Context, region string, from, to time.Time) (int, error)
	TopServices(ctx context.Context, region string, from, to time.Time, limit int) ([]Count, error)
	Finished(ctx context.Context, region string, from, to time.Time) ([]Finished, error)
}

// Count is a number of something named.
type Count struct {
	Key   string
	Count int
}

// Rating is the average mark of a service or department and how many of
// its recipients gave one.
type Rating struct {
	Key        string
	Average    float64
	Ratings    int
	Recipients int
	// Representative: at least half of the recipients rated (the floor the
	// monitoring rules propose); fewer, and the average says little.
	Representative bool
}

// Median is the median time from submission to completion of a service.
type Median struct {
	Service string
	Median  time.Duration
	Count   int
}

// Figures are the statistics of a region (or the country) for a period.
type Figures struct {
	Region           string
	From, To         time.Time
	ByChannel        map[string]int
	ElectronicShare  float64 // portal applications / all applications
	ByTier           map[string]int
	EServiceUsers    int
	TopServices      []Count
	Overall          Rating
	ByService        []Rating
	ByDepartment     []Rating
	MedianToComplete []Median
}

// Service computes figures.
type Service struct{ store Store }

// New returns the service.
func New(store Store) *Service { return &Service{store: store} }

// Compute gathers the figures of region (all when empty) from from to to.
func (s *Service) Compute(ctx context.Context, region string, from, to time.Time) (Figures, error) {
	f := Figures{Region: region, From: from, To: to}
	var err error
	if f.ByChannel, err = s.store.ApplicationsByChannel(ctx, region, from, to); err != nil {
		return f, err
	}
	total := 0
	for _, n := range f.ByChannel {
		total += n
	}
	if total > 0 {
		f.ElectronicShare = float64(f.ByChannel["PORTAL"]) / float64(total)
	}
	if f.ByTier, err = s.store.AccountsByTier(ctx, region); err != nil {
		return f, err
	}
	if f.EServiceUsers, err = s.store.EServiceUsers(ctx, region, from, to); err != nil {
		return f, err
	}
	if f.TopServices, err = s.store.TopServices(ctx, region, from, to, 10); err != nil {
		return f, err
	}
	fin, err := s.store.Finished(ctx, region, from, to)
	if err != nil {
		return f, err
	}
	f.Overall = rate("", fin)
	f.ByService = rateBy(fin, func(x Finished) string { return x.Service })
	f.ByDepartment = rateBy(fin, func(x Finished) string { return x.Department })
	f.MedianToComplete = medians(fin)
	return f, nil
}

func rate(key string, fin []Finished) Rating {
	r := Rating{Key: key, Recipients: len(fin)}
	sum := 0
	for _, x := range fin {
		if x.Score > 0 {
			r.Ratings++
			sum += x.Score
		}
	}
	if r.Ratings > 0 {
		r.Average = float64(sum) / float64(r.Ratings)
	}
	r.Representative = r.Recipients > 0 && 2*r.Ratings >= r.Recipients
	return r
}

func rateBy(fin []Finished, key func(Finished) string) []Rating {
	groups := map[string][]Finished{}
	for _, x := range fin {
		groups[key(x)] = append(groups[key(x)], x)
	}
	out := make([]Rating, 0, len(groups))
	for k, g := range groups {
		out = append(out, rate(k, g))
	}
	slices.SortFunc(out, func(a, b Rating) int { return b.Recipients - a.Recipients })
	return out
}

func medians(fin []Finished) []Median {
	by := map[string][]time.Duration{}
	for _, x := range fin {
		if x.Completed {
			by[x.Service] = append(by[x.Service], x.Ended.Sub(x.Submitted))
		}
	}
	out := make([]Median, 0, len(by))
	for svc, ds := range by {
		slices.Sort(ds)
		m := ds[len(ds)/2]
		if len(ds)%2 == 0 {
			m = (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
		}
		out = append(out, Median{Service: svc, Median: m, Count: len(ds)})
	}
	slices.SortFunc(out, func(a, b Median) int { return b.Count - a.Count })
	return out
}
