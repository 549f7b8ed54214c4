package cashier

import (
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// The ledger's records, under the names front ends use: screens and
// commands speak of cashier.Txn and never import the ledger's packages.
// They are the types of package cashier/ledger, which every backend shares.
type (
	// Kind is what a transaction does (ledger.Kind).
	Kind = ledger.Kind
	// State is where a transaction is in its life (ledger.State).
	State = ledger.State
	// Txn is one transaction as recorded (ledger.Txn).
	Txn = ledger.Txn
	// Change is one entry of a transaction's history of states (ledger.Change).
	Change = ledger.Change
	// Reason is why a transaction is where it is, as recorded (ledger.Reason).
	Reason = ledger.Reason
	// Deposit is the local deposit mirror (ledger.Deposit).
	Deposit = ledger.Deposit
	// Query selects a page of history (ledger.Query).
	Query = ledger.Query
	// Page is one page of history (ledger.Page).
	Page = ledger.Page
	// Meta describes the ledger itself (ledger.Meta).
	Meta = ledger.Meta
	// Reading is one reading of the merchant deposit from OVO (ledger.Reading).
	Reading = ledger.Reading
	// Shift is one operator's work on one terminal (ledger.Shift).
	Shift = ledger.Shift
	// CashMove is a pay-in or pay-out of the drawer (ledger.CashMove).
	CashMove = ledger.CashMove
	// ReconMark is what a day reconciliation learnt of a transaction (ledger.ReconMark).
	ReconMark = ledger.ReconMark
	// ApprovalState is where an approval is (ledger.ApprovalState).
	ApprovalState = ledger.ApprovalState
	// HoldCode names the limit a held transaction is above (ledger.HoldCode).
	HoldCode = ledger.HoldCode
	// AuditBreak says how the audit trail is broken (ledger.AuditBreak).
	AuditBreak = ledger.AuditBreak
	// Batch is one loaded batch file (ledger.Batch).
	Batch = ledger.Batch
	// BatchRow is one row of a batch (ledger.BatchRow).
	BatchRow = ledger.BatchRow
	// RowState is where a row of a batch is (ledger.RowState).
	RowState = ledger.RowState
	// AuditRecord is one record of the audit trail (ledger.AuditRecord).
	AuditRecord = ledger.AuditRecord
	// InsufficientDepositError is a reservation refused for want of deposit
	// (ledger.InsufficientDepositError).
	InsufficientDepositError = ledger.InsufficientDepositError
	// ShiftOpenError names the shift already open (ledger.ShiftOpenError).
	ShiftOpenError = ledger.ShiftOpenError
	// BatchLoadedError names the batch first loaded from the same file
	// (ledger.BatchLoadedError).
	BatchLoadedError = ledger.BatchLoadedError
	// AuditBrokenError names the first record of the audit trail that does
	// not verify (ledger.AuditBrokenError).
	AuditBrokenError = ledger.AuditBrokenError
	// DamagedError reports a damaged ledger (ledger.DamagedError).
	DamagedError = ledger.DamagedError
)

// The kinds, states, row states, hold and audit-break codes, as in
// cashier/ledger.
const (
	KindTopUp    = ledger.KindTopUp
	KindDisburse = ledger.KindDisburse

	StatePending = ledger.StatePending
	StateSuccess = ledger.StateSuccess
	StateFailed  = ledger.StateFailed
	StateUnknown = ledger.StateUnknown

	ApprovalAwaiting = ledger.ApprovalAwaiting
	ApprovalApproved = ledger.ApprovalApproved
	ApprovalSent     = ledger.ApprovalSent
	ApprovalExpired  = ledger.ApprovalExpired

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

// The ledger's sentinel errors (the same values every backend returns).
var (
	// ErrFinal: the transaction is already final and was not changed.
	ErrFinal = ledger.ErrFinal
	// ErrInsufficientDeposit: the amount is more than the available deposit.
	ErrInsufficientDeposit = ledger.ErrInsufficientDeposit
	// ErrLedgerLocked: another process holds the ledger.
	ErrLedgerLocked = ledger.ErrLocked
	// ErrDamaged: the ledger is not a sound ledger.
	ErrDamaged = ledger.ErrDamaged
	// ErrApprovalState: the approval is not in the state the change needs.
	ErrApprovalState = ledger.ErrApprovalState
	// ErrApprovalNotFound: no approval with that id.
	ErrApprovalNotFound = ledger.ErrApprovalNotFound
	// ErrBatchNotFound: no batch with that id.
	ErrBatchNotFound = ledger.ErrBatchNotFound
	// ErrAuditBroken: the audit chain does not verify.
	ErrAuditBroken = ledger.ErrAuditBroken
)

// ErrPhoneShort is matched by NormalizePhone's error for a number with too
// few digits (ovo.ErrPhoneShort): one that may still be being typed.
var ErrPhoneShort = ovo.ErrPhoneShort

// ErrNotFound is matched by a lookup that found nothing (ledger.ErrNotFound).
var ErrNotFound = ledger.ErrNotFound

// Jakarta is the zone of times shown to people (WIB).
var Jakarta = ovo.Jakarta
