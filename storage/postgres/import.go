package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Moving an outlet's embedded ledger into the shared database (`ovocashier
// migrate`): Import writes everything of one outlet in one database
// transaction, so a failure (or a process killed halfway) leaves nothing
// of it, and the outlet can be imported again.

// OutletLedger is the whole ledger of one outlet, as read from its bbolt
// file: the input of Import.
type OutletLedger struct {
	Source    string         // where it came from (the file), for the audit record
	Deposit   ledger.Deposit // the outlet's mirror (used when the database has never read OVO's deposit)
	Txns      []ledger.Txn   // every transaction, with its states and history
	Shifts    []ledger.Shift
	CashMoves []ledger.CashMove
	Recon     map[string]ledger.ReconMark // by reference
	Approvals []ledger.Approval
	Batches   []ledger.Batch
	Rows      map[string][]ledger.BatchRow // by batch id
	// Audit is the verified audit trail, oldest first, each record's Hash
	// filled (AuditRange after VerifyAudit).
	Audit []ledger.AuditRecord
}

// ImportCounts is what an outlet holds in the database: the verification
// of an import compares them with the source's.
type ImportCounts struct {
	Txns        int            `json:"transactions"`
	ByState     map[string]int `json:"byState"`
	Amount      int64          `json:"amount"`        // every transaction
	Success     int64          `json:"successAmount"` // the successful ones
	Fees        int64          `json:"fees"`
	Receipts    int            `json:"receipts"`
	Shifts      int            `json:"shifts"`
	CashMoves   int            `json:"cashMoves"`
	ReconMarks  int            `json:"reconMarks"`
	Approvals   int            `json:"approvals"`
	Batches     int            `json:"batches"`
	BatchRows   int            `json:"batchRows"`
	AuditCopied int            `json:"auditRecords"`
}

// CountsOf is the ImportCounts of a source ledger.
func CountsOf(src OutletLedger) ImportCounts {
	c := ImportCounts{ByState: map[string]int{}, Txns: len(src.Txns), Shifts: len(src.Shifts), CashMoves: len(src.CashMoves),
		ReconMarks: len(src.Recon), Approvals: len(src.Approvals), Batches: len(src.Batches), AuditCopied: len(src.Audit)}
	for _, t := range src.Txns {
		c.ByState[string(t.State)]++
		c.Amount += t.Amount
		c.Fees += t.Fee
		if t.State == ledger.StateSuccess {
			c.Success += t.Amount
		}
		if t.ReceiptNo != "" {
			c.Receipts++
		}
	}
	for _, rs := range src.Rows {
		c.BatchRows += len(rs)
	}
	return c
}

// ErrOutletExists: the database already holds transactions, shifts,
// approvals or batches of the outlet being imported.
var ErrOutletExists = errors.New("postgres: the database already holds this outlet")

// ErrImportConflict: a reference or external id of the source (unique
// across the chain) is already in the database, another outlet's; nothing
// was imported.
var ErrImportConflict = errors.New("postgres: the ledger's numbers are already in the database")

// Import writes src into the database as outlet, in one transaction, and
// returns what the database then holds of the outlet (compare with
// CountsOf(src)). It refuses with ErrOutletExists when the database holds
// anything of outlet already, and with an *ImportConflictError
// (ErrImportConflict) when one of the source's references or external ids
// (unique across the chain) is taken. References, receipt numbers and ids
// are kept as they are (slips already printed stay findable): receipt,
// shift, cash move, approval and batch numbers are unique per outlet, so
// outlet after outlet of a chain can be imported, each numbered from 1 in
// its own ledger; the database's sequences move past every imported
// number, so the numbers handed out later are unique across the chain.
// The open transactions, held approvals and batches' reservations are
// added to the merchant's deposit mirror; the balance is taken from the
// source only when the database has never recorded a reading. The audit
// trail is copied record for record (same hashes) into a database whose
// trail is empty; into one that has a trail already, each record is
// appended anew after a "migrate" record naming the source trail's last
// hash and length. A final "migrate" record says what was imported.
func (db *DB) Import(ctx context.Context, outlet string, src OutletLedger) (ImportCounts, error) {
	if db.closed.Load() {
		return ImportCounts{}, ledger.ErrClosed
	}
	var headSeq int64 // the audit trail's last record before the import
	err := db.retry(ctx, func(tx pgx.Tx) error {
		// The head first, sealing what is queued (sealTail): migrations of
		// two outlets at once take turns, no append interleaves with a
		// copied trail, and the head read is the trail's true end.
		seq, _, err := sealTail(ctx, tx)
		if err != nil {
			return err
		}
		headSeq = int64(seq)
		if err := refuseExisting(ctx, tx, outlet, src); err != nil {
			return err
		}
		if err := importTxns(ctx, tx, outlet, src); err != nil {
			return err
		}
		if err := importRest(ctx, tx, outlet, src); err != nil {
			return err
		}
		if err := importDeposit(ctx, tx, src); err != nil {
			return err
		}
		if err := db.moveSequences(ctx, tx, src); err != nil {
			return err
		}
		return db.importAudit(ctx, tx, outlet, src, headSeq)
	})
	if err != nil {
		return ImportCounts{}, db.wrap(err)
	}
	return db.outletCounts(ctx, outlet, headSeq)
}

// refuseExisting refuses an outlet already in the database, and numbers
// already taken.
func refuseExisting(ctx context.Context, tx pgx.Tx, outlet string, src OutletLedger) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM txns WHERE outlet_id = $1)
		OR EXISTS (SELECT 1 FROM shifts WHERE outlet_id = $1) OR EXISTS (SELECT 1 FROM approvals WHERE outlet_id = $1)
		OR EXISTS (SELECT 1 FROM batches WHERE outlet_id = $1)`, outlet).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return fmt.Errorf("%w: outlet %q", ErrOutletExists, outlet)
	}
	// References and external ids are unique across the chain: a reference
	// carries its ledger's random 12-digit installation id, so two outlets'
	// ledgers never share one unless a ledger file was copied from
	// another outlet's. Receipt, shift, cash move, approval and batch
	// numbers are unique per outlet (migration 0022): the outlet is new here.
	var refs, exts []string
	for _, t := range src.Txns {
		refs = append(refs, t.PartnerReferenceNo)
		if t.ExternalID != "" {
			exts = append(exts, t.ExternalID)
		}
	}
	for _, c := range []struct {
		what, sql string
		ids       []string
	}{
		{"reference", `SELECT ref FROM txns WHERE ref = ANY($1) LIMIT 1`, refs},
		{"external id", `SELECT external_id FROM txns WHERE external_id = ANY($1) LIMIT 1`, exts},
	} {
		if len(c.ids) == 0 {
			continue
		}
		var taken string
		err := tx.QueryRow(ctx, c.sql, c.ids).Scan(&taken)
		if err == nil {
			return &ImportConflictError{What: c.what, ID: taken}
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
	}
	return nil
}

// importTxns copies the transactions and their search terms (COPY).
func importTxns(ctx context.Context, tx pgx.Tx, outlet string, src OutletLedger) error {
	rows := make([][]any, 0, len(src.Txns))
	var terms [][]any
	for i := range src.Txns {
		t := &src.Txns[i]
		h, err := historyJSON(t.History)
		if err != nil {
			return err
		}
		var receipt *string
		if t.ReceiptNo != "" {
			receipt = &t.ReceiptNo
		}
		rows = append(rows, []any{t.PartnerReferenceNo, string(t.Kind), string(t.State), t.CustomerNumber, t.CustomerName,
			t.Amount, t.Fee, t.Operator, t.Outlet, outlet, t.ExternalID, t.SessionID, t.ShiftID, t.ReferenceNo, t.ResponseCode,
			t.ResponseMessage, t.LastStatus, int32(t.StatusChecks), receipt, int32(t.Printed), ledger.NanosOf(t.CreatedAt), ledger.NanosOf(t.UpdatedAt), h,
			!t.State.Final()}) // an open one may be in the deposit's last reading: never overstate
		seen := map[ledger.SearchTerm]bool{}
		for _, s := range ledger.SearchTerms(*t) {
			if !seen[s] {
				seen[s] = true
				terms = append(terms, []any{string(rune(s.Kind)), []byte(s.Term), ledger.NanosOf(t.CreatedAt), t.PartnerReferenceNo})
			}
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"txns"}, []string{"ref", "kind", "state", "customer_number", "customer_name",
		"amount", "fee", "operator", "outlet", "outlet_id", "external_id", "session_id", "shift_id", "reference_no", "response_code",
		"response_message", "last_status", "status_checks", "receipt_no", "printed", "created_ns", "updated_ns", "history", "in_reading"},
		pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("postgres: import transactions: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"txn_search"}, []string{"kind", "term", "created_ns", "ref"}, pgx.CopyFromRows(terms)); err != nil {
		return fmt.Errorf("postgres: import search terms: %w", err)
	}
	return nil
}

// importRest copies shifts, cash moves, recon marks, approvals and batches
// with their rows, as the bbolt ledger's JSON.
func importRest(ctx context.Context, tx pgx.Tx, outlet string, src OutletLedger) error {
	b := &pgx.Batch{}
	queue := func(sql string, doc any, args ...any) error {
		j, err := jsonDoc(doc)
		if err != nil {
			return err
		}
		b.Queue(sql, append(args, j)...)
		return nil
	}
	var seq int64
	for _, s := range src.Shifts {
		if err := queue(`INSERT INTO shifts (id, outlet_id, operator, terminal, opened_ns, closed_ns, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			s, s.ID, outlet, s.Operator, s.Terminal, ledger.NanosOf(s.OpenedAt), ledger.NanosOf(s.ClosedAt)); err != nil {
			return err
		}
	}
	for _, m := range src.CashMoves {
		seq++
		if err := queue(`INSERT INTO cash_moves (id, outlet_id, shift_id, seq, doc) VALUES ($1, $2, $3, $4, $5)`, m, m.ID, outlet, m.ShiftID, seq); err != nil {
			return err
		}
	}
	for ref, m := range src.Recon {
		if err := queue(`INSERT INTO recon_marks (ref, doc) VALUES ($1, $2)`, m, ref); err != nil {
			return err
		}
	}
	for _, a := range src.Approvals {
		if err := queue(`INSERT INTO approvals (id, outlet_id, state, amount, doc) VALUES ($1, $2, $3, $4, $5)`,
			a, a.ID, outlet, string(a.State), a.Amount); err != nil {
			return err
		}
	}
	for _, bt := range src.Batches {
		// The first batch of a content in the database stays the first: one
		// loaded elsewhere before is a duplicate here too.
		if err := queue(`INSERT INTO batches (id, outlet_id, hash, first, reserved, doc)
			VALUES ($1, $2, $3, $4 AND NOT EXISTS (SELECT 1 FROM batches WHERE hash = $3 AND first), $5, $6)`,
			bt, bt.ID, outlet, bt.Hash, bt.DuplicateOf == "", bt.Reserved); err != nil {
			return err
		}
		for _, r := range src.Rows[bt.ID] {
			if err := queue(`INSERT INTO batch_rows (outlet_id, batch_id, line, doc) VALUES ($1, $2, $3, $4)`, r, outlet, bt.ID, r.Line); err != nil {
				return err
			}
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("postgres: import: %w", err)
	}
	return nil
}

// importDeposit adds what the outlet reserves to the merchant's mirror, and
// takes the outlet's balance when the database has never read OVO's.
func importDeposit(ctx context.Context, tx pgx.Tx, src OutletLedger) error {
	var reserved int64
	for _, t := range src.Txns {
		if !t.State.Final() {
			reserved += t.Amount
		}
	}
	for _, a := range src.Approvals {
		if a.State.Held() {
			reserved += a.Amount
		}
	}
	for _, b := range src.Batches {
		reserved += b.Reserved
	}
	d := src.Deposit
	_, err := tx.Exec(ctx, `UPDATE deposit SET reserved = reserved + $1,
		balance = CASE WHEN refreshed_ns = 0 THEN $2 ELSE balance END,
		uncertain = CASE WHEN refreshed_ns = 0 THEN $3 ELSE uncertain END,
		refreshed_ns = CASE WHEN refreshed_ns = 0 THEN $4 ELSE refreshed_ns END
		WHERE id = 1`, reserved, max(d.Balance, 0), max(d.Uncertain, 0), ledger.NanosOf(d.RefreshedAt))
	return err
}

// moveSequences sets each sequence past the largest number imported, so
// that numbers handed out later never repeat one of any outlet: the
// receipt, shift, cash move, approval and batch sequences, and the
// reference sequence past every imported reference that carries this
// database's installation id (a ledger whose random id happens to be the
// database's).
func (db *DB) moveSequences(ctx context.Context, tx pgx.Tx, src OutletLedger) error {
	top := map[string]int64{}
	see := func(seq, id, prefix string) {
		if n, err := strconv.ParseInt(strings.TrimPrefix(id, prefix), 10, 64); err == nil && strings.HasPrefix(id, prefix) && n > top[seq] {
			top[seq] = n
		}
	}
	for _, t := range src.Txns {
		see("receipt_seq", t.ReceiptNo, ledger.ReceiptPrefix)
		if r := t.PartnerReferenceNo; len(r) == 8+len(db.inst)+ledger.RefSeqDigits && r[8:8+len(db.inst)] == db.inst {
			see("txn_ref_seq", r[8+len(db.inst):], "")
		}
	}
	for _, s := range src.Shifts {
		see("shift_seq", s.ID, "S")
	}
	for _, m := range src.CashMoves {
		see("cash_move_seq", m.ID, "C")
	}
	for _, a := range src.Approvals {
		see("approval_seq", a.ID, "A")
	}
	for _, b := range src.Batches {
		see("batch_seq", b.ID, "B")
	}
	for seq, n := range top {
		// A sequence is not transactional: another process may take a number
		// meanwhile, so only ever move it forward.
		if _, err := tx.Exec(ctx, `SELECT setval('`+seq+`', GREATEST($1::BIGINT, (SELECT last_value FROM `+seq+`)))`, n); err != nil {
			return fmt.Errorf("postgres: sequence %s: %w", seq, err)
		}
	}
	return nil
}

// importAudit copies the source's trail (verbatim into an empty trail,
// appended anew otherwise) and appends the "migrate" record; the head row
// is locked already.
func (db *DB) importAudit(ctx context.Context, tx pgx.Tx, outlet string, src OutletLedger, headSeq int64) error {
	now := db.nowUTC()
	srcHead, n := "", len(src.Audit)
	if n > 0 {
		srcHead = src.Audit[n-1].Hash
	}
	if headSeq == 0 {
		prev := ""
		for i, r := range src.Audit {
			body, hash, err := ledger.SealAudit(r)
			if err != nil {
				return err
			}
			if hash != r.Hash || r.Seq != uint64(i+1) || r.Prev != prev {
				return fmt.Errorf("postgres: audit record %d of %s does not reseal to its hash: not copied", r.Seq, src.Source)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO audit (seq, at_ns, outlet_id, hash, body) VALUES ($1, $2, $3, $4, $5)`,
				int64(r.Seq), ledger.NanosOf(r.At), outlet, hash, body); err != nil {
				return err
			}
			prev = hash
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, int64(n), prev); err != nil {
			return err
		}
	} else {
		if _, err := appendAuditAt(ctx, tx, outlet, ledger.AuditEntry{Who: "ovocashier", From: "migrate", Action: "migrate", Ref: outlet,
			Detail: fmt.Sprintf("the audit trail of %s follows: %d records, the last with hash %s", src.Source, n, srcHead)}, now); err != nil {
			return err
		}
		for _, r := range src.Audit {
			if _, err := appendAuditAt(ctx, tx, outlet, ledger.AuditEntry{Who: r.Who, Role: r.Role, From: r.From, Action: r.Action, Ref: r.Ref,
				Amount: r.Amount, Detail: r.Detail}, r.At); err != nil {
				return err
			}
		}
	}
	_, err := appendAuditAt(ctx, tx, outlet, ledger.AuditEntry{Who: "ovocashier", From: "migrate", Action: "migrate", Ref: outlet,
		Detail: fmt.Sprintf("imported %s: %d transactions, %d shifts, %d approvals, %d batches, %d audit records (last hash %s)",
			src.Source, len(src.Txns), len(src.Shifts), len(src.Approvals), len(src.Batches), n, srcHead)}, now)
	return err
}

// jsonDoc is v as the JSON text of a doc column.
func jsonDoc(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// OutletCounts is what the database holds of outlet, counted by the
// database (the verification after Import).
func (db *DB) OutletCounts(ctx context.Context, outlet string) (ImportCounts, error) {
	return db.outletCounts(ctx, outlet, 0)
}

// outletCounts is OutletCounts with the audit records after record
// afterSeq only: those an import wrote, not what processes serving the
// outlet's name appended before it was imported (a reprint, a settings
// record).
func (db *DB) outletCounts(ctx context.Context, outlet string, afterSeq int64) (ImportCounts, error) {
	c := ImportCounts{ByState: map[string]int{}}
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT state, count(*), COALESCE(sum(amount), 0), COALESCE(sum(fee), 0), count(receipt_no)
			FROM txns WHERE outlet_id = $1 GROUP BY state`, outlet)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var state string
			var n, receipts int
			var amount, fees int64
			if err := rows.Scan(&state, &n, &amount, &fees, &receipts); err != nil {
				return err
			}
			c.ByState[state] = n
			c.Txns += n
			c.Amount += amount
			c.Fees += fees
			c.Receipts += receipts
			if state == string(ledger.StateSuccess) {
				c.Success = amount
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM shifts WHERE outlet_id = $1),
			(SELECT count(*) FROM cash_moves WHERE outlet_id = $1),
			(SELECT count(*) FROM recon_marks r JOIN txns t ON t.ref = r.ref WHERE t.outlet_id = $1),
			(SELECT count(*) FROM approvals WHERE outlet_id = $1),
			(SELECT count(*) FROM batches WHERE outlet_id = $1),
			(SELECT count(*) FROM batch_rows WHERE outlet_id = $1)`, outlet).Scan(
			&c.Shifts, &c.CashMoves, &c.ReconMarks, &c.Approvals, &c.Batches, &c.BatchRows); err != nil {
			return err
		}
		// The audit records, but for migrate's own: read, since a record's
		// body may be in the binary form (ledger.SealAudit).
		bodies, err := tx.Query(ctx, `SELECT body FROM audit WHERE outlet_id = $1 AND seq > $2`, outlet, afterSeq)
		if err != nil {
			return err
		}
		defer bodies.Close()
		for bodies.Next() {
			var body []byte
			if err := bodies.Scan(&body); err != nil {
				return err
			}
			r, err := ledger.ParseAudit(body)
			if err != nil {
				return err
			}
			if r.From != "migrate" || r.Action != "migrate" {
				c.AuditCopied++
			}
		}
		return bodies.Err()
	})
	if err != nil {
		return ImportCounts{}, db.wrap(err)
	}
	return c, nil
}

// ImportConflictError is an ErrImportConflict naming the number taken: What
// is "reference", "receipt number", "external id", "shift", "cash move",
// "approval" or "batch", ID the number another outlet already holds.
type ImportConflictError struct{ What, ID string }

// Error says which number is another outlet's (English, for logs; the
// command words it from the catalog).
func (e *ImportConflictError) Error() string {
	return fmt.Sprintf("%v: %s %s is another outlet's", ErrImportConflict, e.What, e.ID)
}

// Unwrap makes errors.Is(err, ErrImportConflict) hold.
func (e *ImportConflictError) Unwrap() error { return ErrImportConflict }
