package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// Two processes (handles with their own pools): the lease on an open
// transaction is one at a time; Begin's process holds it until Settle
// records the outcome; a lease not released expires; a final transaction
// keeps no lease.
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
	// a "dies": its in-flight lease expires and b takes over.
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
