package cashier_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// batchService is the service of the batch crash test, in the child and in
// the parent alike.
func batchService(url, ledger string) (*cashier.Service, *storage.DB, error) {
	client, err := crashClient(url)
	if err != nil {
		return nil, nil, err
	}
	db, err := storage.Open(ledger, storage.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, nil, err
	}
	svc, err := cashier.New(cashier.Config{OVO: client, Ledger: db, CallTimeout: 2 * time.Second, NotFoundGrace: 100 * time.Millisecond,
		CheckInterval: 50 * time.Millisecond, CheckMaxInterval: 200 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return svc, db, nil
}

// batchChild runs batch id and says "ROW" on stdout after each row it
// records, until the parent kills it (or "DONE" when it is not killed).
func batchChild(id string) int {
	svc, _, err := batchService(os.Getenv("CASHIER_CRASH_URL"), os.Getenv("CASHIER_CRASH_LEDGER"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 10
	}
	svc.Start(context.Background())
	_, err = svc.RunBatch(context.Background(), id, "budi", cashier.BatchRunOptions{Concurrency: 4,
		Progress: func(storage.BatchRow, storage.Txn) { fmt.Println("ROW"); os.Stdout.Sync() }})
	fmt.Printf("DONE %v\n", err)
	return 0
}

// A 500-row batch with bad rows, duplicates, an unknown and a blocked
// account and a name mismatch is run in a child process that is killed
// with SIGKILL at a random row three times; after `batch run` again every
// row is final, exactly the valid rows were credited once each (the
// sandbox's count equals the ledger's), and the deposit fell by the total.
func TestBatchRunSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("re-runs the test binary")
	}
	const deposit = 50_000_000
	dir := t.TempDir()
	sim, srv := crashSandbox(t, ovosim.Config{Deposit: deposit, Latency: 3 * time.Millisecond})
	ledger := filepath.Join(dir, "ledger.db")

	data, send := batchFile(500)
	var total int64
	for _, a := range send {
		total += a
	}
	svc, db, err := batchService(srv.URL, ledger)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RefreshDeposit(bg); err != nil {
		t.Fatal(err)
	}
	b, _, err := svc.LoadBatch([]byte(data), "wages", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CheckBatch(bg, b.ID, cashier.BatchCheckOptions{Rate: 5000}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApproveBatch(bg, b.ID, cashier.Actor{Name: "citra"}, len(send), total); err != nil {
		t.Fatal(err)
	}
	svc.Close(bg)
	db.Close()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 15))
	kills := 0
	for range 3 {
		after := 10 + rng.IntN(80)
		cmd, out, stderr := startCrashChild(t, "CASHIER_BATCH_CHILD="+b.ID, "CASHIER_CRASH_URL="+srv.URL, "CASHIER_CRASH_LEDGER="+ledger)
		sc := bufio.NewScanner(out)
		rows, done := 0, false
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "DONE") {
				done = true
				break
			}
			if rows++; rows == after {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		go func() { _, _ = bufio.NewReader(out).WriteTo(new(strings.Builder)) }()
		err = cmd.Wait()
		if done {
			break
		}
		if !killedBySIGKILL(cmd) {
			t.Fatalf("child did not die by SIGKILL after %d rows: %v; stderr: %s", rows, err, stderr.String())
		}
		kills++
	}
	if kills < 3 {
		t.Fatalf("the run ended after %d kills; the file is too small to kill it three times", kills)
	}

	// `batch run` again, on the same ledger.
	svc, db, err = batchService(srv.URL, ledger)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc.Start(bg)
	defer svc.Close(bg)
	v, err := svc.RunBatch(bg, b.ID, "budi", cashier.BatchRunOptions{Wait: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != cashier.BatchDone || v.Open != 0 || v.Waiting != 0 {
		t.Fatalf("after the last run the batch is %s: %d open, %d waiting", v.State, v.Open, v.Waiting)
	}
	checkSentOnce(t, sim, db, v, send)
	applied, success := 0, 0
	for _, r := range v.Rows {
		for _, ref := range append(r.Tried, r.Ref) {
			if ref != "" {
				applied += sim.Applied(ref)
			}
		}
		if r.State == string(storage.StateSuccess) {
			success++
		}
	}
	if applied != success || success != len(send) || v.Paid != total {
		t.Fatalf("sandbox applied %d, ledger has %d successes for %d; want %d rows for %d", applied, success, v.Paid, len(send), total)
	}
	if got := deposit - sim.Deposit(); got != total {
		t.Fatalf("the deposit fell by %d, the batch total is %d", got, total)
	}
	d, err := svc.RefreshDeposit(bg)
	if err != nil {
		t.Fatal(err)
	}
	if d.Balance != sim.Deposit() || d.Reserved != 0 {
		t.Fatalf("mirror %+v, sandbox %d", d, sim.Deposit())
	}
}
