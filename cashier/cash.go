package cashier

import "github.com/ovocashier/ovocashier/cashier/ledger"

// The cash rule, in one place (issue 13):
//
//   - A top up collects its amount in cash from the customer. The fee is not
//     added on top: OVO deducts it from what the customer receives
//     (amount − fee).
//   - A disbursement moves no drawer cash: it is paid out of the merchant
//     deposit at OVO.
//   - The drawer's expected cash = float + the cash collected for the
//     successful top ups of the shift + pay-ins − pay-outs. A top up that is
//     still pending/unknown holds its cash apart (PendingCash): it joins the
//     expected cash if it succeeds and goes back to the customer if it fails.

// CashToCollect is the cash the cashier takes from the customer for a
// transaction of kind and amount: the amount for a top up, nothing for a
// disbursement.
func CashToCollect(kind ledger.Kind, amount int64) int64 {
	if kind == ledger.KindTopUp {
		return amount
	}
	return 0
}

// CashToCollect is the cash to take from the customer for this quote.
func (q Quote) CashToCollect() int64 { return CashToCollect(q.Kind, q.Amount) }

// ExpectedCash is what the drawer should hold: float + collected + payIns −
// payOuts, where collected is the cash of the successful top ups.
func ExpectedCash(float, collected, payIns, payOuts int64) int64 {
	return float + collected + payIns - payOuts
}
