package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/internal/pgtest"
	"github.com/ovocashier/ovocashier/storage"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// boltLedger writes a bbolt ledger of n transactions (most successful,
// some failed, unknown or pending; half in a shift), a closed shift with a
// pay-out, an approval held and one rejected, a loaded batch and the audit
// trail all of that appends, and returns its path and the transactions.
func boltLedger(t *testing.T, n int) (string, []ledger.Txn) {
	t.Helper()
	return boltLedgerAt(t, n, "Kemang")
}

// boltLedgerAt is boltLedger for outlet (the name its transactions and
// shift carry).
func boltLedgerAt(t *testing.T, n int, outlet string) (string, []ledger.Txn) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := storage.Open(path, storage.Options{NoSync: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SetBalance(1_000_000_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sh, err := db.OpenShift(ledger.NewShift{Operator: "siti", Terminal: "T1", Outlet: outlet, Float: 500_000})
	if err != nil {
		t.Fatal(err)
	}
	// Eight writers at once: the ledger shares their commits, which makes
	// 10,000 transactions seconds instead of a minute.
	const writers = 8
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			errs <- func() error {
				for i := w; i < n; i += writers {
					if err := writeTxn(db, i, sh.ID, outlet); err != nil {
						return err
					}
				}
				return nil
			}()
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddCashMove(ledger.CashMove{ShiftID: sh.ID, Amount: 200_000, Reason: "to the bank", Operator: "siti"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseShift(sh.ID, ledger.ShiftClose{Counted: 300_000}); err != nil {
		t.Fatal(err)
	}
	hold := ledger.NewApproval{Kind: ledger.KindDisburse, CustomerNumber: "081298765432", Amount: 2_000_000, Maker: "siti", ExpiresAt: time.Now().Add(time.Hour)}
	if _, err := db.HoldApproval(hold); err != nil {
		t.Fatal(err)
	}
	rej, err := db.HoldApproval(hold)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideApproval(rej.ID, ledger.Decision{Approver: "rina", Reason: "no"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateBatch(ledger.Batch{Name: "payroll", Hash: "h1", LoadedBy: "siti", Rows: 1, Valid: 1, Total: 50_000},
		[]ledger.BatchRow{{Line: 2, Phone: "081211112222", Amount: 50_000, State: ledger.RowLoaded}}, false); err != nil {
		t.Fatal(err)
	}
	var all []ledger.Txn
	if err := db.RangeTxns(time.Time{}, time.Now().Add(time.Hour), func(t ledger.Txn) error { all = append(all, t); return nil }); err != nil {
		t.Fatal(err)
	}
	return path, all
}

// writeTxn writes the i-th transaction of boltLedger: a top up (every
// seventh a disbursement) that succeeded, or failed (every tenth), is
// unknown (every fiftieth) or still pending (every 97th); every second one
// in shift.
func writeTxn(db *storage.DB, i int, shift, outlet string) error {
	nt := ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: fmt.Sprintf("0812%08d", i%5000), CustomerName: "Budi Santoso",
		Amount: int64(10_000 + i), Fee: 1_000, Operator: "siti", Outlet: outlet, ExternalID: fmt.Sprintf("ext-%s-%d", outlet, i), Origin: "terminal T1"}
	if i%7 == 0 {
		nt.Kind = ledger.KindDisburse
	}
	if i%2 == 0 {
		nt.ShiftID = shift
	}
	tx, err := db.Begin(nt)
	if err != nil {
		return err
	}
	var o ledger.Outcome
	switch {
	case i%97 == 0:
		return nil // pending
	case i%50 == 0:
		o = ledger.Outcome{State: ledger.StateUnknown, Code: "5003800"}
	case i%10 == 0:
		o = ledger.Outcome{State: ledger.StateFailed, Code: "4033802", Message: "Exceeds Transaction Amount Limit"}
	default:
		o = ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: fmt.Sprintf("OVO%09d", i), Code: "2003800", Message: "Successful"}
	}
	if _, err := db.Settle(tx.PartnerReferenceNo, o); err != nil {
		return err
	}
	if i%1000 == 1 {
		return db.PutReconMark(tx.PartnerReferenceNo, ledger.ReconMark{Status: "00", State: ledger.StateSuccess, Agree: true, At: time.Now()})
	}
	return nil
}

func migrate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	read := func(path string) (LedgerFile, error) {
		db, err := storage.Open(path, storage.Options{ReadOnly: true, Timeout: time.Second})
		if errors.Is(err, storage.ErrLocked) {
			return nil, fmt.Errorf("%w: %w", ErrLedgerHeld, err)
		}
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	code := Migrate(context.Background(), args, "en", read, &out, &errb)
	return code, out.String(), errb.String()
}

// A ledger of 10,000 transactions moves into the database: counts, sums and
// every receipt equal, the audit trail verifies with the same hashes, the
// deposit reserves what the source reserved; again into the same outlet is
// refused, as is a ledger in use.
func TestMigrate10000(t *testing.T) {
	url := pgtest.DB(t)
	path, src := boltLedger(t, 10_000)
	code, stdout, stderr := migrate(t, "--from", path, "--to", url, "--json")
	if code != 0 {
		t.Fatalf("migrate: exit %d\n%s\n%s", code, stdout, stderr)
	}
	var res struct {
		Outlet   string                `json:"outlet"`
		Verified bool                  `json:"verified"`
		Source   postgres.ImportCounts `json:"source"`
		Database postgres.ImportCounts `json:"database"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || !res.Verified || res.Outlet != "Kemang" {
		t.Fatalf("result %s (%v)", stdout, err)
	}
	if res.Database.Txns != 10_000 || res.Database.Shifts != 1 || res.Database.Approvals != 2 || res.Database.Batches != 1 || res.Database.CashMoves != 1 {
		t.Fatalf("database holds %+v", res.Database)
	}

	db, err := postgres.Open(context.Background(), url, postgres.Options{Outlet: "Kemang"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sum, success int64
	receipts := 0
	for _, want := range src {
		sum += want.Amount
		if want.State == ledger.StateSuccess {
			success += want.Amount
		}
		if want.ReceiptNo == "" {
			continue
		}
		receipts++
		got, err := db.GetByReceipt(want.ReceiptNo)
		if err != nil {
			t.Fatalf("receipt %s: %v", want.ReceiptNo, err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Fatalf("receipt %s:\n got %s\nwant %s", want.ReceiptNo, g, w)
		}
	}
	if res.Database.Amount != sum || res.Database.Success != success || res.Database.Receipts != receipts || receipts < 8_000 {
		t.Fatalf("sums: database %+v; source sum %d, success %d, %d receipts", res.Database, sum, success, receipts)
	}
	// The source's trail record for record, and the migrate record.
	if n, err := db.VerifyAudit(); err != nil || int(n) != res.Source.AuditCopied+1 || n < 19_000 {
		t.Fatalf("audit after the copy: %d records, %v; want the source's %d and one more", n, err, res.Source.AuditCopied)
	}
	// The open transactions, the held approval and nothing else reserve.
	var open int64
	for _, t := range src {
		if !t.State.Final() {
			open += t.Amount
		}
	}
	if d, err := db.Deposit(); err != nil || d.Reserved != open+2_000_000 {
		t.Fatalf("deposit %+v (%v), want %d reserved", d, err, open+2_000_000)
	}
	// Numbers handed out after the copy never repeat the source's.
	tx, err := db.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 1_000})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: "OVO-NEW", Code: "2003800"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range src {
		if s.ReceiptNo == got.ReceiptNo {
			t.Fatalf("a new receipt %s repeats a migrated one", got.ReceiptNo)
		}
	}

	if code, _, stderr := migrate(t, "--from", path, "--to", url); code != cashier.ExitRefused || !strings.Contains(stderr, `already holds outlet "Kemang"`) {
		t.Fatalf("the same outlet again: exit %d: %s", code, stderr)
	}
	// The same file again as another outlet (a ledger copied from another
	// outlet's): its references, which carry its installation id, clash.
	if code, _, stderr := migrate(t, "--from", path, "--to", url, "--outlet", "Blok M"); code != cashier.ExitRefused || !strings.Contains(stderr, "numbers are already in the database") || !strings.Contains(stderr, "reference 2") || !strings.Contains(stderr, "is another outlet's") {
		t.Fatalf("the same ledger as another outlet: exit %d: %s", code, stderr)
	}
	if code, _, stderr := migrate(t, "--lang", "id", "--from", path, "--to", url, "--outlet", "Blok M"); code != cashier.ExitRefused || !strings.Contains(stderr, "referensi 2") || !strings.Contains(stderr, "milik outlet lain") || strings.Contains(stderr, "another outlet") {
		t.Fatalf("the same ledger as another outlet, in Indonesian: exit %d: %s", code, stderr)
	}
	held, err := storage.Open(path, storage.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if code, _, stderr := migrate(t, "--from", path, "--to", pgtest.DB(t)); code != cashier.ExitRefused || !strings.Contains(stderr, "in use by another ovocashier process") {
		t.Fatalf("a ledger in use: exit %d: %s", code, stderr)
	}
}

// Bad flags are exit 2 with the reason, before anything is read.
func TestMigrateFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--to", "postgres://x@127.0.0.1:1/x"}, "--from is required"},
		{[]string{"--from", "ledger.db"}, "--to is required"},
		{[]string{"--from", "ledger.db", "--to", "other.db"}, "postgres://"},
		{[]string{"--from", "postgres://x@127.0.0.1:1/x", "--to", "postgres://x@127.0.0.1:1/y"}, "must be a ledger file"},
	} {
		if code, _, stderr := migrate(t, c.args...); code != cashier.ExitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d %q, want 2 saying %q", c.args, code, stderr, c.want)
		}
	}
}

// A chain moves over outlet after outlet: two bbolt ledgers, each
// numbering its receipts, shifts, cash moves, approvals and batches from 1,
// go into one database as two outlets. Each outlet's numbers stay as
// printed and find its own transaction, shift, approval and batch; counts,
// sums and every receipt equal per outlet; history and the fleet keep the
// outlets apart; a handle serving every outlet is told which outlets hold
// a number both hold; numbers handed out afterwards, on either outlet,
// clash with nothing. Again into an outlet it holds, or from a ledger in
// use, is still refused.
func TestMigrateTwoOutlets(t *testing.T) {
	url := pgtest.DB(t)
	const n = 400
	paths := map[string]string{}
	srcs := map[string][]ledger.Txn{}
	for _, outlet := range []string{"Kemang", "Blok M"} {
		paths[outlet], srcs[outlet] = boltLedgerAt(t, n, outlet)
		code, stdout, stderr := migrate(t, "--from", paths[outlet], "--to", url, "--outlet", outlet, "--json")
		if code != 0 || !strings.Contains(stdout, `"verified": true`) {
			t.Fatalf("migrate %s: exit %d\n%s\n%s", outlet, code, stdout, stderr)
		}
	}
	ctx := context.Background()
	open := func(outlet string) *postgres.DB {
		db, err := postgres.Open(ctx, url, postgres.Options{Outlet: outlet})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	taken := map[string]bool{} // every receipt number of either source
	for outlet, src := range srcs {
		db := open(outlet)
		want := postgres.CountsOf(postgres.OutletLedger{Txns: src})
		got, err := db.OutletCounts(ctx, outlet)
		if err != nil || got.Txns != n || got.Amount != want.Amount || got.Success != want.Success || got.Receipts != want.Receipts ||
			got.Shifts != 1 || got.CashMoves != 1 || got.Approvals != 2 || got.Batches != 1 || got.BatchRows != 1 {
			t.Fatalf("%s holds %+v (%v); source %+v", outlet, got, err, want)
		}
		for _, w := range src {
			if w.ReceiptNo == "" {
				continue
			}
			taken[w.ReceiptNo] = true
			g, err := db.GetByReceipt(w.ReceiptNo)
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			if err != nil || string(gj) != string(wj) {
				t.Fatalf("%s receipt %s: %v\n got %s\nwant %s", outlet, w.ReceiptNo, err, gj, wj)
			}
		}
		// The same numbers, each outlet's own.
		sh, err := db.Shift("S00000001")
		if err != nil || sh.Outlet != outlet {
			t.Fatalf("%s shift S00000001: %+v %v", outlet, sh, err)
		}
		if ms, err := db.CashMoves("S00000001"); err != nil || len(ms) != 1 {
			t.Fatalf("%s cash moves of S00000001: %v %v", outlet, ms, err)
		}
		inShift := 0
		if err := db.ShiftTxns("S00000001", func(tx ledger.Txn) error {
			if tx.Outlet != outlet {
				return fmt.Errorf("%s's shift lists %s of %s", outlet, tx.PartnerReferenceNo, tx.Outlet)
			}
			inShift++
			return nil
		}); err != nil || inShift != n/2 {
			t.Fatalf("%s shift S00000001: %d transactions, %v", outlet, inShift, err)
		}
		if a, err := db.Approval("A00000001"); err != nil || a.State != ledger.ApprovalAwaiting {
			t.Fatalf("%s approval A00000001: %+v %v", outlet, a, err)
		}
		if b, err := db.GetBatch("B000001"); err != nil || b.Name != "payroll" {
			t.Fatalf("%s batch B000001: %+v %v", outlet, b, err)
		}
		if rows, err := db.BatchRows("B000001"); err != nil || len(rows) != 1 {
			t.Fatalf("%s rows of B000001: %v %v", outlet, rows, err)
		}
		// History keeps to the outlet.
		seen := 0
		for before := ""; ; {
			p, err := db.History(ledger.Query{Before: before, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range p.Txns {
				if tx.Outlet != outlet {
					t.Fatalf("%s's history shows %s of %s", outlet, tx.PartnerReferenceNo, tx.Outlet)
				}
			}
			seen += len(p.Txns)
			if before = p.Next; before == "" {
				break
			}
		}
		if seen != n {
			t.Fatalf("%s's history: %d transactions, want %d", outlet, seen, n)
		}
	}

	// A supervisor's process on one outlet decides the other's approval by
	// its own number: its own outlet's.
	kemang, blokM := open("Kemang"), open("Blok M")
	if _, err := kemang.DecideApproval("A00000001", ledger.Decision{Approver: "rina", Reason: "no"}); err != nil {
		t.Fatal(err)
	}
	if a, _ := blokM.Approval("A00000001"); a.State != ledger.ApprovalAwaiting {
		t.Fatalf("deciding Kemang's A00000001 changed Blok M's: %+v", a)
	}

	// A handle serving every outlet is told who holds a shared number.
	all := open("")
	_, err := all.GetByReceipt("R00000001")
	var amb *ledger.AmbiguousError
	if !errors.As(err, &amb) || !errors.Is(err, ledger.ErrNotFound) || strings.Join(amb.Outlets, ",") != "Blok M,Kemang" {
		t.Fatalf("R00000001 from every outlet: %v", err)
	}
	if _, err := all.Shift("S00000001"); !errors.Is(err, ledger.ErrNoShift) || !strings.Contains(err.Error(), "Blok M, Kemang") {
		t.Fatalf("S00000001 from every outlet: %v", err)
	}

	// The fleet: each outlet's own figures.
	days, err := all.Fleet(time.Time{}, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		want := postgres.CountsOf(postgres.OutletLedger{Txns: srcs[d.Outlet]})
		if d.TopUps.SuccessAmount+d.Disbursements.SuccessAmount != want.Success || d.Awaiting != 1 && d.Outlet == "Blok M" {
			t.Fatalf("fleet %s: %+v; source success %d", d.Outlet, d, want.Success)
		}
	}

	// New numbers on either outlet clash with nothing.
	if _, err := kemang.SetBalance(1_000_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for i, db := range []*postgres.DB{kemang, blokM, kemang, blokM} {
		tx, err := db.Begin(ledger.NewTxn{Kind: ledger.KindTopUp, CustomerNumber: "081234567890", Amount: 1_000, ExternalID: fmt.Sprintf("new-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Settle(tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateSuccess, ReferenceNo: fmt.Sprintf("OVO-NEW-%d", i), Code: "2003800"})
		if err != nil {
			t.Fatal(err)
		}
		if taken[got.ReceiptNo] {
			t.Fatalf("new receipt %s repeats a migrated one", got.ReceiptNo)
		}
		taken[got.ReceiptNo] = true
		if back, err := all.GetByReceipt(got.ReceiptNo); err != nil || back.PartnerReferenceNo != tx.PartnerReferenceNo {
			t.Fatalf("new receipt %s from every outlet: %v", got.ReceiptNo, err)
		}
		sh, err := db.OpenShift(ledger.NewShift{Operator: fmt.Sprintf("new%d", i), Terminal: "T9"})
		if err != nil || sh.ID <= "S00000001" {
			t.Fatalf("new shift %+v %v", sh, err)
		}
		if got, err := all.Shift(sh.ID); err != nil || got.Operator != sh.Operator {
			t.Fatalf("new shift %s from every outlet: %+v %v", sh.ID, got, err)
		}
		if _, err := db.CloseShift(sh.ID, ledger.ShiftClose{}); err != nil {
			t.Fatal(err)
		}
	}

	if code, _, stderr := migrate(t, "--from", paths["Blok M"], "--to", url, "--outlet", "Blok M"); code != cashier.ExitRefused || !strings.Contains(stderr, `already holds outlet "Blok M"`) {
		t.Fatalf("Blok M again: exit %d: %s", code, stderr)
	}
	held, err := storage.Open(paths["Kemang"], storage.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if code, _, stderr := migrate(t, "--from", paths["Kemang"], "--to", url, "--outlet", "Senayan"); code != cashier.ExitRefused || !strings.Contains(stderr, "in use by another ovocashier process") {
		t.Fatalf("a ledger in use: exit %d: %s", code, stderr)
	}
}
