package postgres_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
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
