package ledger

import (
	"errors"
	"fmt"
	"time"
)

// RowState is where a row of a batch is.
type RowState string

// The states of a row. Rows in RowInvalid and RowDuplicate were refused at
// load; RowLoaded waits for the account check; RowReady, RowSuspected,
// RowMissing, RowBlocked and RowRefused are check results; approval moves
// RowReady rows to RowApproved; BeginBatchRow moves them to RowSent, after
// which the linked transaction (Ref) holds the outcome.
const (
	RowInvalid   RowState = "invalid"   // a bad row: never sent
	RowDuplicate RowState = "duplicate" // repeats an earlier row's phone and amount (or reference): never sent
	RowLoaded    RowState = "loaded"    // valid, account not checked yet
	RowReady     RowState = "ready"     // OVO knows the account; name recorded
	RowSuspected RowState = "suspected" // OVO's name differs from the expected name: not sent
	RowMissing   RowState = "missing"   // no OVO account: not sent
	RowBlocked   RowState = "blocked"   // account blocked, inactive, dormant…: not sent
	RowRefused   RowState = "refused"   // OVO refused the inquiry otherwise (limits…): not sent
	RowApproved  RowState = "approved"  // approved, waiting to be sent
	RowSent      RowState = "sent"      // linked to a transaction (Ref): its state is the outcome
)

// Batch is one loaded file.
type Batch struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Hash        string    `json:"hash"`                  // SHA-256 of the file as loaded, hex
	DuplicateOf string    `json:"duplicateOf,omitempty"` // the batch first loaded from the same content
	LoadedBy    string    `json:"loadedBy"`
	LoadedAt    time.Time `json:"loadedAt"`
	Rows        int       `json:"rows"`
	Valid       int       `json:"valid"`
	Invalid     int       `json:"invalid"`   // bad rows and duplicates
	Total       int64     `json:"total"`     // sum of the valid rows
	Unchecked   int       `json:"unchecked"` // valid rows not checked yet
	CheckedAt   time.Time `json:"checkedAt,omitzero"`
	// Approval, once given: by whom, when, and what (rows and total).
	ApprovedBy    string    `json:"approvedBy,omitempty"`
	ApprovedAt    time.Time `json:"approvedAt,omitzero"`
	ApprovedRows  int       `json:"approvedRows,omitempty"`
	ApprovedTotal int64     `json:"approvedTotal,omitempty"`
	// Reserved is what the batch holds of the deposit mirror's Reserved
	// for its approved rows not begun yet.
	Reserved int64 `json:"reserved"`
}

// Approved reports whether the batch has been approved.
func (b Batch) Approved() bool { return b.ApprovedBy != "" }

// BatchRow is one row of a batch, as loaded and as checked.
type BatchRow struct {
	Line         int      `json:"line"` // line number in the file (the header is line 1)
	Phone        string   `json:"phone"`
	Amount       int64    `json:"amount"`
	Note         string   `json:"note,omitempty"`
	Reference    string   `json:"reference,omitempty"`    // the merchant's own reference column
	ExpectedName string   `json:"expectedName,omitempty"` // the name column
	State        RowState `json:"state"`
	// Reason is why the row is where it is (a code the catalog words);
	// ReasonArg its detail (a line number, a column, OVO's reason).
	Reason      string `json:"reason,omitempty"`
	ReasonArg   string `json:"reasonArg,omitempty"`
	AccountName string `json:"accountName,omitempty"` // OVO's name, from the check
	Fee         int64  `json:"fee,omitempty"`         // OVO's fee, from the check
	SessionID   string `json:"sessionId,omitempty"`   // the check inquiry's session
	// Ref is the partnerReferenceNo of the transaction that sends the row.
	Ref string `json:"partnerReferenceNo,omitempty"`
	// Tried are earlier transactions of the row that OVO definitely
	// refused (too many requests) before it was sent again.
	Tried []string `json:"tried,omitempty"`
	// Reserved: the row's amount is part of the batch's reservation.
	Reserved bool `json:"reserved,omitempty"`
}

// Errors of the batch functions.
var (
	// ErrBatchNotFound: no batch with that id.
	ErrBatchNotFound = errors.New("ledger: no such batch")
	// ErrBatchState: the batch or row is not in a state that allows it.
	ErrBatchState = errors.New("ledger: batch not in a state that allows this")
)

// BatchLoadedError says a file with the same content was loaded before.
type BatchLoadedError struct{ ID string }

// Error names the batch first loaded from the same content.
func (e *BatchLoadedError) Error() string {
	return fmt.Sprintf("ledger: the same file was already loaded as batch %s", e.ID)
}

// RowCheck is the account check's result for one row.
type RowCheck struct {
	Line              int
	State             RowState // RowReady, RowSuspected, RowMissing, RowBlocked or RowRefused
	AccountName       string
	Fee               int64
	SessionID         string
	Reason, ReasonArg string
}
