package storage

import "github.com/ovocashier/ovocashier/cashier/ledger"

// The records, states, sentinel errors and rules this ledger keeps are
// defined in package cashier/ledger, shared with every other backend and
// with the cashier; these aliases keep their storage names. The errors are
// the same values, so errors.Is matches across backends.

// DB implements the cashier's ledger port.
var _ ledger.Ledger = (*DB)(nil)

// Transactions.
type (
	Txn      = ledger.Txn
	Change   = ledger.Change
	Reason   = ledger.Reason
	NewTxn   = ledger.NewTxn
	Outcome  = ledger.Outcome
	Kind     = ledger.Kind
	State    = ledger.State
	Meta     = ledger.Meta
	Query    = ledger.Query
	Page     = ledger.Page
	Deposit  = ledger.Deposit
	Reading  = ledger.Reading
	Decision = ledger.Decision
)

// The kinds and states of a transaction.
const (
	KindTopUp    = ledger.KindTopUp
	KindDisburse = ledger.KindDisburse

	StatePending = ledger.StatePending
	StateSuccess = ledger.StateSuccess
	StateFailed  = ledger.StateFailed
	StateUnknown = ledger.StateUnknown
)

// The deposit mirror.
type ReadingStart = ledger.ReadingStart

// History and search.
type SearchKind = ledger.SearchKind

// Page sizes, search kinds and the bounds of indexed terms.
const (
	DefaultHistoryLimit = ledger.DefaultHistoryLimit
	MaxHistoryLimit     = ledger.MaxHistoryLimit

	SearchPhoneEnd = ledger.SearchPhoneEnd
	SearchName     = ledger.SearchName
	SearchOVORef   = ledger.SearchOVORef

	MinPhoneEnd   = ledger.MinPhoneEnd
	MinNamePrefix = ledger.MinNamePrefix
	MaxNamePrefix = ledger.MaxNamePrefix
)

// NameWords splits a name into the lower-case words the index knows it by.
func NameWords(name string) []string { return ledger.NameWords(name) }

// Shifts.
type (
	Shift          = ledger.Shift
	NewShift       = ledger.NewShift
	ShiftClose     = ledger.ShiftClose
	CashMove       = ledger.CashMove
	ReconMark      = ledger.ReconMark
	ShiftOpenError = ledger.ShiftOpenError
)

// Approvals.
type (
	Approval      = ledger.Approval
	NewApproval   = ledger.NewApproval
	ApprovalState = ledger.ApprovalState
	HoldReason    = ledger.HoldReason
	HoldCode      = ledger.HoldCode
)

// The limits a transaction may be held above.
const (
	HoldAboveTxn = ledger.HoldAboveTxn
	HoldAboveDay = ledger.HoldAboveDay
)

// The states of an approval.
const (
	ApprovalAwaiting = ledger.ApprovalAwaiting
	ApprovalApproved = ledger.ApprovalApproved
	ApprovalSent     = ledger.ApprovalSent
	ApprovalRejected = ledger.ApprovalRejected
	ApprovalExpired  = ledger.ApprovalExpired
)

// Batches.
type (
	Batch            = ledger.Batch
	BatchRow         = ledger.BatchRow
	RowCheck         = ledger.RowCheck
	RowState         = ledger.RowState
	BatchLoadedError = ledger.BatchLoadedError
)

// The states of a batch row.
const (
	RowInvalid   = ledger.RowInvalid
	RowDuplicate = ledger.RowDuplicate
	RowLoaded    = ledger.RowLoaded
	RowReady     = ledger.RowReady
	RowSuspected = ledger.RowSuspected
	RowMissing   = ledger.RowMissing
	RowBlocked   = ledger.RowBlocked
	RowRefused   = ledger.RowRefused
	RowApproved  = ledger.RowApproved
	RowSent      = ledger.RowSent
)

// The audit trail.
type (
	AuditRecord      = ledger.AuditRecord
	AuditEntry       = ledger.AuditEntry
	AuditBrokenError = ledger.AuditBrokenError
	AuditBreak       = ledger.AuditBreak
)

// How the audit trail may be broken.
const (
	AuditRecordsMissing = ledger.AuditRecordsMissing
	AuditBadKey         = ledger.AuditBadKey
	AuditRecordMissing  = ledger.AuditRecordMissing
	AuditTruncated      = ledger.AuditTruncated
	AuditChanged        = ledger.AuditChanged
	AuditUnparsable     = ledger.AuditUnparsable
	AuditWrongNumber    = ledger.AuditWrongNumber
	AuditPrevDiffers    = ledger.AuditPrevDiffers
	AuditHeadMissing    = ledger.AuditHeadMissing
	AuditHeadDiffers    = ledger.AuditHeadDiffers
	AuditAnchorMissing  = ledger.AuditAnchorMissing
	AuditAnchorDiffers  = ledger.AuditAnchorDiffers
)

// Errors.
type (
	InsufficientDepositError = ledger.InsufficientDepositError
	FinalError               = ledger.FinalError
	ValidationError          = ledger.ValidationError
	DamagedError             = ledger.DamagedError
)

// Sentinel errors: the ledger package's values.
var (
	ErrNotFound            = ledger.ErrNotFound
	ErrFinal               = ledger.ErrFinal
	ErrInsufficientDeposit = ledger.ErrInsufficientDeposit
	ErrLocked              = ledger.ErrLocked
	ErrSchemaTooNew        = ledger.ErrSchemaTooNew
	ErrInvalid             = ledger.ErrInvalid
	ErrClosed              = ledger.ErrClosed
	ErrReadOnly            = ledger.ErrReadOnly
	ErrDamaged             = ledger.ErrDamaged
	ErrShiftOpen           = ledger.ErrShiftOpen
	ErrNoShift             = ledger.ErrNoShift
	ErrShiftClosed         = ledger.ErrShiftClosed
	ErrApprovalState       = ledger.ErrApprovalState
	ErrApprovalNotFound    = ledger.ErrApprovalNotFound
	ErrBatchNotFound       = ledger.ErrBatchNotFound
	ErrBatchState          = ledger.ErrBatchState
	ErrAuditBroken         = ledger.ErrAuditBroken
)

// IsSameFinal reports whether err says that Settle found the transaction
// already in exactly the final state it was asked to record (see
// ledger.IsSameFinal).
func IsSameFinal(err error) bool { return ledger.IsSameFinal(err) }
