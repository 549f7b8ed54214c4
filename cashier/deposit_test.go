package cashier_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// A second operator reads the deposit while a slow top up is at OVO, after
// OVO applied it: the reading already includes that top up. Recording its
// success must not debit the mirror a second time, and the next top up must
// not be refused as above the deposit while OVO holds the money.
func TestReadingDuringSlowTopUpIsNotDebitedTwice(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 150_000, NoStart: true,
		SimConfig: func(c *ovosim.Config) { c.Latency = 300 * time.Millisecond }})
	if _, err := e.Service.RefreshDeposit(bg); err != nil {
		t.Fatal(err)
	}
	refs := make(chan string, 1)
	cashier.SetHooks(e.Service, func(ref string) { refs <- ref }, nil)
	q := quote(t, e, storage.KindTopUp, "081234567890", 100_000)
	var wg sync.WaitGroup
	var first cashier.Result
	wg.Add(1)
	go func() {
		defer wg.Done()
		first, _ = e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	}()
	ref := <-refs
	cashier.SetHooks(e.Service, nil, nil)
	for deadline := time.Now().Add(5 * time.Second); e.Sim.Applied(ref) == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the sandbox never applied the top up")
		}
	}
	// The second operator presses r while OVO holds the answer.
	d, err := e.Service.RefreshDeposit(bg)
	if err != nil || d.Balance != 50_000 || d.Reserved != 100_000 {
		t.Fatalf("reading during the top up: %+v, %v", d, err)
	}
	wg.Wait()
	if first.Txn.State != storage.StateSuccess {
		t.Fatalf("first top up: %s (%v)", first.Txn.State, first.Err)
	}
	if d, _ = e.Service.Deposit(); d.Balance > e.Sim.Deposit() || d.Reserved != 0 {
		t.Fatalf("mirror %+v overstates the sandbox's %d", d, e.Sim.Deposit())
	}

	q = quote(t, e, storage.KindTopUp, "081234567890", 50_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "budi"})
	var de *cashier.DepositError
	if errors.As(err, &de) {
		t.Fatalf("next top up NOT SENT: %v (sandbox holds %d)", err, e.Sim.Deposit())
	}
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("next top up: %v %+v", err, res)
	}
	if d, _ = e.Service.Deposit(); d.Balance != 0 || e.Sim.Deposit() != 0 {
		t.Fatalf("mirror %+v, sandbox %d; want both 0", d, e.Sim.Deposit())
	}
}

// Many sessions asking for the deposit at once cost at most two calls to
// OVO, and each gets a reading asked after it called.
func TestDepositReadingsCoalesce(t *testing.T) {
	var calls atomic.Int64
	e := testenv.New(t, testenv.Options{Deposit: 500_000, NoStart: true, CashierConfig: func(c *cashier.Config) {
		c.OVO = countBalance{c.OVO, &calls}
	}})
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d, err := e.Service.RefreshDeposit(bg); err != nil || d.Balance != 500_000 {
				t.Errorf("reading: %+v, %v", d, err)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n < 1 || n > 2 {
		t.Fatalf("50 concurrent readers made %d balance calls, want 1 or 2", n)
	}
}

// countBalance counts the balance calls.
type countBalance struct {
	cashier.OVO
	n *atomic.Int64
}

func (c countBalance) Balance(ctx context.Context) (*ovo.Balance, error) {
	c.n.Add(1)
	time.Sleep(20 * time.Millisecond) // a call long enough for the readers to pile up
	return c.OVO.Balance(ctx)
}

// A top up costs no balance call (and so no third commit): the mirror
// follows from the ledger between readings.
func TestTopUpDoesNotReadTheDeposit(t *testing.T) {
	var calls atomic.Int64
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000, CashierConfig: func(c *cashier.Config) {
		c.OVO = countBalance{c.OVO, &calls}
	}})
	q := quote(t, e, storage.KindTopUp, "081234567890", 50_000)
	time.Sleep(100 * time.Millisecond) // the service started: any reading of its own is under way
	before := calls.Load()
	for range 5 {
		if res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"}); err != nil || res.Txn.State != storage.StateSuccess {
			t.Fatalf("top up: %v %+v", err, res)
		}
	}
	time.Sleep(1500 * time.Millisecond) // a background reading would have started by now
	if n := calls.Load() - before; n != 0 {
		t.Fatalf("5 top ups made %d balance calls, want 0", n)
	}
	if d, _ := e.Service.Deposit(); d.Balance != e.Sim.Deposit() || d.Uncertain != 0 {
		t.Fatalf("mirror %+v, sandbox %d", d, e.Sim.Deposit())
	}
}

// The deposit was funded at OVO after the mirror was read: a top up above
// the old mirror is not refused on it; the mirror is read again first (it
// was not read just now) and the top up goes through. A mirror read just
// now refuses at once, without a call.
func TestRefusalReadsAnOldMirrorFirst(t *testing.T) {
	var calls atomic.Int64
	min := time.Hour
	e := testenv.New(t, testenv.Options{Deposit: 100_000, NoStart: true, CashierConfig: func(c *cashier.Config) {
		c.OVO = countBalance{c.OVO, &calls}
		c.DepositMinInterval = min
	}})
	if _, err := e.Service.RefreshDeposit(bg); err != nil {
		t.Fatal(err)
	}
	if err := e.Sim.SetDeposit(500_000); err != nil {
		t.Fatal(err)
	}
	q := quote(t, e, storage.KindTopUp, "081234567890", 200_000)
	before := calls.Load()
	_, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if !errors.Is(err, cashier.ErrDeposit) || calls.Load() != before {
		t.Fatalf("against a mirror read just now: %v, %d balance calls; want refused without a call", err, calls.Load()-before)
	}

	e2 := testenv.New(t, testenv.Options{Deposit: 100_000, NoStart: true, CashierConfig: func(c *cashier.Config) {
		c.DepositMinInterval = time.Millisecond
	}})
	if _, err := e2.Service.RefreshDeposit(bg); err != nil {
		t.Fatal(err)
	}
	if err := e2.Sim.SetDeposit(500_000); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	q = quote(t, e2, storage.KindTopUp, "081234567890", 200_000)
	res, err := e2.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("after the deposit was funded: %v %+v", err, res)
	}
}

// DepositForSend reads OVO only when the mirror is unfit to decide on:
// never read, or older than DepositInterval; an exact, young mirror is
// returned without a call (other processes' top ups in flight would make a
// reading now understate it).
func TestDepositForSendReadsOnlyAnUnfitMirror(t *testing.T) {
	var calls atomic.Int64
	e := testenv.New(t, testenv.Options{Deposit: 100_000, NoStart: true, CashierConfig: func(c *cashier.Config) {
		c.OVO = countBalance{c.OVO, &calls}
		c.DepositInterval = 300 * time.Millisecond
	}})
	if d, err := e.Service.DepositForSend(bg); err != nil || calls.Load() != 1 || d.Balance != 100_000 {
		t.Fatalf("never read: %+v %v, %d calls; want one reading", d, err, calls.Load())
	}
	if _, err := e.Service.DepositForSend(bg); err != nil || calls.Load() != 1 {
		t.Fatalf("read moments ago: %v, %d calls; want none more", err, calls.Load())
	}
	time.Sleep(350 * time.Millisecond)
	if _, err := e.Service.DepositForSend(bg); err != nil || calls.Load() != 2 {
		t.Fatalf("read longer ago than the interval: %v, %d calls; want a second reading", err, calls.Load())
	}
}
