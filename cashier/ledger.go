package cashier

import (
	"time"

	"github.com/ovocashier/ovocashier/storage"
)

// Ledger is everything the cashier needs from the place it keeps
// transactions, the deposit mirror, shifts, approvals, batches and the audit
// trail. The embedded bbolt ledger (package storage) implements it, and so
// does the shared PostgreSQL ledger; both must pass the one contract suite.
//
// The money-safety contract every implementation keeps:
//   - Begin (and BeginBatchRow, DispatchApproval) makes the pending record
//     and its deposit reservation durable before it returns, and refuses with
//     ErrInsufficientDeposit rather than let the mirror go below zero, however
//     many processes reserve at once;
//   - references, external ids and receipt numbers it hands out are unique
//     across every process sharing the ledger;
//   - Settle moves a transaction to one final state once: settling a final
//     transaction again is storage.ErrFinal, never a second deposit movement;
//   - the audit chain is append-only and VerifyAudit names its first broken
//     link.
type Ledger interface {
	// Transactions.
	Begin(n storage.NewTxn) (storage.Txn, error)
	Settle(ref string, o storage.Outcome) (storage.Txn, error)
	NoteCheck(ref, lastStatus string) (storage.Txn, error)
	MarkPrinted(ref string, n int) (storage.Txn, error)
	Get(ref string) (storage.Txn, error)
	GetByReceipt(receiptNo string) (storage.Txn, error)
	Open() ([]storage.Txn, error)
	History(q storage.Query) (storage.Page, error)
	Search(k storage.SearchKind, term, before string, limit int, keep func(storage.Txn) bool) (storage.Page, error)
	RangeTxns(from, to time.Time, fn func(storage.Txn) error) error
	RangeOtherTxns(from, to time.Time, shiftID string, fn func(storage.Txn) error) error
	Meta() (storage.Meta, error)

	// The deposit mirror.
	Deposit() (storage.Deposit, error)
	ReadingStart(at time.Time) (storage.ReadingStart, error)
	RecordReading(balance int64, r storage.ReadingStart) (storage.Deposit, error)

	// Shifts, cash moves and the three-way reconciliation marks.
	OpenShift(n storage.NewShift) (storage.Shift, error)
	CloseShift(id string, c storage.ShiftClose) (storage.Shift, error)
	CurrentShift(operator, terminal string) (storage.Shift, error)
	Shift(id string) (storage.Shift, error)
	ShiftsOpened(from, to time.Time) ([]storage.Shift, error)
	ShiftTxns(shiftID string, fn func(storage.Txn) error) error
	AddCashMove(m storage.CashMove) (storage.CashMove, error)
	CashMoves(shiftID string) ([]storage.CashMove, error)
	ReconMark(ref string) (m storage.ReconMark, ok bool, err error)
	PutReconMark(ref string, m storage.ReconMark) error

	// Approvals.
	HoldApproval(n storage.NewApproval) (storage.Approval, error)
	DecideApproval(id string, d storage.Decision) (storage.Approval, error)
	DispatchApproval(id, externalID string) (storage.Txn, storage.Approval, error)
	ExpireApproval(id string) (storage.Approval, error)
	Approval(id string) (storage.Approval, error)
	Approvals(held bool) ([]storage.Approval, error)

	// Batches.
	CreateBatch(b storage.Batch, rows []storage.BatchRow, again bool) (storage.Batch, error)
	GetBatch(id string) (storage.Batch, error)
	Batches() ([]storage.Batch, error)
	BatchRows(id string) ([]storage.BatchRow, error)
	RecordChecks(id string, checks []storage.RowCheck) (storage.Batch, error)
	ApproveBatch(id, approver string, rows int, total int64, audit storage.AuditEntry) (storage.Batch, error)
	BeginBatchRow(id string, line int, n storage.NewTxn) (storage.Txn, error)
	RequeueBatchRow(id string, line int, ref string) (storage.BatchRow, error)

	// The audit trail.
	AppendAudit(e storage.AuditEntry) (storage.AuditRecord, error)
	RecordSettings(e storage.AuditEntry) (changed bool, err error)
	AuditRange(from, to time.Time, fn func(storage.AuditRecord) error) error
	VerifyAudit() (n uint64, err error)
	PINState(name string) (storage.PINState, error)
	RecordPIN(name string, st storage.PINState, entries ...storage.AuditEntry) error
}

var _ Ledger = (*storage.DB)(nil)
