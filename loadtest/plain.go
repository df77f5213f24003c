package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// captured is one catalog request and the server's answer to it.
type captured struct {
	url         string // path and query, as sent
	body        []byte
	contentType string
}

// catalogRequests builds n catalog requests of the mix (the catalog's
// kinds in their shares) and captures the server's answer to each: the
// APQ exchange is done once here, so both targets then get the hash-only
// GET the apps send.
func catalogRequests(ctx context.Context, w *world, c *gqlClient, n int, seed uint64) ([]captured, error) {
	var kinds []kind
	total := 0
	for _, k := range mix {
		if k.group == "catalog" {
			kinds = append(kinds, k)
			total += k.weight
		}
	}
	var out []captured
	seen := map[string]bool{}
	rec := &recordingClient{}
	a := &actor{w: w, c: &gqlClient{http: &http.Client{Transport: rec}, endpoint: c.endpoint}, rnd: rand.New(rand.NewPCG(seed, 7))}
	for len(out) < n && ctx.Err() == nil {
		x := a.rnd.IntN(total)
		k := kinds[0].name
		for _, kk := range kinds {
			if x < kk.weight {
				k = kk.name
				break
			}
			x -= kk.weight
		}
		rec.urls = rec.urls[:0]
		a.act(ctx, k) // records the URL without sending it
		u := rec.urls[0]
		if seen[u] {
			continue
		}
		seen[u] = true
		// The full exchange once, so the server knows the hash.
		if o := c.do(ctx, http.MethodGet, u, nil, ""); o.code == "PERSISTED_QUERY_NOT_FOUND" {
			c.do(ctx, http.MethodGet, u+"&query="+url.QueryEscape(opFromURL(u).query), nil, "")
		}
		resp, err := c.http.Get(u)
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if code := errorCode(resp.StatusCode, b); code != "" {
			return nil, fmt.Errorf("capturing %s: %s: %.300s", u, code, b)
		}
		out = append(out, captured{url: u, body: b, contentType: resp.Header.Get("Content-Type")})
	}
	return out, ctx.Err()
}

// recordingClient is a transport that keeps the URL of each request and
// answers nothing: it turns an actor's choice into a URL.
type recordingClient struct{ urls []string }

func (r *recordingClient) RoundTrip(req *http.Request) (*http.Response, error) {
	r.urls = append(r.urls, req.URL.String())
	return nil, fmt.Errorf("recorded")
}

// opFromURL finds the operation a recorded URL asks for by its name.
func opFromURL(u string) operation {
	for _, op := range []operation{opFacets, opList, opPopular, opService} {
		if strings.Contains(u, "operationName="+op.name+"&") || strings.HasSuffix(u, "operationName="+op.name) {
			return op
		}
	}
	return opList
}

// plainServer serves the captured answers by their URL the way the
// cheapest possible endpoint would: find the bytes, write them.
func plainServer(reqs []captured) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	byQuery := make(map[string]captured, len(reqs))
	for _, r := range reqs {
		byQuery[r.url[strings.Index(r.url, "?")+1:]] = r
	}
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c, ok := byQuery[r.URL.RawQuery]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", c.contentType)
			_, _ = w.Write(c.body)
		}),
	}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// compareCommand loads the server and a plain net/http handler that
// returns the same bytes for the same catalog requests, with the same
// client and concurrency, and prints the ratio of their throughputs.
func compareCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer, log *slog.Logger) error {
	cfg, _, err := parseRunFlags("compare", args, getenv)
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
	reqs, err := catalogRequests(ctx, w, c, 2000, cfg.seed)
	if err != nil {
		return err
	}
	size := 0
	for _, r := range reqs {
		size += len(r.body)
	}
	addr, stop, err := plainServer(reqs)
	if err != nil {
		return err
	}
	defer stop()
	u, _ := loopbackURL(cfg.url)
	base := u.Scheme + "://" + u.Host
	plainBase := "http://" + addr
	fmt.Fprintf(out, "%d distinct catalog requests of the mix (GET, persisted-query hash only), answers %d bytes on average; %s per target after %s warm-up\n\n",
		len(reqs), size/len(reqs), cfg.step, cfg.warmup)
	fmt.Fprint(out, "| clients | Uslugi req/s | p50 / p99 ms | plain net/http req/s | p50 / p99 ms | ratio | load avg |\n|---|---|---|---|---|---|---|\n")
	var mu sync.Mutex
	for _, n := range cfg.steps {
		results := map[string]stepResult{}
		for _, t := range []struct{ name, base string }{{"uslugi", base}, {"plain", plainBase}} {
			send := func(ctx context.Context, a *actor, _ string) outcome {
				r := reqs[a.rnd.IntN(len(reqs))]
				o := a.c.do(ctx, http.MethodGet, t.base+r.url[strings.Index(r.url, "/graphql"):], nil, "")
				o.requests = 1
				return o
			}
			metrics := ""
			if t.name == "uslugi" {
				metrics = metricsURLOf(cfg.url)
			}
			r := runStep(ctx, w, c, []kind{{name: "catalog", weight: 1}}, n, cfg.warmup, cfg.step, cfg.seed, send, metrics)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			mu.Lock()
			results[t.name] = r
			mu.Unlock()
		}
		us, pl := results["uslugi"], results["plain"]
		fmt.Fprintf(out, "| %d | %.0f | %s / %s | %.0f | %s / %s | %.3f | %s |\n", n, us.rps(), ms(percentile(us.total.lat, 50)), ms(percentile(us.total.lat, 99)),
			pl.rps(), ms(percentile(pl.total.lat, 50)), ms(percentile(pl.total.lat, 99)), us.rps()/pl.rps(), us.loadavg)
		if us.total.errors()+pl.total.errors() > 0 {
			fmt.Fprintf(out, "  errors: uslugi %s, plain %s\n", topCodes(us.total.errs, 3), topCodes(pl.total.errs, 3))
		}
	}
	return nil
}
