package receipts

import (
	"errors"
	"fmt"
	"time"
)

// Kind says which way the money went.
type Kind string

// The kinds of transaction a receipt is printed for.
const (
	KindTopUp    Kind = "topup"    // the customer's OVO Cash was topped up at the counter
	KindDisburse Kind = "disburse" // the merchant sent money to the customer's OVO account
)

// Status is the outcome a receipt reports.
type Status string

// The outcomes a receipt can report. Only StatusSuccess prints as proof of a
// transaction; the others print with unmistakable bilingual banners.
const (
	StatusSuccess Status = "success"
	StatusFailed  Status = "failed"  // OVO refused it: no money moved
	StatusPending Status = "pending" // the outcome is not yet known
)

// Copy says whose copy a slip is.
type Copy string

// The copies printed together (auto-print on success).
const (
	CopyCustomer Copy = "customer"
	CopyMerchant Copy = "merchant"
)

// Receipt is everything printed on one slip. Text fields may hold any UTF-8;
// control characters and runs of blanks print as one space, and Render keeps
// every line within the width whatever the text.
type Receipt struct {
	Merchant, Outlet, Address, Terminal, Operator string

	// Header holds up to MaxHeaderLines extra lines printed centred under
	// the address (the shop's NPWP, a customer-service number); each wraps
	// over at most 2 lines and empty ones print nothing.
	Header []string

	// Time is when the transaction happened; printed in Location,
	// e.g. "23-11-2026 19:05:12 WIB". Must not be zero.
	Time time.Time
	// Location is the outlet's time zone, every time on the slip is printed
	// in it with its Indonesian name (WIB, WITA, WIT; see ZoneAbbrev); nil
	// is Asia/Jakarta (WIB).
	Location *time.Location
	// ReceiptNo is the receipt number; "" (no number is assigned to a failed
	// or pending transaction) prints as "-".
	ReceiptNo string
	Kind      Kind
	// Phone is the customer's number unmasked; it is always printed masked
	// (see MaskPhone).
	Phone string
	// AccountName is the OVO account holder's name.
	AccountName string
	// Amount and Fee are whole rupiah, both >= 0. What the customer receives
	// is Amount - Fee, never below 0 (see Received).
	Amount, Fee int64
	// Cash is the cash taken from the customer at the counter (the cash
	// rule of package cashier: a top up's amount; 0 for a disbursement,
	// printed as none). nil prints no line; printed on a success only.
	Cash   *int64
	Status Status
	// Reason is the specific reason or code text for a failed or pending
	// transaction; it is not printed on a successful one.
	Reason             string
	PartnerReferenceNo string
	ReferenceNo        string
	// Footer is the shop's closing line (a setting); "" prints none.
	Footer string
	// Reprint marks a copy printed again later; ReprintedAt (required then)
	// is when, printed in Location under a "CETAK ULANG / REPRINT" banner.
	// ReprintedBy is the operator who reprinted it (not the maker named in
	// the header), printed on its own line above the time; "" prints none.
	Reprint     bool
	ReprintedAt time.Time
	ReprintedBy string
	// Copy, when set, names whose copy the slip is: CopyCustomer or
	// CopyMerchant (printed as a bilingual banner under the kind).
	Copy Copy
	// Lang picks the label language: LangID ("" too) or LangEN. Banners for
	// failed, pending and reprinted slips are printed in both.
	Lang string
}

// Received is what the customer receives: Amount - Fee, or 0 when the fee is
// larger than the amount.
func (r Receipt) Received() int64 {
	if r.Fee > r.Amount {
		return 0
	}
	return r.Amount - r.Fee
}

// MaxHeaderLines is how many extra header lines (Receipt.Header) a slip takes.
const MaxHeaderLines = 3

// ErrInvalidReceipt is matched (errors.Is) by every error Validate returns.
var ErrInvalidReceipt = errors.New("invalid receipt")

// ErrInvalidWidth is matched (errors.Is) by the error for a paper width other
// than 32, 42 or 48 columns.
var ErrInvalidWidth = errors.New("invalid receipt width")

// Widths lists the paper widths in columns a receipt can be laid out at, for
// settings screens: 32 (58 mm paper, font A), 42 (58 mm paper, font B) and 48
// (80 mm paper, font A); ESCPOS.Encode selects that font. Changing it changes
// nothing: ValidateWidth decides.
var Widths = []int{32, 42, 48}

// ValidateWidth returns nil for 32, 42 or 48 columns and an error matching
// ErrInvalidWidth for anything else.
func ValidateWidth(width int) error {
	switch width {
	case 32, 42, 48:
		return nil
	}
	return fmt.Errorf("%w: %d columns (use 32, 42 or 48)", ErrInvalidWidth, width)
}

// Validate reports the first thing that keeps r from being printed: an unknown
// Kind, Status or Lang, a zero Time, a negative Amount or Fee, a Reprint
// without ReprintedAt, or more than MaxHeaderLines header lines. The error
// matches ErrInvalidReceipt.
func (r Receipt) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidReceipt}, a...)...)
	}
	switch {
	case r.Kind != KindTopUp && r.Kind != KindDisburse:
		return bad("kind %q (want %q or %q)", r.Kind, KindTopUp, KindDisburse)
	case r.Status != StatusSuccess && r.Status != StatusFailed && r.Status != StatusPending:
		return bad("status %q (want %q, %q or %q)", r.Status, StatusSuccess, StatusFailed, StatusPending)
	case r.Lang != "" && r.Lang != LangID && r.Lang != LangEN:
		return bad("language %q (want %q or %q)", r.Lang, LangID, LangEN)
	case r.Time.IsZero():
		return bad("transaction time is not set")
	case r.Amount < 0:
		return bad("amount %d is negative", r.Amount)
	case r.Fee < 0:
		return bad("fee %d is negative", r.Fee)
	case r.Reprint && r.ReprintedAt.IsZero():
		return bad("reprint without a reprint time")
	case len(r.Header) > MaxHeaderLines:
		return bad("%d header lines (at most %d)", len(r.Header), MaxHeaderLines)
	}
	return nil
}
