package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// rawUpdate changes a closed ledger file directly with bbolt.
func rawUpdate(t *testing.T, path string, fn func(*bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// rawVersion reads the schema version of a closed ledger file.
func rawVersion(t *testing.T, path string) int {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var v int
	if err := bdb.View(func(tx *bolt.Tx) (err error) { v, err = schemaVersion(tx); return err }); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMigrateV0File(t *testing.T) {
	// A v0 file: transactions only, no schema version, no indexes, no
	// sequences, no deposit.
	path := filepath.Join(t.TempDir(), "old.db")
	at := testStart.UTC()
	old := []Txn{
		{PartnerReferenceNo: "202503101234560000000041", Kind: KindTopUp, State: StateSuccess, CustomerNumber: "0811", Amount: 10_000, ReceiptNo: "R00000007", CreatedAt: at, UpdatedAt: at},
		{PartnerReferenceNo: "202503101234560000000042", Kind: KindTopUp, State: StateUnknown, CustomerNumber: "0812", Amount: 20_000, CreatedAt: at.Add(time.Minute), UpdatedAt: at},
		{PartnerReferenceNo: "202503101234560000000043", Kind: KindDisburse, State: StatePending, CustomerNumber: "0811", Amount: 30_000, CreatedAt: at.Add(2 * time.Minute), UpdatedAt: at},
	}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucket(bucketMeta); err != nil {
			return err
		}
		b, err := tx.CreateBucket(bucketTxns)
		if err != nil {
			return err
		}
		for _, o := range old {
			v, _ := json.Marshal(o)
			if err := b.Put([]byte(o.PartnerReferenceNo), v); err != nil {
				return err
			}
		}
		return nil
	})
	if v := rawVersion(t, path); v != 0 {
		t.Fatalf("fixture has version %d", v)
	}

	clk := newClock(testStart)
	db, err := Open(path, Options{NoSync: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	if m, _ := db.Meta(); m.SchemaVersion != CurrentSchema() || len(m.InstallationID) != 12 {
		t.Fatalf("meta after migration = %+v", m)
	}
	if d := mustDeposit(t, db); d.Reserved != 50_000 {
		t.Fatalf("reserved after migration = %d, want 50000", d.Reserved)
	}
	open, _ := db.Open()
	if len(open) != 2 || open[0].PartnerReferenceNo != old[1].PartnerReferenceNo || open[1].PartnerReferenceNo != old[2].PartnerReferenceNo {
		t.Fatalf("open set after migration = %+v", open)
	}
	if tx, err := db.GetByReceipt("R00000007"); err != nil || tx.PartnerReferenceNo != old[0].PartnerReferenceNo {
		t.Fatalf("receipt index after migration: %v %v", tx.PartnerReferenceNo, err)
	}
	if p, _ := db.History(Query{Phone: "0811"}); len(p.Txns) != 2 {
		t.Fatalf("phone index after migration: %d txns", len(p.Txns))
	}
	fund(t, db, 1_000_000)
	tx := mustBegin(t, db, newTxn(1000))
	if !strings.HasSuffix(tx.PartnerReferenceNo, "0000000044") {
		t.Fatalf("first new reference = %s, want sequence 44", tx.PartnerReferenceNo)
	}
	if tx = mustSettle(t, db, tx.PartnerReferenceNo, Outcome{State: StateSuccess}); tx.ReceiptNo != "R00000008" {
		t.Fatalf("first new receipt = %s, want R00000008", tx.ReceiptNo)
	}
}

func TestSchemaTooNewIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(99))
	})
	_, err = Open(path, Options{NoSync: true})
	wantErr(t, err, ErrSchemaTooNew)
	for _, part := range []string{path, "99", "upgrade"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
	if v := rawVersion(t, path); v != 99 {
		t.Fatalf("refused file now has version %d", v)
	}
}

// withMigrations appends fake migrations for one test.
func withMigrations(t *testing.T, extra ...migration) {
	saved := migrations
	migrations = append(append([]migration(nil), saved...), extra...)
	t.Cleanup(func() { migrations = saved })
}

func TestMigrationsRunInOrderAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	var ran []int
	mark := func(v int) migration {
		return migration{name: "fake", up: func(tx *bolt.Tx, _ migrateEnv) error {
			ran = append(ran, v)
			return tx.Bucket(bucketMeta).Put([]byte("fake"), []byte{byte(v)})
		}}
	}
	fail := migration{name: "broken", up: func(*bolt.Tx, migrateEnv) error { return errors.New("boom") }}

	// The real schema is b; two fake steps then a failing one: nothing
	// of the fake steps stays.
	b := CurrentSchema()
	withMigrations(t, mark(2), mark(3), fail)
	_, err = Open(path, Options{NoSync: true})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("from schema %d to %d", b+2, b+3)) || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("error = %v, want the failing step named", err)
	}
	if v := rawVersion(t, path); v != b {
		t.Fatalf("after a failed migration the file has version %d, want %d", v, b)
	}
	if !reflect.DeepEqual(ran, []int{2, 3}) {
		t.Fatalf("ran %v", ran)
	}

	// Without the broken step: both run, in order, once.
	migrations = migrations[:b+2]
	ran = nil
	db, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := db.Meta(); m.SchemaVersion != b+2 {
		t.Fatalf("version = %d, want %d", m.SchemaVersion, b+2)
	}
	db.Close()
	if !reflect.DeepEqual(ran, []int{2, 3}) {
		t.Fatalf("ran %v, want [2 3]", ran)
	}
	ran = nil
	db, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if len(ran) != 0 {
		t.Fatalf("a current file ran migrations %v", ran)
	}
}
