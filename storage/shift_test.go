package storage

import (
	"errors"
	"testing"
	"time"
)

func mustOpenShift(t *testing.T, db *DB, op, term string) Shift {
	t.Helper()
	s, err := db.OpenShift(NewShift{Operator: op, Terminal: term, Outlet: "OUTLET-1", Float: 100_000,
		DepositOpen: Reading{Balance: 1_000_000, At: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestShiftOpenCloseOnePerOperatorAndTerminal(t *testing.T) {
	db, _ := openTest(t)
	s := mustOpenShift(t, db, "ani", "T1")
	if s.ID != "S00000001" || s.Closed() || !s.DepositOpen.OK() {
		t.Fatalf("shift %+v", s)
	}
	_, err := db.OpenShift(NewShift{Operator: "ani", Terminal: "T1"})
	var so *ShiftOpenError
	if !errors.As(err, &so) || so.ID != s.ID || !errors.Is(err, ErrShiftOpen) {
		t.Fatalf("second open: %v", err)
	}
	other := mustOpenShift(t, db, "ani", "T2") // another terminal
	mustOpenShift(t, db, "budi", "T1")         // another operator
	if cur, err := db.CurrentShift("ani", "T1"); err != nil || cur.ID != s.ID {
		t.Fatalf("current %+v %v", cur, err)
	}
	closed, err := db.CloseShift(s.ID, ShiftClose{Counted: 99_000, Note: "short", OpenAtClose: []string{"x"}})
	if err != nil || !closed.Closed() || closed.Counted != 99_000 || closed.Note != "short" {
		t.Fatalf("close %+v %v", closed, err)
	}
	if _, err := db.CloseShift(s.ID, ShiftClose{}); !errors.Is(err, ErrShiftClosed) {
		t.Fatalf("second close: %v", err)
	}
	if _, err := db.CurrentShift("ani", "T1"); !errors.Is(err, ErrNoShift) {
		t.Fatalf("current after close: %v", err)
	}
	if again := mustOpenShift(t, db, "ani", "T1"); again.ID == s.ID {
		t.Fatal("reopened the same shift")
	}
	if _, err := db.AddCashMove(CashMove{ShiftID: s.ID, In: true, Amount: 1, Reason: "x"}); !errors.Is(err, ErrShiftClosed) {
		t.Fatalf("pay-in on a closed shift: %v", err)
	}
	if _, err := db.AddCashMove(CashMove{ShiftID: other.ID, Amount: 5_000}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("pay-out without a reason: %v", err)
	}
	m, err := db.AddCashMove(CashMove{ShiftID: other.ID, Amount: 5_000, Reason: "change to the bank"})
	if err != nil || m.ID == "" {
		t.Fatalf("pay-out %+v %v", m, err)
	}
	if ms, err := db.CashMoves(other.ID); err != nil || len(ms) != 1 || ms[0].Reason != "change to the bank" {
		t.Fatalf("moves %+v %v", ms, err)
	}
	if _, err := db.OpenShift(NewShift{Operator: " ", Terminal: "T1"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("blank operator: %v", err)
	}
	mustCheck(t, db)
}

func TestShiftIndexAndTransactions(t *testing.T) {
	db, clk := openTest(t)
	fund(t, db, 10_000_000)
	a := mustOpenShift(t, db, "ani", "T1")
	b := mustOpenShift(t, db, "budi", "T2")
	var want []string
	for i := range 5 {
		n := newTxn(int64(10_000 + i))
		n.ShiftID = a.ID
		want = append(want, mustBegin(t, db, n).PartnerReferenceNo)
		n.ShiftID = b.ID
		mustBegin(t, db, n)
	}
	mustBegin(t, db, newTxn(50_000)) // no shift
	var got []string
	if err := db.ShiftTxns(a.ID, func(t Txn) error { got = append(got, t.PartnerReferenceNo); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("shift txns %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("shift txns %v, want %v", got, want)
		}
	}
	// A transaction cannot be stamped with a closed or unknown shift.
	if _, err := db.CloseShift(a.ID, ShiftClose{}); err != nil {
		t.Fatal(err)
	}
	n := newTxn(10_000)
	n.ShiftID = a.ID
	if _, err := db.Begin(n); !errors.Is(err, ErrShiftClosed) {
		t.Fatalf("begin on a closed shift: %v", err)
	}
	n.ShiftID = "S99"
	if _, err := db.Begin(n); !errors.Is(err, ErrNoShift) {
		t.Fatalf("begin on an unknown shift: %v", err)
	}
	// The day range and the shifts of the day.
	start, end := DayBounds(testStart)
	count := 0
	if err := db.RangeTxns(start, end, func(Txn) error { count++; return nil }); err != nil || count != 11 {
		t.Fatalf("day range: %d %v", count, err)
	}
	count = 0
	if err := db.RangeOtherTxns(start, end, a.ID, func(t Txn) error {
		if t.ShiftID == a.ID {
			return errors.New("a transaction of the excluded shift")
		}
		count++
		return nil
	}); err != nil || count != 6 {
		t.Fatalf("range without shift %s: %d %v", a.ID, count, err)
	}
	clk.Set(testStart.AddDate(0, 0, 1))
	mustBegin(t, db, newTxn(10_000))
	count = 0
	if err := db.RangeTxns(start, end, func(Txn) error { count++; return nil }); err != nil || count != 11 {
		t.Fatalf("day range after the next day began: %d %v", count, err)
	}
	shifts, err := db.ShiftsOpened(start, end)
	if err != nil || len(shifts) != 2 || shifts[0].ID != a.ID || !shifts[0].Closed() {
		t.Fatalf("shifts of the day %+v %v", shifts, err)
	}
	// Recon marks.
	if err := db.PutReconMark(want[0], ReconMark{Status: "00", State: StatePending, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if m, ok, err := db.ReconMark(want[0]); err != nil || !ok || m.Status != "00" {
		t.Fatalf("mark %+v %v %v", m, ok, err)
	}
	if _, ok, _ := db.ReconMark(want[1]); ok {
		t.Fatal("mark on an unmarked transaction")
	}
	if err := db.PutReconMark("nope", ReconMark{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("mark on an unknown ref: %v", err)
	}
	mustCheck(t, db)
}
