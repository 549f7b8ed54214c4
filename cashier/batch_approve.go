package cashier

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// ErrSameOperator is matched when the operator who loaded a batch tries to
// approve it: a batch needs a second person.
var ErrSameOperator = errors.New("the operator who loaded a batch cannot approve it")

// ErrBatchState is matched when a batch is not in a state that allows what
// was asked (not checked yet, already approved, not approved, changed
// since the approver looked).
var ErrBatchState = ledger.ErrBatchState

// mayApproveBatch is the one place that decides who may approve batch b:
// a named operator who is not the one who loaded it, and whose role is a
// supervisor's or an owner's (Needs["batch approve"]; the empty role,
// roles not in use, may).
func mayApproveBatch(b ledger.Batch, by Actor) error {
	approver := strings.TrimSpace(by.Name)
	switch {
	case approver == "":
		return invalid("an operator name is needed to approve a batch")
	case strings.EqualFold(approver, strings.TrimSpace(b.LoadedBy)):
		return fmt.Errorf("%w: %s loaded batch %s", ErrSameOperator, b.LoadedBy, b.ID)
	}
	return Allow(by.Role, "batch approve")
}

// ApproveBatch approves batch id as a whole for by: every row must
// be checked, and rows and total — the count and sum of the rows ready to
// send, as the approver was shown them — must still be what the batch
// holds. In one commit the total is checked against the deposit mirror's
// available amount and reserved for the batch; a batch larger than the
// available deposit is refused with a *DepositError (its Amount less
// Available is the shortfall). The loader cannot approve
// (ErrSameOperator), nor a cashier (a *RoleError matching ErrRole). The
// approval is in the audit trail with who, from where and the total.
//
// The deposit is read from OVO first (a reading that fails leaves the
// mirror as it was, and a mirror never read refuses the approval).
func (s *Service) ApproveBatch(ctx context.Context, id string, by Actor, rows int, total int64) (ledger.Batch, error) {
	b, err := s.db.GetBatch(id)
	if err != nil {
		return b, batchErr(err)
	}
	if err := mayApproveBatch(b, by); err != nil {
		return b, err
	}
	if _, err := s.RefreshDeposit(ctx); err != nil {
		s.log.Warn("deposit refresh before a batch approval failed", "batch", id, "err", err)
	}
	// The audit record is written in the approval's own commit.
	ab, err := s.db.ApproveBatch(id, strings.TrimSpace(by.Name), rows, total, ledger.AuditEntry{Who: by.Name, Role: string(by.Role), From: by.From,
		Detail: fmt.Sprintf("%d rows, loaded by %s", rows, b.LoadedBy)})
	var de *ledger.InsufficientDepositError
	if errors.As(err, &de) {
		return b, &DepositError{Amount: total, Available: de.Available, Unread: s.depositUnread()}
	}
	if err != nil {
		return b, err
	}
	s.log.Info("batch approved", "batch", id, "rows", rows, "total", total, "approver", by.Name, "loader", b.LoadedBy)
	if s.appr.afterBatchApprove != nil {
		s.appr.afterBatchApprove(id)
	}
	d, _ := s.db.Deposit()
	s.publish(Event{Deposit: &d})
	return ab, nil
}
