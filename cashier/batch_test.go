package cashier_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

func TestParseBatchFormats(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		refuse     string // BatchFileError code, "" when read
		rows       int
		bad        map[int]string // line → reason
	}{
		{"plain", "phone,amount\n081234567890,50000\n", "", 1, nil},
		{"bom crlf semicolon", "\xEF\xBB\xBFPhone;Amount;Note\r\n081234567890;50.000;komisi\r\n081298765432;Rp 25.000,00;\r\n", "", 2, nil},
		{"quoted comma", "phone,amount,note\n081234567890,\"50,000\",x\n", "", 1, map[int]string{2: cashier.ReasonRowAmount}},
		{"all columns any order", "name,reference,amount,note,phone\nBudi,INV-1,10000,n,081234567890\n", "", 1, nil},
		{"utf16", "\xFF\xFEp\x00h\x00", "utf16", 0, nil},
		{"latin1", "phone,amount,name\n081234567890,10000,Jos\xe9\n", "encoding", 0, nil},
		{"tab", "phone\tamount\n081234567890\t10000\n", "separator", 0, nil},
		{"unknown column", "phone,amount,bank\n081234567890,10000,BCA\n", "column", 0, nil},
		{"repeated column", "phone,amount,amount\n081234567890,10000,1\n", "column", 0, nil},
		{"no amount column", "phone,note\n081234567890,x\n", "header", 0, nil},
		{"header only", "phone,amount\n", "empty", 0, nil},
		{"empty", "", "empty", 0, nil},
		{"broken quote", "phone,amount\n\"081234567890,10000\n", "quote", 0, nil},
		{"stray quote", "phone,amount,note\n081234567890,10000,ok\n081298765432,10000,he said \"hi\"\n", "quote", 0, nil},
		{"bad rows", "phone,amount\n0812,10000\n081234567890,12.5\n081234567890\n081234567890,-5\n081298765432,10000\n", "", 5,
			map[int]string{2: cashier.ReasonRowPhone, 3: cashier.ReasonRowAmount, 4: cashier.ReasonRowColumns, 5: cashier.ReasonRowAmount}},
		// Above OVO's per-transaction maximum, refused at load; the row
		// repeating it is not a duplicate of a refused row.
		{"above max", "phone,amount\n081234567890,10000001\n081234567890,10000001\n081298765432,10000000\n", "", 3,
			map[int]string{2: cashier.ReasonRowAboveMax, 3: cashier.ReasonRowAboveMax}},
		{"duplicates", "phone,amount,reference\n081234567890,10000,A\n0812-3456-7890,10.000,B\n081234567890,20000,C\n081298765432,20000,A\n", "", 4,
			map[int]string{3: cashier.ReasonRowDuplicate, 5: cashier.ReasonRowDupRef}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := cashier.ParseBatch([]byte(tc.data))
			var fe *cashier.BatchFileError
			if tc.refuse != "" {
				if !errors.As(err, &fe) || fe.Code != tc.refuse || !errors.Is(err, cashier.ErrInvalidInput) {
					t.Fatalf("got %v, want refusal %q", err, tc.refuse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rows) != tc.rows {
				t.Fatalf("%d rows, want %d: %+v", len(p.Rows), tc.rows, p.Rows)
			}
			for _, r := range p.Rows {
				want, isBad := tc.bad[r.Line]
				if isBad != (r.State == storage.RowInvalid || r.State == storage.RowDuplicate) || (isBad && r.Reason != want) {
					t.Errorf("line %d: %s %s, want bad=%v %s", r.Line, r.State, r.Reason, isBad, want)
				}
			}
		})
	}
	// A broken quote is refused with the line where its row starts.
	for data, line := range map[string]string{"phone,amount,note\n081234567890,50000,\"broken\n081298765432,1000,x\n": "2",
		"phone,amount,note\r\n081234567890,50000,ok\r\n081298765432,1000,a \"b\"\r\n": "3"} {
		var fe *cashier.BatchFileError
		if _, err := cashier.ParseBatch([]byte(data)); !errors.As(err, &fe) || fe.Code != "quote" || fe.Arg != line {
			t.Errorf("%q: %v, want a broken quote on line %s", data, err, line)
		}
	}
	p, _ := cashier.ParseBatch([]byte("\xEF\xBB\xBFPhone;Amount;Note\r\n081234567890;50.000;komisi\r\n"))
	if r := p.Rows[0]; r.Amount != 50_000 || r.Phone != "081234567890" || r.Note != "komisi" || r.Line != 2 {
		t.Fatalf("row %+v", r)
	}
}

// batchFile is a file of n rows to distinct generated accounts, with bad
// rows, a duplicate, an unknown account, a blocked account and a name
// mismatch mixed in; it returns the file and the lines that must be sent.
func batchFile(n int) (string, map[int]int64) {
	var b strings.Builder
	b.WriteString("phone,amount,note,name\n")
	send := map[int]int64{}
	line := 1
	for i := range n {
		line++
		amount := int64(10_000 + (i%40)*1_000)
		switch {
		case i%97 == 5:
			fmt.Fprintf(&b, "08%d,%d,bad phone,\n", i, amount)
		case i%101 == 7:
			fmt.Fprintf(&b, "0813%08d,12.5,bad amount,\n", i)
		case i%89 == 3 && i > 0:
			fmt.Fprintf(&b, "0813%08d,%d,duplicate,\n", i-1, int64(10_000+((i-1)%40)*1_000))
		case i == 11:
			fmt.Fprintf(&b, "%s,%d,unknown account,\n", ovosim.NumberNotRegistered, amount)
		case i == 13:
			fmt.Fprintf(&b, "%s,%d,inactive,\n", ovosim.NumberInactive, amount)
		case i == 17:
			fmt.Fprintf(&b, "0813%08d,%d,wrong name,Someone Else\n", i, amount)
		default:
			fmt.Fprintf(&b, "0813%08d,%d,komisi %d,\n", i, amount, i)
			send[line] = amount
		}
	}
	return b.String(), send
}

func TestBatchLoadCheckApproveRun(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000})
	data, send := batchFile(60)
	var total int64
	for _, a := range send {
		total += a
	}
	b, rows, err := e.Service.LoadBatch([]byte(data), "komisi", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	if b.Rows != 60 || len(rows) != 60 || b.Valid+b.Invalid != 60 {
		t.Fatalf("batch %+v", b)
	}
	if _, _, err := e.Service.LoadBatch([]byte(data), "again", "ani", false); !errors.As(err, new(*storage.BatchLoadedError)) {
		t.Fatalf("same file loaded twice: %v", err)
	}
	if b2, _, err := e.Service.LoadBatch([]byte(data), "again", "ani", true); err != nil || b2.DuplicateOf != b.ID {
		t.Fatalf("forced second load: %+v %v", b2, err)
	}
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi"}, len(send), total); !errors.Is(err, cashier.ErrBatchState) {
		t.Fatalf("approved before the check: %v", err)
	}
	v, err := e.Service.CheckBatch(bg, b.ID, cashier.BatchCheckOptions{Rate: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != cashier.BatchChecked || v.Ready != len(send) || v.ReadyTotal != total {
		t.Fatalf("after check: %s, %d ready for %d; want %d for %d", v.State, v.Ready, v.ReadyTotal, len(send), total)
	}
	states := map[int]storage.RowState{}
	for _, r := range v.Rows {
		states[r.Line] = r.BatchRow.State
	}
	if states[13] != storage.RowMissing || states[15] != storage.RowBlocked || states[19] != storage.RowSuspected {
		t.Fatalf("check states %v %v %v", states[13], states[15], states[19])
	}
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "Ani"}, len(send), total); !errors.Is(err, cashier.ErrSameOperator) {
		t.Fatalf("the loader approved: %v", err)
	}
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi"}, len(send)-1, total); !errors.Is(err, cashier.ErrBatchState) {
		t.Fatalf("approved another count: %v", err)
	}
	// With roles in use a cashier may not approve a batch (nothing
	// reserved); a supervisor who did not load it may.
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi", Role: cashier.RoleCashier}, len(send), total); !errors.Is(err, cashier.ErrRole) {
		t.Fatalf("a cashier approved a batch: %v", err)
	}
	if d, _ := e.Service.Deposit(); d.Reserved != 0 {
		t.Fatalf("a refused approval reserved %d", d.Reserved)
	}
	dep0, _ := e.Service.Deposit()
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi", Role: cashier.RoleSupervisor, From: "terminal T1"}, len(send), total); err != nil {
		t.Fatal(err)
	}
	recs, err := e.Service.AuditDay(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(recs, func(r storage.AuditRecord) bool {
		return r.Action == "batch-approve" && r.Who == "budi" && r.Role == "supervisor" && r.Ref == b.ID && r.Amount == total
	}) {
		t.Fatalf("the batch approval is not in the audit trail: %+v", recs)
	}
	if d, _ := e.Service.Deposit(); d.Reserved != total || d.Available != dep0.Available-total {
		t.Fatalf("after approval the mirror is %+v; want %d reserved", d, total)
	}
	if err := e.DB.Check(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "citra"}, len(send), total); !errors.Is(err, cashier.ErrBatchState) {
		t.Fatalf("approved twice: %v", err)
	}
	sim0 := e.Sim.Deposit()
	v, err = e.Service.RunBatch(bg, b.ID, "budi", cashier.BatchRunOptions{Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != cashier.BatchDone || v.Succeeded != len(send) || v.Paid != total || v.Failed != 0 {
		t.Fatalf("after run: %s, %d succeeded for %d", v.State, v.Succeeded, v.Paid)
	}
	checkSentOnce(t, e.Sim, e.DB, v, send)
	if got := sim0 - e.Sim.Deposit(); got != total {
		t.Fatalf("sandbox deposit fell by %d, want %d", got, total)
	}
	if d, _ := e.Service.Deposit(); d.Reserved != 0 {
		t.Fatalf("mirror after run %+v", d)
	}
	// Running again sends nothing.
	if v2, err := e.Service.RunBatch(bg, b.ID, "budi", cashier.BatchRunOptions{}); err != nil || v2.Paid != total || sim0-e.Sim.Deposit() != total {
		t.Fatalf("second run: %v, paid %d", err, v2.Paid)
	}
}

// checkSentOnce: every row to send is successful and credited exactly once
// at the sandbox (its generated account holds exactly one payout), and no
// other row moved money.
func checkSentOnce(t *testing.T, sim *ovosim.Sim, db *storage.DB, v cashier.BatchView, send map[int]int64) {
	t.Helper()
	success := 0
	for _, r := range v.Rows {
		amount, want := send[r.Line]
		c, _ := sim.Customer(r.Phone)
		switch {
		case want:
			if r.State != string(storage.StateSuccess) || r.ReceiptNo == "" || r.ReferenceNo == "" {
				t.Errorf("line %d: %s, want success with receipt", r.Line, r.State)
			}
			if c.Balance != amount-1_000 {
				t.Errorf("line %d: account %s holds %d, want one payout of %d less the fee", r.Line, r.Phone, c.Balance, amount)
			}
			success++
		case r.Ref != "":
			t.Errorf("line %d (%s) was sent", r.Line, r.BatchRow.State)
		}
		for _, ref := range append(r.Tried, r.Ref) {
			if ref != "" && sim.Applied(ref) > 0 && !want {
				t.Errorf("line %d: %s applied", r.Line, ref)
			}
		}
	}
	if success != len(send) {
		t.Fatalf("%d rows succeeded, want %d", success, len(send))
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestBatchLargerThanDepositRefusedAtApproval(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 100_000})
	b, _, err := e.Service.LoadBatch([]byte("phone,amount\n081234567890,60000\n081298765432,50000\n"), "", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.CheckBatch(bg, b.ID, cashier.BatchCheckOptions{Rate: 1000}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi"}, 2, 110_000)
	var de *cashier.DepositError
	if !errors.As(err, &de) || de.Amount-de.Available != 10_000 || cashier.ExitCode(err) != cashier.ExitRefused {
		t.Fatalf("got %v, want a deposit refusal with a shortfall of 10.000", err)
	}
	if d, _ := e.Service.Deposit(); d.Reserved != 0 {
		t.Fatalf("refused approval reserved %+v", d)
	}
	if v, _ := e.Service.BatchStatus(b.ID); v.Approved() {
		t.Fatal("refused batch is approved")
	}
}

// OVO's 429 on a top up is a definite refusal: the row is sent again under
// a new reference after a back-off, and credited once.
func TestBatchRunBacksOffOn429(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000})
	b, _, err := e.Service.LoadBatch([]byte("phone,amount\n081300000001,10000\n081300000002,20000\n081300000003,30000\n"), "", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.CheckBatch(bg, b.ID, cashier.BatchCheckOptions{Rate: 1000}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi"}, 3, 60_000); err != nil {
		t.Fatal(err)
	}
	e.Sim.InjectFault(ovosim.OpTopUp, ovosim.Fault{Code: "4293800", Times: 2})
	v, err := e.Service.RunBatch(bg, b.ID, "budi", cashier.BatchRunOptions{Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	if v.Succeeded != 3 || v.Paid != 60_000 {
		t.Fatalf("after 429s: %d succeeded, paid %d", v.Succeeded, v.Paid)
	}
	tried := 0
	for _, r := range v.Rows {
		tried += len(r.Tried)
	}
	if tried != 2 {
		t.Fatalf("%d refused attempts recorded, want 2", tried)
	}
	checkSentOnce(t, e.Sim, e.DB, v, map[int]int64{2: 10_000, 3: 20_000, 4: 30_000})
}

// ParseBatch never panics, and whatever it reads has every row either
// valid (a normalised phone and a positive amount) or marked with a reason.
func FuzzParseBatch(f *testing.F) {
	for _, s := range []string{"phone,amount\n081234567890,50000\n", "\xEF\xBB\xBFphone;amount;note\r\n081234567890;50.000;x\r\n",
		"phone,amount\n\"x\n", "name,phone,amount\n\"a,b\",081234567890,1\n081234567890\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := cashier.ParseBatch(data)
		if err != nil {
			return
		}
		for _, r := range p.Rows {
			switch r.State {
			case storage.RowLoaded:
				if _, perr := cashier.NormalizePhone(r.Phone); perr != nil || r.Amount <= 0 {
					t.Fatalf("valid row %+v", r)
				}
			case storage.RowInvalid, storage.RowDuplicate:
				if r.Reason == "" {
					t.Fatalf("bad row without a reason %+v", r)
				}
			default:
				t.Fatalf("row state %s", r.State)
			}
		}
	})
}

// A check stopped part way (Ctrl+C) keeps what it learned; running it
// again asks only the rows not checked yet.
func TestBatchCheckResumes(t *testing.T) {
	e := testenv.New(t, testenv.Options{})
	var b strings.Builder
	b.WriteString("phone,amount\n")
	for i := range 120 {
		fmt.Fprintf(&b, "0814%08d,10000\n", i)
	}
	bt, _, err := e.Service.LoadBatch([]byte(b.String()), "", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(bg)
	_, err = e.Service.CheckBatch(ctx, bt.ID, cashier.BatchCheckOptions{Rate: 1000, Progress: func(done, total int) {
		if done == 70 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped check: %v", err)
	}
	v, _ := e.Service.BatchStatus(bt.ID)
	if v.Ready != 70 || v.Unchecked != 50 || v.State != cashier.BatchLoaded {
		t.Fatalf("after the stop: %d ready, %d unchecked, %s", v.Ready, v.Unchecked, v.State)
	}
	asked := 0
	v, err = e.Service.CheckBatch(bg, bt.ID, cashier.BatchCheckOptions{Rate: 1000, Progress: func(done, total int) { asked = total }})
	if err != nil || asked != 50 || v.Ready != 120 || v.State != cashier.BatchChecked {
		t.Fatalf("resumed check asked %d rows: %v, %d ready, %s", asked, err, v.Ready, v.State)
	}
}

// The loader's approval limits are listed at load: a cashier's row above
// the per-transaction limit, and the rows that take the day above the
// daily limit; a supervisor's batch has none, nor a refused row.
func TestBatchNoticesListMakerLimits(t *testing.T) {
	e := testenv.New(t, testenv.Options{CashierConfig: func(c *cashier.Config) {
		c.Limits = cashier.Limits{cashier.RoleCashier: {storage.KindDisburse: {PerTxn: 1_000_000, PerDay: 2_000_000}}}
	}})
	data := "phone,amount\n081300000001,1500000\n081300000002,400000\n0812,5000000\n081300000003,300000\n081300000004,100000\n"
	_, rows, err := e.Service.LoadBatch([]byte(data), "", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Service.BatchNotices(rows, cashier.Actor{Name: "ani", Role: cashier.RoleCashier})
	if err != nil {
		t.Fatal(err)
	}
	// 1.5M (line 2) above 1M; day: 1.5M, 1.9M, 2.2M (line 5) and 2.3M (line 6) above 2M.
	want := []cashier.RowNotice{
		{Line: 2, Phone: "081300000001", Amount: 1_500_000, Reason: cashier.ReasonRowMakerTxn, Arg: "cashier:1000000"},
		{Line: 5, Phone: "081300000003", Amount: 300_000, Reason: cashier.ReasonRowMakerDay, Arg: "cashier:2000000"},
		{Line: 6, Phone: "081300000004", Amount: 100_000, Reason: cashier.ReasonRowMakerDay, Arg: "cashier:2000000"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("notices\n got %+v\nwant %+v", got, want)
	}
	for _, role := range []cashier.Role{cashier.RoleSupervisor, ""} {
		if got, err := e.Service.BatchNotices(rows, cashier.Actor{Name: "citra", Role: role}); err != nil || len(got) != 0 {
			t.Fatalf("%q: %+v %v", role, got, err)
		}
	}
}

// Progress is the one count of the batches screen and `batch list`: rows
// final of the rows the batch pays or would pay.
func TestBatchProgress(t *testing.T) {
	approved := storage.Batch{ApprovedBy: "citra", ApprovedRows: 3, Valid: 5}
	for _, tc := range []struct {
		name     string
		v        cashier.BatchView
		done, of int
	}{
		{"loaded", cashier.BatchView{Batch: storage.Batch{Valid: 5}, Unchecked: 5}, 0, 5},
		// Two of five valid rows have no OVO account: three would be paid.
		{"checked", cashier.BatchView{Batch: storage.Batch{Valid: 5}, Ready: 3}, 0, 3},
		{"half checked", cashier.BatchView{Batch: storage.Batch{Valid: 5}, Ready: 1, Unchecked: 2}, 0, 3},
		{"approved", cashier.BatchView{Batch: approved, Waiting: 3}, 0, 3},
		{"running", cashier.BatchView{Batch: approved, Waiting: 1, Open: 1, Succeeded: 1}, 1, 3},
		// A failed row is final: a done batch is 3/3, not 2 of 3 or of 5.
		{"done with a failure", cashier.BatchView{Batch: approved, Succeeded: 2, Failed: 1}, 3, 3},
	} {
		if done, of := tc.v.Progress(); done != tc.done || of != tc.of {
			t.Errorf("%s: %d/%d, want %d/%d", tc.name, done, of, tc.done, tc.of)
		}
	}
}

// At most Concurrency rows are in flight at OVO at once: with OVO's
// answers held, exactly that many top ups arrive and no more until one is
// answered; then the batch finishes, every row sent once.
func TestBatchRunBoundsRowsInFlight(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000})
	var file strings.Builder
	file.WriteString("phone,amount\n")
	var total int64
	for i := range 10 {
		fmt.Fprintf(&file, "0813777700%02d,%d\n", i, 10_000+i)
		total += int64(10_000 + i)
	}
	b, _, err := e.Service.LoadBatch([]byte(file.String()), "", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.CheckBatch(bg, b.ID, cashier.BatchCheckOptions{Rate: cashier.Unbounded}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi"}, 10, total); err != nil {
		t.Fatal(err)
	}
	const conc = 3
	held := e.Sim.Hold(ovosim.OpTopUp)
	defer held.Release()
	done := make(chan cashier.BatchView, 1)
	go func() {
		v, err := e.Service.RunBatch(bg, b.ID, "budi", cashier.BatchRunOptions{Concurrency: conc})
		if err != nil {
			t.Error(err)
		}
		done <- v
	}()
	for i := range conc {
		select {
		case <-held.Arrived():
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d rows in flight, want %d", i, conc)
		}
	}
	select {
	case <-held.Arrived():
		t.Fatalf("a row beyond the %d in flight was sent before any was answered", conc)
	case <-time.After(300 * time.Millisecond):
	}
	held.Release()
	v := <-done
	if v.Succeeded != 10 || v.Paid != total {
		t.Fatalf("after the run: %d succeeded, paid %d", v.Succeeded, v.Paid)
	}
}

// `batch run --wait D` asks OVO about rows still unknown for about D, not
// up to the status interval longer: with OVO's "in progress" lasting
// seconds and a status interval of 2 s, a wait of 300 ms ended after the
// first 2 s pause (the CLI's --wait 20s took 31 s).
func TestBatchRunWaitIsBounded(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000, CashierConfig: func(c *cashier.Config) {
		c.CheckInterval, c.CheckMaxInterval = 2*time.Second, 30*time.Second
	}})
	b, _, err := e.Service.LoadBatch([]byte("phone,amount\n"+ovosim.NumberPendingSuccess+",10000\n"), "", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.CheckBatch(bg, b.ID, cashier.BatchCheckOptions{Rate: cashier.Unbounded}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.ApproveBatch(bg, b.ID, cashier.Actor{Name: "budi"}, 1, 10_000); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	v, err := e.Service.RunBatch(bg, b.ID, "budi", cashier.BatchRunOptions{Wait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Fatalf("--wait 300ms took %v", took)
	}
	if v.Open != 1 {
		t.Fatalf("the pending row: %d open, %d succeeded", v.Open, v.Succeeded)
	}
}
