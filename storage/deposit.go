package storage

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// Deposit is the local mirror of the merchant deposit at OVO.
//
// # The reconciliation rule
//
// A reading of OVO's balance is taken while transactions may be open: OVO
// may already have applied some of them (the reading includes their debit)
// while the ledger still holds them pending or unknown. The mirror never
// debits such a transaction twice and never believes more money than OVO
// can have:
//
//   - Every success debits Balance by its amount, once, when it is settled
//     (Settle), and adds it to a running total of debits.
//   - A reading is recorded with what was known when it was asked for
//     (ReadingStart): the debits recorded while it was under way are
//     subtracted from it (the reading may predate them), and the
//     transactions open when it is recorded are remembered as "maybe in
//     the reading" (by their reference sequence, so no per-transaction
//     write).
//   - When a transaction that may be in the reading succeeds, its debit is
//     still taken (the lower of the two possibilities), and the amount is
//     added to Uncertain: how much Balance may understate OVO's deposit.
//   - Uncertain is zero after a reading taken with nothing open and no
//     success recorded meanwhile: Balance is then exactly OVO's deposit
//     minus the successes since. A positive Uncertain is resolved by the
//     next reading, which the cashier asks for soon (and at once before it
//     refuses an amount as above the deposit).
//
// So Balance is OVO's deposit at the last reading minus what was spent
// since, exactly when Uncertain is zero and at most Uncertain below it
// otherwise; it never overstates. Reserved is the sum of the amounts of the
// open (pending or unknown) transactions. Available = max(0,
// Balance-Reserved) is what Begin may still reserve. None is ever negative.
type Deposit struct {
	Balance     int64
	Reserved    int64
	Available   int64
	Uncertain   int64     // how much Balance may understate OVO's deposit; 0 when the mirror is exact
	RefreshedAt time.Time // when the last recorded reading was asked of OVO; zero if never
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

// ReadingStart is what the ledger knew when a balance reading was asked of
// OVO: take it (DB.ReadingStart) just before sending the request, and hand
// it to RecordReading with OVO's answer.
type ReadingStart struct {
	At      time.Time // when the request was sent
	debited uint64    // the running total of debits at that moment
}

// ReadingStart returns the ReadingStart of a reading asked now (at, or the
// clock if at is zero). It does not write.
func (db *DB) ReadingStart(at time.Time) (ReadingStart, error) {
	if at.IsZero() {
		at = db.nowUTC()
	}
	r := ReadingStart{At: clean(at)}
	err := db.view(func(tx *bolt.Tx) error {
		r.debited = getU64(tx.Bucket(bucketDeposit).Get(keyDebited))
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
		return Deposit{}, &ValidationError{"balance", "negative"}
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
		since := int64(getU64(b.Get(keyDebited)) - r.debited)
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
	b := tx.Bucket(bucketDeposit)
	d := Deposit{
		Balance:     int64(getU64(b.Get(keyBalance))),
		Reserved:    int64(getU64(b.Get(keyReserved))),
		Uncertain:   int64(getU64(b.Get(keyUncertain))),
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
	if err := b.Put(keyUncertain, u64(uint64(d.Uncertain))); err != nil {
		return err
	}
	return b.Put(keyRefreshedAt, u64(uint64(nanosOf(d.RefreshedAt))))
}

// fix clamps the amounts at zero and recomputes Available.
func (d *Deposit) fix() {
	d.Balance = max(d.Balance, 0)
	d.Reserved = max(d.Reserved, 0)
	d.Uncertain = max(d.Uncertain, 0)
	d.Available = max(d.Balance-d.Reserved, 0)
}
