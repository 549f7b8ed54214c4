package cashier

import (
	"sync"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// LowDepositState is the low-deposit alert: the threshold (Config.LowDeposit,
// 0 when off), the deposit available in the mirror, and whether it is below.
type LowDepositState struct {
	Threshold int64 `json:"threshold"`
	Available int64 `json:"available"`
	Below     bool  `json:"below"`
}

// LowDeposit tells whether the deposit mirror's available amount is below
// the low-deposit threshold (never when the threshold is 0, or while the
// deposit was never read from OVO).
func (s *Service) LowDeposit() (LowDepositState, error) {
	d, err := s.db.Deposit()
	if err != nil {
		return LowDepositState{Threshold: s.cfg.LowDeposit}, err
	}
	return s.LowDepositOf(d), nil
}

// LowDepositOf is LowDeposit for a deposit mirror already read (a screen's
// header): the rule in one place, no I/O.
func (s *Service) LowDepositOf(d ledger.Deposit) LowDepositState {
	st := LowDepositState{Threshold: s.cfg.LowDeposit, Available: d.Available}
	st.Below = st.Threshold > 0 && !d.RefreshedAt.IsZero() && d.Available < st.Threshold
	return st
}

// lowDeposit remembers which side of the threshold the deposit was last
// seen on, so the log says so once per crossing.
type lowDeposit struct {
	mu    sync.Mutex
	seen  bool
	below bool
}

// watchLowDeposit logs a crossing of the low-deposit threshold: a warning
// when the deposit falls below it (or is below it when first seen), a note
// when it is back above. Called on every event the service publishes.
func (s *Service) watchLowDeposit() {
	if s.cfg.LowDeposit <= 0 {
		return
	}
	st, err := s.LowDeposit()
	if err != nil {
		return
	}
	s.low.mu.Lock()
	defer s.low.mu.Unlock()
	switch {
	case st.Below && (!s.low.seen || !s.low.below):
		s.log.Warn("deposit below the low-deposit threshold", "available", st.Available, "threshold", st.Threshold)
	case !st.Below && s.low.seen && s.low.below:
		s.log.Info("deposit back above the low-deposit threshold", "available", st.Available, "threshold", st.Threshold)
	}
	s.low.seen, s.low.below = true, st.Below
}
