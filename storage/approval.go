package storage

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// Approvals (issue 14): a transaction above its maker's limit is held here,
// its amount reserved against the deposit mirror, until a supervisor
// approves it (then it is begun and sent as any other) or rejects it, or it
// expires (then the reservation is released and nothing is ever sent).
//
// Buckets (created by the first approval):
//
//	approvals       approval id → Approval as JSON
//	approvals_held  approval id → nil, for every approval awaiting or approved (its amount is in Reserved)
//
//	awaiting ──► approved ──► sent (a pending transaction, Ref)
//	awaiting ──► rejected | expired
var (
	bucketApprovals     = []byte("approvals")
	bucketApprovalsHeld = []byte("approvals_held")
	keySeqApproval      = []byte("seq_approval")
)

// HoldApproval records a transaction awaiting approval in one commit: it
// checks the amount against the deposit Available (an
// *InsufficientDepositError otherwise), reserves it, and appends "hold" to
// the audit trail. Nothing is sent.
func (db *DB) HoldApproval(n NewApproval) (Approval, error) {
	nt := NewTxn{Kind: n.Kind, CustomerNumber: n.CustomerNumber, Amount: n.Amount, Fee: n.Fee}
	if err := nt.Validate(); err != nil {
		return Approval{}, err
	}
	var out Approval
	err := db.write(func(tx *bolt.Tx) error {
		dep := readDeposit(tx)
		if n.Amount > dep.Available {
			return &InsufficientDepositError{Available: dep.Available, Amount: n.Amount}
		}
		seq, err := nextSeq(tx.Bucket(bucketMeta), keySeqApproval, ledger.MaxIDSeq)
		if err != nil {
			return err
		}
		now := db.nowUTC()
		hold := n.Hold
		out = Approval{ID: ledger.ApprovalID(seq), Kind: n.Kind, State: ApprovalAwaiting, CustomerNumber: n.CustomerNumber,
			CustomerName: n.CustomerName, Amount: n.Amount, Fee: n.Fee, SessionID: n.SessionID, Outlet: n.Outlet, ShiftID: n.ShiftID,
			Maker: n.Maker, MakerRole: n.MakerRole, MakerFrom: n.From, Hold: &hold, CreatedAt: now, ExpiresAt: clean(n.ExpiresAt)}
		if err := putApproval(tx, &out, true); err != nil {
			return err
		}
		dep.Reserved += n.Amount
		if err := writeDeposit(tx, &dep); err != nil {
			return err
		}
		_, err = appendAudit(tx, AuditEntry{Who: n.Maker, Role: n.MakerRole, From: n.From, Action: "hold", Ref: out.ID, Amount: n.Amount,
			Detail: fmt.Sprintf("%s %s %d > %d (%s)", n.Kind, n.Hold.Code, n.Hold.Amount, n.Hold.Limit, n.Hold.Role)}, now)
		return err
	})
	if err != nil {
		return Approval{}, err
	}
	return out, nil
}

// DecideApproval approves or rejects an awaiting approval in one commit,
// with the decision and an "approve" or "reject" audit record. A rejection
// releases the reservation; an approval keeps it until DispatchApproval.
// One that is not awaiting is refused with ErrApprovalState.
func (db *DB) DecideApproval(id string, d Decision) (Approval, error) {
	return db.changeApproval(id, func(tx *bolt.Tx, a *Approval, now time.Time) error {
		if a.State != ApprovalAwaiting {
			return fmt.Errorf("%w: %s is %s", ErrApprovalState, a.ID, a.State)
		}
		a.Approver, a.ApproverRole, a.ApproverFrom, a.Fingerprint, a.PublicKey, a.Signature, a.Reason =
			d.Approver, d.Role, d.From, d.Fingerprint, d.PublicKey, d.Sig, d.Reason
		a.DecidedAt = now
		action, detail := "approve", a.Fingerprint
		if d.Approve {
			a.State = ApprovalApproved
		} else {
			a.State, action, detail = ApprovalRejected, "reject", d.Reason
			if err := releaseApproval(tx, a); err != nil {
				return err
			}
		}
		_, err := appendAudit(tx, AuditEntry{Who: d.Approver, Role: d.Role, From: d.From, Action: action, Ref: a.ID, Amount: a.Amount, Detail: detail}, now)
		return err
	})
}

// ExpireApproval releases an awaiting approval whose time is up (at or
// after ExpiresAt by the ledger's clock): expired, never sent. One not
// awaiting, or not yet due, is refused with ErrApprovalState.
func (db *DB) ExpireApproval(id string) (Approval, error) {
	return db.changeApproval(id, func(tx *bolt.Tx, a *Approval, now time.Time) error {
		if a.State != ApprovalAwaiting || now.Before(a.ExpiresAt) {
			return fmt.Errorf("%w: %s is %s until %s", ErrApprovalState, a.ID, a.State, a.ExpiresAt.Format(time.RFC3339))
		}
		a.State, a.DecidedAt = ApprovalExpired, now
		if err := releaseApproval(tx, a); err != nil {
			return err
		}
		_, err := appendAudit(tx, AuditEntry{Who: "ovocashier", From: "ovocashier", Action: "expire", Ref: a.ID, Amount: a.Amount}, now)
		return err
	})
}

// DispatchApproval turns an approved approval into a pending transaction in
// one commit: its reservation moves to the transaction (Begin's checks and
// audit record apply), the approval becomes sent with the transaction's
// reference. When it returns nil the transaction is durable and may be
// sent; the approval can never be dispatched again. One not approved is
// refused with ErrApprovalState.
func (db *DB) DispatchApproval(id, externalID string) (Txn, Approval, error) {
	var t Txn
	a, err := db.changeApproval(id, func(tx *bolt.Tx, a *Approval, now time.Time) error {
		if a.State != ApprovalApproved {
			return fmt.Errorf("%w: %s is %s", ErrApprovalState, a.ID, a.State)
		}
		if err := releaseApproval(tx, a); err != nil {
			return err
		}
		var err error
		t, err = begin(tx, NewTxn{Kind: a.Kind, CustomerNumber: a.CustomerNumber, CustomerName: a.CustomerName, Amount: a.Amount,
			Fee: a.Fee, Operator: a.Maker, Outlet: a.Outlet, ExternalID: externalID, SessionID: a.SessionID, ShiftID: a.ShiftID,
			Origin: a.MakerFrom + " approved " + a.ID + " by " + a.Approver}, now)
		if err != nil {
			return err
		}
		a.State, a.Ref = ApprovalSent, t.PartnerReferenceNo
		return nil
	})
	if err != nil {
		return Txn{}, Approval{}, err
	}
	return t, a, nil
}

// Approval returns the approval id, or ErrApprovalNotFound.
func (db *DB) Approval(id string) (Approval, error) {
	var a Approval
	err := db.view(func(tx *bolt.Tx) (err error) {
		a, err = getApproval(tx, id)
		return err
	})
	return a, err
}

// Approvals returns the approvals, oldest first: only those held (awaiting
// or approved) when held is true, else every one.
func (db *DB) Approvals(held bool) ([]Approval, error) {
	var out []Approval
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketApprovals)
		if b == nil {
			return nil
		}
		if held {
			hb := tx.Bucket(bucketApprovalsHeld)
			return hb.ForEach(func(k, _ []byte) error {
				a, err := getApproval(tx, string(k))
				if err == nil {
					out = append(out, a)
				}
				return err
			})
		}
		return b.ForEach(func(k, v []byte) error {
			var a Approval
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("storage: decode approval %s: %w", k, err)
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}

// changeApproval loads approval id, lets change modify it, and stores it,
// in one commit.
func (db *DB) changeApproval(id string, change func(*bolt.Tx, *Approval, time.Time) error) (Approval, error) {
	var out Approval
	err := db.write(func(tx *bolt.Tx) error {
		a, err := getApproval(tx, id)
		if err != nil {
			return err
		}
		if err := change(tx, &a, db.nowUTC()); err != nil {
			return err
		}
		out = a
		return putApproval(tx, &a, a.State.Held())
	})
	if err != nil {
		return Approval{}, err
	}
	return out, nil
}

// releaseApproval takes a's amount out of Reserved and a out of the held set.
func releaseApproval(tx *bolt.Tx, a *Approval) error {
	dep := readDeposit(tx)
	dep.Reserved -= a.Amount
	if err := writeDeposit(tx, &dep); err != nil {
		return err
	}
	return tx.Bucket(bucketApprovalsHeld).Delete([]byte(a.ID))
}

func getApproval(tx *bolt.Tx, id string) (Approval, error) {
	b := tx.Bucket(bucketApprovals)
	var v []byte
	if b != nil {
		v = b.Get([]byte(id))
	}
	if v == nil {
		return Approval{}, fmt.Errorf("%w: %s", ErrApprovalNotFound, id)
	}
	var a Approval
	if err := json.Unmarshal(v, &a); err != nil {
		return Approval{}, fmt.Errorf("storage: decode approval %s: %w", id, err)
	}
	return a, nil
}

// putApproval stores a, and puts it in the held set when held.
func putApproval(tx *bolt.Tx, a *Approval, held bool) error {
	b, err := tx.CreateBucketIfNotExists(bucketApprovals)
	if err != nil {
		return err
	}
	hb, err := tx.CreateBucketIfNotExists(bucketApprovalsHeld)
	if err != nil {
		return err
	}
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := b.Put([]byte(a.ID), v); err != nil {
		return err
	}
	if held {
		return hb.Put([]byte(a.ID), nil)
	}
	return nil
}

// heldApprovals is the sum of the amounts of the approvals held: part of
// the deposit's Reserved (Check).
func heldApprovals(tx *bolt.Tx) (sum int64) {
	hb := tx.Bucket(bucketApprovalsHeld)
	if hb == nil {
		return 0
	}
	hb.ForEach(func(k, _ []byte) error {
		if a, err := getApproval(tx, string(k)); err == nil {
			sum += a.Amount
		}
		return nil
	})
	return sum
}
