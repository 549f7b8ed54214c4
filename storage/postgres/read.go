package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Get returns the transaction with PartnerReferenceNo ref (of any outlet),
// or an error matching ErrNotFound.
func (db *DB) Get(ref string) (ledger.Txn, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Txn{}, err
	}
	defer cancel()
	t, err := getTxn(ctx, db.pool, ref, "")
	return t, db.wrap(err)
}

// GetByReceipt returns the transaction that was given receipt number
// receiptNo when it succeeded, or an error matching ErrNotFound. The
// receipt numbers the database hands out are unique across outlets; a
// number migrated from several outlets' own ledgers is this handle's
// outlet's, else the one outlet's holding it, else a *ledger.AmbiguousError
// naming them (see ownerOf).
func (db *DB) GetByReceipt(receiptNo string) (ledger.Txn, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Txn{}, err
	}
	defer cancel()
	notFound := fmt.Errorf("%w: receipt %s", ledger.ErrNotFound, receiptNo)
	outlet, err := ownerOf(ctx, db.pool, "txns", "receipt_no", "receipt", receiptNo, db.outlet, notFound)
	if err != nil {
		return ledger.Txn{}, db.wrap(err)
	}
	t, err := scanTxn(db.pool.QueryRow(ctx, `SELECT `+txnCols+` FROM txns t WHERE t.outlet_id = $1 AND t.receipt_no = $2`, outlet, receiptNo))
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.Txn{}, notFound
	}
	if err != nil {
		return ledger.Txn{}, db.wrap(err)
	}
	return t, nil
}

// Open returns every transaction still open (pending or unknown), of every
// outlet, oldest first (by CreatedAt, then reference): the reconciler's
// work, which every process shares through leases (see Lease). It reads the
// open index, never the whole ledger.
func (db *DB) Open() ([]ledger.Txn, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return nil, err
	}
	defer cancel()
	rows, err := db.pool.Query(ctx, `SELECT `+txnCols+` FROM txns t WHERE t.state IN ('pending', 'unknown')
		ORDER BY t.created_ns, t.ref`)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := collectTxns(rows)
	return out, db.wrap(err)
}

// RangeTxns calls fn for every transaction of this outlet (every outlet
// when the handle serves all) created in [from, to), oldest first, until
// fn returns an error, which RangeTxns returns. fn runs outside any
// database transaction, on pages read in turn, so it may call the ledger.
func (db *DB) RangeTxns(from, to time.Time, fn func(ledger.Txn) error) error {
	return db.RangeOtherTxns(from, to, "", fn)
}

// RangeOtherTxns is RangeTxns without the transactions of shift shiftID
// (none when "").
func (db *DB) RangeOtherTxns(from, to time.Time, shiftID string, fn func(ledger.Txn) error) error {
	return db.eachTxn(rangeNanos(from), `t.created_ns < $3 AND ($4 = '' OR t.outlet_id = $4) AND ($5 = '' OR t.shift_id <> $5)`,
		[]any{rangeNanos(to), db.outlet, shiftID}, fn)
}

// eachPage is how many transactions eachTxn reads at a time.
const eachPage = 500

// eachTxn calls fn for every transaction created at or after fromNs that
// where (SQL over txns t, its arguments args numbered from $3) keeps,
// oldest first (by CreatedAt, then reference), reading a page at a time
// through an index on (…, created_ns, ref): fn runs outside any database
// transaction, so it may call the ledger; an error from it stops the walk
// and is returned.
func (db *DB) eachTxn(fromNs int64, where string, args []any, fn func(ledger.Txn) error) error {
	afterNs, afterRef := fromNs, ""
	sql := `SELECT ` + txnCols + ` FROM txns t WHERE (t.created_ns, t.ref) > ($1, $2) AND ` + where +
		fmt.Sprintf(` ORDER BY t.created_ns, t.ref LIMIT %d`, eachPage)
	for {
		var page []ledger.Txn
		err := db.withCtx(func(ctx context.Context) error {
			rows, err := db.pool.Query(ctx, sql, append([]any{afterNs, afterRef}, args...)...)
			if err == nil {
				page, err = collectTxns(rows)
			}
			return err
		})
		if err != nil {
			return err
		}
		for _, t := range page {
			if err := fn(t); err != nil {
				return err
			}
		}
		if len(page) < eachPage {
			return nil
		}
		last := page[len(page)-1]
		afterNs, afterRef = ledger.NanosOf(last.CreatedAt), last.PartnerReferenceNo
	}
}

// withCtx runs fn with a call context.
func (db *DB) withCtx(fn func(ctx context.Context) error) error {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return err
	}
	defer cancel()
	return db.wrap(fn(ctx))
}
