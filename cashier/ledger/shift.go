package ledger

import (
	"errors"
	"time"
)

// Errors of shifts. Each matches its sentinel with errors.Is.
var (
	// ErrShiftOpen: the operator already has an open shift on the terminal.
	ErrShiftOpen = errors.New("ledger: a shift is already open for this operator on this terminal")
	// ErrNoShift: no such shift, or no open shift for the operator on the terminal.
	ErrNoShift = errors.New("ledger: no open shift")
	// ErrShiftClosed: the shift is closed; nothing can be added to it.
	ErrShiftClosed = errors.New("ledger: the shift is closed")
)

// Reading is one reading of the merchant deposit from OVO.
type Reading struct {
	Balance int64     `json:"balance"`         // rupiah, as OVO said
	At      time.Time `json:"at"`              // when it was asked for
	Err     string    `json:"error,omitempty"` // why there is no reading; Balance means nothing then
}

// OK reports whether r holds a balance OVO gave.
func (r Reading) OK() bool { return r.Err == "" && !r.At.IsZero() }

// Shift is one operator's work on one terminal between an open and a close.
// Its amounts are integer rupiah.
type Shift struct {
	ID          string    `json:"shiftId"`
	Operator    string    `json:"operator"`
	Terminal    string    `json:"terminal"`
	Outlet      string    `json:"outlet"`
	OpenedAt    time.Time `json:"openedAt"`
	ClosedAt    time.Time `json:"closedAt,omitzero"` // zero while open
	Float       int64     `json:"float"`             // cash in the drawer at the open
	Counted     int64     `json:"countedCash"`       // cash counted at the close
	Note        string    `json:"note,omitempty"`    // why the close has a difference
	DepositOpen Reading   `json:"depositOpen"`       // OVO's deposit when the shift opened
	// DepositClose is OVO's deposit when the shift closed (zero while open).
	DepositClose Reading `json:"depositClose,omitzero"`
	// OpenAtClose lists the transactions of the deposit window that were
	// not final when the shift closed: what the close waits for.
	OpenAtClose []string `json:"openAtClose,omitempty"`
}

// Closed reports whether the shift is closed.
func (s Shift) Closed() bool { return !s.ClosedAt.IsZero() }

// NewShift is the input of OpenShift.
type NewShift struct {
	Operator, Terminal, Outlet string
	Float                      int64 // >= 0
	DepositOpen                Reading
}

// ShiftClose is the input of CloseShift.
type ShiftClose struct {
	Counted      int64 // >= 0
	Note         string
	DepositClose Reading
	OpenAtClose  []string
}

// CashMove is cash put into (pay-in) or taken out of (pay-out) the drawer
// that is not an OVO transaction, e.g. change taken to the bank.
type CashMove struct {
	ID       string    `json:"id"`
	ShiftID  string    `json:"shiftId"`
	In       bool      `json:"in"` // pay-in when true, pay-out when false
	Amount   int64     `json:"amount"`
	Reason   string    `json:"reason"`
	Operator string    `json:"operator"`
	At       time.Time `json:"at"`
}

// ReconMark is what a day reconciliation learnt of one transaction from a
// status answer.
type ReconMark struct {
	Status string    `json:"status"` // OVO's latestTransactionStatus
	State  State     `json:"state"`  // the ledger's state when OVO answered
	Agree  bool      `json:"agree"`  // OVO's status confirms the ledger's final state
	At     time.Time `json:"at"`
}

// ShiftOpenError says an operator already has an open shift on a terminal.
type ShiftOpenError struct{ ID string }

// Error names the open shift.
func (e *ShiftOpenError) Error() string {
	return "ledger: shift " + e.ID + " is already open for this operator on this terminal"
}

// Is makes errors.Is(err, ErrShiftOpen) true.
func (e *ShiftOpenError) Is(target error) bool { return target == ErrShiftOpen }
