package tui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Lock is the counter's lock (issue 14) around a session's Model: it
// starts locked and asks who is working (operator and PIN, checked
// against the service's operators file); it locks again after
// Options.IdleLock without a key, or on Ctrl+L; another operator unlocking
// switches the session to them (back at the menu) without a restart.
// Three wrong PINs lock that operator for a while (the service logs it and
// writes it to the audit trail). While locked, the service's events still
// reach the session underneath, and Ctrl+C still quits as it does there.
type Lock struct {
	m      *Model
	locked bool
	field  int // 0 operator, 1 PIN
	name   components.Field
	pin    components.Field
	msg    string
	busy   bool // a PIN check is running
	last   time.Time
	why    string // what locked it last ("", idle, key)
}

// NewLock wraps m, locked.
func NewLock(m *Model) *Lock {
	return &Lock{m: m, locked: true, last: m.now(),
		name: components.NewField(64, func(r rune) bool { return r >= ' ' }, nil),
		pin:  components.NewField(cashier.MaxPINLength, func(r rune) bool { return r >= '0' && r <= '9' }, nil)}
}

// lockKey locks the counter (Ctrl+L).
var lockKey = key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "lock"))

func (m *Model) now() time.Time {
	if m.o.Now != nil {
		return m.o.Now()
	}
	return time.Now()
}

// InFlight is the session's (Model.InFlight): the lock never hides a call.
func (l *Lock) InFlight() int { return l.m.InFlight() }

// Locked reports whether the lock screen is shown.
func (l *Lock) Locked() bool { return l.locked }

// Model is the session underneath.
func (l *Lock) Model() *Model { return l.m }

// loginMsg is the answer of a PIN check.
type loginMsg struct {
	by  cashier.Actor
	err error
}

// idleMsg is the lock's clock.
type idleMsg struct{}

func (l *Lock) tick() tea.Cmd {
	if l.m.o.IdleLock <= 0 {
		return nil
	}
	every := min(time.Second, l.m.o.IdleLock/2)
	return tea.Tick(every, func(time.Time) tea.Msg { return idleMsg{} })
}

// Init starts the session underneath and the idle clock.
func (l *Lock) Init() tea.Cmd { return tea.Batch(l.m.Init(), l.tick()) }

// Update takes the keys while locked and the lock key and idle clock while
// not; everything else goes to the session.
func (l *Lock) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case idleMsg:
		if !l.locked && l.m.o.IdleLock > 0 && l.m.now().Sub(l.last) >= l.m.o.IdleLock && !l.m.quitting {
			return l, tea.Batch(l.lock("idle"), l.tick())
		}
		return l, l.tick()
	case loginMsg:
		l.busy = false
		if msg.err != nil {
			l.pin.SetValue("")
			l.msg = l.words(msg.err)
			return l, nil
		}
		return l, l.unlock(msg.by)
	case tea.KeyMsg:
		l.last = l.m.now()
		if key.Matches(msg, l.m.c.Keys.ForceQuit) {
			break // the session's own quit (waits for a transaction in flight)
		}
		if l.locked {
			return l, l.lockedKey(msg)
		}
		if key.Matches(msg, lockKey) && !l.m.quitting {
			return l, l.lock("key")
		}
	}
	_, cmd := l.m.Update(msg)
	return l, cmd
}

// lock shows the lock screen and records it (off the event loop).
func (l *Lock) lock(why string) tea.Cmd {
	l.locked, l.field, l.why = true, 0, why
	l.clear()
	if why == "idle" {
		l.msg = l.m.c.Cat.F(i18n.LockIdle, l.m.c.Cat.Duration(l.m.o.IdleLock))
	}
	by := cashier.Actor{Name: l.m.c.Operator, Role: l.m.c.Role, From: l.m.c.From}
	svc := l.m.o.Service
	return func() tea.Msg {
		svc.Audit(by, "lock", "", 0, why)
		return nil
	}
}

// unlock lets by work: the same operator goes on where they were; another
// starts at the menu.
func (l *Lock) unlock(by cashier.Actor) tea.Cmd {
	l.locked, l.msg = false, ""
	l.pin.SetValue("")
	l.last = l.m.now()
	c := l.m.c
	if c.Operator == by.Name && c.Role == by.Role {
		l.m.redraw() // the frame underneath may be older than the lock
		return nil
	}
	// Another operator: a new environment, and new screens built on it.
	c.Operator, c.Role, c.From = by.Name, by.Role, by.From
	l.m.c = c
	l.m.o.Operator, l.m.o.Role, l.m.o.From = by.Name, by.Role, by.From // the header's
	l.m.stack = []screens.Screen{screens.NewMenu(c)}
	l.m.sizeScreen(l.m.top())
	l.m.redraw() // another operator, another screen: the frame is drawn anew
	return tea.Batch(l.m.show(), l.m.top().Init())
}

// clear empties both fields and the message, the operator's first.
func (l *Lock) clear() {
	l.name.SetValue("")
	l.pin.SetValue("")
	l.field, l.msg = 0, ""
}

func (l *Lock) lockedKey(k tea.KeyMsg) tea.Cmd {
	if l.busy {
		return nil
	}
	keys := l.m.c.Keys
	switch {
	case key.Matches(k, keys.SwitchField), key.Matches(k, keys.Up), key.Matches(k, keys.Down):
		l.field = 1 - l.field
	case key.Matches(k, keys.Back):
		l.clear()
	case key.Matches(k, keys.Enter):
		name := strings.TrimSpace(l.name.Value())
		if l.field == 0 {
			if name != "" {
				l.field = 1
			}
			return nil
		}
		if l.pin.Value() == "" || name == "" {
			return nil
		}
		l.busy, l.msg = true, ""
		pin, svc, from := l.pin.Value(), l.m.o.Service, l.m.c.From
		if !strings.HasPrefix(from, "terminal") {
			from = "terminal"
		}
		return func() tea.Msg {
			by, err := svc.Login(name, pin, from)
			return loginMsg{by, err}
		}
	case l.field == 0:
		l.name.Update(k)
	default:
		l.pin.Update(k)
	}
	return nil
}

// words is a PIN refusal in the operator's language.
func (l *Lock) words(err error) string {
	cat := l.m.c.Cat
	var le *cashier.PINLockedError
	switch {
	case asPINLocked(err, &le):
		return cat.F(i18n.PINLocked, le.Name, le.Until.In(l.m.o.Service.Location()).Format("15:04:05"))
	case isBadPIN(err):
		return cat.T(i18n.PINWrong)
	}
	return cat.Error(err)
}

// View is the lock screen while locked, else the session's.
func (l *Lock) View() string {
	if !l.locked {
		return l.m.View()
	}
	m := l.m
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.small() {
		return m.fit(m.tooSmall.View(), m.width, m.height)
	}
	s, cat := m.c.Styles, m.c.Cat
	cursor := func(f int) string {
		if l.field == f {
			return "▌"
		}
		return ""
	}
	mark := func(f int) string {
		if l.field == f {
			return "> "
		}
		return "  "
	}
	lines := []string{
		s.Title.Render(cat.T(i18n.LockTitle)),
		"",
		mark(0) + cat.T(i18n.LockOperator) + " " + l.name.Value() + cursor(0),
		mark(1) + cat.T(i18n.LockPIN) + " " + strings.Repeat("•", len(l.pin.Value())) + cursor(1),
		"",
	}
	if l.msg != "" {
		lines = append(lines, s.Error.Render(l.msg))
	}
	lines = append(lines, "", s.Muted.Render(cat.T(i18n.LockHint)))
	return m.fit(strings.Join(lines, "\n"), m.width, m.height)
}

func asPINLocked(err error, target **cashier.PINLockedError) bool { return errors.As(err, target) }

func isBadPIN(err error) bool { return errors.Is(err, cashier.ErrBadPIN) }
