package ledger

import "time"

// Deposit is the local mirror of the merchant deposit at OVO.
//
// # The reconciliation rule
//
// A reading of OVO's balance is taken while transactions may be open: OVO
// may already have applied some of them (the reading includes their debit)
// while the ledger still holds them pending or unknown. The mirror never
// debits such a transaction twice and never believes more money than OVO
// can have:
//
//   - Every success debits Balance by its amount, once, when it is settled
//     (Settle), and adds it to a running total of debits.
//   - A reading is recorded with what was known when it was asked for
//     (ReadingStart): the debits recorded while it was under way are
//     subtracted from it (the reading may predate them), and the
//     transactions open when it is recorded are remembered as "maybe in
//     the reading".
//   - When a transaction that may be in the reading succeeds, its debit is
//     still taken (the lower of the two possibilities), and the amount is
//     added to Uncertain: how much Balance may understate OVO's deposit.
//   - Uncertain is zero after a reading taken with nothing open and no
//     success recorded meanwhile: Balance is then exactly OVO's deposit
//     minus the successes since. A positive Uncertain is resolved by the
//     next reading, which the cashier asks for soon (and at once before it
//     refuses an amount as above the deposit).
//
// So Balance is OVO's deposit at the last reading minus what was spent
// since, exactly when Uncertain is zero and at most Uncertain below it
// otherwise; it never overstates. Reserved is the sum of the amounts of the
// open (pending or unknown) transactions (plus what approvals and approved
// batches hold). Available = max(0, Balance-Reserved) is what Begin may
// still reserve. None is ever negative.
type Deposit struct {
	Balance     int64
	Reserved    int64
	Available   int64
	Uncertain   int64     // how much Balance may understate OVO's deposit; 0 when the mirror is exact
	RefreshedAt time.Time // when the last recorded reading was asked of OVO; zero if never
}

// Clamp clamps the amounts at zero and recomputes Available: every backend
// applies it to the mirror it reads or writes.
func (d *Deposit) Clamp() {
	d.Balance = max(d.Balance, 0)
	d.Reserved = max(d.Reserved, 0)
	d.Uncertain = max(d.Uncertain, 0)
	d.Available = max(d.Balance-d.Reserved, 0)
}

// ReadingStart is what the ledger knew when a balance reading was asked of
// OVO: take it (Ledger.ReadingStart) just before sending the request, and
// hand it to RecordReading with OVO's answer, unchanged.
type ReadingStart struct {
	At time.Time // when the request was sent
	// Debited is the backend's running total of success debits at that
	// moment (it may wrap; only differences are used). The cashier passes
	// it back as it got it.
	Debited uint64
}
