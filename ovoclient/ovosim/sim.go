package ovosim

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Sim is the sandbox: an http.Handler playing OVO. It is safe for concurrent
// use. The deposit never goes below zero and no top up moves money twice,
// whatever the concurrency.
type Sim struct {
	cfg        Config
	log        *slog.Logger
	sessionKey []byte

	mu     sync.Mutex // guards everything below; never held while sleeping or writing the state file
	st     *state
	db     store                // nil: memory only
	tokens map[string]time.Time // access token → expiry; memory only
	faults map[string][]Fault
	closed bool
	// The group commit of the state file (commit, sync): changes applied
	// in memory wait in queue; seq numbers them, durable is the last one
	// written; broken is the error of a write that failed, after which
	// nothing more is answered (memory is ahead of the file).
	queue        []*change
	seq, durable uint64
	broken       error
	flushMu      sync.Mutex // held by the one writing the queue to the file

	holds holds // Hold: answers held until released (tests)

	sessionMACs sync.Pool // keyed HMAC states of sessionMAC
}

// New checks cfg, applies its defaults, and loads the state file if one is
// given (creating it with cfg.Deposit when new).
func New(cfg Config) (*Sim, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256([]byte("ovosim session key|" + cfg.ClientSecret))
	s := &Sim{cfg: cfg, log: cfg.Logger, sessionKey: key[:], tokens: map[string]time.Time{}, faults: map[string][]Fault{}}
	if cfg.StatePath == "" {
		s.st = newState()
		s.st.deposit = cfg.Deposit
		return s, nil
	}
	db, st, err := openBolt(cfg.StatePath, cfg.Deposit)
	if err != nil {
		return nil, err
	}
	s.db, s.st = db, st
	return s, nil
}

// Close releases the state file, once the changes already made are
// written. Requests after Close are answered 500xx00. It is safe to call
// more than once.
func (s *Sim) Close() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	err := s.flush()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.db != nil {
		if cerr := s.db.close(); err == nil {
			err = cerr
		}
	}
	return err
}

// errClosed is returned by commit after Close.
var errClosed = errors.New("ovosim: sandbox closed")

// commit applies c in memory and queues it for the state file. Called with
// s.mu held; the caller answers nothing that read the state before sync
// returns nil for s.seq as it was when s.mu was released (so a request
// never reports a change, its own or another's, that a crash could still
// lose). On error nothing of c is applied.
//
// Why not write each change before applying it, under s.mu, as before:
// every call (an inquiry too consumes its external id) was then a commit
// of its own with two fsyncs, one after the other, with every other call
// waiting for the lock — the sandbox's fsyncs bounded the rate of the
// whole cashier. Now the calls that arrive while one write is under way
// share the next one, and a lone call still writes at once. What a crash
// can lose is only what no answer has reported yet: to the partner, a
// request that OVO never answered (status 07 later, as for a request lost
// on the way).
func (s *Sim) commit(c *change) error {
	if s.closed {
		return errClosed
	}
	if s.broken != nil {
		return s.broken
	}
	if c.empty() {
		return nil
	}
	s.st.apply(c)
	if s.db != nil {
		s.queue = append(s.queue, c)
		s.seq++
	}
	return nil
}

// sync returns once every change up to upto (a value of s.seq) is in the
// state file: at once when it is, else after writing what is queued, or
// after the write under way and then the next one, which carries it. An
// error means the change may not be durable: the caller must not report it.
func (s *Sim) sync(upto uint64) error {
	s.mu.Lock()
	done, broken := s.durable >= upto, s.broken
	s.mu.Unlock()
	if done {
		return nil
	}
	if broken != nil {
		return broken
	}
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	if err := s.flush(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.durable < upto {
		return errClosed // closed before it was written
	}
	return nil
}

// flush writes the queue in one commit. Called with s.flushMu held.
func (s *Sim) flush() error {
	s.mu.Lock()
	batch, last := s.queue, s.seq
	s.queue = nil
	closed, broken := s.closed, s.broken
	s.mu.Unlock()
	switch {
	case broken != nil:
		return broken
	case len(batch) == 0:
		return nil
	case closed:
		return errClosed
	}
	err := s.db.commit(batch)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.broken = fmt.Errorf("ovosim: writing the state file failed; restart the sandbox: %w", err)
		s.log.Error("ovosim: committing state failed; answering 500 until restarted", "err", err)
		return s.broken
	}
	s.durable = last
	return nil
}

// unlockSynced releases s.mu and waits until what the caller read under it
// is durable.
func (s *Sim) unlockSynced() error {
	upto := s.seq
	s.mu.Unlock()
	return s.sync(upto)
}

func (s *Sim) now() time.Time { return s.cfg.Now() }

// Deposit is the merchant deposit in rupiah now (pending failures that are
// due are refunded first).
func (s *Sim) Deposit() int64 {
	s.mu.Lock()
	s.settleDue(s.now())
	d := s.st.deposit
	s.unlockSynced()
	return d
}

// SetDeposit sets the merchant deposit, durably. A negative amount is refused.
func (s *Sim) SetDeposit(rupiah int64) error {
	if rupiah < 0 {
		return errors.New("ovosim: deposit must not be negative")
	}
	s.mu.Lock()
	c := &change{}
	c.setDeposit(rupiah)
	if err := s.commit(c); err != nil {
		s.mu.Unlock()
		return err
	}
	return s.unlockSynced()
}

// Applied is how many times a top up with this partnerReferenceNo moved
// money: 0 or 1, never more. A refund does not lower it.
func (s *Sim) Applied(partnerReferenceNo string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.st.txns[partnerReferenceNo]; ok {
		return t.Applied
	}
	return 0
}

// Transaction is the remembered top up with this partnerReferenceNo, its
// status as of now; ok is false when the sandbox has not remembered one
// (never seen, refused as malformed, or sent to the 500 number).
func (s *Sim) Transaction(partnerReferenceNo string) (Txn, bool) {
	s.mu.Lock()
	s.settleDue(s.now())
	p, ok := s.st.txns[partnerReferenceNo]
	var t Txn
	if ok {
		t = *p
	}
	s.unlockSynced()
	return t, ok
}

// Customer is the OVO account of phone (08… form) as of now; ok is false
// when the number has no account or is not a valid number.
func (s *Sim) Customer(phone string) (Customer, bool) {
	s.mu.Lock()
	now := s.now()
	s.settleDue(now)
	c, ok := s.st.customer(phone, now)
	s.unlockSynced()
	return c, ok
}

// ExpireTokens invalidates every access token issued so far; their next use
// is answered 401xx01.
func (s *Sim) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// settleDue turns every pending top up whose time has come final: "00", or
// "06" with the deposit and the customer restored, exactly once. Called with
// s.mu held. A settlement that cannot be committed stays pending and is
// retried on the next call.
func (s *Sim) settleDue(now time.Time) {
	if s.closed {
		return
	}
	for ref := range s.st.pending {
		t := *s.st.txns[ref]
		if now.Before(t.SettleAt) {
			continue
		}
		c := &change{}
		t.Status, t.Settled = t.PendingOutcome, now
		t.StatusDesc = ovo.StatusDesc(t.Status)
		if t.Status == ovo.StatusFailed && t.Applied > 0 && !t.Refunded {
			t.Refunded = true
			c.setDeposit(s.st.deposit + t.Amount)
			if cu, ok := s.st.customer(t.CustomerNumber, now); ok {
				credited := credit(t.Amount, t.Fee)
				cu.Balance = max(0, cu.Balance-credited)
				if cu.Month == t.Received.In(ovo.Jakarta).Format("2006-01") {
					cu.MonthlyIn = max(0, cu.MonthlyIn-credited)
				}
				c.putCustomer(cu)
			}
		}
		c.putTxn(t)
		if err := s.commit(c); err != nil {
			s.log.Error("ovosim: settling a pending top up failed; will retry", "err", err)
			return
		}
	}
}

// credit is what the customer receives: amount less the fee, never negative.
func credit(amount, fee int64) int64 { return max(0, amount-fee) }
