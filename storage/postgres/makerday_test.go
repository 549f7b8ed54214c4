package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/internal/pgtest"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// One maker's top ups at their per-day limit from two processes of one
// outlet at once (pools of 4 connections, so that a lock waiting for its
// turn cannot starve the Begins): exactly as many are sent as fit; the
// rest wait for approval. Each process alone could not see the other's
// top ups in time: the ledger's lock (LockMakerDay) makes the check and
// the Begin one step across them.
func TestMakerDayLimitAcrossProcesses(t *testing.T) {
	const amount, fits, tries = 100_000, 10, 30
	url := pgtest.DB(t)
	_, srv := sandbox(t, ovosim.Config{Deposit: 100_000_000})
	cfg := cashier.Config{CallTimeout: 10 * time.Second,
		Limits: cashier.Limits{cashier.RoleCashier: {ledger.KindTopUp: {PerTxn: 1_000_000, PerDay: fits * amount}}}}
	opts := postgres.Options{Outlet: "A", MaxConns: 4}
	a := mustInstance(t, url, srv.URL, opts, cfg, true)
	b := mustInstance(t, url, srv.URL, opts, cfg, true)
	q, err := a.svc.Inquiry(context.Background(), ledger.KindTopUp, ovosim.NumberSiti, amount)
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg         sync.WaitGroup
		mu         sync.Mutex
		sent, held int
	)
	start := make(chan struct{})
	for i := range tries {
		svc := []*cashier.Service{a.svc, b.svc}[i%2]
		wg.Go(func() {
			<-start
			res, err := svc.Execute(context.Background(), cashier.Order{Quote: q, Operator: "Ani", Role: cashier.RoleCashier})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, cashier.ErrAwaitingApproval):
				held++
			case err == nil && res.Txn.State == ledger.StateSuccess:
				sent++
			default:
				t.Errorf("%v %+v", err, res)
			}
		})
	}
	close(start)
	wg.Wait()
	if sent != fits || held != tries-fits {
		t.Fatalf("sent %d, held %d: want exactly %d sent", sent, held, fits)
	}
	from := time.Now().Add(-time.Hour)
	total, unlock, err := a.db.LockMakerDay(context.Background(), "ANI", ledger.KindTopUp, from, from.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	unlock() // twice is harmless
	if total != tries*amount {
		t.Fatalf("LockMakerDay: %d, want %d (sent and held)", total, tries*amount)
	}
}

// LockMakerDay on one handle waits while another handle (another process)
// holds the same maker's lock, and then reads what that holder began.
func TestLockMakerDayWaitsForTheHolder(t *testing.T) {
	url := pgtest.DB(t)
	_, srv := sandbox(t, ovosim.Config{Deposit: 100_000_000})
	opts := postgres.Options{Outlet: "A"}
	a := mustInstance(t, url, srv.URL, opts, cashier.Config{}, false)
	b := mustInstance(t, url, srv.URL, opts, cashier.Config{}, false)
	ctx := context.Background()
	from := time.Now().Add(-time.Hour)
	to := from.Add(2 * time.Hour)
	total, unlockA, err := a.db.LockMakerDay(ctx, "Ani", ledger.KindTopUp, from, to)
	if err != nil || total != 0 {
		t.Fatalf("first lock: %d %v", total, err)
	}
	type got struct {
		total  int64
		unlock func()
		err    error
	}
	second := make(chan got, 1)
	go func() {
		total, unlock, err := b.db.LockMakerDay(ctx, "ani", ledger.KindTopUp, from, to)
		second <- got{total, unlock, err}
	}()
	select {
	case g := <-second:
		if g.unlock != nil {
			g.unlock()
		}
		unlockA()
		t.Fatalf("the second process got the lock while the first held it: %d %v", g.total, g.err)
	case <-time.After(300 * time.Millisecond):
	}
	// The holder sends one (no role: no lock of its own), then lets go.
	q, err := a.svc.Inquiry(ctx, ledger.KindTopUp, ovosim.NumberSiti, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := a.svc.Execute(ctx, cashier.Order{Quote: q, Operator: "Ani"}); err != nil || res.Txn.State != ledger.StateSuccess {
		t.Fatalf("%v %+v", err, res)
	}
	unlockA()
	select {
	case g := <-second:
		if g.err != nil || g.total != 100_000 {
			t.Fatalf("the second lock read %d (%v), want the first's 100.000", g.total, g.err)
		}
		g.unlock()
	case <-time.After(10 * time.Second):
		t.Fatal("the second process never got the lock")
	}
}
