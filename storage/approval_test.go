package storage

import (
	"testing"
	"time"
)

func TestApprovalHoldDecideDispatch(t *testing.T) {
	db, clk := openTest(t)
	fund(t, db, 1_000_000)
	hold := func(amount int64) Approval {
		a, err := db.HoldApproval(NewApproval{Kind: KindDisburse, CustomerNumber: "081234567890", Amount: amount, Maker: "ani", ExpiresAt: testStart.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := hold(600_000)
	if d := mustDeposit(t, db); d.Reserved != 600_000 || d.Available != 400_000 {
		t.Fatalf("held amount not reserved: %+v", d)
	}
	if _, err := db.HoldApproval(NewApproval{Kind: KindDisburse, CustomerNumber: "081234567890", Amount: 500_000, Maker: "ani"}); err == nil {
		t.Fatal("a hold above the available deposit was taken")
	}
	mustCheck(t, db)
	if _, _, err := db.DispatchApproval(a.ID, "x1"); err == nil {
		t.Fatal("an approval awaiting a decision was dispatched")
	}
	if _, err := db.DecideApproval(a.ID, Decision{Approve: true, Approver: "siti"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideApproval(a.ID, Decision{Approve: false, Approver: "siti"}); err == nil {
		t.Fatal("an approval was decided twice")
	}
	mustCheck(t, db)
	tx, got, err := db.DispatchApproval(a.ID, "x1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != ApprovalSent || got.Ref != tx.PartnerReferenceNo || tx.State != StatePending || tx.Operator != "ani" {
		t.Fatalf("dispatch: %+v %+v", got, tx)
	}
	if _, _, err := db.DispatchApproval(a.ID, "x2"); err == nil {
		t.Fatal("an approval was dispatched twice")
	}
	if d := mustDeposit(t, db); d.Reserved != 600_000 {
		t.Fatalf("reservation not moved to the transaction: %+v", d)
	}
	mustCheck(t, db)

	b := hold(100_000)
	if _, err := db.DecideApproval(b.ID, Decision{Approver: "siti", Reason: "too much"}); err != nil {
		t.Fatal(err)
	}
	c := hold(100_000)
	if _, err := db.ExpireApproval(c.ID); err == nil {
		t.Fatal("expired before its time")
	}
	clk.Set(testStart.Add(2 * time.Hour))
	if e, err := db.ExpireApproval(c.ID); err != nil || e.State != ApprovalExpired {
		t.Fatal(e, err)
	}
	if d := mustDeposit(t, db); d.Reserved != 600_000 {
		t.Fatalf("rejected and expired approvals still reserved: %+v", d)
	}
	if held, _ := db.Approvals(true); len(held) != 0 {
		t.Fatalf("held: %+v", held)
	}
	mustCheck(t, db)
	if _, err := db.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

// History filtered by operator keeps only theirs, across pages.
func TestHistoryByOperator(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 10_000_000)
	for i := range 7 {
		n := newTxn(10_000)
		n.Operator = []string{"ani", "budi"}[i%2]
		mustBegin(t, db, n)
	}
	var got []string
	q := Query{Operator: "ANI", Limit: 2}
	for {
		p, err := db.History(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range p.Txns {
			got = append(got, tx.Operator)
		}
		if p.Next == "" {
			break
		}
		q.Before = p.Next
	}
	if len(got) != 4 || got[0] != "ani" || got[3] != "ani" {
		t.Fatalf("ani's history: %v", got)
	}
}
