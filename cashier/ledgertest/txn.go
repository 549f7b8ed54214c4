package ledgertest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strconv"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The core cases about transactions: Begin, Settle, NoteCheck, MarkPrinted,
// Get, GetByReceipt, Open.
func init() {
	Register(
		Case{Name: "Begin/Validation", Run: beginValidation},
		Case{Name: "Begin/WritesPendingAndReserves", Run: beginWritesPendingAndReserves},
		Case{Name: "Begin/DurableAfterReopen", Run: beginDurableAfterReopen},
		Case{Name: "Begin/RefsUniqueSequential30Digits", Run: refsUniqueSequential},
		Case{Name: "Begin/InsufficientDeposit", Run: beginInsufficientDeposit},
		Case{Name: "Settle/StateMachine", Run: settleStateMachine},
		Case{Name: "Settle/OverwritesOnlyNonEmptyFields", Run: settleOverwritesOnlyNonEmpty},
		Case{Name: "Settle/NotFound", Run: settleNotFound},
		Case{Name: "Settle/NoteCheck", Run: noteCheck},
		Case{Name: "Settle/ReceiptsSequentialAndUnique", Run: receiptsSequentialAndUnique},
		Case{Name: "Settle/MarkPrinted", Run: markPrinted},
		Case{Name: "Settle/ReservedEqualsOpenSum", Run: reservedEqualsOpenSum},
	)
}

func beginValidation(e *Env) {
	db := e.L
	e.Fund(db, 1_000_000)
	tests := []struct {
		name  string
		edit  func(*ledger.NewTxn)
		field string
	}{
		{"unknown kind", func(n *ledger.NewTxn) { n.Kind = "refund" }, "Kind"},
		{"empty kind", func(n *ledger.NewTxn) { n.Kind = "" }, "Kind"},
		{"zero amount", func(n *ledger.NewTxn) { n.Amount = 0 }, "Amount"},
		{"negative amount", func(n *ledger.NewTxn) { n.Amount = -5 }, "Amount"},
		{"negative fee", func(n *ledger.NewTxn) { n.Fee = -1 }, "Fee"},
		{"empty phone", func(n *ledger.NewTxn) { n.CustomerNumber = "" }, "CustomerNumber"},
		{"NUL in phone", func(n *ledger.NewTxn) { n.CustomerNumber = "0812\x00" }, "CustomerNumber"},
	}
	for _, tc := range tests {
		n := NewTxn(10_000)
		tc.edit(&n)
		_, err := db.Begin(n)
		e.WantErr(err, ledger.ErrInvalid)
		var ve *ledger.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			e.T.Fatalf("%s: error %v does not name field %s", tc.name, err, tc.field)
		}
	}
	if d := e.MustDeposit(db); d.Reserved != 0 {
		e.T.Fatalf("invalid Begins reserved %d", d.Reserved)
	}
	// Zero fee and a disbursement are fine.
	n := NewTxn(10_000)
	n.Fee, n.Kind = 0, ledger.KindDisburse
	e.MustBegin(db, n)
	e.Check(db)
}

var refPattern = regexp.MustCompile(`^\d{30}$`)

func beginWritesPendingAndReserves(e *Env) {
	db := e.L
	e.Fund(db, 500_000)
	// 23:30 UTC on 9 March is 06:30 on 10 March in Jakarta.
	at := time.Date(2025, time.March, 9, 23, 30, 0, 0, time.UTC)
	e.Clock.Set(at)
	n := NewTxn(150_000)
	got := e.MustBegin(db, n)

	meta, err := db.Meta()
	if err != nil {
		e.T.Fatal(err)
	}
	want := ledger.Txn{
		PartnerReferenceNo: "20250310" + meta.InstallationID + "0000000001",
		Kind:               ledger.KindTopUp,
		State:              ledger.StatePending,
		CustomerNumber:     n.CustomerNumber,
		CustomerName:       n.CustomerName,
		Amount:             150_000,
		Fee:                1000,
		Operator:           "ani",
		Outlet:             "OUTLET-1",
		ExternalID:         n.ExternalID,
		SessionID:          "sess-1",
		CreatedAt:          at,
		UpdatedAt:          at,
		History:            []ledger.Change{{State: ledger.StatePending, At: at}},
	}
	if !reflect.DeepEqual(got, want) {
		e.T.Fatalf("Begin returned\n%+v\nwant\n%+v", got, want)
	}
	if stored := e.MustGet(db, got.PartnerReferenceNo); !reflect.DeepEqual(stored, want) {
		e.T.Fatalf("stored\n%+v\nwant\n%+v", stored, want)
	}
	d := e.MustDeposit(db)
	if d.Balance != 500_000 || d.Reserved != 150_000 || d.Available != 350_000 {
		e.T.Fatalf("deposit after Begin = %+v", d)
	}
	open, err := db.Open()
	if err != nil {
		e.T.Fatal(err)
	}
	if len(open) != 1 || open[0].PartnerReferenceNo != got.PartnerReferenceNo {
		e.T.Fatalf("open set = %+v", open)
	}
	e.Check(db)
}

// A pending record is durable when Begin returns: a restart finds it, open,
// with its reservation; the next reference is not the same.
func beginDurableAfterReopen(e *Env) {
	e.Fund(e.L, 300_000)
	a := e.MustBegin(e.L, NewTxn(100_000))
	b := e.MustBegin(e.L, NewTxn(50_000))
	e.MustSettle(e.L, b.PartnerReferenceNo, ledger.Outcome{State: ledger.StateUnknown, Code: "5003800"})
	db := e.Reopen()
	if got := e.MustGet(db, a.PartnerReferenceNo); !reflect.DeepEqual(got, a) {
		e.T.Fatalf("after reopen\n%+v\nwant\n%+v", got, a)
	}
	open, err := db.Open()
	if err != nil {
		e.T.Fatal(err)
	}
	if got := Refs(open); !reflect.DeepEqual(got, []string{a.PartnerReferenceNo, b.PartnerReferenceNo}) {
		e.T.Fatalf("open after reopen = %v", got)
	}
	if d := e.MustDeposit(db); d.Reserved != 150_000 || d.Available != 150_000 {
		e.T.Fatalf("deposit after reopen = %+v", d)
	}
	c := e.MustBegin(db, NewTxn(1))
	if c.PartnerReferenceNo == a.PartnerReferenceNo || c.PartnerReferenceNo == b.PartnerReferenceNo {
		e.T.Fatalf("reference %s handed out again after reopen", c.PartnerReferenceNo)
	}
	e.Check(db)
}

func refsUniqueSequential(e *Env) {
	db := e.L
	e.Clock.SetStep(3 * time.Hour) // cross several Jakarta days
	e.Fund(db, 1_000_000_000)
	meta, _ := db.Meta()
	seen := map[string]bool{}
	for i := 1; i <= 120; i++ {
		tx := e.MustBegin(db, NewTxn(1000))
		ref := tx.PartnerReferenceNo
		if !refPattern.MatchString(ref) {
			e.T.Fatalf("ref %q is not 30 digits", ref)
		}
		if seen[ref] {
			e.T.Fatalf("ref %s handed out twice", ref)
		}
		seen[ref] = true
		if day := tx.CreatedAt.In(Jakarta).Format("20060102"); ref[:8] != day {
			e.T.Fatalf("ref %s does not start with the Jakarta day %s", ref, day)
		}
		if ref[8:20] != meta.InstallationID {
			e.T.Fatalf("ref %s does not carry installation id %s", ref, meta.InstallationID)
		}
		if seq, _ := strconv.Atoi(ref[20:]); seq != i {
			e.T.Fatalf("ref %s has sequence %d, want %d", ref, seq, i)
		}
	}
	e.Check(db)
}

func beginInsufficientDeposit(e *Env) {
	db := e.L
	// Nothing mirrored yet: nothing available.
	_, err := db.Begin(NewTxn(1))
	e.WantErr(err, ledger.ErrInsufficientDeposit)

	e.Fund(db, 100_000)
	e.MustBegin(db, NewTxn(60_000))
	_, err = db.Begin(NewTxn(40_001))
	e.WantErr(err, ledger.ErrInsufficientDeposit)
	var ie *ledger.InsufficientDepositError
	if !errors.As(err, &ie) || ie.Available != 40_000 || ie.Amount != 40_001 {
		e.T.Fatalf("error = %#v, want Available 40000, Amount 40001", err)
	}
	// The refusal wrote nothing: no reservation, no transaction (a
	// backend may have used up a sequence number: references need not be
	// gapless, only unique).
	if d := e.MustDeposit(db); d.Reserved != 60_000 {
		e.T.Fatalf("reserved = %d after a refused Begin", d.Reserved)
	}
	if p, err := db.History(ledger.Query{}); err != nil || len(p.Txns) != 1 {
		e.T.Fatalf("after a refused Begin the ledger holds %d transactions (%v), want 1", len(p.Txns), err)
	}
	e.MustBegin(db, NewTxn(40_000))
	if d := e.MustDeposit(db); d.Available != 0 {
		e.T.Fatalf("available = %d, want 0", d.Available)
	}
	e.Check(db)
}

func settleStateMachine(e *Env) {
	const (
		balance = 1_000_000
		amount  = 100_000
	)
	type want struct {
		err      error // sentinel, nil for none
		sameFin  bool  // IsSameFinal(err)
		state    ledger.State
		reserved int64
		balance  int64
		open     bool
		receipt  bool
		history  int // len(History) after the call
	}
	const (
		pending = ledger.StatePending
		unknown = ledger.StateUnknown
		success = ledger.StateSuccess
		failed  = ledger.StateFailed
	)
	tests := []struct {
		from, to ledger.State
		want     want
	}{
		{pending, success, want{state: success, balance: balance - amount, receipt: true, history: 2}},
		{pending, failed, want{state: failed, balance: balance, history: 2}},
		{pending, unknown, want{state: unknown, reserved: amount, balance: balance, open: true, history: 2}},
		{pending, pending, want{err: ledger.ErrInvalid, state: pending, reserved: amount, balance: balance, open: true, history: 1}},
		{pending, "weird", want{err: ledger.ErrInvalid, state: pending, reserved: amount, balance: balance, open: true, history: 1}},

		{unknown, success, want{state: success, balance: balance - amount, receipt: true, history: 3}},
		{unknown, failed, want{state: failed, balance: balance, history: 3}},
		{unknown, unknown, want{state: unknown, reserved: amount, balance: balance, open: true, history: 3}},
		{unknown, pending, want{err: ledger.ErrInvalid, state: unknown, reserved: amount, balance: balance, open: true, history: 2}},

		{success, success, want{err: ledger.ErrFinal, sameFin: true, state: success, balance: balance - amount, receipt: true, history: 2}},
		{success, failed, want{err: ledger.ErrFinal, state: success, balance: balance - amount, receipt: true, history: 2}},
		{success, unknown, want{err: ledger.ErrFinal, state: success, balance: balance - amount, receipt: true, history: 2}},

		{failed, failed, want{err: ledger.ErrFinal, sameFin: true, state: failed, balance: balance, history: 2}},
		{failed, success, want{err: ledger.ErrFinal, state: failed, balance: balance, history: 2}},
		{failed, unknown, want{err: ledger.ErrFinal, state: failed, balance: balance, history: 2}},
	}
	db := e.L
	for _, tc := range tests {
		name := fmt.Sprintf("%s→%s", tc.from, tc.to)
		// Each case on a fresh reading: the balance and reservation
		// compare to this case's transaction alone.
		e.Fund(db, balance)
		ref := e.MustBegin(db, NewTxn(amount)).PartnerReferenceNo
		if tc.from != pending {
			e.MustSettle(db, ref, ledger.Outcome{State: tc.from, Code: "setup"})
		}
		before := e.MustGet(db, ref)

		got, err := db.Settle(ref, ledger.Outcome{State: tc.to, Code: "2003800", Message: "Successful", ReferenceNo: "OVO-1", Note: "test"})
		if tc.want.err == nil && err != nil || tc.want.err != nil && !errors.Is(err, tc.want.err) {
			e.T.Fatalf("%s: error %v, want %v", name, err, tc.want.err)
		}
		if ledger.IsSameFinal(err) != tc.want.sameFin {
			e.T.Errorf("%s: IsSameFinal(%v) = %v, want %v", name, err, !tc.want.sameFin, tc.want.sameFin)
		}
		stored := e.MustGet(db, ref)
		switch {
		case tc.want.err == nil && !reflect.DeepEqual(got, stored):
			e.T.Errorf("%s: Settle returned %+v, stored %+v", name, got, stored)
		case tc.want.err == ledger.ErrFinal && !reflect.DeepEqual(got, before):
			e.T.Errorf("%s: on ErrFinal Settle returned %+v, want the unchanged %+v", name, got, before)
		}
		if tc.want.err != nil && !reflect.DeepEqual(stored, before) {
			e.T.Errorf("%s: a refused Settle changed the txn:\nbefore %+v\nafter  %+v", name, before, stored)
		}
		if stored.State != tc.want.state {
			e.T.Errorf("%s: state = %s, want %s", name, stored.State, tc.want.state)
		}
		if (stored.ReceiptNo != "") != tc.want.receipt {
			e.T.Errorf("%s: receipt = %q, want one: %v", name, stored.ReceiptNo, tc.want.receipt)
		}
		if len(stored.History) != tc.want.history {
			e.T.Errorf("%s: history has %d changes, want %d: %+v", name, len(stored.History), tc.want.history, stored.History)
		}
		if last := stored.History[len(stored.History)-1]; tc.want.err == nil && (last.State != tc.to || last.Code != "2003800" || last.Note != "test") {
			e.T.Errorf("%s: last change = %+v", name, last)
		}
		d := e.MustDeposit(db)
		if d.Reserved != tc.want.reserved || d.Balance != tc.want.balance || d.Available != tc.want.balance-tc.want.reserved {
			e.T.Errorf("%s: deposit = %+v, want balance %d reserved %d", name, d, tc.want.balance, tc.want.reserved)
		}
		open, _ := db.Open()
		if (len(open) == 1) != tc.want.open {
			e.T.Errorf("%s: open set = %v, want open=%v", name, Refs(open), tc.want.open)
		}
		if tc.want.receipt {
			byReceipt, err := db.GetByReceipt(stored.ReceiptNo)
			if err != nil || byReceipt.PartnerReferenceNo != ref {
				e.T.Errorf("%s: GetByReceipt(%s) = %s, %v", name, stored.ReceiptNo, byReceipt.PartnerReferenceNo, err)
			}
		}
		e.Check(db)
		// Close the case's transaction so the next starts with nothing open.
		if !stored.State.Final() {
			e.MustSettle(db, ref, ledger.Outcome{State: failed})
		}
	}
}

func settleOverwritesOnlyNonEmpty(e *Env) {
	db := e.L
	e.Fund(db, 1_000_000)
	e.Clock.Set(Start)
	ref := e.MustBegin(db, NewTxn(50_000)).PartnerReferenceNo
	at1 := Start.Add(time.Minute)
	e.Clock.Set(at1)
	tx := e.MustSettle(db, ref, ledger.Outcome{State: ledger.StateUnknown, Code: "5003800", Message: "General Error", ExternalID: "ext-2", LastStatus: "03", Note: "timeout"})
	if tx.ResponseCode != "5003800" || tx.ResponseMessage != "General Error" || tx.ExternalID != "ext-2" || tx.LastStatus != "03" || !tx.UpdatedAt.Equal(at1) {
		e.T.Fatalf("after unknown: %+v", tx)
	}
	at2 := Start.Add(2 * time.Minute)
	e.Clock.Set(at2)
	tx = e.MustSettle(db, ref, ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: "OVO-REF-9"})
	if tx.ResponseCode != "5003800" || tx.ResponseMessage != "General Error" || tx.ExternalID != "ext-2" || tx.LastStatus != "03" {
		e.T.Fatalf("empty outcome fields overwrote: %+v", tx)
	}
	if tx.ReferenceNo != "OVO-REF-9" || !tx.UpdatedAt.Equal(at2) || !tx.CreatedAt.Equal(Start) {
		e.T.Fatalf("after success: %+v", tx)
	}
	wantHist := []ledger.Change{
		{State: ledger.StatePending, At: Start.UTC()},
		{State: ledger.StateUnknown, At: at1.UTC(), Code: "5003800", Note: "timeout"},
		{State: ledger.StateSuccess, At: at2.UTC()},
	}
	if !reflect.DeepEqual(tx.History, wantHist) {
		e.T.Fatalf("history = %+v\nwant %+v", tx.History, wantHist)
	}
	if got := e.MustGet(db, ref); !reflect.DeepEqual(got, tx) {
		e.T.Fatalf("stored %+v\nreturned %+v", got, tx)
	}
}

func settleNotFound(e *Env) {
	db := e.L
	_, err := db.Settle("nope", ledger.Outcome{State: ledger.StateSuccess})
	e.WantErr(err, ledger.ErrNotFound)
	_, err = db.NoteCheck("nope", "03")
	e.WantErr(err, ledger.ErrNotFound)
	_, err = db.Get("nope")
	e.WantErr(err, ledger.ErrNotFound)
	_, err = db.GetByReceipt("R00000001")
	e.WantErr(err, ledger.ErrNotFound)
	_, err = db.MarkPrinted("nope", 1)
	e.WantErr(err, ledger.ErrNotFound)
}

func noteCheck(e *Env) {
	db := e.L
	e.Fund(db, 1_000_000)
	ref := e.MustBegin(db, NewTxn(50_000)).PartnerReferenceNo
	e.MustSettle(db, ref, ledger.Outcome{State: ledger.StateUnknown})
	for i := 1; i <= 3; i++ {
		at := Start.Add(time.Duration(i) * time.Hour)
		e.Clock.Set(at)
		tx, err := db.NoteCheck(ref, "03")
		if err != nil {
			e.T.Fatal(err)
		}
		if tx.StatusChecks != i || tx.LastStatus != "03" || tx.State != ledger.StateUnknown || len(tx.History) != 2 || !tx.UpdatedAt.Equal(at) {
			e.T.Fatalf("after check %d: %+v", i, tx)
		}
	}
	tx, _ := db.NoteCheck(ref, "")
	if tx.LastStatus != "03" || tx.StatusChecks != 4 {
		e.T.Fatalf("empty lastStatus overwrote: %+v", tx)
	}
	if d := e.MustDeposit(db); d.Reserved != 50_000 {
		e.T.Fatalf("NoteCheck touched the reservation: %+v", d)
	}
	e.MustSettle(db, ref, ledger.Outcome{State: ledger.StateFailed})
	before := e.MustGet(db, ref)
	got, err := db.NoteCheck(ref, "00")
	e.WantErr(err, ledger.ErrFinal)
	if !reflect.DeepEqual(got, before) {
		e.T.Fatalf("NoteCheck on a final txn returned %+v, want %+v", got, before)
	}
	if after := e.MustGet(db, ref); !reflect.DeepEqual(after, before) {
		e.T.Fatal("NoteCheck changed a final txn")
	}
}

func receiptsSequentialAndUnique(e *Env) {
	db := e.L
	e.Fund(db, 1_000_000_000)
	var refs []string
	for range 40 {
		refs = append(refs, e.MustBegin(db, NewTxn(1000)).PartnerReferenceNo)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	n := 0
	for i, ref := range refs {
		if i%4 == 3 { // failures take no receipt number
			e.MustSettle(db, ref, ledger.Outcome{State: ledger.StateFailed})
			continue
		}
		n++
		tx := e.MustSettle(db, ref, ledger.Outcome{State: ledger.StateSuccess})
		if want := fmt.Sprintf("R%08d", n); tx.ReceiptNo != want {
			e.T.Fatalf("receipt %d = %s, want %s", n, tx.ReceiptNo, want)
		}
		back, err := db.GetByReceipt(tx.ReceiptNo)
		if err != nil || back.PartnerReferenceNo != ref {
			e.T.Fatalf("GetByReceipt(%s) = %s, %v; want %s", tx.ReceiptNo, back.PartnerReferenceNo, err, ref)
		}
	}
	e.Check(db)
}

// MarkPrinted counts slips on any transaction, final ones included, and
// changes nothing else.
func markPrinted(e *Env) {
	db := e.L
	e.Fund(db, 100_000)
	ref := e.MustBegin(db, NewTxn(10_000)).PartnerReferenceNo
	done := e.MustSettle(db, ref, ledger.Outcome{State: ledger.StateSuccess})
	got, err := db.MarkPrinted(ref, 1)
	if err != nil || got.Printed != 1 {
		e.T.Fatalf("MarkPrinted: %+v, %v", got, err)
	}
	got, _ = db.MarkPrinted(ref, 2)
	got, _ = db.MarkPrinted(ref, -5) // never counts down
	done.Printed = 3
	if stored := e.MustGet(db, ref); !reflect.DeepEqual(stored, done) || !reflect.DeepEqual(got, done) {
		e.T.Fatalf("after printing: stored %+v, returned %+v; want %+v", stored, got, done)
	}
}

// reservedEqualsOpenSum drives a random sequence of Begin, Settle,
// NoteCheck, readings and restarts against a simple model, and after every
// step proves that Reserved is the sum of the amounts of the open set, that
// the mirror never goes negative and matches the model, and that final
// transactions never change.
func reservedEqualsOpenSum(e *Env) {
	rng := rand.New(rand.NewPCG(1, 99))
	db := e.L
	type entry struct {
		amount int64
		state  ledger.State
		final  ledger.Txn // as stored when it became final
	}
	model := map[string]*entry{}
	var refs []string
	var balance int64
	for step := range 300 {
		switch op := rng.IntN(100); {
		case op < 40: // Begin
			amount := rng.Int64N(90_000) + 1
			var reserved int64
			for _, m := range model {
				if !m.state.Final() {
					reserved += m.amount
				}
			}
			tx, err := db.Begin(NewTxn(amount))
			fits := amount <= max(balance-reserved, 0)
			switch {
			case fits && err == nil:
				model[tx.PartnerReferenceNo] = &entry{amount: amount, state: ledger.StatePending}
				refs = append(refs, tx.PartnerReferenceNo)
			case !fits && errors.Is(err, ledger.ErrInsufficientDeposit):
			default:
				e.T.Fatalf("step %d: Begin(%d) with balance %d reserved %d: %v", step, amount, balance, reserved, err)
			}
		case op < 80 && len(refs) > 0: // Settle
			ref := refs[rng.IntN(len(refs))]
			m := model[ref]
			to := []ledger.State{ledger.StateSuccess, ledger.StateFailed, ledger.StateUnknown}[rng.IntN(3)]
			tx, err := db.Settle(ref, ledger.Outcome{State: to})
			if m.state.Final() {
				if !errors.Is(err, ledger.ErrFinal) || !tx.UpdatedAt.Equal(m.final.UpdatedAt) || tx.State != m.state {
					e.T.Fatalf("step %d: Settle of final %s: %v", step, ref, err)
				}
				break
			}
			if err != nil {
				e.T.Fatalf("step %d: Settle: %v", step, err)
			}
			m.state = to
			if to == ledger.StateSuccess {
				balance = max(balance-m.amount, 0)
			}
			if to.Final() {
				m.final = tx
			}
		case op < 85 && len(refs) > 0: // NoteCheck
			ref := refs[rng.IntN(len(refs))]
			_, err := db.NoteCheck(ref, "03")
			if model[ref].state.Final() != errors.Is(err, ledger.ErrFinal) {
				e.T.Fatalf("step %d: NoteCheck: %v", step, err)
			}
		case op < 95: // a fresh balance from OVO
			balance = rng.Int64N(1_000_000)
			e.Fund(db, balance)
		default: // restart
			db = e.Reopen()
		}
		e.Check(db)
		d := e.MustDeposit(db)
		if d.Balance != balance {
			e.T.Fatalf("step %d: deposit %+v, model balance %d", step, d, balance)
		}
	}
	for ref, m := range model {
		if !m.state.Final() {
			continue
		}
		got := e.MustGet(db, ref)
		if !got.UpdatedAt.Equal(m.final.UpdatedAt) || len(got.History) != len(m.final.History) {
			e.T.Fatalf("final txn %s changed: %+v (was %+v)", ref, got, m.final)
		}
	}
}
