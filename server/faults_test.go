//go:build faults

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// TestFaults runs the server as real processes on private PostgreSQL and
// Redis instances and breaks them the ways production breaks: a worker
// killed mid-job, Redis gone for 30 seconds, PostgreSQL restarted, and two
// API processes with two workers sharing one database and Redis. Each
// scenario checks what a citizen would notice and logs its figures.
//
//	go test -tags faults -count=1 -run Fault -v ./server
func TestFaults(t *testing.T) {
	env := newFaultEnv(t)
	// The killed worker's jobs come back only when asynq's lease on them
	// has expired, a minute later: the other scenarios run meanwhile, one
	// after another, each on its own PostgreSQL and Redis.
	t.Run("worker killed with SIGKILL mid-jobs", func(t *testing.T) {
		t.Parallel()
		faultWorkerKilled(t, env)
	})
	t.Run("meanwhile", func(t *testing.T) {
		t.Parallel()
		t.Run("Redis stopped for 30 seconds under load", func(t *testing.T) { faultRedisAway(t, env, redisStopped) })
		t.Run("Redis hung (SIGSTOP) for 20 seconds under load", func(t *testing.T) { faultRedisAway(t, env, redisHung) })
		t.Run("PostgreSQL restarted under load", func(t *testing.T) { faultPostgresRestarted(t, env) })
		t.Run("two API processes and two workers", func(t *testing.T) { faultTwoAPIsTwoWorkers(t, env) })
	})
}

// awaitNext waits up to within for a "next" message of subscription id.
func awaitNext(t *testing.T, ws *wsClient, id string, within time.Duration) wsMessage {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case m, ok := <-ws.in:
			if !ok {
				t.Fatalf("the socket closed waiting for %s", id)
			}
			if m.ID == id && m.Type == "next" {
				return m
			}
		case <-deadline:
			t.Fatalf("no message on %s within %s", id, within)
		}
	}
}

// baseEnv is what every process of a scenario shares.
func baseEnv(pg *pgServer, rd *redisServer) map[string]string {
	return map[string]string{
		"DATABASE_URL": pg.url(),
		"REDIS_URL":    rd.url(),
		// Verification answers at once (found by the first poll, 10 s
		// later) instead of the simulators' default two minutes.
		"AGENCY_CHECK_LATENCY":  "0s",
		"OUTBOX_RELAY_INTERVAL": "200ms",
		// compose.yaml's shape: the schema was migrated by its own step.
		"MIGRATE_ON_START": "false",
	}
}

func with(base map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(base)+len(kv)/2)
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// verificationStatus is the citizen's latest verification's status.
func (c *faultClient) verificationStatus(ctx context.Context, api, token string) (string, error) {
	r, err := c.gql(ctx, api, token, `{ verification { status } }`, nil)
	if err != nil {
		return "", err
	}
	if len(r.Errors) > 0 {
		return "", fmt.Errorf("%s: %s", r.code(0), r.Errors[0].Message)
	}
	var d struct{ Verification *struct{ Status string } }
	if err := json.Unmarshal(r.Data, &d); err != nil {
		return "", err
	}
	if d.Verification == nil {
		return "", nil
	}
	return d.Verification.Status, nil
}

// faultWorkerKilled: 150 citizens register and submit their personal data
// through the API; the worker is killed with SIGKILL while their jobs run
// (codes by SMS, the SFR and MVD checks, polls, feed notifications, pushes,
// SMS of the notifications: over 1,000 jobs). A new worker finishes every
// one, and each citizen's feed holds his "personal data verified" once.
//
// Why citizens walked through the whole flow rather than one officer
// action notifying many: it makes verification jobs (which call outside
// agencies and reschedule themselves) and notification jobs at once, each
// with a result the citizen sees, and registering 150 citizens takes
// seconds (7 jobs each: 1,050).
func faultWorkerKilled(t *testing.T, env *faultEnv) {
	const citizens = 150
	pg, rd := env.startPostgres(t), env.startRedis(t)
	base := baseEnv(pg, rd)
	api := env.startServer(t, "api", "api", base)
	worker := env.startServer(t, "worker-1", "worker", base)
	c := newFaultClient()
	ctx := context.Background()
	store := pg.open()

	start := time.Now()
	sessions := make([]authSession, citizens)
	// Most of a registration is waiting for the SMS job: many at once.
	if err := inParallel(citizens, 24, func(i int) error {
		s, err := c.registerPhone(ctx, api.url, worker.url, phoneFor("551", i))
		sessions[i] = s
		return err
	}); err != nil {
		t.Fatalf("registration: %v", err)
	}
	t.Logf("%d citizens registered through the API in %s", citizens, time.Since(start).Round(time.Millisecond))

	_, doneBefore, err := outboxCounts(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	submitted := time.Now()
	if err := inParallel(citizens, 8, func(i int) error {
		return c.submitPersonalData(ctx, api.url, sessions[i].AccessToken, i)
	}); err != nil {
		t.Fatalf("personal data: %v", err)
	}
	// Kill while the polls that find the answers (due 10 s after each
	// submission) and the notifications they write are running: once the
	// checks are sent and a quarter of the polls are done.
	inspector := asynq.NewInspector(asynq.RedisClientOpt{Addr: rd.addr()})
	defer inspector.Close()
	eventually(t, "the polls to start", 60*time.Second, 20*time.Millisecond, func() bool {
		_, done, err := outboxCounts(ctx, store)
		return err == nil && done >= doneBefore+2*citizens+citizens/4
	})
	active := activeTasks(inspector)
	worker.kill()
	total, doneAtKill, err := outboxCounts(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("worker killed with SIGKILL %s after the submissions: %d jobs running, %d of %d outbox jobs done (%d since the submissions)",
		time.Since(submitted).Round(time.Millisecond), active, doneAtKill, total, doneAtKill-doneBefore)
	if doneAtKill == total {
		t.Fatal("every job was done before the kill: the scenario tested nothing")
	}

	time.Sleep(2 * time.Second)
	restarted := time.Now()
	worker2 := env.startServer(t, "worker-2", "worker", base)
	_ = worker2
	took := eventually(t, "every outbox job done after the restart", 150*time.Second, 500*time.Millisecond, func() bool {
		total, done, err := outboxCounts(ctx, store)
		return err == nil && done == total && total > doneAtKill
	})
	total, _, _ = outboxCounts(ctx, store)
	t.Logf("after a new worker started: all %d jobs done in %s", total, took.Round(time.Millisecond))
	if total < 1000 {
		t.Errorf("only %d jobs ran, want at least 1,000", total)
	}
	if archived := archivedTasks(inspector); archived > 0 {
		t.Errorf("%d tasks were archived (given up)", archived)
	}
	var byType []struct {
		Type string
		N    int
	}
	if err := store.NewRaw("SELECT type, count(*) AS n FROM outbox GROUP BY type ORDER BY type").Scan(ctx, &byType); err == nil {
		parts := make([]string, 0, len(byType))
		for _, r := range byType {
			parts = append(parts, fmt.Sprintf("%s %d", r.Type, r.N))
		}
		t.Logf("jobs by type: %s", strings.Join(parts, ", "))
	}

	// What each citizen sees: verified, and the notification once.
	var mu sync.Mutex
	wrong := []string{}
	if err := inParallel(citizens, 8, func(i int) error {
		st, err := c.verificationStatus(ctx, api.url, sessions[i].AccessToken)
		if err != nil {
			return err
		}
		kinds, err := c.feedKinds(ctx, api.url, sessions[i].AccessToken)
		if err != nil {
			return err
		}
		n := 0
		for _, k := range kinds {
			if k == "VERIFICATION_SUCCEEDED" {
				n++
			}
		}
		if st != "SUCCEEDED" || n != 1 {
			mu.Lock()
			wrong = append(wrong, fmt.Sprintf("citizen %d: verification %s, feed %v", i, st, kinds))
			mu.Unlock()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(wrong) > 0 {
		t.Errorf("%d of %d citizens did not see their verification once, e.g. %s", len(wrong), citizens, wrong[0])
	}
	t.Logf("%d citizens verified, each with exactly one VERIFICATION_SUCCEEDED in the feed; %s from the restart to the last job",
		citizens-len(wrong), time.Since(restarted).Round(time.Millisecond))
}

// activeTasks counts the tasks running now, over every queue.
func activeTasks(in *asynq.Inspector) int {
	n := 0
	qs, _ := in.Queues()
	for _, q := range qs {
		if info, err := in.GetQueueInfo(q); err == nil {
			n += info.Active
		}
	}
	return n
}

// archivedTasks counts the tasks asynq gave up on.
func archivedTasks(in *asynq.Inspector) int {
	n := 0
	qs, _ := in.Queues()
	for _, q := range qs {
		if info, err := in.GetQueueInfo(q); err == nil {
			n += info.Archived
		}
	}
	return n
}

// loadRecorder counts outcomes of load requests per phase of a scenario.
type loadRecorder struct {
	mu    sync.Mutex
	phase string
	by    map[string]map[string]int // phase/kind → outcome ("ok", a code, "transport") → count
	eg    map[string]string         // outcome → an example message
	took  map[string][]time.Duration
}

func newLoadRecorder(phase string) *loadRecorder {
	return &loadRecorder{phase: phase, by: map[string]map[string]int{}, eg: map[string]string{}, took: map[string][]time.Duration{}}
}

func (l *loadRecorder) setPhase(p string) {
	l.mu.Lock()
	l.phase = p
	l.mu.Unlock()
}

// record classifies one request's outcome; one cut short by the end of
// the load (ctx) is not counted.
func (l *loadRecorder) record(ctx context.Context, kind string, start time.Time, r *gqlResponse, err error) {
	if ctx.Err() != nil {
		return
	}
	took := time.Since(start)
	outcome, msg := "ok", ""
	switch {
	case err != nil:
		outcome, msg = "transport", err.Error()
	case len(r.Errors) > 0:
		outcome, msg = r.code(0), r.Errors[0].Message
		if outcome == "" {
			outcome = "no code"
		}
	case r.status != http.StatusOK:
		outcome = "HTTP " + strconv.Itoa(r.status)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	key := l.phase + "/" + kind
	if l.by[key] == nil {
		l.by[key] = map[string]int{}
	}
	l.by[key][outcome]++
	l.took[key] = append(l.took[key], took)
	if msg != "" && l.eg[outcome] == "" {
		l.eg[outcome] = msg
	}
}

// counts returns a copy of phase/kind's outcomes.
func (l *loadRecorder) counts(phase, kind string) map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for k, v := range l.by[phase+"/"+kind] {
		out[k] = v
	}
	return out
}

// latency is phase/kind's median and slowest request.
func (l *loadRecorder) latency(phase, kind string) string {
	l.mu.Lock()
	d := append([]time.Duration(nil), l.took[phase+"/"+kind]...)
	l.mu.Unlock()
	if len(d) == 0 {
		return "-"
	}
	slices.Sort(d)
	return fmt.Sprintf("p50 %s, p99 %s, max %s", d[len(d)/2].Round(100*time.Microsecond),
		d[len(d)*99/100].Round(100*time.Microsecond), d[len(d)-1].Round(100*time.Microsecond))
}

// slowest is phase/kind's slowest request.
func (l *loadRecorder) slowest(phase, kind string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var most time.Duration
	for _, d := range l.took[phase+"/"+kind] {
		most = max(most, d)
	}
	return most
}

func (l *loadRecorder) example(outcome string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.eg[outcome]
}

// loop runs f on n goroutines until ctx ends, pausing between calls.
func loop(ctx context.Context, wg *sync.WaitGroup, n int, pause time.Duration, f func(ctx context.Context, worker, i int)) {
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				f(ctx, w, i)
				select {
				case <-ctx.Done():
				case <-time.After(pause):
				}
			}
		}(w)
	}
}

const catalogQuery = `query Search($q: String!) { services(filter: {query: $q, regionCode: "16"}, first: 5) { totalCount edges { node { id name } } } }`

// apqRead asks like a mobile app: the hash alone first, the query with it
// when the server does not know the hash.
func (c *faultClient) apqRead(ctx context.Context, api, q string) (*gqlResponse, error) {
	vars := map[string]any{"q": q}
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha256Hex(catalogQuery)}}
	r, err := c.gqlBody(ctx, api, "", map[string]any{"variables": vars, "extensions": ext})
	if err != nil || r.code(0) != "PERSISTED_QUERY_NOT_FOUND" {
		return r, err
	}
	return c.gqlBody(ctx, api, "", map[string]any{"query": catalogQuery, "variables": vars, "extensions": ext})
}

// How Redis goes away: stopped (connections refused) or hung (SIGSTOP:
// connections accepted, nothing answered, as a swapping or partitioned
// Redis behaves; every call would wait for go-redis's read timeout).
type redisAway int

const (
	redisStopped redisAway = iota
	redisHung
)

// faultRedisAway: Redis goes away (stopped for 30 s, or hung for 20 s)
// while citizens browse the catalog (as mobile apps do, with
// persisted-query hashes), read their feeds and register (each
// registration commits and queues an SMS with its code). Reads and
// registrations go on, the codes wait in the outbox, and after Redis
// returns every code is delivered and works; a feed subscription held
// through the outage gets the next notification.
func faultRedisAway(t *testing.T, env *faultEnv, how redisAway) {
	outageFor, leave, back := 30*time.Second, func(rd *redisServer) { rd.stop() }, func(rd *redisServer) { rd.start() }
	if how == redisHung {
		outageFor, leave, back = 20*time.Second, func(rd *redisServer) { rd.pause() }, func(rd *redisServer) { rd.resume() }
	}
	pg, rd := env.startPostgres(t), env.startRedis(t)
	base := with(baseEnv(pg, rd),
		// The limiter stays on (it needs Redis) with budgets the load does
		// not reach; a task lost with Redis's memory is queued again after
		// 10 s rather than the default 5 minutes.
		"RATE_LIMIT_AUTH_PER_MINUTE", "1000000", "RATE_LIMIT_MUTATIONS_PER_MINUTE", "1000000",
		"OUTBOX_REDELIVER_AFTER", "10s")
	api := env.startServer(t, "api", "api", base)
	worker := env.startServer(t, "worker", "worker", base)
	c := newFaultClient()
	ctx := context.Background()
	store := pg.open()

	reader, err := c.registerPhone(ctx, api.url, worker.url, phoneFor("552", 0))
	if err != nil {
		t.Fatal(err)
	}
	ws := dialGraphQLWSInit(t, api.url, "en", map[string]any{"Authorization": "Bearer " + reader.AccessToken})
	ws.subscribe(t, "feed", `subscription { notificationAdded { kind } }`)

	rec := newLoadRecorder("before")
	lctx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	words := []string{"паспорт", "штрафы", "налог", "пенсия", "школа"}
	loop(lctx, &wg, 2, 20*time.Millisecond, func(ctx context.Context, w, i int) {
		start := time.Now()
		r, err := c.apqRead(ctx, api.url, words[(w+i)%len(words)])
		rec.record(ctx, "catalog", start, r, err)
	})
	loop(lctx, &wg, 2, 20*time.Millisecond, func(ctx context.Context, w, i int) {
		start := time.Now()
		r, err := c.gql(ctx, api.url, reader.AccessToken, `{ notifications(first: 10) { totalCount } unreadNotificationCount }`, nil)
		rec.record(ctx, "feed", start, r, err)
	})
	type registration struct {
		phone, id, phase string
	}
	var (
		regMu sync.Mutex
		regs  []registration
		next  atomic.Int64
	)
	loop(lctx, &wg, 2, 100*time.Millisecond, func(ctx context.Context, w, i int) {
		phone := phoneFor("553", int(next.Add(1)))
		rec.mu.Lock()
		phase := rec.phase
		rec.mu.Unlock()
		var reg registerPayload
		start := time.Now()
		r, err := c.gql(ctx, api.url, "", registerMutation, map[string]any{"in": map[string]any{"lastName": "Петров", "firstName": "Пётр", "phone": phone}})
		rec.record(ctx, "register", start, r, err)
		if err == nil && len(r.Errors) == 0 {
			var d struct{ Register registerPayload }
			if json.Unmarshal(r.Data, &d) == nil && d.Register.Registration != nil {
				reg = d.Register
				regMu.Lock()
				regs = append(regs, registration{phone: phone, id: reg.Registration.ID, phase: phase})
				regMu.Unlock()
			}
		}
	})

	time.Sleep(3 * time.Second)
	rec.setPhase("outage")
	stopped := time.Now()
	leave(rd)
	// While Redis is away: the reader submits his personal data (its
	// verification jobs wait in the outbox too).
	if err := c.submitPersonalData(ctx, api.url, reader.AccessToken, 1); err != nil {
		t.Errorf("personal data during the outage: %v", err)
	}
	time.Sleep(2 * time.Second)
	ready, readyBody, _ := c.status(ctx, api.url+"/readyz")
	if ready != http.StatusOK || !strings.Contains(readyBody, `"redis":"degraded"`) {
		t.Errorf("/readyz of the API without Redis: %d %s, want 200 naming Redis degraded (it serves on)", ready, readyBody)
	}
	time.Sleep(time.Until(stopped.Add(outageFor)))
	back(rd)
	returned := time.Now()
	rec.setPhase("after")
	time.Sleep(3 * time.Second)
	stopLoad()
	wg.Wait()
	t.Logf("/readyz of the API during the outage: %d %s", ready, strings.TrimSpace(readyBody))

	for _, phase := range []string{"before", "outage", "after"} {
		for _, kind := range []string{"catalog", "feed", "register"} {
			got := rec.counts(phase, kind)
			t.Logf("%-6s %-8s %v; %s", phase, kind, got, rec.latency(phase, kind))
			for outcome, n := range got {
				if outcome != "ok" {
					t.Errorf("%s, %s: %d answered %s (e.g. %q)", phase, kind, n, outcome, rec.example(outcome))
				}
			}
			if got["ok"] == 0 {
				t.Errorf("%s, %s: nothing served", phase, kind)
			}
		}
	}
	// A hung Redis must not hold requests for go-redis's read timeout (3 s,
	// then retries): the API gives up on it after half a second, once.
	if how == redisHung {
		for _, kind := range []string{"catalog", "register"} {
			if d := rec.slowest("outage", kind); d >= 3*time.Second {
				t.Errorf("outage, %s: a request waited %s for the hung Redis", kind, d.Round(time.Millisecond))
			}
		}
	}

	// Everything queued during the outage is delivered after it.
	outage := 0
	for _, r := range regs {
		if r.phase == "outage" {
			outage++
		}
	}
	// A worker whose dequeue Redis ran as it froze never got the task: it
	// sits in asynq's active list until its lease (30 s) has been expired
	// for 30 s more and the recoverer, once a minute, hands it back (run
	// at once: jobs.retryDelay). So up to about 125 s, not the seconds the
	// rest takes.
	defer logBacklogIfFailed(ctx, t, store, rd)
	took := eventually(t, "every outbox job done after Redis returned", 150*time.Second, 250*time.Millisecond, func() bool {
		total, done, err := outboxCounts(ctx, store)
		return err == nil && done == total
	})
	total, _, _ := outboxCounts(ctx, store)
	t.Logf("Redis back: all %d outbox jobs done %s after it returned (%s after waiting for them)",
		total, time.Since(returned).Round(time.Millisecond), took.Round(time.Millisecond))
	missing := 0
	codes := map[string]string{}
	for _, r := range regs {
		code, err := c.code(ctx, worker.url, r.phone, 5*time.Second)
		if err != nil {
			missing++
			continue
		}
		codes[r.phone] = code
	}
	if missing > 0 {
		t.Errorf("%d of %d registrations got no code", missing, len(regs))
	}
	t.Logf("%d registrations (%d during the outage), every code delivered", len(regs), outage)
	// The codes sent after the outage work: one citizen who registered
	// while Redis was away finishes.
	for _, r := range regs {
		if r.phase != "outage" || codes[r.phone] == "" {
			continue
		}
		if _, err := c.finishRegistration(ctx, api.url, r.id, codes[r.phone]); err != nil {
			t.Errorf("finishing a registration made during the outage: %v", err)
		}
		break
	}
	// The subscription held through the outage gets the verification's
	// notification (Redis pub/sub resubscribed).
	m := awaitNext(t, ws, "feed", 60*time.Second)
	if !strings.Contains(string(m.Payload), "VERIFICATION_SUCCEEDED") {
		t.Errorf("live notification: %s", m.Payload)
	}
	if st, err := c.verificationStatus(ctx, api.url, reader.AccessToken); err != nil || st != "SUCCEEDED" {
		t.Errorf("verification submitted during the outage: %q %v", st, err)
	}
}

// faultPostgresRestarted: PostgreSQL is stopped (fast shutdown: every
// session ends) while citizens read their feeds and the catalog and mark
// notifications read; it comes back 8 seconds later. While it is down,
// requests that need it fail with UNAVAILABLE (never INTERNAL), /readyz is
// 503 naming the database; afterwards the same process serves again.
func faultPostgresRestarted(t *testing.T, env *faultEnv) {
	pg, rd := env.startPostgres(t), env.startRedis(t)
	srv := env.startServer(t, "server", "all", baseEnv(pg, rd))
	c := newFaultClient()
	ctx := context.Background()
	citizen, err := c.registerPhone(ctx, srv.url, srv.url, phoneFor("554", 0))
	if err != nil {
		t.Fatal(err)
	}

	rec := newLoadRecorder("before")
	lctx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	loop(lctx, &wg, 3, 10*time.Millisecond, func(ctx context.Context, w, i int) {
		start := time.Now()
		r, err := c.gql(ctx, srv.url, citizen.AccessToken, `{ notifications(first: 10) { totalCount } me { id tier } }`, nil)
		rec.record(ctx, "feed", start, r, err)
	})
	loop(lctx, &wg, 1, 10*time.Millisecond, func(ctx context.Context, w, i int) {
		start := time.Now()
		r, err := c.gql(ctx, srv.url, "", catalogQuery, map[string]any{"q": "паспорт"})
		rec.record(ctx, "catalog", start, r, err)
	})
	loop(lctx, &wg, 1, 50*time.Millisecond, func(ctx context.Context, w, i int) {
		start := time.Now()
		r, err := c.gql(ctx, srv.url, citizen.AccessToken, `mutation { markNotificationsRead(input: {all: true}) { updated } }`, nil)
		rec.record(ctx, "mutation", start, r, err)
	})

	time.Sleep(2 * time.Second)
	rec.setPhase("down")
	down := time.Now()
	pg.stop()
	time.Sleep(2 * time.Second)
	code, body, err := c.status(ctx, srv.url+"/readyz")
	if err != nil || code != http.StatusServiceUnavailable || !strings.Contains(body, `"database":"unavailable"`) {
		t.Errorf("/readyz with PostgreSQL down: %d %s %v, want 503 naming the database", code, body, err)
	}
	// The message, in English on request.
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/graphql", strings.NewReader(`{"query":"{ me { id } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	req.Header.Set("Authorization", "Bearer "+citizen.AccessToken)
	var en gqlResponse
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = json.NewDecoder(resp.Body).Decode(&en)
		resp.Body.Close()
	}
	if en.code(0) != "UNAVAILABLE" || !strings.Contains(en.Errors[0].Message, "try again") {
		t.Errorf("a request with PostgreSQL down: %+v, want UNAVAILABLE saying to try again", en.Errors)
	} else {
		t.Logf("with PostgreSQL down: %s %q", en.code(0), en.Errors[0].Message)
	}
	time.Sleep(time.Until(down.Add(8 * time.Second)))
	pg.start()
	restarted := time.Now()
	rec.setPhase("recovering")
	recovered := eventually(t, "requests served again", 30*time.Second, 20*time.Millisecond, func() bool {
		r, err := c.gql(ctx, srv.url, citizen.AccessToken, `{ notifications(first: 1) { totalCount } }`, nil)
		return err == nil && len(r.Errors) == 0
	})
	readyAgain := eventually(t, "/readyz 200", 30*time.Second, 20*time.Millisecond, func() bool {
		code, _, err := c.status(ctx, srv.url+"/readyz")
		return err == nil && code == http.StatusOK
	})
	time.Sleep(time.Second)
	rec.setPhase("after")
	time.Sleep(2 * time.Second)
	stopLoad()
	wg.Wait()
	select {
	case <-srv.done:
		t.Fatal("the server exited")
	default:
	}
	t.Logf("PostgreSQL down %s; requests served again %s after it was back, /readyz 200 after %s, no restart",
		restarted.Sub(down).Round(time.Millisecond), recovered.Round(time.Millisecond), (recovered + readyAgain).Round(time.Millisecond))

	for _, phase := range []string{"before", "down", "recovering", "after"} {
		for _, kind := range []string{"feed", "catalog", "mutation"} {
			got := rec.counts(phase, kind)
			t.Logf("%-10s %-8s %v; %s", phase, kind, got, rec.latency(phase, kind))
			for outcome, n := range got {
				switch {
				case outcome == "ok":
				case phase == "down" || phase == "recovering":
					if outcome != "UNAVAILABLE" {
						t.Errorf("%s, %s: %d answered %s (e.g. %q), want UNAVAILABLE", phase, kind, n, outcome, rec.example(outcome))
					}
				default:
					t.Errorf("%s, %s: %d answered %s (e.g. %q)", phase, kind, n, outcome, rec.example(outcome))
				}
			}
		}
	}
	if rec.counts("down", "feed")["UNAVAILABLE"] == 0 {
		t.Error("no request failed with UNAVAILABLE while PostgreSQL was down")
	}
}

// faultTwoAPIsTwoWorkers: two API processes and two workers on one
// PostgreSQL and Redis. A subscription on the first API gets a
// notification caused through the second; a hearing scheduled to open at a
// set time opens once (one hearings:open job over both workers); and the
// sign-in budget of a client address is shared: the attempt after it,
// wherever it lands, is RATE_LIMITED.
func faultTwoAPIsTwoWorkers(t *testing.T, env *faultEnv) {
	const authBudget = 20
	pg, rd := env.startPostgres(t), env.startRedis(t)
	base := with(baseEnv(pg, rd), "RATE_LIMIT_AUTH_PER_MINUTE", strconv.Itoa(authBudget), "RATE_LIMIT_MUTATIONS_PER_MINUTE", "100000")
	api1 := env.startServer(t, "api-1", "api", base)
	api2 := env.startServer(t, "api-2", "api", base)
	w1 := env.startServer(t, "worker-1", "worker", base)
	w2 := env.startServer(t, "worker-2", "worker", base)
	workers := []*serverProc{w1, w2}
	c := newFaultClient()
	ctx := context.Background()
	rc := redis.NewClient(&redis.Options{Addr: rd.addr()})
	defer rc.Close()

	// Codes go out from whichever worker ran the job.
	register := func(api string, phone string) authSession {
		t.Helper()
		id, err := c.register(ctx, api, phone)
		if err != nil {
			t.Fatal(err)
		}
		var code string
		eventually(t, "the code to "+phone, 30*time.Second, 100*time.Millisecond, func() bool {
			for _, w := range workers {
				if cd, err := c.code(ctx, w.url, phone, 0); err == nil {
					code = cd
					return true
				}
			}
			return false
		})
		s, err := c.finishRegistration(ctx, api, id, code)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	citizen := register(api2.url, phoneFor("555", 0))
	officer := register(api1.url, phoneFor("555", 1))

	// A subscription on API 1; the cause through API 2.
	ws := dialGraphQLWSInit(t, api1.url, "en", map[string]any{"Authorization": "Bearer " + citizen.AccessToken})
	ws.subscribe(t, "feed", `subscription { notificationAdded { kind title } }`)
	time.Sleep(300 * time.Millisecond) // the subscription registers with the hub
	subscribed := time.Now()
	if err := c.submitPersonalData(ctx, api2.url, citizen.AccessToken, 7); err != nil {
		t.Fatal(err)
	}

	// The first administrator comes from the command line; he makes
	// himself the municipal officer of Kazan through the API.
	admin := exec.Command(env.bin, "admin", "-login", phoneFor("555", 1), "-reason", "первый администратор")
	admin.Env = []string{"DATABASE_URL=" + pg.url(), "REDIS_URL=" + rd.url(), "SECRET_KEYS=" + env.keys, "DATA_DIR=" + env.tmpDir, "LOG_LEVEL=error"}
	if out, err := admin.CombinedOutput(); err != nil {
		t.Fatalf("server admin: %v\n%s", err, out)
	}
	refresh := func(api string, s authSession) authSession {
		t.Helper()
		var next authPayload
		if err := c.mutate(ctx, api, "", refreshMutation, map[string]any{"in": map[string]any{"refreshToken": s.RefreshToken}}, &next); err != nil || next.Session == nil {
			t.Fatalf("refresh: %v %+v", err, next.UserErrors)
		}
		return *next.Session
	}
	officer = refresh(api1.url, officer)
	var ok struct {
		Ok         bool
		UserErrors []userErr
	}
	if err := c.mutate(ctx, api2.url, officer.AccessToken, `mutation($in: RoleGrantInput!) { grantRole(input: $in) { ok userErrors { field code message } } }`,
		map[string]any{"in": map[string]any{"accountId": officer.Account.ID, "role": "MUNICIPAL_OFFICER", "scope": "92701000", "reason": "глава администрации"}}, &ok); err != nil || !ok.Ok {
		t.Fatalf("grantRole: %v %+v", err, ok.UserErrors)
	}
	officer = refresh(api2.url, officer)
	opens := time.Now().Add(15 * time.Second).Truncate(time.Second)
	var hp struct {
		Hearing *struct {
			ID     string
			Status string
		}
		UserErrors []userErr
	}
	in := map[string]any{"municipalityOktmo": "92701000", "title": "Проект планировки квартала", "subject": "BUDGET_DRAFT",
		"description": "Публичные слушания", "territory": "Весь город", "organiser": "Администрация г. Казани",
		"opensAt": opens.Format(time.RFC3339), "closesAt": opens.Add(48 * time.Hour).Format(time.RFC3339),
		"meetingAt": opens.Add(24 * time.Hour).Format(time.RFC3339), "meetingPlace": "Казанская ратуша"}
	in["materials"] = []any{nil}
	// The project's materials are uploaded with it (announcing needs them).
	r := (&testApp{URL: api1.url}).multipart(t, officer.AccessToken, `mutation($in: HearingInput!) { createHearing(input: $in) { hearing { id status } userErrors { field code message } } }`,
		map[string]any{"in": in}, []upload{{path: "in.materials.0", name: "project.png", data: pngScan(t, 10)}})
	var created struct {
		CreateHearing struct{ Hearing *struct{ ID string } }
	}
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &created) != nil || created.CreateHearing.Hearing == nil {
		t.Fatalf("createHearing: %s %+v", r.Data, r.Errors)
	}
	id := created.CreateHearing.Hearing.ID
	if err := c.mutate(ctx, api2.url, officer.AccessToken, `mutation($id: ID!) { announceHearing(id: $id) { hearing { id status } userErrors { field code message } } }`,
		map[string]any{"id": id}, &hp); err != nil || hp.Hearing == nil || hp.Hearing.Status != "ANNOUNCED" {
		t.Fatalf("announceHearing: %v %+v %+v", err, hp.Hearing, hp.UserErrors)
	}

	// Rate limits are shared: the budget is spent across both APIs, then
	// the next attempt is refused whichever API it reaches.
	// The setup's own registrations and refreshes spent some of it: start
	// from a full budget (redis_rate prefixes the limiter's keys).
	keys, err := rc.Keys(ctx, "*uslugi:rl:auth:*").Result()
	if err != nil || len(keys) == 0 {
		t.Fatalf("the sign-in budget's key in Redis: %v %v", keys, err)
	}
	if err := rc.Del(ctx, keys...).Err(); err != nil {
		t.Fatal(err)
	}
	signIn := func(api string) *gqlResponse {
		t.Helper()
		r, err := c.gql(ctx, api, "", signInMutation, map[string]any{"in": map[string]any{"login": phoneFor("555", 0), "password": goodPassword}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	apis := []string{api1.url, api2.url}
	spending := time.Now()
	for i := 0; i < authBudget; i++ {
		if r := signIn(apis[i%2]); len(r.Errors) > 0 {
			t.Fatalf("sign-in %d of %d: %s %s", i+1, authBudget, r.code(0), r.Errors[0].Message)
		}
	}
	// The budget refills one try every minute/budget: a slow machine may
	// have earned a few back while spending it. Two processes counting
	// apart would let through a whole budget more.
	refilled := int(time.Since(spending) / (time.Minute / authBudget))
	limitedAt := 0
	for i := authBudget; i <= authBudget+refilled; i++ {
		if r := signIn(apis[i%2]); r.code(0) == "RATE_LIMITED" {
			limitedAt = i + 1
			break
		}
	}
	if limitedAt == 0 {
		t.Fatalf("%d sign-ins over both APIs were let through (budget %d, %d refilled)", authBudget+refilled+1, authBudget, refilled)
	}
	// At once, the other API refuses too.
	if other := signIn(apis[limitedAt%2]); other.code(0) != "RATE_LIMITED" {
		t.Errorf("sign-in %d on the other API: %s, want RATE_LIMITED", limitedAt+1, other.Data)
	} else {
		t.Logf("sign-in %d (budget %d, %d refilled while spending it) RATE_LIMITED, and the next on the other API too (retry after %v s)",
			limitedAt, authBudget, refilled, other.Errors[0].Extensions["retryAfterSeconds"])
	}

	m := awaitNext(t, ws, "feed", 60*time.Second)
	if !strings.Contains(string(m.Payload), "VERIFICATION_SUCCEEDED") {
		t.Errorf("live notification on API 1: %s", m.Payload)
	}
	t.Logf("the subscription on API 1 got the notification caused through API 2 %s after the submission", time.Since(subscribed).Round(time.Millisecond))

	eventually(t, "the hearing to open", 60*time.Second, 200*time.Millisecond, func() bool {
		r, err := c.gql(ctx, api1.url, "", `query($id: ID!) { hearing(id: $id) { status } }`, map[string]any{"id": id})
		return err == nil && strings.Contains(string(r.Data), `"OPEN"`)
	})
	lateBy := time.Since(opens)
	// Both workers' relays saw the row; the job ran once.
	time.Sleep(2 * time.Second)
	runs := 0
	for _, w := range workers {
		runs += jobRuns(t, c, w.url, "hearings:open")
	}
	if runs != 1 {
		t.Errorf("hearings:open ran %d times over both workers, want once", runs)
	}
	t.Logf("the hearing opened %s after its time; hearings:open ran %d time(s) over both workers", lateBy.Round(time.Millisecond), runs)
}

// jobRuns reads a worker's /metrics: how many jobs of typ it finished
// (successfully or not).
func jobRuns(t *testing.T, c *faultClient, worker, typ string) int {
	t.Helper()
	_, body, err := c.status(context.Background(), worker+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^uslugi_jobs_processed_total\{[^}]*type="` + regexp.QuoteMeta(typ) + `"[^}]*\} (\d+)`)
	n := 0
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		v, _ := strconv.Atoi(m[1])
		n += v
	}
	return n
}
