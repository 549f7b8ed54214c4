package storage

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "dir", "ledger.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Errorf("Path() = %s, want %s", db.Path(), path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode = %v, want 0700", di.Mode().Perm())
	}
	m, err := db.Meta()
	if err != nil {
		t.Fatal(err)
	}
	if m.SchemaVersion != CurrentSchema() || len(m.InstallationID) != 12 || m.CreatedAt.IsZero() {
		t.Errorf("meta = %+v", m)
	}
}

func TestSecondOpenFailsWithinTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	first, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	const timeout = 200 * time.Millisecond
	start := time.Now()
	second, err := Open(path, Options{NoSync: true, Timeout: timeout})
	elapsed := time.Since(start)
	if err == nil {
		second.Close()
		t.Fatal("second Open of the same file succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("error = %v, want ErrLocked", err)
	}
	want := "ledger " + path + " is in use by another ovocashier process (lock not acquired within 200ms)"
	if err.Error() != want {
		t.Fatalf("error text = %q\nwant %q", err.Error(), want)
	}
	// It waited for the lock (bbolt polls every 50ms and gives up up to one
	// poll early) and did not hang (generous bound for loaded machines).
	if elapsed < timeout/2 || elapsed > timeout+5*time.Second {
		t.Fatalf("second Open took %v with timeout %v", elapsed, timeout)
	}
	// The first handle is unharmed, and the file opens once it is released.
	fund(t, first, 1)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	third, err := Open(path, Options{NoSync: true, Timeout: timeout})
	if err != nil {
		t.Fatalf("open after release: %v", err)
	}
	third.Close()
}

func TestRestartKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	clk := newClock(testStart)
	opts := Options{Now: clk.Now} // durable, as in production
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	fund(t, db, 1_000_000)
	var refs []string
	for range 5 {
		refs = append(refs, mustBegin(t, db, newTxn(10_000)).PartnerReferenceNo)
	}
	mustSettle(t, db, refs[0], Outcome{State: StateSuccess})
	mustSettle(t, db, refs[1], Outcome{State: StateFailed})
	mustSettle(t, db, refs[2], Outcome{State: StateUnknown})
	meta1, _ := db.Meta()
	dep1 := mustDeposit(t, db)
	open1, _ := db.Open()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	if meta2, _ := db.Meta(); meta2 != meta1 {
		t.Errorf("meta changed across restart: %+v → %+v", meta1, meta2)
	}
	if dep2 := mustDeposit(t, db); dep2 != dep1 {
		t.Errorf("deposit changed across restart: %+v → %+v", dep1, dep2)
	}
	open2, _ := db.Open()
	if !reflect.DeepEqual(open1, open2) || len(open2) != 3 {
		t.Errorf("open set across restart: %d → %d txns", len(open1), len(open2))
	}
	tx := mustBegin(t, db, newTxn(10_000))
	if !strings.HasSuffix(tx.PartnerReferenceNo, "0000000006") {
		t.Errorf("reference after restart = %s, want sequence 6", tx.PartnerReferenceNo)
	}
	if got := mustSettle(t, db, tx.PartnerReferenceNo, Outcome{State: StateSuccess}); got.ReceiptNo != "R00000002" {
		t.Errorf("receipt after restart = %s, want R00000002", got.ReceiptNo)
	}
}

func TestClosed(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "ledger.db"), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err = db.Begin(newTxn(1))
	wantErr(t, err, ErrClosed)
	_, err = db.SetBalance(1, time.Time{})
	wantErr(t, err, ErrClosed)
	_, err = db.Deposit()
	wantErr(t, err, ErrClosed)
	_, err = db.Get("x")
	wantErr(t, err, ErrClosed)
	_, err = db.History(Query{})
	wantErr(t, err, ErrClosed)
	_, err = db.Settle("x", Outcome{State: StateFailed})
	wantErr(t, err, ErrClosed)
}
