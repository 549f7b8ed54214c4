package ledgertest

import (
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// The reconciler's leases, on a store several processes share (a Leaser):
// one process at a time checks an open transaction; the process whose
// call is in flight holds it from Begin until the outcome is recorded; a
// process that dies — mid-check or mid-call — lets go at once, not after
// an expiry. A store one process holds (bbolt) is not a Leaser: its
// reconciler skips what is in flight in its own process, and these cases
// do not apply.
func init() {
	Register(
		Case{Name: "Lease/OneAtATime", Run: leaseOneAtATime, Shared: true},
		Case{Name: "Lease/InflightUntilOutcome", Run: leaseInflightUntilOutcome, Shared: true},
		Case{Name: "Lease/ExpiresAfterTTL", Run: leaseExpires, Shared: true},
		Case{Name: "Lease/HolderDiesReleasesAtOnce", Run: leaseHolderDies, Shared: true},
		Case{Name: "Lease/ClosedHolderReleasesAtOnce", Run: leaseHolderCloses, Shared: true},
	)
}

// leaseLong is longer than any case runs: a lease granted after its
// holder ended was not granted by expiry.
const leaseLong = time.Hour

// leaser is l as the reconciler sees it; a Shared backend must be one.
func (e *Env) leaser(l Core) ledger.Leaser {
	e.T.Helper()
	ls, ok := l.(ledger.Leaser)
	if !ok {
		e.T.Fatalf("%T is shared by several processes but not a ledger.Leaser", l)
	}
	return ls
}

// lease asks l for ref's lease for ttl, failing the case on an error.
func (e *Env) lease(l Core, ref string, ttl time.Duration) (release func(), ok bool) {
	e.T.Helper()
	release, ok, err := e.leaser(l).Lease(ref, ttl)
	if err != nil {
		e.T.Fatalf("Lease(%s): %v", ref, err)
	}
	return release, ok
}

// openTxn begins a transaction on l and records an unknown outcome: open,
// with nobody's call in flight.
func (e *Env) openTxn(l Core) string {
	e.T.Helper()
	tx := e.MustBegin(l, NewTxn(10_000))
	e.MustSettle(l, tx.PartnerReferenceNo, ledger.Outcome{State: ledger.StateUnknown})
	return tx.PartnerReferenceNo
}

func leaseOneAtATime(e *Env) {
	a, b := e.L, e.Handle()
	e.Fund(a, 1_000_000)
	ref := e.openTxn(a)
	releaseA, ok := e.lease(a, ref, leaseLong)
	if !ok {
		e.T.Fatal("no lease on an open transaction nobody holds")
	}
	if _, ok := e.lease(b, ref, leaseLong); ok {
		e.T.Fatal("two processes hold one lease")
	}
	if _, ok := e.lease(a, ref, leaseLong); !ok {
		e.T.Fatal("the holder could not renew its own lease")
	}
	releaseA()
	releaseB, ok := e.lease(b, ref, leaseLong)
	if !ok {
		e.T.Fatal("not granted after the holder released")
	}
	if _, ok := e.lease(a, ref, leaseLong); ok {
		e.T.Fatal("granted while another process holds it")
	}
	releaseB()
}

func leaseInflightUntilOutcome(e *Env) {
	a, b := e.L, e.Handle()
	e.Fund(a, 1_000_000)
	tx := e.MustBegin(a, NewTxn(10_000))
	ref := tx.PartnerReferenceNo
	if _, ok := e.lease(b, ref, leaseLong); ok {
		e.T.Fatal("another process leased a transaction whose call is in flight")
	}
	e.MustSettle(a, ref, ledger.Outcome{State: ledger.StateUnknown})
	release, ok := e.lease(b, ref, leaseLong)
	if !ok {
		e.T.Fatal("not granted once the call's outcome was recorded")
	}
	release()
}

func leaseExpires(e *Env) {
	a, b := e.L, e.Handle()
	e.Fund(a, 1_000_000)
	ref := e.openTxn(a)
	if _, ok := e.lease(a, ref, 100*time.Millisecond); !ok {
		e.T.Fatal("no lease on an open transaction nobody holds")
	}
	if _, ok := e.lease(b, ref, leaseLong); ok {
		e.T.Fatal("granted before the lease expired")
	}
	time.Sleep(200 * time.Millisecond) // the holder lives on and never releases
	release, ok := e.lease(b, ref, leaseLong)
	if !ok {
		e.T.Fatal("an expired lease of a live holder was not taken over")
	}
	release()
}

// leaseHolderGone has a holds a reconciler's lease on one open transaction
// and the in-flight lease of another, both for far longer than the case
// runs; end is a's end; then b takes both at once.
func leaseHolderGone(e *Env, end func(a Core)) {
	a, b := e.Handle(), e.L
	e.Fund(b, 1_000_000)
	checking := e.openTxn(a)
	if _, ok := e.lease(a, checking, leaseLong); !ok {
		e.T.Fatal("no lease on an open transaction nobody holds")
	}
	inflight := e.MustBegin(a, NewTxn(20_000)).PartnerReferenceNo
	for _, ref := range []string{checking, inflight} {
		if _, ok := e.lease(b, ref, leaseLong); ok {
			e.T.Fatalf("%s granted while its holder lives", ref)
		}
	}
	end(a)
	for _, ref := range []string{checking, inflight} {
		if _, ok := e.lease(b, ref, leaseLong); !ok {
			e.T.Fatalf("%s not granted at once after its holder ended", ref)
		}
	}
	// Both are still open, reserved, and b records their outcomes.
	e.MustSettle(b, checking, ledger.Outcome{State: ledger.StateSuccess})
	e.MustSettle(b, inflight, ledger.Outcome{State: ledger.StateFailed})
	e.Check(b)
}

func leaseHolderDies(e *Env) {
	if e.B.Die == nil {
		e.T.Fatal("a Shared backend must say how a handle dies (Backend.Die)")
	}
	leaseHolderGone(e, func(a Core) { e.B.Die(e.T, a) })
}

func leaseHolderCloses(e *Env) {
	leaseHolderGone(e, func(a Core) {
		if err := a.Close(); err != nil {
			e.T.Fatal(err)
		}
	})
}
