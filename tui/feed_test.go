package tui

import (
	"context"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// running is a session's model in a program of its own, as over SSH.
type running struct {
	m    *Model
	pr   probe // what the session showed last
	p    *tea.Program
	done chan struct{}
}

// screen is the frame the session drew last.
func (r running) screen() string {
	r.pr.mu.Lock()
	defer r.pr.mu.Unlock()
	return *r.pr.view
}

// stop ends the program; the model can be read after.
func (r running) stop() {
	r.p.Kill()
	<-r.done
}

func runSessions(t *testing.T, env *testenv.Env, feed *Feed, n, w, h int) []running {
	t.Helper()
	out := make([]running, n)
	for i := range out {
		o := opts(env, "en")
		o.Feed = feed
		m := New(o)
		pr := probe{m: m, mu: &sync.Mutex{}, view: new(string), seen: new(int), inFlight: new(int)}
		p := tea.NewProgram(pr, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignalHandler())
		r := running{m, pr, p, make(chan struct{})}
		go func() { p.Run(); close(r.done) }()
		p.Send(tea.WindowSizeMsg{Width: w, Height: h})
		out[i] = r
		t.Cleanup(func() { r.stop(); m.Close() })
	}
	return out
}

// settle waits until no session has drawn a frame for a while and returns
// the frames each has drawn.
func settle(t *testing.T, ss []running) []uint64 {
	t.Helper()
	counts := func() []uint64 {
		c := make([]uint64, len(ss))
		for i, s := range ss {
			c[i] = s.m.Renders()
		}
		return c
	}
	last, since := counts(), time.Now()
	deadline := time.Now().Add(15 * time.Second)
	for time.Since(since) < headerEvery+400*time.Millisecond { // a header's deposit may be held that long
		if time.Now().After(deadline) {
			t.Fatal("the sessions never stopped drawing")
		}
		time.Sleep(50 * time.Millisecond)
		now := counts()
		for i := range now {
			if now[i] != last[i] {
				last, since = now, time.Now()
				break
			}
		}
	}
	return last
}

// One top up with 100 other sessions connected: each session that shows
// the deposit (its header) draws one frame, the sessions that show nothing
// of it (a terminal too small for the header) draw none. The frame drawn
// differs from the one before in the header's line only (the rest, footer
// included, is the same: the frame writer sends that one line).
func TestTopUpRendersOncePerSessionShowingIt(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	feed := NewFeed(env.Service)
	defer feed.Close()
	header := runSessions(t, env, feed, 50, 100, 30)
	small := runSessions(t, env, feed, 50, 60, 20)
	all := append(append([]running(nil), header...), small...)
	before := settle(t, all)
	shown := make([]string, len(header))
	for i, s := range header {
		shown[i] = s.screen()
	}

	q, err := env.Service.Inquiry(context.Background(), cashier.KindTopUp, ovosim.NumberBudi, 50_000)
	if err != nil {
		t.Fatal(err)
	}
	res, err := env.Service.Execute(context.Background(), cashier.Order{Quote: q, Operator: "budi"})
	if err != nil || res.Txn.State != cashier.StateSuccess {
		t.Fatalf("top up: %+v %v", res.Txn, err)
	}
	time.Sleep(300 * time.Millisecond) // the deposit refresh after the top up
	after := settle(t, all)
	for i, s := range header {
		if d := after[i] - before[i]; d != 1 {
			t.Errorf("session %d showing the deposit drew %d frames for one top up, want 1", i, d)
		}
		was, now := strings.Split(shown[i], "\n"), strings.Split(s.screen(), "\n")
		if len(was) != len(now) {
			t.Fatalf("session %d: %d lines, then %d", i, len(was), len(now))
		}
		for l := range now {
			if changed := was[l] != now[l]; changed != (l == 0) {
				t.Errorf("session %d: line %d changed %v for one top up (only the header's should):\n%s\n%s", i, l, changed, was[l], now[l])
			}
		}
	}
	for i := len(header); i < len(all); i++ {
		if d := after[i] - before[i]; d != 0 {
			t.Errorf("session %d showing nothing of it drew %d frames, want 0", i, d)
		}
	}
	header[0].stop()
	if v := header[0].m.View(); !strings.Contains(v, "Rp49.950.000") {
		t.Fatalf("the header did not follow the deposit:\n%s", v)
	}
}

// Top ups in quick succession change every header each time; a session
// showing the deposit only in its header draws it at most once per
// headerEvery (plus the first at once), and the last deposit is the one it
// shows: nothing is lost. The bound is counted from the time the top ups
// took, so a slow machine does not fail it.
func TestHeaderDepositPaced(t *testing.T) {
	env := testenv.New(t, testenv.Options{})
	feed := NewFeed(env.Service)
	defer feed.Close()
	ss := runSessions(t, env, feed, 10, 100, 30)
	before := settle(t, ss)
	const n = 6
	start := time.Now()
	for i := range n {
		q, err := env.Service.Inquiry(context.Background(), cashier.KindTopUp, ovosim.NumberBudi, int64(20_000+1_000*i))
		if err != nil {
			t.Fatal(err)
		}
		if res, err := env.Service.Execute(context.Background(), cashier.Order{Quote: q, Operator: "budi"}); err != nil || res.Txn.State != cashier.StateSuccess {
			t.Fatalf("top up %d: %+v %v", i, res.Txn, err)
		}
	}
	took := time.Since(start)
	after := settle(t, ss)
	allowed := uint64(2 + took/headerEvery)
	if allowed >= n {
		t.Skipf("the %d top ups took %v: too slow here to tell pacing from none", n, took)
	}
	for i := range ss {
		if d := after[i] - before[i]; d < 1 || d > allowed {
			t.Errorf("session %d drew %d frames for %d top ups in %v, want 1 to %d", i, d, n, took, allowed)
		}
	}
	dep, err := env.Service.Deposit()
	if err != nil {
		t.Fatal(err)
	}
	ss[0].stop()
	if v := ss[0].m.View(); !strings.Contains(v, cashier.Rupiah(dep.Available)) {
		t.Fatalf("the header does not show the last deposit %s:\n%s", cashier.Rupiah(dep.Available), v)
	}
}

// A session that opens its mailbox just after a deposit reading was
// published still starts from that reading (the header never stays at "not
// read yet").
func TestFeedNewMailboxHoldsTheDeposit(t *testing.T) {
	env := testenv.New(t, testenv.Options{NoStart: true})
	feed := NewFeed(env.Service)
	defer feed.Close()
	if _, err := env.Service.RefreshDeposit(context.Background()); err != nil {
		t.Fatal(err)
	}
	b := feed.subscribe()
	defer feed.unsubscribe(b)
	select {
	case <-b.wake:
	case <-time.After(5 * time.Second):
		t.Fatal("the mailbox never woke")
	}
	if msg := b.take(); msg.dep == nil || msg.dep.RefreshedAt.IsZero() || msg.dep.Available != 50_000_000 {
		t.Fatalf("mailbox: %+v", msg.dep)
	}
}

// Sessions take a header's deposit each at its own slot of headerEvery, so
// that a top up with a thousand sessions connected does not draw a
// thousand headers in one burst (a lone cashier's next top up waited
// behind it: sshload's fan-out p99 33–65 ms against 18 ms alone). Each
// mailbox's wait is its slot, never more than headerEvery, and the slots
// of many sessions are spread, not one moment.
func TestHeaderDepositSpreadOverSlots(t *testing.T) {
	now := time.Now()
	d := cashier.Deposit{Available: 1_000}
	buckets := map[time.Duration]int{}
	const n = 1000
	for range n {
		b := &mailbox{wake: make(chan struct{}, 1), phase: rand.N(headerEvery), known: true, dep: &d, headerSent: now.Add(-time.Hour)}
		wait := b.holdFor(now)
		if wait < 0 || wait >= headerEvery {
			t.Fatalf("a header's deposit held %v (phase %v), want under %v", wait, b.phase, headerEvery)
		}
		if again := b.holdFor(now.Add(wait)); again != 0 {
			t.Fatalf("at its slot the mailbox still waits %v", again)
		}
		buckets[wait/(100*time.Millisecond)]++
	}
	for slot, k := range buckets {
		if k > n/10 {
			t.Fatalf("%d of %d headers due in the same 100 ms (slot %d): not spread", k, n, slot)
		}
	}
}

// A screen that follows one transaction (the result of its own top up)
// keeps only that transaction's events: another session's top up neither
// wakes it nor reaches it. A screen that follows every transaction keeps
// them all.
func TestMailboxKeepsOnlyTheFollowedTransaction(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ref    string
		one    bool
		put    []string
		kept   []string
		wakeup bool
	}{
		{"result of A, B settles", "A", true, []string{"B"}, nil, false},
		{"result of A, A settles", "A", true, []string{"B", "A"}, []string{"A"}, true},
		{"result before its call's answer", "", true, []string{"A", "B"}, nil, false},
		{"history follows all", "", false, []string{"A", "B"}, []string{"A", "B"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := &mailbox{wake: make(chan struct{}, 1), known: true}
			b.follow(tc.ref, tc.one)
			b.interest.Store(showsTxns | showsNoHeader)
			for _, ref := range tc.put {
				b.put(&cashier.Txn{PartnerReferenceNo: ref}, nil)
			}
			woke := len(b.wake) == 1
			msg := b.take()
			var kept []string
			for _, t := range msg.txns {
				kept = append(kept, t.PartnerReferenceNo)
			}
			if !slices.Equal(kept, tc.kept) || woke != tc.wakeup {
				t.Fatalf("kept %v (woken %v), want %v (woken %v)", kept, woke, tc.kept, tc.wakeup)
			}
		})
	}
}

// Another session's top up reserves and then releases (it failed): a
// header whose deposit is held for its slot must not take the reserved
// figure after the release brought it back to what it shows.
func TestHeaderNeverTakesAnOlderDeposit(t *testing.T) {
	b := &mailbox{wake: make(chan struct{}, 1)}
	shown := cashier.Deposit{Balance: 50_000_000, Available: 50_000_000}
	b.put(nil, &shown)
	b.take()
	b.headerSent = time.Now() // the header took a deposit just now: the next is held
	reserved := cashier.Deposit{Balance: 50_000_000, Reserved: 50_000, Available: 49_950_000}
	b.put(nil, &reserved)
	if d := b.holdFor(time.Now()); d <= 0 {
		t.Fatalf("a header's deposit right after the last was not held (%v)", d)
	}
	released := shown
	b.put(nil, &released)
	if msg := b.take(); msg.dep != nil && msg.dep.Available != shown.Available {
		t.Fatalf("the header took Rp%d after the deposit came back to Rp%d", msg.dep.Available, shown.Available)
	}
}

// A header that took its deposit at its slot (a little after it: the
// session's goroutine runs late by some milliseconds) takes the next one
// at its next slot, headerEvery later — not the slot after, which left a
// header up to twice headerEvery behind a steady stream of top ups.
func TestHeaderTakesItsNextSlot(t *testing.T) {
	slot := time.Unix(1_800_000_000, 0) // a multiple of headerEvery: phase 0's slot
	if slot.UnixNano()%int64(headerEvery) != 0 {
		t.Fatal("the test's slot is not one")
	}
	for _, late := range []time.Duration{0, 2 * time.Millisecond, 200 * time.Millisecond} {
		d := cashier.Deposit{Available: 1_000}
		b := &mailbox{wake: make(chan struct{}, 1), phase: 0, known: true, dep: &d, headerSent: slot.Add(late)}
		now := slot.Add(late + 10*time.Millisecond) // a top up right after
		if wait := b.holdFor(now); now.Add(wait) != slot.Add(headerEvery) {
			t.Errorf("taken %v after its slot: next taken %v after the slot, want %v", late, now.Add(wait).Sub(slot), headerEvery)
		}
	}
}
