package screens

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Deposit shows the merchant deposit: OVO's last balance, what the
// transactions in flight reserve, and what is available. It reads the
// deposit from OVO when opened and again on r.
type Deposit struct {
	area
	c     Common
	dep   cashier.Deposit
	known bool
	read  components.Request // reading the deposit from OVO
}

// NewDeposit returns the deposit screen; it shows the mirror the shell
// gives it (DepositMsg) until OVO answers.
func NewDeposit(c Common) *Deposit {
	return &Deposit{c: c, read: c.newRequest()}
}

// Init reads the deposit from OVO.
func (d *Deposit) Init() tea.Cmd { return d.refresh() }

func (d *Deposit) refresh() tea.Cmd {
	if d.read.Active() {
		return nil
	}
	id, tick := d.read.Start()
	return tea.Batch(tick, d.c.refreshDeposit(id))
}

// Update refreshes on r and follows deposit changes.
func (d *Deposit) Update(msg tea.Msg) (Next, tea.Cmd) {
	switch msg := msg.(type) {
	case depositReadMsg:
		if !d.read.Answer(msg.id) {
			return Stay, nil
		}
		d.dep, d.known = msg.deposit, !msg.deposit.RefreshedAt.IsZero()
		if msg.err != nil {
			d.read.Fail(d.c.Cat.T(i18n.DepositRefreshFailed), d.c.Cat.Error(msg.err))
		}
		return Stay, nil
	case DepositMsg:
		d.dep, d.known = msg.Deposit, msg.Known()
		return Stay, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, d.c.Keys.Back):
			return Back(), nil
		case key.Matches(msg, d.c.Keys.Refresh):
			return Stay, d.refresh()
		}
		return Stay, nil
	}
	return Stay, d.read.Update(msg)
}

// View shows the three amounts and when OVO was last asked.
func (d *Deposit) View() string {
	s, cat := d.c.Styles, d.c.Cat
	parts := []string{title(s, cat.T(i18n.DepositTitle))}
	if d.known {
		parts = append(parts, detail(s, d.width,
			row{cat.T(i18n.DepositAvailable), cashier.Rupiah(d.dep.Available), true},
			row{cat.T(i18n.DepositBalance), cashier.Rupiah(d.dep.Balance), false},
			row{cat.T(i18n.DepositReserved), cashier.Rupiah(d.dep.Reserved), false},
			row{cat.T(i18n.DepositReadAt), cat.Time(d.dep.RefreshedAt), false},
		))
	}
	parts = append(parts, paragraph(s.Muted, d.width, cat.T(i18n.DepositNote)))
	return join(append(parts, d.read.Waiting(cat.T(i18n.AskingOVO)), d.read.ErrorView(d.width))...)
}

// ShortHelp lists the deposit screen's keys.
func (d *Deposit) ShortHelp() []key.Binding {
	return []key.Binding{d.c.Keys.Refresh, d.c.Keys.Back}
}

// FullHelp is ShortHelp in one column.
func (d *Deposit) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// ShowsDeposit: every figure of the deposit is on Deposit.
func (*Deposit) ShowsDeposit() bool { return true }
