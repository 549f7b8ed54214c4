package cashier

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/storage"
)

// Check is the result of asking OVO the status of one transaction.
type Check struct {
	Ref      string
	Txn      storage.Txn // as stored after the check; zero when not in the ledger
	InLedger bool
	// Status is OVO's answer (nil when the call failed).
	Status *ovoclient.StatusResponse
	// Settled is true when this check moved the transaction to a final state.
	Settled bool
	// Mismatch is true when the ledger's final state disagrees with OVO's
	// final status (e.g. recorded success, OVO says refunded). The ledger is
	// not changed; an operator must look.
	Mismatch bool
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
	case errors.Is(err, storage.ErrNotFound):
	default:
		return c, err
	}
	req := ovoclient.StatusRequest{OriginalPartnerReferenceNo: ref, ServiceCode: ovoclient.ServiceTopUp}
	if c.InLedger {
		req.OriginalReferenceNo, req.OriginalExternalID = txn.ReferenceNo, txn.ExternalID
	}
	st, err := s.ovo.TopUpStatus(ctx, req)
	if err != nil {
		return c, err
	}
	c.Status = st
	if !c.InLedger || s.isInflight(ref) {
		return c, nil
	}
	if txn.State.Final() {
		c.Mismatch = finalMismatch(txn.State, st.LatestTransactionStatus)
		if c.Mismatch {
			s.log.Error("ledger and OVO disagree", "ref", ref, "ledger", txn.State, "ovo", st.LatestTransactionStatus)
		}
		return c, nil
	}
	out, final := s.statusOutcome(txn, st)
	var updated storage.Txn
	if final {
		updated, err = s.settle(ref, out)
		if errors.Is(err, storage.ErrFinal) { // settled meanwhile by another path
			c.Txn = updated
			return c, nil
		}
		c.Settled = err == nil
		if c.Settled {
			s.log.Info("transaction settled from status", "ref", ref, "state", updated.State, "status", st.LatestTransactionStatus)
			if updated.State == storage.StateSuccess {
				s.refreshSoon()
			}
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

// statusOutcome maps OVO's latest status onto the ledger; final is false
// while the transaction may still change (01–03, or 07 while the original
// request could still arrive).
//
// The transaction's responseCode and responseMessage stay what the top up
// answered; the status settles it through LastStatus and the reason note.
// An answer about another amount is about another transaction that holds
// this reference at OVO (a copied ledger): OVO refused this one as a
// duplicate, so it is failed, whatever the other's status.
func (s *Service) statusOutcome(t storage.Txn, st *ovoclient.StatusResponse) (storage.Outcome, bool) {
	o := storage.Outcome{LastStatus: st.LatestTransactionStatus}
	if st.Amount != nil && st.Amount.Value != t.Amount && st.LatestTransactionStatus != ovoclient.StatusNotFound {
		s.log.Error("OVO's status is about another transaction under this reference", "ref", t.PartnerReferenceNo,
			"amount", t.Amount, "ovoAmount", st.Amount.Value, "ovoStatus", st.LatestTransactionStatus)
		o.State, o.Note = storage.StateFailed, reasonNote(ovoclient.ReasonDuplicateReference)
		if t.ResponseMessage == "" {
			o.Message = "OVO holds another transaction under this reference; this one was not processed"
		}
		return o, true
	}
	switch st.LatestTransactionStatus {
	case ovoclient.StatusSuccess:
		o.State, o.ReferenceNo = storage.StateSuccess, st.OriginalReferenceNo
		if t.ResponseCode == "" || t.State == storage.StatePending { // no answer, or a crash before recording it
			o.Code, o.Message = st.ResponseCode, ovoclient.StatusDesc(st.LatestTransactionStatus)
		}
		o.Note = reasonNote(ovoclient.ReasonSuccess)
		return o, true
	case ovoclient.StatusRefunded, ovoclient.StatusCanceled, ovoclient.StatusFailed:
		o.State, o.Note = storage.StateFailed, reasonNote(ovoclient.ReasonTransactionCancelled)
		return o, true
	case ovoclient.StatusNotFound:
		if s.now().Before(s.notFoundFinalAt(t)) {
			return o, false
		}
		o.State, o.Note = storage.StateFailed, reasonNote(ovoclient.ReasonTransactionNotFound)
		return o, true
	}
	return o, false
}

// notFoundFinalAt is when status 07 becomes final for t: NotFoundGrace after
// the original request could last have arrived (its call's deadline, or the
// moment its unknown answer came back, whichever is later).
func (s *Service) notFoundFinalAt(t storage.Txn) time.Time {
	last := t.CreatedAt.Add(s.cfg.CallTimeout)
	for _, ch := range t.History {
		if ch.State == storage.StateUnknown && ch.At.After(last) {
			last = ch.At
		}
	}
	return last.Add(s.cfg.NotFoundGrace)
}

func finalMismatch(state storage.State, status string) bool {
	switch status {
	case ovoclient.StatusSuccess:
		return state != storage.StateSuccess
	case ovoclient.StatusRefunded, ovoclient.StatusCanceled, ovoclient.StatusFailed:
		return state != storage.StateFailed
	}
	return false
}

// nextCheck is when an open transaction is next due for a status check: the
// interval doubles with each check, up to CheckMaxInterval.
func (s *Service) nextCheck(t storage.Txn) time.Time {
	d := s.cfg.CheckInterval
	for i := 0; i < t.StatusChecks && d < s.cfg.CheckMaxInterval; i++ {
		d *= 2
	}
	return t.UpdatedAt.Add(min(d, s.cfg.CheckMaxInterval))
}

// Reconcile asks OVO the status of every open (pending or unknown)
// transaction of the ledger that is not in flight in this process, now,
// regardless of backoff, and records every final answer. It returns one
// Check per transaction asked; errors of single checks are in errs.
func (s *Service) Reconcile(ctx context.Context) (checks []Check, errs []error) {
	open, err := s.db.Open()
	if err != nil {
		return nil, []error{err}
	}
	for _, t := range open {
		if s.isInflight(t.PartnerReferenceNo) {
			continue
		}
		c, err := s.CheckStatus(ctx, t.PartnerReferenceNo)
		if err != nil {
			errs = append(errs, err)
			c.Txn, c.InLedger = t, true
		}
		checks = append(checks, c)
	}
	return checks, errs
}

// reconcileLoop settles open transactions as they fall due, until ctx ends.
func (s *Service) reconcileLoop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next := s.reconcileDue(ctx)
		wait := time.Hour
		if !next.IsZero() {
			wait = max(next.Sub(s.now()), 10*time.Millisecond)
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
			if _, err := s.RefreshDeposit(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("deposit refresh failed", "err", err)
			}
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
		if !s.now().Before(due) {
			c, err := s.CheckStatus(ctx, t.PartnerReferenceNo)
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

// refreshSoon asks the background loop to re-read the deposit (coalesced;
// nothing happens when the service was not started).
func (s *Service) refreshSoon() {
	select {
	case s.refresh <- struct{}{}:
	default:
	}
}
