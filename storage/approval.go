package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

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

// ApprovalState is where an approval is.
type ApprovalState string

// The states of an approval.
const (
	ApprovalAwaiting ApprovalState = "awaiting_approval" // held; nothing sent; amount reserved
	ApprovalApproved ApprovalState = "approved"          // approved; to be sent (still reserved)
	ApprovalSent     ApprovalState = "sent"              // begun as transaction Ref, in the same commit
	ApprovalRejected ApprovalState = "rejected"          // released; never sent
	ApprovalExpired  ApprovalState = "expired"           // released; never sent
)

// Held reports whether the approval's amount is reserved (awaiting or approved).
func (s ApprovalState) Held() bool { return s == ApprovalAwaiting || s == ApprovalApproved }

// ErrApprovalState: the approval is not in the state the change needs (it
// was decided already, sent, or expired). The text names its state.
var ErrApprovalState = errors.New("storage: the approval is not in that state")

// ErrApprovalNotFound: no approval with that id.
var ErrApprovalNotFound = errors.New("storage: approval not found")

// Approval is a transaction held for a supervisor's approval, and the
// decision. Money in integer rupiah, times UTC.
type Approval struct {
	ID             string        `json:"id"`
	Kind           Kind          `json:"kind"`
	State          ApprovalState `json:"state"`
	CustomerNumber string        `json:"customerNumber"`
	CustomerName   string        `json:"customerName"`
	Amount         int64         `json:"amount"`
	Fee            int64         `json:"fee"`
	SessionID      string        `json:"sessionId,omitempty"`
	Outlet         string        `json:"outlet,omitempty"`
	ShiftID        string        `json:"shiftId,omitempty"`
	Maker          string        `json:"maker"`
	MakerRole      string        `json:"makerRole,omitempty"`
	MakerFrom      string        `json:"makerFrom,omitempty"`
	// Hold is which limit it is above, as data (the catalog words it).
	Hold *HoldReason `json:"hold,omitempty"`
	// Why is the English text older ledgers kept instead of Hold.
	Why       string    `json:"why,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
	// The decision.
	Approver     string    `json:"approver,omitempty"`
	ApproverRole string    `json:"approverRole,omitempty"`
	ApproverFrom string    `json:"approverFrom,omitempty"`
	Fingerprint  string    `json:"fingerprint,omitempty"` // the approver's SSH key, SHA256:…
	PublicKey    string    `json:"publicKey,omitempty"`   // that key, authorized_keys form
	Signature    string    `json:"signature,omitempty"`   // SSHSIG (armored) over the canonical bytes
	Reason       string    `json:"reason,omitempty"`      // of a rejection
	DecidedAt    time.Time `json:"decidedAt,omitzero"`
	Ref          string    `json:"ref,omitempty"` // the transaction it became
}

// HoldReason is which of its maker's limits a held transaction is above:
// a code and its numbers, which the catalog says in the reader's language.
type HoldReason struct {
	Code   HoldCode `json:"code"`
	Amount int64    `json:"amount"` // the transaction's amount (HoldAboveTxn), or the maker's day total with it (HoldAboveDay)
	Limit  int64    `json:"limit"`  // the limit it is above, rupiah
	Role   string   `json:"role"`   // the role whose limit it is
}

// HoldCode names a limit a transaction waits for approval above.
type HoldCode string

// The limits a transaction may be held above.
const (
	HoldAboveTxn HoldCode = "above_txn_limit" // its amount is above the per-transaction limit
	HoldAboveDay HoldCode = "above_day_limit" // the maker's day total with it is above the per-day limit
)

// NewApproval is the input of HoldApproval.
type NewApproval struct {
	Kind                                    Kind
	CustomerNumber, CustomerName, SessionID string
	Amount, Fee                             int64
	Outlet, ShiftID, Maker, MakerRole, From string
	Hold                                    HoldReason
	ExpiresAt                               time.Time
}

// Decision is the input of DecideApproval.
type Decision struct {
	Approve                                           bool
	Approver, Role, From, Fingerprint, PublicKey, Sig string
	Reason                                            string
}

// HoldApproval records a transaction awaiting approval in one commit: it
// checks the amount against the deposit Available (an
// *InsufficientDepositError otherwise), reserves it, and appends "hold" to
// the audit trail. Nothing is sent.
func (db *DB) HoldApproval(n NewApproval) (Approval, error) {
	nt := NewTxn{Kind: n.Kind, CustomerNumber: n.CustomerNumber, Amount: n.Amount, Fee: n.Fee}
	if err := nt.validate(); err != nil {
		return Approval{}, err
	}
	var out Approval
	err := db.write(func(tx *bolt.Tx) error {
		dep := readDeposit(tx)
		if n.Amount > dep.Available {
			return &InsufficientDepositError{Available: dep.Available, Amount: n.Amount}
		}
		seq, err := nextSeq(tx.Bucket(bucketMeta), keySeqApproval, maxShiftSeq)
		if err != nil {
			return err
		}
		now := db.nowUTC()
		hold := n.Hold
		out = Approval{ID: fmt.Sprintf("A%08d", seq), Kind: n.Kind, State: ApprovalAwaiting, CustomerNumber: n.CustomerNumber,
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
