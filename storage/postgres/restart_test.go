package postgres_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/pgtest"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// dbProxy stands between a service and PostgreSQL on 127.0.0.1 and can
// make the database go away as a restart does, for the clients: every
// connection is cut at once and new ones are refused for a while — without
// disturbing the other tests that share the server.
type dbProxy struct {
	ln     net.Listener
	target func() (net.Conn, error)
	mu     sync.Mutex
	conns  map[net.Conn]bool
	down   bool
}

// newDBProxy proxies the server of dbURL and returns the URL of the same
// database through the proxy.
func newDBProxy(t *testing.T, dbURL string) (*dbProxy, string) {
	t.Helper()
	cfg, err := pgconn.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	network, addr := "tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	if strings.HasPrefix(cfg.Host, "/") { // a unix socket directory
		network, addr = "unix", fmt.Sprintf("%s/.s.PGSQL.%d", cfg.Host, cfg.Port)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, conns: map[net.Conn]bool{},
		target: func() (net.Conn, error) { return net.DialTimeout(network, addr, 5*time.Second) }}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.cut() })
	q := url.Values{"sslmode": {"disable"}}
	for k, v := range cfg.RuntimeParams { // search_path, for one
		q.Set(k, v)
	}
	u := url.URL{Scheme: "postgres", User: url.UserPassword(cfg.User, cfg.Password), Host: ln.Addr().String(),
		Path: "/" + cfg.Database, RawQuery: q.Encode()}
	return p, u.String()
}

func (p *dbProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.pipe(c)
	}
}

func (p *dbProxy) pipe(c net.Conn) {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if down {
		c.Close()
		return
	}
	s, err := p.target()
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { io.Copy(s, c); s.Close(); c.Close() }()
	io.Copy(c, s)
	c.Close()
	s.Close()
}

// cut closes every connection through the proxy.
func (p *dbProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// outage cuts every connection and refuses new ones for d.
func (p *dbProxy) outage(d time.Duration) {
	p.mu.Lock()
	p.down = true
	p.mu.Unlock()
	p.cut()
	time.Sleep(d)
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// The database goes away mid-flight (every connection cut, none accepted
// for a second, as in a restart) while 32 sessions top up: whatever each
// session was told, after the reconciler every transaction is final, the
// sandbox applied exactly the ledger's successes and none twice, and the
// mirror matches the sandbox.
func TestDatabaseRestartMidFlight(t *testing.T) {
	const deposit, sessionsN = 1_000_000, 32
	direct := pgtest.DB(t)
	proxy, viaProxy := newDBProxy(t, direct)
	sim, srv := sandbox(t, ovosim.Config{Deposit: deposit, Latency: 300 * time.Millisecond})
	// Migrate through the direct connection, then serve through the proxy.
	if db, err := postgres.Open(context.Background(), direct, postgres.Options{}); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	a := mustInstance(t, viaProxy, srv.URL, postgres.Options{Timeout: 3 * time.Second}, cashier.Config{CallTimeout: 2 * time.Second,
		CheckInterval: 50 * time.Millisecond, CheckMaxInterval: 200 * time.Millisecond, NotFoundGrace: 100 * time.Millisecond}, true)
	watch := mustInstance(t, direct, srv.URL, postgres.Options{}, cashier.Config{}, false)
	go func() {
		// Once top ups are begun (their calls held at the sandbox by its
		// latency), the database goes away.
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if open, err := watch.db.Open(); err == nil && len(open) >= 8 {
				break
			}
		}
		proxy.outage(time.Second)
	}()
	ok, _ := topUps(t, []*cashier.Service{a.svc}, sessionsN, 10_000, true)
	t.Logf("%d of %d sessions were told success", ok, sessionsN)

	check := watch
	deadline := time.Now().Add(30 * time.Second)
	for {
		open, err := check.db.Open()
		if err == nil && len(open) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still open after the reconciler had 30 s: %d (%v)", len(open), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	n := agree(t, check, sim, deposit)
	if int64(n) < ok {
		t.Fatalf("%d sessions were told success but the ledger holds %d successes", ok, n)
	}
}

// restartEnv names a shell command that restarts the server of the test
// database (deploy/pgdev restart DIR, as .ci/run sets it).
const restartEnv = "OVO_TEST_PG_RESTART"

// The server really restarts (restartEnv's command: every session cut,
// the server down until it is back) while two processes' 32 sessions top
// up: whatever each session was told, after the reconcilers every
// transaction is final, the sandbox applied exactly the ledger's successes
// and none twice, the mirror was never negative and matches the sandbox;
// and top ups begun after the restart succeed without anyone's help.
// Opt-in: a restart cuts every other test on the server, so .ci/run runs
// this one on its own after the main suite.
func TestPostgresRestartMidFlight(t *testing.T) {
	restart := os.Getenv(restartEnv)
	if restart == "" {
		t.Skip("opt-in: set " + restartEnv + " to a shell command that restarts the test server (deploy/pgdev restart DIR); " +
			".ci/run runs this test alone after the main suite")
	}
	const deposit, sessionsN, amount = 5_000_000, 32, 10_000
	url := pgtest.DB(t)
	sim, srv := sandbox(t, ovosim.Config{Deposit: deposit, Latency: time.Second})
	cfg := cashier.Config{CallTimeout: 5 * time.Second, CheckInterval: 100 * time.Millisecond,
		CheckMaxInterval: 500 * time.Millisecond, NotFoundGrace: 200 * time.Millisecond}
	a := mustInstance(t, url, srv.URL, postgres.Options{Outlet: "A", Timeout: 5 * time.Second}, cfg, true)
	b := mustInstance(t, url, srv.URL, postgres.Options{Outlet: "B", Timeout: 5 * time.Second}, cfg, true)
	svcs := []*cashier.Service{a.svc, b.svc}
	started := func() (at time.Time) {
		t.Helper()
		if err := a.db.Pool().QueryRow(context.Background(), `SELECT pg_postmaster_start_time()`).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	before := started()

	stop := watchMirror([]*postgres.DB{a.db, b.db})
	type result struct {
		took time.Duration
		out  []byte
		err  error
		open int
	}
	done := make(chan result, 1)
	go func() {
		// Once top ups are begun (their calls held at the sandbox by its
		// latency), the server restarts.
		var r result
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if open, err := a.db.Open(); err == nil && len(open) >= 8 {
				r.open = len(open)
				break
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "sh", "-c", restart)
		cmd.WaitDelay = 5 * time.Second // a server that kept our pipes must not hang the test
		start := time.Now()
		r.out, r.err = cmd.CombinedOutput()
		r.took = time.Since(start)
		done <- r
	}()
	ok, _ := topUps(t, svcs, sessionsN, amount, true)
	r := <-done
	if r.err != nil {
		t.Fatalf("%s %q: %v\n%s", restartEnv, restart, r.err, r.out)
	}
	t.Logf("%d transactions open when the restart began; the restart took %v; %d of %d sessions were told success",
		r.open, r.took.Round(time.Millisecond), ok, sessionsN)
	if after := started(); !after.After(before) {
		t.Fatalf("the server started at %v before and %v after: %s did not restart it", before, after, restartEnv)
	}

	// The processes carry on by themselves: new top ups succeed.
	if ok2, refused := topUps(t, svcs, 8, amount, false); ok2 != 8 {
		t.Fatalf("after the restart %d of 8 top ups succeeded (%d refused)", ok2, refused)
	}
	ok += 8

	since := time.Now()
	deadline := since.Add(60 * time.Second)
	for {
		open, err := a.db.Open()
		if err == nil && len(open) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still open after the reconcilers had 60 s: %d (%v)", len(open), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("every transaction final %v after the last top up", time.Since(since).Round(time.Millisecond))
	if stop() {
		t.Error("the mirror went negative")
	}
	chain := mustInstance(t, url, srv.URL, postgres.Options{}, cashier.Config{}, false) // every outlet
	n := agree(t, chain, sim, deposit)
	if int64(n) < ok {
		t.Fatalf("%d sessions were told success but the ledger holds %d successes", ok, n)
	}
	t.Logf("%d successes in the ledger, each applied once by the sandbox", n)
}
