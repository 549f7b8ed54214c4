package storage

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// reach brings a fresh pending txn to state from.
func reach(t *testing.T, db *DB, ref string, from State) {
	t.Helper()
	switch from {
	case StatePending:
	case StateUnknown, StateSuccess, StateFailed:
		mustSettle(t, db, ref, Outcome{State: from, Code: "setup"})
	default:
		t.Fatalf("cannot reach %s", from)
	}
}

func TestSettleStateMachine(t *testing.T) {
	const (
		balance = 1_000_000
		amount  = 100_000
	)
	type want struct {
		err      error // sentinel, nil for none
		sameFin  bool  // IsSameFinal(err)
		state    State
		reserved int64
		balance  int64
		open     bool
		receipt  string
		history  int // len(History) after the call
	}
	tests := []struct {
		from, to State
		want     want
	}{
		{StatePending, StateSuccess, want{state: StateSuccess, balance: balance - amount, receipt: "R00000001", history: 2}},
		{StatePending, StateFailed, want{state: StateFailed, balance: balance, history: 2}},
		{StatePending, StateUnknown, want{state: StateUnknown, reserved: amount, balance: balance, open: true, history: 2}},
		{StatePending, StatePending, want{err: ErrInvalid, state: StatePending, reserved: amount, balance: balance, open: true, history: 1}},
		{StatePending, "weird", want{err: ErrInvalid, state: StatePending, reserved: amount, balance: balance, open: true, history: 1}},

		{StateUnknown, StateSuccess, want{state: StateSuccess, balance: balance - amount, receipt: "R00000001", history: 3}},
		{StateUnknown, StateFailed, want{state: StateFailed, balance: balance, history: 3}},
		{StateUnknown, StateUnknown, want{state: StateUnknown, reserved: amount, balance: balance, open: true, history: 3}},
		{StateUnknown, StatePending, want{err: ErrInvalid, state: StateUnknown, reserved: amount, balance: balance, open: true, history: 2}},

		{StateSuccess, StateSuccess, want{err: ErrFinal, sameFin: true, state: StateSuccess, balance: balance - amount, receipt: "R00000001", history: 2}},
		{StateSuccess, StateFailed, want{err: ErrFinal, state: StateSuccess, balance: balance - amount, receipt: "R00000001", history: 2}},
		{StateSuccess, StateUnknown, want{err: ErrFinal, state: StateSuccess, balance: balance - amount, receipt: "R00000001", history: 2}},

		{StateFailed, StateFailed, want{err: ErrFinal, sameFin: true, state: StateFailed, balance: balance, history: 2}},
		{StateFailed, StateSuccess, want{err: ErrFinal, state: StateFailed, balance: balance, history: 2}},
		{StateFailed, StateUnknown, want{err: ErrFinal, state: StateFailed, balance: balance, history: 2}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s→%s", tc.from, tc.to), func(t *testing.T) {
			db, _ := openTest(t)
			fund(t, db, balance)
			ref := mustBegin(t, db, newTxn(amount)).PartnerReferenceNo
			reach(t, db, ref, tc.from)
			before, _ := db.Get(ref)

			got, err := db.Settle(ref, Outcome{State: tc.to, Code: "2003800", Message: "Successful", ReferenceNo: "OVO-1", Note: "test"})
			wantErr(t, err, tc.want.err)
			if IsSameFinal(err) != tc.want.sameFin {
				t.Errorf("IsSameFinal(%v) = %v, want %v", err, !tc.want.sameFin, tc.want.sameFin)
			}

			stored, gerr := db.Get(ref)
			if gerr != nil {
				t.Fatal(gerr)
			}
			switch {
			case tc.want.err == nil && !reflect.DeepEqual(got, stored):
				t.Errorf("Settle returned %+v, stored %+v", got, stored)
			case tc.want.err == ErrFinal && !reflect.DeepEqual(got, before):
				t.Errorf("on ErrFinal Settle returned %+v, want the unchanged %+v", got, before)
			}
			if tc.want.err != nil && !reflect.DeepEqual(stored, before) {
				t.Errorf("a refused Settle changed the txn:\nbefore %+v\nafter  %+v", before, stored)
			}
			if stored.State != tc.want.state {
				t.Errorf("state = %s, want %s", stored.State, tc.want.state)
			}
			if stored.ReceiptNo != tc.want.receipt {
				t.Errorf("receipt = %q, want %q", stored.ReceiptNo, tc.want.receipt)
			}
			if len(stored.History) != tc.want.history {
				t.Errorf("history has %d changes, want %d: %+v", len(stored.History), tc.want.history, stored.History)
			}
			if last := stored.History[len(stored.History)-1]; tc.want.err == nil && (last.State != tc.to || last.Code != "2003800" || last.Note != "test") {
				t.Errorf("last change = %+v", last)
			}
			d := mustDeposit(t, db)
			if d.Reserved != tc.want.reserved || d.Balance != tc.want.balance || d.Available != tc.want.balance-tc.want.reserved {
				t.Errorf("deposit = %+v, want balance %d reserved %d", d, tc.want.balance, tc.want.reserved)
			}
			open, _ := db.Open()
			if (len(open) == 1) != tc.want.open {
				t.Errorf("open set = %v, want open=%v", open, tc.want.open)
			}
			if tc.want.receipt != "" {
				byReceipt, err := db.GetByReceipt(tc.want.receipt)
				if err != nil || byReceipt.PartnerReferenceNo != ref {
					t.Errorf("GetByReceipt(%s) = %s, %v", tc.want.receipt, byReceipt.PartnerReferenceNo, err)
				}
			}
			mustCheck(t, db)
		})
	}
}

func TestSettleOverwritesOnlyNonEmptyFields(t *testing.T) {
	db, clk := openTest(t)
	fund(t, db, 1_000_000)
	clk.Set(testStart)
	ref := mustBegin(t, db, newTxn(50_000)).PartnerReferenceNo
	at1 := testStart.Add(time.Minute)
	clk.Set(at1)
	tx := mustSettle(t, db, ref, Outcome{State: StateUnknown, Code: "5003800", Message: "General Error", ExternalID: "ext-2", LastStatus: "03", Note: "timeout"})
	if tx.ResponseCode != "5003800" || tx.ResponseMessage != "General Error" || tx.ExternalID != "ext-2" || tx.LastStatus != "03" || !tx.UpdatedAt.Equal(at1) {
		t.Fatalf("after unknown: %+v", tx)
	}
	at2 := testStart.Add(2 * time.Minute)
	clk.Set(at2)
	tx = mustSettle(t, db, ref, Outcome{State: StateSuccess, ReferenceNo: "OVO-REF-9"})
	if tx.ResponseCode != "5003800" || tx.ResponseMessage != "General Error" || tx.ExternalID != "ext-2" || tx.LastStatus != "03" {
		t.Fatalf("empty outcome fields overwrote: %+v", tx)
	}
	if tx.ReferenceNo != "OVO-REF-9" || !tx.UpdatedAt.Equal(at2) || !tx.CreatedAt.Equal(testStart) {
		t.Fatalf("after success: %+v", tx)
	}
	wantHist := []Change{
		{State: StatePending, At: testStart.UTC()},
		{State: StateUnknown, At: at1.UTC(), Code: "5003800", Note: "timeout"},
		{State: StateSuccess, At: at2.UTC()},
	}
	if !reflect.DeepEqual(tx.History, wantHist) {
		t.Fatalf("history = %+v\nwant %+v", tx.History, wantHist)
	}
}

func TestSettleNotFound(t *testing.T) {
	db, _ := openTest(t)
	_, err := db.Settle("nope", Outcome{State: StateSuccess})
	wantErr(t, err, ErrNotFound)
	_, err = db.NoteCheck("nope", "03")
	wantErr(t, err, ErrNotFound)
	_, err = db.Get("nope")
	wantErr(t, err, ErrNotFound)
	_, err = db.GetByReceipt("R00000001")
	wantErr(t, err, ErrNotFound)
}

func TestNoteCheck(t *testing.T) {
	db, clk := openTest(t)
	fund(t, db, 1_000_000)
	ref := mustBegin(t, db, newTxn(50_000)).PartnerReferenceNo
	mustSettle(t, db, ref, Outcome{State: StateUnknown})
	for i := 1; i <= 3; i++ {
		at := testStart.Add(time.Duration(i) * time.Hour)
		clk.Set(at)
		tx, err := db.NoteCheck(ref, "03")
		if err != nil {
			t.Fatal(err)
		}
		if tx.StatusChecks != i || tx.LastStatus != "03" || tx.State != StateUnknown || len(tx.History) != 2 || !tx.UpdatedAt.Equal(at) {
			t.Fatalf("after check %d: %+v", i, tx)
		}
	}
	tx, _ := db.NoteCheck(ref, "")
	if tx.LastStatus != "03" || tx.StatusChecks != 4 {
		t.Fatalf("empty lastStatus overwrote: %+v", tx)
	}
	if d := mustDeposit(t, db); d.Reserved != 50_000 {
		t.Fatalf("NoteCheck touched the reservation: %+v", d)
	}
	mustSettle(t, db, ref, Outcome{State: StateFailed})
	before, _ := db.Get(ref)
	got, err := db.NoteCheck(ref, "00")
	wantErr(t, err, ErrFinal)
	if !reflect.DeepEqual(got, before) {
		t.Fatalf("NoteCheck on a final txn returned %+v, want %+v", got, before)
	}
	after, _ := db.Get(ref)
	if !reflect.DeepEqual(after, before) {
		t.Fatal("NoteCheck changed a final txn")
	}
}

func TestReceiptsSequentialAndUnique(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000_000)
	var refs []string
	for range 40 {
		refs = append(refs, mustBegin(t, db, newTxn(1000)).PartnerReferenceNo)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	n := 0
	for i, ref := range refs {
		if i%4 == 3 { // failures take no receipt number
			mustSettle(t, db, ref, Outcome{State: StateFailed})
			continue
		}
		n++
		tx := mustSettle(t, db, ref, Outcome{State: StateSuccess})
		if want := fmt.Sprintf("R%08d", n); tx.ReceiptNo != want {
			t.Fatalf("receipt %d = %s, want %s", n, tx.ReceiptNo, want)
		}
		back, err := db.GetByReceipt(tx.ReceiptNo)
		if err != nil || back.PartnerReferenceNo != ref {
			t.Fatalf("GetByReceipt(%s) = %s, %v; want %s", tx.ReceiptNo, back.PartnerReferenceNo, err, ref)
		}
	}
	mustCheck(t, db)
}

func TestLifecycleIsTwoCommits(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000)
	for _, final := range []State{StateSuccess, StateFailed} {
		before := db.c.commits.Load()
		ref := mustBegin(t, db, newTxn(1000)).PartnerReferenceNo
		mustSettle(t, db, ref, Outcome{State: final})
		if got := db.c.commits.Load() - before; got != 2 {
			t.Fatalf("Begin + Settle(%s) took %d commits, want 2", final, got)
		}
	}
	// A refused settle costs no commit.
	open, _ := db.Open()
	if len(open) != 0 {
		t.Fatal(open)
	}
	before := db.c.commits.Load()
	h, _ := db.History(Query{Limit: 1})
	_, err := db.Settle(h.Txns[0].PartnerReferenceNo, Outcome{State: StateSuccess})
	wantErr(t, err, ErrFinal)
	if got := db.c.commits.Load() - before; got != 0 {
		t.Fatalf("refused Settle committed %d times", got)
	}
}
