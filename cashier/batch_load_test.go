package cashier_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// TestBatchLoad is the load run of batch disbursement (not in the default
// suite): OVO_LOAD=1 go test ./cashier -run TestBatchLoad -v
// (OVO_LOAD_ROWS sets the rows, default 10,000). Against the in-process
// sandbox with a durable (fsync'd) ledger it measures, in the same run,
// a single disbursement sent alone (what one row costs without a batch:
// pending commit, top up, outcome commit) and a batch of the given rows
// run with the default concurrency, and reports the time per row and the
// ratio between them; the check (one inquiry per row) is reported too.
func TestBatchLoad(t *testing.T) {
	if os.Getenv("OVO_LOAD") == "" {
		t.Skip("set OVO_LOAD=1 for the load run")
	}
	rows := 10_000
	if n, err := strconv.Atoi(os.Getenv("OVO_LOAD_ROWS")); err == nil && n > 0 {
		rows = n
	}
	e := testenv.New(t, testenv.Options{Deposit: 2_000_000_000, SimConfig: func(c *ovosim.Config) { c.Deposit = 2_000_000_000 }})

	// The reference: disbursements one after another, each alone.
	const singles = 200
	var single time.Duration
	for i := range singles {
		q, err := e.Service.Inquiry(bg, storage.KindDisburse, fmt.Sprintf("0815%08d", i), 10_000)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "load"})
		single += time.Since(start)
		if err != nil || res.Txn.State != storage.StateSuccess {
			t.Fatalf("single %d: %v %s", i, err, res.Txn.State)
		}
	}
	perSingle := single / singles

	var b strings.Builder
	b.WriteString("phone,amount,note\n")
	var total int64
	for i := range rows {
		amount := int64(10_000 + (i%50)*1_000)
		total += amount
		fmt.Fprintf(&b, "0816%08d,%d,load %d\n", i, amount, i)
	}
	start := time.Now()
	bt, _, err := e.Service.LoadBatch([]byte(b.String()), "load", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	loadTime := time.Since(start)
	start = time.Now()
	if _, err := e.Service.CheckBatch(bg, bt.ID, cashier.BatchCheckOptions{Rate: 1e6}); err != nil {
		t.Fatal(err)
	}
	checkTime := time.Since(start)
	if _, err := e.Service.ApproveBatch(bg, bt.ID, cashier.Actor{Name: "budi"}, rows, total); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	v, err := e.Service.RunBatch(bg, bt.ID, "budi", cashier.BatchRunOptions{})
	runTime := time.Since(start)
	if err != nil || v.Succeeded != rows || v.Paid != total {
		t.Fatalf("run: %v, %d succeeded for %d", err, v.Succeeded, v.Paid)
	}
	perRow := runTime / time.Duration(rows)
	t.Logf("single disbursement (alone, %d sent): %v each", singles, perSingle)
	t.Logf("batch of %d rows: load %v, check %v (%v per row), run %v at concurrency %d: %v per row",
		rows, loadTime.Round(time.Millisecond), checkTime.Round(time.Millisecond), (checkTime / time.Duration(rows)).Round(time.Microsecond),
		runTime.Round(time.Millisecond), cashier.DefaultBatchConcurrency, perRow.Round(time.Microsecond))
	t.Logf("time per batch row / single disbursement = %.2f", float64(perRow)/float64(perSingle))
}
