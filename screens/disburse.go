package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// DisburseForm is the disbursement page: the phone number and the amount
// on one page. Enter on a valid phone moves to the amount; Enter on the
// amount asks OVO (inquiry) and opens the confirmation with the OVO
// account name. There is no local maximum: OVO's own refusal above its
// limit is what the cashier sees.
type DisburseForm struct {
	area
	c      Common
	phone  phoneInput
	amount field
	parsed parsedAmount       // amount, read
	note   string             // the amount field's last refusal
	ask    components.Request // the inquiry
}

// NewDisburseForm returns the empty disbursement form, phone focused.
func NewDisburseForm(c Common) *DisburseForm {
	d := &DisburseForm{c: c, phone: phoneInput{field: newPhoneField()}, amount: newAmountField(), ask: c.newRequest()}
	d.phone.Focus()
	return d
}

// Init does nothing: the form waits for the cashier.
func (d *DisburseForm) Init() tea.Cmd { return nil }

// Unsent reports whether anything is typed (quitting asks first).
func (d *DisburseForm) Unsent() bool { return d.phone.Value() != "" || d.amount.Value() != "" }

// Reveal is called when the cashier comes back from the confirmation.
func (d *DisburseForm) Reveal() tea.Cmd { return d.ask.Restart() }

func (d *DisburseForm) focusAmount(on bool) {
	d.amount.SetFocus(on)
	d.phone.SetFocus(!on)
}

// amountValue is the typed amount (0 when empty or unreadable).
func (d *DisburseForm) amountValue() int64 {
	v, err := d.parsed.parse(d.amount.Value())
	if err != nil {
		return 0
	}
	return v
}

// amountProblem says why the typed amount is no amount (ParseAmount's
// refusal, in words; for an empty field, what to do).
func (d *DisburseForm) amountProblem() string {
	_, err := d.parsed.parse(d.amount.Value())
	return d.c.Cat.Error(err)
}

// Update edits the two fields and sends the inquiry.
func (d *DisburseForm) Update(msg tea.Msg) (Next, tea.Cmd) {
	keys := d.c.Keys
	switch msg := msg.(type) {
	case inquiryMsg:
		if !d.ask.Answer(msg.id) {
			return Stay, nil
		}
		if msg.err != nil {
			d.ask.Fail(d.c.Cat.InquiryTitle(msg.err), d.c.Cat.Error(msg.err))
			return Stay, nil
		}
		return Push(NewCheckout(d.c, msg.quote)), nil
	case tea.KeyMsg:
		if key.Matches(msg, keys.Back) {
			return Back(), nil
		}
		if d.ask.Active() {
			return Stay, nil
		}
		switch {
		case key.Matches(msg, keys.SwitchField), key.Matches(msg, keys.Up), key.Matches(msg, keys.Down):
			d.focusAmount(!d.amount.Focused())
			return Stay, nil
		case key.Matches(msg, keys.Enter):
			phone, err := d.phone.normalized()
			d.phone.entered = true
			if err != nil {
				d.focusAmount(false)
				return Stay, nil
			}
			d.phone.SetValue(phone)
			v := d.amountValue()
			if !d.amount.Focused() {
				d.focusAmount(true)
				return Stay, nil
			}
			if v == 0 {
				d.note = d.amountProblem()
				return Stay, nil
			}
			id, tick := d.ask.Start()
			return Stay, tea.Batch(tick, d.c.inquiry(id, cashier.KindDisburse, phone, v))
		}
		if d.amount.Focused() {
			d.note = ""
			switch d.amount.Update(msg) {
			case fieldRejected:
				d.note = d.c.Cat.T(i18n.AmountDigitsOnly)
			case fieldChanged:
				d.ask.ClearError()
			}
			return Stay, nil
		}
		if d.phone.key(d.c.Cat, msg) {
			d.ask.ClearError()
		}
		return Stay, nil
	}
	return Stay, d.ask.Update(msg)
}

// View shows both fields with their live messages.
func (d *DisburseForm) View() string {
	s, cat := d.c.Styles, d.c.Cat
	amountLine := s.Muted.Render(cat.T(i18n.AmountHint))
	if v := d.amountValue(); v > 0 {
		amountLine = s.Strong.Render(cashier.Rupiah(v))
	} else if d.amount.Value() != "" {
		amountLine = d.refusal("x " + d.amountProblem())
	}
	if d.note != "" {
		amountLine = d.refusal("x " + d.note)
	}
	parts := []string{
		title(s, cat.T(i18n.DisburseTitle)),
		"  " + cat.T(i18n.PhoneLabel) + "\n  " + d.phone.View(s, 16) + "\n  " + d.phone.status(d.c),
		"  " + cat.T(i18n.DisburseAmountLabel) + "\n  " + d.amount.View(s, 16) + "\n  " + amountLine,
	}
	return join(append(parts, d.ask.Waiting(cat.T(i18n.AskingOVO)), d.ask.ErrorView(d.width))...)
}

// refusal is a line under the amount field, wrapped at the screen's width
// (the field's indent is added by View).
func (d *DisburseForm) refusal(text string) string {
	return strings.TrimPrefix(paragraph(d.c.Styles.Error, d.width, text), "  ")
}

// ShortHelp lists the form's keys.
func (d *DisburseForm) ShortHelp() []key.Binding {
	k := d.c.Keys
	if d.ask.Active() {
		return []key.Binding{k.Back}
	}
	return []key.Binding{withHelp(k.Enter, d.c.Cat.T(i18n.KeyContinue)), k.SwitchField, k.Back}
}

// FullHelp is ShortHelp in one column.
func (d *DisburseForm) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
