package storage

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// migrateEnv is what migrations may use besides the transaction.
type migrateEnv struct {
	now func() time.Time
}

// A migration brings a file from schema version i (its index in
// migrations) to version i+1. It runs inside the one Update that runs all
// pending migrations at Open, so a failure leaves the file as it was.
type migration struct {
	name string
	up   func(tx *bolt.Tx, env migrateEnv) error
}

// migrations, in order. The schema this program writes is len(migrations).
// Append, never edit: a released migration is history.
var migrations = []migration{
	{"create buckets, installation id and sequences; index existing transactions", migrateToV1},
	{"shifts: shifts, open shifts, cash moves, recon marks and the shift indexes", migrateShifts},
	{"search index: phone endings, name words, OVO references (storage/search.go)", migrateSearch},
	{"search index as packed postings (storage/search.go)", migrateSearchPostings},
	{"compact forms: binary audit records, packed strings in values, packed references in index keys", migrateCompact},
	{"index queue: the index entries of the last outcomes, folded into the indexes in batches; pending transactions held in the open set (storage/queue.go)", migrateIndexQueue},
}

// CurrentSchema is the schema version this program reads and writes.
func CurrentSchema() int { return len(migrations) }

// migrate runs the migrations the file at path still needs, all in one
// Update; it refuses a file whose schema is newer than CurrentSchema. A file
// already current is only read; a file opened read-only that needs a
// migration is refused.
func migrate(bdb *bolt.DB, path string, env migrateEnv, readOnly bool) error {
	var v int
	err := bdb.View(func(tx *bolt.Tx) (err error) {
		v, err = schemaVersion(tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("storage: ledger %s: %w", path, err)
	}
	cur := CurrentSchema()
	if v > cur {
		return &schemaError{path: path, found: v, current: cur}
	}
	if v == cur {
		return nil
	}
	if readOnly {
		return &ledger.UpgradeNeededError{Path: path, Found: v, Current: cur}
	}
	return bdb.Update(func(tx *bolt.Tx) error {
		v, err := schemaVersion(tx)
		if err != nil {
			return fmt.Errorf("storage: ledger %s: %w", path, err)
		}
		if v > cur {
			return &schemaError{path: path, found: v, current: cur}
		}
		for ; v < cur; v++ {
			m := migrations[v]
			if err := m.up(tx, env); err != nil {
				return fmt.Errorf("storage: migrate ledger %s from schema %d to %d (%s): %w", path, v, v+1, m.name, err)
			}
			meta, err := tx.CreateBucketIfNotExists(bucketMeta)
			if err != nil {
				return err
			}
			if err := meta.Put(keySchemaVersion, u64(uint64(v+1))); err != nil {
				return err
			}
		}
		return nil
	})
}

// schemaVersion is the file's schema version; 0 for a file without one (an
// empty new file, or a file from before versioning).
func schemaVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	b := meta.Get(keySchemaVersion)
	if b == nil {
		return 0, nil
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("corrupt schema version (%d bytes)", len(b))
	}
	return int(getU64(b)), nil
}

// migrateToV1 makes every bucket, chooses the installation id, starts the
// sequences and the deposit mirror, and indexes whatever transactions a
// pre-versioning file already holds (time, phone, receipt, open set and the
// reserved counter), moving the sequences past the numbers they use.
func migrateToV1(tx *bolt.Tx, env migrateEnv) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	if meta.Get(keyInstallationID) == nil {
		id, err := newInstallationID()
		if err != nil {
			return err
		}
		if err := meta.Put(keyInstallationID, []byte(id)); err != nil {
			return err
		}
	}
	if meta.Get(keyCreatedAt) == nil {
		if err := meta.Put(keyCreatedAt, u64(uint64(ledger.NanosOf(env.now())))); err != nil {
			return err
		}
	}
	dep := tx.Bucket(bucketDeposit)
	for _, k := range [][]byte{keyBalance, keyRefreshedAt} {
		if dep.Get(k) == nil {
			if err := dep.Put(k, u64(0)); err != nil {
				return err
			}
		}
	}

	// Index existing transactions.
	var reserved int64
	seqRef, seqReceipt := getU64(meta.Get(keySeqRef)), getU64(meta.Get(keySeqReceipt))
	inst := string(meta.Get(keyInstallationID))
	txns, tIdx, pIdx, rIdx, open := tx.Bucket(bucketTxns), tx.Bucket(bucketTime), tx.Bucket(bucketPhone), tx.Bucket(bucketReceipt), tx.Bucket(bucketOpen)
	err := txns.ForEach(func(k, v []byte) error {
		ref := refOfTxnKey(k, inst)
		t, err := decodeTxn(ref, v)
		if err != nil {
			return err
		}
		tk := timeKey(t.CreatedAt, ref, inst)
		if err := tIdx.Put(tk, nil); err != nil {
			return err
		}
		if err := pIdx.Put(phoneKey(t.CustomerNumber, tk), nil); err != nil {
			return err
		}
		if !t.State.Final() {
			if err := open.Put([]byte(ref), nil); err != nil {
				return err
			}
			reserved += t.Amount
		}
		if t.ReceiptNo != "" {
			if err := rIdx.Put([]byte(t.ReceiptNo), receiptValue(ref, inst)); err != nil {
				return err
			}
			if n, ok := receiptSeq(t.ReceiptNo); ok && n > seqReceipt {
				seqReceipt = n
			}
		}
		if n, ok := refSeq(ref); ok && n > seqRef {
			seqRef = n
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, kv := range []struct {
		b *bolt.Bucket
		k []byte
		v uint64
	}{{meta, keySeqRef, seqRef}, {meta, keySeqReceipt, seqReceipt}, {dep, keyReserved, uint64(reserved)}} {
		if err := kv.b.Put(kv.k, u64(kv.v)); err != nil {
			return err
		}
	}
	return nil
}

// migrateCompact (schema 5, issue 17) marks a ledger whose new audit
// records are in the binary form (ledger.SealAudit), whose transaction
// values pack their digit strings (codec.go: tag 0x02), and whose index keys
// and receipt values name this installation's references by their
// sequence (keys.go: timeKey, receiptValue). It rewrites nothing: what was
// written before keeps its form and is read as before. It exists so that
// an older ovocashier, which reads none of the new forms, refuses the file
// (ErrSchemaTooNew) instead of misreading it.
func migrateCompact(*bolt.Tx, migrateEnv) error { return nil }

// newInstallationID is 12 random digits: ledgers of different outlets under
// one OVO merchant collide with probability about n²/2·10⁻¹² (n outlets).
func newInstallationID() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000_000_000))
	if err != nil {
		return "", fmt.Errorf("choose installation id: %w", err)
	}
	return fmt.Sprintf("%012d", n.Int64()), nil
}

// refSeq is the sequence part of a reference: its last 10 digits (ledgers
// made before the installation id grew to 12 digits have 24-digit references).
func refSeq(ref string) (uint64, bool) {
	if len(ref) < 8+ledger.RefSeqDigits {
		return 0, false
	}
	n, err := strconv.ParseUint(ref[len(ref)-ledger.RefSeqDigits:], 10, 64)
	return n, err == nil
}

// receiptSeq is the sequence part of a receipt number "R" + digits.
func receiptSeq(no string) (uint64, bool) {
	digits, ok := strings.CutPrefix(no, ledger.ReceiptPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	return n, err == nil
}
