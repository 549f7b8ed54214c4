package storage

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledgertest"
)

// clock is the contract suite's settable fake clock: every reading
// advances it by a millisecond.
type clock = ledgertest.Clock

func newClock(t time.Time) *clock { return ledgertest.NewClock(t) }

// jkt is a time in Asia/Jakarta.
func jkt(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, jakarta)
}

// testStart is when the fake clock starts: 10 March 2025, 10:00 in Jakarta.
var testStart = jkt(2025, time.March, 10, 10, 0, 0)

// openTest opens a NoSync ledger in a fresh temp dir with a fake clock and
// closes it when the test ends.
func openTest(t testing.TB) (*DB, *clock) {
	t.Helper()
	clk := newClock(testStart)
	db, err := Open(filepath.Join(t.TempDir(), "ledger.db"), Options{NoSync: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db, clk
}

// fund sets the mirrored balance.
func fund(t testing.TB, db *DB, balance int64) {
	t.Helper()
	if _, err := db.SetBalance(balance, time.Time{}); err != nil {
		t.Fatal(err)
	}
}

// newTxn is a valid NewTxn for amount.
func newTxn(amount int64) NewTxn {
	return NewTxn{
		Kind:           KindTopUp,
		CustomerNumber: "081234567890",
		CustomerName:   "BUDI SANTOSO",
		Amount:         amount,
		Fee:            1000,
		Operator:       "ani",
		Outlet:         "OUTLET-1",
		ExternalID:     "ext-1",
		SessionID:      "sess-1",
	}
}

func mustBegin(t testing.TB, db *DB, n NewTxn) Txn {
	t.Helper()
	tx, err := db.Begin(n)
	if err != nil {
		t.Fatalf("Begin(%+v): %v", n, err)
	}
	return tx
}

func mustSettle(t testing.TB, db *DB, ref string, o Outcome) Txn {
	t.Helper()
	tx, err := db.Settle(ref, o)
	if err != nil {
		t.Fatalf("Settle(%s, %+v): %v", ref, o, err)
	}
	return tx
}

func mustDeposit(t testing.TB, db *DB) Deposit {
	t.Helper()
	d, err := db.Deposit()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mustCheck fails the test if the ledger's invariants do not hold.
func mustCheck(t testing.TB, db *DB) {
	t.Helper()
	if err := db.Check(); err != nil {
		t.Fatalf("ledger invariants broken:\n%v", err)
	}
}

// wantErr checks err against a sentinel (nil means no error wanted).
func wantErr(t testing.TB, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want one matching %v", err, want)
	}
}
