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
	Why            string        `json:"why,omitempty"` // which limit it is above
	CreatedAt      time.Time     `json:"createdAt"`
	ExpiresAt      time.Time     `json:"expiresAt"`
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

// NewApproval is the input of HoldApproval.
type NewApproval struct {
	Kind                                    Kind
	CustomerNumber, CustomerName, SessionID string
	Amount, Fee                             int64
	Outlet, ShiftID, Maker, MakerRole, From string
	Why                                     string
	ExpiresAt                               time.Time
}

// Decision is the input of DecideApproval.
type Decision struct {
	Approve                                           bool
	Approver, Role, From, Fingerprint, PublicKey, Sig string
	Reason                                            string
}
