package ovosim

import "fmt"

// Vanish plays OVO losing a top up it had confirmed: the money it moved goes
// back (the deposit is credited, the customer debited) and the reference is
// forgotten, so topup-status answers "07" Not found. It is a fault for
// testing a partner's reconciliation against a success OVO does not know; it
// returns an error for a reference the sandbox never remembered.
func (s *Sim) Vanish(partnerReferenceNo string) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errClosed
	}
	p, ok := s.st.txns[partnerReferenceNo]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("ovosim: no top up %s to vanish", partnerReferenceNo)
	}
	t := *p
	now := s.now()
	c := &change{dropTxns: []string{partnerReferenceNo}}
	if t.Applied > 0 && !t.Refunded {
		c.setDeposit(s.st.deposit + t.Amount)
		if cu, ok := s.st.customer(t.CustomerNumber, now); ok {
			cu.Balance = max(0, cu.Balance-credit(t.Amount, t.Fee))
			c.putCustomer(cu)
		}
	}
	if err := s.commit(c); err != nil {
		s.mu.Unlock()
		return err
	}
	return s.unlockSynced()
}
