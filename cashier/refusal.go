package cashier

// KnownRefusal is the refusal the app already knows for q before anything
// is sent, nil when none: first OVO's per-transaction limits from the
// inquiry (a reason that stays true whatever the deposit), then the deposit
// mirror, when it was read (known), cannot cover q.Amount even counting
// what it may understate (Deposit.Uncertain: a reading that may already
// include an open transaction; such a mirror is read again before a
// refusal). The screens stop at checkout with it instead of offering to
// send, and Execute enforces it.
func KnownRefusal(q Quote, dep Deposit, known bool) error {
	if err := q.CheckLimits(q.Amount); err != nil {
		return err
	}
	if known && q.Amount > dep.Available+dep.Uncertain {
		return &DepositError{Amount: q.Amount, Available: dep.Available}
	}
	return nil
}
