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
	pace := s.checkPace(time.Now().Add(wait))
	for !t.State.Final() && pace.wait(ctx) {
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

// checkPace paces a front end's status checks until a deadline: the
// reconciler's intervals (Config.CheckInterval, doubling up to
// CheckMaxInterval), each pause ending at the deadline at the latest, so
// the deadline bounds the whole wait, not the wait plus an interval.
type checkPace struct {
	next, max time.Duration
	deadline  time.Time
}

func (s *Service) checkPace(deadline time.Time) *checkPace {
	return &checkPace{next: s.cfg.CheckInterval, max: s.cfg.CheckMaxInterval, deadline: deadline}
}

// wait pauses before the next check; false (no pause) once the deadline
// has passed or ctx is done.
func (p *checkPace) wait(ctx context.Context) bool {
	left := time.Until(p.deadline)
	if left <= 0 || !sleepCtx(ctx, min(p.next, left)) {
		return false
	}
	p.next = min(2*p.next, p.max)
	return true
}
