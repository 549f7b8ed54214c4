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
// suite): OVO_LOAD=1 go test ./cashier -run '^TestBatchLoad$' -v
// (OVO_LOAD_ROWS sets the rows, default 10,000). Against the in-process
// sandbox with a durable (fsync'd) ledger it measures a batch of the given
// rows run with the default concurrency and, as the reference, single
// disbursements sent alone (what one row costs without a batch: pending
// commit, top up, outcome commit), and reports the time per row and the
// ratio between them; load and check (one inquiry per row) are reported
// too. On a shared machine the load changes within a minute, so the
// reference is not measured once before the batch: the rows are run as
// loadSlices batches of rows/loadSlices, each right after
// singlesPerSlice disbursements sent alone, so both are measured under the
// same load; the ratio of every slice is logged to show the spread.
func TestBatchLoad(t *testing.T) {
	if os.Getenv("OVO_LOAD") == "" {
		t.Skip("set OVO_LOAD=1 for the load run")
	}
	rows := 10_000
	if n, err := strconv.Atoi(os.Getenv("OVO_LOAD_ROWS")); err == nil && n > 0 {
		rows = n
	}
	const loadSlices, singlesPerSlice = 10, 100
	rows = max(rows/loadSlices, 1) * loadSlices
	e := testenv.New(t, testenv.Options{Deposit: 2_000_000_000, SimConfig: func(c *ovosim.Config) { c.Deposit = 2_000_000_000 }})

	file := func(prefix string, from, n int) ([]byte, int64) {
		var b strings.Builder
		b.WriteString("phone,amount,note\n")
		var total int64
		for i := from; i < from+n; i++ {
			amount := int64(10_000 + (i%50)*1_000)
			total += amount
			fmt.Fprintf(&b, "%s%08d,%d,load %d\n", prefix, i, amount, i)
		}
		return []byte(b.String()), total
	}
	// Load: the whole file at once (it is not run).
	whole, _ := file("0818", 0, rows)
	start := time.Now()
	if _, _, err := e.Service.LoadBatch(whole, "load", "ani", false); err != nil {
		t.Fatal(err)
	}
	loadTime := time.Since(start)

	var single, check, run time.Duration
	sent := 0
	per := rows / loadSlices
	for slice := range loadSlices {
		// The reference: disbursements one after another, each alone.
		var sliceSingle time.Duration
		for range singlesPerSlice {
			q, err := e.Service.Inquiry(bg, storage.KindDisburse, fmt.Sprintf("0815%08d", sent), 10_000)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "load"})
			sliceSingle += time.Since(start)
			if err != nil || res.Txn.State != storage.StateSuccess {
				t.Fatalf("single %d: %v %s", sent, err, res.Txn.State)
			}
			sent++
		}
		data, total := file("0816", slice*per, per)
		bt, _, err := e.Service.LoadBatch(data, fmt.Sprintf("load %d", slice), "ani", false)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if _, err := e.Service.CheckBatch(bg, bt.ID, cashier.BatchCheckOptions{Rate: cashier.Unbounded}); err != nil {
			t.Fatal(err)
		}
		check += time.Since(start)
		if _, err := e.Service.ApproveBatch(bg, bt.ID, cashier.Actor{Name: "budi"}, per, total); err != nil {
			t.Fatal(err)
		}
		start = time.Now()
		v, err := e.Service.RunBatch(bg, bt.ID, "budi", cashier.BatchRunOptions{})
		sliceRun := time.Since(start)
		if err != nil || v.Succeeded != per || v.Paid != total {
			t.Fatalf("run: %v, %d succeeded for %d", err, v.Succeeded, v.Paid)
		}
		single += sliceSingle
		run += sliceRun
		t.Logf("slice %d: single %v, row %v, ratio %.2f", slice+1, (sliceSingle / singlesPerSlice).Round(time.Microsecond),
			(sliceRun / time.Duration(per)).Round(time.Microsecond), float64(sliceRun)/float64(per)/(float64(sliceSingle)/singlesPerSlice))
	}
	perSingle := single / time.Duration(sent)
	perRow := run / time.Duration(rows)
	t.Logf("single disbursement (alone, %d sent): %v each", sent, perSingle.Round(time.Microsecond))
	t.Logf("batch of %d rows: load %v, check %v (%v per row), run %v at concurrency %d: %v per row",
		rows, loadTime.Round(time.Millisecond), check.Round(time.Millisecond), (check / time.Duration(rows)).Round(time.Microsecond),
		run.Round(time.Millisecond), cashier.DefaultBatchConcurrency, perRow.Round(time.Microsecond))
	t.Logf("time per batch row / single disbursement = %.2f", float64(perRow)/float64(perSingle))
}
