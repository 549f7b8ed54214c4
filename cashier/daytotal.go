package cashier

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// A maker's day total (the per-day approval limit, approval.go) is what
// the operator has sent of a kind today (every transaction of theirs
// created in the outlet's day that is not failed) plus what they hold for
// approval (created today). Reading it by decoding the day's transactions
// for every top up made a top up cost more as the day went on, so:
//
//   - on a ledger this process holds alone (bbolt; no ledger.Leaser), the
//     service derives the totals from the ledger once per outlet day (the
//     first check of the day) and then keeps them itself (dayTotals): every
//     Begin, Settle, hold, decision, expiry and dispatch the service writes
//     is noted with what the ledger answered. A note is idempotent (each
//     transaction and approval is remembered by reference with whether it
//     counts, and failed transactions and released approvals never count
//     again), so a note racing the derivation cannot count twice;
//   - on a shared ledger (PostgreSQL) other processes write the same day:
//     the ledger's MakerDayLocker reads the total under a lock every
//     process takes, or, for a shared ledger without one, the day is read
//     as before under this process's lock.
//
// The check and the write it allows are one step: locally a check that
// fits reserves its amount in the total until its Begin is recorded (or
// refused); on a shared ledger the lock is held until then. So top ups at
// the limit, however many at once, are allowed exactly as far as they fit.

// dayKey is one maker's total of one kind.
type dayKey struct {
	operator string // folded (foldName)
	kind     ledger.Kind
}

// foldName is s with each letter replaced by the smallest of its case
// folds: two names fold alike exactly when strings.EqualFold says they are
// equal (as the ledger scan compares them).
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		return m
	}, s)
}

// dayEntry is one transaction or approval in the totals.
type dayEntry struct {
	key     dayKey
	amount  int64
	counted bool
}

// dayTotals are the makers' totals of one outlet day, kept by the service
// of a ledger it holds alone.
type dayTotals struct {
	mu   sync.Mutex
	day  time.Time // the start of the day the totals are of; zero: not derived yet
	sum  map[dayKey]int64
	txns map[string]dayEntry // by reference
	held map[string]dayEntry // approvals by id
}

// dayClaim is a check that allowed a transaction: it ends when the
// transaction's Begin is recorded or refused (end).
type dayClaim struct {
	d      *dayTotals
	day    time.Time
	key    dayKey
	amount int64 // reserved in d (local totals)
	unlock func()
}

// end releases the claim: the reservation is replaced by the transaction
// begun (t, nil when none was), or the lock is released. Nil-safe.
func (c *dayClaim) end(t *ledger.Txn) {
	if c == nil {
		return
	}
	if c.d != nil {
		c.d.mu.Lock()
		if c.d.day.Equal(c.day) {
			c.d.sum[c.key] -= c.amount
		}
		if t != nil {
			c.d.noteTxn(*t)
		}
		c.d.mu.Unlock()
	}
	if c.unlock != nil {
		c.unlock()
	}
}

// dayBounds is the outlet day holding now.
func (s *Service) dayBounds() (from, to time.Time) {
	now := s.now().In(s.cfg.Location)
	from = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.cfg.Location)
	return from, from.AddDate(0, 0, 1)
}

// claimDay checks amount against limit for operator's kind today. When it
// fits it returns a claim the caller ends once the transaction is begun
// (or not); when it does not, over is true, day is the total with amount,
// and the returned claim (nil or a lock) must still be ended after the
// hold is written.
func (s *Service) claimDay(operator string, kind ledger.Kind, amount, limit int64) (claim *dayClaim, day int64, over bool, err error) {
	from, to := s.dayBounds()
	key := dayKey{foldName(operator), kind}
	if d := s.days; d != nil {
		d.mu.Lock()
		defer d.mu.Unlock()
		if err := s.deriveDay(from, to); err != nil {
			return nil, 0, false, err
		}
		day = d.sum[key] + amount
		if day > limit {
			return nil, day, true, nil
		}
		d.sum[key] += amount
		return &dayClaim{d: d, day: from, key: key, amount: amount}, day, false, nil
	}
	total, unlock, err := s.lockSharedDay(operator, kind, from, to)
	if err != nil {
		return nil, 0, false, err
	}
	claim = &dayClaim{unlock: unlock}
	return claim, total + amount, total+amount > limit, nil
}

// lockSharedDay reads operator's total of kind on a shared ledger under a
// lock (see the top of this file): this process's lock of the maker's
// total first (so that its sessions queue here rather than each holding a
// database connection while they wait), then the ledger's, if it has one.
func (s *Service) lockSharedDay(operator string, kind ledger.Kind, from, to time.Time) (int64, func(), error) {
	mu := s.sharedDayLock(dayKey{foldName(operator), kind})
	mu.Lock()
	var (
		total  int64
		unlock func()
		err    error
	)
	if l, ok := s.db.(ledger.MakerDayLocker); ok {
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.CallTimeout)
		total, unlock, err = l.LockMakerDay(ctx, operator, kind, from, to)
		cancel()
	} else {
		total, err = s.scanMakerDay(operator, kind, from, to)
	}
	if err != nil {
		mu.Unlock()
		return 0, nil, err
	}
	var once sync.Once
	return total, func() {
		once.Do(func() {
			if unlock != nil {
				unlock()
			}
			mu.Unlock()
		})
	}, nil
}

// sharedDayLock is this process's lock of one maker's total on a shared
// ledger without a MakerDayLocker.
func (s *Service) sharedDayLock(k dayKey) *sync.Mutex {
	s.dayLocksMu.Lock()
	defer s.dayLocksMu.Unlock()
	if s.dayLocks == nil {
		s.dayLocks = map[dayKey]*sync.Mutex{}
	}
	mu := s.dayLocks[k]
	if mu == nil {
		mu = &sync.Mutex{}
		s.dayLocks[k] = mu
	}
	return mu
}

// makerDayTotal is what operator has sent (not failed) or holds for
// approval of kind today, in the outlet's day (for a look that writes
// nothing: BatchNotices).
func (s *Service) makerDayTotal(operator string, kind ledger.Kind) (int64, error) {
	from, to := s.dayBounds()
	if d := s.days; d != nil {
		d.mu.Lock()
		defer d.mu.Unlock()
		if err := s.deriveDay(from, to); err != nil {
			return 0, err
		}
		return d.sum[dayKey{foldName(operator), kind}], nil
	}
	if l, ok := s.db.(ledger.MakerDayLocker); ok {
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.CallTimeout)
		defer cancel()
		total, unlock, err := l.LockMakerDay(ctx, operator, kind, from, to)
		if unlock != nil {
			unlock()
		}
		return total, err
	}
	return s.scanMakerDay(operator, kind, from, to)
}

// scanMakerDay reads the total from the ledger: every transaction of the
// day and the approvals held.
func (s *Service) scanMakerDay(operator string, kind ledger.Kind, from, to time.Time) (int64, error) {
	var sum int64
	err := s.db.RangeTxns(from, to, func(t ledger.Txn) error {
		if strings.EqualFold(t.Operator, operator) && t.Kind == kind && t.State != ledger.StateFailed {
			sum += t.Amount
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	held, err := s.db.Approvals(true)
	if err != nil {
		return 0, err
	}
	for _, a := range held {
		if strings.EqualFold(a.Maker, operator) && a.Kind == kind && !a.CreatedAt.Before(from) {
			sum += a.Amount
		}
	}
	return sum, nil
}

// deriveDay makes s.days the totals of the day [from, to), reading them
// from the ledger when they are of another day (or none yet). Called with
// s.days.mu held: notes wait, and are idempotent, so one that raced the
// reading counts once.
func (s *Service) deriveDay(from, to time.Time) error {
	d := s.days
	if d.day.Equal(from) {
		return nil
	}
	sum, txns, held := map[dayKey]int64{}, map[string]dayEntry{}, map[string]dayEntry{}
	err := s.db.RangeTxns(from, to, func(t ledger.Txn) error {
		e := dayEntry{key: dayKey{foldName(t.Operator), t.Kind}, amount: t.Amount, counted: t.State != ledger.StateFailed}
		txns[t.PartnerReferenceNo] = e
		if e.counted {
			sum[e.key] += e.amount
		}
		return nil
	})
	if err != nil {
		return err
	}
	approvals, err := s.db.Approvals(true)
	if err != nil {
		return err
	}
	for _, a := range approvals {
		if !a.CreatedAt.Before(from) && a.State.Held() {
			e := dayEntry{key: dayKey{foldName(a.Maker), a.Kind}, amount: a.Amount, counted: true}
			held[a.ID] = e
			sum[e.key] += e.amount
		}
	}
	d.day, d.sum, d.txns, d.held = from, sum, txns, held
	return nil
}

// noteTxn brings the totals up to t as the ledger answered it. Called with
// d.mu held.
func (d *dayTotals) noteTxn(t ledger.Txn) {
	if d.day.IsZero() || t.CreatedAt.Before(d.day) || !t.CreatedAt.Before(d.day.AddDate(0, 0, 1)) {
		return // another day's: the derivation of its day reads it
	}
	d.note(d.txns, t.PartnerReferenceNo, dayKey{foldName(t.Operator), t.Kind}, t.Amount, t.State != ledger.StateFailed)
}

// noteApproval brings the totals up to a as the ledger answered it. Called
// with d.mu held.
func (d *dayTotals) noteApproval(a ledger.Approval) {
	if d.day.IsZero() || a.CreatedAt.Before(d.day) {
		return
	}
	d.note(d.held, a.ID, dayKey{foldName(a.Maker), a.Kind}, a.Amount, a.State.Held())
}

// note brings entry id of entries (a transaction, or an approval holding an
// amount) up to counts: a new one adds its amount when it counts, one that
// stops counting (failed, released) takes it off, and one that stopped
// never counts again. Called with d.mu held.
func (d *dayTotals) note(entries map[string]dayEntry, id string, key dayKey, amount int64, counts bool) {
	e, ok := entries[id]
	switch {
	case !ok:
		e = dayEntry{key: key, amount: amount, counted: counts}
		if counts {
			d.sum[e.key] += e.amount
		}
	case e.counted && !counts:
		e.counted = false
		d.sum[e.key] -= e.amount
	default:
		return // no change
	}
	entries[id] = e
}

// noteDay brings the local totals (if any) up to what the ledger answered:
// a transaction, an approval, or both in one step (a dispatch, so that the
// approval's amount is never counted twice or not at all in between).
func (s *Service) noteDay(t *ledger.Txn, a *ledger.Approval) {
	d := s.days
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if a != nil {
		d.noteApproval(*a)
	}
	if t != nil {
		d.noteTxn(*t)
	}
}
