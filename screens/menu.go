package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Menu is the first screen: the cashier's choices, each on a number key.
type Menu struct {
	area
	c      Common
	cursor int
	// refusal says why the last key opened nothing (a cashier's b: the
	// batches are a supervisor's); the next key clears it.
	refusal string
}

type menuItem struct {
	key   key.Binding // the item's own key, shown before it and matched
	label i18n.Key
	open  func(c Common) Screen // nil: quit
}

// item is a menu entry on key k.
func item(k string, label i18n.Key, open func(c Common) Screen) menuItem {
	return menuItem{key.NewBinding(key.WithKeys(k), key.WithHelp(k, "")), label, open}
}

func menuItems(c Common) []menuItem {
	return withApprovals(c, withBatches(c, []menuItem{
		item("1", i18n.MenuTopUp, func(c Common) Screen { return NewTopUpPhone(c) }),
		item("2", i18n.MenuDisburse, func(c Common) Screen { return NewDisburseForm(c) }),
		item("3", i18n.MenuStatus, func(c Common) Screen { return NewStatus(c, "") }),
		item("4", i18n.MenuDeposit, func(c Common) Screen { return NewDeposit(c) }),
		item("5", i18n.MenuHistory, func(c Common) Screen { return NewHistory(c) }),
		item("6", i18n.MenuShift, func(c Common) Screen { return NewShift(c) }),
		item("7", i18n.MenuQuit, nil),
	})) // roles.go: a approvals, for a supervisor; batches.go: b batches, likewise
}

// NewMenu returns the menu with the first item selected.
func NewMenu(c Common) *Menu { return &Menu{c: c} }

// Init does nothing: the menu needs no data.
func (m *Menu) Init() tea.Cmd { return nil }

// Update moves the selection and opens the chosen screen (number key or
// Enter); 7 or q asks to quit.
func (m *Menu) Update(msg tea.Msg) (Next, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return Stay, nil
	}
	items := menuItems(m.c)
	keys := m.c.Keys
	m.refusal = ""
	switch {
	case key.Matches(k, keys.Up):
		m.cursor = (m.cursor + len(items) - 1) % len(items)
		return Stay, nil
	case key.Matches(k, keys.Down):
		m.cursor = (m.cursor + 1) % len(items)
		return Stay, nil
	case key.Matches(k, keys.Enter):
		return m.open(items[m.cursor]), nil
	case key.Matches(k, keys.Quit):
		return Quit(), nil
	}
	for i, it := range items {
		if key.Matches(k, it.key) {
			m.cursor = i
			return m.open(it), nil
		}
	}
	if key.Matches(k, batchesKey) { // not offered: say why (batches.go)
		m.refusal = m.c.Cat.Error(m.c.mayBatches())
	}
	if key.Matches(k, approvalsKey) && m.c.Role != "" { // not offered: say why (roles.go)
		m.refusal = m.c.Cat.Error(m.c.mayApprovals())
	}
	return Stay, nil
}

func (m *Menu) open(it menuItem) Next {
	if it.open == nil {
		return Quit()
	}
	return Push(it.open(m.c))
}

// View lists the choices with their keys.
func (m *Menu) View() string {
	s, cat := m.c.Styles, m.c.Cat
	var b strings.Builder
	for i, it := range menuItems(m.c) {
		line := keyHint(s, it.key, cat.T(it.label))
		if i == m.cursor {
			line = s.Selected.Render("> ") + line
		} else {
			line = "  " + line
		}
		b.WriteString("  " + line + "\n")
	}
	hint := paragraph(s.Muted, m.width, cat.T(i18n.MenuHint))
	if m.refusal != "" {
		hint = join(paragraph(s.Error, m.width, m.refusal), hint)
	}
	return join(title(s, cat.T(i18n.MenuTitle)), strings.TrimRight(b.String(), "\n"), hint)
}

// ShortHelp lists the menu's keys.
func (m *Menu) ShortHelp() []key.Binding {
	k := m.c.Keys
	return []key.Binding{k.MenuNumbers, k.Up, k.Down, k.Enter, k.Quit}
}

// FullHelp is ShortHelp in one column.
func (m *Menu) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
