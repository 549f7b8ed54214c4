package tui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
)

// lockProbe is probe for the Lock.
type lockProbe struct {
	l    *Lock
	mu   *sync.Mutex
	view *string
	seen *int
}

func (p lockProbe) Init() tea.Cmd { return p.l.Init() }

func (p lockProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.l.Update(msg)
	v := p.l.View()
	p.mu.Lock()
	*p.view = v
	*p.seen++
	p.mu.Unlock()
	return p, cmd
}

func (p lockProbe) View() string { return p.l.View() }

// startLocked runs a locked session of o on env at 100×30.
func startLocked(t *testing.T, env *testenv.Env, o Options) (*session, *Lock) {
	t.Helper()
	p := lockProbe{l: NewLock(New(o)), mu: &sync.Mutex{}, view: new(string), seen: new(int)}
	tm := teatest.NewTestModel(t, p, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(func() {
		tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	})
	return &session{t: t, env: env, tm: tm, p: probe{mu: p.mu, view: p.view, seen: p.seen, inFlight: new(int)}}, p.l
}

// person types text one key at a time, at a person's pace: each key is
// handled before the next is sent.
func (s *session) person(text string) {
	s.t.Helper()
	s.typeSlowly(text)
}

// press sends one special key and lets the model handle it.
func (s *session) press(k tea.KeyType) {
	s.t.Helper()
	s.keySlowly(tea.KeyMsg{Type: k})
}

// PIN lock, idle lock, the lock key and switching operator, one key at a
// time at a person's pace.
func TestCounterLockAtAPersonsPace(t *testing.T) {
	ops, err := cashier.LoadOperators(filepath.Join(t.TempDir(), "operators.toml"), time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct {
		name string
		role cashier.Role
		pin  string
	}{{"Budi", cashier.RoleCashier, "1357"}, {"Siti", cashier.RoleSupervisor, "2468"}, {"Ani", cashier.RoleCashier, "1111"}} {
		if err := ops.Set(o.name, o.role, o.pin); err != nil {
			t.Fatal(err)
		}
	}
	env := testenv.New(t, testenv.Options{Deposit: 1_000_000, CashierConfig: func(c *cashier.Config) { c.Operators = ops }})
	o := opts(env, "en")
	clock := newFakeClock(time.Now())
	o.Operator, o.Lock, o.IdleLock, o.From, o.Now = "", true, 1500*time.Millisecond, "terminal T1", clock.Now
	s, l := startLocked(t, env, o)
	p := struct{ l *Lock }{l}
	person, press := s.person, s.press
	login := func(name, pin string) {
		press(tea.KeyEsc)
		person(name)
		press(tea.KeyEnter)
		person(pin)
		press(tea.KeyEnter)
	}

	s.waitFor("LOCKED — who is working?", "Operator:", "PIN:")
	for i := range 3 {
		login("Budi", "0000")
		if i < 2 {
			s.waitFor("wrong operator or PIN")
		}
	}
	s.waitFor("Budi is locked after 3 wrong PINs until")
	login("Budi", "1357") // the right PIN, but locked
	s.waitFor("Budi is locked after 3 wrong PINs until")
	if p.l.Locked() != true {
		t.Fatal("unlocked by a locked operator")
	}

	login("Siti", "2468")
	v := s.waitUntil("the menu for Siti", func(v string) bool { return !strings.Contains(v, "LOCKED") && strings.Contains(v, "Siti") })
	if strings.Contains(v, "2468") {
		t.Fatalf("the PIN is on screen:\n%s", v)
	}
	// Idle: nothing typed for longer than the idle time (on the session's
	// clock; the lock's next look at it is sent rather than waited for).
	clock.Advance(1499 * time.Millisecond)
	s.keySlowly(tea.KeyMsg{}) // not a key of any screen: the idle time starts again
	clock.Advance(1499 * time.Millisecond)
	s.handled(idleMsg{})
	if v := s.screen(); strings.Contains(v, "LOCKED") || !strings.Contains(v, "Siti") {
		t.Fatalf("locked before the idle time:\n%s", v)
	}
	clock.Advance(2 * time.Millisecond)
	s.tm.Send(idleMsg{})
	s.waitFor("LOCKED — who is working?", "locked after 1.5 seconds idle")

	login("Siti", "2468")
	s.waitUntil("unlocked", func(v string) bool { return !strings.Contains(v, "LOCKED") })
	press(tea.KeyCtrlL) // the lock key
	s.waitFor("LOCKED — who is working?")

	// Another operator: the session switches without a restart.
	login("Ani", "1111")
	s.waitUntil("the menu for Ani", func(v string) bool { return !strings.Contains(v, "LOCKED") && strings.Contains(v, "Ani") })
	if c := p.l.Model().Common(); c.Operator != "Ani" || c.Role != cashier.RoleCashier || c.From != "terminal T1" {
		t.Fatalf("session is %q %q %q", c.Operator, c.Role, c.From)
	}

	recs, err := env.Service.AuditDay(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Who+":"+r.Action+":"+r.Detail)
	}
	want := "Budi:pin-failed:,Budi:pin-failed:,Budi:pin-failed:,Budi:pin-locked:"
	all := strings.Join(got, ",")
	for _, w := range []string{want, "Budi:pin-refused-locked:", "Siti:login:", "Siti:lock:idle", "Siti:lock:key", "Ani:login:"} {
		if !strings.Contains(all, w) {
			t.Fatalf("audit lacks %s:\n%s", w, all)
		}
	}
	if _, err := env.Service.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

// A supervisor at the counter approves a cashier's held disbursement on
// the approvals screen with their PIN; it is sent once. A cashier's menu
// has no approvals.
func TestApprovalsScreenAtTheCounter(t *testing.T) {
	ops, _ := cashier.LoadOperators(filepath.Join(t.TempDir(), "operators.toml"), time.Minute, nil)
	ops.Set("Siti", cashier.RoleSupervisor, "2468")
	ops.Set("Budi", cashier.RoleCashier, "1357")
	env := testenv.New(t, testenv.Options{Deposit: 10_000_000, CashierConfig: func(c *cashier.Config) { c.Operators = ops }})
	q, err := env.Service.Inquiry(context.Background(), cashier.KindDisburse, "081298765432", 2_000_000)
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.Service.Execute(context.Background(), cashier.Order{Quote: q, Operator: "Budi", Role: cashier.RoleCashier, From: "terminal T2"})
	if !errors.Is(err, cashier.ErrAwaitingApproval) {
		t.Fatalf("not held: %v", err)
	}
	o := opts(env, "en")
	o.Operator, o.Lock, o.From = "", true, "terminal T1"
	s, _ := startLocked(t, env, o)
	person, press := s.person, s.press

	person("Budi")
	press(tea.KeyEnter)
	person("1357")
	press(tea.KeyEnter)
	v := s.waitUntil("Budi's menu", func(v string) bool { return strings.Contains(v, "Budi") && !strings.Contains(v, "LOCKED") })
	if strings.Contains(v, "Approvals") {
		t.Fatalf("a cashier's menu offers approvals:\n%s", v)
	}
	press(tea.KeyCtrlL)
	s.waitFor("LOCKED")
	person("Siti")
	press(tea.KeyEnter)
	person("2468")
	press(tea.KeyEnter)
	s.waitFor("[a] Approvals (supervisor)")
	person("a")
	s.waitFor("Awaiting approval", "A00000001", "Made by Budi")
	person("a")
	person("2468")
	press(tea.KeyEnter)
	v = s.waitFor("A00000001 approved: sent as")
	if !strings.Contains(v, "Success") {
		s.waitFor("Success")
	}
	a, err := env.Service.FindApproval("A00000001")
	if err != nil || a.State != "sent" || a.Approver != "Siti" || env.Sim.Applied(a.Ref) != 1 {
		t.Fatalf("%+v %v applied %d", a, err, env.Sim.Applied(a.Ref))
	}
}
