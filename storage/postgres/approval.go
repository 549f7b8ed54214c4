package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Approvals (migration 0011), with the bbolt ledger's semantics
// (storage/approval.go): a transaction above its maker's limit is held
// here, its amount reserved against the deposit mirror, until a supervisor
// approves it (then DispatchApproval begins it as any other transaction) or
// rejects it, or it expires (the reservation is released, nothing is ever
// sent). Every change locks the approval's row (FOR UPDATE), so two
// supervisors deciding at once, or two processes dispatching the same
// approval, change it once: the second finds it no longer in the state it
// needs (ledger.ErrApprovalState).
//
//	awaiting ──► approved ──► sent (a pending transaction, Ref)
//	awaiting ──► rejected | expired
//
// Lists keep the handle's outlet when it has one.

// HoldApproval records a transaction awaiting approval in one commit: it
// reserves the amount against the deposit (an
// *ledger.InsufficientDepositError when more than Available, whatever the
// number of processes reserving at once) and appends "hold" to the audit
// trail. Nothing is sent.
func (db *DB) HoldApproval(n ledger.NewApproval) (ledger.Approval, error) {
	nt := ledger.NewTxn{Kind: n.Kind, CustomerNumber: n.CustomerNumber, Amount: n.Amount, Fee: n.Fee}
	if err := nt.Validate(); err != nil {
		return ledger.Approval{}, err
	}
	var out ledger.Approval
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		if err := reserveDeposit(ctx, tx, n.Amount); err != nil {
			return err
		}
		var seq int64
		if err := tx.QueryRow(ctx, `SELECT nextval('approval_seq')`).Scan(&seq); err != nil {
			return err
		}
		now := db.nowUTC()
		hold := n.Hold
		out = ledger.Approval{ID: ledger.ApprovalID(uint64(seq)), Kind: n.Kind, State: ledger.ApprovalAwaiting, CustomerNumber: n.CustomerNumber,
			CustomerName: n.CustomerName, Amount: n.Amount, Fee: n.Fee, SessionID: n.SessionID, Outlet: n.Outlet, ShiftID: n.ShiftID,
			Maker: n.Maker, MakerRole: n.MakerRole, MakerFrom: n.From, Hold: &hold, CreatedAt: now, ExpiresAt: n.ExpiresAt.UTC()}
		doc, err := json.Marshal(out)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO approvals (id, outlet_id, state, amount, doc) VALUES ($1, $2, $3, $4, $5)`,
			out.ID, db.outlet, string(out.State), out.Amount, string(doc)); err != nil {
			return err
		}
		_, err = db.appendAudit(ctx, tx, ledger.AuditEntry{Who: n.Maker, Role: n.MakerRole, From: n.From, Action: "hold", Ref: out.ID,
			Amount: n.Amount, Detail: fmt.Sprintf("%s %s %d > %d (%s)", n.Kind, n.Hold.Code, n.Hold.Amount, n.Hold.Limit, n.Hold.Role)}, now)
		return err
	})
	if err != nil {
		return ledger.Approval{}, err
	}
	return out, nil
}

// DecideApproval approves or rejects an awaiting approval in one commit,
// with the decision and an "approve" or "reject" audit record. A rejection
// releases the reservation; an approval keeps it until DispatchApproval.
// One that is not awaiting is refused with ledger.ErrApprovalState.
func (db *DB) DecideApproval(id string, d ledger.Decision) (ledger.Approval, error) {
	return db.changeApproval(id, func(ctx context.Context, tx pgx.Tx, a *ledger.Approval, now time.Time) error {
		if a.State != ledger.ApprovalAwaiting {
			return fmt.Errorf("%w: %s is %s", ledger.ErrApprovalState, a.ID, a.State)
		}
		a.Approver, a.ApproverRole, a.ApproverFrom, a.Fingerprint, a.PublicKey, a.Signature, a.Reason =
			d.Approver, d.Role, d.From, d.Fingerprint, d.PublicKey, d.Sig, d.Reason
		a.DecidedAt = now
		action, detail := "approve", a.Fingerprint
		if d.Approve {
			a.State = ledger.ApprovalApproved
		} else {
			a.State, action, detail = ledger.ApprovalRejected, "reject", d.Reason
			if err := releaseDeposit(ctx, tx, a.Amount); err != nil {
				return err
			}
		}
		_, err := db.appendAudit(ctx, tx, ledger.AuditEntry{Who: d.Approver, Role: d.Role, From: d.From, Action: action, Ref: a.ID,
			Amount: a.Amount, Detail: detail}, now)
		return err
	})
}

// ExpireApproval releases an awaiting approval whose time is up (at or
// after ExpiresAt by the ledger's clock): expired, never sent. One not
// awaiting, or not yet due, is refused with ledger.ErrApprovalState.
func (db *DB) ExpireApproval(id string) (ledger.Approval, error) {
	return db.changeApproval(id, func(ctx context.Context, tx pgx.Tx, a *ledger.Approval, now time.Time) error {
		if a.State != ledger.ApprovalAwaiting || now.Before(a.ExpiresAt) {
			return fmt.Errorf("%w: %s is %s until %s", ledger.ErrApprovalState, a.ID, a.State, a.ExpiresAt.Format(time.RFC3339))
		}
		a.State, a.DecidedAt = ledger.ApprovalExpired, now
		if err := releaseDeposit(ctx, tx, a.Amount); err != nil {
			return err
		}
		_, err := db.appendAudit(ctx, tx, ledger.AuditEntry{Who: "ovocashier", From: "ovocashier", Action: "expire", Ref: a.ID, Amount: a.Amount}, now)
		return err
	})
}

// DispatchApproval turns an approved approval into a pending transaction in
// one commit: its reservation moves to the transaction (Begin's checks and
// audit record apply), the approval becomes sent with the transaction's
// reference. When it returns nil the transaction is durable and may be
// sent; the approval can never be dispatched again, by this process or
// another. One not approved is refused with ledger.ErrApprovalState.
func (db *DB) DispatchApproval(id, externalID string) (ledger.Txn, ledger.Approval, error) {
	var t ledger.Txn
	a, err := db.changeApproval(id, func(ctx context.Context, tx pgx.Tx, a *ledger.Approval, now time.Time) error {
		if a.State != ledger.ApprovalApproved {
			return fmt.Errorf("%w: %s is %s", ledger.ErrApprovalState, a.ID, a.State)
		}
		if err := releaseDeposit(ctx, tx, a.Amount); err != nil {
			return err
		}
		var err error
		t, err = db.begin(ctx, tx, ledger.NewTxn{Kind: a.Kind, CustomerNumber: a.CustomerNumber, CustomerName: a.CustomerName, Amount: a.Amount,
			Fee: a.Fee, Operator: a.Maker, Outlet: a.Outlet, ExternalID: externalID, SessionID: a.SessionID, ShiftID: a.ShiftID,
			Origin: a.MakerFrom + " approved " + a.ID + " by " + a.Approver}, now)
		if err != nil {
			return err
		}
		a.State, a.Ref = ledger.ApprovalSent, t.PartnerReferenceNo
		return nil
	})
	if err != nil {
		return ledger.Txn{}, ledger.Approval{}, err
	}
	return t, a, nil
}

// Approval returns the approval id, or an error matching
// ledger.ErrApprovalNotFound.
func (db *DB) Approval(id string) (ledger.Approval, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Approval{}, err
	}
	defer cancel()
	a, _, err := db.getApproval(ctx, db.pool, id, "")
	return a, db.wrap(err)
}

// Approvals returns the approvals, oldest first: only those held (awaiting
// or approved) when held is true, else every one (of this handle's outlet
// when it has one).
func (db *DB) Approvals(held bool) ([]ledger.Approval, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return nil, err
	}
	defer cancel()
	rows, err := db.pool.Query(ctx, `SELECT doc FROM approvals
		WHERE ($1 = '' OR outlet_id = $1) AND (NOT $2 OR state IN ('awaiting_approval', 'approved')) ORDER BY id`, db.outlet, held)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := collectDocs[ledger.Approval](rows, "approval")
	return out, db.wrap(err)
}

// changeApproval locks approval id, lets change modify it, and stores it,
// in one commit.
func (db *DB) changeApproval(id string, change func(context.Context, pgx.Tx, *ledger.Approval, time.Time) error) (ledger.Approval, error) {
	var out ledger.Approval
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		a, k, err := db.getApproval(ctx, tx, id, "FOR UPDATE")
		if err != nil {
			return err
		}
		if err := change(ctx, tx, &a, db.nowUTC()); err != nil {
			return err
		}
		doc, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE approvals SET state = $2, doc = $3 WHERE id = $1 AND outlet_id = $4`, k.id, string(a.State), string(doc), k.outlet); err != nil {
			return err
		}
		out = a
		return nil
	})
	if err != nil {
		return ledger.Approval{}, err
	}
	return out, nil
}

// getApproval reads approval id (of this handle's outlet, else of the one
// outlet holding it: see ownerOf), locking its row with lock, and names
// the row.
func (db *DB) getApproval(ctx context.Context, q querier, id, lock string) (ledger.Approval, owned, error) {
	return getOwned[ledger.Approval](ctx, q, "approvals", "approval", id, db.outlet, lock, fmt.Errorf("%w: %s", ledger.ErrApprovalNotFound, id))
}
