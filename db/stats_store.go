package db

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/stats"
)

// StatsStore reads the figures of applications, accounts and ratings. It
// implements stats.Store.
type StatsStore struct{ db bun.IDB }

// NewStatsStore returns a store over db.
func NewStatsStore(db bun.IDB) *StatsStore { return &StatsStore{db: db} }

var _ stats.Store = (*StatsStore)(nil)

// submitted selects the applications submitted in the period, of citizens
// registered in region (all when empty).
func (s *StatsStore) submitted(region string, from, to time.Time) *bun.SelectQuery {
	q := s.db.NewSelect().TableExpr("applications AS ap").
		Where("ap.status <> 'DRAFT' AND ap.submitted_at >= ? AND ap.submitted_at < ?", from.UTC(), to.UTC())
	if region != "" {
		q.Join("JOIN personal_data AS pd ON pd.account_id = ap.account_id").Where("pd.region_code = ?", region)
	}
	return q
}

type keyCount struct {
	Key   string `bun:"k"`
	Count int    `bun:"n"`
}

func toMap(rows []keyCount) map[string]int {
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Key] = r.Count
	}
	return out
}

// ApplicationsByChannel implements stats.Store.
func (s *StatsStore) ApplicationsByChannel(ctx context.Context, region string, from, to time.Time) (map[string]int, error) {
	var rows []keyCount
	if err := s.submitted(region, from, to).ColumnExpr("ap.channel AS k, COUNT(*) AS n").GroupExpr("ap.channel").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("store: unable to count applications by channel: %w", err)
	}
	return toMap(rows), nil
}

// AccountsByTier implements stats.Store.
func (s *StatsStore) AccountsByTier(ctx context.Context, region string) (map[string]int, error) {
	var rows []keyCount
	q := s.db.NewSelect().TableExpr("accounts AS a").ColumnExpr("a.tier AS k, COUNT(*) AS n").GroupExpr("a.tier")
	if region != "" {
		q.Join("JOIN personal_data AS pd ON pd.account_id = a.id").Where("pd.region_code = ?", region)
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("store: unable to count accounts by tier: %w", err)
	}
	return toMap(rows), nil
}

// EServiceUsers implements stats.Store.
func (s *StatsStore) EServiceUsers(ctx context.Context, region string, from, to time.Time) (int, error) {
	var n int
	if err := s.submitted(region, from, to).ColumnExpr("COUNT(DISTINCT ap.account_id)").Where("ap.channel = 'PORTAL'").Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("store: unable to count e-service users: %w", err)
	}
	return n, nil
}

// TopServices implements stats.Store.
func (s *StatsStore) TopServices(ctx context.Context, region string, from, to time.Time, limit int) ([]stats.Count, error) {
	var rows []keyCount
	err := s.submitted(region, from, to).ColumnExpr("ap.service_code AS k, COUNT(*) AS n").GroupExpr("ap.service_code").
		OrderExpr("n DESC, k").Limit(int64(limit)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count services: %w", err)
	}
	out := make([]stats.Count, len(rows))
	for i, r := range rows {
		out[i] = stats.Count{Key: r.Key, Count: r.Count}
	}
	return out, nil
}

// Finished implements stats.Store: applications that ended in the period
// (a final application changes no more, so updated_at is when it ended).
func (s *StatsStore) Finished(ctx context.Context, region string, from, to time.Time) ([]stats.Finished, error) {
	var rows []struct {
		Service    string     `bun:"service_code"`
		Department string     `bun:"department_code"`
		Status     string     `bun:"status"`
		Submitted  *time.Time `bun:"submitted_at"`
		Ended      time.Time  `bun:"updated_at"`
		Score      *int       `bun:"score"`
	}
	q := s.db.NewSelect().TableExpr("applications AS ap").Join("LEFT JOIN ratings AS r ON r.application_id = ap.id").
		ColumnExpr("ap.service_code, ap.department_code, ap.status, ap.submitted_at, ap.updated_at, r.score").
		Where("ap.status IN ('COMPLETED', 'REJECTED') AND ap.updated_at >= ? AND ap.updated_at < ?", from.UTC(), to.UTC())
	if region != "" {
		q.Join("JOIN personal_data AS pd ON pd.account_id = ap.account_id").Where("pd.region_code = ?", region)
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("store: unable to read finished applications: %w", err)
	}
	out := make([]stats.Finished, len(rows))
	for i, r := range rows {
		out[i] = stats.Finished{Service: r.Service, Department: r.Department, Submitted: timeVal(r.Submitted), Ended: r.Ended.UTC(),
			Completed: r.Status == "COMPLETED"}
		if r.Score != nil {
			out[i].Score = *r.Score
		}
	}
	return out, nil
}
