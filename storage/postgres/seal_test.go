package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// stopSealing stops db's sealer goroutine without a last seal: its writes
// stay queued, as those of a process that dies between its commits and
// their seal.
func stopSealing(db *DB) {
	close(db.sealStop)
	<-db.sealDone
}

// dieUnsealed ends db as a killed process ends (die), its queued audit
// records unsealed: no last seal, its pool gone.
func dieUnsealed(t testing.TB, db *DB) {
	die(t, db)
	db.closed.Store(true)
	db.pool.Close()
}

// queued counts the audit records committed and not sealed yet.
func queued(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_queue`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// chain reads the whole trail and checks that it verifies, holds want
// records, and has each transaction's "send" before its "settle".
func chain(t *testing.T, db *DB, want int) {
	t.Helper()
	n, err := db.VerifyAudit()
	if err != nil || n != uint64(want) {
		t.Fatalf("VerifyAudit: %d records, %v; want %d", n, err, want)
	}
	sent := map[string]bool{}
	var seen int
	err = db.AuditRange(time.Time{}, time.Now().Add(24*time.Hour), func(r ledger.AuditRecord) error {
		seen++
		switch r.Action {
		case "send":
			sent[r.Ref] = true
		case "settle":
			if !sent[r.Ref] {
				return fmt.Errorf("record %d settles %s before its send", r.Seq, r.Ref)
			}
		}
		return nil
	})
	if err != nil || seen != want {
		t.Fatalf("AuditRange: %d records, %v; want %d", seen, err, want)
	}
}

// Audit records committed but not sealed when their process dies are
// sealed by the next process to open the ledger, without anyone reading
// the trail, and the chain verifies with each in its place.
func TestAuditQueuedAtDeathSealedByNextProcess(t *testing.T) {
	url := pgtest.DB(t)
	a := open(t, url, Options{})
	if _, err := a.SetBalance(1_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AppendAudit(ledger.AuditEntry{Who: "siti", From: "terminal T1", Action: "login"}); err != nil {
		t.Fatal(err)
	}
	stopSealing(a)
	for i := range 5 {
		tx, err := a.Begin(ledgertest.NewTxn(int64(10_000 * (i + 1))))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: fmt.Sprint("OVO", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if n := queued(t, a); n != 10 {
		t.Fatalf("%d records queued before the death; want 10 (5 sends, 5 settles)", n)
	}
	dieUnsealed(t, a)

	b := open(t, url, Options{})
	deadline := time.Now().Add(10 * time.Second)
	for queued(t, b) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("Open did not seal what the dead process queued: %d records still queued", queued(t, b))
		}
		time.Sleep(20 * time.Millisecond)
	}
	chain(t, b, 11)
	if d, err := b.Deposit(); err != nil || d.Balance != 1_000_000-150_000 || d.Reserved != 0 {
		t.Fatalf("deposit after the death: %+v, %v", d, err)
	}
}

// Two processes (handles with their own pools) beginning, settling and
// appending at once, each sealing on its own, make one chain that
// verifies, with every event in it once and each transaction's send
// before its settle; the queue ends empty.
func TestAuditSealedAcrossProcesses(t *testing.T) {
	url := pgtest.DB(t)
	a, b := open(t, url, Options{Outlet: "A"}), open(t, url, Options{Outlet: "B"})
	if _, err := a.SetBalance(100_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	const per = 12
	var wg sync.WaitGroup
	errs := make(chan error, 4*per)
	for _, db := range []*DB{a, b} {
		for i := range per {
			wg.Go(func() {
				tx, err := db.Begin(ledgertest.NewTxn(10_000))
				if err == nil {
					_, err = db.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: fmt.Sprint("OVO", db.Outlet(), i)})
				}
				errs <- err
			})
			wg.Go(func() {
				_, err := db.AppendAudit(ledger.AuditEntry{Who: fmt.Sprint("op", i), From: "terminal " + db.Outlet(), Action: "login"})
				errs <- err
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, db := range []*DB{a, b} {
		chain(t, db, 2*3*per)
	}
	if n := queued(t, a); n != 0 {
		t.Fatalf("%d records still queued after the readers sealed", n)
	}
}
