package ledgertest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The contract of shifts, approvals, batches and the audit trail (issues
// 13–15), registered with the core cases: every backend runs them. The
// cases use the whole ledger.Ledger (every backend's handle is one).
func init() {
	Register(
		Case{Name: "Shifts/OpenClose", Run: testShiftOpenClose},
		Case{Name: "Shifts/StampTransactions", Run: testShiftStampsTxns},
		Case{Name: "Shifts/CashMoves", Run: testShiftCashMoves},
		Case{Name: "Shifts/OpenedInRange", Run: testShiftsOpened},
		Case{Name: "Shifts/ReconMarks", Run: testReconMarks},
		Case{Name: "Shifts/ConcurrentOpen", Run: testConcurrentShiftOpen},
		Case{Name: "Approvals/ApproveDispatch", Run: testApprovalDispatch},
		Case{Name: "Approvals/RejectExpire", Run: testApprovalRejectExpire},
		Case{Name: "Approvals/HoldNeedsDeposit", Run: testApprovalDeposit},
		Case{Name: "Approvals/ConcurrentHoldsAgainstDeposit", Run: testConcurrentHolds},
		Case{Name: "Approvals/ConcurrentDecisions", Run: testConcurrentDecisions},
		Case{Name: "Batches/Lifecycle", Run: testBatchLifecycle},
		Case{Name: "Batches/ApproveRefusals", Run: testBatchApproveRefusals},
		Case{Name: "Batches/Requeue", Run: testBatchRequeue},
		Case{Name: "Batches/ConcurrentRowBegins", Run: testConcurrentRowBegins},
		Case{Name: "Audit/Chain", Run: testAuditChain},
		Case{Name: "Audit/SettingsOnce", Run: testAuditSettings},
		Case{Name: "Audit/ConcurrentAppends", Run: testConcurrentAudit},
		Case{Name: "Audit/PINState", Run: testPINState},
	)
}

// full is a handle as the whole ledger.Ledger.
func full(e *Env, c Core) ledger.Ledger {
	e.T.Helper()
	l, ok := c.(ledger.Ledger)
	if !ok {
		e.T.Fatalf("%T does not implement ledger.Ledger", c)
	}
	return l
}

// handles is the current handle and, on a backend whose store several
// handles share (processes on one database), n-1 more: what concurrent
// cases spread their calls over.
func handles(e *Env, n int) []ledger.Ledger {
	out := []ledger.Ledger{full(e, e.L)}
	if e.B.Shared {
		for range n - 1 {
			out = append(out, full(e, e.Handle()))
		}
	}
	return out
}

// checkReserved fails the case unless the mirror's Reserved is the open
// transactions' amounts plus the held approvals' plus every batch's
// reservation (the invariant of approvals and batches).
func checkReserved(e *Env, l ledger.Ledger) {
	e.T.Helper()
	open, err := l.Open()
	if err != nil {
		e.T.Fatal(err)
	}
	var sum int64
	for _, o := range open {
		sum += o.Amount
	}
	held, err := l.Approvals(true)
	if err != nil {
		e.T.Fatal(err)
	}
	for _, a := range held {
		sum += a.Amount
	}
	bs, err := l.Batches()
	if err != nil {
		e.T.Fatal(err)
	}
	for _, b := range bs {
		sum += b.Reserved
	}
	if d := mustDeposit(e.T, l); d.Reserved != sum || d.Available != max(d.Balance-d.Reserved, 0) {
		e.T.Fatalf("deposit %+v; open transactions, held approvals and batches reserve %d", d, sum)
	}
}

// fundLedger records a deposit reading of balance taken now.
func fundLedger(t *testing.T, l ledger.Ledger, balance int64) {
	t.Helper()
	r, err := l.ReadingStart(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.RecordReading(balance, r); err != nil {
		t.Fatal(err)
	}
}

func mustDeposit(t *testing.T, l ledger.Ledger) ledger.Deposit {
	t.Helper()
	d, err := l.Deposit()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: err = %v, want %v", what, err, target)
	}
}

func must[T any](t *testing.T, what string) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func testShiftOpenClose(e *Env) {
	t, l := e.T, full(e, e.L)
	_, err := l.OpenShift(ledger.NewShift{Operator: " ", Terminal: "T1"})
	wantErr(t, "blank operator", err, ledger.ErrInvalid)
	_, err = l.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1", Float: -1})
	wantErr(t, "negative float", err, ledger.ErrInvalid)

	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	s := must[ledger.Shift](t, "open")(l.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1", Outlet: "Kemang", Float: 500_000,
		DepositOpen: ledger.Reading{Balance: 9_000_000, At: at}}))
	if s.ID == "" || s.Closed() || s.Float != 500_000 || s.Operator != "siti" || s.Terminal != "T1" || !s.DepositOpen.At.Equal(at) {
		t.Fatalf("opened %+v", s)
	}
	_, err = l.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1"})
	var so *ledger.ShiftOpenError
	if !errors.As(err, &so) || so.ID != s.ID || !errors.Is(err, ledger.ErrShiftOpen) {
		t.Fatalf("second open: %v, want a ShiftOpenError naming %s", err, s.ID)
	}
	other := must[ledger.Shift](t, "other terminal")(l.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T2"}))
	if other.ID == s.ID {
		t.Fatal("two shifts share an id")
	}
	cur := must[ledger.Shift](t, "current")(l.CurrentShift("siti", "T1"))
	if cur.ID != s.ID {
		t.Fatalf("current %s, want %s", cur.ID, s.ID)
	}
	_, err = l.CurrentShift("budi", "T1")
	wantErr(t, "current of nobody", err, ledger.ErrNoShift)
	_, err = l.Shift("S99999999")
	wantErr(t, "unknown shift", err, ledger.ErrNoShift)

	_, err = l.CloseShift(s.ID, ledger.ShiftClose{Counted: -5})
	wantErr(t, "negative count", err, ledger.ErrInvalid)
	c := must[ledger.Shift](t, "close")(l.CloseShift(s.ID, ledger.ShiftClose{Counted: 495_000, Note: "Rp5.000 short",
		DepositClose: ledger.Reading{Balance: 8_000_000, At: at.Add(time.Hour)}, OpenAtClose: []string{"X1"}}))
	if !c.Closed() || c.Counted != 495_000 || c.Note != "Rp5.000 short" || len(c.OpenAtClose) != 1 || c.DepositClose.Balance != 8_000_000 {
		t.Fatalf("closed %+v", c)
	}
	got := must[ledger.Shift](t, "read back")(l.Shift(s.ID))
	if !got.ClosedAt.Equal(c.ClosedAt) || got.Counted != c.Counted || got.Note != c.Note {
		t.Fatalf("read back %+v, want %+v", got, c)
	}
	_, err = l.CloseShift(s.ID, ledger.ShiftClose{})
	wantErr(t, "second close", err, ledger.ErrShiftClosed)
	_, err = l.CurrentShift("siti", "T1")
	wantErr(t, "current after close", err, ledger.ErrNoShift)
	again := must[ledger.Shift](t, "reopen")(l.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1"}))
	if again.ID == s.ID {
		t.Fatal("a new shift reused the closed one's id")
	}
}

func testShiftStampsTxns(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 1_000_000)
	s := must[ledger.Shift](t, "open")(l.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1"}))
	var refs []string
	for i := range 3 {
		tx := must[ledger.Txn](t, "begin")(l.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890",
			Amount: int64(10_000 * (i + 1)), Operator: "siti", ShiftID: s.ID}))
		refs = append(refs, tx.PartnerReferenceNo)
	}
	must[ledger.Txn](t, "begin without shift")(l.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 1_000}))
	var got []string
	if err := l.ShiftTxns(s.ID, func(tx ledger.Txn) error { got = append(got, tx.PartnerReferenceNo); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(refs) {
		t.Fatalf("shift txns %v, want %v (oldest first)", got, refs)
	}
	stop := errors.New("stop")
	n := 0
	if err := l.ShiftTxns(s.ID, func(ledger.Txn) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Fatalf("an error from fn: %v after %d calls, want it back after 1", err, n)
	}
	must[ledger.Shift](t, "close")(l.CloseShift(s.ID, ledger.ShiftClose{}))
	_, err := l.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 1_000, ShiftID: s.ID})
	wantErr(t, "begin on a closed shift", err, ledger.ErrShiftClosed)
	_, err = l.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 1_000, ShiftID: "S77777777"})
	wantErr(t, "begin on no shift", err, ledger.ErrNoShift)
	if d := mustDeposit(t, l); d.Reserved != 61_000 {
		t.Fatalf("reserved %d after refused begins, want 61000", d.Reserved)
	}
	var other []string
	if err := l.RangeOtherTxns(time.Time{}, e.Clock.Now().Add(time.Hour), s.ID, func(tx ledger.Txn) error {
		other = append(other, tx.PartnerReferenceNo)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(other) != 1 {
		t.Fatalf("other shifts' txns %v, want the one without a shift", other)
	}
}

func testShiftCashMoves(e *Env) {
	t, l := e.T, full(e, e.L)
	s := must[ledger.Shift](t, "open")(l.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1"}))
	_, err := l.AddCashMove(ledger.CashMove{ShiftID: s.ID, Amount: 0, Reason: "x"})
	wantErr(t, "zero amount", err, ledger.ErrInvalid)
	_, err = l.AddCashMove(ledger.CashMove{ShiftID: s.ID, Amount: 5, Reason: "  "})
	wantErr(t, "no reason", err, ledger.ErrInvalid)
	_, err = l.AddCashMove(ledger.CashMove{ShiftID: "S55555555", Amount: 5, Reason: "x"})
	wantErr(t, "unknown shift", err, ledger.ErrNoShift)
	a := must[ledger.CashMove](t, "pay-out")(l.AddCashMove(ledger.CashMove{ShiftID: s.ID, Amount: 200_000, Reason: "to the bank", Operator: "siti"}))
	b := must[ledger.CashMove](t, "pay-in")(l.AddCashMove(ledger.CashMove{ShiftID: s.ID, In: true, Amount: 50_000, Reason: "change", Operator: "siti"}))
	if a.ID == "" || a.ID == b.ID || a.At.IsZero() {
		t.Fatalf("moves %+v %+v", a, b)
	}
	got := must[[]ledger.CashMove](t, "moves")(l.CashMoves(s.ID))
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID || !got[1].In || got[0].Amount != 200_000 {
		t.Fatalf("moves %+v", got)
	}
	if none := must[[]ledger.CashMove](t, "no moves")(l.CashMoves("S00000000")); len(none) != 0 {
		t.Fatalf("moves of no shift: %+v", none)
	}
	must[ledger.Shift](t, "close")(l.CloseShift(s.ID, ledger.ShiftClose{}))
	_, err = l.AddCashMove(ledger.CashMove{ShiftID: s.ID, Amount: 5, Reason: "late"})
	wantErr(t, "move on a closed shift", err, ledger.ErrShiftClosed)
}

func testShiftsOpened(e *Env) {
	t, l := e.T, full(e, e.L)
	before := e.Clock.Now().Add(-time.Second)
	a := must[ledger.Shift](t, "a")(l.OpenShift(ledger.NewShift{Operator: "a", Terminal: "T"}))
	b := must[ledger.Shift](t, "b")(l.OpenShift(ledger.NewShift{Operator: "b", Terminal: "T"}))
	after := e.Clock.Now().Add(time.Second)
	got := must[[]ledger.Shift](t, "opened")(l.ShiftsOpened(before, after))
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
		t.Fatalf("opened %+v, want %s then %s", got, a.ID, b.ID)
	}
	if got := must[[]ledger.Shift](t, "later")(l.ShiftsOpened(after, after.Add(time.Hour))); len(got) != 0 {
		t.Fatalf("opened later: %+v", got)
	}
}

func testReconMarks(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 100_000)
	tx := must[ledger.Txn](t, "begin")(l.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 10_000}))
	if _, ok, err := l.ReconMark(tx.PartnerReferenceNo); ok || err != nil {
		t.Fatalf("mark before any: ok %v err %v", ok, err)
	}
	at := time.Date(2026, 3, 2, 3, 4, 5, 6, time.FixedZone("WIB", 7*3600))
	m := ledger.ReconMark{Status: "00", State: ledger.StatePending, Agree: false, At: at}
	if err := l.PutReconMark(tx.PartnerReferenceNo, m); err != nil {
		t.Fatal(err)
	}
	got, ok, err := l.ReconMark(tx.PartnerReferenceNo)
	if err != nil || !ok || got.Status != "00" || got.State != ledger.StatePending || !got.At.Equal(at) {
		t.Fatalf("mark %+v ok %v err %v", got, ok, err)
	}
	m.Agree, m.Status = true, "00"
	if err := l.PutReconMark(tx.PartnerReferenceNo, m); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := l.ReconMark(tx.PartnerReferenceNo); !got.Agree {
		t.Fatal("a second mark did not replace the first")
	}
	wantErr(t, "mark of no txn", l.PutReconMark("NOPE", m), ledger.ErrNotFound)
	if after := must[ledger.Txn](t, "get")(l.Get(tx.PartnerReferenceNo)); after.State != ledger.StatePending || len(after.History) != 1 {
		t.Fatalf("a mark changed the transaction: %+v", after)
	}
}

func hold(amount int64, maker string, expires time.Time) ledger.NewApproval {
	return ledger.NewApproval{Kind: ledger.KindDisburse, CustomerNumber: "081298765432", CustomerName: "BUDI", Amount: amount, Fee: 0,
		Maker: maker, MakerRole: "cashier", From: "terminal T1", Hold: ledger.HoldReason{Code: ledger.HoldAboveTxn, Amount: amount, Limit: 1_000_000, Role: "cashier"}, ExpiresAt: expires}
}

func testApprovalDispatch(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 5_000_000)
	a := must[ledger.Approval](t, "hold")(l.HoldApproval(hold(2_000_000, "siti", e.Clock.Now().Add(time.Hour))))
	if a.ID == "" || a.State != ledger.ApprovalAwaiting || a.Maker != "siti" {
		t.Fatalf("held %+v", a)
	}
	if got := must[ledger.Approval](t, "read back")(l.Approval(a.ID)); got.Hold == nil || *got.Hold != (ledger.HoldReason{Code: ledger.HoldAboveTxn, Amount: 2_000_000, Limit: 1_000_000, Role: "cashier"}) {
		t.Fatalf("the hold's reason read back: %+v", got.Hold)
	}
	if d := mustDeposit(t, l); d.Reserved != 2_000_000 || d.Available != 3_000_000 {
		t.Fatalf("after hold: %+v", d)
	}
	_, _, err := l.DispatchApproval(a.ID, "X1")
	wantErr(t, "dispatch before approval", err, ledger.ErrApprovalState)
	ap := must[ledger.Approval](t, "approve")(l.DecideApproval(a.ID, ledger.Decision{Approve: true, Approver: "rina", Role: "supervisor",
		From: "ssh SHA256:abc", Fingerprint: "SHA256:abc", PublicKey: "ssh-ed25519 AAAA", Sig: "SIG"}))
	if ap.State != ledger.ApprovalApproved || ap.Approver != "rina" || ap.Signature != "SIG" || ap.DecidedAt.IsZero() {
		t.Fatalf("approved %+v", ap)
	}
	_, err = l.DecideApproval(a.ID, ledger.Decision{Approve: false, Approver: "rina"})
	wantErr(t, "decide twice", err, ledger.ErrApprovalState)
	if d := mustDeposit(t, l); d.Reserved != 2_000_000 {
		t.Fatalf("after approval: %+v", d)
	}
	if held := must[[]ledger.Approval](t, "held")(l.Approvals(true)); len(held) != 1 || held[0].ID != a.ID {
		t.Fatalf("held %+v", held)
	}
	tx, sent, err := l.DispatchApproval(a.ID, "EXT-1")
	if err != nil {
		t.Fatal(err)
	}
	if tx.State != ledger.StatePending || tx.Amount != 2_000_000 || tx.Operator != "siti" || tx.ExternalID != "EXT-1" || tx.Kind != ledger.KindDisburse {
		t.Fatalf("dispatched %+v", tx)
	}
	if sent.State != ledger.ApprovalSent || sent.Ref != tx.PartnerReferenceNo {
		t.Fatalf("approval after dispatch %+v", sent)
	}
	if d := mustDeposit(t, l); d.Reserved != 2_000_000 {
		t.Fatalf("after dispatch the reservation moved, not doubled: %+v", d)
	}
	_, _, err = l.DispatchApproval(a.ID, "EXT-2")
	wantErr(t, "dispatch twice", err, ledger.ErrApprovalState)
	if held := must[[]ledger.Approval](t, "held")(l.Approvals(true)); len(held) != 0 {
		t.Fatalf("held after dispatch %+v", held)
	}
	if all := must[[]ledger.Approval](t, "all")(l.Approvals(false)); len(all) != 1 || all[0].State != ledger.ApprovalSent {
		t.Fatalf("all %+v", all)
	}
	if got := must[ledger.Approval](t, "get")(l.Approval(a.ID)); got.Ref != tx.PartnerReferenceNo {
		t.Fatalf("get %+v", got)
	}
	_, err = l.Approval("A99999999")
	wantErr(t, "unknown approval", err, ledger.ErrApprovalNotFound)
	checkReserved(e, l)
}

func testApprovalRejectExpire(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 5_000_000)
	r := must[ledger.Approval](t, "hold r")(l.HoldApproval(hold(1_000_000, "siti", e.Clock.Now().Add(time.Hour))))
	due := must[ledger.Approval](t, "hold due")(l.HoldApproval(hold(1_500_000, "siti", e.Clock.Now().Add(-time.Second))))
	later := must[ledger.Approval](t, "hold later")(l.HoldApproval(hold(500_000, "siti", e.Clock.Now().Add(time.Hour))))
	if d := mustDeposit(t, l); d.Reserved != 3_000_000 {
		t.Fatalf("three holds: %+v", d)
	}
	rj := must[ledger.Approval](t, "reject")(l.DecideApproval(r.ID, ledger.Decision{Approve: false, Approver: "rina", Reason: "wrong number"}))
	if rj.State != ledger.ApprovalRejected || rj.Reason != "wrong number" {
		t.Fatalf("rejected %+v", rj)
	}
	ex := must[ledger.Approval](t, "expire")(l.ExpireApproval(due.ID))
	if ex.State != ledger.ApprovalExpired {
		t.Fatalf("expired %+v", ex)
	}
	_, err := l.ExpireApproval(later.ID)
	wantErr(t, "expire before its time", err, ledger.ErrApprovalState)
	_, err = l.ExpireApproval(r.ID)
	wantErr(t, "expire a rejected one", err, ledger.ErrApprovalState)
	_, _, err = l.DispatchApproval(r.ID, "X")
	wantErr(t, "dispatch a rejected one", err, ledger.ErrApprovalState)
	if d := mustDeposit(t, l); d.Reserved != 500_000 || d.Available != 4_500_000 {
		t.Fatalf("after reject and expiry: %+v", d)
	}
	held := must[[]ledger.Approval](t, "held")(l.Approvals(true))
	all := must[[]ledger.Approval](t, "all")(l.Approvals(false))
	if len(held) != 1 || held[0].ID != later.ID || len(all) != 3 || all[0].ID != r.ID || all[2].ID != later.ID {
		t.Fatalf("held %+v all %+v", held, all)
	}
	checkReserved(e, l)
}

func testApprovalDeposit(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 1_000_000)
	_, err := l.HoldApproval(hold(1_000_001, "siti", e.Clock.Now().Add(time.Hour)))
	var ie *ledger.InsufficientDepositError
	if !errors.As(err, &ie) || ie.Available != 1_000_000 || ie.Amount != 1_000_001 {
		t.Fatalf("hold above the deposit: %v", err)
	}
	_, err = l.HoldApproval(hold(0, "siti", e.Clock.Now()))
	wantErr(t, "zero amount", err, ledger.ErrInvalid)
	must[ledger.Approval](t, "hold")(l.HoldApproval(hold(600_000, "siti", e.Clock.Now().Add(time.Hour))))
	_, err = l.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 500_000})
	wantErr(t, "a begin the held approval leaves no room for", err, ledger.ErrInsufficientDeposit)
	checkReserved(e, l)
}

// approveEntry is the approver's audit record of a batch approval.
var approveEntry = ledger.AuditEntry{Who: "rina", Role: "supervisor", From: "ssh SHA256:rina"}

// loadBatch creates a batch of n valid rows of 10,000 + line rupiah, and
// one invalid row.
func loadBatch(t *testing.T, l ledger.Ledger, hash string, n int, again bool) (ledger.Batch, error) {
	var rows []ledger.BatchRow
	var total int64
	for i := range n {
		line := i + 2
		rows = append(rows, ledger.BatchRow{Line: line, Phone: fmt.Sprintf("0812000000%02d", i), Amount: int64(10_000 + line), State: ledger.RowLoaded})
		total += int64(10_000 + line)
	}
	rows = append(rows, ledger.BatchRow{Line: n + 2, Phone: "x", State: ledger.RowInvalid, Reason: "phone"})
	return l.CreateBatch(ledger.Batch{Name: "payroll", Hash: hash, LoadedBy: "siti", Rows: n + 1, Valid: n, Invalid: 1, Total: total}, rows, again)
}

// checkAll marks every loaded row of batch id ready, but line bad blocked.
func checkAll(t *testing.T, l ledger.Ledger, id string, bad int) ledger.Batch {
	t.Helper()
	rows := must[[]ledger.BatchRow](t, "rows")(l.BatchRows(id))
	var checks []ledger.RowCheck
	for _, r := range rows {
		if r.State != ledger.RowLoaded {
			continue
		}
		st := ledger.RowReady
		if r.Line == bad {
			st = ledger.RowBlocked
		}
		checks = append(checks, ledger.RowCheck{Line: r.Line, State: st, AccountName: "NAME", Fee: 0, SessionID: "S" + fmt.Sprint(r.Line)})
	}
	return must[ledger.Batch](t, "checks")(l.RecordChecks(id, checks))
}

func testBatchLifecycle(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 10_000_000)
	b, err := loadBatch(t, l, "hash-1", 3, false)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == "" || b.Unchecked != 3 || b.LoadedAt.IsZero() || b.DuplicateOf != "" {
		t.Fatalf("created %+v", b)
	}
	_, err = loadBatch(t, l, "hash-1", 3, false)
	var le *ledger.BatchLoadedError
	if !errors.As(err, &le) || le.ID != b.ID {
		t.Fatalf("the same file again: %v, want a BatchLoadedError naming %s", err, b.ID)
	}
	dup, err := loadBatch(t, l, "hash-1", 3, true)
	if err != nil || dup.DuplicateOf != b.ID || dup.ID == b.ID {
		t.Fatalf("loaded again on purpose: %+v %v", dup, err)
	}
	if list := must[[]ledger.Batch](t, "list")(l.Batches()); len(list) != 2 || list[0].ID != dup.ID || list[1].ID != b.ID {
		t.Fatalf("batches %+v, want newest first", list)
	}
	_, err = l.GetBatch("B999999")
	wantErr(t, "unknown batch", err, ledger.ErrBatchNotFound)
	_, err = l.BatchRows("B999999")
	wantErr(t, "rows of an unknown batch", err, ledger.ErrBatchNotFound)

	// A partial check leaves the batch unchecked; the rest completes it.
	part := must[ledger.Batch](t, "partial")(l.RecordChecks(b.ID, []ledger.RowCheck{{Line: 2, State: ledger.RowReady, AccountName: "A"}}))
	if part.Unchecked != 2 || !part.CheckedAt.IsZero() {
		t.Fatalf("after one check %+v", part)
	}
	b = checkAll(t, l, b.ID, 4)
	if b.Unchecked != 0 || b.CheckedAt.IsZero() {
		t.Fatalf("after every check %+v", b)
	}
	rows := must[[]ledger.BatchRow](t, "rows")(l.BatchRows(b.ID))
	if len(rows) != 4 || rows[0].Line != 2 || rows[0].State != ledger.RowReady || rows[0].AccountName != "A" || rows[2].State != ledger.RowBlocked || rows[3].State != ledger.RowInvalid {
		t.Fatalf("rows %+v", rows)
	}
	total := rows[0].Amount + rows[1].Amount
	ab := must[ledger.Batch](t, "approve")(l.ApproveBatch(b.ID, "rina", 2, total, approveEntry))
	if !ab.Approved() || ab.Reserved != total || ab.ApprovedTotal != total || ab.ApprovedRows != 2 {
		t.Fatalf("approved %+v", ab)
	}
	if d := mustDeposit(t, l); d.Reserved != total {
		t.Fatalf("after approval %+v, want %d reserved", d, total)
	}
	var approvals []ledger.AuditRecord
	if err := l.AuditRange(time.Time{}, e.Clock.Now().Add(time.Hour), func(r ledger.AuditRecord) error {
		if r.Action == "batch-approve" {
			approvals = append(approvals, r)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(approvals) != 1 || approvals[0].Ref != b.ID || approvals[0].Amount != total || approvals[0].Who != "rina" || approvals[0].From != "ssh SHA256:rina" {
		t.Fatalf("the approval's audit records: %+v", approvals)
	}
	_, err = l.ApproveBatch(b.ID, "rina", 2, total, approveEntry)
	wantErr(t, "approve twice", err, ledger.ErrBatchState)
	_, err = l.RecordChecks(b.ID, nil)
	wantErr(t, "checks after approval", err, ledger.ErrBatchState)

	_, err = l.BeginBatchRow(b.ID, 4, ledger.NewTxn{Kind: ledger.KindDisburse, CustomerNumber: rows[2].Phone, Amount: rows[2].Amount})
	wantErr(t, "begin a blocked row", err, ledger.ErrBatchState)
	_, err = l.BeginBatchRow(b.ID, 2, ledger.NewTxn{Kind: ledger.KindDisburse, CustomerNumber: rows[0].Phone, Amount: rows[0].Amount + 1})
	wantErr(t, "begin a row for another amount", err, ledger.ErrBatchState)
	tx := must[ledger.Txn](t, "begin row")(l.BeginBatchRow(b.ID, 2, ledger.NewTxn{Kind: ledger.KindDisburse, CustomerNumber: rows[0].Phone, Amount: rows[0].Amount, Operator: "rina"}))
	if tx.State != ledger.StatePending || tx.Amount != rows[0].Amount {
		t.Fatalf("row's txn %+v", tx)
	}
	_, err = l.BeginBatchRow(b.ID, 2, ledger.NewTxn{Kind: ledger.KindDisburse, CustomerNumber: rows[0].Phone, Amount: rows[0].Amount})
	wantErr(t, "begin a row twice", err, ledger.ErrBatchState)
	gb := must[ledger.Batch](t, "get")(l.GetBatch(b.ID))
	if gb.Reserved != rows[1].Amount {
		t.Fatalf("batch reserved %d, want %d (one row begun)", gb.Reserved, rows[1].Amount)
	}
	if d := mustDeposit(t, l); d.Reserved != total {
		t.Fatalf("the reservation moved to the txn, not doubled: %+v", d)
	}
	r2 := must[[]ledger.BatchRow](t, "rows")(l.BatchRows(b.ID))
	if r2[0].State != ledger.RowSent || r2[0].Ref != tx.PartnerReferenceNo || r2[0].Reserved || !r2[1].Reserved || r2[1].State != ledger.RowApproved {
		t.Fatalf("rows after one begin %+v", r2)
	}
	checkReserved(e, l)
}

func testBatchApproveRefusals(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 15_000)
	b, err := loadBatch(t, l, "hash-2", 2, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.ApproveBatch(b.ID, "rina", 2, b.Total, approveEntry)
	wantErr(t, "approve unchecked", err, ledger.ErrBatchState)
	checkAll(t, l, b.ID, 0)
	_, err = l.ApproveBatch(b.ID, "rina", 1, b.Total, approveEntry)
	wantErr(t, "approve other counts than shown", err, ledger.ErrBatchState)
	_, err = l.ApproveBatch(b.ID, "rina", 2, b.Total, approveEntry)
	var ie *ledger.InsufficientDepositError
	if !errors.As(err, &ie) || ie.Available != 15_000 || ie.Amount != b.Total {
		t.Fatalf("approve above the deposit: %v (want the shortfall %d)", err, b.Total-15_000)
	}
	if got := must[ledger.Batch](t, "get")(l.GetBatch(b.ID)); got.Approved() || got.Reserved != 0 {
		t.Fatalf("a refused approval changed the batch: %+v", got)
	}
	if d := mustDeposit(t, l); d.Reserved != 0 {
		t.Fatalf("a refused approval reserved: %+v", d)
	}
	empty, err := l.CreateBatch(ledger.Batch{Name: "bad", Hash: "hash-3", Rows: 1, Invalid: 1},
		[]ledger.BatchRow{{Line: 2, Phone: "x", State: ledger.RowInvalid}}, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.ApproveBatch(empty.ID, "rina", 0, 0, approveEntry)
	wantErr(t, "approve a batch with nothing to send", err, ledger.ErrBatchState)
	checkReserved(e, l)
}

func testBatchRequeue(e *Env) {
	t, l := e.T, full(e, e.L)
	fundLedger(t, l, 1_000_000)
	b, err := loadBatch(t, l, "hash-4", 1, false)
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, l, b.ID, 0)
	rows := must[[]ledger.BatchRow](t, "rows")(l.BatchRows(b.ID))
	must[ledger.Batch](t, "approve")(l.ApproveBatch(b.ID, "rina", 1, rows[0].Amount, approveEntry))
	nt := ledger.NewTxn{Kind: ledger.KindDisburse, CustomerNumber: rows[0].Phone, Amount: rows[0].Amount}
	tx := must[ledger.Txn](t, "begin")(l.BeginBatchRow(b.ID, 2, nt))
	_, err = l.RequeueBatchRow(b.ID, 2, tx.PartnerReferenceNo)
	wantErr(t, "requeue a pending row", err, ledger.ErrBatchState)
	_, err = l.RequeueBatchRow(b.ID, 2, "OTHER")
	wantErr(t, "requeue another ref", err, ledger.ErrBatchState)
	must[ledger.Txn](t, "settle failed")(l.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateFailed, Code: "4293800"}))
	r := must[ledger.BatchRow](t, "requeue")(l.RequeueBatchRow(b.ID, 2, tx.PartnerReferenceNo))
	if r.State != ledger.RowApproved || r.Ref != "" || !r.Reserved || len(r.Tried) != 1 || r.Tried[0] != tx.PartnerReferenceNo {
		t.Fatalf("requeued %+v", r)
	}
	if d := mustDeposit(t, l); d.Reserved != rows[0].Amount {
		t.Fatalf("requeued row reserved again: %+v", d)
	}
	tx2 := must[ledger.Txn](t, "begin again")(l.BeginBatchRow(b.ID, 2, nt))
	if tx2.PartnerReferenceNo == tx.PartnerReferenceNo {
		t.Fatal("a requeued row was sent again under the same reference")
	}
	checkReserved(e, l)
}

func testAuditChain(e *Env) {
	t, l := e.T, full(e, e.L)
	n0, err := l.VerifyAudit()
	if err != nil {
		t.Fatal(err)
	}
	from := e.Clock.Now().Add(-time.Second)
	fundLedger(t, l, 1_000_000)
	tx := must[ledger.Txn](t, "begin")(l.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 10_000, Operator: "siti", Origin: "terminal T1"}))
	must[ledger.Txn](t, "settle")(l.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: "OVO1", Code: "2003800"}))
	rec := must[ledger.AuditRecord](t, "append")(l.AppendAudit(ledger.AuditEntry{Who: "siti", Role: "cashier", From: "terminal T1", Action: "login"}))
	if rec.Hash == "" || rec.Action != "login" || rec.At.IsZero() {
		t.Fatalf("appended %+v", rec)
	}
	body, hash, err := ledger.SealAudit(rec)
	if err != nil || hash != rec.Hash || len(body) == 0 {
		t.Fatalf("the record's hash is not the hash of its canonical bytes: %s vs %s (%v)", hash, rec.Hash, err)
	}
	n, err := l.VerifyAudit()
	if err != nil || n != rec.Seq || n < n0+3 {
		t.Fatalf("verify: %d %v, want %d records (send, settle, login at least)", n, err, rec.Seq)
	}
	var got []ledger.AuditRecord
	if err := l.AuditRange(from, e.Clock.Now().Add(time.Second), func(r ledger.AuditRecord) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 {
		t.Fatalf("range: %+v", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq != got[i-1].Seq+1 || got[i].Prev != got[i-1].Hash {
			t.Fatalf("records %d and %d are not chained: %+v %+v", i-1, i, got[i-1], got[i])
		}
	}
	last := got[len(got)-1]
	if last.Seq != rec.Seq || last.Hash != rec.Hash {
		t.Fatalf("last in range %+v, want %+v", last, rec)
	}
	var actions []string
	for _, r := range got {
		actions = append(actions, r.Action)
	}
	if fmt.Sprint(actions[len(actions)-3:]) != "[send settle login]" {
		t.Fatalf("actions %v", actions)
	}
	var none int
	if err := l.AuditRange(e.Clock.Now().Add(time.Hour), e.Clock.Now().Add(2*time.Hour), func(ledger.AuditRecord) error { none++; return nil }); err != nil || none != 0 {
		t.Fatalf("a range after every record: %d %v", none, err)
	}
}

func testAuditSettings(e *Env) {
	t, l := e.T, full(e, e.L)
	ent := ledger.AuditEntry{Who: "owner", From: "terminal T1", Detail: "limits=1000000 shifts=on"}
	for i, want := range []bool{true, false, false} {
		changed, err := l.RecordSettings(ent)
		if err != nil || changed != want {
			t.Fatalf("record %d: changed %v err %v, want %v", i, changed, err, want)
		}
	}
	ent.Detail = "limits=2000000 shifts=on"
	if changed, err := l.RecordSettings(ent); err != nil || !changed {
		t.Fatalf("changed settings: %v %v", changed, err)
	}
	var settings []string
	l.AuditRange(time.Time{}, e.Clock.Now().Add(time.Hour), func(r ledger.AuditRecord) error {
		if r.Action == "settings" {
			settings = append(settings, r.Detail)
		}
		return nil
	})
	if len(settings) != 2 {
		t.Fatalf("settings records %v, want two", settings)
	}
	if _, err := l.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

// succeeded is how many of errs are nil; each other one must match
// refused (what the loser of a race is told), else the case fails.
func succeeded(e *Env, what string, errs []error, refused error) int {
	e.T.Helper()
	n := 0
	for _, err := range errs {
		switch {
		case err == nil:
			n++
		case !errors.Is(err, refused):
			e.T.Fatalf("%s: %v", what, err)
		}
	}
	return n
}

// concurrently runs fn(i) for i in [0, n) at once and returns their errors.
func concurrently(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func testConcurrentAudit(e *Env) {
	const n = 40
	ls := handles(e, 4)
	errs := concurrently(n, func(i int) error {
		_, err := ls[i%len(ls)].AppendAudit(ledger.AuditEntry{Who: fmt.Sprint("op", i), From: "terminal T", Action: "login"})
		return err
	})
	for _, err := range errs {
		if err != nil {
			e.T.Fatal(err)
		}
	}
	for _, l := range ls {
		if got, err := l.VerifyAudit(); err != nil || got != n {
			e.T.Fatalf("verify after %d concurrent appends: %d %v", n, got, err)
		}
	}
}

func testConcurrentShiftOpen(e *Env) {
	const n = 8
	ls := handles(e, 4)
	errs := concurrently(n, func(i int) error {
		_, err := ls[i%len(ls)].OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1"})
		return err
	})
	ok := succeeded(e, "open", errs, ledger.ErrShiftOpen)
	if ok != 1 {
		e.T.Fatalf("%d shifts opened for one operator on one terminal, want 1", ok)
	}
}

func testConcurrentHolds(e *Env) {
	ls := handles(e, 4)
	fundLedger(e.T, ls[0], 1_000_000)
	const n = 16 // 16 × 150,000 against 1,000,000: six fit
	expires := e.Clock.Now().Add(time.Hour)
	errs := concurrently(n, func(i int) error {
		_, err := ls[i%len(ls)].HoldApproval(hold(150_000, "siti", expires))
		return err
	})
	ok := succeeded(e, "hold", errs, ledger.ErrInsufficientDeposit)
	d := mustDeposit(e.T, ls[0])
	if ok != 6 || d.Reserved != 900_000 || d.Available != 100_000 {
		e.T.Fatalf("%d holds succeeded, deposit %+v; want 6 and 900000 reserved", ok, d)
	}
	checkReserved(e, ls[0])
}

// Supervisors deciding one approval at once, and processes dispatching it
// at once: one decision, one transaction.
func testConcurrentDecisions(e *Env) {
	ls := handles(e, 4)
	fundLedger(e.T, ls[0], 1_000_000)
	a := must[ledger.Approval](e.T, "hold")(ls[0].HoldApproval(hold(300_000, "siti", e.Clock.Now().Add(time.Hour))))
	const n = 8
	errs := concurrently(n, func(i int) error {
		_, err := ls[i%len(ls)].DecideApproval(a.ID, ledger.Decision{Approve: i%2 == 0, Approver: fmt.Sprint("sup", i), Reason: "no"})
		return err
	})
	decided := succeeded(e, "decide", errs, ledger.ErrApprovalState)
	if decided != 1 {
		e.T.Fatalf("%d decisions recorded for one approval, want 1", decided)
	}
	got := must[ledger.Approval](e.T, "get")(ls[0].Approval(a.ID))
	if got.State == ledger.ApprovalApproved {
		var refs sync.Map
		errs := concurrently(n, func(i int) error {
			tx, _, err := ls[i%len(ls)].DispatchApproval(a.ID, fmt.Sprint("EXT-", i))
			if err == nil {
				refs.Store(tx.PartnerReferenceNo, true)
			}
			return err
		})
		sent := succeeded(e, "dispatch", errs, ledger.ErrApprovalState)
		if open, _ := ls[0].Open(); sent != 1 || len(open) != 1 {
			e.T.Fatalf("%d dispatches succeeded, %d transactions open; want 1 and 1", sent, len(open))
		}
	}
	checkReserved(e, ls[0])
}

// Runners of one batch beginning the same rows at once: each row begun
// once, the reservation moved once.
func testConcurrentRowBegins(e *Env) {
	ls := handles(e, 4)
	fundLedger(e.T, ls[0], 10_000_000)
	b, err := loadBatch(e.T, ls[0], "hash-c", 5, false)
	if err != nil {
		e.T.Fatal(err)
	}
	checkAll(e.T, ls[0], b.ID, 0)
	rows := must[[]ledger.BatchRow](e.T, "rows")(ls[0].BatchRows(b.ID))
	var total int64
	for _, r := range rows[:5] {
		total += r.Amount
	}
	must[ledger.Batch](e.T, "approve")(ls[0].ApproveBatch(b.ID, "rina", 5, total, approveEntry))
	const per = 3 // every row tried three times at once
	errs := concurrently(5*per, func(i int) error {
		r := rows[i%5]
		_, err := ls[i%len(ls)].BeginBatchRow(b.ID, r.Line, ledger.NewTxn{Kind: ledger.KindDisburse, CustomerNumber: r.Phone, Amount: r.Amount})
		return err
	})
	begun := succeeded(e, "begin row", errs, ledger.ErrBatchState)
	open := must[[]ledger.Txn](e.T, "open")(ls[0].Open())
	if begun != 5 || len(open) != 5 {
		e.T.Fatalf("%d row begins succeeded, %d transactions open; want 5 and 5", begun, len(open))
	}
	if got := must[ledger.Batch](e.T, "get")(ls[0].GetBatch(b.ID)); got.Reserved != 0 {
		t := got
		e.T.Fatalf("batch still reserves %d after every row began", t.Reserved)
	}
	checkReserved(e, ls[0])
}

// Wrong PINs survive a new handle (a restart, another process), are kept
// per operator whatever the case of the name, and are written with their
// audit records.
func testPINState(e *Env) {
	t, l := e.T, full(e, e.L)
	if st := must[ledger.PINState](t, "none")(l.PINState("Siti")); st != (ledger.PINState{}) {
		t.Fatalf("state before any wrong PIN: %+v", st)
	}
	until := e.Clock.Now().Add(5 * time.Minute).In(time.FixedZone("WITA", 8*3600))
	try := ledger.AuditEntry{Who: "Siti", From: "terminal T1", Action: "pin-wrong"}
	lock := ledger.AuditEntry{Who: "Siti", From: "terminal T1", Action: "pin-lock"}
	if err := l.RecordPIN("Siti", ledger.PINState{Fails: 3, Until: until}, try, lock); err != nil {
		t.Fatal(err)
	}
	other := l
	if e.B.Shared {
		other = full(e, e.Handle())
	} else {
		other = full(e, e.Reopen())
	}
	st := must[ledger.PINState](t, "after")(other.PINState("siti"))
	if st.Fails != 3 || !st.Until.Equal(until) {
		t.Fatalf("state read back %+v, want 3 fails until %v", st, until)
	}
	if st := must[ledger.PINState](t, "another operator")(other.PINState("budi")); st != (ledger.PINState{}) {
		t.Fatalf("another operator's state: %+v", st)
	}
	var actions []string
	other.AuditRange(time.Time{}, e.Clock.Now().Add(time.Hour), func(r ledger.AuditRecord) error {
		actions = append(actions, r.Action)
		return nil
	})
	if fmt.Sprint(actions) != "[pin-wrong pin-lock]" {
		t.Fatalf("audit records %v, want the try and the lock", actions)
	}
	if err := other.RecordPIN("SITI", ledger.PINState{}); err != nil {
		t.Fatal(err)
	}
	if st := must[ledger.PINState](t, "cleared")(other.PINState("Siti")); st != (ledger.PINState{}) {
		t.Fatalf("state after a right PIN: %+v", st)
	}
}
