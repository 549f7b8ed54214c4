package ovosim

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.etcd.io/bbolt"
)

// Layout of the state file (schema 2):
//
//	meta  "schema" → "2"
//	log   8-byte big-endian sequence → one commit: its changes, in order (codec.go)
//
// Every commit appends one record at the end of one bucket: the pages it
// writes are the last leaf, its branches and the roots, whatever the keys
// of the transactions and customers it carries. (Schema 1 kept a bucket
// per kind — customers by number, transactions by partnerReferenceNo, a
// bucket of external ids per day — with JSON values: every commit rewrote
// a leaf and its branches in each of three or four trees.) Opening replays
// the log into memory; when the log has grown to more than twice what the
// state now holds (overwritten customers and transactions, forgotten days
// of external ids), it is rewritten as a snapshot of the state, in the
// same transaction. A schema 1 file is read and rewritten as schema 2 when
// opened.
var (
	bucketMeta = []byte("meta")
	bucketLog  = []byte("log")
	keySchema  = []byte("schema")
	// Schema 1's buckets, read when a schema 1 file is upgraded.
	bucketCustomers = []byte("customers")
	bucketTxns      = []byte("txns")
	bucketExtIDs    = []byte("extids")
	keyDeposit      = []byte("deposit")
)

const (
	schemaVersion = "2"
	schemaV1      = "1"
	// snapshotChunk bounds the changes in one record of a snapshot.
	snapshotChunk = 1000
)

// compactSlack is log bytes beyond twice the snapshot's that are tolerated
// before opening rewrites the log (a variable for tests).
var compactSlack = 1 << 20

// store makes changes durable. A nil store keeps state in memory only.
type store interface {
	// commit writes cs, in order, in one durable commit.
	commit(cs []*change) error
	close() error
}

// boltStore is the state file.
type boltStore struct {
	db  *bbolt.DB
	buf []byte // the record being committed
}

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
	var st *state
	err = db.Update(func(tx *bbolt.Tx) error {
		st, err = load(tx, initialDeposit)
		return err
	})
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("ovosim: load state file %s: %w", path, err)
	}
	return &boltStore{db: db}, st, nil
}

// load reads the state in tx: a new file gets the schema and
// initialDeposit, a schema 1 file is rewritten as schema 2, a long log is
// compacted.
func load(tx *bbolt.Tx, initialDeposit int64) (*state, error) {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return nil, err
	}
	switch v := meta.Get(keySchema); {
	case v == nil && meta.Get(keyDeposit) == nil:
		// A new file.
		st := newState()
		st.deposit = initialDeposit
		return st, writeSnapshot(tx, st)
	case string(v) == schemaV1:
		st, err := loadV1(tx)
		if err != nil {
			return nil, err
		}
		for _, name := range [][]byte{bucketCustomers, bucketTxns, bucketExtIDs} {
			if err := tx.DeleteBucket(name); err != nil && !errors.Is(err, bbolt.ErrBucketNotFound) {
				return nil, err
			}
		}
		if err := meta.Delete(keyDeposit); err != nil {
			return nil, err
		}
		return st, writeSnapshot(tx, st)
	case string(v) != schemaVersion:
		return nil, fmt.Errorf("schema %q, this sandbox reads %q (and upgrades %q)", v, schemaVersion, schemaV1)
	}
	log := tx.Bucket(bucketLog)
	if log == nil {
		return nil, errors.New("no log bucket")
	}
	st := newState()
	var logBytes int
	if err := log.ForEach(func(k, v []byte) error {
		cs, err := decodeRecord(v)
		if err != nil {
			return fmt.Errorf("log record %x: %w", k, err)
		}
		for _, c := range cs {
			st.apply(c)
		}
		logBytes += len(k) + len(v)
		return nil
	}); err != nil {
		return nil, err
	}
	if snap := snapshot(st); logBytes > 2*snapshotBytes(snap)+compactSlack {
		return st, writeRecords(tx, snap)
	}
	return st, nil
}

// snapshot is st as records of changes: the deposit, every customer,
// transaction and external id, in chunks of snapshotChunk.
func snapshot(st *state) [][]*change {
	var (
		out [][]*change
		cur []*change
	)
	add := func(c *change) {
		cur = append(cur, c)
		if len(cur) == snapshotChunk {
			out, cur = append(out, cur), nil
		}
	}
	dep := &change{}
	dep.setDeposit(st.deposit)
	add(dep)
	for _, cu := range st.customers {
		add(&change{customers: []Customer{*cu}})
	}
	for _, t := range st.txns {
		add(&change{txns: []Txn{*t}})
	}
	for day, ids := range st.extIDs {
		for id := range ids {
			add(&change{extDay: day, extID: id})
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// snapshotBytes is about what snap takes in the log.
func snapshotBytes(snap [][]*change) int {
	n := 0
	for _, cs := range snap {
		n += 8 + len(appendRecord(nil, cs))
	}
	return n
}

// writeSnapshot replaces the log with a snapshot of st and sets the schema.
func writeSnapshot(tx *bbolt.Tx, st *state) error {
	if err := tx.Bucket(bucketMeta).Put(keySchema, []byte(schemaVersion)); err != nil {
		return err
	}
	return writeRecords(tx, snapshot(st))
}

// writeRecords replaces the log with recs.
func writeRecords(tx *bbolt.Tx, recs [][]*change) error {
	if err := tx.DeleteBucket(bucketLog); err != nil && !errors.Is(err, bbolt.ErrBucketNotFound) {
		return err
	}
	if _, err := tx.CreateBucket(bucketLog); err != nil {
		return err
	}
	var buf []byte
	for _, cs := range recs {
		buf = appendRecord(buf[:0], cs)
		if err := appendLog(tx, buf); err != nil {
			return err
		}
	}
	return nil
}

// appendLog puts rec at the end of the log.
func appendLog(tx *bbolt.Tx, rec []byte) error {
	log := tx.Bucket(bucketLog)
	log.FillPercent = 1 // keys only grow: fill every page
	seq, err := log.NextSequence()
	if err != nil {
		return err
	}
	return log.Put(binary.BigEndian.AppendUint64(nil, seq), rec)
}

// loadV1 reads a schema 1 file.
func loadV1(tx *bbolt.Tx) (*state, error) {
	st := newState()
	v := tx.Bucket(bucketMeta).Get(keyDeposit)
	if v == nil {
		return nil, errors.New("schema 1 without a deposit")
	}
	var err error
	if st.deposit, err = strconv.ParseInt(string(v), 10, 64); err != nil {
		return nil, fmt.Errorf("deposit %q: %v", v, err)
	}
	if b := tx.Bucket(bucketCustomers); b != nil {
		if err := b.ForEach(func(k, v []byte) error {
			var c Customer
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("customer %s: %v", k, err)
			}
			st.customers[c.Number] = &c
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if b := tx.Bucket(bucketTxns); b != nil {
		if err := b.ForEach(func(k, v []byte) error {
			var t Txn
			if err := json.Unmarshal(v, &t); err != nil {
				return fmt.Errorf("transaction %s: %v", k, err)
			}
			st.apply(&change{txns: []Txn{t}})
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if ext := tx.Bucket(bucketExtIDs); ext != nil {
		if err := ext.ForEachBucket(func(day []byte) error {
			ids := map[string]struct{}{}
			st.extIDs[string(day)] = ids
			return ext.Bucket(day).ForEach(func(k, _ []byte) error {
				ids[string(k)] = struct{}{}
				return nil
			})
		}); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// commit writes cs, in order, as one record appended to the log, in one
// bbolt transaction (one write for however many changes queued while the
// previous commit was under way). Called by one writer at a time
// (Sim.flushMu), which lets it keep its encoding buffer.
func (b *boltStore) commit(cs []*change) error {
	b.buf = appendRecord(b.buf[:0], cs)
	return b.db.Update(func(tx *bbolt.Tx) error { return appendLog(tx, b.buf) })
}

func (b *boltStore) close() error { return b.db.Close() }
