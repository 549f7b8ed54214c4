package cashier

import (
	"context"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// Quote is what account inquiry told us about a customer for an amount: the
// OVO account name to read back to the customer, the fee OVO deducts, and
// the limits that apply.
type Quote struct {
	Kind           ledger.Kind
	Phone          string // 08… form
	Name           string // OVO account name, unmasked
	Amount, Fee    int64  // rupiah
	Min, Max       int64  // per-transaction limits; 0 when OVO did not say
	MonthlyInLimit int64  // remaining monthly cash-in; 0 when OVO did not say
	FeeType        string
	SessionID      string
	ReferenceNo    string
	// ResponseCode and ResponseMessage are OVO's, as received.
	ResponseCode, ResponseMessage string
	At                            time.Time
}

// Receive is what the customer's OVO Cash is credited: the amount less the
// fee, which OVO deducts (never below zero).
func (q Quote) Receive() int64 { return ledger.Received(q.Amount, q.Fee) }

// CheckLimits says whether amount is within the limits of the quote; a
// *LimitError when it is not. Limits OVO did not give are not checked.
func (q Quote) CheckLimits(amount int64) error {
	if (q.Min > 0 && amount < q.Min) || (q.Max > 0 && amount > q.Max) {
		return &LimitError{Amount: amount, Min: q.Min, Max: q.Max}
	}
	return nil
}

// Inquiry asks OVO who owns phone and what a transfer of amount would cost.
// The phone is normalised (08…); bad input gives an error matching
// ErrInvalidInput before anything is sent. OVO's refusals come back as
// *ovo.Error.
func (s *Service) Inquiry(ctx context.Context, kind ledger.Kind, phone string, amount int64) (Quote, error) {
	if kind != ledger.KindTopUp && kind != ledger.KindDisburse {
		return Quote{}, invalid("unknown transaction kind %q", kind)
	}
	p, err := NormalizePhone(phone)
	if err != nil {
		return Quote{}, err
	}
	if amount <= 0 {
		return Quote{}, invalid("amount must be more than zero")
	}
	res, err := s.ovo.Inquiry(ctx, ovo.InquiryRequest{CustomerNumber: p, Amount: amount})
	if err != nil {
		return Quote{}, err
	}
	return Quote{
		Kind: kind, Phone: p, Name: res.CustomerName, Amount: amount, Fee: res.Fee,
		Min: res.MinAmount, Max: res.MaxAmount, MonthlyInLimit: res.MonthlyInLimit,
		FeeType: res.FeeType, SessionID: res.SessionID, ReferenceNo: res.ReferenceNo, At: s.now(),
		ResponseCode: res.ResponseCode, ResponseMessage: res.ResponseMessage,
	}, nil
}
