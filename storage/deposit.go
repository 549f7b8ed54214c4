package storage

import (
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// Deposit returns the deposit mirror as last committed.
func (db *DB) Deposit() (Deposit, error) {
	var d Deposit
	err := db.view(func(tx *bolt.Tx) error {
		d = readDeposit(tx)
		return nil
	})
	return d, err
}

// ReadingStart returns the ReadingStart of a reading asked now (at, or the
// clock if at is zero). It does not write.
func (db *DB) ReadingStart(at time.Time) (ReadingStart, error) {
	if at.IsZero() {
		at = db.nowUTC()
	}
	r := ReadingStart{At: clean(at)}
	err := db.view(func(tx *bolt.Tx) error {
		r.Debited = getU64(tx.Bucket(bucketDeposit).Get(keyDebited))
		return nil
	})
	return r, err
}

// RecordReading records balance, OVO's answer to the reading that started
// as r, by the rule of Deposit: Balance becomes balance minus the debits
// recorded since r (Uncertain becomes that amount), and every transaction
// open now is remembered as possibly included. A reading that started
// before the one already recorded is ignored: the current mirror is
// returned unchanged and without error (compare RefreshedAt to tell). A
// negative balance is rejected with ErrInvalid.
func (db *DB) RecordReading(balance int64, r ReadingStart) (Deposit, error) {
	if balance < 0 {
		return Deposit{}, &ValidationError{Field: "balance", Problem: "negative"}
	}
	cur, err := db.Deposit() // an old reading is usually found without a commit
	if err != nil {
		return Deposit{}, err
	}
	if r.At.Before(cur.RefreshedAt) {
		return cur, nil
	}
	var d Deposit
	err = db.write(func(tx *bolt.Tx) error {
		d = readDeposit(tx)
		if r.At.Before(d.RefreshedAt) {
			return nil
		}
		b := tx.Bucket(bucketDeposit)
		since := int64(getU64(b.Get(keyDebited)) - r.Debited)
		d.Balance, d.Uncertain, d.RefreshedAt = balance-since, since, r.At
		if err := b.Put(keyReadingSeq, u64(getU64(tx.Bucket(bucketMeta).Get(keySeqRef)))); err != nil {
			return err
		}
		return writeDeposit(tx, &d)
	})
	if err != nil {
		return Deposit{}, err
	}
	return d, nil
}

// SetBalance records balance as read from OVO by a request sent at time at
// (zero means now) with no success recorded while it was under way: it is
// RecordReading with a ReadingStart taken now.
func (db *DB) SetBalance(balance int64, at time.Time) (Deposit, error) {
	r, err := db.ReadingStart(at)
	if err != nil {
		return Deposit{}, err
	}
	return db.RecordReading(balance, r)
}

// debit takes a success of amount (transaction reference sequence seq) off
// the mirror inside tx, by the rule of Deposit.
func debit(tx *bolt.Tx, d *Deposit, amount int64, seq uint64) error {
	b := tx.Bucket(bucketDeposit)
	d.Balance -= amount
	if seq <= getU64(b.Get(keyReadingSeq)) {
		d.Uncertain += amount
	}
	return b.Put(keyDebited, u64(getU64(b.Get(keyDebited))+uint64(amount)))
}

// readDeposit reads the deposit bucket.
func readDeposit(tx *bolt.Tx) Deposit {
	var d Deposit
	// One walk of the bucket's few keys (a Get each cost a cursor each).
	_ = tx.Bucket(bucketDeposit).ForEach(func(k, v []byte) error {
		switch string(k) {
		case string(keyBalance):
			d.Balance = int64(getU64(v))
		case string(keyReserved):
			d.Reserved = int64(getU64(v))
		case string(keyUncertain):
			d.Uncertain = int64(getU64(v))
		case string(keyRefreshedAt):
			d.RefreshedAt = ledger.TimeOfNanos(int64(getU64(v)))
		}
		return nil
	})
	d.Clamp()
	return d
}

// writeDeposit stores d (after fixing it) back into the deposit bucket,
// putting only the values that changed (a transaction's commits change
// one or two of them).
func writeDeposit(tx *bolt.Tx, d *Deposit) error {
	d.Clamp()
	b := tx.Bucket(bucketDeposit)
	for _, kv := range [...]struct {
		k []byte
		v uint64
	}{
		{keyBalance, uint64(d.Balance)},
		{keyReserved, uint64(d.Reserved)},
		{keyUncertain, uint64(d.Uncertain)},
		{keyRefreshedAt, uint64(ledger.NanosOf(d.RefreshedAt))},
	} {
		if old := b.Get(kv.k); len(old) == 8 && getU64(old) == kv.v {
			continue
		}
		if err := b.Put(kv.k, u64(kv.v)); err != nil {
			return err
		}
	}
	return nil
}
