package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// Settle adds to the deposit's shard rows, not its row: the mirror read
// is the row plus the shards, a reading counts the shards' debits since
// it started, folds them into the row, and what settles after it counts
// from there — the same figures the one-row mirror gave.
func TestSettleShardsFoldIntoReading(t *testing.T) {
	url := pgtest.DB(t)
	a, b := open(t, url, Options{}), open(t, url, Options{})
	want := func(db *DB, balance, reserved, uncertain int64) {
		t.Helper()
		d, err := db.Deposit()
		if err != nil || d.Balance != balance || d.Reserved != reserved || d.Uncertain != uncertain || d.Available != max(balance-reserved, 0) {
			t.Fatalf("deposit %+v, %v; want balance %d reserved %d uncertain %d", d, err, balance, reserved, uncertain)
		}
	}
	if _, err := a.SetBalance(1_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	var refs []string
	for range 5 {
		tx, err := a.Begin(ledgertest.NewTxn(10_000))
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, tx.PartnerReferenceNo)
	}
	r0, err := a.ReadingStart(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range []ledger.State{ledger.StateSuccess, ledger.StateSuccess, ledger.StateSuccess, ledger.StateFailed} {
		db := []*DB{a, b}[i%2] // settled by both processes
		if _, err := db.Settle(refs[i], ledger.Outcome{State: st, ReferenceNo: "OVO" + refs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	want(b, 970_000, 10_000, 0)
	// OVO answered 975,000 to a reading sent before the three successes:
	// they are subtracted once, and counted as uncertain.
	if _, err := b.RecordReading(975_000, r0); err != nil {
		t.Fatal(err)
	}
	want(a, 945_000, 10_000, 30_000)
	var folded, settled int64
	if err := a.pool.QueryRow(context.Background(), `SELECT d.folded_debited, (SELECT sum(debited) FROM deposit_settled)
		FROM deposit d WHERE d.id = 1`).Scan(&folded, &settled); err != nil || folded != 30_000 || settled != 30_000 {
		t.Fatalf("after the reading the row folded %d of the shards' %d (%v); want 30000 of 30000", folded, settled, err)
	}
	// The last one was open at the reading: its success may be in OVO's
	// figure already, so it is debited and counted as uncertain.
	if _, err := a.Settle(refs[4], ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: "OVO" + refs[4]}); err != nil {
		t.Fatal(err)
	}
	want(b, 935_000, 0, 40_000)
	if r, err := b.ReadingStart(time.Time{}); err != nil || r.Debited != 40_000 {
		t.Fatalf("running total of debits %d, %v; want 40000", r.Debited, err)
	}
	// A reservation sees the shards: what the successes released is free.
	if _, err := b.Begin(ledgertest.NewTxn(935_000)); err != nil {
		t.Fatalf("a Begin of all that is available: %v", err)
	}
	if _, err := a.Begin(ledgertest.NewTxn(1)); !errorsIsInsufficient(err) {
		t.Fatalf("a Begin beyond it: %v; want ErrInsufficientDeposit", err)
	}
}

// errorsIsInsufficient: err refuses for the deposit, nothing available.
func errorsIsInsufficient(err error) bool {
	var de *ledger.InsufficientDepositError
	return errors.As(err, &de) && de.Available == 0
}
