package ledger

import (
	"fmt"
	"strings"
	"time"
)

// Kind is what a transaction does with the merchant deposit.
type Kind string

// The kinds of transaction. Both move money out of the merchant deposit.
const (
	KindTopUp    Kind = "topup"    // top up a customer's OVO Cash
	KindDisburse Kind = "disburse" // disburse to a customer's OVO account
)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool { return k == KindTopUp || k == KindDisburse }

// State is where a transaction is in its life:
//
//	pending ──► success | failed | unknown
//	unknown ──► success | failed | unknown
//
// success and failed are final and never change.
type State string

// The states of a transaction.
const (
	StatePending State = "pending" // written before the money call; outcome not yet known
	StateSuccess State = "success" // OVO confirmed it; deposit mirror debited; has a receipt
	StateFailed  State = "failed"  // OVO definitely refused it; reservation released
	StateUnknown State = "unknown" // outcome not known yet; must be reconciled; reservation kept
)

// Final reports whether s is success or failed: a state that never changes.
func (s State) Final() bool { return s == StateSuccess || s == StateFailed }

// Valid reports whether s is one of the known states.
func (s State) Valid() bool { return s == StatePending || s.Final() || s == StateUnknown }

// Txn is one transaction as stored, keyed by its PartnerReferenceNo. A Txn
// returned by a ledger is a copy; changing it changes nothing stored. Its
// times are in UTC (without a monotonic reading), so a Txn compares equal
// to itself read back later.
type Txn struct {
	PartnerReferenceNo string    `json:"partnerReferenceNo"` // key; unique forever
	Kind               Kind      `json:"kind"`
	State              State     `json:"state"`
	CustomerNumber     string    `json:"customerNumber"` // phone, 08… form
	CustomerName       string    `json:"customerName"`   // OVO account name from inquiry
	Amount             int64     `json:"amount"`         // integer rupiah
	Fee                int64     `json:"fee"`            // integer rupiah
	Operator           string    `json:"operator"`
	Outlet             string    `json:"outlet"`
	ExternalID         string    `json:"externalId"`            // X-EXTERNAL-ID used for the top up call
	SessionID          string    `json:"sessionId,omitempty"`   // from the inquiry
	ShiftID            string    `json:"shiftId,omitempty"`     // the shift it was sent in; "" when shifts were off
	ReferenceNo        string    `json:"referenceNo,omitempty"` // OVO's reference (on success)
	ResponseCode       string    `json:"responseCode,omitempty"`
	ResponseMessage    string    `json:"responseMessage,omitempty"`
	LastStatus         string    `json:"lastStatus,omitempty"` // latest topup-status code seen, e.g. "03"
	StatusChecks       int       `json:"statusChecks,omitempty"`
	ReceiptNo          string    `json:"receiptNo,omitempty"` // assigned on success, e.g. "R00000042"
	Printed            int       `json:"printed,omitempty"`   // slips printed so far (MarkPrinted)
	CreatedAt          time.Time `json:"createdAt"`
	UpdatedAt          time.Time `json:"updatedAt"`
	History            []Change  `json:"history"` // every state change with its time
}

// Change is one entry of a transaction's History: the state it was put in,
// when, and the response code, reason and note that came with it.
type Change struct {
	State  State     `json:"state"`
	At     time.Time `json:"at"`
	Code   string    `json:"code,omitempty"`
	Reason Reason    `json:"reason,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// Reason says why a transaction is where it is, as a code the catalog
// words in the operator's language: what OVO's answer (or its absence)
// meant, e.g. "success", "insufficient_funds", "timeout",
// "transaction_not_found". Its values are the reason codes of the
// cashier's OVO port; a ledger stores them as they are and never
// interprets them. The empty Reason is none recorded.
type Reason string

// Valid reports whether r can be recorded: at most 64 bytes of ASCII
// letters, digits, '_' and '-' (the empty Reason is valid: none).
func (r Reason) Valid() bool {
	if len(r) > 64 {
		return false
	}
	for i := 0; i < len(r); i++ {
		c := r[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// LastReason is the reason recorded with t's latest change that has one,
// or "" when none has.
func (t Txn) LastReason() Reason {
	for i := len(t.History) - 1; i >= 0; i-- {
		if r := t.History[i].Reason; r != "" {
			return r
		}
	}
	return ""
}

// NewTxn is what the caller knows before the money moves: the input of Begin.
type NewTxn struct {
	Kind           Kind
	CustomerNumber string // phone as the cashier normalised it (08…); the History phone filter matches it exactly
	CustomerName   string
	Amount         int64 // rupiah, > 0; reserved against the deposit
	Fee            int64 // rupiah, >= 0; recorded only
	Operator       string
	Outlet         string
	ExternalID     string
	SessionID      string
	ShiftID        string // "" or an open shift; indexed by shift
	// Origin is where it was made from ("terminal NAME", "ssh SHA256:…",
	// "command line"): written to the audit trail only.
	Origin string
}

// Validate rejects a NewTxn that must never be written, with a
// *ValidationError (matching ErrInvalid). Every backend calls it before
// writing anything.
func (n NewTxn) Validate() error {
	switch {
	case !n.Kind.Valid():
		return &ValidationError{Field: "Kind", Problem: fmt.Sprintf("%q is not %q or %q", n.Kind, KindTopUp, KindDisburse)}
	case n.Amount <= 0:
		return &ValidationError{Field: "Amount", Problem: fmt.Sprintf("%d is not positive", n.Amount)}
	case n.Fee < 0:
		return &ValidationError{Field: "Fee", Problem: fmt.Sprintf("%d is negative", n.Fee)}
	case n.CustomerNumber == "":
		return &ValidationError{Field: "CustomerNumber", Problem: "empty"}
	case strings.IndexByte(n.CustomerNumber, 0) >= 0:
		return &ValidationError{Field: "CustomerNumber", Problem: "contains a NUL byte"}
	}
	return nil
}

// Outcome is what became known about a transaction: the input of Settle.
// Non-empty string fields overwrite the transaction's.
type Outcome struct {
	State       State  // success, failed or unknown
	ReferenceNo string // OVO's reference → Txn.ReferenceNo
	Code        string // response code → Txn.ResponseCode and Change.Code
	Message     string // response message → Txn.ResponseMessage
	ExternalID  string // → Txn.ExternalID
	LastStatus  string // latest topup-status code → Txn.LastStatus
	Reason      Reason // why → Change.Reason
	Note        string // free text → Change.Note
}

// Validate rejects an Outcome that must never be recorded, with a
// *ValidationError (matching ErrInvalid): a State other than success,
// failed or unknown, or a Reason that is not Valid. Every backend calls it
// before Settle writes anything.
func (o Outcome) Validate() error {
	switch {
	case o.State != StateSuccess && o.State != StateFailed && o.State != StateUnknown:
		return &ValidationError{Field: "Outcome.State", Problem: fmt.Sprintf("%q is not success, failed or unknown", o.State)}
	case !o.Reason.Valid():
		return &ValidationError{Field: "Outcome.Reason", Problem: fmt.Sprintf("%q is not a reason code", o.Reason)}
	}
	return nil
}

// Meta describes the ledger itself.
type Meta struct {
	SchemaVersion  int       // the schema the ledger is in (this program's current one once opened)
	InstallationID string    // 12 digits, chosen at random when the ledger was created; part of every reference
	CreatedAt      time.Time // when the ledger was created
}

// Received is what a customer's OVO Cash is credited for amount when OVO
// deducts fee from it: amount less fee, never below zero. Every front end
// and report says this number through it (Txn.Receive, cashier.Quote).
func Received(amount, fee int64) int64 { return max(0, amount-fee) }

// Receive is what the customer's OVO Cash is credited by t (Received).
func (t Txn) Receive() int64 { return Received(t.Amount, t.Fee) }

// Supersedes says whether t is a reading of the same transaction as old
// that a screen or script showing old should take instead: never a step
// back from a final state to an open one, never an older reading.
func (t Txn) Supersedes(old Txn) bool {
	if t.PartnerReferenceNo == "" || t.PartnerReferenceNo != old.PartnerReferenceNo {
		return false
	}
	if old.State.Final() && !t.State.Final() {
		return false
	}
	return !t.UpdatedAt.Before(old.UpdatedAt)
}
