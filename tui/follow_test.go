package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/screens"
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

// The cashier's own top up: its events went by while the result did not
// know its transaction, and the header had taken a deposit just before (so
// the next is held for its slot, up to headerEvery). The answer to the
// call hands the deposit it moved over at once: the header shows it with
// the result, not seconds later.
func TestOwnCallsDepositIsNotHeldForTheHeader(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	feed := NewFeed(env.Service)
	defer feed.Close()
	o := opts(env, "en")
	o.Feed = feed
	m := New(o)
	defer m.Close()
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(m.box.take()) // the first deposit
	b := m.box
	b.mu.Lock()
	b.headerSent = time.Now() // a header's deposit taken just now: the next one waits for the slot
	b.mu.Unlock()
	b.follow("", true) // a result before its call's answer

	q, err := env.Service.Inquiry(context.Background(), cashier.KindTopUp, ovosim.NumberBudi, 50_000)
	if err != nil {
		t.Fatal(err)
	}
	res, err := env.Service.Execute(context.Background(), cashier.Order{Quote: q, Operator: "siti"})
	if err != nil || res.Txn.State != cashier.StateSuccess {
		t.Fatalf("top up: %+v %v", res.Txn, err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		b.mu.Lock()
		held := b.dep != nil && b.dep.Available == 49_950_000
		b.mu.Unlock()
		if held {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the top up's deposit never reached the mailbox")
		}
	}
	if d := b.holdFor(time.Now()); d <= 0 {
		t.Fatalf("the deposit was not held before the answer (%v): the test sets nothing up", d)
	}
	m.Update(screens.ExecutedMsg{Result: res})
	if d := b.holdFor(time.Now()); d > 0 {
		t.Fatalf("after the answer to its own call the session's deposit is still held %v for the header", d)
	}
	select {
	case <-b.wake:
	default:
		t.Fatal("the session was not woken to take it")
	}
	if msg := b.take(); msg.dep == nil || msg.dep.Available != 49_950_000 {
		t.Fatalf("took %+v", msg.dep)
	}
}
