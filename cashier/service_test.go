package cashier_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
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

var bg = context.Background()

func quote(t *testing.T, e *testenv.Env, kind storage.Kind, phone string, amount int64) cashier.Quote {
	t.Helper()
	q, err := e.Service.Inquiry(bg, kind, phone, amount)
	if err != nil {
		t.Fatalf("inquiry %s: %v", phone, err)
	}
	return q
}

func TestTopUpSuccess(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000})
	q := quote(t, e, storage.KindTopUp, "0812-3456-7890", 50_000)
	if q.Name != "Budi Santoso" || q.Fee != 1_000 || q.Receive() != 49_000 || q.Min != 10_000 || q.Max != 10_000_000 {
		t.Fatalf("quote %+v", q)
	}
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil || res.Err != nil {
		t.Fatalf("execute: %v / %v", err, res.Err)
	}
	tx := res.Txn
	if tx.State != storage.StateSuccess || tx.ReferenceNo == "" || tx.ReceiptNo == "" || tx.ResponseCode != "2003800" || tx.Operator != "ani" || tx.Outlet != "Outlet Test" {
		t.Fatalf("txn %+v", tx)
	}
	if n := e.Sim.Applied(tx.PartnerReferenceNo); n != 1 {
		t.Fatalf("applied %d times", n)
	}
	if d := e.Sim.Deposit(); d != 950_000 {
		t.Fatalf("sandbox deposit %d", d)
	}
	dep, _ := e.Service.Deposit()
	if dep.Reserved != 0 || dep.Available != 950_000 {
		t.Fatalf("mirror %+v", dep)
	}
	if c, _ := e.Sim.Customer("081234567890"); c.Name != "Budi Santoso" {
		t.Fatalf("customer %+v", c)
	}
	if cashier.TxnReason(tx) != ovo.ReasonSuccess {
		t.Fatalf("reason %s", cashier.TxnReason(tx))
	}
}

// Every fault number of the sandbox ends in the right final state, and the
// ledger, the sandbox and the deposit mirror agree.
func TestFaultNumbersEndInTheRightState(t *testing.T) {
	tests := []struct {
		phone      string
		inquiryErr ovo.Reason    // the inquiry refuses
		first      storage.State // what Execute records
		final      storage.State // after reconciliation
		reason     ovo.Reason
		applied    int // how often the sandbox moved money for it
		debited    int64
	}{
		{"081234567890", "", storage.StateSuccess, storage.StateSuccess, ovo.ReasonSuccess, 1, 20_000},
		{"081298765432", "", storage.StateSuccess, storage.StateSuccess, ovo.ReasonSuccess, 1, 20_000},
		{"081100000404", ovo.ReasonInvalidAccount, storage.StateFailed, storage.StateFailed, ovo.ReasonInvalidAccount, 0, 0},
		{"081100000418", ovo.ReasonInactiveAccount, storage.StateFailed, storage.StateFailed, ovo.ReasonInactiveAccount, 0, 0},
		{"081100000405", ovo.ReasonDoNotHonor, storage.StateFailed, storage.StateFailed, ovo.ReasonDoNotHonor, 0, 0},
		{"081100000423", "", storage.StateFailed, storage.StateFailed, ovo.ReasonAccountLimit, 0, 0},
		{"081100000504", "", storage.StateUnknown, storage.StateSuccess, ovo.ReasonSuccess, 1, 20_000},
		{"081100000500", "", storage.StateUnknown, storage.StateFailed, ovo.ReasonTransactionNotFound, 0, 0},
		{"081100000202", "", storage.StateUnknown, storage.StateSuccess, ovo.ReasonSuccess, 1, 20_000},
		{"081100000206", "", storage.StateUnknown, storage.StateFailed, ovo.ReasonTransactionCancelled, 1, 0}, // debited at acceptance, refunded when it failed,
	}
	for _, tc := range tests {
		t.Run(tc.phone, func(t *testing.T) {
			t.Parallel()
			e := testenv.New(t, testenv.Options{
				Deposit:       1_000_000,
				SimConfig:     func(c *ovosim.Config) { c.PendingFor = 300 * time.Millisecond },
				CashierConfig: func(c *cashier.Config) { c.CallTimeout = 500 * time.Millisecond },
			})
			q, err := e.Service.Inquiry(bg, storage.KindTopUp, tc.phone, 20_000)
			if tc.inquiryErr != "" {
				if ovo.ReasonOf(err) != tc.inquiryErr {
					t.Fatalf("inquiry: %v, want %s", err, tc.inquiryErr)
				}
				// The inquiry refused; the top up call refuses the same way.
				q = cashier.Quote{Kind: storage.KindTopUp, Phone: tc.phone, Name: "X", Amount: 20_000, Fee: 1_000}
			} else if err != nil {
				t.Fatal(err)
			}
			res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "op"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Txn.State != tc.first {
				t.Fatalf("recorded %s (%v), want %s", res.Txn.State, res.Err, tc.first)
			}
			final := e.WaitFinal(t, res.Txn.PartnerReferenceNo, 10*time.Second)
			if final.State != tc.final || cashier.TxnReason(final) != tc.reason {
				t.Fatalf("final %s reason %s, want %s %s", final.State, cashier.TxnReason(final), tc.final, tc.reason)
			}
			if n := e.Sim.Applied(final.PartnerReferenceNo); n != tc.applied {
				t.Fatalf("sandbox applied %d, want %d", n, tc.applied)
			}
			if final.State == storage.StateSuccess && final.ReceiptNo == "" {
				t.Fatal("success without receipt number")
			}
			wantDeposit := 1_000_000 - tc.debited
			if d := e.Sim.Deposit(); d != wantDeposit {
				t.Fatalf("sandbox deposit %d, want %d", d, wantDeposit)
			}
			dep, _ := e.Service.RefreshDeposit(bg)
			if dep.Available != wantDeposit || dep.Reserved != 0 {
				t.Fatalf("mirror %+v, want available %d", dep, wantDeposit)
			}
		})
	}
}

// The seed's failure journey: a disbursement above 10,000,000 fails with
// OVO's specific reason, the ledger records the failure, the deposit is untouched.
func TestDisburseAboveLimit(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 50_000_000})
	q := quote(t, e, storage.KindDisburse, "081298765432", 10_000_001)
	if q.Name != "Siti Rahayu" {
		t.Fatalf("name %q", q.Name)
	}
	// The limit from the inquiry refuses it before anything is written.
	_, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "op"})
	var le *cashier.LimitError
	if !errors.As(err, &le) || le.Max != 10_000_000 {
		t.Fatalf("execute above the inquiry's limit: %v", err)
	}
	if p, _ := e.Service.History(storage.Query{}); len(p.Txns) != 0 {
		t.Fatalf("recorded %d transactions", len(p.Txns))
	}
	// Without a limit from the inquiry, OVO's own refusal is recorded.
	q.Max = 0
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "op"})
	if err != nil {
		t.Fatal(err)
	}
	oe, ok := ovo.AsError(res.Err)
	if res.Txn.State != storage.StateFailed || !ok || oe.Code != "4033802" || oe.Reason != ovo.ReasonAmountLimit {
		t.Fatalf("txn %+v err %v", res.Txn, res.Err)
	}
	got, _ := e.Service.Get(res.Txn.PartnerReferenceNo)
	if got.State != storage.StateFailed || got.ResponseCode != "4033802" || got.Kind != storage.KindDisburse {
		t.Fatalf("ledger %+v", got)
	}
	if e.Sim.Deposit() != 50_000_000 {
		t.Fatalf("deposit moved: %d", e.Sim.Deposit())
	}
	if d, _ := e.Service.Deposit(); d.Available != 50_000_000 || d.Reserved != 0 {
		t.Fatalf("mirror %+v", d)
	}
}

// The limit is the reason given even when the deposit is also too low.
func TestKnownRefusalLimitBeforeDeposit(t *testing.T) {
	q := cashier.Quote{Amount: 10_000_001, Min: 10_000, Max: 10_000_000}
	low := cashier.Deposit{Available: 1_000_000}
	var le *cashier.LimitError
	if err := cashier.KnownRefusal(q, low, true); !errors.As(err, &le) {
		t.Fatalf("above the limit with a low deposit: %v", err)
	}
	q.Amount = 2_000_000
	var de *cashier.DepositError
	if err := cashier.KnownRefusal(q, low, true); !errors.As(err, &de) || de.Available != 1_000_000 {
		t.Fatalf("above the deposit: %v", err)
	}
	if err := cashier.KnownRefusal(q, low, false); err != nil {
		t.Fatalf("an unread deposit refused: %v", err)
	}
}

func TestCheckRepeat(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	e := testenv.New(t, testenv.Options{Deposit: 50_000_000, Now: clock})
	if err := e.Service.CheckRepeat(storage.KindTopUp, "081234567890", 50_000); err != nil {
		t.Fatalf("empty ledger: %v", err)
	}
	res, err := e.Service.Execute(bg, cashier.Order{Quote: quote(t, e, storage.KindTopUp, "081234567890", 50_000)})
	if err != nil || res.Txn.ReceiptNo == "" {
		t.Fatal(err, res.Txn)
	}
	var re *cashier.RepeatError
	err = e.Service.CheckRepeat(storage.KindTopUp, "0812-3456-7890", 50_000)
	if !errors.As(err, &re) || re.Open || re.Ref() != res.Txn.ReceiptNo || !strings.Contains(err.Error(), res.Txn.ReceiptNo) ||
		cashier.ExitCode(err) != cashier.ExitRefused {
		t.Fatalf("same top up again: %v", err)
	}
	for _, other := range []error{
		e.Service.CheckRepeat(storage.KindTopUp, "081234567890", 20_000),
		e.Service.CheckRepeat(storage.KindDisburse, "081234567890", 50_000),
		e.Service.CheckRepeat(storage.KindTopUp, "081298765432", 50_000),
	} {
		if other != nil {
			t.Fatalf("another amount, kind or phone: %v", other)
		}
	}
	advance(cashier.DefaultRepeatWindow + time.Second)
	if err := e.Service.CheckRepeat(storage.KindTopUp, "081234567890", 50_000); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	// An open transaction of the phone, however old, of any amount.
	e2 := testenv.New(t, testenv.Options{Deposit: 50_000_000, Now: clock,
		CashierConfig: func(c *cashier.Config) { c.CallTimeout = 200 * time.Millisecond; c.CheckInterval = time.Hour }})
	res, err = e2.Service.Execute(bg, cashier.Order{Quote: quote(t, e2, storage.KindTopUp, ovosim.NumberNoResponse, 20_000)})
	if err != nil || res.Txn.State.Final() {
		t.Fatal(err, res.Txn.State)
	}
	advance(time.Hour)
	err = e2.Service.CheckRepeat(storage.KindDisburse, ovosim.NumberNoResponse, 70_000)
	if !errors.As(err, &re) || !re.Open || re.Ref() != res.Txn.PartnerReferenceNo {
		t.Fatalf("with an open transaction: %v", err)
	}
}

func TestLocalDepositControlSendsNothing(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 30_000})
	q := quote(t, e, storage.KindTopUp, "081234567890", 50_000)
	_, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	var de *cashier.DepositError
	if !errors.As(err, &de) || de.Available != 30_000 || de.Amount != 50_000 || cashier.ExitCode(err) != cashier.ExitRefused {
		t.Fatalf("err = %v", err)
	}
	page, _ := e.Service.History(storage.Query{})
	if len(page.Txns) != 0 {
		t.Fatalf("%d transactions recorded for a refused top up", len(page.Txns))
	}
	if e.Sim.Deposit() != 30_000 {
		t.Fatal("sandbox deposit changed")
	}
}

// A stale mirror lets a top up through; OVO's 4033814 is recorded as a
// definite failure and the mirror is re-read.
func TestStaleMirrorInsufficientFunds(t *testing.T) {
	// Not started: no background refresh may read the lowered deposit
	// before the top up does.
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000, NoStart: true})
	if _, err := e.Service.RefreshDeposit(bg); err != nil {
		t.Fatal(err)
	}
	if err := e.Sim.SetDeposit(10_000); err != nil {
		t.Fatal(err)
	}
	q := quote(t, e, storage.KindTopUp, "081234567890", 50_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	if err != nil {
		t.Fatal(err)
	}
	if res.Txn.State != storage.StateFailed || ovo.ReasonOf(res.Err) != ovo.ReasonInsufficientFunds {
		t.Fatalf("txn %s err %v", res.Txn.State, res.Err)
	}
	if d, _ := e.Service.Deposit(); d.Available != 10_000 {
		t.Fatalf("mirror not refreshed: %+v", d)
	}
	if e.Sim.Deposit() != 10_000 {
		t.Fatal("deposit moved")
	}
}

// 50 concurrent top ups against a deposit that covers only some: exactly as
// many succeed as the deposit covers, the mirror never goes negative, and
// the successes sum to the sandbox's deposit decrease.
func TestConcurrentTopUpsAgainstOneDeposit(t *testing.T) {
	const amount, deposit, n = 100_000, 1_750_000, 50
	e := testenv.New(t, testenv.Options{Deposit: deposit})
	q := quote(t, e, storage.KindTopUp, "081234567890", amount)
	var ok, refused atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var negative atomic.Bool
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if d, err := e.Service.Deposit(); err == nil && (d.Available < 0 || d.Balance < 0) {
				negative.Store(true)
			}
			time.Sleep(time.Millisecond)
		}
	}()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
			switch {
			case errors.Is(err, cashier.ErrDeposit):
				refused.Add(1)
			case err != nil:
				t.Error(err)
			case res.Txn.State == storage.StateSuccess:
				ok.Add(1)
			default:
				t.Errorf("unexpected %s: %v", res.Txn.State, res.Err)
			}
		}()
	}
	wg.Wait()
	close(stop)
	if ok.Load() != deposit/amount || refused.Load() != n-deposit/amount {
		t.Fatalf("%d succeeded, %d refused; want %d and %d", ok.Load(), refused.Load(), deposit/amount, n-deposit/amount)
	}
	if negative.Load() {
		t.Fatal("the mirror went negative")
	}
	if got := deposit - e.Sim.Deposit(); got != ok.Load()*amount {
		t.Fatalf("sandbox deposit decreased by %d, successes sum to %d", got, ok.Load()*amount)
	}
	d, _ := e.Service.RefreshDeposit(bg)
	if d.Available != e.Sim.Deposit() || d.Reserved != 0 {
		t.Fatalf("mirror %+v vs sandbox %d", d, e.Sim.Deposit())
	}
}

func TestBadInputIsRefusedBeforeAnything(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	for _, tc := range []struct {
		phone  string
		amount int64
	}{{"0712345678", 10_000}, {"08123", 10_000}, {"081234567890", 0}, {"081234567890", -5}} {
		_, err := e.Service.Inquiry(bg, storage.KindTopUp, tc.phone, tc.amount)
		if !errors.Is(err, cashier.ErrInvalidInput) || cashier.ExitCode(err) != cashier.ExitInput {
			t.Errorf("inquiry(%s, %d): %v", tc.phone, tc.amount, err)
		}
		_, err = e.Service.Execute(bg, cashier.Order{Quote: cashier.Quote{Kind: storage.KindTopUp, Phone: tc.phone, Amount: tc.amount}})
		if !errors.Is(err, cashier.ErrInvalidInput) {
			t.Errorf("execute(%s, %d): %v", tc.phone, tc.amount, err)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"50000", 50000, true}, {"50.000", 50000, true}, {"Rp50.000", 50000, true}, {"Rp 1.000.000", 1000000, true},
		{"10000.00", 10000, true}, {"10000,00", 10000, true}, {"10.000,00", 10000, true}, {"10.00", 10, true}, {"10.0", 10, true},
		{"0", 0, false}, {"", 0, false}, {"-5", 0, false}, {"5,5", 0, false}, {"1e6", 0, false}, {"9999999999999", 0, false},
		{"12.5", 0, false}, {"10000.50", 0, false}, {"1.0000", 0, false}, {"10.000.00", 0, false}, {"1,000", 0, false}, {".00", 0, false},
	} {
		got, err := cashier.ParseAmount(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseAmount(%q) = %d, %v", tc.in, got, err)
		}
	}
}

func TestQuoteLimits(t *testing.T) {
	q := cashier.Quote{Min: 10_000, Max: 10_000_000}
	for amount, want := range map[int64]bool{9_999: false, 10_000: true, 10_000_000: true, 10_000_001: false} {
		err := q.CheckLimits(amount)
		if (err == nil) != want {
			t.Errorf("CheckLimits(%d) = %v", amount, err)
		}
		var le *cashier.LimitError
		if err != nil && (!errors.As(err, &le) || le.Below() != (amount < 10_000)) {
			t.Errorf("CheckLimits(%d) = %#v", amount, err)
		}
	}
}

// An expired token is replaced once and the top up goes through exactly once.
func TestExpiredTokenDuringTopUp(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	q := quote(t, e, storage.KindTopUp, "081234567890", 20_000)
	e.Sim.ExpireTokens()
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("%v %+v", err, res)
	}
	if e.Sim.Applied(res.Txn.PartnerReferenceNo) != 1 {
		t.Fatal("not applied exactly once")
	}
}

func TestSubscribeSeesSettlement(t *testing.T) {
	e := testenv.New(t, testenv.Options{SimConfig: func(c *ovosim.Config) { c.PendingFor = 200 * time.Millisecond }})
	events, cancel := e.Service.Subscribe()
	defer cancel()
	q := quote(t, e, storage.KindTopUp, "081100000202", 20_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	if err != nil || res.Txn.State != storage.StateUnknown {
		t.Fatalf("%v %s", err, res.Txn.State)
	}
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Txn != nil && ev.Txn.PartnerReferenceNo == res.Txn.PartnerReferenceNo && ev.Txn.State == storage.StateSuccess {
				return
			}
		case <-timeout:
			t.Fatal("no settlement event")
		}
	}
}

// A service whose deposit was never read (OVO unreachable at start) reads
// it when a transaction needs it, instead of refusing against zero.
func TestUnreadDepositIsReadBeforeRefusing(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000, NoStart: true})
	q := quote(t, e, storage.KindTopUp, "081234567890", 50_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("%v %+v", err, res)
	}
	// When OVO cannot be reached either, the refusal says so.
	e2 := testenv.New(t, testenv.Options{NoStart: true})
	q2 := quote(t, e2, storage.KindTopUp, "081234567890", 50_000)
	e2.Sim.InjectFault(ovosim.OpBalance, ovosim.Fault{Code: "5001100", Times: 10})
	_, err = e2.Service.Execute(bg, cashier.Order{Quote: q2})
	var de *cashier.DepositError
	if !errors.As(err, &de) || !de.Unread || !strings.Contains(err.Error(), "could not be read") {
		t.Fatalf("err = %v", err)
	}
}

// Two copies of one ledger hand out the same reference. OVO refuses the
// second top up as a duplicate and its status describes the first one; the
// reconciler must see that the answer is about another amount and record
// the second as failed, not as a success.
func TestCopiedLedgerDuplicateReferenceIsNotASuccess(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000, NoStart: true})
	dir := t.TempDir()
	orig := filepath.Join(dir, "a.db")
	db, err := storage.Open(orig, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetBalance(1_000_000, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ := os.ReadFile(orig)
	if err := os.WriteFile(filepath.Join(dir, "b.db"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	service := func(name string) *cashier.Service {
		db, err := storage.Open(filepath.Join(dir, name), storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		s, err := cashier.New(cashier.Config{OVO: e.Client.Port(), Ledger: db, NotFoundGrace: time.Millisecond, CallTimeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := service("a.db"), service("b.db")
	qa, _ := a.Inquiry(bg, storage.KindTopUp, "081234567890", 20_000)
	ra, err := a.Execute(bg, cashier.Order{Quote: qa})
	if err != nil || ra.Txn.State != storage.StateSuccess {
		t.Fatalf("first: %v %+v", err, ra)
	}
	qb, _ := b.Inquiry(bg, storage.KindTopUp, "081298765432", 50_000)
	rb, err := b.Execute(bg, cashier.Order{Quote: qb})
	if err != nil || rb.Txn.PartnerReferenceNo != ra.Txn.PartnerReferenceNo || rb.Txn.State != storage.StateUnknown {
		t.Fatalf("second: %v %+v", err, rb.Txn)
	}
	ch, err := b.CheckStatus(bg, rb.Txn.PartnerReferenceNo)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Txn.State != storage.StateFailed || cashier.TxnReason(ch.Txn) != ovo.ReasonDuplicateReference || ch.Txn.ReceiptNo != "" {
		t.Fatalf("second recorded as %s (%s), receipt %q", ch.Txn.State, cashier.TxnReason(ch.Txn), ch.Txn.ReceiptNo)
	}
	if e.Sim.Deposit() != 980_000 {
		t.Fatalf("sandbox deposit %d", e.Sim.Deposit())
	}
}

func TestCheckStatusByReceiptNumber(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	q := quote(t, e, storage.KindTopUp, "081234567890", 20_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
	if err != nil || res.Txn.ReceiptNo == "" {
		t.Fatalf("%v %+v", err, res.Txn)
	}
	for _, r := range []string{res.Txn.ReceiptNo, strings.ToLower(res.Txn.ReceiptNo), " " + res.Txn.PartnerReferenceNo + " "} {
		ch, err := e.Service.CheckStatus(bg, r)
		if err != nil || !ch.InLedger || ch.Ref != res.Txn.PartnerReferenceNo || ch.Status.LatestTransactionStatus != "00" {
			t.Errorf("%q: %+v, %v", r, ch, err)
		}
	}
}
