package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// Shifts, the cash drawer's pay-ins and pay-outs, and the indexes that let
// reports read one shift or one day with a cursor (issue 13).
//
// Buckets (created by the migration "shifts"):
//
//	shifts          shiftID → Shift as JSON
//	shift_open      operator ‖ 0x00 ‖ terminal → shiftID, for every open shift
//	idx_shift_time  stamp(OpenedAt) ‖ shiftID → nil
//	idx_shift       shiftID ‖ 0x00 ‖ timeKey → nil, for every transaction stamped with a shift
//	cash_moves      shiftID ‖ 0x00 ‖ 8-byte sequence → CashMove as JSON
//	recon           partnerReferenceNo → ReconMark as JSON
//
// The day index is idx_time itself: a day is the key range of its first and
// last nanosecond in Asia/Jakarta.
var (
	bucketShifts    = []byte("shifts")
	bucketShiftOpen = []byte("shift_open")
	bucketShiftTime = []byte("idx_shift_time")
	bucketShiftTxns = []byte("idx_shift")
	bucketCashMoves = []byte("cash_moves")
	bucketRecon     = []byte("recon")

	shiftBuckets = [][]byte{bucketShifts, bucketShiftOpen, bucketShiftTime, bucketShiftTxns, bucketCashMoves, bucketRecon}

	keySeqShift = []byte("seq_shift")
	keySeqCash  = []byte("seq_cash")
)

// migrateShifts creates the buckets of shifts; transactions written before
// shifts existed have no shift and stay out of idx_shift.
func migrateShifts(tx *bolt.Tx, _ migrateEnv) error {
	for _, name := range shiftBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

func openKey(operator, terminal string) []byte {
	return []byte(operator + "\x00" + terminal)
}

func shiftPrefix(id string) []byte { return []byte(id + "\x00") }

// indexShift puts t into idx_shift, inside the transaction that writes it;
// its shift must exist and be open. A transaction without a shift is not
// indexed.
func indexShift(tx *bolt.Tx, t *Txn, tk []byte) error {
	if t.ShiftID == "" {
		return nil
	}
	sh, err := getShift(tx, t.ShiftID)
	if err != nil {
		return err
	}
	if sh.Closed() {
		return fmt.Errorf("%w: %s", ErrShiftClosed, sh.ID)
	}
	return tx.Bucket(bucketShiftTxns).Put(cat(shiftPrefix(t.ShiftID), tk), nil)
}

func getShift(tx *bolt.Tx, id string) (Shift, error) {
	v := tx.Bucket(bucketShifts).Get([]byte(id))
	if v == nil {
		return Shift{}, fmt.Errorf("%w: shift %s", ErrNoShift, id)
	}
	return decodeShift(id, v)
}

// shiftCache keeps the last decoded form of each shift by its stored bytes:
// the open shift of every operator is read at each of their transactions
// (CurrentShift, and Begin's shift index), and its JSON changes only at the
// close. An entry answers only a value byte for byte the same, so it can
// never give another answer than decoding; it holds at most maxShiftCache
// shifts and is emptied when full.
var shiftCache = struct {
	sync.Mutex
	m map[string]cachedShift
}{m: map[string]cachedShift{}}

// cachedShift is a shift's stored bytes and its decoded form.
type cachedShift struct {
	raw []byte
	s   Shift
}

const maxShiftCache = 256

// decodeShift is the Shift stored as v under id.
func decodeShift(id string, v []byte) (Shift, error) {
	shiftCache.Lock()
	c, ok := shiftCache.m[id]
	shiftCache.Unlock()
	if ok && bytes.Equal(c.raw, v) {
		c.s.OpenAtClose = slices.Clone(c.s.OpenAtClose) // the caller's own
		return c.s, nil
	}
	var s Shift
	if err := json.Unmarshal(v, &s); err != nil {
		return Shift{}, fmt.Errorf("storage: decode shift %s: %w", id, err)
	}
	c = cachedShift{raw: slices.Clone(v), s: s}
	c.s.OpenAtClose = slices.Clone(s.OpenAtClose)
	shiftCache.Lock()
	if len(shiftCache.m) >= maxShiftCache {
		clear(shiftCache.m)
	}
	shiftCache.m[id] = c
	shiftCache.Unlock()
	return s, nil
}

func putShift(tx *bolt.Tx, s *Shift) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketShifts).Put([]byte(s.ID), b)
}

func cleanReading(r Reading) Reading { r.At = clean(r.At); return r }

// OpenShift opens a shift for n.Operator on n.Terminal, in one commit. An
// operator has at most one open shift per terminal: a second gets a
// ShiftOpenError matching ErrShiftOpen that names the open one.
func (db *DB) OpenShift(n NewShift) (Shift, error) {
	switch {
	case strings.TrimSpace(n.Operator) == "" || strings.ContainsRune(n.Operator, 0):
		return Shift{}, &ValidationError{Field: "Operator", Problem: "empty or contains a NUL byte"}
	case strings.ContainsRune(n.Terminal, 0):
		return Shift{}, &ValidationError{Field: "Terminal", Problem: "contains a NUL byte"}
	case n.Float < 0:
		return Shift{}, &ValidationError{Field: "Float", Problem: "negative"}
	}
	var out Shift
	err := db.write(func(tx *bolt.Tx) error {
		open := tx.Bucket(bucketShiftOpen)
		if id := open.Get(openKey(n.Operator, n.Terminal)); id != nil {
			return &ShiftOpenError{ID: string(id)}
		}
		seq, err := nextSeq(tx.Bucket(bucketMeta), keySeqShift, ledger.MaxIDSeq)
		if err != nil {
			return err
		}
		now := db.nowUTC()
		out = Shift{ID: ledger.ShiftID(seq), Operator: n.Operator, Terminal: n.Terminal, Outlet: n.Outlet,
			OpenedAt: now, Float: n.Float, DepositOpen: cleanReading(n.DepositOpen)}
		if err := putShift(tx, &out); err != nil {
			return err
		}
		if err := open.Put(openKey(n.Operator, n.Terminal), []byte(out.ID)); err != nil {
			return err
		}
		if _, err := appendAudit(tx, AuditEntry{Who: n.Operator, From: "terminal " + n.Terminal, Action: "shift-open", Ref: out.ID, Amount: n.Float}, now); err != nil {
			return err
		}
		return tx.Bucket(bucketShiftTime).Put(cat(stamp(now), []byte(out.ID)), nil)
	})
	if err != nil {
		return Shift{}, err
	}
	return out, nil
}

// CurrentShift is the open shift of operator on terminal, or ErrNoShift.
func (db *DB) CurrentShift(operator, terminal string) (Shift, error) {
	var s Shift
	err := db.view(func(tx *bolt.Tx) (err error) {
		id := tx.Bucket(bucketShiftOpen).Get(openKey(operator, terminal))
		if id == nil {
			return fmt.Errorf("%w for %s on terminal %q", ErrNoShift, operator, terminal)
		}
		s, err = getShift(tx, string(id))
		return err
	})
	return s, err
}

// Shift returns the shift with this id, or ErrNoShift.
func (db *DB) Shift(id string) (Shift, error) {
	var s Shift
	err := db.view(func(tx *bolt.Tx) (err error) {
		s, err = getShift(tx, id)
		return err
	})
	return s, err
}

// CloseShift closes an open shift in one commit: it records the count, the
// note, OVO's closing reading and the transactions still open, and frees the
// operator's terminal for a new shift. A closed shift is never changed again
// (ErrShiftClosed).
func (db *DB) CloseShift(id string, c ShiftClose) (Shift, error) {
	if c.Counted < 0 {
		return Shift{}, &ValidationError{Field: "Counted", Problem: "negative"}
	}
	var out Shift
	err := db.write(func(tx *bolt.Tx) error {
		s, err := getShift(tx, id)
		if err != nil {
			return err
		}
		if s.Closed() {
			return fmt.Errorf("%w: %s", ErrShiftClosed, id)
		}
		s.ClosedAt, s.Counted, s.Note = db.nowUTC(), c.Counted, c.Note
		s.DepositClose, s.OpenAtClose = cleanReading(c.DepositClose), c.OpenAtClose
		if err := putShift(tx, &s); err != nil {
			return err
		}
		if err := tx.Bucket(bucketShiftOpen).Delete(openKey(s.Operator, s.Terminal)); err != nil {
			return err
		}
		if _, err := appendAudit(tx, AuditEntry{Who: s.Operator, From: "terminal " + s.Terminal, Action: "shift-close", Ref: s.ID, Amount: c.Counted, Detail: c.Note}, s.ClosedAt); err != nil {
			return err
		}
		out = s
		return nil
	})
	if err != nil {
		return Shift{}, err
	}
	return out, nil
}

// AddCashMove records a pay-in or pay-out on an open shift, in one commit.
// The amount must be positive and the reason given.
func (db *DB) AddCashMove(m CashMove) (CashMove, error) {
	switch {
	case m.Amount <= 0:
		return CashMove{}, &ValidationError{Field: "Amount", Problem: "not positive"}
	case strings.TrimSpace(m.Reason) == "":
		return CashMove{}, &ValidationError{Field: "Reason", Problem: "empty"}
	}
	var out CashMove
	err := db.write(func(tx *bolt.Tx) error {
		s, err := getShift(tx, m.ShiftID)
		if err != nil {
			return err
		}
		if s.Closed() {
			return fmt.Errorf("%w: %s", ErrShiftClosed, s.ID)
		}
		seq, err := nextSeq(tx.Bucket(bucketMeta), keySeqCash, ledger.MaxIDSeq)
		if err != nil {
			return err
		}
		out = m
		out.ID, out.At = ledger.CashMoveID(seq), db.nowUTC()
		b, err := json.Marshal(out)
		if err != nil {
			return err
		}
		action := "pay-out"
		if m.In {
			action = "pay-in"
		}
		if _, err := appendAudit(tx, AuditEntry{Who: m.Operator, From: "terminal " + s.Terminal, Action: action, Ref: out.ID, Amount: m.Amount, Detail: m.Reason}, out.At); err != nil {
			return err
		}
		return tx.Bucket(bucketCashMoves).Put(cat(shiftPrefix(m.ShiftID), u64(seq)), b)
	})
	if err != nil {
		return CashMove{}, err
	}
	return out, nil
}

// CashMoves returns the pay-ins and pay-outs of a shift, oldest first.
func (db *DB) CashMoves(shiftID string) ([]CashMove, error) {
	var out []CashMove
	err := db.view(func(tx *bolt.Tx) error {
		out = nil
		p := shiftPrefix(shiftID)
		c := tx.Bucket(bucketCashMoves).Cursor()
		for k, v := c.Seek(p); k != nil && strings.HasPrefix(string(k), string(p)); k, v = c.Next() {
			var m CashMove
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("storage: decode cash move %x: %w", k, err)
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// ShiftTxns calls fn with every transaction stamped with the shift, oldest
// first, walking idx_shift: the cost is the shift's, not the ledger's. fn
// runs inside one read transaction; an error from it stops the walk.
func (db *DB) ShiftTxns(shiftID string, fn func(Txn) error) error {
	return db.view(func(tx *bolt.Tx) error {
		p, inst := shiftPrefix(shiftID), installation(tx)
		c := tx.Bucket(bucketShiftTxns).Cursor()
		for k, _ := c.Seek(p); k != nil && strings.HasPrefix(string(k), string(p)); k, _ = c.Next() {
			t, err := getTxn(tx, refOfTimeKey(k[len(p):], inst))
			if err != nil {
				return err
			}
			if err := fn(t); err != nil {
				return err
			}
		}
		return nil
	})
}

// RangeTxns calls fn with every transaction created in [from, to), oldest
// first, walking idx_time: the cost is the range's, not the ledger's.
func (db *DB) RangeTxns(from, to time.Time, fn func(Txn) error) error {
	return db.RangeOtherTxns(from, to, "", fn)
}

// RangeOtherTxns is RangeTxns without the transactions of shift shiftID
// (none when ""), which it skips through idx_shift without reading them.
func (db *DB) RangeOtherTxns(from, to time.Time, shiftID string, fn func(Txn) error) error {
	return db.view(func(tx *bolt.Tx) error {
		lo, hi, p, inst := stamp(from), stamp(to), shiftPrefix(shiftID), installation(tx)
		own := tx.Bucket(bucketShiftTxns).Cursor()
		ownTxn := func(k []byte) bool {
			if shiftID == "" {
				return false
			}
			got, _ := own.Seek(cat(p, k))
			return got != nil && string(got) == string(p)+string(k)
		}
		// The newest transactions may have no time key yet (queue.go).
		tIdx := tx.Bucket(bucketTime)
		r := newTxnReader(tx)
		missing, err := missingKeys(r, nil, "", func(tk []byte) bool {
			return string(tk[:8]) >= string(lo) && string(tk[:8]) < string(hi) && !ownTxn(tk)
		})
		if err != nil {
			return err
		}
		defer releaseKeyed(missing)
		c := tIdx.Cursor()
		k, _ := c.Seek(lo)
		for {
			if k != nil && string(k[:8]) >= string(hi) {
				k = nil
			}
			for len(missing) > 0 && k != nil && string(missing[0].key) == string(k) {
				missing = missing[1:] // indexed already: the walk takes it
			}
			var t Txn
			switch {
			case len(missing) > 0 && (k == nil || string(missing[0].key) < string(k)):
				var ok bool
				t, ok, err = missing[0].take(r, tIdx, nil, "")
				missing = missing[1:]
				if err != nil {
					return err
				} else if !ok {
					continue
				}
			case k == nil:
				return nil
			case ownTxn(k):
				k, _ = c.Next()
				continue
			default:
				if t, err = r.get(refOfTimeKey(k, inst)); err != nil {
					return err
				}
				k, _ = c.Next()
			}
			if err := fn(t); err != nil {
				return err
			}
		}
	})
}

// ShiftsOpened returns the shifts opened in [from, to), oldest first,
// through idx_shift_time.
func (db *DB) ShiftsOpened(from, to time.Time) ([]Shift, error) {
	var out []Shift
	err := db.view(func(tx *bolt.Tx) error {
		out = nil
		hi := stamp(to)
		c := tx.Bucket(bucketShiftTime).Cursor()
		for k, _ := c.Seek(stamp(from)); k != nil && string(k[:8]) < string(hi); k, _ = c.Next() {
			s, err := getShift(tx, string(k[8:]))
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

// DayBounds is the first instant of the Asia/Jakarta calendar day holding
// t, and of the next day.
func DayBounds(t time.Time) (start, end time.Time) {
	d := t.In(jakarta)
	start = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, jakarta)
	return start, start.AddDate(0, 0, 1)
}

// ReconMark returns the mark a day reconciliation left on ref; ok is false
// when there is none.
func (db *DB) ReconMark(ref string) (m ReconMark, ok bool, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRecon).Get([]byte(ref))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &m)
	})
	return m, ok, err
}

// PutReconMark records what a status answer said of ref, in one commit. It
// changes nothing of the transaction itself.
func (db *DB) PutReconMark(ref string, m ReconMark) error {
	m.At = clean(m.At)
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return db.write(func(tx *bolt.Tx) error {
		if _, found := txnValue(tx, ref); !found {
			return fmt.Errorf("%w: %s", ErrNotFound, ref)
		}
		return tx.Bucket(bucketRecon).Put([]byte(ref), b)
	})
}

// checkShifts is Check's part for shifts: idx_shift holds exactly the
// transactions stamped with a shift, each under its own shift; shift_open
// holds exactly the shifts not closed.
func checkShifts(tx *bolt.Tx) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("storage: check: "+format, args...)) }
	stamped, inst := 0, installation(tx)
	err := forEachTxn(tx, func(ref string, v []byte) error {
		t, err := decodeTxn(ref, v)
		if err != nil || t.ShiftID == "" {
			return nil // Check reports an undecodable value
		}
		stamped++
		if !hasTimeKey(tx.Bucket(bucketShiftTxns), shiftPrefix(t.ShiftID), t.CreatedAt, ref, inst) {
			bad("txn %s of shift %s missing from idx_shift", ref, t.ShiftID)
		}
		return nil
	})
	if err != nil {
		return append(errs, err)
	}
	if n := tx.Bucket(bucketShiftTxns).Stats().KeyN; n != stamped {
		bad("idx_shift has %d keys, want %d", n, stamped)
	}
	open := 0
	err = tx.Bucket(bucketShifts).ForEach(func(k, v []byte) error {
		s, err := getShift(tx, string(k))
		if err != nil {
			bad("%v", err)
			return nil
		}
		if id := tx.Bucket(bucketShiftOpen).Get(openKey(s.Operator, s.Terminal)); !s.Closed() {
			open++
			if string(id) != s.ID {
				bad("open shift %s is not in shift_open", s.ID)
			}
		}
		return nil
	})
	if err != nil {
		return append(errs, err)
	}
	if n := tx.Bucket(bucketShiftOpen).Stats().KeyN; n != open {
		bad("shift_open has %d keys, want %d", n, open)
	}
	return errs
}
