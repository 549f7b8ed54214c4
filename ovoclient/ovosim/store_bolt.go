package ovosim

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.etcd.io/bbolt"
)

// Layout of the state file:
//
//	meta       "schema" → "1", "deposit" → decimal rupiah
//	customers  number → JSON Customer (only customers whose balance changed)
//	txns       partnerReferenceNo → JSON Txn
//	extids     one nested bucket per Jakarta day "20060102", external id → ""
var (
	bucketMeta      = []byte("meta")
	bucketCustomers = []byte("customers")
	bucketTxns      = []byte("txns")
	bucketExtIDs    = []byte("extids")
	keySchema       = []byte("schema")
	keyDeposit      = []byte("deposit")
)

const schemaVersion = "1"

// store makes changes durable. A nil store keeps state in memory only.
type store interface {
	// commit writes cs, in order, in one durable commit.
	commit(cs []*change) error
	close() error
}

// boltStore is the state file.
type boltStore struct{ db *bbolt.DB }

// openBolt opens (or creates, with initialDeposit) the state file and loads
// it. A file bbolt cannot read (its pages reached the disk out of order: a
// power cut or an OS crash, since it is written without fsync) is an error
// naming it, never a panic of the process that runs the sandbox.
func openBolt(path string, initialDeposit int64) (_ *boltStore, _ *state, err error) {
	// A panic inside bbolt.Open (a damaged freelist) leaves bbolt's map of
	// the file, and so its lock, in place until the process ends: the
	// sandbox cannot run on that file, and the process is expected to stop.
	var db *bbolt.DB
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				db.Close()
			}
			err = fmt.Errorf("ovosim: state file %s is damaged (%v): a power cut or an OS crash can leave it so (it is written without fsync); move it away to start the sandbox afresh", path, r)
		}
	}()
	// NoSync: a commit writes its pages into the file before any answer
	// reports them, so a sandbox whose process is killed (kill -9, a
	// panic) or restarted never forgets what it answered — the kernel holds
	// what was written — but it does not wait for the disk: a power cut or
	// an OS crash may lose its last answers, or leave the file unreadable
	// (bbolt's pages reached the disk out of order; the recover above turns
	// that into an error at the next start). It stands in for OVO, whose
	// durability is OVO's; its fsyncs (every call is a change: an inquiry
	// consumes its external id) were the largest single cost of a top up
	// in `serve` on the built-in sandbox (sshload: 11 % of the server's CPU
	// with 64 cashiers).
	db, err = bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		if errors.Is(err, bbolt.ErrTimeout) {
			return nil, nil, fmt.Errorf("ovosim: state file %s is in use by another sandbox (lock not obtained within 1s)", path)
		}
		return nil, nil, fmt.Errorf("ovosim: open state file: %w", err)
	}
	st := newState()
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketCustomers, bucketTxns, bucketExtIDs} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keySchema); v != nil && string(v) != schemaVersion {
			return fmt.Errorf("schema %q, this sandbox reads %q", v, schemaVersion)
		}
		if v := meta.Get(keyDeposit); v == nil {
			if err := meta.Put(keySchema, []byte(schemaVersion)); err != nil {
				return err
			}
			if err := meta.Put(keyDeposit, []byte(strconv.FormatInt(initialDeposit, 10))); err != nil {
				return err
			}
			st.deposit = initialDeposit
		} else if st.deposit, err = strconv.ParseInt(string(v), 10, 64); err != nil {
			return fmt.Errorf("deposit %q: %v", v, err)
		}
		if err := tx.Bucket(bucketCustomers).ForEach(func(k, v []byte) error {
			var c Customer
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("customer %s: %v", k, err)
			}
			st.customers[c.Number] = &c
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Bucket(bucketTxns).ForEach(func(k, v []byte) error {
			var t Txn
			if err := json.Unmarshal(v, &t); err != nil {
				return fmt.Errorf("transaction %s: %v", k, err)
			}
			st.apply(&change{txns: []Txn{t}})
			return nil
		}); err != nil {
			return err
		}
		ext := tx.Bucket(bucketExtIDs)
		return ext.ForEachBucket(func(day []byte) error {
			ids := map[string]struct{}{}
			st.extIDs[string(day)] = ids
			return ext.Bucket(day).ForEach(func(k, _ []byte) error {
				ids[string(k)] = struct{}{}
				return nil
			})
		})
	})
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("ovosim: load state file %s: %w", path, err)
	}
	return &boltStore{db: db}, st, nil
}

// commit writes cs, in order, in one bbolt transaction (one write for
// however many changes queued while the previous commit was under way).
func (b *boltStore) commit(cs []*change) error {
	return b.db.Update(func(tx *bbolt.Tx) error {
		for _, c := range cs {
			if err := put(tx, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// put writes one change in tx.
func put(tx *bbolt.Tx, c *change) error {
	if c.deposit != nil {
		if err := tx.Bucket(bucketMeta).Put(keyDeposit, strconv.AppendInt(nil, *c.deposit, 10)); err != nil {
			return err
		}
	}
	for _, cu := range c.customers {
		v, err := json.Marshal(cu)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketCustomers).Put([]byte(cu.Number), v); err != nil {
			return err
		}
	}
	for _, t := range c.txns {
		v, err := json.Marshal(t)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketTxns).Put([]byte(t.PartnerReferenceNo), v); err != nil {
			return err
		}
	}
	for _, ref := range c.dropTxns {
		if err := tx.Bucket(bucketTxns).Delete([]byte(ref)); err != nil {
			return err
		}
	}
	ext := tx.Bucket(bucketExtIDs)
	for _, d := range c.dropDays {
		if err := ext.DeleteBucket([]byte(d)); err != nil && !errors.Is(err, bbolt.ErrBucketNotFound) {
			return err
		}
	}
	if c.extID != "" {
		day, err := ext.CreateBucketIfNotExists([]byte(c.extDay))
		if err != nil {
			return err
		}
		if err := day.Put([]byte(c.extID), []byte{}); err != nil {
			return err
		}
	}
	return nil
}

func (b *boltStore) close() error { return b.db.Close() }
