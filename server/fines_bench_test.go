package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uslugi/uslugi/agency"
	"github.com/uslugi/uslugi/agency/agencytest"
	"github.com/uslugi/uslugi/db/dbtest"
	"github.com/uslugi/uslugi/jobs/redistest"
)

// finesBenchQuery asks for every field of every fine.
const finesBenchQuery = `query Fines { fines(status: ALL) { fines { id uin decisionDate article description place photoRef
	document amountKopecks discountedAmountKopecks discountUntil amountDueKopecks status paidAt }
	checkedAt stale unavailableSources } }`

const (
	finesBenchClients = 50   // concurrent clients
	finesBenchFines   = 50   // fines of the citizen's three documents
	finesBenchScan    = 1000 // documents of each kind scanned for them
)

// BenchmarkFines serves the fines of a STANDARD citizen with a driver's
// licence, a vehicle certificate and a plate that have 50 fines between
// them, from a warm cache, to 50 concurrent clients over real HTTP. It
// reports the throughput and the latency percentiles; every answer must be
// the warm-up's, all 50 fines. The clock is stopped at a fixed moment, so
// the documents and their fines are the same on every run. Like the server
// binary, it runs with GOGC=400 unless GOGC is set.
//
//	go test ./server -run '^$' -bench Fines -benchtime 20000x
//	DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	REDIS_URL=redis://127.0.0.1:6379 go test ./server -run '^$' -bench Fines -benchtime 20000x
func BenchmarkFines(b *testing.B) {
	// As the server binary runs (main.go), unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	clock := agencytest.NewClock(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	docs := finesBenchDocuments(b, clock.Now, finesBenchFines)
	a := newFinesBenchApp(b, clock.Now)
	s := finesBenchCitizen(b, a, clock)
	for _, d := range docs {
		var p struct {
			Document   *struct{ Number string }
			UserErrors []userErr
		}
		finesBenchMutate(b, a, s.AccessToken, `mutation($in: AddLookupDocumentInput!) { addLookupDocument(input: $in) {
			document { number } userErrors { field code message } } }`,
			map[string]any{"in": map[string]any{"kind": string(d.Kind), "number": d.Number}}, &p)
		if p.Document == nil {
			b.Fatalf("adding %s %s: %+v", d.Kind, d.Number, p.UserErrors)
		}
	}

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = finesBenchClients // the default 2 would redial for 48 of the 50
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	body, _ := json.Marshal(map[string]any{"query": finesBenchQuery})
	var token atomic.Pointer[string]
	token.Store(&s.AccessToken)
	ask := func() ([]byte, error) {
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+*token.Load())
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		got, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d: %s", resp.StatusCode, got)
		}
		return got, err
	}

	// The first look asks GIBDD and fills the cache; the second is served
	// from it and is the answer every request must get.
	if _, err := ask(); err != nil {
		b.Fatal(err)
	}
	want, err := ask()
	if err != nil {
		b.Fatal(err)
	}
	if err := finesBenchCheck(want, docs); err != nil {
		b.Fatalf("the warm answer: %v", err)
	}

	// The clients take one request each from work; the loop hands them out.
	work := make(chan struct{})
	lat := make([][]time.Duration, finesBenchClients)
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for i := range lat {
		wg.Go(func() {
			for range work {
				began := time.Now()
				got, err := ask()
				took := time.Since(began)
				if err == nil && !bytes.Equal(got, want) {
					err = finesBenchCheck(got, docs)
					if err == nil {
						err = fmt.Errorf("an answer differs from the warm one:\n%s\nwant:\n%s", got, want)
					}
				}
				if err != nil {
					failed.CompareAndSwap(nil, &err)
					continue
				}
				lat[i] = append(lat[i], took)
			}
		})
	}
	began, issued := time.Now(), time.Now()
	for b.Loop() {
		if failed.Load() != nil {
			break
		}
		// Access tokens live 10 minutes (on the app's clock, stopped here,
		// but the benchmark should not depend on it).
		if time.Since(issued) > a.cfg.AccessTTL/2 {
			s = a.refreshSession(b, s)
			token.Store(&s.AccessToken)
			issued = time.Now()
		}
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(began)
	if err := failed.Load(); err != nil {
		b.Fatal(*err)
	}

	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(finesBenchPercentile(all, 0.50).Seconds()*1000, "p50-ms")
	b.ReportMetric(finesBenchPercentile(all, 0.99).Seconds()*1000, "p99-ms")
	b.ReportMetric(finesBenchFines, "fines/answer")
}

// finesBenchPercentile is the nearest-rank percentile q of sorted.
func finesBenchPercentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// finesBenchCheck says what is wrong with a fines answer: errors, another
// count than finesBenchFines, a fine of another document, a stale or
// incomplete list.
func finesBenchCheck(raw []byte, docs []agency.FineDocument) error {
	var r struct {
		Data struct {
			Fines struct {
				Fines []struct {
					UIN, Document string
					PhotoRef      *string
				}
				CheckedAt          *string
				Stale              bool
				UnavailableSources []string
			}
		}
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("not JSON: %v: %s", err, raw)
	}
	l := r.Data.Fines
	switch {
	case len(r.Errors) > 0:
		return fmt.Errorf("errors: %s", raw)
	case len(l.Fines) != finesBenchFines:
		return fmt.Errorf("%d fines, want %d", len(l.Fines), finesBenchFines)
	case l.Stale || l.CheckedAt == nil || len(l.UnavailableSources) > 0:
		return fmt.Errorf("not a fresh cached answer: stale %v, checked at %v, unavailable %v", l.Stale, l.CheckedAt, l.UnavailableSources)
	}
	for _, f := range l.Fines {
		if !slices.ContainsFunc(docs, func(d agency.FineDocument) bool { return d.Number == f.Document }) {
			return fmt.Errorf("fine %s of another document %s", f.UIN, f.Document)
		}
	}
	return nil
}

// finesBenchDocuments picks a driver's licence, a vehicle certificate and a
// plate that have want fines between them at now. The simulator gives a
// document about 12 fines in the two years it returns (one week in nine),
// so it scans the first documents of each kind FindFine tries for ones
// with more, and takes the most even combination that adds up (the same on
// every run).
func finesBenchDocuments(tb testing.TB, now func() time.Time, want int) []agency.FineDocument {
	tb.Helper()
	sim := agency.NewGIBDDSimulator(now, nil, agency.LookupOptions{})
	kinds := []agency.FineDocumentKind{agency.FineByDriverLicence, agency.FineByVehicleCertificate, agency.FineByPlate}
	byCount := make([]map[int]agency.FineDocument, len(kinds)) // the first document with so many fines
	for i, kind := range kinds {
		counts := map[agency.FineDocument]int{}
		var order []agency.FineDocument
		sim.FindFine(kind, func(f agency.Fine) bool {
			if counts[f.Document] == 0 {
				order = append(order, f.Document)
			}
			counts[f.Document]++
			// Stop at the first fine past the scan: the documents before
			// it are counted whole.
			return len(order) > finesBenchScan
		})
		byCount[i] = map[int]agency.FineDocument{}
		for _, d := range order[:min(len(order), finesBenchScan)] {
			if _, ok := byCount[i][counts[d]]; !ok {
				byCount[i][counts[d]] = d
			}
		}
	}
	var best []int // the fines of each, as even as can be
	for n0 := range byCount[0] {
		for n1 := range byCount[1] {
			n := []int{n0, n1, want - n0 - n1}
			if _, ok := byCount[2][n[2]]; !ok || n0 == 0 || n1 == 0 || n[2] == 0 {
				continue
			}
			if spread := slices.Max(n) - slices.Min(n); best == nil || spread < slices.Max(best)-slices.Min(best) ||
				spread == slices.Max(best)-slices.Min(best) && slices.Compare(n, best) < 0 {
				best = n
			}
		}
	}
	if best != nil {
		docs := []agency.FineDocument{byCount[0][best[0]], byCount[1][best[1]], byCount[2][best[2]]}
		tb.Logf("documents: %s %s (%d fines), %s %s (%d), %s %s (%d)", docs[0].Kind, docs[0].Number, best[0],
			docs[1].Kind, docs[1].Number, best[1], docs[2].Kind, docs[2].Number, best[2])
		return docs
	}
	tb.Fatalf("no licence, certificate and plate among the first %d of each have %d fines together", finesBenchScan, want)
	return nil
}

// newFinesBenchApp is newTestAppClock (role "all") for a benchmark, whose
// cleanups must run: newTestAppClock takes a *testing.T, and a bare
// testing.T would never drop the PostgreSQL schema nor free the Redis
// database it holds, and would swallow every failure.
func newFinesBenchApp(tb testing.TB, clock func() time.Time) *testApp {
	tb.Helper()
	ropt := redistest.New(tb)
	env := map[string]string{
		"DATABASE_URL": dbtest.DSN(tb),
		"REDIS_URL":    fmt.Sprintf("redis://%s/%d", ropt.Addr, ropt.DB),
		"LOG_LEVEL":    "warn",
	}
	cfg, err := LoadConfig("all", func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	cfg.DataDir = tb.TempDir()
	cfg.RelayInterval = 20 * time.Millisecond
	cfg.relayLookahead = -1
	cfg.RateAuth, cfg.RateMutations = 0, 0
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(finesBenchLog{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	app, err := newApp(context.Background(), cfg, log, clock)
	if err != nil {
		tb.Fatal(err)
	}
	if err := app.worker.start(context.Background()); err != nil {
		app.Close()
		tb.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	tb.Cleanup(func() {
		srv.Close()
		app.worker.stop()
		app.Close()
	})
	return &testApp{App: app, URL: srv.URL}
}

type finesBenchLog struct{ tb testing.TB }

func (w finesBenchLog) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// finesBenchCitizen registers a citizen by phone and walks his
// verification to STANDARD: confirmation_test.go's verified, for a
// testing.TB.
func finesBenchCitizen(tb testing.TB, a *testApp, clock *agencytest.Clock) authSession {
	tb.Helper()
	const phone = "+79123456789"
	var reg registerPayload
	finesBenchMutate(tb, a, "", registerMutation, map[string]any{"in": map[string]any{"lastName": "Иванов", "firstName": "Иван", "phone": phone}}, &reg)
	if reg.Registration == nil {
		tb.Fatalf("register: %+v", reg.UserErrors)
	}
	var code string
	finesBenchWait(tb, "the code", func() bool {
		var out struct{ Messages []struct{ Text string } }
		finesBenchGet(tb, a, "/dev/messages?to="+url.QueryEscape(phone), &out)
		for _, m := range out.Messages {
			if g := codeRe.FindStringSubmatch(m.Text); g != nil {
				code = g[1]
				return true
			}
		}
		return false
	})
	var conf struct {
		SetupToken *string
		UserErrors []userErr
	}
	finesBenchMutate(tb, a, "", confirmMutation, map[string]any{"in": map[string]any{"registrationId": reg.Registration.ID, "code": code}}, &conf)
	if conf.SetupToken == nil {
		tb.Fatalf("confirm: %+v", conf.UserErrors)
	}
	var auth authPayload
	finesBenchMutate(tb, a, "", setPasswordMutation, map[string]any{"in": map[string]any{"setupToken": *conf.SetupToken, "password": goodPassword, "passwordAgain": goodPassword}}, &auth)
	if auth.Session == nil {
		tb.Fatalf("setPassword: %+v", auth.UserErrors)
	}
	s := *auth.Session

	var p struct {
		Verification *struct{ ID string }
		UserErrors   []userErr
	}
	finesBenchMutate(tb, a, s.AccessToken, personalDataMutation, map[string]any{"in": personalInput("112233445", "123456")}, &p)
	if p.Verification == nil {
		tb.Fatalf("submit: %+v", p.UserErrors)
	}
	finesBenchWait(tb, "the checks to be sent", func() bool {
		var v struct{ Checks []struct{ State string } }
		finesBenchMutate(tb, a, s.AccessToken, `{ verification { checks { state } } }`, nil, &v)
		return len(v.Checks) == 2 && v.Checks[0].State == "PENDING" && v.Checks[1].State == "PENDING"
	})
	clock.Advance(3 * time.Minute)
	finesBenchWait(tb, "verification", func() bool {
		var v struct{ Status string }
		finesBenchMutate(tb, a, s.AccessToken, `{ verification { status } }`, nil, &v)
		return v.Status == "SUCCEEDED"
	})
	s = a.refreshSession(tb, s)
	if s.Account.Tier != "STANDARD" {
		tb.Fatalf("tier %s, want STANDARD", s.Account.Tier)
	}
	return s
}

// refreshSession is confirmation_test.go's refresh for a testing.TB.
func (a *testApp) refreshSession(tb testing.TB, s authSession) authSession {
	tb.Helper()
	var next authPayload
	finesBenchMutate(tb, a, "", refreshMutation, map[string]any{"in": map[string]any{"refreshToken": s.RefreshToken}}, &next)
	if next.Session == nil {
		tb.Fatalf("refresh: %+v", next.UserErrors)
	}
	return *next.Session
}

// finesBenchMutate sends a request with a bearer token (none if empty) and
// decodes its one top-level field into dest, failing on errors.
func finesBenchMutate(tb testing.TB, a *testApp, token, q string, vars map[string]any, dest any) {
	tb.Helper()
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r struct {
		Data   map[string]json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 || len(r.Data) != 1 {
		tb.Fatalf("%.60s: %d %s", q, resp.StatusCode, raw)
	}
	for _, v := range r.Data {
		if err := json.Unmarshal(v, dest); err != nil {
			tb.Fatal(err)
		}
	}
}

func finesBenchGet(tb testing.TB, a *testApp, path string, dest any) {
	tb.Helper()
	resp, err := http.Get(a.URL + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, dest); err != nil {
		tb.Fatalf("%s: %d %s", path, resp.StatusCode, raw)
	}
}

// finesBenchWait is waitFor for a testing.TB.
func finesBenchWait(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
