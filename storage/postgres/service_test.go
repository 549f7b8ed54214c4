package postgres_test

import (
	"bufio"
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// The tests of this file run the cashier service on the PostgreSQL ledger
// as a chain runs it: several service instances or processes (separate
// pools) on one database and one OVO deposit, against a sandbox in this
// process. A child process is this test binary re-run with
// OVO_PG_CHILD set.

func TestMain(m *testing.M) {
	if os.Getenv("OVO_PG_CHILD") != "" {
		os.Exit(child())
	}
	os.Exit(m.Run())
}

const keyFile = "../../ovoclient/testdata/snap-vector-key.pem"

func partnerKey() (*rsa.PrivateKey, error) {
	pem, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, err
	}
	return ovoclient.ParsePrivateKeyPEM(pem)
}

// sandbox starts a sandbox on loopback until t ends.
func sandbox(t testing.TB, cfg ovosim.Config) (*ovosim.Sim, *httptest.Server) {
	t.Helper()
	key, err := partnerKey()
	if err != nil {
		t.Fatal(err)
	}
	cfg.ClientID, cfg.ClientSecret, cfg.PartnerPublicKey = "pg-client", "pg-secret", &key.PublicKey
	sim, err := ovosim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return sim, srv
}

// instance is one process's back end: its own pool on the database and its
// own OVO client, and the service on them.
type instance struct {
	db  *postgres.DB
	svc *cashier.Service
}

// newInstance opens the ledger at url and a service on it talking to the
// sandbox at simURL; the reconciler runs when start.
func newInstance(ctx context.Context, url, simURL string, opts postgres.Options, cfg cashier.Config, start bool) (*instance, error) {
	key, err := partnerKey()
	if err != nil {
		return nil, err
	}
	client, err := ovoclient.New(ovoclient.Config{BaseURL: simURL, ClientID: "pg-client", ClientSecret: "pg-secret", PrivateKey: key, Timeout: 10 * time.Second})
	if err != nil {
		return nil, err
	}
	db, err := postgres.Open(ctx, url, opts)
	if err != nil {
		return nil, err
	}
	cfg.OVO, cfg.Ledger = client.Port(), db
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	svc, err := cashier.New(cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	if _, err := svc.RefreshDeposit(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if start {
		svc.Start(ctx)
	}
	return &instance{db: db, svc: svc}, nil
}

// mustInstance is newInstance that fails t, closed when t ends.
func mustInstance(t *testing.T, url, simURL string, opts postgres.Options, cfg cashier.Config, start bool) *instance {
	t.Helper()
	in, err := newInstance(context.Background(), url, simURL, opts, cfg, start)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		in.svc.Close(ctx)
		cancel()
		in.db.Close()
	})
	return in
}

// topUps runs n top ups of amount at once, spread over the services, and
// counts successes and refusals for want of deposit; anything else fails t
// unless tolerate.
func topUps(t *testing.T, svcs []*cashier.Service, n int, amount int64, tolerate bool) (ok, refused int64) {
	t.Helper()
	var okN, refusedN atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		svc := svcs[i%len(svcs)]
		wg.Go(func() {
			ctx := context.Background()
			q, err := svc.Inquiry(ctx, ledger.KindTopUp, ovosim.NumberSiti, amount)
			if err != nil {
				if !tolerate {
					t.Error(err)
				}
				t.Logf("inquiry: %v", err)
				return
			}
			res, err := svc.Execute(ctx, cashier.Order{Quote: q, Operator: fmt.Sprintf("op%d", i)})
			switch {
			case errors.Is(err, cashier.ErrDeposit):
				refusedN.Add(1)
			case err != nil:
				if !tolerate {
					t.Error(err)
				}
				t.Logf("execute: %v", err)
			case res.Txn.State == ledger.StateSuccess:
				okN.Add(1)
			case !tolerate:
				t.Errorf("top up %s: %s: %v", res.Txn.PartnerReferenceNo, res.Txn.State, res.Err)
			default:
				t.Logf("top up %s: %s: %v", res.Txn.PartnerReferenceNo, res.Txn.State, res.Err)
			}
		})
	}
	wg.Wait()
	return okN.Load(), refusedN.Load()
}

// watchMirror polls the mirror of each ledger until stop is closed and
// reports whether it was ever negative.
func watchMirror(dbs []*postgres.DB) (stop func() bool) {
	done := make(chan struct{})
	var negative atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			for _, db := range dbs {
				if d, err := db.Deposit(); err == nil && (d.Available < 0 || d.Balance < 0 || d.Reserved < 0) {
					negative.Store(true)
				}
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	return func() bool { close(done); wg.Wait(); return negative.Load() }
}

// agree checks that every transaction of the ledger is final, that the
// sandbox applied exactly the ledger's successes (each at most once), that
// their sum is the sandbox's deposit decrease, and that the mirror, read
// again, is the sandbox's deposit with nothing reserved.
func agree(t *testing.T, in *instance, sim *ovosim.Sim, deposit int64) (successes int) {
	t.Helper()
	var sum int64
	err := in.db.RangeTxns(time.Time{}, time.Now().Add(time.Hour), func(tx ledger.Txn) error {
		applied := sim.Applied(tx.PartnerReferenceNo)
		switch {
		case !tx.State.Final():
			t.Errorf("%s is still %s", tx.PartnerReferenceNo, tx.State)
		case applied > 1:
			t.Errorf("%s applied %d times by the sandbox", tx.PartnerReferenceNo, applied)
		case (tx.State == ledger.StateSuccess) != (applied == 1):
			t.Errorf("%s is %s in the ledger, applied %d times by the sandbox", tx.PartnerReferenceNo, tx.State, applied)
		case tx.State == ledger.StateSuccess:
			sum += tx.Amount
			successes++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := deposit - sim.Deposit(); got != sum {
		t.Errorf("the sandbox's deposit decreased by %d; the ledger's successes sum to %d", got, sum)
	}
	d, err := in.svc.RefreshDeposit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.Balance != sim.Deposit() || d.Reserved != 0 || d.Available != sim.Deposit() {
		t.Errorf("mirror %+v; the sandbox holds %d", d, sim.Deposit())
	}
	return successes
}

// Two service instances with separate pools × 32 sessions each, topping up
// against a deposit that covers only part of them: exactly as many succeed
// as the deposit covers, the mirror is never negative, and the successes
// sum to the sandbox's deposit decrease.
func TestTwoInstancesShareOneDeposit(t *testing.T) {
	const amount, deposit, sessions = 50_000, 1_000_000, 64
	url := pgtest.DB(t)
	sim, srv := sandbox(t, ovosim.Config{Deposit: deposit})
	cfg := cashier.Config{CallTimeout: 10 * time.Second}
	a := mustInstance(t, url, srv.URL, postgres.Options{Outlet: "A"}, cfg, true)
	b := mustInstance(t, url, srv.URL, postgres.Options{Outlet: "B"}, cfg, true)
	stop := watchMirror([]*postgres.DB{a.db, b.db})
	ok, refused := topUps(t, []*cashier.Service{a.svc, b.svc}, sessions, amount, false)
	if stop() {
		t.Error("the mirror went negative")
	}
	if ok != deposit/amount || refused != sessions-deposit/amount {
		t.Fatalf("%d succeeded and %d were refused; want %d and %d", ok, refused, deposit/amount, sessions-deposit/amount)
	}
	chain := mustInstance(t, url, srv.URL, postgres.Options{}, cashier.Config{}, false) // every outlet
	if n := agree(t, chain, sim, deposit); int64(n) != ok {
		t.Fatalf("the ledger holds %d successes, the sessions saw %d", n, ok)
	}
}

// child is a cashier process for the SIGKILL test: it starts top ups on
// the ledger and sandbox it is given, says READY once they are all begun,
// and waits to be killed.
func child() int {
	ctx := context.Background()
	// The default in-flight lease (two minutes): the survivor must not
	// need it to expire.
	in, err := newInstance(ctx, os.Getenv("OVO_PG_URL"), os.Getenv("OVO_PG_SIM"),
		postgres.Options{}, cashier.Config{CallTimeout: 5 * time.Second}, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 10
	}
	n := 8
	for i := range n {
		go func() {
			q, err := in.svc.Inquiry(ctx, ledger.KindTopUp, ovosim.NumberSiti, 10_000)
			if err == nil {
				_, err = in.svc.Execute(ctx, cashier.Order{Quote: q, Operator: fmt.Sprintf("child%d", i)})
			}
			fmt.Fprintln(os.Stderr, "top up ended before the kill:", err)
		}()
	}
	for {
		open, err := in.db.Open()
		if err == nil && len(open) == n {
			fmt.Println("READY")
			os.Stdout.Sync()
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(time.Minute)
	return 11
}

// One of two processes is killed (SIGKILL) with its top ups in flight: the
// other process's reconciler takes their leases at once — the dead
// process's holder session ended with it; its in-flight leases (two
// minutes) are not waited for — and settles every one by status within
// seconds: the sandbox and the ledger agree, none applied twice, the
// mirror matches.
func TestSIGKILLOneProcessOtherSettles(t *testing.T) {
	const deposit = 1_000_000
	url := pgtest.DB(t)
	sim, srv := sandbox(t, ovosim.Config{Deposit: deposit, Latency: 3 * time.Second})
	// The survivor: started first, so it is the one that migrates.
	b := mustInstance(t, url, srv.URL, postgres.Options{}, cashier.Config{CallTimeout: 5 * time.Second,
		CheckInterval: 50 * time.Millisecond, CheckMaxInterval: 200 * time.Millisecond, NotFoundGrace: 100 * time.Millisecond}, true)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OVO_PG_CHILD=1", "OVO_PG_URL="+url, "OVO_PG_SIM="+srv.URL)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "READY" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child: %q; stderr: %s", line, stderr.String())
	}
	// Some of the eight are at the sandbox, held by its latency: kill now.
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Kill()
	cmd.Wait()
	killed := time.Now()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die by SIGKILL: %v; stderr: %s", cmd.ProcessState, stderr.String())
	}
	// On a slow machine the child may have recorded an outcome or two
	// before it died; the rest are open with nobody's call in flight.
	open, err := b.db.Open()
	if err != nil || len(open) == 0 || len(open) > 8 {
		t.Fatalf("after the kill %d transactions are open (%v), want some of the child's 8", len(open), err)
	}
	t.Logf("%d of the child's 8 top ups were open when it died", len(open))
	// The survivor's reconciler settles them all: those the sandbox never
	// applied (their client went away) once "not found" is final, the
	// call's deadline (5 s) and NotFoundGrace after they began — far
	// sooner than the in-flight lease's two minutes.
	deadline := time.Now().Add(20 * time.Second)
	for len(open) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if open, err = b.db.Open(); err != nil {
			t.Fatal(err)
		}
	}
	if len(open) > 0 {
		t.Fatalf("%d transactions still open %v after the kill: %v", len(open), time.Since(killed).Round(time.Millisecond), ledgertest.Refs(open))
	}
	t.Logf("the survivor settled them all %v after the kill", time.Since(killed).Round(time.Millisecond))
	n := agree(t, b, sim, deposit)
	t.Logf("of the killed process's 8 top ups, %d had reached the sandbox and succeeded", n)
	if n > 8 {
		t.Fatalf("%d successes from 8 top ups", n)
	}
}
