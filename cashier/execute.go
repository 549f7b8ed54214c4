package cashier

import (
	"context"
	"errors"
	"fmt"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Order is a confirmed transaction: the quote the operator read back to the
// customer, and who confirmed it.
type Order struct {
	Quote    Quote
	Operator string
	// Role is the operator's role: above its limits (Config.Limits) the
	// order waits for approval (approval.go). "" when roles are not in use.
	Role Role
	// From is where the order was made ("terminal NAME", "ssh SHA256:…"):
	// the audit trail's from.
	From string
}

// Result is what became of an executed order.
type Result struct {
	Txn ledger.Txn // as recorded: success, failed or unknown
	// Err is OVO's answer behind a failed or unknown outcome (an
	// *ovo.Error), nil on success.
	Err error
}

// Execute moves the money of a confirmed order, following the money-safe
// flow: reserve and write pending (durable), send the top up once with a
// deadline, record the outcome. It returns an error only when nothing was
// sent: bad input (ErrInvalidInput), a refusal already known (KnownRefusal:
// an amount outside the quote's limits, a deposit too low), the
// service closing (ErrClosed) or the ledger failing before the send.
//
// The call runs to its own deadline even if ctx is cancelled (an operator
// leaving the screen, Ctrl+C): the outcome is always recorded. An unknown
// outcome is handed to the reconciler.
func (s *Service) Execute(ctx context.Context, o Order) (Result, error) {
	return s.execute(ctx, o, s.db.Begin)
}

// execute is Execute with the function that writes the pending record (a
// batch row links itself to the transaction in the same commit).
func (s *Service) execute(ctx context.Context, o Order, beginTxn func(ledger.NewTxn) (ledger.Txn, error)) (Result, error) {
	q := o.Quote
	if q.Kind != ledger.KindTopUp && q.Kind != ledger.KindDisburse {
		return Result{}, invalid("unknown transaction kind %q", q.Kind)
	}
	phone, err := NormalizePhone(q.Phone)
	if err != nil {
		return Result{}, err
	}
	if q.Amount <= 0 || q.Fee < 0 {
		return Result{}, invalid("amount must be more than zero and the fee not negative")
	}
	if dep, err := s.db.Deposit(); err == nil {
		err := KnownRefusal(q, dep, !dep.RefreshedAt.IsZero())
		if de := (*DepositError)(nil); errors.As(err, &de) && !s.depositReadJustNow() {
			// An amount above a mirror read a while ago: the deposit may
			// have been funded since; read it before refusing.
			if d, rerr := s.readDeposit(ctx); rerr == nil {
				err = KnownRefusal(q, d, true)
			}
		}
		if err != nil {
			return Result{}, err
		}
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Result{}, ErrClosed
	}
	s.work.Add(1)
	s.mu.Unlock()
	defer s.work.Done()

	shiftID, err := s.sendingShift(o.Operator)
	if err != nil {
		return Result{}, err
	}
	claim, err := s.holdIfOverLimit(o, phone, shiftID) // approval.go
	if err != nil {
		return Result{}, err
	}
	ext := s.ids.Next(s.now())
	newTxn := ledger.NewTxn{
		Kind: q.Kind, CustomerNumber: phone, CustomerName: q.Name, Amount: q.Amount, Fee: q.Fee,
		Operator: o.Operator, Outlet: s.cfg.Outlet, ExternalID: ext, SessionID: q.SessionID, ShiftID: shiftID, Origin: o.From,
	}
	txn, err := beginTxn(newTxn)
	if errors.Is(err, ledger.ErrInsufficientDeposit) && (s.depositDoubtful() || !s.depositReadJustNow()) {
		// The mirror was never read (OVO unreachable at start), may
		// understate OVO's deposit (a reading overlapped a success), or was
		// read a while ago (the deposit may have been funded since): read
		// it now rather than refuse against a low or old guess.
		if _, rerr := s.readDeposit(ctx); rerr == nil {
			txn, err = beginTxn(newTxn)
		}
	}
	if err != nil {
		claim.end(nil)
		var de *ledger.InsufficientDepositError
		if errors.As(err, &de) {
			return Result{}, &DepositError{Amount: q.Amount, Available: de.Available, Unread: s.depositUnread()}
		}
		return Result{}, fmt.Errorf("recording the transaction before sending it: %w", err)
	}
	claim.end(&txn)
	if claim == nil {
		s.noteDay(&txn, nil)
	}
	return s.sendBegun(ctx, txn), nil
}

// sendBegun sends a transaction Begin (or DispatchApproval) made durable as
// pending, once, and records the outcome. The caller holds s.work.
func (s *Service) sendBegun(ctx context.Context, txn ledger.Txn) Result {
	ref, phone := txn.PartnerReferenceNo, txn.CustomerNumber
	s.setInflight(ref, true)
	s.publishTxn(txn)
	if s.hooks.afterPending != nil {
		s.hooks.afterPending(ref)
	}
	s.log.Info("top up sending", "ref", ref, "kind", txn.Kind, "phone", phone, "amount", txn.Amount, "operator", txn.Operator)

	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CallTimeout)
	res, callErr := s.ovo.TopUp(callCtx, ovo.TopUpRequest{
		PartnerReferenceNo: ref, CustomerNumber: phone, CustomerName: txn.CustomerName,
		Amount: txn.Amount, Fee: txn.Fee, At: txn.CreatedAt, SessionID: txn.SessionID,
		Notes: notes(txn.Kind), ExternalID: txn.ExternalID,
	})
	cancel()
	if s.hooks.afterAnswer != nil {
		s.hooks.afterAnswer(ref)
	}

	out := outcomeOf(res, callErr)
	settled, err := s.settle(ref, out)
	if ledger.IsSameFinal(err) {
		// Another process's reconciler recorded this outcome first, from
		// OVO's status (on a shared ledger, while this process's lease was
		// lost with its connection): it is this call's outcome, recorded.
		err = nil
	}
	s.setInflight(ref, false)
	if err != nil {
		// The money may have moved and the ledger did not take the outcome:
		// the transaction stays pending there, and the reconciler settles it
		// from OVO's status (now, or at the next start).
		s.log.Error("recording the outcome failed; left for reconciliation", "ref", ref, "outcome", out.State, "err", err)
		s.kickReconciler()
		return Result{Txn: txn, Err: &ovo.Error{Op: "topup", Reason: ovo.ReasonBadResponse, Unknown: true, Err: err}}
	}
	s.log.Info("top up recorded", "ref", ref, "state", settled.State, "code", settled.ResponseCode)
	s.publishTxn(settled)
	switch {
	case settled.State == ledger.StateUnknown:
		s.kickReconciler()
	case ovo.ReasonOf(callErr) == ovo.ReasonInsufficientFunds:
		// Our mirror was stale: OVO's deposit is lower. Re-read it now so
		// the message shows what is really available.
		if _, err := s.readDeposit(context.WithoutCancel(ctx)); err != nil {
			s.log.Warn("deposit refresh after 4033814 failed", "err", err)
		}
	}
	return Result{Txn: settled, Err: callErr}
}

func notes(k ledger.Kind) string {
	if k == ledger.KindDisburse {
		return "Disbursement"
	}
	return "Top Up OVO Cash"
}

// TxnReason is why a transaction is where it is: the reason recorded with its
// latest outcome, or the one its response code stands for.
func TxnReason(t ledger.Txn) ovo.Reason {
	if r := t.LastReason(); r != "" {
		return ovo.Reason(r)
	}
	if c, ok := ovo.ParseCode(t.ResponseCode); ok {
		return c.Reason()
	}
	return ""
}

func (s *Service) setInflight(ref string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on {
		s.inflight[ref] = true
	} else {
		delete(s.inflight, ref)
	}
}

func (s *Service) isInflight(ref string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inflight[ref]
}
