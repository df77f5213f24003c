//go:build faults

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/uptrace/bun"

	"github.com/uslugi/uslugi/db"
	"github.com/uslugi/uslugi/secret"
)

// The fault tests run the real binary against PostgreSQL and Redis
// instances of their own, on free ports, so that stopping and restarting
// them disturbs nothing else on the machine (its own PostgreSQL on 5432 and
// Redis on 6379 serve other tests at the same time).

// faultEnv is what every scenario shares: the server binary and one
// SECRET_KEYS for all its processes (tokens signed by one API process must
// verify on another, personal data sealed by one must open on the worker).
type faultEnv struct {
	bin    string
	pgBin  string
	keys   string
	tmpDir string
}

// newFaultEnv builds the server once and finds PostgreSQL and Redis, or
// skips the test saying what is missing.
func newFaultEnv(t *testing.T) *faultEnv {
	t.Helper()
	pgBin := os.Getenv("FAULTS_PG_BIN")
	if pgBin == "" {
		pgBin = "/usr/lib/postgresql/15/bin"
	}
	for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
		if _, err := os.Stat(filepath.Join(pgBin, b)); err != nil {
			t.Skipf("fault tests need PostgreSQL's %s in %s (FAULTS_PG_BIN): %v", b, pgBin, err)
		}
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skipf("fault tests need redis-server on PATH: %v", err)
	}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		if _, err := user.Lookup("postgres"); err != nil {
			t.Skipf("fault tests run as root need a postgres user to run PostgreSQL as: %v", err)
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			t.Skipf("fault tests run as root need runuser: %v", err)
		}
	}
	dir := worldTempDir(t, "uslugi-faults-")
	bin := filepath.Join(dir, "uslugi")
	start := time.Now()
	// Built as the Dockerfile builds the image's binary (static, no cgo,
	// the zone database inside), so the scenarios run what production runs.
	if df, err := os.ReadFile("../Dockerfile"); err != nil || !bytes.Contains(df, []byte("CGO_ENABLED=0")) || !bytes.Contains(df, []byte("-tags timetzdata")) {
		t.Fatalf("the Dockerfile no longer builds with CGO_ENABLED=0 and -tags timetzdata (%v): build the scenarios' binary as it does", err)
	}
	build := exec.Command("go", "build", "-trimpath", "-tags", "timetzdata", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./server: %v\n%s", err, out)
	}
	t.Logf("built the server in %s", time.Since(start).Round(time.Millisecond))
	return &faultEnv{bin: bin, pgBin: pgBin, keys: secret.GenerateKeys(), tmpDir: dir}
}

// worldTempDir is a temporary directory the postgres user can enter
// (t.TempDir's parents are private to the test's user), removed at the end.
func worldTempDir(t *testing.T, pattern string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// freePort asks the kernel for a free TCP port on loopback.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// asPostgres runs a PostgreSQL command as the postgres user when the test
// runs as root, directly otherwise.
func asPostgres(ctx context.Context, name string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	return exec.CommandContext(ctx, name, args...)
}

// pgServer is a private PostgreSQL cluster on its own port and socket
// directory, with trust authentication.
type pgServer struct {
	t    *testing.T
	bin  string
	data string
	sock string
	log  string
	port int
}

func (e *faultEnv) startPostgres(t *testing.T) *pgServer {
	t.Helper()
	dir := worldTempDir(t, "uslugi-pg-")
	pg := &pgServer{t: t, bin: e.pgBin, data: filepath.Join(dir, "data"), sock: filepath.Join(dir, "sock"),
		log: filepath.Join(dir, "postgres.log"), port: freePort(t)}
	for _, d := range []string{pg.data, pg.sock} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, p := range []string{dir, pg.data, pg.sock} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := asPostgres(ctx, filepath.Join(pg.bin, "initdb"), "-D", pg.data, "-A", "trust", "-U", "postgres",
		"-E", "UTF8", "--no-sync").CombinedOutput()
	if err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = asPostgres(ctx, filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data, "-m", "immediate", "-w", "stop").Run()
	})
	pg.start()
	// The schema is a step of its own, as in production (compose.yaml's
	// migrate service): the scenarios' processes start with
	// MIGRATE_ON_START=false and would refuse a database left behind.
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	migrate := exec.CommandContext(ctx, e.bin, "migrate")
	migrate.Env = []string{"PATH=" + os.Getenv("PATH"), "DATABASE_URL=" + pg.url(), "SECRET_KEYS=" + e.keys, "LOG_LEVEL=warn"}
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("uslugi migrate: %v\n%s", err, out)
	}
	return pg
}

// start starts the cluster (again) on its port and waits until it accepts
// connections.
func (pg *pgServer) start() {
	pg.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Durability is not what these tests measure: fsync off keeps the
	// shared disk out of the figures.
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
		pg.port, pg.sock)
	out, err := asPostgres(ctx, filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data, "-l", pg.log, "-o", opts, "-w", "-t", "60", "start").CombinedOutput()
	if err != nil {
		b, _ := os.ReadFile(pg.log)
		pg.t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, b)
	}
}

// stop shuts the cluster down the way an operator's restart does: fast
// mode ends every session at once.
func (pg *pgServer) stop() {
	pg.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := asPostgres(ctx, filepath.Join(pg.bin, "pg_ctl"), "-D", pg.data, "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
		pg.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (pg *pgServer) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

// open connects the test itself to the cluster, to look at what the server
// wrote (the outbox).
func (pg *pgServer) open() *bun.DB {
	pg.t.Helper()
	d := db.OpenPostgres(pg.url(), nil)
	pg.t.Cleanup(func() { _ = d.Close() })
	return d
}

// redisServer is a private Redis without persistence: stopping it loses
// every queued task, the harshest case for the outbox.
type redisServer struct {
	t    *testing.T
	port int
	dir  string
	cmd  *exec.Cmd
	done chan struct{}
}

func (e *faultEnv) startRedis(t *testing.T) *redisServer {
	t.Helper()
	r := &redisServer{t: t, port: freePort(t), dir: worldTempDir(t, "uslugi-redis-")}
	r.start()
	t.Cleanup(func() { r.stop() })
	return r
}

func (r *redisServer) start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", r.dir, "--logfile", filepath.Join(r.dir, "redis.log"))
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("redis-server: %v", err)
	}
	r.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(r.cmd, r.done)
	c := redis.NewClient(&redis.Options{Addr: r.addr()})
	defer c.Close()
	deadline := time.Now().Add(20 * time.Second)
	for c.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			r.t.Fatalf("redis-server on %d did not answer", r.port)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pause freezes the server (SIGSTOP): the kernel still accepts its
// connections, nothing answers them.
func (r *redisServer) pause() { _ = r.cmd.Process.Signal(syscall.SIGSTOP) }

// resume lets a paused server run on (SIGCONT).
func (r *redisServer) resume() { _ = r.cmd.Process.Signal(syscall.SIGCONT) }

// stop ends the server (SIGTERM) and waits for it; a stopped one is left.
func (r *redisServer) stop() {
	if r.cmd == nil {
		return
	}
	// A paused server would not take SIGTERM until continued.
	_ = r.cmd.Process.Signal(syscall.SIGCONT)
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.done
	}
	r.cmd = nil
}

func (r *redisServer) addr() string { return fmt.Sprintf("127.0.0.1:%d", r.port) }
func (r *redisServer) url() string  { return "redis://" + r.addr() }

// serverProc is one running server process.
type serverProc struct {
	t    *testing.T
	name string
	url  string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
}

// startServer starts the binary with role and env (on top of the
// scenario's database, Redis and keys) and waits for /healthz.
func (e *faultEnv) startServer(t *testing.T, name, role string, env map[string]string) *serverProc {
	t.Helper()
	port := freePort(t)
	dir := filepath.Join(e.tmpDir, fmt.Sprintf("%s-%d", name, port))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &serverProc{t: t, name: name, url: fmt.Sprintf("http://127.0.0.1:%d", port), log: filepath.Join(dir, "server.log")}
	logf, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"HTTP_ADDR":   fmt.Sprintf("127.0.0.1:%d", port),
		"PUBLIC_URL":  p.url,
		"DATA_DIR":    dir,
		"SECRET_KEYS": e.keys,
		"LOG_LEVEL":   "warn",
		// Every request of a scenario comes from 127.0.0.1: the limits are
		// off unless a scenario turns them on.
		"RATE_LIMIT_AUTH_PER_MINUTE":      "0",
		"RATE_LIMIT_MUTATIONS_PER_MINUTE": "0",
	}
	for k, v := range env {
		vars[k] = v
	}
	cmd := exec.Command(e.bin, "-role="+role)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.cmd = cmd
	p.done = make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(p.done) }()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			p.dumpLog(30)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-p.done:
			p.dumpLog(30)
			t.Fatalf("%s exited at start", name)
		default:
		}
		if resp, err := http.Get(p.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			p.dumpLog(30)
			t.Fatalf("%s did not come up", name)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the process with SIGKILL: no shutdown, no cleanup, as a crash
// or an OOM kill would.
func (p *serverProc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// dumpLog shows the last lines of the process's log in the test output.
func (p *serverProc) dumpLog(lines int) {
	b, err := os.ReadFile(p.log)
	if err != nil {
		return
	}
	var all []string
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if !strings.Contains(l, `"http request"`) {
			all = append(all, l)
		}
	}
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	p.t.Logf("--- last %d log lines of %s ---\n%s", len(all), p.name, strings.Join(all, "\n"))
}

// logCount counts the process's log lines that contain every part.
func (p *serverProc) logCount(parts ...string) int {
	f, err := os.Open(p.log)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
next:
	for sc.Scan() {
		for _, part := range parts {
			if !strings.Contains(sc.Text(), part) {
				continue next
			}
		}
		n++
	}
	return n
}

// faultClient is a GraphQL client for the scenarios: unlike the testApp
// helpers it returns errors instead of failing the test, so many
// goroutines can use it, and it bounds each request's time.
type faultClient struct {
	http *http.Client
}

func newFaultClient() *faultClient {
	return &faultClient{http: &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
}

// gql posts one operation to base's /graphql.
func (c *faultClient) gql(ctx context.Context, base, token, q string, vars map[string]any) (*gqlResponse, error) {
	return c.gqlBody(ctx, base, token, map[string]any{"query": q, "variables": vars})
}

func (c *faultClient) gqlBody(ctx context.Context, base, token string, body map[string]any) (*gqlResponse, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	out := &gqlResponse{status: resp.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("response %d is not JSON: %.200s", resp.StatusCode, raw)
	}
	return out, nil
}

// mutate runs an operation whose one root field's payload goes into dest;
// any top-level error is an error.
func (c *faultClient) mutate(ctx context.Context, base, token, q string, vars map[string]any, dest any) error {
	r, err := c.gql(ctx, base, token, q, vars)
	if err != nil {
		return err
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("%s: %s", r.code(0), r.Errors[0].Message)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(r.Data, &m); err != nil {
		return err
	}
	for _, v := range m {
		return json.Unmarshal(v, dest)
	}
	return errors.New("no data")
}

func (c *faultClient) status(ctx context.Context, u string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// code waits for a 6-digit code sent to phone at the worker's /dev/messages
// (the simulated SMS gateway lives in the process that runs the jobs).
func (c *faultClient) code(ctx context.Context, worker, phone string, within time.Duration) (string, error) {
	deadline := time.Now().Add(within)
	for {
		_, body, err := c.status(ctx, worker+"/dev/messages?to="+url.QueryEscape(phone))
		if err == nil {
			var out struct{ Messages []struct{ Text string } }
			if json.Unmarshal([]byte(body), &out) == nil {
				for _, m := range out.Messages {
					if g := faultCodeRe.FindStringSubmatch(m.Text); g != nil {
						return g[1], nil
					}
				}
			}
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("no code for %s at %s within %s", phone, worker, within)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

var faultCodeRe = regexp.MustCompile(`(\d{6})`)

// register starts a phone registration through api; the code goes out as
// a job.
func (c *faultClient) register(ctx context.Context, api, phone string) (string, error) {
	var reg registerPayload
	if err := c.mutate(ctx, api, "", registerMutation, map[string]any{"in": map[string]any{"lastName": "Иванов", "firstName": "Иван", "phone": phone}}, &reg); err != nil {
		return "", err
	}
	if reg.Registration == nil {
		return "", fmt.Errorf("register %s: %+v", phone, reg.UserErrors)
	}
	return reg.Registration.ID, nil
}

// finishRegistration confirms the code and sets the password.
func (c *faultClient) finishRegistration(ctx context.Context, api, regID, code string) (authSession, error) {
	var conf struct {
		SetupToken *string
		UserErrors []userErr
	}
	if err := c.mutate(ctx, api, "", confirmMutation, map[string]any{"in": map[string]any{"registrationId": regID, "code": code}}, &conf); err != nil {
		return authSession{}, err
	}
	if conf.SetupToken == nil {
		return authSession{}, fmt.Errorf("confirm: %+v", conf.UserErrors)
	}
	var auth authPayload
	if err := c.mutate(ctx, api, "", setPasswordMutation, map[string]any{"in": map[string]any{"setupToken": *conf.SetupToken,
		"password": goodPassword, "passwordAgain": goodPassword}}, &auth); err != nil {
		return authSession{}, err
	}
	if auth.Session == nil {
		return authSession{}, fmt.Errorf("setPassword: %+v", auth.UserErrors)
	}
	return *auth.Session, nil
}

// registerPhone walks a phone registration: the API at api, the code from
// the worker at worker.
func (c *faultClient) registerPhone(ctx context.Context, api, worker, phone string) (authSession, error) {
	id, err := c.register(ctx, api, phone)
	if err != nil {
		return authSession{}, err
	}
	code, err := c.code(ctx, worker, phone, 30*time.Second)
	if err != nil {
		return authSession{}, err
	}
	return c.finishRegistration(ctx, api, id, code)
}

// submitPersonalData starts the citizen's verification (SFR and MVD).
func (c *faultClient) submitPersonalData(ctx context.Context, api, token string, i int) error {
	var p struct {
		Verification *struct{ ID string }
		UserErrors   []userErr
	}
	// A SNILS and a passport of their own per citizen, none of the
	// simulators' special endings (000, 001, 998, 999; 00, 98, 99).
	in := personalInput(fmt.Sprintf("%06d123", 100000+i), fmt.Sprintf("%04d11", i%10000))
	if err := c.mutate(ctx, api, token, personalDataMutation, map[string]any{"in": in}, &p); err != nil {
		return err
	}
	if p.Verification == nil {
		return fmt.Errorf("submit: %+v", p.UserErrors)
	}
	return nil
}

// feedKinds returns the kinds of the citizen's feed, newest first.
func (c *faultClient) feedKinds(ctx context.Context, api, token string) ([]string, error) {
	r, err := c.gql(ctx, api, token, `{ notifications(first: 100) { totalCount edges { node { id kind } } } }`, nil)
	if err != nil {
		return nil, err
	}
	if len(r.Errors) > 0 {
		return nil, fmt.Errorf("%s: %s", r.code(0), r.Errors[0].Message)
	}
	var d struct {
		Notifications struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID, Kind string } }
		}
	}
	if err := json.Unmarshal(r.Data, &d); err != nil {
		return nil, err
	}
	kinds := make([]string, 0, len(d.Notifications.Edges))
	for _, e := range d.Notifications.Edges {
		kinds = append(kinds, e.Node.Kind)
	}
	return kinds, nil
}

// phoneFor is the i-th test phone of a scenario (prefix: three digits).
func phoneFor(prefix string, i int) string {
	return fmt.Sprintf("+79%s%06d", prefix, i)
}

// inParallel runs f for 0..n-1 on at most width goroutines and returns the
// first error.
func inParallel(n, width int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	sem := make(chan struct{}, width)
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := f(i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	return first
}

// eventually polls cond every interval until it holds or within passes.
func eventually(t *testing.T, what string, within, interval time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(interval)
	}
	return time.Since(start)
}

// logBacklogIfFailed shows, when t has failed, the outbox rows not done
// and the tasks asynq holds per queue and state: where a job got stuck.
func logBacklogIfFailed(ctx context.Context, t *testing.T, d *bun.DB, rd *redisServer) {
	if !t.Failed() {
		return
	}
	var rows []struct {
		ID, Type, LastError string
		Attempts            int
		EnqueuedAt          bun.NullTime
	}
	err := d.NewRaw("SELECT id, type, coalesce(last_error, '') AS last_error, attempts, enqueued_at FROM outbox WHERE done_at IS NULL ORDER BY available_at LIMIT 10").Scan(ctx, &rows)
	t.Logf("outbox rows not done (first 10, %v):", err)
	for _, r := range rows {
		t.Logf("  %s %s attempts %d enqueued %v %s", r.ID, r.Type, r.Attempts, r.EnqueuedAt.Time, r.LastError)
	}
	in := asynq.NewInspector(asynq.RedisClientOpt{Addr: rd.addr()})
	defer in.Close()
	queues, err := in.Queues()
	if err != nil {
		t.Logf("asynq queues: %v", err)
		return
	}
	for _, q := range queues {
		if i, err := in.GetQueueInfo(q); err == nil {
			t.Logf("asynq %s: pending %d active %d scheduled %d retry %d archived %d completed %d",
				q, i.Pending, i.Active, i.Scheduled, i.Retry, i.Archived, i.Completed)
		}
	}
}

// outboxCounts reads how many outbox rows exist and how many are done.
func outboxCounts(ctx context.Context, d *bun.DB) (total, done int, err error) {
	err = d.NewRaw("SELECT count(*), count(done_at) FROM outbox").Scan(ctx, &total, &done)
	return total, done, err
}
