package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// txnCols are the columns of a transaction, in the order scanTxn reads them.
const txnCols = `t.ref, t.kind, t.state, t.customer_number, t.customer_name, t.amount, t.fee, t.operator, t.outlet,
	t.external_id, t.session_id, t.shift_id, t.reference_no, t.response_code, t.response_message, t.last_status,
	t.status_checks, t.receipt_no, t.printed, t.created_ns, t.updated_ns, t.history`

// scanTxn reads one row of txnCols.
func scanTxn(row pgx.Row) (ledger.Txn, error) {
	var (
		t                ledger.Txn
		kind, state      string
		receipt          *string
		created, updated int64
		history          string
	)
	err := row.Scan(&t.PartnerReferenceNo, &kind, &state, &t.CustomerNumber, &t.CustomerName, &t.Amount, &t.Fee,
		&t.Operator, &t.Outlet, &t.ExternalID, &t.SessionID, &t.ShiftID, &t.ReferenceNo, &t.ResponseCode,
		&t.ResponseMessage, &t.LastStatus, &t.StatusChecks, &receipt, &t.Printed, &created, &updated, &history)
	if err != nil {
		return ledger.Txn{}, err
	}
	t.Kind, t.State = ledger.Kind(kind), ledger.State(state)
	if receipt != nil {
		t.ReceiptNo = *receipt
	}
	t.CreatedAt, t.UpdatedAt = ledger.TimeOfNanos(created), ledger.TimeOfNanos(updated)
	if err := json.Unmarshal([]byte(history), &t.History); err != nil {
		return ledger.Txn{}, fmt.Errorf("postgres: transaction %s: history: %w", t.PartnerReferenceNo, err)
	}
	return t, nil
}

// getTxn reads transaction ref, locking its row with lock ("FOR UPDATE"
// or ""); ErrNotFound if there is none.
func getTxn(ctx context.Context, q querier, ref, lock string) (ledger.Txn, error) {
	t, err := scanTxn(q.QueryRow(ctx, `SELECT `+txnCols+` FROM txns t WHERE t.ref = $1 `+lock, ref))
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.Txn{}, fmt.Errorf("%w: %s", ledger.ErrNotFound, ref)
	}
	return t, err
}

// collectTxns reads every row of txnCols.
func collectTxns(rows pgx.Rows) ([]ledger.Txn, error) {
	defer rows.Close()
	var out []ledger.Txn
	for rows.Next() {
		t, err := scanTxn(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// historyJSON is the stored form of a transaction's changes.
func historyJSON(h []ledger.Change) (string, error) {
	if h == nil {
		h = []ledger.Change{}
	}
	b, err := json.Marshal(h)
	return string(b), err
}

// putTxn writes the changeable fields of t back to its row.
func putTxn(ctx context.Context, tx pgx.Tx, t *ledger.Txn) error {
	st, err := putTxnStmt(t)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, st.sql, st.args...)
	return err
}

// putTxnStmt is the statement of putTxn.
func putTxnStmt(t *ledger.Txn) (stmt, error) {
	h, err := historyJSON(t.History)
	if err != nil {
		return stmt{}, err
	}
	var receipt *string
	if t.ReceiptNo != "" {
		receipt = &t.ReceiptNo
	}
	return stmt{`UPDATE txns SET state = $2, external_id = $3, reference_no = $4, response_code = $5,
		response_message = $6, last_status = $7, status_checks = $8, receipt_no = $9, printed = $10, updated_ns = $11,
		history = $12 WHERE ref = $1`, []any{
		t.PartnerReferenceNo, string(t.State), t.ExternalID, t.ReferenceNo, t.ResponseCode, t.ResponseMessage,
		t.LastStatus, t.StatusChecks, receipt, t.Printed, ledger.NanosOf(t.UpdatedAt), h}}, nil
}

// stmt is one statement of a batch (execAll); a zero stmt is skipped.
type stmt struct {
	sql  string
	args []any
}

// batcher is what runs a pipelined batch: a transaction, a connection or
// the pool (a batch outside a transaction is one implicit transaction,
// committed at its end, all of it rolled back by an error).
type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// execAll runs the statements in order on tx in one round trip (a
// pipelined batch) and returns their command tags; the first error stops
// it (and aborts the transaction).
func execAll(ctx context.Context, tx batcher, ss ...stmt) ([]pgconn.CommandTag, error) {
	var b pgx.Batch
	for _, s := range ss {
		if s.sql != "" {
			b.Queue(s.sql, s.args...)
		}
	}
	br := tx.SendBatch(ctx, &b)
	tags := make([]pgconn.CommandTag, 0, b.Len())
	for range b.Len() {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return tags, err
		}
		tags = append(tags, tag)
	}
	return tags, br.Close()
}

// auditTxn is the audit entry of an action on transaction t.
func auditTxn(action string, t *ledger.Txn, who, from, detail string) ledger.AuditEntry {
	if who == "" {
		who = "ovocashier"
	}
	return ledger.AuditEntry{Who: who, From: from, Action: action, Ref: t.PartnerReferenceNo, Amount: t.Amount,
		Detail: strings.TrimSpace(string(t.Kind) + " " + detail)}
}

// indexSearch is the statement adding the search terms of t (the same
// terms as every backend: ledger.SearchTerms); terms already there are
// kept.
func indexSearch(t *ledger.Txn) stmt {
	terms := ledger.SearchTerms(*t)
	if len(terms) == 0 {
		return stmt{}
	}
	kinds := make([]string, len(terms))
	words := make([][]byte, len(terms)) // bytes: a word start may cut a letter in two
	for i, s := range terms {
		kinds[i], words[i] = string(rune(s.Kind)), []byte(s.Term)
	}
	return stmt{`INSERT INTO txn_search (kind, term, created_ns, ref)
		SELECT k, w, $3, $4 FROM unnest($1::TEXT[], $2::BYTEA[]) AS x(k, w)
		ON CONFLICT DO NOTHING`, []any{kinds, words, ledger.NanosOf(t.CreatedAt), t.PartnerReferenceNo}}
}
