package cashier

import (
	"context"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// AwaitFinal asks OVO the status of transaction ref, on the reconciler's
// schedule (Config.CheckInterval, doubling up to CheckMaxInterval), until it
// is final or wait has passed, and returns it as the ledger then holds it.
// The pause before a check ends at the deadline at the latest: wait bounds
// the whole call. A wait of zero or less reads the ledger once. It is the
// one way a front end waits for an outcome (`topup --wait`); the background
// reconciler settles whatever is still open afterwards.
func (s *Service) AwaitFinal(ctx context.Context, ref string, wait time.Duration) (ledger.Txn, error) {
	t, err := s.db.Get(ref)
	if err != nil {
		return t, err
	}
	deadline := time.Now().Add(wait)
	interval := s.cfg.CheckInterval
	for !t.State.Final() {
		left := time.Until(deadline)
		if left <= 0 || !sleepCtx(ctx, min(interval, left)) {
			break
		}
		interval = min(2*interval, s.cfg.CheckMaxInterval)
		if s.isInflight(ref) {
			if t, err = s.db.Get(ref); err != nil {
				return t, err
			}
			continue
		}
		if c, err := s.CheckStatus(ctx, ref); err == nil && c.InLedger {
			t = c.Txn
		}
	}
	return t, nil
}
