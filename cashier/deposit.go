package cashier

import (
	"context"

	"github.com/ovocashier/ovocashier/storage"
)

// Deposit is the local deposit mirror: OVO's last balance, what in-flight
// transactions reserve, and what is available.
func (s *Service) Deposit() (storage.Deposit, error) { return s.db.Deposit() }

// RefreshDeposit reads the merchant deposit from OVO into the mirror. A
// reading is not stored if a transaction succeeded while it was under way
// (it may predate that debit); the mirror then keeps the locally debited
// balance until the next refresh.
func (s *Service) RefreshDeposit(ctx context.Context) (storage.Deposit, error) {
	gen := s.settled.Load()
	at := s.now()
	res, err := s.ovo.Balance(ctx)
	if err != nil {
		d, _ := s.db.Deposit()
		return d, err
	}
	bal, _ := res.Deposit()
	s.depMu.Lock()
	if s.settled.Load() != gen {
		s.depMu.Unlock()
		return s.db.Deposit()
	}
	d, err := s.db.SetBalance(bal, at)
	s.depMu.Unlock()
	if err != nil {
		return d, err
	}
	s.publish(Event{Deposit: &d})
	return d, nil
}

// depositUnread reports whether the mirror has never been read from OVO.
func (s *Service) depositUnread() bool {
	d, err := s.db.Deposit()
	return err == nil && d.RefreshedAt.IsZero()
}

// settle records an outcome in the ledger. Successes are counted under
// depMu so that a deposit reading taken before one is never stored after it.
func (s *Service) settle(ref string, o storage.Outcome) (storage.Txn, error) {
	s.depMu.RLock()
	defer s.depMu.RUnlock()
	t, err := s.db.Settle(ref, o)
	if err == nil && t.State == storage.StateSuccess {
		s.settled.Add(1)
	}
	return t, err
}
