package cashier

import (
	"errors"
	"fmt"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// DefaultRepeatWindow is how long after a success the same kind, phone and
// amount is taken for an accidental second send (Config.RepeatWindow).
const DefaultRepeatWindow = 10 * time.Minute

// ErrRepeat is matched by RepeatError.
var ErrRepeat = errors.New("looks like a repeat of an earlier transaction")

// RepeatError says a new transaction looks like an accidental second send
// of Earlier: the same phone has a transaction whose outcome is not known
// yet, or a success of the same kind and amount within the repeat window.
// Nothing was sent; sending anyway takes a deliberate choice (the
// checkout's extra key, --allow-repeat).
type RepeatError struct {
	Earlier Txn
	// Open is true when Earlier is still pending or unknown.
	Open bool
}

// Ref is what the cashier finds the earlier transaction by: its receipt
// number, or its partner reference while it has none.
func (e *RepeatError) Ref() string {
	if e.Earlier.ReceiptNo != "" {
		return e.Earlier.ReceiptNo
	}
	return e.Earlier.PartnerReferenceNo
}

func (e *RepeatError) Error() string {
	t := e.Earlier
	if e.Open {
		return fmt.Sprintf("%s already has a %s of %s whose outcome is not known yet (%s); "+
			"sending again may pay twice: check it first, or repeat deliberately with --allow-repeat",
			t.CustomerNumber, t.Kind, Rupiah(t.Amount), e.Ref())
	}
	return fmt.Sprintf("a %s of %s to %s already succeeded at %s WIB (receipt %s); repeat deliberately with --allow-repeat",
		t.Kind, Rupiah(t.Amount), t.CustomerNumber, t.CreatedAt.In(ovo.Jakarta).Format("15:04"), e.Ref())
}

// Is makes RepeatError match ErrRepeat.
func (e *RepeatError) Is(target error) bool { return target == ErrRepeat }

// CheckRepeat is the guard against an accidental second send, the same for
// screens and command line: a *RepeatError when phone has a transaction
// whose outcome is not known yet (any kind or amount: an impatient retry),
// or a success of the same kind and amount created within the repeat
// window; nil otherwise. It reads the phone's index newest first and stops
// at the window's start, so it costs the phone's recent transactions: a
// first page of repeatFirstPage (a regular customer's history reaches back
// past the window, and all it takes is one transaction older than it),
// then pages of 50.
func (s *Service) CheckRepeat(kind Kind, phone string, amount int64) error {
	p, err := NormalizePhone(phone)
	if err != nil {
		return err
	}
	since := s.now().Add(-s.cfg.RepeatWindow)
	var success *Txn
	q := ledger.Query{Phone: p, Limit: repeatFirstPage}
	for ; ; q.Limit = 50 {
		page, err := s.db.History(q)
		if err != nil {
			return err
		}
		for i := range page.Txns {
			t := page.Txns[i]
			if t.CreatedAt.Before(since) {
				return s.openRepeat(p, success, s.db.Open)
			}
			if !t.State.Final() {
				return &RepeatError{Earlier: t, Open: true}
			}
			if success == nil && t.State == StateSuccess && t.Kind == kind && t.Amount == amount {
				success = &page.Txns[i]
			}
		}
		if page.Next == "" {
			if s.days != nil {
				// Every transaction of phone was read, none open: on a
				// ledger this process holds alone, the open set (which
				// openRepeat decodes whole) has no other of phone's.
				return s.openRepeat(p, success, nil)
			}
			return s.openRepeat(p, success, s.db.Open)
		}
		q.Before = page.Next
	}
}

// repeatFirstPage is the size of CheckRepeat's first page.
const repeatFirstPage = 4

// openRepeat finishes CheckRepeat past the window: an open transaction of
// phone older than the window (from the open set, which is small, read by
// open; nil when there can be none) comes first, then the success found
// inside it.
func (s *Service) openRepeat(phone string, success *Txn, readOpen func() ([]Txn, error)) error {
	var open []Txn
	if readOpen != nil {
		var err error
		if open, err = readOpen(); err != nil {
			return err
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		if open[i].CustomerNumber == phone {
			return &RepeatError{Earlier: open[i], Open: true}
		}
	}
	if success != nil {
		return &RepeatError{Earlier: *success}
	}
	return nil
}
