package screens

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// statusCheck is "ask OVO the status of this transaction now", as offered
// by the result and history detail screens while an outcome is open.
type statusCheck struct {
	c    Common
	ask  components.Request // its spinner is not shown: the line says "asking OVO"
	line string
	bad  bool
}

func newStatusCheck(c Common) statusCheck { return statusCheck{c: c, ask: c.newRequest()} }

// start asks OVO the status of ref (ignored while a check is under way).
func (s *statusCheck) start(ref string) tea.Cmd {
	if s.ask.Active() {
		return nil
	}
	id, _ := s.ask.Start()
	s.line, s.bad = s.c.Cat.T(i18n.AskingOVO), false
	return s.c.checkStatus(id, ref)
}

// done takes the answer; ok reports a transaction read back from the ledger.
func (s *statusCheck) done(msg checkMsg) (cashier.Txn, bool) {
	if !s.ask.Answer(msg.id) {
		return cashier.Txn{}, false
	}
	cat := s.c.Cat
	if msg.err != nil {
		s.line, s.bad = cat.F(i18n.CheckFailed, cat.Error(msg.err)), true
		return cashier.Txn{}, false
	}
	if st := msg.check.Status; st != nil {
		s.line = cat.F(i18n.OVOStatusLine, cat.Status(st.LatestTransactionStatus), cat.Time(s.c.now()))
	}
	if msg.check.Mismatch {
		s.line += " " + cat.T(i18n.Mismatch)
		s.bad = true
	}
	return msg.check.Txn, msg.check.InLedger
}

// view is the line with the last answer ("" before any), wrapped to width.
func (s *statusCheck) view(width int) string {
	if s.line == "" {
		return ""
	}
	st := s.c.Styles.Value
	if s.bad {
		st = s.c.Styles.Error
	}
	return paragraph(st, width, s.line)
}
