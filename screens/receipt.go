package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// receiptActions is print / save / view of one transaction's receipt, as
// offered by the result, history detail and receipt screens, for every
// state (a failed or pending slip is proof for the customer too). The
// slip says REPRINT when the ledger counts an earlier print. A print that
// fails shows why and may be tried again; it changes nothing but the
// count. With no printer configured, the receipt is shown on screen.
type receiptActions struct {
	c     Common
	job   components.Request // the print or save under way (one at a time)
	tries int                // prints tried, so a retry shows as a new answer
	note  string
	tone  Tone
}

func newReceiptActions(c Common) receiptActions { return receiptActions{c: c, job: c.newRequest()} }

// begin starts a print or save, saying note meanwhile; false while one is
// under way.
func (a *receiptActions) begin(note string) (int, bool) {
	if a.job.Active() {
		return 0, false
	}
	id, _ := a.job.Start() // no spinner: the note says what is under way
	a.note, a.tone = note, ToneInfo
	return id, true
}

// canSave reports whether "save" is offered.
func (a *receiptActions) canSave() bool { return a.c.ReceiptDir != "" }

// key handles p, s and v for t.
func (a *receiptActions) key(m tea.KeyMsg, t cashier.Txn) (Next, tea.Cmd) {
	k := a.c.Keys
	switch {
	case key.Matches(m, k.Print):
		id, ok := a.begin(a.c.Cat.T(i18n.Printing))
		if !ok {
			return Stay, nil
		}
		a.tries++
		return Stay, a.c.print(id, t.PartnerReferenceNo, nil)
	case key.Matches(m, k.Save) && a.canSave():
		id, ok := a.begin(a.c.Cat.T(i18n.Saving))
		if !ok {
			return Stay, nil
		}
		return Stay, a.c.saveReceipt(id, t.PartnerReferenceNo)
	case key.Matches(m, k.View):
		return Push(NewReceiptView(a.c, t, false)), nil
	}
	return Stay, nil
}

// done takes a print's answer; with no printer configured it opens the
// receipt on screen instead.
func (a *receiptActions) done(msg printedMsg, t cashier.Txn) Next {
	if !a.job.Answer(msg.id) {
		return Stay
	}
	cat := a.c.Cat
	switch {
	case msg.err == nil:
		a.note, a.tone = cat.F(i18n.PrintedOn, msg.where), ToneOK
		if strings.HasPrefix(msg.where, "file:") {
			a.note = cat.F(i18n.SavedIn, strings.TrimPrefix(msg.where, "file:"))
		}
	case noPrinter(msg.err):
		a.note, a.tone = cat.T(i18n.NoPrinter), TonePending
		return Push(NewReceiptView(a.c, t, true))
	default:
		a.note, a.tone = cat.F(i18n.PrintFailed, cat.PrintProblem(msg.err)), ToneError
		if a.tries > 1 {
			a.note = cat.F(i18n.Attempt, a.tries) + " " + a.note
		}
	}
	return Stay
}

// view is the line saying how the last print went, wrapped to width.
func (a *receiptActions) view(width int) string {
	if a.note == "" {
		return ""
	}
	s := a.c.Styles
	st := s.Value
	prefix := ""
	switch a.tone {
	case ToneOK:
		st = s.OK
	case ToneError:
		st, prefix = s.Error, "x "
	case TonePending:
		st, prefix = s.Warn, "! "
	}
	return paragraph(st, width, prefix+a.note)
}

// hints are the body's key hints.
func (a *receiptActions) hints() []string {
	s, cat := a.c.Styles, a.c.Cat
	h := []string{keyHint(s, a.c.Keys.Print, cat.T(i18n.KeyPrint))}
	if a.canSave() {
		h = append(h, keyHint(s, a.c.Keys.Save, cat.T(i18n.KeySave)))
	}
	return append(h, keyHint(s, a.c.Keys.View, cat.T(i18n.KeyView)))
}

// bindings are the footer's keys.
func (a *receiptActions) bindings() []key.Binding {
	k := a.c.Keys
	b := []key.Binding{k.Print}
	if a.canSave() {
		b = append(b, k.Save)
	}
	return append(b, k.View)
}

// ReceiptView shows a transaction's receipt as it prints, so the cashier
// can read it out when no printer is configured (or check it before
// printing). p prints, s saves, ↑/↓ scroll, Esc goes back.
type ReceiptView struct {
	area
	c         Common
	txn       cashier.Txn
	noPrinter bool // opened because no printer is configured
	lines     []string
	scroll    components.List // a window over lines
	actions   receiptActions
}

// NewReceiptView returns the receipt of t as it would print now (REPRINT
// only when printed before); noPrinter says it was opened because no
// printer is configured.
func NewReceiptView(c Common, t cashier.Txn, noPrinter bool) *ReceiptView {
	v := &ReceiptView{c: c, txn: t, noPrinter: noPrinter, actions: newReceiptActions(c), scroll: components.NewViewport(c.Keys.List(true))}
	text, err := c.Svc.RenderReceiptBy(t, c.Operator)
	if err != nil {
		text = c.Cat.F(i18n.ErrorGeneric, err.Error())
	}
	v.lines = strings.Split(strings.TrimRight(text, "\n"), "\n")
	v.scroll.SetLen(len(v.lines))
	return v
}

// Init does nothing: the receipt is laid out already.
func (v *ReceiptView) Init() tea.Cmd { return nil }

// SetSize keeps the scrolling within the new height.
func (v *ReceiptView) SetSize(w, h int) {
	v.area.SetSize(w, h)
	v.scroll.SetHeight(max(3, h-4))
}

// Update scrolls, prints, saves and goes back.
func (v *ReceiptView) Update(msg tea.Msg) (Next, tea.Cmd) {
	switch msg := msg.(type) {
	case printedMsg:
		if msg.err != nil && noPrinter(msg.err) && v.actions.job.Answer(msg.id) {
			v.noPrinter = true
			v.actions.note, v.actions.tone = v.c.Cat.T(i18n.NoPrinter), TonePending
			return Stay, nil
		}
		return v.actions.done(msg, v.txn), nil
	case tea.KeyMsg:
		k := v.c.Keys
		switch {
		case key.Matches(msg, k.Back):
			return Back(), nil
		case v.scroll.Update(msg):
		case key.Matches(msg, k.Print), key.Matches(msg, k.Save):
			return v.actions.key(msg, v.txn)
		}
	}
	return Stay, nil
}

// View shows the slip in a box beside what the cashier can do.
func (v *ReceiptView) View() string {
	s, cat := v.c.Styles, v.c.Cat
	n := v.scroll.Height()
	start, end := v.scroll.Window()
	shown := append([]string(nil), v.lines[start:end]...)
	for len(shown) < n && len(shown) < len(v.lines) {
		shown = append(shown, "")
	}
	width := 0
	for _, l := range v.lines {
		width = max(width, components.Width(l))
	}
	for i, l := range shown {
		shown[i] = padRight(l, width)
	}
	box := s.Box.Render(strings.Join(shown, "\n"))
	side := v.width - components.Width(box) - 3
	var info []string
	if v.noPrinter {
		info = append(info, s.Warn.Render(cut("! "+cat.T(i18n.NoPrinter), side)))
		for _, l := range wrapText(cat.T(i18n.NoPrinterHint), side) {
			info = append(info, s.Muted.Render(l))
		}
		info = append(info, "")
	}
	if v.actions.note != "" && v.actions.note != cat.T(i18n.NoPrinter) {
		for _, l := range wrapText(v.actions.note, side) {
			info = append(info, s.Value.Render(l))
		}
		info = append(info, "")
	}
	if v.scroll.Scrolls() {
		info = append(info, s.Muted.Render(cut(cat.F(i18n.ReceiptLines, start+1, end, len(v.lines)), side)), "")
	}
	info = append(info, keyHint(s, v.c.Keys.Print, cat.T(i18n.KeyPrint)))
	if v.actions.canSave() {
		info = append(info, keyHint(s, v.c.Keys.Save, cat.T(i18n.KeySave)))
	}
	info = append(info, keyHint(s, v.c.Keys.Back, cat.T(i18n.KeyBack)))
	right := strings.Join(info, "\n")
	no := v.txn.ReceiptNo
	if no == "" {
		no = v.txn.PartnerReferenceNo
	}
	return title(s, cat.T(i18n.ReceiptTitle)+" · "+no) + "\n\n" +
		lipgloss.JoinHorizontal(lipgloss.Top, "  "+strings.ReplaceAll(box, "\n", "\n  "), " ", right)
}

// ShortHelp lists the receipt view's keys.
func (v *ReceiptView) ShortHelp() []key.Binding {
	k := v.c.Keys
	b := []key.Binding{k.Print}
	if v.actions.canSave() {
		b = append(b, k.Save)
	}
	return append(b, k.ScrollUpDown, k.Back)
}

// FullHelp is ShortHelp in one column.
func (v *ReceiptView) FullHelp() [][]key.Binding { return [][]key.Binding{v.ShortHelp()} }
