package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/secret"
)

type runConfig struct {
	url      string
	dsn      string
	dataDir  string
	keys     string
	steps    []int
	step     time.Duration
	warmup   time.Duration
	timeout  time.Duration
	only     []string
	seed     uint64
	tokenTTL time.Duration
	perKind  bool
}

func parseRunFlags(name string, args []string, getenv func(string) string) (runConfig, *flag.FlagSet, error) {
	fs := flag.NewFlagSet("loadtest "+name, flag.ContinueOnError)
	cfg := runConfig{dsn: getenv("DATABASE_URL"), dataDir: getenv("DATA_DIR"), keys: getenv(secret.EnvVar)}
	if cfg.dataDir == "" {
		cfg.dataDir = "data"
	}
	steps := fs.String("c", "1,2,4,8,16,32,64,128", "concurrency of each step: clients sending one request after another")
	only := fs.String("only", "", "comma-separated kinds to send instead of the whole mix (e.g. catalog.search)")
	fs.StringVar(&cfg.url, "url", "http://127.0.0.1:8080/graphql", "the server's GraphQL endpoint (loopback only); /metrics is read beside it")
	fs.DurationVar(&cfg.step, "d", 15*time.Second, "measured time of each step")
	fs.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "unmeasured time at the start of each step")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "timeout of one request")
	fs.Uint64Var(&cfg.seed, "seed", 1, "random seed of the clients' choices")
	fs.DurationVar(&cfg.tokenTTL, "token-ttl", 2*time.Hour, "life of the access tokens the load mints")
	fs.BoolVar(&cfg.perKind, "per-kind", true, "print each step's figures per kind of request")
	if err := fs.Parse(args); err != nil {
		return cfg, fs, err
	}
	for _, s := range strings.Split(*steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			return cfg, fs, fmt.Errorf("-c: %q is not a concurrency from 1 to 1024", s)
		}
		cfg.steps = append(cfg.steps, n)
	}
	if *only != "" {
		for _, k := range strings.Split(*only, ",") {
			k = strings.TrimSpace(k)
			if !slices.ContainsFunc(mix, func(m kind) bool { return m.name == k }) {
				return cfg, fs, fmt.Errorf("-only: no kind %q", k)
			}
			cfg.only = append(cfg.only, k)
		}
	}
	if cfg.step <= 0 || cfg.step > 10*time.Minute || cfg.warmup < 0 {
		return cfg, fs, errors.New("-d must be above 0 and at most 10m, -warmup not negative")
	}
	if _, err := loopbackURL(cfg.url); err != nil {
		return cfg, fs, err
	}
	return cfg, fs, nil
}

// loadWorld reads the seeded citizens and the places from the database
// and the keys the server signs tokens with.
func loadWorld(ctx context.Context, cfg runConfig, log *slog.Logger) (*world, error) {
	if !strings.HasPrefix(cfg.dsn, "postgres") {
		return nil, errors.New("DATABASE_URL must name the load's PostgreSQL database (the seeded citizens are read from it)")
	}
	keys, generated, err := secret.LoadKeys(cfg.keys, cfg.dataDir, log)
	if err != nil {
		return nil, err
	}
	if generated {
		return nil, fmt.Errorf("no keys in SECRET_KEYS or %s/%s: give the server's, or the tokens will not verify", cfg.dataDir, secret.KeyFile)
	}
	bdb, err := db.Open(ctx, cfg.dsn)
	if err != nil {
		return nil, err
	}
	defer bdb.Close()
	var rows []struct {
		ID         string `bun:"id"`
		Phone      string `bun:"phone"`
		Tier       string `bun:"tier"`
		Method     string `bun:"method"`
		OKTMO      string `bun:"oktmo"`
		RegionCode string `bun:"region_code"`
		HasINN     bool   `bun:"has_inn"`
	}
	if err := bdb.NewSelect().TableExpr("accounts AS a").Join("LEFT JOIN personal_data AS pd ON pd.account_id = a.id").
		ColumnExpr("a.id, a.phone, a.tier, a.method, coalesce(pd.oktmo, '') AS oktmo, coalesce(pd.region_code, '') AS region_code, coalesce(pd.inn, '') <> '' AS has_inn").
		Where("a.phone LIKE ?", phonePrefix+"%").OrderExpr("a.phone").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("reading the seeded citizens: %w", err)
	}
	w := &world{keys: keys, tokenTTL: cfg.tokenTTL, tokens: map[string]string{}}
	for _, r := range rows {
		n, err := strconv.Atoi(strings.TrimPrefix(r.Phone, phonePrefix))
		if err != nil {
			continue
		}
		c := citizen{n: n, id: r.ID, session: seededID("session", n), tier: r.Tier, method: r.Method, oktmo: r.OKTMO, regionCode: r.RegionCode}
		if n == adminNumber {
			w.admin = c
			continue
		}
		w.all = append(w.all, c)
		if c.tier != "SIMPLIFIED" {
			w.standard = append(w.standard, c)
		}
		if c.tier != "SIMPLIFIED" && r.HasINN {
			w.withINN = append(w.withINN, c)
		}
	}
	if len(w.all) == 0 {
		return nil, errors.New("no seeded citizens: run `go run ./loadtest seed` first")
	}
	if err := bdb.NewSelect().TableExpr("regions").Column("code").OrderExpr("code").Scan(ctx, &w.regions); err != nil {
		return nil, fmt.Errorf("reading regions: %w", err)
	}
	if err := bdb.NewSelect().TableExpr("service_centres").Column("code").OrderExpr("code").Scan(ctx, &w.branches); err != nil {
		return nil, fmt.Errorf("reading service centres: %w", err)
	}
	return w, nil
}

// kindStats are one kind's figures in one step.
type kindStats struct {
	lat    []time.Duration // of answers without errors
	errs   map[string]int
	httpRq int
}

func (k *kindStats) add(o outcome, took time.Duration) {
	k.httpRq += o.requests
	if o.code == "" {
		k.lat = append(k.lat, took)
		return
	}
	if k.errs == nil {
		k.errs = map[string]int{}
	}
	k.errs[o.code]++
}

func (k *kindStats) merge(o *kindStats) {
	k.lat = append(k.lat, o.lat...)
	k.httpRq += o.httpRq
	for c, n := range o.errs {
		if k.errs == nil {
			k.errs = map[string]int{}
		}
		k.errs[c] += n
	}
}

func (k *kindStats) errors() int {
	n := 0
	for _, v := range k.errs {
		n += v
	}
	return n
}

// percentile is the nearest-rank p-th percentile of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// stepResult is one concurrency step.
type stepResult struct {
	clients  int
	elapsed  time.Duration
	total    kindStats
	kinds    map[string]*kindStats
	rss      float64 // bytes, the most seen during the step
	heap     float64
	loadavg  string
	requests int // HTTP requests, APQ retries included
}

func (s *stepResult) rps() float64 {
	return float64(len(s.total.lat)+s.total.errors()) / s.elapsed.Seconds()
}

// target is what a step sends requests to: the mix against the server, or
// the plain handler.
type target func(ctx context.Context, a *actor, k string) outcome

// runStep runs clients actors for warmup+d, counting only after warmup.
func runStep(ctx context.Context, w *world, c *gqlClient, kinds []kind, clients int, warmup, d time.Duration, seed uint64, send target, metricsURL string) stepResult {
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	var measuring atomic.Bool
	ctx, cancel := context.WithTimeout(ctx, warmup+d)
	defer cancel()
	res := stepResult{clients: clients, kinds: map[string]*kindStats{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			a := &actor{w: w, c: c, rnd: rand.New(rand.NewPCG(seed, uint64(clients)<<32|uint64(i)))}
			mine := map[string]*kindStats{}
			for ctx.Err() == nil {
				x := a.rnd.IntN(total)
				k := kinds[0].name
				for _, kk := range kinds {
					if x < kk.weight {
						k = kk.name
						break
					}
					x -= kk.weight
				}
				began := time.Now()
				o := send(ctx, a, k)
				took := time.Since(began)
				if ctx.Err() != nil || !measuring.Load() {
					continue // cut off by the end, or before measuring began
				}
				st := mine[k]
				if st == nil {
					st = &kindStats{}
					mine[k] = st
				}
				st.add(o, took)
			}
			mu.Lock()
			for k, st := range mine {
				if res.kinds[k] == nil {
					res.kinds[k] = &kindStats{}
				}
				res.kinds[k].merge(st)
			}
			mu.Unlock()
		})
	}
	select {
	case <-time.After(warmup):
	case <-ctx.Done():
	}
	measuring.Store(true)
	began := time.Now()
	// The server's memory, once a second; the step keeps the most seen.
	done := make(chan struct{})
	var mwg sync.WaitGroup
	if metricsURL != "" {
		mwg.Go(func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				if rss, heap, err := readMemory(c.http, metricsURL); err == nil {
					res.rss, res.heap = max(res.rss, rss), max(res.heap, heap)
				}
				select {
				case <-done:
					return
				case <-t.C:
				}
			}
		})
	}
	wg.Wait()
	close(done)
	mwg.Wait()
	res.elapsed = time.Since(began)
	res.loadavg = loadAverage()
	for _, st := range res.kinds {
		res.total.merge(st)
		slices.Sort(st.lat)
	}
	slices.Sort(res.total.lat)
	res.requests = res.total.httpRq
	return res
}

// readMemory reads the server's resident memory and in-use heap from its
// Prometheus metrics.
func readMemory(c *http.Client, metricsURL string) (rss, heap float64, err error) {
	resp, err := c.Get(metricsURL)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		for name, dst := range map[string]*float64{"process_resident_memory_bytes ": &rss, "go_memstats_heap_inuse_bytes ": &heap} {
			if v, ok := strings.CutPrefix(line, name); ok {
				*dst, _ = strconv.ParseFloat(strings.TrimSpace(v), 64)
			}
		}
	}
	return rss, heap, sc.Err()
}

// loadAverage is the machine's one-minute load average (Linux), the
// context of every figure on shared cores.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

func mib(b float64) string { return strconv.FormatFloat(b/(1<<20), 'f', 0, 64) }

// topCodes names the commonest error codes, most first.
func topCodes(errs map[string]int, n int) string {
	codes := slices.Collect(maps.Keys(errs))
	slices.SortFunc(codes, func(a, b string) int { return errs[b] - errs[a] })
	var parts []string
	for _, c := range codes[:min(n, len(codes))] {
		parts = append(parts, fmt.Sprintf("%s×%d", c, errs[c]))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

func printStep(out io.Writer, r stepResult) {
	fmt.Fprintf(out, "| %d | %.0f | %s | %s | %s | %d | %s | %s | %s | %s |\n", r.clients, r.rps(),
		ms(percentile(r.total.lat, 50)), ms(percentile(r.total.lat, 95)), ms(percentile(r.total.lat, 99)),
		r.total.errors(), topCodes(r.total.errs, 3), mib(r.rss), mib(r.heap), r.loadavg)
}

const stepHeader = "| clients | req/s | p50 ms | p95 ms | p99 ms | errors | top codes | RSS MiB | heap in use MiB | load avg |\n|---|---|---|---|---|---|---|---|---|---|\n"

func printKinds(out io.Writer, r stepResult) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  kind\tn\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\t")
	names := slices.Sorted(maps.Keys(r.kinds))
	for _, k := range names {
		st := r.kinds[k]
		n := len(st.lat) + st.errors()
		fmt.Fprintf(tw, "  %s\t%d\t%.0f\t%s\t%s\t%s\t%s\t\n", k, n, float64(n)/r.elapsed.Seconds(),
			ms(percentile(st.lat, 50)), ms(percentile(st.lat, 95)), ms(percentile(st.lat, 99)), topCodes(st.errs, 2))
	}
	_ = tw.Flush()
}

// knee is the step past which more clients stop buying throughput and
// only queue: the one with the most throughput per unit of latency
// (Kleinrock's power, req/s divided by the mean latency). saturation is
// the first step within 10% of the best throughput.
func knee(steps []stepResult) (knee, saturation stepResult, best float64) {
	power := -1.0
	for _, s := range steps {
		best = max(best, s.rps())
		if p := s.rps() / max(mean(s.total.lat).Seconds(), 1e-6); p > power {
			knee, power = s, p
		}
	}
	saturation = steps[len(steps)-1]
	for _, s := range steps {
		if s.rps() >= 0.9*best {
			saturation = s
			break
		}
	}
	return knee, saturation, best
}

func mean(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return sum / time.Duration(len(d))
}

func metricsURLOf(endpoint string) string {
	u, err := loopbackURL(endpoint)
	if err != nil {
		return ""
	}
	u.Path, u.RawQuery = "/metrics", ""
	return u.String()
}

func runCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer, log *slog.Logger) error {
	cfg, _, err := parseRunFlags("run", args, getenv)
	if err != nil {
		return err
	}
	w, err := loadWorld(ctx, cfg, log)
	if err != nil {
		return err
	}
	c := &gqlClient{http: newHTTPClient(slices.Max(cfg.steps)+4, cfg.timeout), endpoint: cfg.url}
	if err := w.discover(ctx, c); err != nil {
		return err
	}
	kinds := mix
	if len(cfg.only) > 0 {
		kinds = nil
		for _, k := range mix {
			if slices.Contains(cfg.only, k.name) {
				kinds = append(kinds, k)
			}
		}
	}
	var names []string
	for _, k := range kinds {
		names = append(names, fmt.Sprintf("%s %.1f%%", k.name, float64(k.weight)/10))
	}
	fmt.Fprintf(out, "%s: %d citizens (%d standard or confirmed, %d voters in %d open hearings), %d service ids; %s per step after %s warm-up\n",
		cfg.url, len(w.all), len(w.standard), len(w.voters), len(w.hearings), len(w.serviceIDs), cfg.step, cfg.warmup)
	fmt.Fprintf(out, "mix: %s\n\n", strings.Join(names, ", "))
	var steps []stepResult
	send := func(ctx context.Context, a *actor, k string) outcome { return a.act(ctx, k) }
	for _, n := range cfg.steps {
		r := runStep(ctx, w, c, kinds, n, cfg.warmup, cfg.step, cfg.seed, send, metricsURLOf(cfg.url))
		if ctx.Err() != nil {
			return ctx.Err()
		}
		steps = append(steps, r)
		if cfg.perKind {
			fmt.Fprintf(out, "step %d clients:\n", n)
			printKinds(out, r)
		}
		fmt.Fprint(out, stepHeader)
		printStep(out, r)
		fmt.Fprintln(out)
	}
	fmt.Fprintf(out, "all steps:\n%s", stepHeader)
	for _, r := range steps {
		printStep(out, r)
	}
	k, sat, best := knee(steps)
	fmt.Fprintf(out, "\nknee (most req/s per ms of mean latency): %d clients, %.0f req/s, p50 %s ms, p99 %s ms\n",
		k.clients, k.rps(), ms(percentile(k.total.lat, 50)), ms(percentile(k.total.lat, 99)))
	fmt.Fprintf(out, "saturation (first step within 10%% of the best %.0f req/s): %d clients, p99 %s ms\n",
		best, sat.clients, ms(percentile(sat.total.lat, 99)))
	return nil
}
