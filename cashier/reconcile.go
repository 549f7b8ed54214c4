package cashier

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Check is the result of asking OVO the status of one transaction.
type Check struct {
	Ref      string
	Txn      ledger.Txn // as stored after the check; zero when not in the ledger
	InLedger bool
	// Status is OVO's answer (nil when the call failed).
	Status *ovo.StatusAnswer
	// Settled is true when this check moved the transaction to a final state.
	Settled bool
	// Mismatch is true when OVO's answer contradicts the ledger: a final
	// state OVO disagrees with (a recorded success that OVO does not know or
	// says failed, a recorded failure OVO says succeeded), another amount, or
	// another OVO reference. A final ledger entry is not changed; an operator
	// must look. Problem says what, in English (for logs and scripts).
	Mismatch bool
	Problem  string
	// Held is true when the transaction is open but was not asked now:
	// another running process holds its lease (its call still in flight
	// there, or checking it) or its call is in flight in
	// this process. It is still open; a later check settles it.
	Held bool
}

// CheckStatus asks OVO for the latest status of ref (anything Lookup finds:
// partner reference, receipt number, OVO reference) and, when the ledger holds the
// transaction open (pending/unknown) and OVO's status is final, records the
// outcome. A reference the ledger does not know is still asked (and reported
// with InLedger false). A transaction whose call is still in flight in this
// process is asked but not settled: its own answer will be.
func (s *Service) CheckStatus(ctx context.Context, ref string) (Check, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 64 {
		return Check{}, invalid("reference must be 1 to 64 characters")
	}
	txn, err := s.Lookup(ref)
	if err == nil {
		ref = txn.PartnerReferenceNo
	}
	c := Check{Ref: ref}
	switch {
	case err == nil:
		c.Txn, c.InLedger = txn, true
	case errors.Is(err, ledger.ErrNotFound):
	default:
		return c, err
	}
	req := ovo.StatusRequest{PartnerReferenceNo: ref}
	if c.InLedger {
		req.ReferenceNo, req.ExternalID = txn.ReferenceNo, txn.ExternalID
	}
	st, err := s.ovo.TopUpStatus(ctx, req)
	if err != nil {
		return c, err
	}
	c.Status = st
	if !c.InLedger || s.isInflight(ref) {
		return c, nil
	}
	if c.Problem = contradiction(txn, st); c.Problem != "" {
		c.Mismatch = true
		s.log.Error("ledger and OVO disagree: check with OVO", "ref", ref, "ledger", txn.State, "ovo", st.LatestTransactionStatus,
			"problem", c.Problem)
	}
	if txn.State.Final() {
		return c, nil
	}
	out, final := s.statusOutcome(txn, st)
	var updated ledger.Txn
	if final {
		updated, err = s.settle(ref, out)
		if errors.Is(err, ledger.ErrFinal) { // settled meanwhile by another path
			c.Txn = updated
			return c, nil
		}
		c.Settled = err == nil
		if c.Settled {
			s.log.Info("transaction settled from status", "ref", ref, "state", updated.State, "status", st.LatestTransactionStatus)
		}
	} else {
		updated, err = s.db.NoteCheck(ref, st.LatestTransactionStatus)
	}
	if err != nil {
		return c, err
	}
	c.Txn = updated
	s.publishTxn(updated)
	return c, nil
}

// nextCheck is when an open transaction is next due for a status check: the
// interval doubles with each check, up to CheckMaxInterval.
func (s *Service) nextCheck(t ledger.Txn) time.Time {
	d := s.cfg.CheckInterval
	for i := 0; i < t.StatusChecks && d < s.cfg.CheckMaxInterval; i++ {
		d *= 2
	}
	return t.UpdatedAt.Add(min(d, s.cfg.CheckMaxInterval))
}

// Reconcile asks OVO the status of every open (pending or unknown)
// transaction of the ledger that is not in flight in this process, now,
// regardless of backoff, and records every final answer. It returns one
// Check per open transaction: those asked, and those it left to whoever
// holds them (Held: in flight here, or leased by another process), so
// that nothing open goes uncounted; errors of single checks are in errs.
func (s *Service) Reconcile(ctx context.Context) (checks []Check, errs []error) {
	open, err := s.db.Open()
	if err != nil {
		return nil, []error{err}
	}
	for _, t := range open {
		held := Check{Ref: t.PartnerReferenceNo, Txn: t, InLedger: true, Held: true}
		if s.isInflight(t.PartnerReferenceNo) {
			checks = append(checks, held)
			continue
		}
		release, ok := s.lease(t.PartnerReferenceNo)
		if !ok {
			// Another running process is checking it, or its call is in
			// flight there (a process that died holds nothing).
			checks = append(checks, held)
			continue
		}
		c, err := s.CheckStatus(ctx, t.PartnerReferenceNo)
		release()
		if err != nil {
			errs = append(errs, err)
			c.Txn, c.InLedger = t, true
		}
		checks = append(checks, c)
	}
	return checks, errs
}

// lease takes the reconciler's lease on open transaction ref when the
// ledger is shared by several processes (ledger.Leaser), so that one
// process at a time checks it; ok false means another process holds it
// (checking it, or its call still in flight there). A process that dies
// lets go at once; a lease a live process does not release expires after
// twice the call deadline.
func (s *Service) lease(ref string) (release func(), ok bool) {
	l, shared := s.db.(ledger.Leaser)
	if !shared {
		return func() {}, true
	}
	release, ok, err := l.Lease(ref, 2*s.cfg.CallTimeout)
	if err != nil {
		s.log.Warn("reconciler lease failed", "ref", ref, "err", err)
		return func() {}, false
	}
	return release, ok
}

// reconcileLoop settles open transactions as they fall due, until ctx ends.
func (s *Service) reconcileLoop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var depositTick, soon <-chan time.Time
	var lastUncertain time.Time // when the last reading for an uncertain mirror was asked
	if s.cfg.DepositInterval > 0 {
		t := time.NewTicker(s.cfg.DepositInterval)
		defer t.Stop()
		depositTick = t.C
	}
	for {
		next := s.reconcileDue(ctx)
		wait := time.Hour
		if _, shared := s.db.(ledger.Leaser); shared {
			// Other processes add open transactions (and die holding
			// some) without waking this one: look at the open set again
			// this often, so that a dead process's top ups are settled in
			// seconds (one query; a transaction is asked no more often
			// than its backoff says).
			wait = s.cfg.CheckInterval
		}
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(s.now()), 10*time.Millisecond))
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		case <-s.refresh:
			if soon == nil { // at once, then at most one per uncertainReadSpacing
				soon = time.After(max(0, uncertainReadSpacing-time.Since(lastUncertain)))
			}
		case <-soon:
			soon, lastUncertain = nil, time.Now()
			go s.backgroundRead(ctx, "uncertain")
		case <-depositTick:
			go s.backgroundRead(ctx, "schedule")
		case <-timer.C:
		}
	}
}

// reconcileDue checks the open transactions that are due and returns when
// the next one will be (zero when none is open).
func (s *Service) reconcileDue(ctx context.Context) time.Time {
	open, err := s.db.Open()
	if err != nil {
		s.log.Error("reading open transactions", "err", err)
		return s.now().Add(s.cfg.CheckMaxInterval)
	}
	var next time.Time
	for _, t := range open {
		if ctx.Err() != nil {
			return next
		}
		if s.isInflight(t.PartnerReferenceNo) {
			continue
		}
		due := s.nextCheck(t)
		release, leased := func() {}, false
		if !s.now().Before(due) {
			if release, leased = s.lease(t.PartnerReferenceNo); !leased {
				due = s.now().Add(s.cfg.CheckInterval) // another process has it: look again later
			}
		}
		if leased {
			c, err := s.CheckStatus(ctx, t.PartnerReferenceNo)
			release()
			if err != nil {
				s.log.Warn("status check failed", "ref", t.PartnerReferenceNo, "err", err)
				if ctx.Err() != nil {
					return next
				}
				// Count the failed check too, so the backoff grows.
				if nt, nerr := s.db.NoteCheck(t.PartnerReferenceNo, t.LastStatus); nerr == nil {
					t = nt
				}
			} else {
				t = c.Txn
			}
			if t.State.Final() {
				continue
			}
			due = s.nextCheck(t)
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return next
}

func (s *Service) kickReconciler() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// uncertainReadSpacing spaces the background readings that resolve an
// uncertain mirror: the first is asked at once, the next no sooner than this
// after it, since under a steady stream of top ups every reading overlaps
// one and "re-read at once" would be a reading per top up again. Execute
// still re-reads at once before refusing an amount.
const uncertainReadSpacing = time.Second

// backgroundRead reads the deposit for the background loop, which does not
// wait for it (a slow OVO must not hold up status checks).
func (s *Service) backgroundRead(ctx context.Context, why string) {
	if _, err := s.RefreshDeposit(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("deposit refresh failed", "why", why, "err", err)
	}
}

// refreshSoon asks the background loop to re-read the deposit (coalesced;
// nothing happens when the service was not started).
func (s *Service) refreshSoon() {
	select {
	case s.refresh <- struct{}{}:
	default:
	}
}
