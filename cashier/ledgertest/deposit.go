package ledgertest

import (
	"errors"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The core cases about the deposit mirror: readings, reservations and the
// reconciliation of a reading with the transactions still open.
func init() {
	Register(
		Case{Name: "Deposit/Readings", Run: depositReadings},
		Case{Name: "Deposit/NeverNegative", Run: depositNeverNegative},
		Case{Name: "Deposit/ReadingReconciledWithOpenTransactions", Run: readingReconciled},
		Case{Name: "Deposit/ConcurrentBeginsNeverOverReserve", Run: concurrentBeginsNeverOverReserve},
		Case{Name: "Deposit/ConcurrentLifecycles", Run: concurrentLifecycles},
		Case{Name: "Deposit/SharedHandlesReserveOneDeposit", Run: sharedHandlesReserveOneDeposit, Shared: true},
	)
}

// reading records balance as answered to a reading asked at at.
func (e *Env) reading(l Core, balance int64, at time.Time) (ledger.Deposit, error) {
	e.T.Helper()
	r, err := l.ReadingStart(at)
	if err != nil {
		e.T.Fatal(err)
	}
	return l.RecordReading(balance, r)
}

func depositReadings(e *Env) {
	db := e.L
	if d := e.MustDeposit(db); d != (ledger.Deposit{}) {
		e.T.Fatalf("new ledger deposit = %+v", d)
	}
	t1 := Start.Add(time.Hour)
	d, err := e.reading(db, 700_000, t1)
	if err != nil {
		e.T.Fatal(err)
	}
	if d.Balance != 700_000 || d.Available != 700_000 || !d.RefreshedAt.Equal(t1) {
		e.T.Fatalf("deposit = %+v", d)
	}
	// An older reading is ignored.
	d, err = e.reading(db, 1, t1.Add(-time.Second))
	if err != nil {
		e.T.Fatal(err)
	}
	if d.Balance != 700_000 || !d.RefreshedAt.Equal(t1) {
		e.T.Fatalf("older reading applied: %+v", d)
	}
	// A reading at the same time or later is applied.
	if d, _ = e.reading(db, 650_000, t1); d.Balance != 650_000 {
		e.T.Fatalf("same-time reading ignored: %+v", d)
	}
	_, err = e.reading(db, -1, t1.Add(time.Hour))
	e.WantErr(err, ledger.ErrInvalid)
	if got := e.MustDeposit(db); got.Balance != 650_000 {
		e.T.Fatalf("stored deposit = %+v", got)
	}
	if got := e.MustDeposit(e.Reopen()); got.Balance != 650_000 || !got.RefreshedAt.Equal(t1) {
		e.T.Fatalf("deposit after reopen = %+v", got)
	}
}

func depositNeverNegative(e *Env) {
	db := e.L
	e.Fund(db, 100_000)
	a := e.MustBegin(db, NewTxn(100_000)).PartnerReferenceNo
	// OVO now reports less than is reserved (money spent elsewhere).
	if _, err := e.reading(db, 30_000, e.Clock.Now()); err != nil {
		e.T.Fatal(err)
	}
	d := e.MustDeposit(db)
	if d.Available != 0 || d.Reserved != 100_000 || d.Balance != 30_000 {
		e.T.Fatalf("deposit = %+v, want available 0", d)
	}
	_, err := db.Begin(NewTxn(1))
	e.WantErr(err, ledger.ErrInsufficientDeposit)
	e.MustSettle(db, a, ledger.Outcome{State: ledger.StateSuccess})
	d = e.MustDeposit(db)
	// a was open during the reading of 30,000: it may be in it (uncertain).
	if d != (ledger.Deposit{RefreshedAt: d.RefreshedAt, Uncertain: 100_000}) {
		e.T.Fatalf("deposit after debiting more than the balance = %+v, want all zero but Uncertain", d)
	}
	e.Check(db)
}

// The reconciliation rule of ledger.Deposit, step by step against what OVO
// holds: a reading from OVO may already include transactions the ledger
// still holds open; nothing is subtracted twice, nothing is believed that
// OVO cannot hold.
func readingReconciled(e *Env) {
	db := e.L
	e.Fund(db, 1_000_000) // nothing open: exact
	a := e.MustBegin(db, NewTxn(100_000)).PartnerReferenceNo

	// A reading taken while a is open, after OVO applied it: 900,000.
	d, err := e.reading(db, 900_000, time.Time{})
	if err != nil || d.Balance != 900_000 || d.Uncertain != 0 || d.Available != 800_000 {
		e.T.Fatalf("reading with a open: %+v, %v", d, err)
	}
	// a succeeds: it may be in the reading, so the debit is taken but
	// counted as uncertain; never more than OVO can hold.
	e.MustSettle(db, a, ledger.Outcome{State: ledger.StateSuccess})
	if d = e.MustDeposit(db); d.Balance != 800_000 || d.Uncertain != 100_000 || d.Available != 800_000 {
		e.T.Fatalf("after a succeeded: %+v", d)
	}
	// The next reading, with nothing open, is exact.
	if d, _ = e.reading(db, 900_000, time.Time{}); d.Balance != 900_000 || d.Uncertain != 0 {
		e.T.Fatalf("fresh reading: %+v", d)
	}
	// b opens after that reading: not in it, debited plainly.
	b := e.MustBegin(db, NewTxn(50_000)).PartnerReferenceNo
	e.MustSettle(db, b, ledger.Outcome{State: ledger.StateSuccess})
	if d = e.MustDeposit(db); d.Balance != 850_000 || d.Uncertain != 0 {
		e.T.Fatalf("after b: %+v", d)
	}
	// A reading asked before c succeeded and answered after: the reading may
	// predate c, so c's debit is subtracted from it (as uncertain).
	c := e.MustBegin(db, NewTxn(20_000)).PartnerReferenceNo
	r, _ := db.ReadingStart(time.Time{})
	e.MustSettle(db, c, ledger.Outcome{State: ledger.StateSuccess})
	if d, _ = db.RecordReading(850_000, r); d.Balance != 830_000 || d.Uncertain != 20_000 || d.Reserved != 0 {
		e.T.Fatalf("reading overlapping c's success: %+v", d)
	}
	// A failed transaction that was open during a reading changes nothing.
	f := e.MustBegin(db, NewTxn(10_000)).PartnerReferenceNo
	e.Fund(db, 830_000)
	e.MustSettle(db, f, ledger.Outcome{State: ledger.StateFailed})
	if d = e.MustDeposit(db); d.Balance != 830_000 || d.Uncertain != 0 || d.Available != 830_000 {
		e.T.Fatalf("after f failed: %+v", d)
	}
	// "Maybe in the reading" survives a restart.
	g := e.MustBegin(db, NewTxn(30_000)).PartnerReferenceNo
	e.Fund(db, 800_000)
	db = e.Reopen()
	e.MustSettle(db, g, ledger.Outcome{State: ledger.StateSuccess})
	if d = e.MustDeposit(db); d.Balance != 770_000 || d.Uncertain != 30_000 {
		e.T.Fatalf("after g, open at a reading before a restart: %+v", d)
	}
	e.Check(db)
}

// begins runs n Begins of amount at once over the handles (round robin)
// and returns the references begun and how many were refused for want of
// deposit; any other error fails the case.
func (e *Env) begins(handles []Core, n int, amount int64) (ok []string, short int) {
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		mu    sync.Mutex
	)
	for i := range n {
		l := handles[i%len(handles)]
		wg.Go(func() {
			<-start
			tx, err := l.Begin(NewTxn(amount))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok = append(ok, tx.PartnerReferenceNo)
			case errors.Is(err, ledger.ErrInsufficientDeposit):
				short++
			default:
				e.T.Errorf("unexpected error: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	return ok, short
}

func concurrentBeginsNeverOverReserve(e *Env) {
	const (
		goroutines = 50
		deposit    = 1_000_000
		amount     = 75_000
		fit        = deposit / amount // 13
	)
	db := e.L
	e.Fund(db, deposit)
	ok, short := e.begins([]Core{db}, goroutines, amount)
	if len(ok) != fit || short != goroutines-fit {
		e.T.Fatalf("%d Begins succeeded and %d were refused; want %d and %d", len(ok), short, fit, goroutines-fit)
	}
	d := e.MustDeposit(db)
	if d.Reserved != fit*amount || d.Available != deposit-fit*amount {
		e.T.Fatalf("deposit = %+v, want reserved %d", d, fit*amount)
	}
	e.Check(db)
}

// Processes sharing one store reserve against one deposit: handles opened
// side by side (separate connections) never over-reserve together, and
// every reference and receipt number they hand out is unique.
func sharedHandlesReserveOneDeposit(e *Env) {
	const (
		deposit = 1_000_000
		amount  = 30_000
		fit     = deposit / amount // 33
	)
	handles := []Core{e.L, e.Handle(), e.Handle()}
	e.Fund(e.L, deposit)
	ok, short := e.begins(handles, 90, amount)
	if len(ok) != fit || short != 90-fit {
		e.T.Fatalf("%d Begins succeeded and %d were refused over %d handles; want %d and %d", len(ok), short, len(handles), fit, 90-fit)
	}
	seen := map[string]bool{}
	for _, ref := range ok {
		if seen[ref] {
			e.T.Fatalf("reference %s handed out twice", ref)
		}
		seen[ref] = true
	}
	// Every handle settles a third at once: receipts unique across them.
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		receipts = map[string]string{}
	)
	for i, ref := range ok {
		l := handles[i%len(handles)]
		wg.Go(func() {
			tx, err := l.Settle(ref, ledger.Outcome{State: ledger.StateSuccess})
			if err != nil {
				e.T.Errorf("Settle %s: %v", ref, err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if other, dup := receipts[tx.ReceiptNo]; dup {
				e.T.Errorf("receipt %s given to %s and %s", tx.ReceiptNo, other, ref)
			}
			receipts[tx.ReceiptNo] = ref
		})
	}
	wg.Wait()
	for _, l := range handles {
		d := e.MustDeposit(l)
		if d.Balance != deposit-fit*amount || d.Reserved != 0 {
			e.T.Fatalf("deposit seen by a handle = %+v, want balance %d", d, deposit-fit*amount)
		}
	}
	e.Check(e.L)
}

// concurrentLifecycles runs many sessions doing whole lifecycles at once
// (with settles racing on the same transactions) and checks the ledger
// afterwards.
func concurrentLifecycles(e *Env) {
	const sessions = 16
	db := e.L
	handles := []Core{db}
	if e.B.Shared {
		handles = append(handles, e.Handle())
	}
	const funded = 2_000_000
	e.Fund(db, funded)
	var (
		wg    sync.WaitGroup
		refMu sync.Mutex
		refs  []string
	)
	for s := range sessions {
		l := handles[s%len(handles)]
		wg.Go(func() {
			seed := uint64(s)
			amount := func(i int) int64 { return int64((seed*7919+uint64(i)*104729)%50_000) + 1 }
			states := []ledger.State{ledger.StateSuccess, ledger.StateFailed, ledger.StateUnknown}
			for i := range 15 {
				tx, err := l.Begin(NewTxn(amount(i)))
				if errors.Is(err, ledger.ErrInsufficientDeposit) {
					continue
				}
				if err != nil {
					e.T.Error(err)
					return
				}
				refMu.Lock()
				refs = append(refs, tx.PartnerReferenceNo)
				refMu.Unlock()
				for k := range (i+s)%3 + 1 {
					other := handles[(s+k)%len(handles)] // another process settles too
					_, err := other.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: states[(i+k+s)%3]})
					if err != nil && !errors.Is(err, ledger.ErrFinal) {
						e.T.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	// Settled once: however many processes raced to settle a transaction,
	// the mirror fell by exactly the amounts of those that ended success.
	var succeeded int64
	for _, ref := range refs {
		if tx := e.MustGet(db, ref); tx.State == ledger.StateSuccess {
			succeeded += tx.Amount
		}
	}
	for _, l := range handles {
		if d := e.MustDeposit(l); d.Balance != funded-succeeded {
			e.T.Fatalf("balance %d after racing settles; the successes sum to %d of %d funded", d.Balance, succeeded, funded)
		}
	}
	e.Check(db)
}
