package storage

import (
	"errors"
	"testing"
)

func disburse(phone string, amount int64) NewTxn {
	return NewTxn{Kind: KindDisburse, CustomerNumber: phone, Amount: amount, Operator: "budi"}
}

// The link between a row and its transaction is written with the pending
// record, once: a row is never begun twice; a begin the deposit cannot
// cover leaves the row and the batch's reservation as they were; only a
// failed transaction is set aside to send the row again; Check counts the
// batches' reservations.
func TestBatchRowLinkAndReservation(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 100_000)
	rows := []BatchRow{
		{Line: 2, Phone: "081300000001", Amount: 30_000, State: RowLoaded},
		{Line: 3, Phone: "081300000002", Amount: 20_000, State: RowLoaded},
		{Line: 4, Phone: "0812", State: RowInvalid, Reason: "phone"},
	}
	b, err := db.CreateBatch(Batch{Hash: "h1", LoadedBy: "ani", Rows: 3, Valid: 2, Invalid: 1, Total: 50_000}, rows, false)
	if err != nil || b.ID != "B000001" || b.Unchecked != 2 {
		t.Fatalf("create: %+v %v", b, err)
	}
	var le *BatchLoadedError
	if _, err := db.CreateBatch(Batch{Hash: "h1"}, rows, false); !errors.As(err, &le) || le.ID != b.ID {
		t.Fatalf("same hash: %v", err)
	}
	if _, err := db.ApproveBatch(b.ID, "budi", 2, 50_000, AuditEntry{Who: "budi"}); !errors.Is(err, ErrBatchState) {
		t.Fatalf("approved unchecked: %v", err)
	}
	if b, err = db.RecordChecks(b.ID, []RowCheck{{Line: 2, State: RowReady}, {Line: 3, State: RowReady}}); err != nil || b.CheckedAt.IsZero() {
		t.Fatalf("checks: %+v %v", b, err)
	}
	var de *InsufficientDepositError
	if _, err := db.ApproveBatch(b.ID, "budi", 2, 50_000, AuditEntry{Who: "budi"}); err != nil {
		t.Fatal(err)
	}
	if d := mustDeposit(t, db); d.Reserved != 50_000 || d.Available != 50_000 {
		t.Fatalf("after approval %+v", d)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	tx, err := db.BeginBatchRow(b.ID, 2, disburse("081300000001", 30_000))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginBatchRow(b.ID, 2, disburse("081300000001", 30_000)); !errors.Is(err, ErrBatchState) {
		t.Fatalf("a row begun twice: %v", err)
	}
	if _, err := db.BeginBatchRow(b.ID, 3, disburse("081300000001", 20_000)); !errors.Is(err, ErrBatchState) {
		t.Fatalf("a row begun for another phone: %v", err)
	}
	rs, _ := db.BatchRows(b.ID)
	if rs[0].State != RowSent || rs[0].Ref != tx.PartnerReferenceNo || rs[0].Reserved {
		t.Fatalf("row after begin %+v", rs[0])
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	// The mirror falls below what is reserved: the row cannot begin, and
	// nothing of the attempt stays (the batch still holds its 20.000).
	if _, err := db.SetBalance(40_000, db.nowUTC()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginBatchRow(b.ID, 3, disburse("081300000002", 20_000)); !errors.As(err, &de) {
		t.Fatalf("begin beyond the deposit: %v", err)
	}
	if got, _ := db.GetBatch(b.ID); got.Reserved != 20_000 {
		t.Fatalf("batch reservation after a refused begin: %d", got.Reserved)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	// Only a failed transaction is set aside.
	if _, err := db.RequeueBatchRow(b.ID, 2, tx.PartnerReferenceNo); !errors.Is(err, ErrBatchState) {
		t.Fatalf("an open transaction set aside: %v", err)
	}
	mustSettle(t, db, tx.PartnerReferenceNo, Outcome{State: StateFailed, Code: "4293800"})
	r, err := db.RequeueBatchRow(b.ID, 2, tx.PartnerReferenceNo)
	if err != nil || r.State != RowApproved || r.Ref != "" || len(r.Tried) != 1 {
		t.Fatalf("requeue: %+v %v", r, err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}
