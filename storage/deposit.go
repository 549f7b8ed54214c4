package storage

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// Deposit is the local mirror of the merchant deposit at OVO.
//
// Balance is the last balance read from OVO (SetBalance), minus the amounts
// of transactions that succeeded since. Reserved is the sum of the amounts of
// the open (pending or unknown) transactions. Available = max(0,
// Balance-Reserved) is what Begin may still reserve. None is ever negative.
type Deposit struct {
	Balance     int64
	Reserved    int64
	Available   int64
	RefreshedAt time.Time // when Balance was last read from OVO; zero if never
}

// Deposit returns the deposit mirror as last committed.
func (db *DB) Deposit() (Deposit, error) {
	var d Deposit
	err := db.view(func(tx *bolt.Tx) error {
		d = readDeposit(tx)
		return nil
	})
	return d, err
}

// SetBalance records balance as read from OVO at time at (zero means now).
// A reading older than the one already recorded is ignored: the current
// mirror is returned unchanged and without error (compare RefreshedAt to
// tell). A negative balance is rejected with ErrInvalid.
func (db *DB) SetBalance(balance int64, at time.Time) (Deposit, error) {
	if balance < 0 {
		return Deposit{}, &ValidationError{"balance", "negative"}
	}
	var d Deposit
	if !at.IsZero() { // an old reading is usually found without a commit
		cur, err := db.Deposit()
		if err != nil {
			return Deposit{}, err
		}
		if at.Before(cur.RefreshedAt) {
			return cur, nil
		}
	}
	err := db.write(func(tx *bolt.Tx) error {
		d = readDeposit(tx)
		when := at
		if when.IsZero() {
			when = db.nowUTC()
		}
		when = clean(when)
		if when.Before(d.RefreshedAt) {
			return nil
		}
		d.Balance, d.RefreshedAt = balance, when
		return writeDeposit(tx, &d)
	})
	if err != nil {
		return Deposit{}, err
	}
	return d, nil
}

// readDeposit reads the deposit bucket.
func readDeposit(tx *bolt.Tx) Deposit {
	b := tx.Bucket(bucketDeposit)
	d := Deposit{
		Balance:     int64(getU64(b.Get(keyBalance))),
		Reserved:    int64(getU64(b.Get(keyReserved))),
		RefreshedAt: timeOf(int64(getU64(b.Get(keyRefreshedAt)))),
	}
	d.fix()
	return d
}

// writeDeposit stores d (after fixing it) back into the deposit bucket.
func writeDeposit(tx *bolt.Tx, d *Deposit) error {
	d.fix()
	b := tx.Bucket(bucketDeposit)
	if err := b.Put(keyBalance, u64(uint64(d.Balance))); err != nil {
		return err
	}
	if err := b.Put(keyReserved, u64(uint64(d.Reserved))); err != nil {
		return err
	}
	return b.Put(keyRefreshedAt, u64(uint64(nanosOf(d.RefreshedAt))))
}

// fix clamps the amounts at zero and recomputes Available.
func (d *Deposit) fix() {
	d.Balance = max(d.Balance, 0)
	d.Reserved = max(d.Reserved, 0)
	d.Available = max(d.Balance-d.Reserved, 0)
}
