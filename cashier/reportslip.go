package cashier

import (
	"strings"

	"github.com/ovocashier/ovocashier/receipts"
)

// ShiftSlip is the printed form of an X or Z report (receipts.RenderReport
// and receipts.EncodeReportESCPOS lay it out at 32/42/48 columns); reprint
// marks a Z printed again after the close.
func (s *Service) ShiftSlip(r ShiftReport, reprint bool) receipts.ReportSlip {
	return s.ShiftSlipBy(r, reprint, Actor{})
}

// ShiftSlipBy is ShiftSlip for by: the shift's operator is labelled with
// their role (by's when by is that operator, else the operators file's).
// It reads nothing from the ledger (AnchorSlip adds the audit head).
func (s *Service) ShiftSlipBy(r ShiftReport, reprint bool, by Actor) receipts.ReportSlip {
	slip := s.slipHeader(r.GeneratedAt.IsZero())
	slip.OperatorRole = string(s.roleOf(r.Operator, by))
	slip.Kind = receipts.ReportX
	if r.Kind == ReportZ {
		slip.Kind = receipts.ReportZ
	}
	slip.Outlet, slip.Terminal, slip.Operator, slip.ShiftID = r.Outlet, r.Terminal, r.Operator, r.ShiftID
	slip.OpenedAt, slip.PrintedAt, slip.Reprint, slip.Final = r.OpenedAt, r.GeneratedAt, reprint, r.Final
	if r.ClosedAt != nil {
		slip.ClosedAt = *r.ClosedAt
	}
	slip.Float, slip.PayIns, slip.PayOuts, slip.ExpectedCash, slip.PendingCash = r.Float, r.PayIns, r.PayOuts, r.ExpectedCash, r.PendingCash
	slip.CountedCash, slip.CashDifference = r.CountedCash, r.CashDifference
	slip.Groups = []receipts.ReportGroup{slipGroup("", r.Tally)}
	slip.DepositOpen, slip.DepositClose, slip.DepositDifference = r.DepositOpen, r.DepositClose, r.DepositDifference
	slip.OtherShiftsSuccess, slip.DepositNote, slip.Note = r.OtherShiftsSuccess, r.DepositReadError, r.Note
	slip.LowDeposit, slip.LowDepositThreshold, slip.DepositAvailable = r.LowDeposit.Below, r.LowDeposit.Threshold, r.LowDeposit.Available
	slip.Pending, slip.Explain = slipTxns(r.Pending), slipTxns(r.Explain)
	return slip
}

// DaySlip is the printed form of a day report: the day's total, then each
// outlet and each operator.
func (s *Service) DaySlip(r DayReport) receipts.ReportSlip {
	slip := s.slipHeader(false)
	slip.Kind, slip.Day, slip.PrintedAt, slip.Operator = receipts.ReportDay, r.Day, r.GeneratedAt, r.Operator
	slip.Final = len(r.Total.Pending) == 0
	slip.Groups = []receipts.ReportGroup{slipGroup("", r.Total)}
	for _, g := range r.Outlets {
		slip.Groups = append(slip.Groups, slipGroup("Outlet: "+g.Name, g.Tally))
	}
	for _, g := range r.Operators {
		slip.Groups = append(slip.Groups, slipGroup(receipts.OperatorLabel(s.cfg.ReceiptLang)+": "+g.Name, g.Tally))
	}
	slip.DepositOpen, slip.DepositClose = r.DepositOpen, r.DepositClose
	slip.LowDeposit, slip.LowDepositThreshold, slip.DepositAvailable = r.LowDeposit.Below, r.LowDeposit.Threshold, r.LowDeposit.Available
	slip.Pending = slipTxns(r.Total.Pending)
	return slip
}

// AnchorSlip puts the audit trail's head on a Z or day slip as it is
// printed: the anchor the owner keeps outside the ledger to check the
// chain later with `audit verify --anchor N:HASH` (issue 14). It reads
// the ledger (call it off the event loop); other slips are left as they
// are.
func (s *Service) AnchorSlip(slip receipts.ReportSlip) receipts.ReportSlip {
	if slip.Kind == receipts.ReportZ || slip.Kind == receipts.ReportDay {
		slip.AuditHead = s.auditHeadText()
	}
	return slip
}

// roleOf is operator's role: by's when by is operator, else the operators
// file's ("" when neither knows).
func (s *Service) roleOf(operator string, by Actor) Role {
	if by.Role != "" && strings.EqualFold(strings.TrimSpace(by.Name), strings.TrimSpace(operator)) {
		return by.Role
	}
	if r, ok := s.cfg.Operators.Role(operator); ok {
		return r
	}
	return ""
}

// auditHeadText is the audit trail's head as an anchor, "N:HASH" ("" when
// the trail is empty or cannot be read).
func (s *Service) auditHeadText() string {
	a, err := s.AuditHead()
	if err != nil || a.Seq == 0 {
		return ""
	}
	return a.String()
}

func (s *Service) slipHeader(now bool) receipts.ReportSlip {
	slip := receipts.ReportSlip{Merchant: s.cfg.Merchant, Outlet: s.cfg.Outlet, Terminal: s.cfg.Terminal,
		Footer: s.cfg.Footer, Lang: s.cfg.ReceiptLang, Location: s.cfg.Location}
	if now {
		slip.PrintedAt = s.now()
	}
	return slip
}

func slipGroup(title string, t Tally) receipts.ReportGroup {
	kt := func(k KindTotals) receipts.ReportTotals {
		return receipts.ReportTotals{SuccessCount: k.Success.Count, SuccessAmount: k.Success.Amount, Fee: k.Success.Fee,
			Received: k.Success.Received, FailedCount: k.Failed.Count, FailedAmount: k.Failed.Amount,
			PendingCount: k.Pending.Count, PendingAmount: k.Pending.Amount}
	}
	g := receipts.ReportGroup{Title: title, TopUp: kt(t.TopUps), Disburse: kt(t.Disbursements),
		CashCollected: t.CashCollected, LedgerSuccessSum: t.SuccessTotal}
	for _, k := range []KindTotals{t.TopUps, t.Disbursements} {
		for _, f := range k.Refusals {
			g.Refusals = append(g.Refusals, receipts.ReportRefusal{Reason: f.Reason, Count: f.Count, Amount: f.Amount})
		}
	}
	return g
}

func slipTxns(ls []TxnLine) []receipts.ReportTxn {
	out := make([]receipts.ReportTxn, 0, len(ls))
	for _, l := range ls {
		out = append(out, receipts.ReportTxn{Ref: l.PartnerReferenceNo, State: string(l.State), Amount: l.Amount, Why: l.Why})
	}
	return out
}
