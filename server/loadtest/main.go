// Command loadtest measures the GraphQL API under concurrent load and
// compares it with a plain net/http handler that returns the same bytes, so
// the figures say how much the API itself costs over bare HTTP on the same
// machine and client.
//
//	go run ./server/loadtest -url http://127.0.0.1:8080/graphql -scenario search
//
// It only ever sends load to loopback addresses (127.0.0.0/8, ::1,
// localhost), is bounded by -n requests and -d time, and stops by itself.
// Client and server share the machine's cores, so the figures are a
// comparison, not a capacity plan.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

// Bounds on what a run may ask for.
const (
	maxRequests = 1_000_000
	maxDuration = 2 * time.Minute
	maxWorkers  = 1024
)

// scenarios are the named queries; each is what a citizen's app sends often.
var scenarios = map[string]string{
	// Full-text search in a region, with the fields a result card shows.
	"search": `{ services(filter:{query:"штрафы", regionCode:"77"}, first:20){ totalCount edges{ node{ id name department{name} categories{name} availability(regionCode:"77"){available} } } } }`,
	// The region's catalogue page, no search.
	"list": `{ services(filter:{regionCode:"77"}, first:20){ totalCount edges{ node{ id name department{name} categories{name} availability(regionCode:"77"){available} } } } }`,
	// The home page's most used services.
	"popular": `{ popularServices(regionCode:"77", first:10){ id name department{name} categories{name} } }`,
	// One service's page by its global id (looked up once before the run).
	"node": `query Node($id: ID!){ node(id:$id){ id ... on Service { name description department{name} categories{name} availability(regionCode:"77"){available reason conditions} } } }`,
}

// nodeIDQuery finds the id the node scenario asks for.
const nodeIDQuery = `{ services(filter:{query:"штрафы"}, first:1){ edges{ node{ id } } } }`

type config struct {
	url      *url.URL
	workers  int
	requests int
	duration time.Duration
	warmup   int
	timeout  time.Duration
	scenario string
	query    string
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	rawURL := fs.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint (loopback only)")
	var cfg config
	fs.IntVar(&cfg.workers, "c", 32, "concurrent clients")
	fs.IntVar(&cfg.requests, "n", 20000, "requests per target, at most (bounded by -d too)")
	fs.DurationVar(&cfg.duration, "d", 20*time.Second, "time per target, at most (bounded by -n too; up to "+maxDuration.String()+")")
	fs.IntVar(&cfg.warmup, "warmup", 200, "unmeasured requests before each run")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "timeout of one request")
	fs.StringVar(&cfg.scenario, "scenario", "search", "named query: "+strings.Join(scenarioNames(), ", "))
	fs.StringVar(&cfg.query, "query", "", "GraphQL query to send instead of the scenario's")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	u, err := loopbackURL(*rawURL)
	if err != nil {
		return config{}, err
	}
	cfg.url = u
	switch {
	case cfg.workers < 1 || cfg.workers > maxWorkers:
		return config{}, fmt.Errorf("-c must be from 1 to %d", maxWorkers)
	case cfg.requests < 1 || cfg.requests > maxRequests:
		return config{}, fmt.Errorf("-n must be from 1 to %d", maxRequests)
	case cfg.duration <= 0 || cfg.duration > maxDuration:
		return config{}, fmt.Errorf("-d must be above 0 and at most %s", maxDuration)
	case cfg.warmup < 0 || cfg.warmup > cfg.requests:
		return config{}, fmt.Errorf("-warmup must be from 0 to -n")
	case cfg.timeout <= 0 || cfg.timeout > maxDuration:
		return config{}, fmt.Errorf("-timeout must be above 0 and at most %s", maxDuration)
	}
	if cfg.query == "" {
		if _, ok := scenarios[cfg.scenario]; !ok {
			return config{}, fmt.Errorf("unknown -scenario %q: pick one of %s", cfg.scenario, strings.Join(scenarioNames(), ", "))
		}
	} else {
		cfg.scenario = "custom"
	}
	return cfg, nil
}

func scenarioNames() []string {
	names := make([]string, 0, len(scenarios))
	for n := range scenarios {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// loopbackURL parses raw and refuses any host that is not a loopback
// address or localhost: load goes nowhere else.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("-url must be http:// or https://, not %q", u.Scheme)
	}
	if u.User != nil {
		return nil, errors.New("-url must not carry credentials")
	}
	host := u.Hostname()
	if !isLoopbackHost(host) {
		return nil, fmt.Errorf("-url host %q is not loopback: load is only allowed on 127.0.0.0/8, ::1 or localhost", host)
	}
	return u, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if strings.Contains(host, "%") { // a zone: fe80::1%lo is link-local, not loopback
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newClient returns a client tuned for workers concurrent connections to one
// host, which refuses to connect anywhere but loopback (localhost resolving
// elsewhere, or a redirect, cannot send load away).
func newClient(workers int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("refusing to connect to non-loopback %s", address)
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			MaxIdleConns:        workers,
			MaxIdleConnsPerHost: workers,
			MaxConnsPerHost:     workers,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true, // the same raw bytes from both targets
			ForceAttemptHTTP2:   false,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// result is one run's measurements.
type result struct {
	name      string
	ok        int
	errors    int
	elapsed   time.Duration
	latencies []time.Duration // of successful requests, sorted
	firstErr  string
}

func (r result) rps() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.ok) / r.elapsed.Seconds()
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted, or 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// request is what every worker sends.
type request struct {
	url  string
	body []byte
}

func (q request) do(ctx context.Context, c *http.Client, buf *bytes.Buffer) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, q.url, bytes.NewReader(q.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return resp.StatusCode, err
	}
	return resp.StatusCode, nil
}

// check reports what is wrong with a response, or nil.
func check(status int, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", status, body)
	}
	if bytes.Contains(body, []byte(`"errors"`)) {
		return fmt.Errorf("GraphQL errors: %.300s", body)
	}
	return nil
}

// load sends up to n requests from workers goroutines for at most d, after
// warmup unmeasured ones.
func load(name string, c *http.Client, q request, workers, n, warmup int, d time.Duration) result {
	if warmup > 0 {
		_ = pound(c, q, min(workers, warmup), warmup, d)
	}
	r := pound(c, q, workers, n, d)
	r.name = name
	return r
}

func pound(c *http.Client, q request, workers, n int, d time.Duration) result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var (
		next     atomic.Int64
		mu       sync.Mutex
		res      result
		wg       sync.WaitGroup
		firstErr atomic.Pointer[string]
	)
	start := time.Now()
	for range workers {
		wg.Go(func() {
			var lat []time.Duration
			errs := 0
			buf := new(bytes.Buffer)
			for next.Add(1) <= int64(n) && ctx.Err() == nil {
				t0 := time.Now()
				status, err := q.do(ctx, c, buf)
				took := time.Since(t0)
				if ctx.Err() != nil {
					break // cut off by the deadline: neither a success nor a failure
				}
				if err == nil {
					err = check(status, buf.Bytes())
				}
				if err != nil {
					errs++
					msg := err.Error()
					firstErr.CompareAndSwap(nil, &msg)
					continue
				}
				lat = append(lat, took)
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.errors += errs
			mu.Unlock()
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.ok = len(res.latencies)
	slices.Sort(res.latencies)
	if p := firstErr.Load(); p != nil {
		res.firstErr = *p
	}
	return res
}

// plainServer serves body on 127.0.0.1:0 the way the cheapest possible
// GraphQL endpoint would: read the request, write the bytes.
func plainServer(body []byte, contentType string) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	length := fmt.Sprint(len(body))
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", contentType)
			w.Header().Set("Content-Length", length)
			_, _ = w.Write(body)
		}),
	}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// requestBody builds the POST body of the run, looking up the node id first
// for the node scenario.
func requestBody(ctx context.Context, c *http.Client, cfg config) ([]byte, error) {
	if cfg.query != "" {
		return json.Marshal(map[string]any{"query": cfg.query})
	}
	vars := map[string]any{}
	if cfg.scenario == "node" {
		var resp struct {
			Data struct {
				Services struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		if err := fetchJSON(ctx, c, cfg.url.String(), nodeIDQuery, &resp); err != nil {
			return nil, fmt.Errorf("looking up a service id: %w", err)
		}
		if len(resp.Data.Services.Edges) == 0 {
			return nil, errors.New("looking up a service id: no service found")
		}
		vars["id"] = resp.Data.Services.Edges[0].Node.ID
	}
	return json.Marshal(map[string]any{"query": scenarios[cfg.scenario], "variables": vars})
}

func fetchJSON(ctx context.Context, c *http.Client, u, query string, v any) error {
	body, _ := json.Marshal(map[string]any{"query": query})
	buf := new(bytes.Buffer)
	status, err := request{url: u, body: body}.do(ctx, c, buf)
	if err != nil {
		return err
	}
	if err := check(status, buf.Bytes()); err != nil {
		return err
	}
	return json.Unmarshal(buf.Bytes(), v)
}

func run(cfg config, out io.Writer) error {
	client := newClient(cfg.workers, cfg.timeout)
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	body, err := requestBody(ctx, client, cfg)
	if err != nil {
		return err
	}
	q := request{url: cfg.url.String(), body: body}

	// The response once, both to check it and to serve it plainly.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, q.url, bytes.NewReader(q.body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("first request: %w", err)
	}
	sample, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("first request: %w", err)
	}
	if err := check(resp.StatusCode, sample); err != nil {
		return fmt.Errorf("first request: %w", err)
	}
	contentType := resp.Header.Get("Content-Type")

	fmt.Fprintf(out, "scenario %s: %d clients, up to %d requests or %s per target, %d warm-up; response %d bytes\n",
		cfg.scenario, cfg.workers, cfg.requests, cfg.duration, cfg.warmup, len(sample))
	fmt.Fprintf(out, "client and targets share this machine: %d CPUs, GOMAXPROCS %d\n", runtime.NumCPU(), runtime.GOMAXPROCS(0))

	api := load("uslugi", client, q, cfg.workers, cfg.requests, cfg.warmup, cfg.duration)

	addr, stop, err := plainServer(sample, contentType)
	if err != nil {
		return fmt.Errorf("plain handler: %w", err)
	}
	plain := load("plain net/http", client, request{url: "http://" + addr + cfg.url.Path, body: body},
		cfg.workers, cfg.requests, cfg.warmup, cfg.duration)
	stop()

	printTable(out, cfg.url.String(), api, plain)
	if api.firstErr != "" {
		fmt.Fprintf(out, "first uslugi error: %s\n", api.firstErr)
	}
	if plain.firstErr != "" {
		fmt.Fprintf(out, "first plain error: %s\n", plain.firstErr)
	}
	return nil
}

func printTable(out io.Writer, target string, api, plain result) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\tok\terrors\tseconds\treq/s\tp50\tp90\tp99\tmax\t")
	for _, r := range []result{api, plain} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.0f\t%s\t%s\t%s\t%s\t\n", r.name, r.ok, r.errors, r.elapsed.Seconds(), r.rps(),
			ms(percentile(r.latencies, 50)), ms(percentile(r.latencies, 90)), ms(percentile(r.latencies, 99)), ms(percentile(r.latencies, 100)))
	}
	_ = tw.Flush()
	fmt.Fprintf(out, "uslugi/plain: throughput %s, p50 %s, p99 %s  (%s)\n",
		ratio(api.rps(), plain.rps()),
		ratio(float64(percentile(api.latencies, 50)), float64(percentile(plain.latencies, 50))),
		ratio(float64(percentile(api.latencies, 99)), float64(percentile(plain.latencies, 99))),
		target)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}

func ratio(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3gx", a/b)
}
