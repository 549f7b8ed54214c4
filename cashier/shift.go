package cashier

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// ErrNoShift is matched when a transaction, a pay-in/out or a close needs an
// open shift and the operator has none on this terminal. Nothing was sent.
var ErrNoShift = ledger.ErrNoShift

// ErrShiftOpen is matched when an operator opens a second shift on the same
// terminal.
var ErrShiftOpen = ledger.ErrShiftOpen

// ErrNoteRequired is matched by a *CloseError: the close has a difference
// and no note. Nothing was closed.
var ErrNoteRequired = errors.New("a close with a difference needs a note")

// CloseError refuses a close that has a difference but no note. Report is
// the close as it would be (its differences and what explains them), so a
// front end can show it and ask for the note.
type CloseError struct{ Report ShiftReport }

// Error names the differences.
func (e *CloseError) Error() string {
	r := e.Report
	var parts []string
	if r.CashDifference != nil && *r.CashDifference != 0 {
		parts = append(parts, "cash "+Rupiah(*r.CashDifference))
	}
	if r.DepositDifference != nil && *r.DepositDifference != 0 {
		parts = append(parts, "deposit "+Rupiah(*r.DepositDifference))
	}
	return "the close has a difference (" + strings.Join(parts, ", ") + "): give a note saying why"
}

// Is makes a CloseError match ErrNoteRequired and ErrInvalidInput (exit 2:
// nothing closed).
func (e *CloseError) Is(target error) bool {
	return target == ErrNoteRequired || target == ErrInvalidInput
}

// sendingShift is the shift a transaction of operator is stamped with: the
// operator's open shift on this terminal. With Config.Shifts on, having none
// refuses the transaction (ErrNoShift) before anything is written or sent.
func (s *Service) sendingShift(operator string) (string, error) {
	sh, err := s.db.CurrentShift(operator, s.cfg.Terminal)
	switch {
	case err == nil:
		return sh.ID, nil
	case errors.Is(err, ledger.ErrNoShift) && !s.cfg.Shifts:
		return "", nil
	case errors.Is(err, ledger.ErrNoShift):
		return "", fmt.Errorf("%w: %s has no open shift on terminal %q; open one first", ErrNoShift, operator, s.cfg.Terminal)
	}
	return "", err
}

// shiftReading asks OVO for the merchant deposit, bounded by CallTimeout; a
// failure is kept in the reading (Err), not returned: a shift opens and
// closes even when OVO cannot be reached, and its report says the deposit
// check could not be made.
func (s *Service) shiftReading(ctx context.Context) ledger.Reading {
	at := s.now()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
	defer cancel()
	res, err := s.ovo.Balance(ctx)
	if err != nil {
		s.log.Warn("deposit reading for a shift failed", "err", err)
		return ledger.Reading{At: at, Err: err.Error()}
	}
	return ledger.Reading{Balance: res.Deposit, At: at}
}

// OpenShift opens a shift for operator on this terminal with float in the
// drawer, and records a reading of the merchant deposit from OVO. An
// operator has one open shift per terminal (ErrShiftOpen).
func (s *Service) OpenShift(ctx context.Context, operator string, float int64) (ledger.Shift, error) {
	operator = strings.TrimSpace(operator)
	if operator == "" {
		return ledger.Shift{}, invalid("the operator's name is empty")
	}
	if float < 0 {
		return ledger.Shift{}, invalid("the float must not be negative")
	}
	if _, err := s.db.CurrentShift(operator, s.cfg.Terminal); err == nil {
		return ledger.Shift{}, fmt.Errorf("%w: close it first", &ledger.ShiftOpenError{ID: s.currentID(operator)})
	}
	sh, err := s.db.OpenShift(ledger.NewShift{Operator: operator, Terminal: s.cfg.Terminal, Outlet: s.cfg.Outlet,
		Float: float, DepositOpen: s.shiftReading(ctx)})
	if err != nil {
		return ledger.Shift{}, err
	}
	s.log.Info("shift opened", "shift", sh.ID, "operator", operator, "terminal", sh.Terminal, "float", float,
		"deposit", sh.DepositOpen.Balance, "depositRead", sh.DepositOpen.OK())
	return sh, nil
}

func (s *Service) currentID(operator string) string {
	sh, _ := s.db.CurrentShift(operator, s.cfg.Terminal)
	return sh.ID
}

// CurrentShift is operator's open shift on this terminal (ErrNoShift).
func (s *Service) CurrentShift(operator string) (ledger.Shift, error) {
	return s.db.CurrentShift(operator, s.cfg.Terminal)
}

// ShiftStatus is the X report of operator's open shift from the ledger
// alone (no deposit reading from OVO): what the drawer should hold now and
// the shift's totals. XReport adds OVO's deposit.
func (s *Service) ShiftStatus(operator string) (ShiftReport, error) {
	sh, err := s.CurrentShift(operator)
	if err != nil {
		return ShiftReport{}, err
	}
	return s.shiftReport(context.Background(), sh, ReportX, ledger.Reading{}, false)
}

// XReport is the mid-shift report of operator's open shift: nothing is
// closed. It reads OVO's deposit now for the three-way check so far.
func (s *Service) XReport(ctx context.Context, operator string) (ShiftReport, error) {
	sh, err := s.CurrentShift(operator)
	if err != nil {
		return ShiftReport{}, err
	}
	return s.shiftReport(ctx, sh, ReportX, s.shiftReading(ctx), true)
}

// PayIn records cash put into operator's drawer that is not an OVO
// transaction (e.g. more change), with its reason.
func (s *Service) PayIn(operator string, amount int64, reason string) (ledger.CashMove, error) {
	return s.cashMove(operator, true, amount, reason)
}

// PayOut records cash taken out of operator's drawer that is not an OVO
// transaction (e.g. change taken to the bank), with its reason. A pay-out
// of more than the drawer should hold is refused.
func (s *Service) PayOut(operator string, amount int64, reason string) (ledger.CashMove, error) {
	return s.cashMove(operator, false, amount, reason)
}

func (s *Service) cashMove(operator string, in bool, amount int64, reason string) (ledger.CashMove, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case amount <= 0:
		return ledger.CashMove{}, invalid("the amount must be more than zero")
	case reason == "":
		return ledger.CashMove{}, invalid("a pay-in or pay-out needs a reason")
	}
	sh, err := s.CurrentShift(operator)
	if err != nil {
		return ledger.CashMove{}, err
	}
	if !in {
		r, err := s.shiftReport(context.Background(), sh, ReportX, ledger.Reading{}, false)
		if err != nil {
			return ledger.CashMove{}, err
		}
		if amount > r.ExpectedCash {
			return ledger.CashMove{}, invalid("a pay-out of %s is more than the drawer should hold (%s)", Rupiah(amount), Rupiah(r.ExpectedCash))
		}
	}
	m, err := s.db.AddCashMove(ledger.CashMove{ShiftID: sh.ID, In: in, Amount: amount, Reason: reason, Operator: operator})
	if err != nil {
		return m, err
	}
	s.log.Info("cash moved", "shift", sh.ID, "in", in, "amount", amount, "reason", reason)
	return m, nil
}

// CloseShift closes operator's shift on this terminal with the cash counted
// in the drawer: it reads OVO's deposit, computes the three-way close and
// returns the Z report. When the close has a difference that the open
// transactions do not explain (see ShiftReport.NeedsNote) and note is empty,
// nothing is closed and the error is a *CloseError holding the report as the
// shift stands: an X report (no closedAt) with the count and differences.
func (s *Service) CloseShift(ctx context.Context, operator string, counted int64, note string) (ShiftReport, error) {
	if counted < 0 {
		return ShiftReport{}, invalid("the counted cash must not be negative")
	}
	note = strings.TrimSpace(note)
	sh, err := s.CurrentShift(operator)
	if err != nil {
		return ShiftReport{}, err
	}
	reading := s.shiftReading(ctx)
	preview := sh
	preview.Counted, preview.DepositClose, preview.ClosedAt = counted, reading, reading.At
	r, err := s.shiftReport(ctx, preview, ReportZ, reading, true)
	if err != nil {
		return ShiftReport{}, err
	}
	if r.NeedsNote() && note == "" {
		// Nothing is closed: the report shown is the shift still open (an X
		// report with the count and its differences), never a Z with a close
		// time and FINAL that did not happen.
		r.Kind, r.ClosedAt = ReportX, nil
		return r, &CloseError{Report: r}
	}
	var open []string
	for _, l := range r.Pending {
		open = append(open, l.PartnerReferenceNo)
	}
	closed, err := s.db.CloseShift(sh.ID, ledger.ShiftClose{Counted: counted, Note: note, DepositClose: reading, OpenAtClose: open})
	if err != nil {
		return ShiftReport{}, err
	}
	s.log.Info("shift closed", "shift", sh.ID, "operator", operator, "counted", counted,
		"cashDifference", deref(r.CashDifference), "depositDifference", deref(r.DepositDifference), "final", r.Final, "note", note)
	return s.shiftReport(ctx, closed, ReportZ, closed.DepositClose, false)
}

// ZReport is the close report of a closed shift as the ledger stands now:
// printed again after transactions that were pending at the close settled,
// it shows them final. A shift still open gives its X report instead.
func (s *Service) ZReport(ctx context.Context, shiftID string) (ShiftReport, error) {
	sh, err := s.db.Shift(shiftID)
	if err != nil {
		return ShiftReport{}, err
	}
	if !sh.Closed() {
		return s.shiftReport(ctx, sh, ReportX, ledger.Reading{}, false)
	}
	return s.shiftReport(ctx, sh, ReportZ, sh.DepositClose, false)
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// CheckShift tells a front end before it asks anything of OVO whether
// operator may send a transaction now: nil, or ErrNoShift when shifts are on
// (Config.Shifts) and the operator has no open shift on this terminal. Execute
// applies the same rule.
func (s *Service) CheckShift(operator string) error {
	_, err := s.sendingShift(operator)
	return err
}

// LastClosedShift is the latest shift of operator on this terminal closed
// in the calendar day holding day (the outlet's zone), for a Z report's
// reprint (ErrNoShift when there is none).
func (s *Service) LastClosedShift(operator string, day time.Time) (ledger.Shift, error) {
	start, end := s.DayBounds(day)
	shifts, err := s.db.ShiftsOpened(start.AddDate(0, 0, -1), end)
	if err != nil {
		return ledger.Shift{}, err
	}
	var last ledger.Shift
	for _, sh := range shifts {
		if sh.Operator == operator && sh.Terminal == s.cfg.Terminal && sh.Closed() &&
			!sh.ClosedAt.Before(start) && sh.ClosedAt.Before(end) && sh.ClosedAt.After(last.ClosedAt) {
			last = sh
		}
	}
	if last.ID == "" {
		return last, ErrNoShift
	}
	return last, nil
}
