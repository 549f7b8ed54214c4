package tui

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Model is the root model of one cashier session: a stack of screens (the
// menu at the bottom), the header and footer around the one on top, and
// the session's subscription to the service's events. It is a tea.Model.
type Model struct {
	o        Options
	c        screens.Common // the screens' environment (a new one when the operator changes)
	calls    *calls         // the money calls in flight: the shell's, and the screens' Sender
	dep      screens.DepositMsg
	renderer *lipgloss.Renderer
	stack    []screens.Screen
	tooSmall *screens.TooSmall
	help     help.Model
	width    int
	height   int
	bodyW    int // the body area the screens are given
	bodyH    int

	ctx       context.Context
	cancel    context.CancelFunc
	feed      *Feed
	ownFeed   bool
	box       *mailbox
	closeOnce sync.Once

	// The last frame, drawn again only when something it shows changed
	// (dirty); renders counts the frames drawn.
	frame     string
	hasFrame  bool
	dirty     bool   // the frame must be drawn again
	bodyDirty bool   // and so must the screen's part of it (not only the header)
	body      string // the screen's part of the frame, fitted, with the footer
	hdr       headerCache
	foot      footerCache
	rule      string // a rule across the width
	renders   atomic.Uint64
	depSet    bool // the header's deposit was set at least once

	askQuit   bool   // "a transaction is in flight: quit once recorded?"
	askUnsent bool   // the question is "quit and discard what is typed?"
	quitting  bool   // waiting for the transactions in flight, then quit
	quit      bool   // tea.Quit was returned
	exitLine  string // the outcome that landed while quitting, said on exit
}

// countdownMsg ticks the countdown to the deadline of the call in flight
// while the session waits to quit.
type countdownMsg struct{}

// ExitLine is the outcome of the transaction that was in flight when the
// operator quit, in words ("" when none): Run prints it on exit.
func (m *Model) ExitLine() string { return m.exitLine }

// New builds the session's model: the menu, or first the production
// confirmation when o.Production. Nothing runs until the program calls
// Init (which subscribes to the service's events).
func New(o Options) *Model {
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	var styles *screens.Styles
	if o.Theme != nil {
		r, styles = o.Theme.Renderer, o.Theme.Styles
	} else {
		styles = screens.NewStyles(r)
	}
	parent := o.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	cat := i18n.New(o.Lang)
	if o.Service != nil {
		cat = cat.In(o.Service.Location())
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	calls := &calls{ctx: ctx, svc: o.Service, now: now}
	c := screens.Common{
		Ctx: ctx, Svc: o.Service, Cat: cat, Styles: styles, Keys: screens.NewKeyMap(cat), Sender: calls,
		Operator: o.Operator, Outlet: o.Outlet, ReceiptDir: o.ReceiptDir, AutoPrint: o.AutoPrint, Static: o.Static, Now: o.Now,
		Role: o.Role, From: o.From,
	}
	h := help.New()
	h.Styles = c.Styles.Help
	m := &Model{o: o, c: c, calls: calls, renderer: r, help: h, ctx: ctx, cancel: cancel, tooSmall: screens.NewTooSmall(c)}
	if o.Production {
		m.stack = []screens.Screen{screens.NewProductionConfirm(c)}
	} else {
		m.stack = []screens.Screen{screens.NewMenu(c)}
	}
	return m
}

// sessionEndMsg says the session's context ended.
type sessionEndMsg struct{}

// Init subscribes to the service's events (the first brings the deposit
// mirror for the header) and starts the first screen.
func (m *Model) Init() tea.Cmd {
	if m.box == nil {
		m.feed = m.o.Feed
		if m.feed == nil {
			m.feed, m.ownFeed = NewFeed(m.o.Service), true
		}
		m.box = m.feed.subscribe()
		m.box.follow(m.followedRef())
		m.box.interest.Store(m.interest())
	}
	return tea.Batch(m.waitEvent(), m.top().Init())
}

// Close ends the session's subscription and its context. The program
// calls it through quitting; Run calls it again after the program ends
// (it is idempotent).
func (m *Model) Close() {
	m.closeOnce.Do(func() {
		if m.box != nil {
			m.feed.unsubscribe(m.box)
		}
		if m.ownFeed {
			m.feed.Close()
		}
		m.cancel()
	})
}

// waitEvent waits until the session's mailbox holds something it shows
// (or the session ends) and takes all of it.
func (m *Model) waitEvent() tea.Cmd {
	box, ctx := m.box, m.ctx
	if box == nil {
		return nil
	}
	return func() tea.Msg {
		if ctx.Err() != nil { // the end first: nothing else matters then
			return sessionEndMsg{}
		}
		select {
		case <-box.wake:
		case <-ctx.Done():
			return sessionEndMsg{}
		}
		for { // a header's deposit is paced (headerEvery); anything else goes at once
			d := box.holdFor(time.Now())
			if d <= 0 {
				return box.take()
			}
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-box.wake: // something more came: look again
				t.Stop()
			case <-ctx.Done():
				t.Stop()
				return sessionEndMsg{}
			}
		}
	}
}

func (m *Model) top() screens.Screen { return m.stack[len(m.stack)-1] }

// Screen is the screen on top (the one shown).
func (m *Model) Screen() screens.Screen { return m.top() }

// Common is the environment the screens of this session are given.
func (m *Model) Common() screens.Common { return m.c }

// InFlight is how many money calls the session started whose outcome it
// has not yet seen; while it waits for one to quit, at least 1 (InFlighter).
func (m *Model) InFlight() int {
	n := m.calls.n
	if m.quitting {
		n = max(n, 1)
	}
	return n
}

// Update routes: sizes and keys of the shell first, navigation between
// screens, the service's events, then everything else to the screen on top.
// The frame is drawn again after anything but an event that changes
// nothing on screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.followInterest()
	return m, cmd
}

// followInterest tells the feed what the session shows now. When that
// changes (the first size, a screen that shows the deposit), the latest
// deposit is given again: one that came while it was not shown would
// otherwise be lost.
func (m *Model) followInterest() {
	if m.box != nil {
		m.box.follow(m.followedRef())
		if in := m.interest(); m.box.interest.Swap(in) != in && m.feed != nil {
			m.feed.resend(m.box)
		}
	}
}

// redraw draws the whole frame again at the next View (the lock switched
// the operator or the screens underneath) and follows what it now shows.
func (m *Model) redraw() {
	m.dirty, m.bodyDirty = true, true
	m.followInterest()
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case feedMsg:
		return tea.Batch(m.waitEvent(), m.onFeed(msg))
	}
	m.dirty, m.bodyDirty = true, true
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return nil
	case sessionEndMsg:
		if m.ctx.Err() != nil && !m.quit {
			return m.startQuit()
		}
		return nil
	case countdownMsg:
		if m.quitting && !m.quit && !m.c.Static {
			return tickCountdown()
		}
		return nil
	case screens.ExecutedMsg:
		m.calls.done()
		cmd := m.forward(msg)
		if m.quitting {
			m.exitLine = m.outcomeLine(msg)
		}
		if m.quitting && m.calls.n == 0 {
			return m.doQuit()
		}
		// The deposit after it comes with the transaction's event, which
		// went by while the result did not yet know its transaction: the
		// mailbox hands it over now, not at the header's slot.
		if m.box != nil {
			m.box.hurry()
		}
		return cmd
	case screens.QuitMsg:
		return m.navigate(screens.Quit())
	case tea.KeyMsg:
		if cmd, handled := m.shellKey(msg); handled {
			return cmd
		}
	}
	return m.forward(msg)
}

// Renders is how many frames the session has drawn (View calls that were
// not answered from the last frame).
func (m *Model) Renders() uint64 { return m.renders.Load() }

// interest is what the session shows of the service's events now.
func (m *Model) interest() int32 {
	var in int32
	// The screen on top keeps following its transactions while the
	// terminal is too small: it is shown again as it is made larger.
	// Each screen says what it shows (screens.TxnFollower,
	// screens.DepositShower): a new screen needs no entry here.
	top := m.top()
	if _, ok := top.(screens.TxnFollower); ok {
		in |= showsTxns
	}
	if d, ok := top.(screens.DepositShower); ok {
		in |= showsDepositInBody
		if d.ShowsDeposit() {
			in |= showsDepositDetail
		}
	}
	if m.small() {
		in |= showsNoHeader
		in &^= showsDepositDetail
	}
	return in
}

// followedRef is the one transaction the screen on top follows, if it
// follows only one (screens.OneTxnFollower).
func (m *Model) followedRef() (ref string, one bool) {
	if f, ok := m.top().(screens.OneTxnFollower); ok {
		return f.FollowedRef(), true
	}
	return "", false
}

// shellKey handles the keys that work everywhere, and swallows keys while
// a question or the shutdown is on screen.
func (m *Model) shellKey(k tea.KeyMsg) (tea.Cmd, bool) {
	keys := m.c.Keys
	p := components.Press(k) // named once for every binding below
	switch {
	case key.Matches(p, keys.ForceQuit):
		switch {
		case m.askUnsent: // a second Ctrl+C answers yes
			m.askQuit, m.askUnsent = false, false
			return m.doQuit(), true
		case m.calls.n == 0 && !m.quitting && m.unsent():
			m.askQuit, m.askUnsent = true, true
			return nil, true
		}
		return m.startQuit(), true
	case key.Matches(p, keys.Suspend):
		if m.o.SSH {
			return nil, true
		}
		return tea.Suspend, true
	case m.quitting, m.ctx.Err() != nil:
		// Once the session is told to end (its key removed, the server
		// shutting down…) no key starts anything: the end arrives next.
		return nil, true
	case m.askQuit:
		switch {
		case key.Matches(p, keys.Yes):
			m.askQuit, m.askUnsent = false, false
			return m.startQuit(), true
		case key.Matches(p, keys.No):
			m.askQuit, m.askUnsent = false, false
		}
		return nil, true
	case m.small():
		return nil, true
	}
	return nil, false
}

// startQuit quits now, or once the transactions in flight are recorded.
func (m *Model) startQuit() tea.Cmd {
	if m.quit {
		return nil
	}
	if m.calls.n > 0 {
		m.quitting = true
		m.askQuit = false
		if m.c.Static {
			return nil
		}
		return tickCountdown()
	}
	return m.doQuit()
}

// tickCountdown asks for the next second of the countdown.
func tickCountdown() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return countdownMsg{} })
}

// unsent reports whether the screen on top holds input not yet sent.
func (m *Model) unsent() bool {
	u, ok := m.top().(interface{ Unsent() bool })
	return ok && u.Unsent()
}

// outcomeLine is the words for the outcome of a money call.
func (m *Model) outcomeLine(msg screens.ExecutedMsg) string {
	if msg.Err != nil {
		return m.c.Cat.T(i18n.NotSent) + ": " + m.c.Cat.Error(msg.Err)
	}
	t := msg.Result.Txn
	// Said on the terminal after the screen is gone: which transaction it
	// was, so that it can be found again.
	return m.c.Cat.F(i18n.ExitTxnLine, m.c.Cat.Outcome(t), cashier.Rupiah(t.Amount), t.CustomerNumber, t.PartnerReferenceNo)
}

func (m *Model) doQuit() tea.Cmd {
	m.quit = true
	m.Close()
	return tea.Quit
}

// Quitting reports whether the session is waiting for a transaction in
// flight before it quits.
func (m *Model) Quitting() bool { return m.quitting }

// onFeed takes what changed in the service: the deposit for the header
// (and the screen on top), the transactions for a screen that follows
// them. The frame is drawn again only if something shown changed.
func (m *Model) onFeed(msg feedMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.dep != nil {
		cmds = append(cmds, m.setDeposit(*msg.dep))
	}
	if len(msg.txns) > 0 && m.interest()&showsTxns != 0 {
		for _, t := range msg.txns {
			cmds = append(cmds, m.forward(screens.TxnMsg{Txn: t}))
		}
		if !m.small() {
			m.dirty, m.bodyDirty = true, true
		}
	}
	return tea.Batch(cmds...)
}

// setDeposit takes a deposit for the header and the screen on top; the
// frame is drawn again if a figure on screen changed.
func (m *Model) setDeposit(d cashier.Deposit) tea.Cmd {
	if in := m.interest(); depositShows(in, m.depSet, m.dep.Deposit, d) {
		// Only the header changes, unless the screen shows the deposit too.
		m.dirty = true
		m.bodyDirty = m.bodyDirty || in&showsDepositInBody != 0
	}
	m.depSet = true
	m.dep = screens.DepositMsg{Deposit: d}
	return m.forward(m.dep)
}

// forward hands msg to the screen on top, then takes the step it asked for
// (in the same Update: a key typed next reaches the screen it opened).
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	next, cmd := m.top().Update(msg)
	if next.Step == screens.StepStay {
		return cmd
	}
	return tea.Batch(cmd, m.navigate(next))
}

// navigate takes one navigation step.
func (m *Model) navigate(next screens.Next) tea.Cmd {
	switch next.Step {
	case screens.StepPush:
		return m.push(next.Screen)
	case screens.StepReplace:
		m.stack = m.stack[:len(m.stack)-1]
		return m.push(next.Screen)
	case screens.StepBack:
		return m.back()
	case screens.StepHome:
		m.stack = []screens.Screen{screens.NewMenu(m.c)}
		m.sizeScreen(m.stack[0])
		if next.Screen != nil {
			return m.push(next.Screen)
		}
		return m.show()
	case screens.StepQuit:
		return m.startQuitAsked()
	}
	return nil
}

// push shows s on top: sized, given the deposit, started.
func (m *Model) push(s screens.Screen) tea.Cmd {
	if s == nil {
		return nil
	}
	m.sizeScreen(s)
	m.stack = append(m.stack, s)
	return tea.Batch(m.show(), s.Init())
}

// show gives the screen on top what the shell knows that it may show: the
// deposit (size flows through SetSize). A screen's answer to it is its own
// state only: any step it asks is ignored.
func (m *Model) show() tea.Cmd {
	if !m.depSet {
		return nil
	}
	_, cmd := m.top().Update(m.dep)
	return cmd
}

func (m *Model) back() tea.Cmd {
	if len(m.stack) == 1 {
		return m.startQuitAsked()
	}
	m.stack = m.stack[:len(m.stack)-1]
	cmd := m.show()
	if r, ok := m.top().(screens.Revealer); ok {
		return tea.Batch(cmd, r.Reveal())
	}
	return cmd
}

// startQuitAsked is a quit the operator asked for: asked first when a
// transaction is in flight.
func (m *Model) startQuitAsked() tea.Cmd {
	if m.calls.n > 0 {
		m.askQuit = true
		return nil
	}
	return m.doQuit()
}

func (m *Model) resize(w, h int) {
	w, h = ClampSize(w, h)
	m.width, m.height = w, h
	m.rule = m.c.Styles.Rule.Render(strings.Repeat("─", w))
	m.bodyW, m.bodyH = w, max(0, h-chromeLines)
	m.help.Width = w
	m.tooSmall.SetSize(w, h)
	for _, s := range m.stack {
		s.SetSize(m.bodyW, m.bodyH)
	}
}

func (m *Model) sizeScreen(s screens.Screen) { s.SetSize(m.bodyW, m.bodyH) }

// small reports whether the terminal is below the minimum size.
func (m *Model) small() bool {
	return m.width < screens.MinWidth || m.height < screens.MinHeight
}
