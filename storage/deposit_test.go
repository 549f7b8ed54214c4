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
	if d != (Deposit{RefreshedAt: d.RefreshedAt}) {
		t.Fatalf("deposit after debiting more than the balance = %+v, want all zero", d)
	}
	mustCheck(t, db)
}
