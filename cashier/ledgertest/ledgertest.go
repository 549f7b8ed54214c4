// Package ledgertest is the ledger contract suite: the money-safety
// contract of cashier's Ledger, written once and run against every backend
// (the bbolt ledger in package storage, the PostgreSQL ledger in
// storage/postgres), so that a rule cannot hold on one and silently not on
// the other.
//
// A backend's test calls Run with a Backend that makes a fresh, empty store
// per test and opens handles on it. The suite's cases are registered by
// the files of this package (core.go for transactions, the deposit,
// history and search; others for shifts, approvals, batches and audit),
// each a function of an *Env.
package ledgertest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Core is the part of the ledger the core cases use: transactions, the
// deposit mirror, history and search, and Close.
type Core interface {
	Begin(n ledger.NewTxn) (ledger.Txn, error)
	Settle(ref string, o ledger.Outcome) (ledger.Txn, error)
	NoteCheck(ref, lastStatus string) (ledger.Txn, error)
	MarkPrinted(ref string, n int) (ledger.Txn, error)
	Get(ref string) (ledger.Txn, error)
	GetByReceipt(receiptNo string) (ledger.Txn, error)
	Open() ([]ledger.Txn, error)
	History(q ledger.Query) (ledger.Page, error)
	Search(k ledger.SearchKind, term, before string, limit int, keep func(ledger.Txn) bool) (ledger.Page, error)
	RangeTxns(from, to time.Time, fn func(ledger.Txn) error) error
	RangeOtherTxns(from, to time.Time, shiftID string, fn func(ledger.Txn) error) error
	Meta() (ledger.Meta, error)
	Deposit() (ledger.Deposit, error)
	ReadingStart(at time.Time) (ledger.ReadingStart, error)
	RecordReading(balance int64, r ledger.ReadingStart) (ledger.Deposit, error)
	Close() error
}

// Backend is one ledger implementation under test.
type Backend struct {
	// New makes a fresh, empty store for t whose handles read the clock
	// now, and returns the function that opens a handle on it. The suite
	// closes the handles it opens (Close must accept a second call).
	New func(t *testing.T, now func() time.Time) (open func(t *testing.T) Core)
	// Shared says that several handles may be open on one store at once,
	// as processes sharing one database are (PostgreSQL); the cases that
	// need it are skipped otherwise.
	Shared bool
	// Die, required when Shared, ends handle l as its process's death
	// does, as far as the store can tell (PostgreSQL: the server
	// terminates its session), with no clean-up by l: nothing released,
	// nothing closed. The suite does not use l after Die but Close.
	Die func(t *testing.T, l Core)
	// Check, when not nil, verifies the backend's own invariants of an
	// open handle (the bbolt ledger's Check); the suite calls it at the
	// end of cases that write.
	Check func(l Core) error
}

// Env is what a case gets: its store, a handle on it and the clock.
type Env struct {
	T     *testing.T
	B     Backend
	Clock *Clock
	L     Core // the current handle
	open  func(t *testing.T) Core
}

// Reopen closes the current handle and opens a new one on the same store
// (a restart of the process), which becomes L.
func (e *Env) Reopen() Core {
	e.T.Helper()
	if err := e.L.Close(); err != nil {
		e.T.Fatalf("Close: %v", err)
	}
	e.L = e.Handle()
	return e.L
}

// Handle opens another handle on the store, closed when the case ends. On
// a backend that is not Shared it must be called only after L is closed.
func (e *Env) Handle() Core {
	e.T.Helper()
	l := e.open(e.T)
	e.T.Cleanup(func() { _ = l.Close() })
	return l
}

// Case is one registered contract case.
type Case struct {
	Name string
	Run  func(e *Env)
	// Shared cases need several handles open on one store at once
	// (processes sharing a database): Run leaves them out, saying so, on a
	// backend that is not Shared. They are not skipped — they do not apply.
	Shared bool
}

var (
	casesMu sync.Mutex
	cases   []Case
)

// Register adds contract cases (from an init function of this package's
// files). Names must be unique.
func Register(cs ...Case) {
	casesMu.Lock()
	defer casesMu.Unlock()
	cases = append(cases, cs...)
}

// Run runs every registered case against b, each as a subtest with a store
// of its own and a fake clock starting at Start.
func Run(t *testing.T, b Backend) {
	casesMu.Lock()
	cs := append([]Case(nil), cases...)
	casesMu.Unlock()
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	var notApplicable []string
	for _, c := range cs {
		if c.Shared && !b.Shared {
			notApplicable = append(notApplicable, c.Name)
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			clk := NewClock(Start)
			open := b.New(t, clk.Now)
			e := &Env{T: t, B: b, Clock: clk, open: open}
			e.L = e.Handle()
			c.Run(e)
		})
	}
	if len(notApplicable) > 0 {
		t.Logf("not applicable to a store one handle holds at a time: %s", strings.Join(notApplicable, ", "))
	}
}

// Clock is a settable fake clock; every reading advances it by Step.
type Clock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

// NewClock is a Clock at t stepping a millisecond per reading.
func NewClock(t time.Time) *Clock { return &Clock{t: t, step: time.Millisecond} }

// Now reads the clock and advances it by the step.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.t
	c.t = c.t.Add(c.step)
	return now
}

// Set sets the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// SetStep sets how far each reading advances the clock.
func (c *Clock) SetStep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.step = d
}

// Jakarta is the zone of OVO's business day.
var Jakarta = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return loc
}()

// JKT is a time in Asia/Jakarta.
func JKT(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, Jakarta)
}

// Start is when the fake clock starts: 10 March 2025, 10:00 in Jakarta.
var Start = JKT(2025, time.March, 10, 10, 0, 0)

// extSeq numbers the external ids NewTxn hands out.
var extSeq atomic.Int64

// NewTxn is a valid NewTxn for amount, with an external id of its own.
func NewTxn(amount int64) ledger.NewTxn {
	return ledger.NewTxn{
		Kind:           ledger.KindTopUp,
		CustomerNumber: "081234567890",
		CustomerName:   "BUDI SANTOSO",
		Amount:         amount,
		Fee:            1000,
		Operator:       "ani",
		Outlet:         "OUTLET-1",
		ExternalID:     fmt.Sprintf("ext-%d", extSeq.Add(1)),
		SessionID:      "sess-1",
	}
}

// Fund records a reading of balance taken now with nothing under way.
func (e *Env) Fund(l Core, balance int64) ledger.Deposit {
	e.T.Helper()
	r, err := l.ReadingStart(time.Time{})
	if err != nil {
		e.T.Fatal(err)
	}
	d, err := l.RecordReading(balance, r)
	if err != nil {
		e.T.Fatal(err)
	}
	return d
}

// MustBegin is Begin that fails the case on an error.
func (e *Env) MustBegin(l Core, n ledger.NewTxn) ledger.Txn {
	e.T.Helper()
	tx, err := l.Begin(n)
	if err != nil {
		e.T.Fatalf("Begin(%+v): %v", n, err)
	}
	return tx
}

// MustSettle is Settle that fails the case on an error.
func (e *Env) MustSettle(l Core, ref string, o ledger.Outcome) ledger.Txn {
	e.T.Helper()
	tx, err := l.Settle(ref, o)
	if err != nil {
		e.T.Fatalf("Settle(%s, %+v): %v", ref, o, err)
	}
	return tx
}

// MustDeposit is Deposit that fails the case on an error.
func (e *Env) MustDeposit(l Core) ledger.Deposit {
	e.T.Helper()
	d, err := l.Deposit()
	if err != nil {
		e.T.Fatal(err)
	}
	return d
}

// MustGet is Get that fails the case on an error.
func (e *Env) MustGet(l Core, ref string) ledger.Txn {
	e.T.Helper()
	tx, err := l.Get(ref)
	if err != nil {
		e.T.Fatalf("Get(%s): %v", ref, err)
	}
	return tx
}

// Check fails the case when the mirror's Reserved is not the sum of the
// open transactions' amounts, when any amount is negative, or when the
// backend's own check fails.
func (e *Env) Check(l Core) {
	e.T.Helper()
	open, err := l.Open()
	if err != nil {
		e.T.Fatal(err)
	}
	var sum int64
	for _, o := range open {
		if o.State.Final() {
			e.T.Fatalf("final transaction %s in the open set", o.PartnerReferenceNo)
		}
		sum += o.Amount
	}
	d := e.MustDeposit(l)
	if d.Reserved != sum || d.Balance < 0 || d.Available < 0 || d.Uncertain < 0 || d.Available != max(d.Balance-d.Reserved, 0) {
		e.T.Fatalf("deposit %+v; the open set sums to %d", d, sum)
	}
	if e.B.Check != nil {
		if err := e.B.Check(l); err != nil {
			e.T.Fatalf("backend invariants broken:\n%v", err)
		}
	}
}

// WantErr checks err against a sentinel (nil means no error wanted).
func (e *Env) WantErr(err, want error) {
	e.T.Helper()
	if want == nil {
		if err != nil {
			e.T.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if !errors.Is(err, want) {
		e.T.Fatalf("error = %v, want one matching %v", err, want)
	}
}

// Refs lists references.
func Refs(txns []ledger.Txn) []string {
	var out []string
	for _, t := range txns {
		out = append(out, t.PartnerReferenceNo)
	}
	return out
}
