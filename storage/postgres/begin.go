package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Begin records a transaction before its money call, in one committed
// database transaction: it reserves n.Amount against the deposit mirror
// when Available covers it (else an *InsufficientDepositError matching
// ErrInsufficientDeposit, and nothing is written), assigns a new
// PartnerReferenceNo from the database's sequence, writes the transaction
// as pending with its search terms, and appends the "send" audit record.
// When Begin returns nil the transaction is durable (synchronous commit)
// and it is safe to send it to OVO; this handle holds its lease (see
// Lease) until Settle records an outcome. Invalid input is rejected with
// ErrInvalid before anything is written.
func (db *DB) Begin(n ledger.NewTxn) (ledger.Txn, error) {
	if err := n.Validate(); err != nil {
		return ledger.Txn{}, err
	}
	var out ledger.Txn
	err := db.write(func(ctx context.Context, tx pgx.Tx) (err error) {
		out, err = db.begin(ctx, tx, n, db.nowUTC())
		return err
	})
	if err != nil {
		return ledger.Txn{}, err
	}
	return out, nil
}

// begin is Begin inside tx (also the last step of DispatchApproval and
// BeginBatchRow). The rows are written and the deposit reserved in one
// round trip, the reservation last: the deposit row, which every Begin
// and Settle of the merchant locks, is held from there to the commit
// only (then the audit head, the last lock).
func (db *DB) begin(ctx context.Context, tx pgx.Tx, n ledger.NewTxn, now time.Time) (ledger.Txn, error) {
	var seq int64
	if err := tx.QueryRow(ctx, `SELECT nextval('txn_ref_seq')`).Scan(&seq); err != nil {
		return ledger.Txn{}, fmt.Errorf("postgres: reference sequence: %w", err)
	}
	t := n.Pending(ledger.FormatRef(now.In(ledger.Jakarta).Format("20060102"), db.inst, uint64(seq)), now)
	if t.ShiftID != "" {
		if err := db.stampShift(ctx, tx, t.ShiftID); err != nil {
			return ledger.Txn{}, err
		}
	}
	h, err := historyJSON(t.History)
	if err != nil {
		return ledger.Txn{}, err
	}
	tags, err := execAll(ctx, tx,
		stmt{`INSERT INTO txns (ref, kind, state, customer_number, customer_name, amount, fee, operator,
		outlet, outlet_id, external_id, session_id, shift_id, created_ns, updated_ns, history)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)`, []any{
			t.PartnerReferenceNo, string(t.Kind), string(t.State), t.CustomerNumber, t.CustomerName, t.Amount, t.Fee,
			t.Operator, t.Outlet, db.outlet, t.ExternalID, t.SessionID, t.ShiftID, nanosOf(now), h}},
		indexSearch(&t),
		// The call to OVO is this process's: other processes'
		// reconcilers leave the transaction alone until its outcome is
		// recorded (or this process dies: see lease.go).
		leaseStmt(t.PartnerReferenceNo, db.holder, db.flight),
		stmt{`UPDATE deposit SET reserved = reserved + $1 WHERE id = 1 AND balance - reserved >= $1`, []any{n.Amount}},
	)
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "txns_external_id" {
		// Nothing is written and nothing may be sent: another process
		// used this X-EXTERNAL-ID (the cashier makes a new one per try).
		return ledger.Txn{}, &ledger.ValidationError{Field: "ExternalID", Problem: fmt.Sprintf("%q is already used by another transaction", n.ExternalID)}
	}
	if err != nil {
		return ledger.Txn{}, fmt.Errorf("postgres: write transaction %s: %w", t.PartnerReferenceNo, err)
	}
	if tags[len(tags)-1].RowsAffected() != 1 {
		var available int64
		if err := tx.QueryRow(ctx, `SELECT GREATEST(balance - reserved, 0) FROM deposit WHERE id = 1`).Scan(&available); err != nil {
			return ledger.Txn{}, err
		}
		// The caller rolls back: nothing of this Begin is written.
		return ledger.Txn{}, &ledger.InsufficientDepositError{Available: available, Amount: n.Amount}
	}
	if _, err := db.appendAudit(ctx, tx, auditTxn("send", &t, n.Operator, n.Origin, ""), now); err != nil {
		return ledger.Txn{}, err
	}
	return t, nil
}
