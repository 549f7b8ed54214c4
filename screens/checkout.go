package screens

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage"
)

// Checkout reconfirms a transaction before the money moves: amount, fee,
// what the customer receives, the phone and the OVO account name from
// OVO's inquiry. It is the top up's checkout and the disbursement's
// confirmation. y sends it (the screen is then replaced by the processing
// screen, so it can never be sent twice from here); Esc goes back.
type Checkout struct {
	c     *Common
	quote cashier.Quote
}

// NewCheckout returns the checkout of quote (top up or disbursement, by
// quote.Kind).
func NewCheckout(c *Common, quote cashier.Quote) *Checkout {
	return &Checkout{c: c, quote: quote}
}

// Init does nothing: the screen waits for the cashier.
func (k *Checkout) Init() tea.Cmd { return nil }

// SetSize is a no-op: the screen fits any body of the minimum size.
func (k *Checkout) SetSize(int, int) {}

// problem is why the quote cannot be sent ("" when it can): a top up
// outside OVO's limits for this amount.
func (k *Checkout) problem() string {
	if k.quote.Kind == storage.KindTopUp {
		if err := k.quote.CheckLimits(k.quote.Amount); err != nil {
			return k.c.Cat.Error(err)
		}
	}
	return ""
}

// Update sends on y and goes back on Esc.
func (k *Checkout) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, ok := msg.(tea.KeyMsg)
	if !ok {
		return k, nil
	}
	switch {
	case key.Matches(m, k.c.Keys.Back):
		return k, k.c.Back()
	case key.Matches(m, k.c.Keys.Confirm):
		if k.problem() != "" {
			return k, nil
		}
		order := cashier.Order{Quote: k.quote, Operator: k.c.Operator, Role: k.c.Role, From: k.c.From}
		return k, k.c.Home(NewResult(k.c, order))
	}
	return k, nil
}

// View lays out what will be sent, for the cashier to read back.
func (k *Checkout) View() string {
	s, cat := k.c.Styles, k.c.Cat
	q := k.quote
	head := cat.T(i18n.TopUpTitle) + " · " + cat.T(i18n.StepCheckout)
	question := cat.T(i18n.CheckoutQuestion)
	if q.Kind == storage.KindDisburse {
		head = cat.T(i18n.DisburseTitle) + " · " + cat.T(i18n.StepConfirm)
		question = cat.T(i18n.DisburseQuestion)
	}
	rows := []row{
		{cat.T(i18n.AccountName), q.Name, true},
		{cat.T(i18n.Phone), q.Phone, true},
		{cat.T(i18n.Amount), cashier.Rupiah(q.Amount), true},
		{cat.T(i18n.FeeDeducted), cashier.Rupiah(q.Fee), false},
		{cat.T(i18n.CustomerReceives), cashier.Rupiah(q.Receive()), true},
	}
	if k.c.DepositKnown {
		rows = append(rows, row{cat.T(i18n.DepositAvailable), cashier.Rupiah(k.c.Deposit.Available), false})
	}
	var tail string
	if p := k.problem(); p != "" {
		tail = s.Error.Render("  x " + p)
	} else {
		tail = paragraph(s.Value, k.c.Width, question) + "\n\n  " +
			keyHint(s, "y", cat.T(i18n.ConfirmSend)) + "    " + keyHint(s, "esc", cat.T(i18n.KeyBack))
	}
	return join(title(s, head), detail(s, k.c.Width, rows...), tail)
}

// ShortHelp lists the keys of the checkout.
func (k *Checkout) ShortHelp() []key.Binding {
	if k.problem() != "" {
		return []key.Binding{k.c.Keys.Back}
	}
	return []key.Binding{k.c.Keys.Confirm, k.c.Keys.Back}
}

// FullHelp is ShortHelp in one column.
func (k *Checkout) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
