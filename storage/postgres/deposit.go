package postgres

import (
	"context"
	"errors"
	"math/rand/v2"

	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The deposit mirror is one row (deposit, id 1) for the whole merchant:
// every outlet and process reserves against the same OVO deposit. The rule
// is the bbolt ledger's (see ledger.Deposit): a reading is recorded minus
// the debits recorded while it was under way, and the transactions open
// when it is recorded are marked (txns.in_reading) as possibly included,
// so that their success is counted as Uncertain rather than believed twice.
//
// Begin locks the row; Settle does not (migration 0031): it adds what it
// releases and debits to running totals in one of depositShards rows of
// deposit_settled, and the mirror is the row plus what the shards gained
// since the row last folded them (its folded_* columns; RecordReading
// folds). A settle only ever raises Available (a success releases and
// debits the same amount, a failure releases), so a reservation that
// reads the shards without a lock — and may miss a settle committing
// meanwhile — can only see less than there is: the conditional update of
// the row still keeps the deposit from going below zero.

// depositShards is how many rows of deposit_settled Settle spreads over.
const depositShards = 16

// settledTotals is the shards' running totals, as the relation s.
const settledTotals = `(SELECT sum(released)::BIGINT AS released, sum(debited)::BIGINT AS debited,
	sum(uncertain)::BIGINT AS uncertain FROM deposit_settled) s`

// The mirror as it stands, from the deposit row d and the totals s.
const (
	nowBalance   = `GREATEST(d.balance - (s.debited - d.folded_debited), 0)`
	nowReserved  = `GREATEST(d.reserved - (s.released - d.folded_released), 0)`
	nowUncertain = `(d.uncertain + (s.uncertain - d.folded_uncertain))`
	nowDebited   = `(d.debited + (s.debited - d.folded_debited))`
	nowAvailable = `(` + nowBalance + ` - ` + nowReserved + `)`
)

// reserveSQL is the conditional reservation of $1 (see reserveDeposit).
const reserveSQL = `UPDATE deposit d SET reserved = d.reserved + $1 FROM ` + settledTotals + `
	WHERE d.id = 1 AND ` + nowAvailable + ` >= $1`

// availableSQL reads what is available now (never below zero).
const availableSQL = `SELECT GREATEST(` + nowAvailable + `, 0) FROM deposit d, ` + settledTotals + ` WHERE d.id = 1`

// Deposit returns the deposit mirror as last committed.
func (db *DB) Deposit() (ledger.Deposit, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Deposit{}, err
	}
	defer cancel()
	d, _, err := readDeposit(ctx, db.pool)
	return d, db.wrap(err)
}

// readDeposit reads the mirror as it stands (the row and the shards, see
// above) and the running total of debits.
func readDeposit(ctx context.Context, q querier) (ledger.Deposit, int64, error) {
	var d ledger.Deposit
	var refreshed, debited int64
	err := q.QueryRow(ctx, `SELECT `+nowBalance+`, `+nowReserved+`, `+nowUncertain+`, d.refreshed_ns, `+nowDebited+`
		FROM deposit d, `+settledTotals+` WHERE d.id = 1`).
		Scan(&d.Balance, &d.Reserved, &d.Uncertain, &refreshed, &debited)
	if err != nil {
		return ledger.Deposit{}, 0, err
	}
	d.RefreshedAt = ledger.TimeOfNanos(refreshed)
	d.Clamp()
	return d, debited, nil
}

// ReadingStart returns the ReadingStart of a reading asked now (at, or the
// clock if at is zero): the running total of debits at this moment. It
// does not write.
func (db *DB) ReadingStart(at time.Time) (ledger.ReadingStart, error) {
	if at.IsZero() {
		at = db.nowUTC()
	}
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.ReadingStart{}, err
	}
	defer cancel()
	_, debited, err := readDeposit(ctx, db.pool)
	if err != nil {
		return ledger.ReadingStart{}, db.wrap(err)
	}
	return ledger.ReadingStart{At: at.UTC().Round(0), Debited: uint64(debited)}, nil
}

// RecordReading records balance, OVO's answer to the reading that started
// as r, by the rule of ledger.Deposit, in one commit: Balance becomes
// balance minus the debits recorded (by any process) since r, Uncertain
// becomes that amount, and every transaction open now is marked as
// possibly included. A reading that started before the one already
// recorded is ignored: the current mirror is returned unchanged and
// without error. A negative balance is rejected with ErrInvalid.
func (db *DB) RecordReading(balance int64, r ledger.ReadingStart) (ledger.Deposit, error) {
	if balance < 0 {
		return ledger.Deposit{}, &ledger.ValidationError{Field: "balance", Problem: "negative"}
	}
	cur, err := db.Deposit() // an old reading is usually found without a commit
	if err != nil {
		return ledger.Deposit{}, err
	}
	if r.At.Before(cur.RefreshedAt) {
		return cur, nil
	}
	var d ledger.Deposit
	err = db.write(func(ctx context.Context, tx pgx.Tx) error {
		// The open transactions' rows first, then the deposit row: the
		// order Settle takes them in.
		if _, err := tx.Exec(ctx, `UPDATE txns SET in_reading = TRUE
			WHERE state IN ('pending', 'unknown') AND NOT in_reading`); err != nil {
			return err
		}
		// Then every shard, so that no Settle adds to them until the
		// commit, and what they hold is folded into the row.
		if _, err := execAll(ctx, tx, stmt{`SELECT 1 FROM deposit WHERE id = 1 FOR UPDATE`, nil},
			stmt{`SELECT 1 FROM deposit_settled ORDER BY shard FOR UPDATE`, nil}); err != nil {
			return err
		}
		var debited int64
		var err error
		d, debited, err = readDeposit(ctx, tx)
		if err != nil {
			return err
		}
		if r.At.Before(d.RefreshedAt) {
			return errOlderReading
		}
		since := int64(uint64(debited) - r.Debited)
		d.Balance, d.Uncertain, d.RefreshedAt = balance-since, since, r.At
		d.Clamp()
		_, err = tx.Exec(ctx, `UPDATE deposit d SET balance = $1, uncertain = $2, refreshed_ns = $3,
			reserved = `+nowReserved+`, debited = `+nowDebited+`,
			folded_released = s.released, folded_debited = s.debited, folded_uncertain = s.uncertain
			FROM `+settledTotals+` WHERE d.id = 1`,
			d.Balance, d.Uncertain, ledger.NanosOf(d.RefreshedAt))
		return err
	})
	if errors.Is(err, errOlderReading) {
		return db.Deposit() // nothing was written
	}
	if err != nil {
		return ledger.Deposit{}, err
	}
	return d, nil
}

// errOlderReading rolls back a RecordReading that lost to a newer reading.
var errOlderReading = errors.New("postgres: an older reading")

// SetBalance records balance as read from OVO by a request sent at time at
// (zero means now) with no success recorded while it was under way: it is
// RecordReading with a ReadingStart taken now.
func (db *DB) SetBalance(balance int64, at time.Time) (ledger.Deposit, error) {
	r, err := db.ReadingStart(at)
	if err != nil {
		return ledger.Deposit{}, err
	}
	return db.RecordReading(balance, r)
}

// reserveDeposit adds amount to the deposit mirror's Reserved inside tx
// when Available (Balance − Reserved, as it stands) covers it, as one
// conditional UPDATE of the deposit row: processes reserving at once queue
// on the row, and each sees what the one before left, so the mirror never
// goes below zero. Otherwise it is an *ledger.InsufficientDepositError
// with what was available, and nothing is changed.
func reserveDeposit(ctx context.Context, tx pgx.Tx, amount int64) error {
	tag, err := tx.Exec(ctx, reserveSQL, amount)
	if err != nil || tag.RowsAffected() == 1 {
		return err
	}
	var available int64
	if err := tx.QueryRow(ctx, availableSQL).Scan(&available); err != nil {
		return err
	}
	return &ledger.InsufficientDepositError{Available: available, Amount: amount}
}

// releaseDeposit takes amount off the deposit mirror's Reserved inside tx
// (never below zero).
func releaseDeposit(ctx context.Context, tx pgx.Tx, amount int64) error {
	_, err := tx.Exec(ctx, `UPDATE deposit SET reserved = GREATEST(reserved - $1, 0) WHERE id = 1`, amount)
	return err
}

// settleDeposit is the statement releasing the reservation of final
// transaction ref (amount) and debiting what it spent (debit: its amount
// on success, 0 on failure): added to the running totals of one shard
// (picked at random), the debit also to the uncertain total when ref was
// open at the last reading. It does not touch the deposit row.
func settleDeposit(ref string, amount, debit int64) stmt {
	return stmt{`UPDATE deposit_settled SET released = released + $1, debited = debited + $2,
		uncertain = uncertain + CASE WHEN (SELECT in_reading FROM txns WHERE ref = $3) THEN $2 ELSE 0 END
		WHERE shard = $4`, []any{amount, debit, ref, rand.IntN(depositShards)}}
}
