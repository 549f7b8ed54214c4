package ovosim

import (
	"crypto/sha256"
	"errors"
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

	mu     sync.Mutex // guards everything below; never held while sleeping
	st     *state
	db     store                // nil: memory only
	tokens map[string]time.Time // access token → expiry; memory only
	faults map[string][]Fault
	closed bool

	holds holds // Hold: answers held until released (tests)
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

// Close releases the state file. Requests after Close are answered 500xx00.
// It is safe to call more than once.
func (s *Sim) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.db != nil {
		return s.db.close()
	}
	return nil
}

// errClosed is returned by commit after Close.
var errClosed = errors.New("ovosim: sandbox closed")

// commit makes c durable, then applies it. Called with s.mu held. On error
// nothing of c is applied.
func (s *Sim) commit(c *change) error {
	if s.closed {
		return errClosed
	}
	if c.empty() {
		return nil
	}
	if s.db != nil {
		if err := s.db.commit(c); err != nil {
			return err
		}
	}
	s.st.apply(c)
	return nil
}

func (s *Sim) now() time.Time { return s.cfg.Now() }

// Deposit is the merchant deposit in rupiah now (pending failures that are
// due are refunded first).
func (s *Sim) Deposit() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleDue(s.now())
	return s.st.deposit
}

// SetDeposit sets the merchant deposit, durably. A negative amount is refused.
func (s *Sim) SetDeposit(rupiah int64) error {
	if rupiah < 0 {
		return errors.New("ovosim: deposit must not be negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &change{}
	c.setDeposit(rupiah)
	return s.commit(c)
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
	defer s.mu.Unlock()
	s.settleDue(s.now())
	if t, ok := s.st.txns[partnerReferenceNo]; ok {
		return *t, true
	}
	return Txn{}, false
}

// Customer is the OVO account of phone (08… form) as of now; ok is false
// when the number has no account or is not a valid number.
func (s *Sim) Customer(phone string) (Customer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.settleDue(now)
	return s.st.customer(phone, now)
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
