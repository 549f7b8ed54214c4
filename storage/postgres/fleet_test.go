package postgres

import (
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// The fleet counts each outlet's day (successes, failures, fees), what is
// open now whatever its day (shifts, approvals held, transactions not
// final), and lists an outlet with nothing today.
func TestFleet(t *testing.T) {
	url := pgtest.DB(t)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, ledger.Jakarta)
	now := day.Add(10 * time.Hour)
	clock := func() time.Time { return now }
	a := open(t, url, Options{Outlet: "A", Now: clock})
	b := open(t, url, Options{Outlet: "B", Now: clock})
	q := open(t, url, Options{Outlet: "Q", Now: func() time.Time { return day.Add(-time.Hour) }}) // the day before
	if _, err := a.SetBalance(10_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	begin := func(db *DB, kind ledger.Kind, amount int64, o ledger.State) {
		t.Helper()
		tx, err := db.Begin(ledger.NewTxn{Kind: kind, CustomerNumber: "081234567890", Amount: amount, Fee: 1_000})
		if err != nil {
			t.Fatal(err)
		}
		if o != ledger.StatePending {
			if _, err := db.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: o, ReferenceNo: "OVO" + tx.PartnerReferenceNo, Code: "2003800"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	begin(a, ledger.KindTopUp, 50_000, ledger.StateSuccess)
	begin(a, ledger.KindTopUp, 20_000, ledger.StateSuccess)
	begin(a, ledger.KindDisburse, 300_000, ledger.StateSuccess)
	begin(a, ledger.KindTopUp, 10_000, ledger.StateFailed)
	begin(a, ledger.KindTopUp, 15_000, ledger.StateUnknown)
	begin(q, ledger.KindTopUp, 40_000, ledger.StatePending) // yesterday, still open
	if _, err := b.OpenShift(ledger.NewShift{Operator: "budi", Terminal: "T2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.HoldApproval(ledger.NewApproval{Kind: ledger.KindDisburse, CustomerNumber: "081298765432", Amount: 2_000_000, Maker: "budi", ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, err := a.Fleet(day, day.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Outlet != "A" || got[1].Outlet != "B" || got[2].Outlet != "Q" {
		t.Fatalf("outlets %+v", got)
	}
	A, B, Q := got[0], got[1], got[2]
	if A.TopUps != (KindDay{Success: 2, SuccessAmount: 70_000, Fees: 2_000, Failed: 1, Open: 1, OpenAmount: 15_000}) ||
		A.Disbursements != (KindDay{Success: 1, SuccessAmount: 300_000, Fees: 1_000}) || A.Unknown != 1 || A.UnknownAmount != 15_000 {
		t.Fatalf("A: %+v", A)
	}
	if len(B.OpenShifts) != 1 || B.OpenShifts[0].Operator != "budi" || B.Awaiting != 1 || B.AwaitingAmount != 2_000_000 || B.TopUps != (KindDay{}) {
		t.Fatalf("B: %+v", B)
	}
	if Q.TopUps != (KindDay{}) || Q.Unknown != 1 || Q.UnknownAmount != 40_000 {
		t.Fatalf("Q (nothing today, one open from yesterday): %+v", Q)
	}
}
