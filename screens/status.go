package screens

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// statusPick is how many recent transactions the status screen offers.
const statusPick = 6

// Status checks a transaction with OVO: type a reference (or pick one of
// the recent transactions with ↑/↓), Enter asks OVO its latest status and
// the ledger records it when it is final.
type Status struct {
	area
	c         Common
	ref       field
	recent    []cashier.Txn
	pick      components.List    // over recent; nothing picked at first
	listReq   int                // the read of recent
	ask       components.Request // asking OVO
	result    *cashier.Check
	checkedAt time.Time
	several   bool // recent holds the matches of what was typed
}

// NewStatus returns the status screen, with ref typed in already (may be "").
func NewStatus(c Common, ref string) *Status {
	s := &Status{c: c, pick: components.NewPicker(c.Keys.List(false)), ask: c.newRequest(), ref: newTextField(64)}
	s.ref.Focus()
	s.ref.SetValue(ref)
	return s
}

// Init reads the recent transactions to pick from.
func (s *Status) Init() tea.Cmd {
	s.listReq = components.NextID()
	return s.c.history(s.listReq, cashier.Query{Limit: statusPick})
}

// Update edits the reference, picks, and asks OVO.
func (s *Status) Update(msg tea.Msg) (Next, tea.Cmd) {
	keys := s.c.Keys
	switch msg := msg.(type) {
	case historyMsg:
		if msg.id == s.listReq && msg.err == nil {
			s.setRecent(msg.page.Txns)
			s.several = false
		}
		return Stay, nil
	case matchesMsg:
		if !s.ask.Answer(msg.id) {
			return Stay, nil
		}
		s.setRecent(msg.txns)
		s.several = true
		return Stay, nil
	case checkMsg:
		if !s.ask.Answer(msg.id) {
			return Stay, nil
		}
		if msg.err != nil {
			s.ask.Fail(s.c.Cat.T(i18n.CheckFailedBanner), s.c.Cat.Error(msg.err))
			return Stay, nil
		}
		ch := msg.check
		s.result, s.checkedAt = &ch, s.c.now()
		return Stay, s.Init() // the list shows the new state
	case TxnMsg:
		if s.result != nil && s.result.InLedger && msg.Txn.PartnerReferenceNo == s.result.Ref {
			s.result.Txn = msg.Txn
		}
		return Stay, nil
	case tea.KeyMsg:
		if key.Matches(msg, keys.Back) {
			return Back(), nil
		}
		if s.ask.Active() {
			return Stay, nil
		}
		if s.pick.Update(msg) {
			s.result = nil
			s.ask.ClearError()
			if i := s.pick.Cursor(); i >= 0 {
				s.ref.SetValue(s.recent[i].PartnerReferenceNo)
			}
			return Stay, nil
		}
		if key.Matches(msg, keys.Enter) {
			ref := strings.TrimSpace(s.ref.Value())
			if ref == "" {
				return Stay, nil
			}
			s.result, s.several = nil, false
			id, tick := s.ask.Start()
			return Stay, tea.Batch(tick, s.c.statusOf(id, ref))
		}
		if s.ref.Update(msg) == fieldChanged {
			s.pick.SetCursor(-1)
			s.ask.ClearError()
		}
		return Stay, nil
	}
	return Stay, s.ask.Update(msg)
}

// setRecent shows txns to pick from, none picked.
func (s *Status) setRecent(txns []cashier.Txn) {
	s.recent = txns
	s.pick.SetLen(len(txns))
	s.pick.SetCursor(-1)
}

// View shows the field, the recent transactions and OVO's answer.
func (s *Status) View() string {
	st, cat := s.c.Styles, s.c.Cat
	parts := []string{
		title(st, cat.T(i18n.StatusTitle)),
		"  " + cat.T(i18n.RefLabel) + "\n  " + s.ref.View(st, 30),
	}
	if s.result == nil && !s.ask.Active() && !s.ask.Failed() && len(s.recent) > 0 {
		var b strings.Builder
		pick := cat.T(i18n.RecentPick)
		if s.several {
			pick = cat.T(i18n.StatusPickOne)
		}
		b.WriteString(st.Muted.Render("  " + pick))
		for i, t := range s.recent {
			mark := "  "
			line := t.PartnerReferenceNo + "  " + padRight(cat.State(t.State), 10) + " " +
				padLeft(cashier.Rupiah(t.Amount), 13) + "  " + t.CustomerNumber
			if i == s.pick.Cursor() {
				mark = st.Selected.Render("> ")
				line = st.Selected.Render(line)
			}
			b.WriteString("\n  " + mark + cut(line, s.width-6))
		}
		parts = append(parts, b.String())
	}
	if s.ask.Active() {
		parts = append(parts, s.ask.Waiting(cat.T(i18n.AskingOVO)))
	}
	parts = append(parts, s.ask.ErrorView(s.width))
	if r := s.result; r != nil {
		parts = append(parts, s.resultView(r))
	}
	return join(parts...)
}

func (s *Status) resultView(r *cashier.Check) string {
	st, cat := s.c.Styles, s.c.Cat
	var rows []row
	if r.Status != nil {
		desc := cat.Status(r.Status.LatestTransactionStatus)
		rows = append(rows, row{cat.T(i18n.OVOStatus), desc, true})
	}
	rows = append(rows, row{cat.T(i18n.CheckedAt), cat.Time(s.checkedAt), false})
	if !r.InLedger {
		rows = append(rows, row{cat.T(i18n.Ledger), cat.T(i18n.NotInLedger), false})
		return detail(st, s.width, rows...)
	}
	t := r.Txn
	state := cat.State(t.State)
	if r.Settled {
		state += " " + cat.T(i18n.JustUpdated)
	}
	rows = append(rows,
		row{cat.T(i18n.Ledger), state, true},
		row{cat.T(i18n.AccountName), t.CustomerName, false},
		row{cat.T(i18n.Phone), t.CustomerNumber, false},
		row{cat.T(i18n.Amount), cashier.Rupiah(t.Amount), false},
	)
	if t.ReferenceNo != "" {
		rows = append(rows, row{cat.T(i18n.OVOReference), t.ReferenceNo, false})
	}
	rows = append(rows, row{cat.T(i18n.Time), cat.Time(t.CreatedAt), false})
	out := banner(st, stateTone(t.State), strings.ToUpper(cat.State(t.State))) + "\n" + detail(st, s.width, rows...)
	if r.Mismatch {
		out += "\n" + paragraph(st.Error, s.width, cat.T(i18n.Mismatch))
	}
	return out
}

// ShortHelp lists the status screen's keys.
func (s *Status) ShortHelp() []key.Binding {
	k := s.c.Keys
	if s.ask.Active() {
		return []key.Binding{k.Back}
	}
	return []key.Binding{withHelp(k.Enter, s.c.Cat.T(i18n.KeyCheck)), withHelp(k.ScrollUpDown, s.c.Cat.T(i18n.KeyPick)), k.Back}
}

// FullHelp is ShortHelp in one column.
func (s *Status) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// stateTone is the banner tone of a transaction state.
func stateTone(s cashier.State) Tone {
	switch s {
	case cashier.StateSuccess:
		return ToneOK
	case cashier.StateFailed:
		return ToneError
	}
	return TonePending
}

// FollowsTxns marks Status as showing transactions as they change.
func (*Status) FollowsTxns() {}
