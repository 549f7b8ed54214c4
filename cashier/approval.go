package cashier

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Approvals (issue 14). A top up or disbursement above its maker's limit
// (Config.Limits, by role: per transaction, and per day of the maker's own
// transactions) is not sent: it is held in the ledger as awaiting approval,
// its amount reserved against the deposit mirror, and Execute returns an
// *AwaitingApprovalError. A supervisor or owner who is not its maker
// approves it (then it is begun and sent as any transaction, exactly once)
// or rejects it; one not decided within Config.ApprovalExpiry is released.
// Rejected and expired ones are never sent.
//
// Crash safety: the hold, the decision and the dispatch (approved → a
// pending transaction) are each one commit. A crash before the decision
// leaves it awaiting (never sent); after the approval and before the
// dispatch, the next start dispatches it (approvalLoop); after the
// dispatch, it is a pending transaction like any other, settled by the
// reconciler, and can never be dispatched again.

// approvals is the Service's part for approvals.
type approvals struct {
	// afterApprove, when set (crash tests), runs after an approval's commit
	// and before its dispatch.
	afterApprove func(id string)
	// afterBatchApprove, when set (crash tests), runs right after a batch
	// approval's commit.
	afterBatchApprove func(id string)
	sweep             sync.Mutex
}

// ErrAwaitingApproval is matched by *AwaitingApprovalError.
var ErrAwaitingApproval = errors.New("awaiting approval")

// AwaitingApprovalError says an order was held for approval: nothing was
// sent; the amount is reserved.
type AwaitingApprovalError struct{ Approval ledger.Approval }

// Error names the approval and why it waits.
func (e *AwaitingApprovalError) Error() string {
	why := e.Approval.Why
	if h, ok := HoldReasonOf(e.Approval); ok {
		why = fmt.Sprintf("%s %s %s, limit %s", h.Role, h.Code, Rupiah(h.Amount), Rupiah(h.Limit))
	}
	return fmt.Sprintf("awaiting approval %s: %s (nothing sent; a supervisor approves it with `ovocashier approve %s`)", e.Approval.ID, why, e.Approval.ID)
}

// Is makes it match ErrAwaitingApproval.
func (e *AwaitingApprovalError) Is(target error) bool { return target == ErrAwaitingApproval }

// Errors of approving.
var (
	// ErrOwnApproval: a maker cannot approve or reject their own transaction.
	ErrOwnApproval = errors.New("a transaction cannot be approved by its own maker")
	// ErrSignatureNeeded: over SSH an approval needs the approver's SSHSIG
	// signature of ApprovalBytes; the error is a *SignatureNeededError.
	ErrSignatureNeeded = errors.New("an approval over SSH needs your key's signature")
	// ErrNotAwaiting: the approval was decided already, sent or expired.
	ErrNotAwaiting = errors.New("the approval is not awaiting a decision")
)

// NotAwaitingError says approval ID cannot be decided: it is in State
// (decided already, sent or expired), or its time ran out at Expired. It
// matches ErrNotAwaiting.
type NotAwaitingError struct {
	ID      string
	State   ledger.ApprovalState
	Expired time.Time // set when it expired just now
}

// Error names the approval and its state.
func (e *NotAwaitingError) Error() string {
	if !e.Expired.IsZero() {
		return fmt.Sprintf("%v: %s expired at %s", ErrNotAwaiting, e.ID, e.Expired.Format(time.RFC3339))
	}
	return fmt.Sprintf("%v: %s is %s", ErrNotAwaiting, e.ID, e.State)
}

// Is makes it match ErrNotAwaiting.
func (e *NotAwaitingError) Is(target error) bool { return target == ErrNotAwaiting }

// SignatureNeededError carries the bytes to sign.
type SignatureNeededError struct{ Bytes []byte }

// Error says what to do.
func (e *SignatureNeededError) Error() string { return ErrSignatureNeeded.Error() }

// Is makes it match ErrSignatureNeeded.
func (e *SignatureNeededError) Is(target error) bool { return target == ErrSignatureNeeded }

// holdIfOverLimit holds o for approval when its amount is above its maker's
// limit: it returns an *AwaitingApprovalError once the hold is durable, a
// *DepositError when the deposit cannot cover it, or nil and a claim on
// the maker's day total when o may be sent: the caller ends the claim
// with the transaction it begins (or nil), see daytotal.go.
func (s *Service) holdIfOverLimit(o Order, phone, shiftID string) (*dayClaim, error) {
	why, over, claim, err := s.overLimit(o)
	if err != nil || !over {
		return claim, err
	}
	defer claim.end(nil)
	a, err := s.db.HoldApproval(ledger.NewApproval{
		Kind: o.Quote.Kind, CustomerNumber: phone, CustomerName: o.Quote.Name, SessionID: o.Quote.SessionID,
		Amount: o.Quote.Amount, Fee: o.Quote.Fee, Outlet: s.cfg.Outlet, ShiftID: shiftID, Maker: o.Operator,
		MakerRole: string(o.Role), From: o.From, Hold: why, ExpiresAt: s.now().Add(s.cfg.ApprovalExpiry),
	})
	if err != nil {
		var de *ledger.InsufficientDepositError
		if errors.As(err, &de) {
			return nil, &DepositError{Amount: o.Quote.Amount, Available: de.Available, Unread: s.depositUnread()}
		}
		return nil, fmt.Errorf("holding the transaction for approval: %w", err)
	}
	s.noteDay(nil, &a)
	s.log.Info("held for approval", "approval", a.ID, "kind", a.Kind, "amount", a.Amount, "maker", a.Maker, "why", why.Code, "limit", why.Limit)
	return nil, &AwaitingApprovalError{Approval: a}
}

// HoldReason is which of its maker's limits a held transaction is above
// (ledger.HoldReason); the catalog says it in the reader's language.
type HoldReason = ledger.HoldReason

// The limits a transaction may be held above.
const (
	HoldAboveTxn = ledger.HoldAboveTxn
	HoldAboveDay = ledger.HoldAboveDay
)

// overLimit says which limit of its maker's role o is above (over false
// for none). When a per-day limit applies and o fits, claim holds its
// place in the day total until ended (daytotal.go); when o is over it, a
// claim may still be returned (a lock held until the hold is written).
func (s *Service) overLimit(o Order) (why HoldReason, over bool, claim *dayClaim, err error) {
	if o.Role == "" {
		return why, false, nil, nil
	}
	lim := s.cfg.Limits[o.Role][o.Quote.Kind]
	amt := o.Quote.Amount
	if lim.PerTxn > 0 && amt > lim.PerTxn {
		return HoldReason{Code: HoldAboveTxn, Amount: amt, Limit: lim.PerTxn, Role: string(o.Role)}, true, nil, nil
	}
	if lim.PerDay <= 0 {
		return why, false, nil, nil
	}
	claim, day, over, err := s.claimDay(o.Operator, o.Quote.Kind, amt, lim.PerDay)
	if err != nil {
		return why, false, nil, err
	}
	if over {
		return HoldReason{Code: HoldAboveDay, Amount: day, Limit: lim.PerDay, Role: string(o.Role)}, true, claim, nil
	}
	return why, false, claim, nil
}

// The English texts older ledgers stored as an approval's Why.
var (
	legacyAboveTxn = regexp.MustCompile(`^Rp([0-9.]+) above the (\w+) limit Rp([0-9.]+) per transaction$`)
	legacyAboveDay = regexp.MustCompile(`^Rp([0-9.]+) today with this one, above the (\w+) limit Rp([0-9.]+) a day$`)
)

// HoldReasonOf is why a is held, as data: its Hold, or, for an approval an
// older ledger kept as English text, that text read back; ok is false when
// neither says (then a.Why, if any, is all there is).
func HoldReasonOf(a Approval) (HoldReason, bool) {
	if a.Hold != nil {
		return *a.Hold, true
	}
	for code, re := range map[ledger.HoldCode]*regexp.Regexp{HoldAboveTxn: legacyAboveTxn, HoldAboveDay: legacyAboveDay} {
		if m := re.FindStringSubmatch(a.Why); m != nil {
			amt, err1 := strconv.ParseInt(strings.ReplaceAll(m[1], ".", ""), 10, 64)
			lim, err2 := strconv.ParseInt(strings.ReplaceAll(m[3], ".", ""), 10, 64)
			if err1 == nil && err2 == nil {
				return HoldReason{Code: code, Amount: amt, Limit: lim, Role: m[2]}, true
			}
		}
	}
	return HoldReason{}, false
}

// ApprovalBytes are the canonical bytes an approver signs (SSHSIG,
// namespace ApprovalNamespace): every fact of the transaction, its maker,
// the ledger it belongs to and the approver. The same approval always has
// the same bytes, so a signature can be verified later with the public key
// alone (`ssh-keygen -Y verify`).
func (s *Service) ApprovalBytes(a ledger.Approval, approver string) []byte {
	meta, _ := s.db.Meta()
	return ApprovalBytes(meta.InstallationID, a, approver)
}

// ApprovalBytes is Service.ApprovalBytes for the ledger installation.
func ApprovalBytes(installation string, a ledger.Approval, approver string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "ovocashier approval v1\n")
	fmt.Fprintf(&b, "ledger: %s\n", installation)
	fmt.Fprintf(&b, "approval: %s\n", a.ID)
	fmt.Fprintf(&b, "kind: %s\n", a.Kind)
	fmt.Fprintf(&b, "customer: %s\n", a.CustomerNumber)
	fmt.Fprintf(&b, "name: %s\n", oneLine(a.CustomerName))
	fmt.Fprintf(&b, "amount: %d\n", a.Amount)
	fmt.Fprintf(&b, "fee: %d\n", a.Fee)
	fmt.Fprintf(&b, "maker: %s\n", oneLine(a.Maker))
	fmt.Fprintf(&b, "created: %s\n", a.CreatedAt.UTC().Format(time.RFC3339Nano))
	fmt.Fprintf(&b, "approver: %s\n", oneLine(approver))
	return []byte(b.String())
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune { return map[bool]rune{true: ' ', false: r}[r < 0x20] }, s)
}

// FindApproval finds an approval by its id, or by the reference or receipt
// number of the transaction it became.
func (s *Service) FindApproval(id string) (ledger.Approval, error) {
	a, err := s.db.Approval(strings.ToUpper(strings.TrimSpace(id)))
	if err == nil || !errors.Is(err, ledger.ErrApprovalNotFound) {
		return a, err
	}
	ref := id
	if t, terr := s.db.GetByReceipt(strings.ToUpper(id)); terr == nil {
		ref = t.PartnerReferenceNo
	}
	all, lerr := s.db.Approvals(false)
	if lerr != nil {
		return ledger.Approval{}, lerr
	}
	for _, x := range all {
		if x.Ref != "" && x.Ref == ref {
			return x, nil
		}
	}
	return ledger.Approval{}, err
}

// Approvals lists the approvals held (awaiting or approved and not yet
// sent), oldest first, after releasing the expired ones.
func (s *Service) Approvals() ([]ledger.Approval, error) {
	s.expireDue()
	return s.db.Approvals(true)
}

// decidable checks that by may decide a: a supervisor or owner, not its
// maker, and a still awaiting.
func (s *Service) decidable(a ledger.Approval, by Actor, what string) error {
	if err := Allow(by.Role, what); err != nil {
		return err
	}
	if strings.EqualFold(strings.TrimSpace(a.Maker), strings.TrimSpace(by.Name)) {
		return ErrOwnApproval
	}
	if a.State != ledger.ApprovalAwaiting {
		return &NotAwaitingError{ID: a.ID, State: a.State}
	}
	if !s.now().Before(a.ExpiresAt) {
		s.expireDue()
		return &NotAwaitingError{ID: a.ID, State: ledger.ApprovalExpired, Expired: a.ExpiresAt}
	}
	return nil
}

// Approve approves approval id by the supervisor by, then sends it (once)
// and returns the transaction's outcome. Over SSH (by.Key set) sig must be
// an SSHSIG signature of ApprovalBytes(a, by.Name) by that key in namespace
// ApprovalNamespace: without one, a *SignatureNeededError carries the bytes
// to sign and nothing changes. Locally the caller has checked by's PIN
// (Login). The maker cannot approve their own.
func (s *Service) Approve(ctx context.Context, id string, by Actor, sig []byte) (ledger.Approval, Result, error) {
	a, err := s.FindApproval(id)
	if err != nil {
		return ledger.Approval{}, Result{}, err
	}
	if err := s.decidable(a, by, "approve"); err != nil {
		return a, Result{}, err
	}
	d := ledger.Decision{Approve: true, Approver: by.Name, Role: string(by.Role), From: by.From}
	if by.Key != nil {
		msg := s.ApprovalBytes(a, by.Name)
		if len(sig) == 0 {
			return a, Result{}, &SignatureNeededError{Bytes: msg}
		}
		if err := VerifySSHSig(sig, ApprovalNamespace, msg, by.Key); err != nil {
			return a, Result{}, err
		}
		pub, err := ssh.ParsePublicKey(by.Key)
		if err != nil {
			return a, Result{}, err
		}
		d.Fingerprint, d.PublicKey, d.Sig = ssh.FingerprintSHA256(pub), strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub))), string(sig)
	}
	a, err = s.decide(a.ID, d)
	if err != nil {
		return a, Result{}, err
	}
	s.log.Info("approved", "approval", a.ID, "approver", by.Name, "from", by.From, "fingerprint", d.Fingerprint)
	if s.appr.afterApprove != nil {
		s.appr.afterApprove(a.ID)
	}
	res, sent, err := s.dispatch(ctx, a.ID)
	if errors.Is(err, ledger.ErrApprovalState) {
		// Dispatched meanwhile by the start-up pass: it was sent once, there.
		if now, gerr := s.db.Approval(a.ID); gerr == nil && now.State == ledger.ApprovalSent {
			t, _ := s.db.Get(now.Ref)
			return now, Result{Txn: t}, nil
		}
	}
	if err != nil {
		return a, Result{}, err
	}
	return sent, res, nil
}

// Reject rejects approval id by the supervisor by, with reason: it is
// released and never sent.
func (s *Service) Reject(id string, by Actor, reason string) (ledger.Approval, error) {
	if strings.TrimSpace(reason) == "" {
		return ledger.Approval{}, fmt.Errorf("%w: a rejection needs a reason", ErrInvalidInput)
	}
	a, err := s.FindApproval(id)
	if err != nil {
		return ledger.Approval{}, err
	}
	if err := s.decidable(a, by, "reject"); err != nil {
		return a, err
	}
	d := ledger.Decision{Approver: by.Name, Role: string(by.Role), From: by.From, Reason: reason}
	if by.Key != nil {
		if pub, err := ssh.ParsePublicKey(by.Key); err == nil {
			d.Fingerprint = ssh.FingerprintSHA256(pub)
		}
	}
	a, err = s.decide(a.ID, d)
	if err == nil {
		s.log.Info("rejected", "approval", a.ID, "approver", by.Name, "from", by.From, "reason", reason)
		s.refreshSoon()
	}
	return a, err
}

// decide records d on approval id; one decided meanwhile (by another
// session) is a *NotAwaitingError naming its state now.
func (s *Service) decide(id string, d ledger.Decision) (ledger.Approval, error) {
	a, err := s.db.DecideApproval(id, d)
	if err == nil {
		s.noteDay(nil, &a)
	}
	if errors.Is(err, ledger.ErrApprovalState) {
		if now, gerr := s.db.Approval(id); gerr == nil {
			return now, &NotAwaitingError{ID: id, State: now.State}
		}
	}
	return a, err
}

// dispatch begins approved approval id as a pending transaction (one
// commit) and sends it. An approval already dispatched is refused by the
// ledger, so it is sent at most once.
func (s *Service) dispatch(ctx context.Context, id string) (Result, ledger.Approval, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Result{}, ledger.Approval{}, ErrClosed
	}
	s.work.Add(1)
	s.mu.Unlock()
	defer s.work.Done()
	txn, a, err := s.db.DispatchApproval(id, s.ids.Next(s.now()))
	if err != nil {
		var de *ledger.InsufficientDepositError
		if errors.As(err, &de) {
			s.log.Error("an approved transaction cannot be reserved against the deposit now; it stays approved and is retried", "approval", id, "err", err)
			return Result{}, a, &DepositError{Amount: de.Amount, Available: de.Available}
		}
		return Result{}, a, err
	}
	s.noteDay(&txn, &a)
	return s.sendBegun(ctx, txn), a, nil
}

// approvalLoop sends the approved approvals a crash left undispatched, then
// releases expired ones every half minute until ctx ends.
func (s *Service) approvalLoop(ctx context.Context) {
	if held, err := s.db.Approvals(true); err == nil {
		for _, a := range held {
			if a.State == ledger.ApprovalApproved && ctx.Err() == nil {
				s.log.Info("sending an approved transaction left by the last run", "approval", a.ID)
				if _, _, err := s.dispatch(ctx, a.ID); err != nil && !errors.Is(err, ledger.ErrApprovalState) {
					s.log.Warn("approved transaction not sent yet", "approval", a.ID, "err", err)
				}
			}
		}
	}
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		s.expireDue()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// expireDue releases every awaiting approval whose time is up.
func (s *Service) expireDue() {
	s.appr.sweep.Lock()
	defer s.appr.sweep.Unlock()
	held, err := s.db.Approvals(true)
	if err != nil {
		return
	}
	now := s.now()
	for _, a := range held {
		if a.State == ledger.ApprovalAwaiting && !now.Before(a.ExpiresAt) {
			if x, err := s.db.ExpireApproval(a.ID); err == nil {
				s.noteDay(nil, &x)
				s.log.Info("approval expired; released, never sent", "approval", a.ID, "maker", a.Maker, "amount", a.Amount)
				s.refreshSoon()
			}
		}
	}
}

// Approval is an approval as the ledger keeps it (for the screens, which
// go through this package).
type Approval = ledger.Approval

// ApprovalRejected is the state of a rejected approval.
const ApprovalRejected = ledger.ApprovalRejected
