package screens

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// statusPick is how many recent transactions the status screen offers.
const statusPick = 6

// Status checks a transaction with OVO: type a reference (or pick one of
// the recent transactions with ↑/↓), Enter asks OVO its latest status and
// the ledger records it when it is final.
type Status struct {
	c         *Common
	ref       field
	recent    []cashier.Txn
	pick      int // -1: none picked
	listReq   int
	req       int
	busy      Activity
	result    *cashier.Check
	checkedAt time.Time
	errText   string
	several   bool // recent holds the matches of what was typed
}

// NewStatus returns the status screen, with ref typed in already (may be "").
func NewStatus(c *Common, ref string) *Status {
	s := &Status{c: c, pick: -1, busy: NewActivity(c),
		ref: field{max: 64, accept: func(r rune) bool { return r >= ' ' && r < 127 }}}
	s.ref.focused = true
	s.ref.set(ref)
	return s
}

// Init reads the recent transactions to pick from.
func (s *Status) Init() tea.Cmd {
	s.listReq = s.c.NextID()
	return s.c.history(s.listReq, cashier.Query{Limit: statusPick})
}

// SetSize is a no-op: the screen fits any body of the minimum size.
func (s *Status) SetSize(int, int) {}

// Update edits the reference, picks, and asks OVO.
func (s *Status) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	keys := s.c.Keys
	switch msg := msg.(type) {
	case historyMsg:
		if msg.id == s.listReq && msg.err == nil {
			s.recent, s.several = msg.page.Txns, false
		}
		return s, nil
	case matchesMsg:
		if msg.id != s.req || !s.busy.Active() {
			return s, nil
		}
		s.busy.Stop()
		s.recent, s.pick, s.several = msg.txns, -1, true
		return s, nil
	case checkMsg:
		if msg.id != s.req || !s.busy.Active() {
			return s, nil
		}
		s.busy.Stop()
		if msg.err != nil {
			s.errText = s.c.Cat.Error(msg.err)
			return s, nil
		}
		ch := msg.check
		s.result, s.checkedAt = &ch, s.c.now()
		return s, s.Init() // the list shows the new state
	case TxnMsg:
		if s.result != nil && s.result.InLedger && msg.Txn.PartnerReferenceNo == s.result.Ref {
			s.result.Txn = msg.Txn
		}
		return s, nil
	case tea.KeyMsg:
		if key.Matches(msg, keys.Back) {
			return s, s.c.Back()
		}
		if s.busy.Active() {
			return s, nil
		}
		switch {
		case key.Matches(msg, keys.Up):
			s.result, s.errText = nil, ""
			if len(s.recent) > 0 {
				s.pick = max(0, s.pick-1)
				s.ref.set(s.recent[s.pick].PartnerReferenceNo)
			}
			return s, nil
		case key.Matches(msg, keys.Down):
			s.result, s.errText = nil, ""
			if len(s.recent) > 0 {
				s.pick = min(len(s.recent)-1, s.pick+1)
				s.ref.set(s.recent[s.pick].PartnerReferenceNo)
			}
			return s, nil
		case key.Matches(msg, keys.Enter):
			ref := strings.TrimSpace(s.ref.value)
			if ref == "" {
				return s, nil
			}
			s.errText, s.result, s.several = "", nil, false
			s.req = s.c.NextID()
			return s, tea.Batch(s.busy.Start(), s.c.statusOf(s.req, ref))
		}
		if s.ref.key(msg) == fieldChanged {
			s.pick = -1
			s.errText = ""
		}
		return s, nil
	}
	return s, s.busy.Update(msg)
}

// View shows the field, the recent transactions and OVO's answer.
func (s *Status) View() string {
	st, cat := s.c.Styles, s.c.Cat
	parts := []string{
		title(st, cat.T(i18n.StatusTitle)),
		"  " + cat.T(i18n.RefLabel) + "\n  " + s.ref.view(st, 30),
	}
	if s.result == nil && !s.busy.Active() && s.errText == "" && len(s.recent) > 0 {
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
			if i == s.pick {
				mark = st.Selected.Render("> ")
				line = st.Selected.Render(line)
			}
			b.WriteString("\n  " + mark + cut(line, s.c.Width-6))
		}
		parts = append(parts, b.String())
	}
	if s.busy.Active() {
		parts = append(parts, "  "+s.busy.View()+" "+cat.T(i18n.AskingOVO))
	}
	if s.errText != "" {
		parts = append(parts, banner(st, ToneError, cat.T(i18n.CheckFailedBanner))+"\n"+paragraph(st.Error, s.c.Width, s.errText))
	}
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
		return detail(st, s.c.Width, rows...)
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
	out := banner(st, stateTone(t.State), strings.ToUpper(cat.State(t.State))) + "\n" + detail(st, s.c.Width, rows...)
	if r.Mismatch {
		out += "\n" + paragraph(st.Error, s.c.Width, cat.T(i18n.Mismatch))
	}
	return out
}

// ShortHelp lists the status screen's keys.
func (s *Status) ShortHelp() []key.Binding {
	k := s.c.Keys
	if s.busy.Active() {
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
