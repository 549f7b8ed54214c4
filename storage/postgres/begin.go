package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
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
//
// Begins of this handle that arrive while others are being committed are
// committed together, in one database transaction with one reservation of
// their sum (see beginGroup): the deposit row, which every Begin of the
// merchant locks until its commit's WAL flush, is taken once for them
// all. A lone Begin never waits for company. When a group cannot commit
// whole — its sum not covered, an X-EXTERNAL-ID already used, a shift
// closed — the database rolled all of it back, and each of its Begins is
// tried again on its own, with the outcome it would have had alone.
//
// The writes are one round trip after the reference numbers (a sequence,
// no lock) — one pipeline that PostgreSQL runs as one implicit
// transaction and commits at its end — with the deposit row taken by the
// pipeline's last statement: it is held for that statement and the
// commit's WAL flush only, never across a round trip to this process.
func (db *DB) Begin(n ledger.NewTxn) (ledger.Txn, error) {
	if err := n.Validate(); err != nil {
		return ledger.Txn{}, err
	}
	if db.closed.Load() {
		return ledger.Txn{}, ledger.ErrClosed
	}
	req := &beginReq{n: n, now: db.nowUTC(), done: make(chan beginResult, 1)}
	db.begins.submit(db, req)
	res := <-req.done
	if res.err != nil {
		return ledger.Txn{}, db.wrap(res.err)
	}
	db.kickSeal()
	return res.t, nil
}

// beginReq is one Begin waiting for its commit.
type beginReq struct {
	n    ledger.NewTxn
	now  time.Time
	done chan beginResult // gets one result
}

// beginResult is what a Begin's commit gave.
type beginResult struct {
	t   ledger.Txn
	err error
}

// maxBeginGroup bounds how many Begins one commit takes.
const maxBeginGroup = 64

// beginCommitters is how many groups of one handle may be under way at
// once: while one waits for the deposit row and its flush, the next
// takes its reference numbers and sends its writes, to take the row the
// moment the first lets it go.
const beginCommitters = 2

// beginGroup gathers a handle's Begins: a Begin that finds fewer than
// beginCommitters committers running starts one, which takes everything
// waiting, commits it, and goes on while more came meanwhile (group
// commit, without a wait for a group to form).
type beginGroup struct {
	mu      sync.Mutex
	waiting []*beginReq
	running int // committers
}

// submit queues req, starting a committer when fewer than
// beginCommitters run.
func (g *beginGroup) submit(db *DB, req *beginReq) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.waiting = append(g.waiting, req)
	if g.running < beginCommitters {
		g.running++
		go g.commit(db)
	}
}

// commit commits what waits, group after group, until nothing does.
func (g *beginGroup) commit(db *DB) {
	for {
		g.mu.Lock()
		group := g.waiting[:min(len(g.waiting), maxBeginGroup)]
		g.waiting = g.waiting[len(group):]
		if len(group) == 0 {
			g.running--
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		db.commitBegins(group)
	}
}

// commitBegins commits group's Begins together, or each on its own when
// the database refused the group (and so wrote none of it) or when it is
// one Begin, and answers each.
func (db *DB) commitBegins(group []*beginReq) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		for _, r := range group {
			r.done <- beginResult{err: err}
		}
		return
	}
	defer cancel()
	if len(group) > 1 {
		txns, err := db.beginTogether(ctx, group)
		var pe *pgconn.PgError
		if err == nil {
			for i, r := range group {
				r.done <- beginResult{t: txns[i]}
			}
			return
		}
		if !errors.As(err, &pe) {
			// Not a refusal by the database (the connection failed, the
			// time ran out): as for a lone Begin, nothing is known to be
			// written, and nothing is tried again.
			for _, r := range group {
				r.done <- beginResult{err: err}
			}
			return
		}
	}
	var wg sync.WaitGroup
	for _, r := range group {
		wg.Go(func() {
			var t ledger.Txn
			err := db.retryLoop(ctx, func() (err error) {
				t, err = db.beginPipelined(ctx, r.n, r.now)
				return err
			})
			r.done <- beginResult{t: t, err: err}
		})
	}
	wg.Wait()
}

// beginTogether writes group's Begins in one implicit transaction with
// one reservation of their sum; an error refused by the database
// (*pgconn.PgError) rolled all of it back.
func (db *DB) beginTogether(ctx context.Context, group []*beginReq) ([]ledger.Txn, error) {
	rows, err := db.pool.Query(ctx, `SELECT nextval('txn_ref_seq') FROM generate_series(1, $1)`, len(group))
	if err != nil {
		return nil, err
	}
	seqs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("postgres: reference sequence: %w", err)
	}
	txns := make([]ledger.Txn, len(group))
	var ss []stmt
	var sum int64
	for i, r := range group {
		t, s, err := db.beginStmts(ctx, r.n, r.now, seqs[i], true)
		if err != nil {
			return nil, err
		}
		txns[i], ss, sum = t, append(ss, s...), sum+r.n.Amount
	}
	if _, err := execAll(ctx, db.pool, append(ss, reserveAllStmt(sum))...); err != nil {
		return nil, err
	}
	return txns, nil
}

// reserveAllStmt is the reservation of amount as the last statement of a
// pipeline outside a transaction: when Available does not cover it, it
// sets Reserved to -1, which the table's CHECK (reserved >= 0) refuses,
// and the error makes PostgreSQL roll back the whole pipeline.
func reserveAllStmt(amount int64) stmt {
	return stmt{`UPDATE deposit d SET reserved = CASE WHEN ` + nowAvailable + ` >= $1 THEN d.reserved + $1 ELSE -1 END
		FROM ` + settledTotals + ` WHERE d.id = 1`, []any{amount}}
}

// beginPipelined is one attempt of Begin. A reservation refused while the
// deposit read just after covers the amount (another process released or
// settled in between) is tried again, a few times: a refusal never says
// "Rp2.000.000 needed, Rp2.000.000 available".
func (db *DB) beginPipelined(ctx context.Context, n ledger.NewTxn, now time.Time) (ledger.Txn, error) {
	for try := 0; ; try++ {
		t, err := db.beginPipelinedOnce(ctx, n, now)
		var ie *ledger.InsufficientDepositError
		if try < 3 && errors.As(err, &ie) && ie.Available >= n.Amount {
			continue
		}
		return t, err
	}
}

// afterRefusal, when set (tests), runs between a refused reservation and
// the reading of what is available.
var afterRefusal func()

// beginPipelinedOnce is beginPipelined without the tries again.
func (db *DB) beginPipelinedOnce(ctx context.Context, n ledger.NewTxn, now time.Time) (ledger.Txn, error) {
	var seq int64
	if err := db.pool.QueryRow(ctx, `SELECT nextval('txn_ref_seq')`).Scan(&seq); err != nil {
		return ledger.Txn{}, fmt.Errorf("postgres: reference sequence: %w", err)
	}
	t, ss, err := db.beginStmts(ctx, n, now, seq, true)
	if err != nil {
		return ledger.Txn{}, err
	}
	_, err = execAll(ctx, db.pool, append(ss, reserveAllStmt(n.Amount))...)
	var pe *pgconn.PgError
	switch {
	case err == nil:
		return t, nil
	case !errors.As(err, &pe):
	case pe.Code == "23514" && pe.ConstraintName == "deposit_reserved_check":
		if afterRefusal != nil {
			afterRefusal()
		}
		var available int64
		if err := db.pool.QueryRow(ctx, availableSQL).Scan(&available); err != nil {
			return ledger.Txn{}, err
		}
		return ledger.Txn{}, &ledger.InsufficientDepositError{Available: available, Amount: n.Amount}
	case pe.Code == "23502" && pe.ColumnName == "shift_id":
		// Not an open shift of this outlet (see beginStmts), and nothing
		// written: Begin in a transaction, whose stampShift says which way
		// (missing, closed, ambiguous) or finds it open at the one outlet
		// that holds it.
		var t ledger.Txn
		err := db.retry(ctx, func(tx pgx.Tx) (err error) {
			t, err = db.begin(ctx, tx, n, now)
			return err
		})
		return t, err
	}
	return ledger.Txn{}, beginError(t, n, err)
}

// begin is Begin inside tx, for DispatchApproval and BeginBatchRow, whose
// own rows change in the same commit. The rows are written and the
// deposit reserved in one round trip, the reservation last: the deposit
// row, which every Begin and Settle of the merchant locks, is held from
// there to the commit only.
func (db *DB) begin(ctx context.Context, tx pgx.Tx, n ledger.NewTxn, now time.Time) (ledger.Txn, error) {
	var seq int64
	if err := tx.QueryRow(ctx, `SELECT nextval('txn_ref_seq')`).Scan(&seq); err != nil {
		return ledger.Txn{}, fmt.Errorf("postgres: reference sequence: %w", err)
	}
	if err := db.stampShift(ctx, tx, n.ShiftID); err != nil {
		return ledger.Txn{}, err
	}
	t, ss, err := db.beginStmts(ctx, n, now, seq, false)
	if err != nil {
		return ledger.Txn{}, err
	}
	if _, err := execAll(ctx, tx, ss...); err != nil {
		return ledger.Txn{}, beginError(t, n, err)
	}
	// The caller rolls back on an error: nothing of this Begin is written.
	return t, reserveDeposit(ctx, tx, n.Amount)
}

// beginStmts are the writes of a Begin of n at now with reference number
// seq, but the reservation: the transaction, its search terms, this
// handle's lease on it (the call to OVO is this process's: other
// processes' reconcilers leave the transaction alone until its outcome is
// recorded, or this process dies: see lease.go) and the queued "send"
// audit record. With checkShift (the pipelined Begin, which runs no
// stampShift) the transaction's shift_id, when it has a shift, is read
// from this outlet's row of that shift only while the shift is open,
// locked FOR SHARE until the commit so that CloseShift waits for the
// transaction and lists it if it is still open; any other shift makes it
// NULL, which the column refuses.
func (db *DB) beginStmts(ctx context.Context, n ledger.NewTxn, now time.Time, seq int64, checkShift bool) (ledger.Txn, []stmt, error) {
	t := n.Pending(ledger.FormatRef(now.In(ledger.Jakarta).Format("20060102"), db.inst, uint64(seq)), now)
	h, err := historyJSON(t.History)
	if err != nil {
		return ledger.Txn{}, nil, err
	}
	shift := `$13`
	if checkShift {
		shift = `CASE WHEN $13 = '' THEN '' ELSE
			(SELECT id FROM shifts WHERE outlet_id = $10 AND id = $13 AND closed_ns = 0 FOR SHARE) END`
	}
	return t, []stmt{
		{`INSERT INTO txns (ref, kind, state, customer_number, customer_name, amount, fee, operator,
		outlet, outlet_id, external_id, session_id, shift_id, created_ns, updated_ns, history)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ` + shift + `, $14, $14, $15)`, []any{
			t.PartnerReferenceNo, string(t.Kind), string(t.State), t.CustomerNumber, t.CustomerName, t.Amount, t.Fee,
			t.Operator, t.Outlet, db.outlet, t.ExternalID, t.SessionID, t.ShiftID, ledger.NanosOf(now), h}},
		indexSearch(&t),
		leaseStmt(t.PartnerReferenceNo, db.holder, db.flight),
		db.queueAuditStmt(ctx, auditTxn("send", &t, n.Operator, n.Origin, ""), now),
	}, nil
}

// beginError is the error of a Begin of n (as t) whose writes failed: an
// X-EXTERNAL-ID already used is an *ledger.ValidationError.
func beginError(t ledger.Txn, n ledger.NewTxn, err error) error {
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "txns_external_id" {
		// Nothing is written and nothing may be sent: another process
		// used this X-EXTERNAL-ID (the cashier makes a new one per try).
		return &ledger.ValidationError{Field: "ExternalID", Problem: fmt.Sprintf("%q is already used by another transaction", n.ExternalID)}
	}
	return fmt.Errorf("postgres: write transaction %s: %w", t.PartnerReferenceNo, err)
}
