package cashier_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/storage"
)

// Ledger pages that go bad after the top up was sent (here: every page but
// the meta pages, so whichever the outcome reads or writes) must give an
// unknown outcome (exit 3) and leave the transaction pending, never a
// crash or a "nothing sent".
func TestDamageAfterSendingIsUnknown(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	db, err := storage.Open(path, storage.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetBalance(1_000_000_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for range 300 { // a ledger of many pages
		tx, err := db.Begin(storage.NewTxn{Kind: storage.KindTopUp, CustomerNumber: "081234567890", Amount: 10_000})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Settle(tx.PartnerReferenceNo, storage.Outcome{State: storage.StateSuccess}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	size := pageSize(t, path)

	e := testenv.New(t, testenv.Options{Deposit: 1_000_000, Dir: dir})
	cashier.SetHooks(e.Service, nil, func(string) {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		// The pending commit just rewrote the page holding the
		// transaction (copy on write): damage every page but the two
		// meta pages, wherever it went.
		fi, _ := f.Stat()
		f.WriteAt(bytes.Repeat([]byte{0xFF}, int(fi.Size())-2*size), 2*int64(size))
		f.Close()
	})
	q := quote(t, e, storage.KindTopUp, "081234567890", 50_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil {
		t.Fatalf("Execute said nothing was sent (%v) after the sandbox got the top up", err)
	}
	ref := res.Txn.PartnerReferenceNo
	if n := e.Sim.Applied(ref); n != 1 {
		t.Fatalf("sandbox applied %d times", n)
	}
	if got := cashier.StateExitCode(res.Txn.State); got != cashier.ExitUnknown {
		t.Fatalf("transaction %s after the damage; exit %d, want %d", res.Txn.State, got, cashier.ExitUnknown)
	}
	if !ovo.IsUnknownOutcome(res.Err) || cashier.ExitCode(res.Err) != cashier.ExitUnknown {
		t.Fatalf("Err = %v; want an unknown outcome", res.Err)
	}
	if _, err := e.DB.Get(ref); !errors.Is(err, storage.ErrDamaged) {
		t.Fatalf("ledger after the damage: %v, want ErrDamaged", err)
	}
}

// pageSize is the page size of the closed ledger at path.
func pageSize(t *testing.T, path string) int {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	return bdb.Info().PageSize
}
