package storage

import (
	"testing"
	"time"
)

func TestSetBalance(t *testing.T) {
	db, _ := openTest(t)
	if d := mustDeposit(t, db); d != (Deposit{}) {
		t.Fatalf("new ledger deposit = %+v", d)
	}
	t1 := testStart.Add(time.Hour)
	d, err := db.SetBalance(700_000, t1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Balance != 700_000 || d.Available != 700_000 || !d.RefreshedAt.Equal(t1) {
		t.Fatalf("deposit = %+v", d)
	}
	// An older reading is ignored, without a commit.
	commits0 := db.c.commits.Load()
	d, err = db.SetBalance(1, t1.Add(-time.Second))
	if n := db.c.commits.Load() - commits0; n != 0 {
		t.Errorf("ignored reading cost %d commits", n)
	}
	if err != nil {
		t.Fatal(err)
	}
	if d.Balance != 700_000 || !d.RefreshedAt.Equal(t1) {
		t.Fatalf("older reading applied: %+v", d)
	}
	// A reading at the same time or later is applied.
	if d, _ = db.SetBalance(650_000, t1); d.Balance != 650_000 {
		t.Fatalf("same-time reading ignored: %+v", d)
	}
	_, err = db.SetBalance(-1, t1.Add(time.Hour))
	wantErr(t, err, ErrInvalid)
	if got := mustDeposit(t, db); got.Balance != 650_000 {
		t.Fatalf("stored deposit = %+v", got)
	}
}

func TestDepositNeverNegative(t *testing.T) {
	db, clk := openTest(t)
	fund(t, db, 100_000)
	a := mustBegin(t, db, newTxn(100_000)).PartnerReferenceNo
	// OVO now reports less than is reserved (money spent elsewhere).
	if _, err := db.SetBalance(30_000, clk.Now()); err != nil {
		t.Fatal(err)
	}
	d := mustDeposit(t, db)
	if d.Available != 0 || d.Reserved != 100_000 || d.Balance != 30_000 {
		t.Fatalf("deposit = %+v, want available 0", d)
	}
	_, err := db.Begin(newTxn(1))
	wantErr(t, err, ErrInsufficientDeposit)
	mustSettle(t, db, a, Outcome{State: StateSuccess})
	d = mustDeposit(t, db)
	// a was open during the reading of 30,000: it may be in it (uncertain).
	if d != (Deposit{RefreshedAt: d.RefreshedAt, Uncertain: 100_000}) {
		t.Fatalf("deposit after debiting more than the balance = %+v, want all zero but Uncertain", d)
	}
	mustCheck(t, db)
}

// The reconciliation rule of Deposit, step by step against what OVO holds.
func TestReadingReconciledWithOpenTransactions(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000) // nothing open: exact
	a := mustBegin(t, db, newTxn(100_000)).PartnerReferenceNo

	// A reading taken while a is open, after OVO applied it: 900,000.
	r, err := db.ReadingStart(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.RecordReading(900_000, r)
	if err != nil || d.Balance != 900_000 || d.Uncertain != 0 || d.Available != 800_000 {
		t.Fatalf("reading with a open: %+v, %v", d, err)
	}
	// a succeeds: it may be in the reading, so the debit is taken but
	// counted as uncertain; never more than OVO can hold.
	mustSettle(t, db, a, Outcome{State: StateSuccess})
	if d = mustDeposit(t, db); d.Balance != 800_000 || d.Uncertain != 100_000 || d.Available != 800_000 {
		t.Fatalf("after a succeeded: %+v", d)
	}
	// The next reading, with nothing open, is exact.
	if d, _ = db.SetBalance(900_000, time.Time{}); d.Balance != 900_000 || d.Uncertain != 0 {
		t.Fatalf("fresh reading: %+v", d)
	}
	// b opens after that reading: not in it, debited plainly.
	b := mustBegin(t, db, newTxn(50_000)).PartnerReferenceNo
	mustSettle(t, db, b, Outcome{State: StateSuccess})
	if d = mustDeposit(t, db); d.Balance != 850_000 || d.Uncertain != 0 {
		t.Fatalf("after b: %+v", d)
	}
	// A reading asked before c succeeded and answered after: the reading may
	// predate c, so c's debit is subtracted from it (as uncertain).
	c := mustBegin(t, db, newTxn(20_000)).PartnerReferenceNo
	r, _ = db.ReadingStart(time.Time{})
	mustSettle(t, db, c, Outcome{State: StateSuccess})
	if d, _ = db.RecordReading(850_000, r); d.Balance != 830_000 || d.Uncertain != 20_000 || d.Reserved != 0 {
		t.Fatalf("reading overlapping c's success: %+v", d)
	}
	// A failed transaction that was open during a reading changes nothing.
	f := mustBegin(t, db, newTxn(10_000)).PartnerReferenceNo
	db.SetBalance(830_000, time.Time{})
	mustSettle(t, db, f, Outcome{State: StateFailed})
	if d = mustDeposit(t, db); d.Balance != 830_000 || d.Uncertain != 0 || d.Available != 830_000 {
		t.Fatalf("after f failed: %+v", d)
	}
	mustCheck(t, db)
}
