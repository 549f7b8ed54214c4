package ledger

import (
	"errors"
	"time"
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
var ErrApprovalState = errors.New("ledger: the approval is not in that state")

// ErrApprovalNotFound: no approval with that id.
var ErrApprovalNotFound = errors.New("ledger: approval not found")

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
