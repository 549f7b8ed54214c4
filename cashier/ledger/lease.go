package ledger

import "time"

// Leaser is implemented by a ledger that several processes share: each
// process runs the reconciler, and before checking an open transaction's
// status it takes the transaction's lease, so that one process at a time
// checks it. Lease grants (ok) when no other live process holds an
// unexpired lease on ref, for ttl; release gives it back. A process that
// dies — mid-check, or with its call in flight — lets go at once, without
// waiting for any expiry (the store sees its connection end); ttl bounds
// only a live holder that does not release. A ledger held by one process
// (bbolt) does not implement it: the reconciler then checks every open
// transaction not in flight in its own process. The reconciler of a
// Leaser also looks at the open set every CheckInterval, since other
// processes' transactions (and their deaths) do not wake it.
type Leaser interface {
	Lease(ref string, ttl time.Duration) (release func(), ok bool, err error)
}
