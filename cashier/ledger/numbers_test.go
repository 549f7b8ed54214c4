package ledger

import "testing"

// The forms every backend hands out: a slip printed from one ledger reads
// like one printed from another.
func TestNumberForms(t *testing.T) {
	for got, want := range map[string]string{
		FormatRef("20260301", "375348363829", 42):        "202603013753483638290000000042",
		FormatRef("20260301", "375348363829", MaxRefSeq): "202603013753483638299999999999",
		FormatReceipt(42):            "R00000042",
		FormatReceipt(MaxReceiptSeq): "R99999999",
		ApprovalID(7):                "A00000007",
		ShiftID(7):                   "S00000007",
		CashMoveID(MaxIDSeq):         "C99999999",
		BatchID(12):                  "B000012",
		BatchID(MaxBatchSeq):         "B999999",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
