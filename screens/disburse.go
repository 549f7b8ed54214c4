package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// DisburseForm is the disbursement page: the phone number and the amount
// on one page. Enter on a valid phone moves to the amount; Enter on the
// amount asks OVO (inquiry) and opens the confirmation with the OVO
// account name. There is no local maximum: OVO's own refusal above its
// limit is what the cashier sees.
type DisburseForm struct {
	c       *Common
	phone   phoneInput
	amount  field
	note    string // the amount field's last refusal
	busy    Activity
	req     int
	errText string
	errHead string // the banner over errText
}

// NewDisburseForm returns the empty disbursement form, phone focused.
func NewDisburseForm(c *Common) *DisburseForm {
	d := &DisburseForm{c: c, phone: phoneInput{field: newPhoneField()}, amount: newAmountField(), busy: NewActivity(c)}
	d.phone.focused = true
	return d
}

// Init does nothing: the form waits for the cashier.
func (d *DisburseForm) Init() tea.Cmd { return nil }

// Unsent reports whether anything is typed (quitting asks first).
func (d *DisburseForm) Unsent() bool { return d.phone.value != "" || d.amount.value != "" }

// SetSize is a no-op: the form fits any body of the minimum size.
func (d *DisburseForm) SetSize(int, int) {}

// Reveal is called when the cashier comes back from the confirmation.
func (d *DisburseForm) Reveal() tea.Cmd { return d.busy.Restart() }

func (d *DisburseForm) focusAmount(on bool) {
	d.amount.focused, d.phone.focused = on, !on
}

// amountValue is the typed amount (0 when empty or unreadable).
func (d *DisburseForm) amountValue() int64 {
	v, err := cashier.ParseAmount(d.amount.value)
	if err != nil {
		return 0
	}
	return v
}

// amountProblem says why the typed amount is no amount (ParseAmount's
// refusal, in words; for an empty field, what to do).
func (d *DisburseForm) amountProblem() string {
	_, err := cashier.ParseAmount(d.amount.value)
	return d.c.Cat.Error(err)
}

// Update edits the two fields and sends the inquiry.
func (d *DisburseForm) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	keys := d.c.Keys
	switch msg := msg.(type) {
	case inquiryMsg:
		if msg.id != d.req || !d.busy.Active() {
			return d, nil
		}
		d.busy.Stop()
		if msg.err != nil {
			d.errText, d.errHead = d.c.Cat.Error(msg.err), d.c.Cat.InquiryTitle(msg.err)
			return d, nil
		}
		return d, d.c.Push(NewCheckout(d.c, msg.quote))
	case tea.KeyMsg:
		if key.Matches(msg, keys.Back) {
			return d, d.c.Back()
		}
		if d.busy.Active() {
			return d, nil
		}
		switch {
		case key.Matches(msg, keys.SwitchField), key.Matches(msg, keys.Up), key.Matches(msg, keys.Down):
			d.focusAmount(!d.amount.focused)
			return d, nil
		case key.Matches(msg, keys.Enter):
			phone, err := d.phone.normalized()
			d.phone.entered = true
			if err != nil {
				d.focusAmount(false)
				return d, nil
			}
			d.phone.set(phone)
			v := d.amountValue()
			if !d.amount.focused {
				d.focusAmount(true)
				return d, nil
			}
			if v == 0 {
				d.note = d.amountProblem()
				return d, nil
			}
			d.errText = ""
			d.req = d.c.NextID()
			return d, tea.Batch(d.busy.Start(), d.c.inquiry(d.req, cashier.KindDisburse, phone, v))
		}
		if d.amount.focused {
			d.note = ""
			switch d.amount.key(msg) {
			case fieldRejected:
				d.note = d.c.Cat.T(i18n.AmountDigitsOnly)
			case fieldChanged:
				d.errText = ""
			}
			return d, nil
		}
		if d.phone.key(d.c.Cat, msg) {
			d.errText = ""
		}
		return d, nil
	}
	return d, d.busy.Update(msg)
}

// View shows both fields with their live messages.
func (d *DisburseForm) View() string {
	s, cat := d.c.Styles, d.c.Cat
	amountLine := s.Muted.Render(cat.T(i18n.AmountHint))
	if v := d.amountValue(); v > 0 {
		amountLine = s.Strong.Render(cashier.Rupiah(v))
	} else if d.amount.value != "" {
		amountLine = d.refusal("x " + d.amountProblem())
	}
	if d.note != "" {
		amountLine = d.refusal("x " + d.note)
	}
	parts := []string{
		title(s, cat.T(i18n.DisburseTitle)),
		"  " + cat.T(i18n.PhoneLabel) + "\n  " + d.phone.view(s, 16) + "\n  " + d.phone.status(d.c),
		"  " + cat.T(i18n.DisburseAmountLabel) + "\n  " + d.amount.view(s, 16) + "\n  " + amountLine,
	}
	if d.busy.Active() {
		parts = append(parts, "  "+d.busy.View()+" "+cat.T(i18n.AskingOVO))
	}
	if d.errText != "" {
		parts = append(parts, banner(s, ToneError, d.errHead)+"\n"+paragraph(s.Error, d.c.Width, d.errText))
	}
	return join(parts...)
}

// refusal is a line under the amount field, wrapped at the screen's width
// (the field's indent is added by View).
func (d *DisburseForm) refusal(text string) string {
	return strings.TrimPrefix(paragraph(d.c.Styles.Error, d.c.Width, text), "  ")
}

// ShortHelp lists the form's keys.
func (d *DisburseForm) ShortHelp() []key.Binding {
	k := d.c.Keys
	if d.busy.Active() {
		return []key.Binding{k.Back}
	}
	return []key.Binding{withHelp(k.Enter, d.c.Cat.T(i18n.KeyContinue)), k.SwitchField, k.Back}
}

// FullHelp is ShortHelp in one column.
func (d *DisburseForm) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
