package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// Two sessions on one feed, at a person's pace. B stays on the result of
// its own top up while A's pending top up settles: B's mailbox keeps only
// B's transaction and nothing below B's header changes. A, on the detail
// of its pending transaction (h from its result), sees it settle there
// without leaving it.
func TestResultAndDetailFollowOnlyTheirOwnTransaction(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.Options{SimConfig: func(c *ovosim.Config) { c.PendingFor = time.Second }})
	feed := NewFeed(env.Service)
	defer feed.Close()
	o := opts(env, "en")
	o.Feed = feed
	a, b := start(t, env, o, 80, 24), start(t, env, o, 80, 24)

	checkoutOf(b, "en", ovosim.NumberBudi, "20000")
	b.typeText("y")
	b.waitFor("SUCCESS", "Budi Santoso")
	before := b.screen()

	checkoutOf(a, "en", ovosim.NumberPendingSuccess, "50000")
	a.typeText("y")
	a.waitFor("PENDING · checking with OVO")
	a.typeText("h")
	a.waitFor("Transaction details", "PENDING")
	a.waitFor("Transaction details", "SUCCESS", "Sandbox Pending")

	p, err := env.Service.History(cashier.Query{})
	if err != nil || len(p.Txns) != 2 {
		t.Fatalf("ledger: %v %v", p.Txns, err)
	}
	ref := map[string]string{}
	for _, x := range p.Txns {
		if x.State != cashier.StateSuccess {
			t.Fatalf("ledger: %+v", x)
		}
		ref[x.CustomerNumber] = x.PartnerReferenceNo
	}
	aRef, bRef := ref[ovosim.NumberPendingSuccess], ref[ovosim.NumberBudi]
	if !a.p.m.box.keeps(aRef) || a.p.m.box.keeps(bRef) {
		t.Errorf("A's detail of %s keeps %s %v, its own %v", aRef, bRef, a.p.m.box.keeps(bRef), a.p.m.box.keeps(aRef))
	}
	if !b.p.m.box.keeps(bRef) || b.p.m.box.keeps(aRef) {
		t.Errorf("B's result of %s keeps %s %v, its own %v", bRef, aRef, b.p.m.box.keeps(aRef), b.p.m.box.keeps(bRef))
	}
	// B's header may take the new deposit (paced); the rest stays as it was.
	was, now := strings.Split(before, "\n"), strings.Split(b.screen(), "\n")
	if len(was) != len(now) {
		t.Fatalf("B's result: %d lines, then %d", len(was), len(now))
	}
	for l := 1; l < len(now); l++ {
		if was[l] != now[l] {
			t.Errorf("B's result changed at line %d with A's top up:\n%s\n%s", l, was[l], now[l])
		}
	}
}
