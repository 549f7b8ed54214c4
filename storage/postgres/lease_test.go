package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// die ends db as a SIGKILL of its process does, as the server sees it:
// its watchdog stops (a dead process reconnects nothing) and the server
// terminates the holder session, waiting until it is gone. db is not
// closed; its leases and its pool are left as they are.
func die(t testing.TB, db *DB) {
	t.Helper()
	pid := db.hold.pid()
	db.hold.halt()
	terminate(t, db, pid)
}

// terminate has the server end session pid and waits until it has.
func terminate(t testing.TB, db *DB, pid uint32) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, db.hold.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_terminate_backend($1, 5000)`, int32(pid)).Scan(&ok); err != nil || !ok {
		t.Fatalf("terminating session %d: %v %v", pid, ok, err)
	}
}

// Two processes (handles with their own pools): the lease on an open
// transaction is one at a time; Begin's process holds it until Settle
// records the outcome, or until Options.InflightLease while it lives; a
// lease not released expires; a final transaction keeps no lease.
func TestLeases(t *testing.T) {
	url := pgtest.DB(t)
	a := open(t, url, Options{InflightLease: 300 * time.Millisecond})
	b := open(t, url, Options{})
	if _, err := a.SetBalance(1_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	tx, err := a.Begin(ledgertest.NewTxn(10_000))
	if err != nil {
		t.Fatal(err)
	}
	ref := tx.PartnerReferenceNo
	lease := func(db *DB, ttl time.Duration) (func(), bool) {
		t.Helper()
		release, ok, err := db.Lease(ref, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return release, ok
	}
	// In flight in a: b's reconciler keeps off; a itself may check it.
	if _, ok := lease(b, time.Minute); ok {
		t.Fatal("b leased a transaction whose call is in flight in a")
	}
	// a hangs (alive, holding its lock): its in-flight lease expires and
	// b takes over.
	time.Sleep(400 * time.Millisecond)
	releaseB, ok := lease(b, time.Minute)
	if !ok {
		t.Fatal("b could not lease after a's lease expired")
	}
	if _, ok := lease(a, time.Minute); ok {
		t.Fatal("a leased while b holds the lease")
	}
	releaseB()
	releaseA, ok := lease(a, 100*time.Millisecond)
	if !ok {
		t.Fatal("a could not lease after b released")
	}
	_ = releaseA // not released: expires
	time.Sleep(200 * time.Millisecond)
	if _, ok := lease(b, time.Minute); !ok {
		t.Fatal("an expired lease was not taken over")
	}
	// The outcome recorded as final: no lease remains.
	if _, err := b.Settle(ref, ledger.Outcome{State: ledger.StateFailed}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := a.Pool().QueryRow(context.Background(), `SELECT count(*) FROM txn_leases`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d leases left after a final settle (%v)", n, err)
	}
}

// A holder name is one open handle's: a second handle asking for a name
// in use is refused, and gets it once the first is closed. Handles left to
// pick their names never share one.
func TestHolderNamesUnique(t *testing.T) {
	url := pgtest.DB(t)
	a := open(t, url, Options{Holder: "till-1"})
	if _, err := Open(context.Background(), url, Options{Holder: "till-1"}); !errors.Is(err, ErrHolderInUse) {
		t.Fatalf("a second handle under a held name: %v; want ErrHolderInUse", err)
	}
	a.Close()
	b := open(t, url, Options{Holder: "till-1"})
	if b.holder != "till-1" {
		t.Fatalf("holder %q", b.holder)
	}
	c, d := open(t, url, Options{}), open(t, url, Options{})
	if c.holder == d.holder || c.holder == "" {
		t.Fatalf("picked names %q and %q", c.holder, d.holder)
	}
}

// The holder session ended under a live process (a server restart, a
// network cut, an administrator): its leases are free to others at once,
// and the watchdog takes the lock back, after which a new lease of the
// process is again its own.
func TestHolderSessionReconnects(t *testing.T) {
	url := pgtest.DB(t)
	a := open(t, url, Options{})
	b := open(t, url, Options{})
	if _, err := a.SetBalance(1_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	first, err := a.Begin(ledgertest.NewTxn(10_000))
	if err != nil {
		t.Fatal(err)
	}
	old := a.hold.pid()
	terminate(t, a, old)
	if _, ok, err := b.Lease(first.PartnerReferenceNo, time.Minute); !ok || err != nil {
		t.Fatalf("a's lease not free after its holder session ended: %v", err)
	}
	deadline := time.Now().Add(4 * holderPing)
	for a.hold.pid() == old || a.hold.pid() == 0 || !a.hold.isHeld() {
		if time.Now().After(deadline) {
			t.Fatal("the watchdog did not take the holder lock back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	second, err := a.Begin(ledgertest.NewTxn(10_000))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Lease(second.PartnerReferenceNo, time.Minute); ok {
		t.Fatal("b leased a transaction in flight in a after a's holder came back")
	}
}

// Begin's lease ends when the call's outcome is recorded, even unknown:
// then any process's reconciler may check it.
func TestInflightLeaseEndsAtOutcome(t *testing.T) {
	url := pgtest.DB(t)
	a := open(t, url, Options{})
	b := open(t, url, Options{})
	if _, err := a.SetBalance(1_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	tx, err := a.Begin(ledgertest.NewTxn(10_000))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Lease(tx.PartnerReferenceNo, time.Minute); ok {
		t.Fatal("leased while in flight")
	}
	if _, err := a.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateUnknown}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := b.Lease(tx.PartnerReferenceNo, time.Minute); !ok || err != nil {
		t.Fatalf("not leased after the unknown outcome: %v", err)
	}
}
