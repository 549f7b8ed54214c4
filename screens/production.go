package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// ProductionConfirm stands before the menu when the cashier runs against
// OVO production: real money moves. The operator types YES (or y) and
// Enter to go on; Esc quits.
type ProductionConfirm struct {
	area
	c      Common
	answer field
	wrong  bool
}

// NewProductionConfirm returns the confirmation, empty.
func NewProductionConfirm(c Common) *ProductionConfirm {
	p := &ProductionConfirm{c: c, answer: components.NewField(8, func(r rune) bool { return r > ' ' && r < 127 }, nil)}
	p.answer.Focus()
	return p
}

// Init does nothing: it waits for the operator.
func (p *ProductionConfirm) Init() tea.Cmd { return nil }

// confirmed reports whether the answer says yes.
func (p *ProductionConfirm) confirmed() bool {
	switch strings.ToLower(strings.TrimSpace(p.answer.Value())) {
	case "yes", "y", "ya":
		return true
	}
	return false
}

// Update takes the answer; Enter with yes opens the menu, Esc quits.
func (p *ProductionConfirm) Update(msg tea.Msg) (Next, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		return Stay, nil
	}
	switch {
	case key.Matches(m, p.c.Keys.Back):
		return Quit(), nil
	case key.Matches(m, p.c.Keys.Enter):
		if p.confirmed() {
			return Replace(NewMenu(p.c)), nil
		}
		p.wrong = true
		return Stay, nil
	}
	if p.answer.Update(m) == fieldChanged {
		p.wrong = false
	}
	return Stay, nil
}

// View warns in words (not only in red).
func (p *ProductionConfirm) View() string {
	s, cat := p.c.Styles, p.c.Cat
	parts := []string{
		banner(s, ToneError, cat.T(i18n.ProdBanner)),
		paragraph(s.Strong, p.width, cat.T(i18n.ProdWarning)),
		"  " + cat.T(i18n.ProdQuestion) + "\n  " + p.answer.View(s, 6),
	}
	if p.wrong {
		parts = append(parts, s.Error.Render("  x "+cat.T(i18n.ProdWrong)))
	}
	return join(parts...)
}

// ShortHelp lists the confirmation's keys.
func (p *ProductionConfirm) ShortHelp() []key.Binding {
	k := p.c.Keys
	return []key.Binding{withHelp(k.Enter, p.c.Cat.T(i18n.KeyContinue)), withHelp(k.Back, p.c.Cat.T(i18n.KeyQuit))}
}

// FullHelp is ShortHelp in one column.
func (p *ProductionConfirm) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// MinWidth and MinHeight are the smallest terminal the cashier lays out in.
const (
	MinWidth  = 80
	MinHeight = 24
)

// TooSmall replaces every screen while the terminal is below MinWidth ×
// MinHeight: it says the current and the needed size instead of drawing a
// broken layout. The screens underneath keep their state.
type TooSmall struct {
	c    Common
	w, h int
}

// NewTooSmall returns the notice.
func NewTooSmall(c Common) *TooSmall { return &TooSmall{c: c} }

// Init does nothing.
func (t *TooSmall) Init() tea.Cmd { return nil }

// SetSize records the terminal's size (the whole terminal, not a body).
func (t *TooSmall) SetSize(w, h int) { t.w, t.h = w, h }

// Update does nothing: the shell handles Ctrl+C.
func (t *TooSmall) Update(tea.Msg) (Next, tea.Cmd) { return Stay, nil }

// View says the size, in lines short enough for a tiny terminal.
func (t *TooSmall) View() string {
	cat := t.c.Cat
	lines := []string{
		cat.T(i18n.TooSmallTitle),
		cat.F(i18n.TooSmallNow, t.w, t.h),
		cat.F(i18n.TooSmallNeed, MinWidth, MinHeight),
		cat.T(i18n.TooSmallHint),
	}
	var out []string
	for _, l := range lines {
		out = append(out, wrapText(l, max(10, t.w))...)
	}
	out[0] = t.c.Styles.Error.Render(out[0])
	return strings.Join(out, "\n")
}

// ShortHelp lists only Ctrl+C.
func (t *TooSmall) ShortHelp() []key.Binding { return []key.Binding{t.c.Keys.ForceQuit} }

// FullHelp is ShortHelp in one column.
func (t *TooSmall) FullHelp() [][]key.Binding { return [][]key.Binding{t.ShortHelp()} }
