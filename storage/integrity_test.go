package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// ledgerWithReceipts makes a closed ledger at path holding n successful
// transactions (enough for the receipt index to have pages of its own) and
// one pending one.
func ledgerWithReceipts(t *testing.T, path string, n int) (pending string) {
	t.Helper()
	clk := newClock(testStart)
	db, err := Open(path, Options{NoSync: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	fund(t, db, 1_000_000_000)
	for range n {
		tx := mustBegin(t, db, newTxn(10_000))
		mustSettle(t, db, tx.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "OVO1"})
	}
	pending = mustBegin(t, db, newTxn(10_000)).PartnerReferenceNo
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return pending
}

// viewClosed runs fn in a read transaction of the closed ledger at path,
// opened with bbolt alone.
func viewClosed(t *testing.T, path string, fn func(*bolt.Tx)) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	bdb.View(func(tx *bolt.Tx) error { fn(tx); return nil })
}

// bucketPage is the first page of bucket name in the closed ledger at path
// (its root), and the page size.
func bucketPage(t *testing.T, path string, name []byte) (pgid int64, pageSize int) {
	t.Helper()
	viewClosed(t, path, func(tx *bolt.Tx) {
		pgid, pageSize = int64(tx.Bucket(name).RootPage()), tx.DB().Info().PageSize
	})
	if pgid == 0 {
		t.Fatalf("bucket %s is inline: no page of its own", name)
	}
	return pgid, pageSize
}

// highWater is how far into the closed ledger at path its last commit wrote.
func highWater(t *testing.T, path string) (size int64) {
	t.Helper()
	viewClosed(t, path, func(tx *bolt.Tx) { size = tx.Size() })
	return size
}

// overwritePage fills page pgid of the file at path with b.
func overwritePage(t *testing.T, path string, pgid int64, pageSize int, b byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{b}, pageSize), pgid*int64(pageSize)); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesDamagedLedger(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
		want   string
	}{
		{"empty file", func(t *testing.T, path string) {
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
		}, "empty (0 bytes)"},
		{"truncated to half", func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, fi.Size()/2/4096*4096); err != nil {
				t.Fatal(err)
			}
		}, "truncated"},
		{"last written page cut short", func(t *testing.T, path string) {
			if err := os.Truncate(path, highWater(t, path)-100); err != nil {
				t.Fatal(err)
			}
		}, "truncated"},
		{"truncated below the meta pages", func(t *testing.T, path string) {
			if err := os.Truncate(path, 3000); err != nil {
				t.Fatal(err)
			}
		}, "truncated"},
		{"receipt index page zeroed", func(t *testing.T, path string) {
			pg, size := bucketPage(t, path, bucketReceipt)
			overwritePage(t, path, pg, size, 0)
		}, "damaged"},
		{"receipt index page of 0xFF", func(t *testing.T, path string) {
			pg, size := bucketPage(t, path, bucketReceipt)
			overwritePage(t, path, pg, size, 0xFF)
		}, "damaged"},
		{"phone index page zeroed", func(t *testing.T, path string) {
			pg, size := bucketPage(t, path, bucketPhone)
			overwritePage(t, path, pg, size, 0)
		}, "damaged"},
		{"both meta pages zeroed", func(t *testing.T, path string) {
			overwritePage(t, path, 0, 4096, 0)
			overwritePage(t, path, 1, 4096, 0)
		}, "not a ledger file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			ledgerWithReceipts(t, path, 400)
			tc.damage(t, path)
			before, _ := os.ReadFile(path)
			db, err := Open(path, Options{NoSync: true})
			if err == nil {
				db.Close()
				t.Fatal("a damaged ledger was opened")
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Open: %v; want ErrDamaged naming the file and saying %q", err, tc.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Fatal("Open changed the damaged file")
			}
		})
	}
}

func TestOpenCreatesOnlyWhereNothingExists(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("after creating a ledger the directory holds %d entries, want only the ledger", len(entries))
	}
	if _, err := Open(filepath.Join(dir, "missing.db"), Options{ReadOnly: true}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("read-only Open of a missing file: %v, want not-exist", err)
	}
}

// openWithReceipts opens (until the test ends) a ledger made by
// ledgerWithReceipts(n).
func openWithReceipts(t *testing.T, n int) (db *DB, path, pending string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "ledger.db")
	pending = ledgerWithReceipts(t, path, n)
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path, pending
}

func TestFaultWhileOpenIsAnErrorNotACrash(t *testing.T) {
	db, path, pending := openWithReceipts(t, 50)
	// Another program truncates the file under the running process: every
	// access to the mapped pages is now a SIGBUS.
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Get(pending); !errors.Is(err, ErrDamaged) {
		t.Fatalf("read of a truncated ledger: %v, want ErrDamaged", err)
	}
	if _, err := db.Settle(pending, Outcome{State: StateSuccess}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("write to a truncated ledger: %v, want ErrDamaged", err)
	}
}

func TestWriteOnDamagedPageIsAnError(t *testing.T) {
	db, path, pending := openWithReceipts(t, 400)
	db.bolt.Close() // let the test's own handle write the page under the open one
	pg, size := bucketPage(t, path, bucketReceipt)
	overwritePage(t, path, pg, size, 0xFF)
	db2, err := openBolt(path, Options{NoSync: true, Timeout: DefaultTimeout})
	if err != nil {
		t.Fatal(err)
	}
	db.bolt = db2
	db.c.close()
	db.c = newCommitter(db2, false)
	// Settling a success queues its receipt; the fold puts it into the
	// damaged index.
	if _, err := db.Settle(pending, Outcome{State: StateSuccess}); err != nil {
		t.Fatal(err)
	}
	if err := db.write(foldIndex); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a fold into a damaged index: %v, want ErrDamaged", err)
	}
	if err := db.Verify(context.Background()); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Verify: %v, want ErrDamaged", err)
	}
}

func TestBackupWhileInUse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	pending := ledgerWithReceipts(t, path, 30)
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := filepath.Join(dir, "backup.db")
	if _, err := db.Backup(out); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("second backup to the same file: %v, want a refusal", err)
	}
	if _, err := db.Backup(path); err == nil {
		t.Fatal("backup onto the ledger itself was allowed")
	}
	// The live ledger moves on; the copy holds the moment of the backup.
	mustSettle(t, db, pending, Outcome{State: StateFailed})
	cp, err := Open(out, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if got, err := cp.Get(pending); err != nil || got.State != StatePending {
		t.Fatalf("backup holds %+v, %v; want the transaction pending", got, err)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := cp.Begin(newTxn(1)); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write to a read-only ledger: %v, want ErrReadOnly", err)
	}
	if err := cp.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyDamagedPageOutsideTheLedgerBuckets damages a page that only
// bbolt's own page check reads (a bucket the ledger's walk does not list,
// the freelist): Verify must report it, not crash the process from the
// check's goroutine.
func TestVerifyDamagedPageOutsideTheLedgerBuckets(t *testing.T) {
	for _, which := range []string{"unlisted bucket", "nested bucket", "freelist"} {
		t.Run(which, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			ledgerWithReceipts(t, path, 30)
			bdb, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := bdb.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("zz-other"))
				if err != nil {
					return err
				}
				if which == "nested bucket" {
					if b, err = b.CreateBucket([]byte("inner")); err != nil {
						return err
					}
				}
				for i := range 200 {
					if err := b.Put([]byte(strings.Repeat("k", 20)+string(rune('a'+i%26))+strings.Repeat("x", i)), bytes.Repeat([]byte{1}, 40)); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			var pg int64
			var size int
			bdb.View(func(tx *bolt.Tx) error {
				size = tx.DB().Info().PageSize
				b := tx.Bucket([]byte("zz-other"))
				if which == "nested bucket" {
					b = b.Bucket([]byte("inner"))
				}
				pg = int64(b.RootPage())
				return nil
			})
			bdb.Close()
			if which == "freelist" {
				m := make([]byte, 4096)
				f, _ := os.Open(path)
				var best uint64
				for i := int64(0); i < 2; i++ {
					f.ReadAt(m, i*int64(size))
					if txid := binary.LittleEndian.Uint64(m[metaTxidOffset:]); txid >= best {
						best, pg = txid, int64(binary.LittleEndian.Uint64(m[metaFreelistOffset:]))
					}
				}
				f.Close()
			}
			if pg < 2 {
				t.Fatalf("no page of its own (%d)", pg)
			}
			overwritePage(t, path, pg, size, 0xAB)
			db, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				if errors.Is(err, ErrDamaged) {
					return // refused at open: as good
				}
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Verify(context.Background()); !errors.Is(err, ErrDamaged) {
				t.Fatalf("Verify: %v, want ErrDamaged", err)
			}
		})
	}
}

// The damaged-ledger message sends the reader to a README section: it must
// be there under that name.
func TestDamagedErrorNamesAREADMESection(t *testing.T) {
	msg := (&DamagedError{Path: "x", Detail: "y"}).Error()
	i := strings.Index(msg, `README, "`)
	if i < 0 {
		t.Fatalf("no README section named in %q", msg)
	}
	section := msg[i+len(`README, "`):]
	section = section[:strings.Index(section, `"`)]
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "\n### "+section+"\n") && !strings.Contains(string(readme), "\n## "+section+"\n") {
		t.Fatalf("the message names README section %q; there is none", section)
	}
}
