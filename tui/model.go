package tui

import (
	"context"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage"
)

// Model is the root model of one cashier session: a stack of screens (the
// menu at the bottom), the header and footer around the one on top, and
// the session's subscription to the service's events. It is a tea.Model.
type Model struct {
	o        Options
	c        *screens.Common
	renderer *lipgloss.Renderer
	stack    []screens.Screen
	tooSmall *screens.TooSmall
	help     help.Model
	width    int
	height   int

	ctx       context.Context
	cancel    context.CancelFunc
	events    <-chan cashier.Event
	unsub     func()
	closeOnce sync.Once

	askQuit  bool // "a transaction is in flight: quit once recorded?"
	quitting bool // waiting for the transactions in flight, then quit
	quit     bool // tea.Quit was returned
}

// New builds the session's model: the menu, or first the production
// confirmation when o.Production. Nothing runs until the program calls
// Init (which subscribes to the service's events).
func New(o Options) *Model {
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
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
	c := &screens.Common{
		Ctx: ctx, Svc: o.Service, Cat: cat, Styles: screens.NewStyles(r), Keys: screens.NewKeyMap(cat),
		Operator: o.Operator, Outlet: o.Outlet, ReceiptDir: o.ReceiptDir, Static: o.Static, Now: o.Now,
		Role: o.Role, From: o.From,
	}
	h := help.New()
	h.Styles = c.Styles.Help
	m := &Model{o: o, c: c, renderer: r, help: h, ctx: ctx, cancel: cancel, tooSmall: screens.NewTooSmall(c)}
	if o.Production {
		m.stack = []screens.Screen{screens.NewProductionConfirm(c)}
	} else {
		m.stack = []screens.Screen{screens.NewMenu(c)}
	}
	return m
}

// eventMsg is one event of the service.
type eventMsg struct{ ev cashier.Event }

// sessionEndMsg says the session's context ended.
type sessionEndMsg struct{}

// depositLoadedMsg is the deposit mirror as read from the ledger.
type depositLoadedMsg struct {
	d   storage.Deposit
	err error
}

// Init subscribes to the service's events, reads the deposit mirror for
// the header and starts the first screen.
func (m *Model) Init() tea.Cmd {
	if m.events == nil {
		m.events, m.unsub = m.o.Service.Subscribe()
	}
	return tea.Batch(m.waitEvent(), m.loadDeposit(), m.top().Init())
}

// Close ends the session's subscription and its context. The program
// calls it through quitting; Run calls it again after the program ends
// (it is idempotent).
func (m *Model) Close() {
	m.closeOnce.Do(func() {
		if m.unsub != nil {
			m.unsub()
		}
		m.cancel()
	})
}

// waitEvent waits for one event of the service (or the end of the session).
func (m *Model) waitEvent() tea.Cmd {
	ch, ctx := m.events, m.ctx
	return func() tea.Msg {
		select {
		case ev := <-ch:
			return eventMsg{ev}
		case <-ctx.Done():
			return sessionEndMsg{}
		}
	}
}

// loadDeposit reads the deposit mirror from the ledger.
func (m *Model) loadDeposit() tea.Cmd {
	svc := m.o.Service
	return func() tea.Msg {
		d, err := svc.Deposit()
		return depositLoadedMsg{d, err}
	}
}

func (m *Model) top() screens.Screen { return m.stack[len(m.stack)-1] }

// Screen is the screen on top (the one shown).
func (m *Model) Screen() screens.Screen { return m.top() }

// Common is the state the screens of this session share.
func (m *Model) Common() *screens.Common { return m.c }

// Update routes: sizes and keys of the shell first, navigation between
// screens, the service's events, then everything else to the screen on top.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case eventMsg:
		return m, tea.Batch(m.waitEvent(), m.onEvent(msg.ev))
	case sessionEndMsg:
		if m.ctx.Err() != nil && !m.quit {
			return m, m.startQuit()
		}
		return m, nil
	case depositLoadedMsg:
		if msg.err != nil {
			return m, nil
		}
		return m, m.setDeposit(msg.d)
	case screens.ExecutedMsg:
		m.c.ExecutionDone()
		cmd := m.forward(msg)
		if m.quitting && m.c.InFlight() == 0 {
			return m, m.doQuit()
		}
		return m, tea.Batch(cmd, m.loadDeposit())
	case screens.PushMsg, screens.ReplaceMsg, screens.BackMsg, screens.HomeMsg, screens.QuitMsg:
		return m, m.navigate(msg)
	case tea.KeyMsg:
		if cmd, handled := m.shellKey(msg); handled {
			return m, cmd
		}
	}
	return m, m.forward(msg)
}

// shellKey handles the keys that work everywhere, and swallows keys while
// a question or the shutdown is on screen.
func (m *Model) shellKey(k tea.KeyMsg) (tea.Cmd, bool) {
	keys := m.c.Keys
	switch {
	case key.Matches(k, keys.ForceQuit):
		return m.startQuit(), true
	case key.Matches(k, keys.Suspend):
		if m.o.SSH {
			return nil, true
		}
		return tea.Suspend, true
	case m.quitting:
		return nil, true
	case m.askQuit:
		switch {
		case key.Matches(k, keys.Yes):
			m.askQuit = false
			return m.startQuit(), true
		case key.Matches(k, keys.No):
			m.askQuit = false
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
	if m.c.InFlight() > 0 {
		m.quitting = true
		m.askQuit = false
		return nil
	}
	return m.doQuit()
}

func (m *Model) doQuit() tea.Cmd {
	m.quit = true
	m.Close()
	return tea.Quit
}

// Quitting reports whether the session is waiting for a transaction in
// flight before it quits.
func (m *Model) Quitting() bool { return m.quitting }

// onEvent takes one event of the service: the deposit for the header, and
// the transaction for the screen on top.
func (m *Model) onEvent(ev cashier.Event) tea.Cmd {
	var cmds []tea.Cmd
	if ev.Deposit != nil {
		cmds = append(cmds, m.setDeposit(*ev.Deposit))
	}
	if ev.Txn != nil {
		cmds = append(cmds, m.forward(screens.TxnMsg{Txn: *ev.Txn}), m.loadDeposit())
	}
	return tea.Batch(cmds...)
}

func (m *Model) setDeposit(d storage.Deposit) tea.Cmd {
	// A mirror never read from OVO says nothing about the deposit.
	m.c.Deposit, m.c.DepositKnown = d, !d.RefreshedAt.IsZero()
	return m.forward(screens.DepositMsg{Deposit: d})
}

// forward hands msg to the screen on top, then takes the navigation it
// asked for.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	i := len(m.stack) - 1
	next, cmd := m.stack[i].Update(msg)
	if s, ok := next.(screens.Screen); ok {
		m.stack[i] = s
	}
	cmds := []tea.Cmd{cmd}
	for _, nav := range m.c.TakeNav() {
		cmds = append(cmds, m.navigate(nav))
	}
	return tea.Batch(cmds...)
}

// navigate takes one navigation step.
func (m *Model) navigate(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case screens.PushMsg:
		return m.push(msg.Screen)
	case screens.ReplaceMsg:
		m.stack = m.stack[:len(m.stack)-1]
		return m.push(msg.Screen)
	case screens.BackMsg:
		return m.back()
	case screens.HomeMsg:
		m.stack = []screens.Screen{screens.NewMenu(m.c)}
		m.sizeScreen(m.stack[0])
		if msg.Then != nil {
			return m.push(msg.Then)
		}
	case screens.QuitMsg:
		return m.startQuitAsked()
	}
	return nil
}

func (m *Model) push(s screens.Screen) tea.Cmd {
	m.sizeScreen(s)
	m.stack = append(m.stack, s)
	return s.Init()
}

func (m *Model) back() tea.Cmd {
	if len(m.stack) == 1 {
		return m.startQuitAsked()
	}
	m.stack = m.stack[:len(m.stack)-1]
	if r, ok := m.top().(screens.Revealer); ok {
		return r.Reveal()
	}
	return nil
}

// startQuitAsked is a quit the operator asked for: asked first when a
// transaction is in flight.
func (m *Model) startQuitAsked() tea.Cmd {
	if m.c.InFlight() > 0 {
		m.askQuit = true
		return nil
	}
	return m.doQuit()
}

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.c.Width, m.c.Height = w, max(0, h-chromeLines)
	m.help.Width = w
	m.tooSmall.SetSize(w, h)
	for _, s := range m.stack {
		s.SetSize(m.c.Width, m.c.Height)
	}
}

func (m *Model) sizeScreen(s screens.Screen) { s.SetSize(m.c.Width, m.c.Height) }

// small reports whether the terminal is below the minimum size.
func (m *Model) small() bool {
	return m.width < screens.MinWidth || m.height < screens.MinHeight
}
