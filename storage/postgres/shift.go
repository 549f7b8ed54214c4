package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Shifts, the drawer's pay-ins and pay-outs and the day reconciliation's
// marks (tables of migration 0010). They keep the bbolt ledger's semantics
// (storage/shift.go) with the database arbitrating between processes:
//
//   - one open shift per operator per terminal of an outlet is the unique
//     index shifts_open, so two processes opening at once get one shift and
//     one ShiftOpenError;
//   - a shift row is locked (FOR UPDATE) by whatever changes it or adds to
//     it, and Begin stamps a transaction with a shift only while holding
//     the row FOR SHARE (stampShift): a transaction is never stamped with a
//     shift closed meanwhile.
//
// Lists (ShiftsOpened) keep the handle's outlet when it has one.

// OpenShift opens a shift for n.Operator on n.Terminal, in one commit with
// its "shift-open" audit record. An operator has at most one open shift per
// terminal (of this outlet): a second gets a *ledger.ShiftOpenError naming
// the open one.
func (db *DB) OpenShift(n ledger.NewShift) (ledger.Shift, error) {
	switch {
	case strings.TrimSpace(n.Operator) == "" || strings.ContainsRune(n.Operator, 0):
		return ledger.Shift{}, &ledger.ValidationError{Field: "Operator", Problem: "empty or contains a NUL byte"}
	case strings.ContainsRune(n.Terminal, 0):
		return ledger.Shift{}, &ledger.ValidationError{Field: "Terminal", Problem: "contains a NUL byte"}
	case n.Float < 0:
		return ledger.Shift{}, &ledger.ValidationError{Field: "Float", Problem: "negative"}
	}
	var out ledger.Shift
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		if id, err := db.openShiftID(ctx, tx, n.Operator, n.Terminal); err != nil {
			return err
		} else if id != "" {
			return &ledger.ShiftOpenError{ID: id}
		}
		var seq int64
		if err := tx.QueryRow(ctx, `SELECT nextval('shift_seq')`).Scan(&seq); err != nil {
			return err
		}
		now := db.nowUTC()
		out = ledger.Shift{ID: ledger.ShiftID(uint64(seq)), Operator: n.Operator, Terminal: n.Terminal, Outlet: n.Outlet,
			OpenedAt: now, Float: n.Float, DepositOpen: cleanReading(n.DepositOpen)}
		doc, err := json.Marshal(out)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO shifts (id, outlet_id, operator, terminal, opened_ns, closed_ns, doc)
			VALUES ($1, $2, $3, $4, $5, 0, $6)
			ON CONFLICT (outlet_id, operator, terminal) WHERE closed_ns = 0 DO NOTHING`,
			out.ID, db.outlet, n.Operator, n.Terminal, ledger.NanosOf(now), string(doc))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 { // another process opened one since the check
			id, err := db.openShiftID(ctx, tx, n.Operator, n.Terminal)
			if err != nil {
				return err
			}
			return &ledger.ShiftOpenError{ID: id}
		}
		_, err = db.appendAudit(ctx, tx, ledger.AuditEntry{Who: n.Operator, From: "terminal " + n.Terminal, Action: "shift-open", Ref: out.ID, Amount: n.Float}, now)
		return err
	})
	if err != nil {
		var so *ledger.ShiftOpenError
		if errors.As(err, &so) {
			return ledger.Shift{}, so
		}
		return ledger.Shift{}, err
	}
	return out, nil
}

// openShiftID is the id of the open shift of operator on terminal in this
// handle's outlet, "" when there is none.
func (db *DB) openShiftID(ctx context.Context, q querier, operator, terminal string) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT id FROM shifts WHERE outlet_id = $1 AND operator = $2 AND terminal = $3 AND closed_ns = 0`,
		db.outlet, operator, terminal).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// CurrentShift is the open shift of operator on terminal (in this handle's
// outlet), or an error matching ledger.ErrNoShift.
func (db *DB) CurrentShift(operator, terminal string) (ledger.Shift, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Shift{}, err
	}
	defer cancel()
	var doc string
	err = db.pool.QueryRow(ctx, `SELECT doc FROM shifts WHERE outlet_id = $1 AND operator = $2 AND terminal = $3 AND closed_ns = 0`,
		db.outlet, operator, terminal).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return ledger.Shift{}, fmt.Errorf("%w for %s on terminal %q", ledger.ErrNoShift, operator, terminal)
	}
	if err != nil {
		return ledger.Shift{}, db.wrap(err)
	}
	return decodeDoc[ledger.Shift](doc, "shift")
}

// Shift returns the shift with this id, or an error matching ledger.ErrNoShift.
func (db *DB) Shift(id string) (ledger.Shift, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Shift{}, err
	}
	defer cancel()
	s, _, err := db.getShift(ctx, db.pool, id, "")
	return s, db.wrap(err)
}

// querier is what both the pool and a transaction answer.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// getShift reads shift id (of this handle's outlet, else of the one outlet
// holding it: see ownerOf), locking its row with lock ("FOR UPDATE", "FOR
// SHARE" or "" for none), and names the row.
func (db *DB) getShift(ctx context.Context, q querier, id, lock string) (ledger.Shift, owned, error) {
	return getOwned[ledger.Shift](ctx, q, "shifts", "shift", id, db.outlet, lock, fmt.Errorf("%w: shift %s", ledger.ErrNoShift, id))
}

// stampShift is Begin's check of the shift a transaction is stamped with,
// inside Begin's transaction: the shift must exist and be open, and its row
// stays locked FOR SHARE until Begin commits, so that CloseShift (FOR
// UPDATE) waits for the transaction and lists it if it is still open. A
// transaction without a shift ("") passes.
func (db *DB) stampShift(ctx context.Context, tx pgx.Tx, shiftID string) error {
	if shiftID == "" {
		return nil
	}
	// This outlet's shift (the usual case) in one round trip.
	s, err := getDoc[ledger.Shift](ctx, tx, ledger.ErrNoShift, "shift "+shiftID,
		`SELECT doc FROM shifts WHERE outlet_id = $1 AND id = $2 FOR SHARE`, db.outlet, shiftID)
	if errors.Is(err, ledger.ErrNoShift) {
		s, _, err = db.getShift(ctx, tx, shiftID, "FOR SHARE")
	}
	if err != nil {
		return err
	}
	if s.Closed() {
		return fmt.Errorf("%w: %s", ledger.ErrShiftClosed, s.ID)
	}
	return nil
}

func cleanReading(r ledger.Reading) ledger.Reading { r.At = r.At.UTC(); return r }

// CloseShift closes an open shift in one commit with its "shift-close"
// audit record: it records the count, the note, OVO's closing reading and
// the transactions still open, and frees the operator's terminal for a new
// shift. A closed shift is never changed again (ledger.ErrShiftClosed).
func (db *DB) CloseShift(id string, c ledger.ShiftClose) (ledger.Shift, error) {
	if c.Counted < 0 {
		return ledger.Shift{}, &ledger.ValidationError{Field: "Counted", Problem: "negative"}
	}
	var out ledger.Shift
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		s, k, err := db.getShift(ctx, tx, id, "FOR UPDATE")
		if err != nil {
			return err
		}
		if s.Closed() {
			return fmt.Errorf("%w: %s", ledger.ErrShiftClosed, id)
		}
		s.ClosedAt, s.Counted, s.Note = db.nowUTC(), c.Counted, c.Note
		s.DepositClose, s.OpenAtClose = cleanReading(c.DepositClose), c.OpenAtClose
		doc, err := json.Marshal(s)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE shifts SET closed_ns = $2, doc = $3 WHERE id = $1 AND outlet_id = $4`, id, ledger.NanosOf(s.ClosedAt), string(doc), k.outlet); err != nil {
			return err
		}
		if _, err := db.appendAudit(ctx, tx, ledger.AuditEntry{Who: s.Operator, From: "terminal " + s.Terminal, Action: "shift-close",
			Ref: s.ID, Amount: c.Counted, Detail: c.Note}, s.ClosedAt); err != nil {
			return err
		}
		out = s
		return nil
	})
	if err != nil {
		return ledger.Shift{}, err
	}
	return out, nil
}

// AddCashMove records a pay-in or pay-out on an open shift, in one commit
// with its audit record. The amount must be positive and the reason given.
func (db *DB) AddCashMove(m ledger.CashMove) (ledger.CashMove, error) {
	switch {
	case m.Amount <= 0:
		return ledger.CashMove{}, &ledger.ValidationError{Field: "Amount", Problem: "not positive"}
	case strings.TrimSpace(m.Reason) == "":
		return ledger.CashMove{}, &ledger.ValidationError{Field: "Reason", Problem: "empty"}
	}
	var out ledger.CashMove
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		s, k, err := db.getShift(ctx, tx, m.ShiftID, "FOR SHARE")
		if err != nil {
			return err
		}
		if s.Closed() {
			return fmt.Errorf("%w: %s", ledger.ErrShiftClosed, s.ID)
		}
		var seq int64
		if err := tx.QueryRow(ctx, `SELECT nextval('cash_move_seq')`).Scan(&seq); err != nil {
			return err
		}
		out = m
		out.ID, out.At = ledger.CashMoveID(uint64(seq)), db.nowUTC()
		doc, err := json.Marshal(out)
		if err != nil {
			return err
		}
		action := "pay-out"
		if m.In {
			action = "pay-in"
		}
		if _, err := db.appendAudit(ctx, tx, ledger.AuditEntry{Who: m.Operator, From: "terminal " + s.Terminal, Action: action,
			Ref: out.ID, Amount: m.Amount, Detail: m.Reason}, out.At); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO cash_moves (id, outlet_id, shift_id, seq, doc) VALUES ($1, $2, $3, $4, $5)`,
			out.ID, k.outlet, m.ShiftID, seq, string(doc))
		return err
	})
	if err != nil {
		return ledger.CashMove{}, err
	}
	return out, nil
}

// CashMoves returns the pay-ins and pay-outs of a shift, oldest first.
func (db *DB) CashMoves(shiftID string) ([]ledger.CashMove, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return nil, err
	}
	defer cancel()
	outlet, err := ownerOf(ctx, db.pool, "shifts", "id", "shift", shiftID, db.outlet, ledger.ErrNoShift)
	switch {
	case errors.Is(err, ledger.ErrNoShift): // no outlet's, or several others' but not this one's: none
		outlet = db.outlet
	case err != nil:
		return nil, db.wrap(err)
	}
	rows, err := db.pool.Query(ctx, `SELECT doc FROM cash_moves WHERE outlet_id = $2 AND shift_id = $1 ORDER BY seq`, shiftID, outlet)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := collectDocs[ledger.CashMove](rows, "cash move")
	return out, db.wrap(err)
}

// ShiftsOpened returns the shifts opened in [from, to), oldest first (of
// this handle's outlet when it has one).
func (db *DB) ShiftsOpened(from, to time.Time) ([]ledger.Shift, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return nil, err
	}
	defer cancel()
	rows, err := db.pool.Query(ctx, `SELECT doc FROM shifts WHERE opened_ns >= $1 AND opened_ns < $2 AND ($3 = '' OR outlet_id = $3)
		ORDER BY opened_ns, id`, rangeNanos(from), rangeNanos(to), db.outlet)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := collectDocs[ledger.Shift](rows, "shift")
	return out, db.wrap(err)
}

// ReconMark returns the mark a day reconciliation left on ref; ok is false
// when there is none.
func (db *DB) ReconMark(ref string) (m ledger.ReconMark, ok bool, err error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return m, false, err
	}
	defer cancel()
	var doc string
	err = db.pool.QueryRow(ctx, `SELECT doc FROM recon_marks WHERE ref = $1`, ref).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, db.wrap(err)
	}
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		return m, false, fmt.Errorf("postgres: decode recon mark %s: %w", ref, err)
	}
	return m, true, nil
}

// PutReconMark records what a status answer said of ref, in one commit. It
// changes nothing of the transaction itself; an unknown ref is
// ledger.ErrNotFound.
func (db *DB) PutReconMark(ref string, m ledger.ReconMark) error {
	m.At = m.At.UTC()
	doc, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return db.write(func(ctx context.Context, tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO recon_marks (ref, doc) SELECT ref, $2 FROM txns WHERE ref = $1
			ON CONFLICT (ref) DO UPDATE SET doc = EXCLUDED.doc`, ref, string(doc))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: %s", ledger.ErrNotFound, ref)
		}
		return nil
	})
}

// getDoc runs a query that selects one JSON doc and decodes it into a T;
// notFound when there is no row. what names it in a decoding error.
func getDoc[T any](ctx context.Context, q querier, notFound error, what, sql string, args ...any) (T, error) {
	var doc string
	err := q.QueryRow(ctx, sql, args...).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		var zero T
		return zero, notFound
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return decodeDoc[T](doc, what)
}

// decodeDoc decodes one JSON doc into a T; what names it in the error.
func decodeDoc[T any](doc, what string) (T, error) {
	var v T
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return v, fmt.Errorf("postgres: decode %s: %w", what, err)
	}
	return v, nil
}

// collectDocs decodes every row's one JSON column into a T, in order.
func collectDocs[T any](rows pgx.Rows, what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		v, err := decodeDoc[T](doc, what)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// rangeNanos is a range bound as stored: Unix nanoseconds, the zero time
// (and anything before 1970) as 0, clamped at the largest.
func rangeNanos(t time.Time) int64 {
	switch {
	case t.IsZero() || t.Before(time.Unix(0, 0)):
		return 0
	case t.After(time.Unix(0, 1<<63-1)):
		return 1<<63 - 1
	}
	return t.UnixNano()
}

// ShiftTxns calls fn with every transaction stamped with the shift, oldest
// first, through the index txns_shift: the cost is the shift's, not the
// ledger's. fn runs outside any database transaction, on pages read in
// turn, so it may call the ledger; an error from it stops the walk and is
// returned.
//
// A shift number several outlets hold (migrated ones) keeps to the outlet
// the number names for this handle (see ownerOf); a number only one outlet
// holds keeps every transaction stamped with it, as ever.
func (db *DB) ShiftTxns(shiftID string, fn func(ledger.Txn) error) error {
	var outlet string
	var shared bool
	err := db.withCtx(func(ctx context.Context) error {
		err := db.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM shifts WHERE id = $1) > 1`, shiftID).Scan(&shared)
		if err != nil || !shared {
			return err
		}
		outlet, err = ownerOf(ctx, db.pool, "shifts", "id", "shift", shiftID, db.outlet, ledger.ErrNoShift)
		if isAmbiguous(err) {
			outlet, err = db.outlet, nil // none of them this outlet's: this outlet's transactions, none
		}
		return err
	})
	if err != nil {
		return err
	}
	if shared {
		return db.eachTxn(-1, `t.shift_id = $3 AND t.outlet_id = $4`, []any{shiftID, outlet}, fn)
	}
	return db.eachTxn(-1, `t.shift_id = $3`, []any{shiftID}, fn)
}
