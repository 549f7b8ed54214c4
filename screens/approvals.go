package screens

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Approvals shows a supervisor the transactions awaiting approval (issue
// 14): a approves the selected one with the supervisor's PIN (at the
// counter; over SSH an approval is signed with the key, so the screen says
// to use `approve ID` there), r rejects it with a reason. The maker cannot
// decide their own (the service refuses, the screen says so).
type Approvals struct {
	area
	c       Common
	list    []cashier.Approval
	cursor  int
	req     int
	errText string
	note    string
	mode    int // 0 list, 1 PIN for approve, 2 reason for reject
	input   field
	busy    bool
}

// approvalsMsg is a listing of the approvals held.
type approvalsMsg struct {
	id   int
	list []cashier.Approval
	err  error
}

// Reply is the id of the call it answers (components.Reply).
func (m approvalsMsg) Reply() int { return m.id }

// decidedMsg is what became of an approve or reject.
type decidedMsg struct {
	id  int
	a   cashier.Approval
	res cashier.Result
	err error
}

// Reply is the id of the call it answers (components.Reply).
func (m decidedMsg) Reply() int { return m.id }

var (
	keyApprove = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve"))
	keyReject  = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reject"))
)

// NewApprovals returns the approvals screen.
func NewApprovals(c Common) *Approvals {
	return &Approvals{c: c, input: components.NewField(64, func(r rune) bool { return r >= ' ' }, nil)}
}

// Init lists the approvals.
func (a *Approvals) Init() tea.Cmd { return a.load() }

// Reveal lists them again.
func (a *Approvals) Reveal() tea.Cmd { return a.load() }

func (a *Approvals) load() tea.Cmd {
	a.req = components.NextID()
	id, svc := a.req, a.c.Svc
	return func() tea.Msg {
		l, err := svc.Approvals()
		return approvalsMsg{id, l, err}
	}
}

func (a *Approvals) selected() (cashier.Approval, bool) {
	if a.cursor < len(a.list) {
		return a.list[a.cursor], true
	}
	return cashier.Approval{}, false
}

// Update lists, selects, asks for the PIN or the reason, and decides.
func (a *Approvals) Update(msg tea.Msg) (Next, tea.Cmd) {
	cat, keys := a.c.Cat, a.c.Keys
	switch msg := msg.(type) {
	case approvalsMsg:
		if msg.id != a.req {
			return Stay, nil
		}
		a.list, a.errText = msg.list, ""
		if msg.err != nil {
			a.errText = cat.Error(msg.err)
		}
		a.cursor = min(a.cursor, max(0, len(a.list)-1))
		return Stay, nil
	case decidedMsg:
		if msg.id != a.req {
			return Stay, nil
		}
		a.busy = false
		switch {
		case msg.err != nil:
			a.errText = cat.Error(msg.err)
		case msg.a.State == cashier.ApprovalRejected:
			a.note = cat.F(i18n.ApprovalRejected, msg.a.ID)
		default:
			a.note = cat.F(i18n.ApprovalApproved, msg.a.ID, msg.res.Txn.PartnerReferenceNo) + " · " + cat.State(msg.res.Txn.State)
		}
		return Stay, a.load()
	case tea.KeyMsg:
		if a.busy {
			return Stay, nil
		}
		if a.mode != 0 {
			return Stay, a.inputKey(msg)
		}
		switch {
		case key.Matches(msg, keys.Back):
			return Back(), nil
		case key.Matches(msg, keys.Up):
			a.cursor = max(0, a.cursor-1)
		case key.Matches(msg, keys.Down):
			a.cursor = min(max(0, len(a.list)-1), a.cursor+1)
		case key.Matches(msg, keyApprove):
			if _, ok := a.selected(); ok {
				a.errText, a.note = "", ""
				if strings.HasPrefix(a.c.From, "ssh") {
					it, _ := a.selected()
					a.errText = cat.F(i18n.ApprovalSignHint, it.ID, cashier.ApprovalNamespace)
					return Stay, nil
				}
				a.mode, a.input.Accept = 1, func(r rune) bool { return r >= '0' && r <= '9' }
				a.input.SetValue("")
				a.input.SetFocus(true)
			}
		case key.Matches(msg, keyReject):
			if _, ok := a.selected(); ok {
				a.errText, a.note = "", ""
				a.mode, a.input.Accept = 2, func(r rune) bool { return r >= ' ' }
				a.input.SetValue("")
				a.input.SetFocus(true)
			}
		}
	}
	return Stay, nil
}

// inputKey takes the PIN or the reason; Enter decides, Esc goes back.
func (a *Approvals) inputKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.c.Keys.Back):
		a.mode = 0
		a.input.Blur()
		return nil
	case key.Matches(k, a.c.Keys.Enter):
		v := strings.TrimSpace(a.input.Value())
		it, ok := a.selected()
		if v == "" || !ok {
			return nil
		}
		mode := a.mode
		a.mode, a.busy = 0, true
		a.input.Blur()
		a.req = components.NextID()
		id, svc, by, ctx := a.req, a.c.Svc, a.c.actor(), a.c.ctx()
		return func() tea.Msg {
			if mode == 2 {
				d, err := svc.Reject(it.ID, by, v)
				return decidedMsg{id: id, a: d, err: err}
			}
			// The supervisor at the counter confirms with their own PIN.
			who, err := svc.Login(by.Name, v, by.From)
			if err != nil {
				return decidedMsg{id: id, err: err}
			}
			d, res, err := svc.Approve(ctx, it.ID, who, nil)
			return decidedMsg{id: id, a: d, res: res, err: err}
		}
	}
	a.input.Update(k)
	return nil
}

// View lists the approvals held and the prompt, if any.
func (a *Approvals) View() string {
	s, cat := a.c.Styles, a.c.Cat
	var rows []string
	for i, it := range a.list {
		line := fmt.Sprintf("%s  %-8s %14s  %s %s  %s · %s", it.ID, cat.KindShort(it.Kind), cashier.Rupiah(it.Amount),
			it.CustomerNumber, it.CustomerName, cat.F(i18n.WhoDidIt, it.Maker), cat.ApprovalState(it.State))
		if i == a.cursor {
			line = s.Selected.Render("> " + line)
		} else {
			line = "  " + line
		}
		rows = append(rows, line)
		if why := cat.HoldWhy(it); i == a.cursor && why != "" {
			rows = append(rows, "    "+s.Muted.Render(why))
		}
	}
	if len(a.list) == 0 {
		rows = append(rows, s.Muted.Render("  "+cat.T(i18n.ApprovalNone)))
	}
	parts := []string{title(s, cat.T(i18n.ApprovalsTitle)), strings.Join(rows, "\n")}
	if it, ok := a.selected(); ok {
		switch a.mode {
		case 1:
			parts = append(parts, cat.F(i18n.ApprovePINPrompt, it.ID)+" "+strings.Repeat("•", len(a.input.Value())))
		case 2:
			parts = append(parts, cat.T(i18n.CLIReason)+": "+a.input.Value()+"▌")
		}
	}
	if a.errText != "" {
		parts = append(parts, paragraph(s.Error, a.width, a.errText))
	}
	if a.note != "" {
		parts = append(parts, paragraph(s.OK, a.width, a.note))
	}
	parts = append(parts, s.Muted.Render(cat.T(i18n.ApprovalsHint)))
	return join(parts...)
}

// ShortHelp lists the keys.
func (a *Approvals) ShortHelp() []key.Binding {
	k := a.c.Keys
	return []key.Binding{k.Up, k.Down, withHelp(keyApprove, a.c.Cat.RT(i18n.RolesKeyApprove)), withHelp(keyReject, a.c.Cat.RT(i18n.RolesKeyReject)), k.Back}
}

// FullHelp is ShortHelp in one column.
func (a *Approvals) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
