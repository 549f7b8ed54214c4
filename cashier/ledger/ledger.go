package ledger

import "time"

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
//     transaction again is ErrFinal, never a second deposit movement;
//   - the audit chain is append-only and VerifyAudit names its first broken
//     link.
//
// And the rules of this package, so that the backends agree to the byte:
// Begin and Settle refuse what NewTxn.Validate and Outcome.Validate refuse
// (ErrInvalid) before writing anything; Search finds a transaction by its
// SearchTerms, a page at most PageLimit long; audit records are sealed and
// chained by SealAudit; references, receipt numbers and ids have the forms
// of FormatRef, FormatReceipt, ApprovalID, ShiftID, CashMoveID and BatchID;
// the deposit mirror follows the rule of Deposit (Clamp); and every error
// for a condition named here matches its sentinel (ErrNotFound, ErrFinal,
// …) with errors.Is.
type Ledger interface {
	// Transactions.
	Begin(n NewTxn) (Txn, error)
	Settle(ref string, o Outcome) (Txn, error)
	NoteCheck(ref, lastStatus string) (Txn, error)
	MarkPrinted(ref string, n int) (Txn, error)
	Get(ref string) (Txn, error)
	GetByReceipt(receiptNo string) (Txn, error)
	Open() ([]Txn, error)
	History(q Query) (Page, error)
	Search(k SearchKind, term, before string, limit int, keep func(Txn) bool) (Page, error)
	RangeTxns(from, to time.Time, fn func(Txn) error) error
	RangeOtherTxns(from, to time.Time, shiftID string, fn func(Txn) error) error
	Meta() (Meta, error)

	// The deposit mirror.
	Deposit() (Deposit, error)
	ReadingStart(at time.Time) (ReadingStart, error)
	RecordReading(balance int64, r ReadingStart) (Deposit, error)

	// Shifts, cash moves and the three-way reconciliation marks.
	OpenShift(n NewShift) (Shift, error)
	CloseShift(id string, c ShiftClose) (Shift, error)
	CurrentShift(operator, terminal string) (Shift, error)
	Shift(id string) (Shift, error)
	ShiftsOpened(from, to time.Time) ([]Shift, error)
	ShiftTxns(shiftID string, fn func(Txn) error) error
	AddCashMove(m CashMove) (CashMove, error)
	CashMoves(shiftID string) ([]CashMove, error)
	ReconMark(ref string) (m ReconMark, ok bool, err error)
	PutReconMark(ref string, m ReconMark) error

	// Approvals.
	HoldApproval(n NewApproval) (Approval, error)
	DecideApproval(id string, d Decision) (Approval, error)
	DispatchApproval(id, externalID string) (Txn, Approval, error)
	ExpireApproval(id string) (Approval, error)
	Approval(id string) (Approval, error)
	Approvals(held bool) ([]Approval, error)

	// Batches.
	CreateBatch(b Batch, rows []BatchRow, again bool) (Batch, error)
	GetBatch(id string) (Batch, error)
	Batches() ([]Batch, error)
	BatchRows(id string) ([]BatchRow, error)
	RecordChecks(id string, checks []RowCheck) (Batch, error)
	ApproveBatch(id, approver string, rows int, total int64, audit AuditEntry) (Batch, error)
	BeginBatchRow(id string, line int, n NewTxn) (Txn, error)
	RequeueBatchRow(id string, line int, ref string) (BatchRow, error)

	// The audit trail.
	AppendAudit(e AuditEntry) (AuditRecord, error)
	RecordSettings(e AuditEntry) (changed bool, err error)
	AuditRange(from, to time.Time, fn func(AuditRecord) error) error
	VerifyAudit() (n uint64, err error)
	// AuditAt returns record seq of the audit trail, its hash checked
	// against its bytes (seq 0: the last record; none yet is the zero
	// record); a record that is not there is an *AuditBrokenError.
	AuditAt(seq uint64) (AuditRecord, error)

	// Wrong PINs at the counter: the count and lock survive a restart.
	PINState(name string) (PINState, error)
	RecordPIN(name string, st PINState, entries ...AuditEntry) error
}

// PINState is an operator's wrong PINs in a row and, when they are locked,
// until when (UTC). RecordPIN writes it in the same commit as the audit
// record of the try that changed it.
type PINState struct {
	Fails int       `json:"fails"`
	Until time.Time `json:"until,omitzero"`
}
