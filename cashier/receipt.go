package cashier

import (
	"context"
	"fmt"

	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// ErrNoPrinter is returned by Print when no printer is configured; it is
// receipts.ErrNoPrinter, so one check covers both.
var ErrNoPrinter = receipts.ErrNoPrinter

// Receipt lays out the slip of a transaction. A reprint is marked as such
// with the time of reprint.
func (s *Service) Receipt(t storage.Txn, reprint bool) receipts.Receipt {
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
	if t.Kind == storage.KindDisburse {
		r.Kind = receipts.KindDisburse
	}
	switch t.State {
	case storage.StateSuccess:
		r.Status = receipts.StatusSuccess
	case storage.StateFailed:
		r.Status = receipts.StatusFailed
		r.Reason = reasonLine(t)
	default:
		r.Status = receipts.StatusPending
		r.Reason = reasonLine(t)
	}
	if reprint {
		r.Reprint, r.ReprintedAt = true, s.now()
	}
	return r
}

func reasonLine(t storage.Txn) string {
	switch {
	case t.LastStatus != "":
		return "OVO status " + t.LastStatus + " " + ovoclient.StatusDesc(t.LastStatus)
	case t.ResponseCode != "" && t.ResponseMessage != "":
		return t.ResponseCode + " " + t.ResponseMessage
	case t.ResponseMessage != "":
		return t.ResponseMessage
	}
	return t.ResponseCode
}

// Print sends the slip of ref to printer (the configured one when nil). The
// print is bounded by the printer's deadline; a failure leaves the
// transaction as it is and can be retried.
func (s *Service) Print(ctx context.Context, ref string, reprint bool, printer receipts.Printer) error {
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
	if err := printer.Print(ctx, s.Receipt(t, reprint)); err != nil {
		s.log.Warn("receipt not printed", "ref", ref, "printer", printer.String(), "reprint", reprint, "err", err)
		return fmt.Errorf("printing receipt of %s on %s: %w", ref, printer, err)
	}
	s.log.Info("receipt printed", "ref", ref, "printer", printer.String(), "reprint", reprint)
	return nil
}
