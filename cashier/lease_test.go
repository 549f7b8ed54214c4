package cashier_test

import (
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// leasingLedger is a ledger shared with other processes as the reconciler
// sees it: it grants the leases not in held, and counts grants and releases.
type leasingLedger struct {
	cashier.Ledger
	mu       sync.Mutex
	held     map[string]bool // leased by "another process"
	granted  []string
	released int
	ttl      time.Duration
}

func (l *leasingLedger) Lease(ref string, ttl time.Duration) (func(), bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ttl = ttl
	if l.held[ref] {
		return func() {}, false, nil
	}
	l.granted = append(l.granted, ref)
	return func() { l.mu.Lock(); l.released++; l.mu.Unlock() }, true, nil
}

// On a shared ledger the reconciler checks an open transaction only under
// its lease, releases it after, and leaves one another process holds alone.
func TestReconcileTakesLeases(t *testing.T) {
	var shared *leasingLedger
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000, NoStart: true, CashierConfig: func(c *cashier.Config) {
		shared = &leasingLedger{Ledger: c.Ledger, held: map[string]bool{}}
		c.Ledger = shared
	}})
	if _, err := e.Service.RefreshDeposit(bg); err != nil {
		t.Fatal(err)
	}
	begin := func() string {
		tx, err := e.DB.Begin(storage.NewTxn{Kind: storage.KindTopUp, CustomerNumber: ovosim.NumberSiti, Amount: 10_000,
			ExternalID: "x" + time.Now().Format("150405.000000000")})
		if err != nil {
			t.Fatal(err)
		}
		return tx.PartnerReferenceNo
	}
	mine, theirs := begin(), begin()
	shared.held[theirs] = true

	checks, errs := e.Service.Reconcile(bg)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	// Both are answered for: mine asked, theirs left to its holder but
	// still counted as open (a reconcile that leaves one out would report
	// "0 still open" over a transaction nobody has settled).
	if len(checks) != 2 {
		t.Fatalf("checks %+v; want one per open transaction", checks)
	}
	for _, c := range checks {
		switch {
		case c.Ref == mine && !c.Held && c.Status != nil:
		case c.Ref == theirs && c.Held && c.Status == nil && c.Txn.State == storage.StatePending:
		default:
			t.Fatalf("check %+v; want %s asked and %s held elsewhere, still pending", c, mine, theirs)
		}
	}
	if len(shared.granted) != 1 || shared.granted[0] != mine || shared.released != 1 {
		t.Fatalf("leases granted %v, released %d; want %s once, released", shared.granted, shared.released, mine)
	}
	if shared.ttl <= 0 {
		t.Fatalf("lease asked for %v", shared.ttl)
	}
	if tx, _ := e.DB.Get(theirs); tx.StatusChecks != 0 || tx.State != storage.StatePending {
		t.Fatalf("the transaction leased elsewhere was touched: %+v", tx)
	}
	// Once the other process lets go (releases, dies, or its lease expires), it is checked.
	delete(shared.held, theirs)
	checks, _ = e.Service.Reconcile(bg)
	if len(checks) != 2 || checks[0].Held || checks[1].Held {
		t.Fatalf("after the lease ended: %+v; want both asked", checks)
	}
}

// Another process's open transaction wakes nothing in this one (nor does
// that process's death): on a shared ledger the background reconciler
// looks at the open set every CheckInterval, not CheckMaxInterval, and
// checks it — a dead process's top ups are settled in seconds.
func TestSharedLedgerReconcilerPolls(t *testing.T) {
	var shared *leasingLedger
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000, CashierConfig: func(c *cashier.Config) {
		shared = &leasingLedger{Ledger: c.Ledger, held: map[string]bool{}}
		c.Ledger = shared
		c.CheckInterval, c.CheckMaxInterval = 200*time.Millisecond, time.Minute
	}})
	time.Sleep(100 * time.Millisecond) // the reconciler has found nothing open and waits
	tx, err := e.DB.Begin(storage.NewTxn{Kind: storage.KindTopUp, CustomerNumber: ovosim.NumberSiti, Amount: 10_000, ExternalID: "other-process"})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if got, _ := e.DB.Get(tx.PartnerReferenceNo); got.StatusChecks > 0 || got.State.Final() {
			return
		}
	}
	t.Fatal("the reconciler never looked at a transaction another process began")
}

// On a shared ledger another process's reconciler may learn a call's
// outcome from OVO's status and record it before the call's own answer is
// recorded (its lease was free: this process's connection to the ledger
// was cut meanwhile). The same outcome found recorded is this call's
// outcome, not an unknown one.
func TestExecuteOutcomeRecordedElsewhere(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000})
	cashier.SetHooks(e.Service, nil, func(ref string) {
		if _, err := e.DB.Settle(ref, storage.Outcome{State: storage.StateSuccess}); err != nil {
			t.Errorf("the other process's settle: %v", err)
		}
	})
	q, err := e.Service.Inquiry(bg, storage.KindTopUp, ovosim.NumberSiti, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil || res.Txn.State != storage.StateSuccess || res.Txn.ReceiptNo == "" {
		t.Fatalf("result %s %q, error %v; want the success recorded, with its receipt", res.Txn.State, res.Txn.ReceiptNo, res.Err)
	}
}
