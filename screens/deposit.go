package screens

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Deposit shows the merchant deposit: OVO's last balance, what the
// transactions in flight reserve, and what is available. It reads the
// deposit from OVO when opened and again on r.
type Deposit struct {
	c       *Common
	dep     cashier.Deposit
	known   bool
	req     int
	busy    Activity
	errText string
}

// NewDeposit returns the deposit screen showing the last known mirror.
func NewDeposit(c *Common) *Deposit {
	return &Deposit{c: c, dep: c.Deposit, known: c.DepositKnown, busy: NewActivity(c)}
}

// Init reads the deposit from OVO.
func (d *Deposit) Init() tea.Cmd { return d.refresh() }

func (d *Deposit) refresh() tea.Cmd {
	if d.busy.Active() {
		return nil
	}
	d.req = d.c.NextID()
	d.errText = ""
	return tea.Batch(d.busy.Start(), d.c.refreshDeposit(d.req))
}

// SetSize is a no-op: the screen fits any body of the minimum size.
func (d *Deposit) SetSize(int, int) {}

// Update refreshes on r and follows deposit changes.
func (d *Deposit) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case depositReadMsg:
		if msg.id != d.req || !d.busy.Active() {
			return d, nil
		}
		d.busy.Stop()
		d.dep, d.known = msg.deposit, !msg.deposit.RefreshedAt.IsZero()
		if msg.err != nil {
			d.errText = d.c.Cat.Error(msg.err)
		}
		return d, nil
	case DepositMsg:
		d.dep, d.known = msg.Deposit, !msg.Deposit.RefreshedAt.IsZero()
		return d, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, d.c.Keys.Back):
			return d, d.c.Back()
		case key.Matches(msg, d.c.Keys.Refresh):
			return d, d.refresh()
		}
		return d, nil
	}
	return d, d.busy.Update(msg)
}

// View shows the three amounts and when OVO was last asked.
func (d *Deposit) View() string {
	s, cat := d.c.Styles, d.c.Cat
	parts := []string{title(s, cat.T(i18n.DepositTitle))}
	if d.known {
		parts = append(parts, detail(s, d.c.Width,
			row{cat.T(i18n.DepositAvailable), cashier.Rupiah(d.dep.Available), true},
			row{cat.T(i18n.DepositBalance), cashier.Rupiah(d.dep.Balance), false},
			row{cat.T(i18n.DepositReserved), cashier.Rupiah(d.dep.Reserved), false},
			row{cat.T(i18n.DepositReadAt), cat.Time(d.dep.RefreshedAt), false},
		))
	}
	parts = append(parts, paragraph(s.Muted, d.c.Width, cat.T(i18n.DepositNote)))
	if d.busy.Active() {
		parts = append(parts, "  "+d.busy.View()+" "+cat.T(i18n.AskingOVO))
	}
	if d.errText != "" {
		parts = append(parts, banner(s, ToneError, cat.T(i18n.DepositRefreshFailed))+"\n"+paragraph(s.Error, d.c.Width, d.errText))
	}
	return join(parts...)
}

// ShortHelp lists the deposit screen's keys.
func (d *Deposit) ShortHelp() []key.Binding {
	return []key.Binding{d.c.Keys.Refresh, d.c.Keys.Back}
}

// FullHelp is ShortHelp in one column.
func (d *Deposit) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// ShowsDeposit: every figure of the deposit is on Deposit.
func (*Deposit) ShowsDeposit() bool { return true }
