package cashier

import (
	"context"
	"time"

	"github.com/ovocashier/ovocashier/receipts"
)

// The front ends (screens, the command line, the SSH server) reach slips,
// printers and their failures through these names only: receipts is the
// layout and printer adapter behind the cashier, not a front end's import.
type (
	// ReportSlip is the printed form of an X, Z or day report.
	ReportSlip = receipts.ReportSlip
	// Copy says whose copy a slip is: the customer's or the merchant's.
	Copy = receipts.Copy
	// Printer prints slips: a device, a network printer, a file or stdout.
	Printer = receipts.Printer
	// PrinterConfig is how a printer is built: its spec, width and options.
	PrinterConfig = receipts.PrinterConfig
	// PrintError is a print that failed, with the kind of failure and the
	// printer it failed on.
	PrintError = receipts.PrintError
	// Failure is the kind of a print failure (PrintError.Kind).
	Failure = receipts.Failure
)

// The copies of a slip.
const (
	CopyCustomer = receipts.CopyCustomer
	CopyMerchant = receipts.CopyMerchant
)

// The kinds of print failure a PrintError carries.
const (
	FailTimeout      = receipts.FailTimeout
	FailBusy         = receipts.FailBusy
	FailCancelled    = receipts.FailCancelled
	FailUnreachable  = receipts.FailUnreachable
	FailNoDevice     = receipts.FailNoDevice
	FailNotSaved     = receipts.FailNotSaved
	FailWrite        = receipts.FailWrite
	FailPaperOut     = receipts.FailPaperOut
	FailCoverOpen    = receipts.FailCoverOpen
	FailPrinterError = receipts.FailPrinterError
)

// WIB is the zone slips render times in when none is given (Asia/Jakarta);
// it is receipts.WIB, so a time shown on screen and on a slip agree.
var WIB = receipts.WIB

// ZoneAbbrev is the name of t's zone as a slip prints it: WIB, WITA, WIT,
// the zone's own abbreviation elsewhere, or "UTC+08:00" for a bare offset.
func ZoneAbbrev(t time.Time) string { return receipts.ZoneAbbrev(t) }

// FormatTimeIn renders t in loc (nil: WIB) as a slip does, e.g.
// "23-11-2026 19:05:12 WIB".
func FormatTimeIn(t time.Time, loc *time.Location) string { return receipts.FormatTimeIn(t, loc) }

// NewPrinter builds the printer cfg describes (cfg.Spec: none, stdout,
// file:DIR, tcp://HOST:PORT or device:PATH) without touching it, or says
// why it cannot (a spec, width or timeout it cannot use).
func NewPrinter(cfg PrinterConfig) (Printer, error) { return receipts.NewPrinter(cfg) }

// RenderReceipt is the slip of t as text at the configured receipt width,
// as it would print now (REPRINT only when printed before).
func (s *Service) RenderReceipt(t Txn) (string, error) {
	return receipts.Render(s.Receipt(t), s.cfg.ReceiptWidth)
}

// RenderReport lays out a report slip as text, width columns wide (32, 42
// or 48).
func RenderReport(slip ReportSlip, width int) (string, error) {
	return receipts.RenderReport(slip, width)
}

// PrintReport prints a report slip on p as p prints a receipt (text on
// stdout and in a file, ESC/POS on a tcp or device printer), bounded by the
// printer's deadline; the none printer gives ErrNoPrinter.
func PrintReport(ctx context.Context, p Printer, slip ReportSlip) error {
	return receipts.PrintReport(ctx, p, slip)
}
