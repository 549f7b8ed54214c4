package cashier

import (
	"context"
	"fmt"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/receipts"
)

// ErrNoPrinter is returned by Print when no printer is configured; it is
// receipts.ErrNoPrinter, so one check covers both.
var ErrNoPrinter = receipts.ErrNoPrinter

// Receipt lays out the slip of a transaction. It says REPRINT (with the time
// of reprint) only when a slip of it was printed before (t.Printed); who
// reprints is not named (see ReceiptBy).
func (s *Service) Receipt(t ledger.Txn) receipts.Receipt { return s.ReceiptBy(t, "") }

// ReceiptBy is Receipt as printed now by the operator named by: a reprint
// says who reprinted it and when.
func (s *Service) ReceiptBy(t ledger.Txn, by string) receipts.Receipt {
	r := receipts.Receipt{
		Merchant: s.cfg.Merchant, Outlet: t.Outlet, Address: s.cfg.Address, Terminal: s.cfg.Terminal,
		Operator: t.Operator, Time: t.CreatedAt, ReceiptNo: t.ReceiptNo, Kind: receipts.KindTopUp,
		Phone: t.CustomerNumber, AccountName: t.CustomerName, Amount: t.Amount, Fee: t.Fee,
		PartnerReferenceNo: t.PartnerReferenceNo, ReferenceNo: t.ReferenceNo,
		Footer: s.cfg.Footer, Lang: s.cfg.ReceiptLang, Location: s.cfg.Location, Header: s.cfg.ReceiptHeader,
	}
	cash := CashToCollect(t.Kind, t.Amount)
	r.Cash = &cash
	if r.Outlet == "" {
		r.Outlet = s.cfg.Outlet
	}
	if t.Kind == ledger.KindDisburse {
		r.Kind = receipts.KindDisburse
	}
	switch t.State {
	case ledger.StateSuccess:
		r.Status = receipts.StatusSuccess
	case ledger.StateFailed:
		r.Status = receipts.StatusFailed
		r.Reason = s.explain(t, r.Lang)
	default:
		r.Status = receipts.StatusPending
		r.Reason = s.explain(t, r.Lang)
	}
	if t.Printed > 0 {
		r.Reprint, r.ReprintedAt, r.ReprintedBy = true, s.now(), by
	}
	return r
}

// explain is the outcome of t in words of lang: Config.Explain (the
// front ends' catalog), or OVO's code and words as received.
func (s *Service) explain(t ledger.Txn, lang string) string {
	if s.cfg.Explain != nil {
		return s.cfg.Explain(t, lang)
	}
	switch {
	case t.LastStatus != "":
		return "OVO status " + t.LastStatus + " " + ovo.StatusDesc(t.LastStatus)
	case t.ResponseCode != "" && t.ResponseMessage != "":
		return t.ResponseCode + " " + t.ResponseMessage
	case t.ResponseMessage != "":
		return t.ResponseMessage
	}
	return t.ResponseCode
}

// RenderReceiptBy is RenderReceipt as printed now by the operator named
// by: a reprint says who reprinted it (see ReceiptBy).
func (s *Service) RenderReceiptBy(t Txn, by string) (string, error) {
	return receipts.Render(s.ReceiptBy(t, by), s.cfg.ReceiptWidth)
}

// Print sends the slip of ref to printer (the configured one when nil) and
// counts it as printed once the outcome is final; the next slip says REPRINT. copies, when given,
// prints one slip per copy (customer's and merchant's), else one. The print
// is bounded by the printer's deadline; a failure leaves the transaction as
// it is and can be retried.
func (s *Service) Print(ctx context.Context, ref string, printer receipts.Printer, copies ...receipts.Copy) error {
	return s.print(ctx, ref, printer, "", true, copies)
}

// PrintBy is Print by the operator named by: a reprint names them (who
// reprinted it, beside when).
func (s *Service) PrintBy(ctx context.Context, ref string, printer receipts.Printer, by string, copies ...receipts.Copy) error {
	return s.print(ctx, ref, printer, by, true, copies)
}

// SaveCopy writes the slip of ref to printer (a file printer: the cashier's
// "save") without counting it as printed: a saved copy is not a slip handed
// to anyone, so the next printed slip is not a REPRINT.
func (s *Service) SaveCopy(ctx context.Context, ref string, printer receipts.Printer) error {
	return s.print(ctx, ref, printer, "", false, nil)
}

func (s *Service) print(ctx context.Context, ref string, printer receipts.Printer, by string, count bool, copies []receipts.Copy) error {
	if printer == nil {
		printer = s.cfg.Printer
	}
	if printer == nil {
		return ErrNoPrinter
	}
	t, err := s.db.Get(ref)
	if err != nil {
		return err
	}
	if len(copies) == 0 {
		copies = []receipts.Copy{""}
	}
	for i, c := range copies {
		r := s.ReceiptBy(t, by)
		r.Copy = c
		if err := printer.Print(ctx, r); err != nil {
			s.log.Warn("receipt not printed", "ref", ref, "printer", printer.String(), "reprint", r.Reprint, "copy", c, "err", err)
			if i > 0 && count && t.State.Final() {
				s.markPrinted(ref, i)
			}
			return fmt.Errorf("printing receipt of %s on %s: %w", ref, printer, err)
		}
		s.log.Info("receipt printed", "ref", ref, "printer", printer.String(), "reprint", r.Reprint, "copy", c)
	}
	if count && t.State.Final() {
		// A pending slip is proof of the attempt, not the outcome's slip:
		// counting it would make the first slip of the outcome a REPRINT
		// (and keep the drawer shut).
		s.markPrinted(ref, len(copies))
	}
	return nil
}

// markPrinted counts n printed slips of ref; a failure to count is logged
// (the slip is out: at worst the next one lacks its REPRINT mark).
func (s *Service) markPrinted(ref string, n int) {
	if t, err := s.db.MarkPrinted(ref, n); err != nil {
		s.log.Warn("printed slip not counted", "ref", ref, "err", err)
	} else {
		s.publishTxn(t)
	}
}
