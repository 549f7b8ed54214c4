package ovosim

// FeeTier is one step of a fee schedule: amounts up to and including UpTo
// rupiah pay Fee. UpTo 0 means no upper bound.
type FeeTier struct {
	UpTo int64
	Fee  int64
}

// FlatFee is the schedule that charges fee rupiah whatever the amount. The
// default schedule is FlatFee(DefaultFee): Rp1.000.
func FlatFee(fee int64) func(amount int64) int64 {
	return func(int64) int64 { return fee }
}

// FeeSchedule returns a schedule from tiers in ascending order of UpTo: an
// amount pays the Fee of the first tier whose UpTo is 0 or not below it, and
// the last tier's Fee when none matches.
func FeeSchedule(tiers ...FeeTier) func(amount int64) int64 {
	ts := append([]FeeTier(nil), tiers...)
	return func(amount int64) int64 {
		for _, t := range ts {
			if t.UpTo == 0 || amount <= t.UpTo {
				return t.Fee
			}
		}
		if len(ts) == 0 {
			return 0
		}
		return ts[len(ts)-1].Fee
	}
}

// fee is the schedule's fee for amount, never negative.
func (s *Sim) fee(amount int64) int64 {
	f := s.cfg.Fee(amount)
	if f < 0 {
		return 0
	}
	return f
}
