package ledger

import "fmt"

// The numbers a ledger hands out. Every backend formats them the same way,
// so a slip, a script or an operator reads one form whatever the ledger;
// each comes from a durable sequence starting at 1 that never repeats and
// never wraps (a backend refuses past its maximum).
const (
	RefSeqDigits  = 10            // the sequence part of a reference
	MaxRefSeq     = 9_999_999_999 // RefSeqDigits digits
	ReceiptPrefix = "R"           // a receipt number is "R" + 8 digits
	MaxReceiptSeq = 99_999_999
	MaxIDSeq      = 99_999_999 // approvals, shifts and cash moves: a letter + 8 digits
	MaxBatchSeq   = 999_999    // batches: "B" + 6 digits
)

// FormatRef builds a partnerReferenceNo: day (the creation date as
// yyyyMMdd in Asia/Jakarta, OVO's business day), the 12-digit installation
// id and the sequence in RefSeqDigits digits: 30 digits.
func FormatRef(day, installationID string, seq uint64) string {
	return fmt.Sprintf("%s%s%0*d", day, installationID, RefSeqDigits, seq)
}

// FormatReceipt builds a receipt number: "R" + 8 digits.
func FormatReceipt(seq uint64) string { return fmt.Sprintf("%s%08d", ReceiptPrefix, seq) }

// ApprovalID is the id of the seq-th approval: "A" + 8 digits.
func ApprovalID(seq uint64) string { return fmt.Sprintf("A%08d", seq) }

// ShiftID is the id of the seq-th shift: "S" + 8 digits.
func ShiftID(seq uint64) string { return fmt.Sprintf("S%08d", seq) }

// CashMoveID is the id of the seq-th pay-in or pay-out: "C" + 8 digits.
func CashMoveID(seq uint64) string { return fmt.Sprintf("C%08d", seq) }

// BatchID is the id of the seq-th batch: "B" + 6 digits.
func BatchID(seq uint64) string { return fmt.Sprintf("B%06d", seq) }
