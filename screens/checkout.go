package screens

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Checkout reconfirms a transaction before the money moves: amount, fee,
// what the customer receives, the phone and the OVO account name from
// OVO's inquiry. It is the top up's checkout and the disbursement's
// confirmation. y sends it (the screen is then replaced by the processing
// screen, so it can never be sent twice from here); Esc goes back.
//
// A refusal the app already knows (cashier.KnownRefusal: OVO's limits, then
// the deposit) stops here with its reason and no y. When the same phone has
// a transaction whose outcome is not known, or the same success within the
// repeat window (cashier.CheckRepeat), the checkout says so with the
// earlier receipt number and y does not send: only the deliberate key r
// does.
type Checkout struct {
	area
	c     Common
	quote cashier.Quote

	req     int
	checked bool                 // the repeat check answered
	repeat  *cashier.RepeatError // the earlier transaction, if any
	warn    string               // the repeat check failed: said, not blocking
	refusal error                // known before sending and needing the ledger (no open shift)
	dep     DepositMsg           // the latest deposit the shell gave
}

// NewCheckout returns the checkout of quote (top up or disbursement, by
// quote.Kind).
func NewCheckout(c Common, quote cashier.Quote) *Checkout {
	return &Checkout{c: c, quote: quote}
}

// Init asks the ledger whether the order repeats an earlier one.
func (k *Checkout) Init() tea.Cmd {
	k.req = components.NextID()
	cmd := k.c.checkRepeat(k.req, k.quote)
	if cmd == nil {
		k.checked = true
	}
	return cmd
}

// Unsent is true: a checkout is an order not sent yet (quitting asks first).
func (k *Checkout) Unsent() bool { return true }

// problem is why the quote cannot be sent ("" when it can).
func (k *Checkout) problem() string {
	if k.refusal != nil { // no open shift: nothing may be sent
		return k.c.Cat.Error(k.refusal)
	}
	return k.c.Cat.Error(knownRefusal(k.quote, k.dep))
}

// Update sends on y (r after a repeat warning) and goes back on Esc.
func (k *Checkout) Update(msg tea.Msg) (Next, tea.Cmd) {
	switch m := msg.(type) {
	case DepositMsg:
		k.dep = m
		return Stay, nil
	case repeatMsg:
		if m.id == k.req {
			k.checked, k.refusal = true, m.refusal
			if !errors.As(m.err, &k.repeat) && m.err != nil {
				k.warn = k.c.Cat.Error(m.err)
			}
		}
		return Stay, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(m, k.c.Keys.Back):
			return Back(), nil
		case !k.checked || k.problem() != "":
			return Stay, nil
		case k.repeat == nil && key.Matches(m, k.c.Keys.Confirm),
			k.repeat != nil && key.Matches(m, k.c.Keys.SendAnyway):
			order := cashier.Order{Quote: k.quote, Operator: k.c.Operator, Role: k.c.Role, From: k.c.From}
			return Home(NewResult(k.c, order)), nil
		}
	}
	return Stay, nil
}

// View lays out what will be sent, for the cashier to read back.
func (k *Checkout) View() string {
	s, cat := k.c.Styles, k.c.Cat
	q := k.quote
	head := cat.T(i18n.TopUpTitle) + " · " + cat.T(i18n.StepCheckout)
	question := cat.T(i18n.CheckoutQuestion)
	if q.Kind == cashier.KindDisburse {
		head = cat.T(i18n.DisburseTitle) + " · " + cat.T(i18n.StepConfirm)
		question = cat.T(i18n.DisburseQuestion)
	}
	rows := [...]row{
		{cat.T(i18n.AccountName), q.Name, true},
		{cat.T(i18n.Phone), q.Phone, true},
		{cat.T(i18n.Amount), cashier.Rupiah(q.Amount), true},
		{cat.T(i18n.FeeDeducted), cashier.Rupiah(q.Fee), false},
		{cat.T(i18n.CustomerReceives), cashier.Rupiah(q.Receive()), true},
		cashRow(k.c, q.CashToCollect()),
		{cat.T(i18n.DepositAvailable), "", false},
	}
	shown := rows[:len(rows)-1]
	if k.dep.Known() {
		rows[len(rows)-1].value = cashier.Rupiah(k.dep.Deposit.Available)
		shown = rows[:]
	}
	// One builder, as join(title, detail, tail) stacked them.
	var b strings.Builder
	checkoutSize.grow(&b)
	defer checkoutSize.keep(&b)
	s.Title.RenderTo(&b, head)
	b.WriteString("\n\n")
	detailTo(&b, s, k.width, shown...)
	b.WriteString("\n\n")
	switch p := k.problem(); {
	case p != "":
		b.WriteString(banner(s, ToneError, cat.T(i18n.KnownRefusalHead)))
		b.WriteByte('\n')
		components.ParagraphTo(&b, s.Error, k.width, p)
		b.WriteString("\n\n  ")
		b.WriteString(keyHint(s, k.c.Keys.Back, cat.T(i18n.KeyBack)))
	case !k.checked:
		components.ParagraphTo(&b, s.Value, k.width, question)
	case k.repeat != nil:
		b.WriteString(banner(s, TonePending, "!"))
		b.WriteByte('\n')
		components.ParagraphTo(&b, s.Warn, k.width, cat.Repeat(k.repeat))
		b.WriteString("\n\n  ")
		b.WriteString(keyHint(s, k.c.Keys.SendAnyway, cat.T(i18n.KeySendAnyway)))
		b.WriteString("    ")
		b.WriteString(keyHint(s, k.c.Keys.Back, cat.T(i18n.KeyBack)))
	default:
		components.ParagraphTo(&b, s.Value, k.width, question)
		b.WriteString("\n\n  ")
		b.WriteString(keyHint(s, k.c.Keys.Confirm, cat.T(i18n.ConfirmSend)))
		b.WriteString("    ")
		b.WriteString(keyHint(s, k.c.Keys.Back, cat.T(i18n.KeyBack)))
	}
	if k.warn != "" {
		b.WriteByte('\n')
		components.ParagraphTo(&b, s.Warn, k.width, k.warn)
	}
	return b.String()
}

// ShortHelp lists the keys of the checkout.
func (k *Checkout) ShortHelp() []key.Binding {
	switch {
	case !k.checked || k.problem() != "":
		return []key.Binding{k.c.Keys.Back}
	case k.repeat != nil:
		return []key.Binding{k.c.Keys.SendAnyway, k.c.Keys.Back}
	}
	return []key.Binding{k.c.Keys.Confirm, k.c.Keys.Back}
}

// FullHelp is ShortHelp in one column.
func (k *Checkout) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// ShowsDeposit: the available deposit is in Checkout's body.
func (*Checkout) ShowsDeposit() bool { return false }
