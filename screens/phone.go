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

// ProbeAmount is the amount of the first inquiry of a top up, made as soon
// as the phone number is valid: OVO's minimum, to learn the account name,
// the fee and the limits before the amount is chosen.
const ProbeAmount int64 = 10_000

// phoneInput is a phone field with its live message.
type phoneInput struct {
	field
	note string // the last refusal of a key ("digits only"), until the next key
	// entered is true once Enter was pressed on the number as it is: a
	// number too short for now is said to be so only then (while typing,
	// it may still be completed).
	entered bool
}

// normalized is the number in 08… form, or the error saying what is wrong.
func (p *phoneInput) normalized() (string, error) { return cashier.NormalizePhone(p.Value()) }

// key applies k; it reports whether the key was the field's.
func (p *phoneInput) key(cat *i18n.Catalog, k tea.KeyMsg) bool {
	p.note, p.entered = "", false
	switch p.field.Update(k) {
	case fieldIgnored:
		return false
	case fieldRejected:
		p.note = cat.T(i18n.PhoneDigitsOnly)
	case fieldFull:
		p.note = cat.F(i18n.PhoneLong, 10, 13)
	}
	return true
}

// status is the live line under the field: what is wrong, or the number
// that will be used.
func (p *phoneInput) status(c Common) string {
	s := c.Styles
	if p.note != "" {
		return s.Error.Render("x " + p.note)
	}
	if p.Value() == "" {
		return s.Muted.Render(c.Cat.T(i18n.PhoneHint))
	}
	n, err := p.normalized()
	if errors.Is(err, cashier.ErrPhoneShort) && !p.entered {
		return s.Muted.Render(c.Cat.F(i18n.PhoneKeepTyping, len(p.Value())))
	}
	if err != nil {
		return s.Error.Render("x " + c.Cat.Phone(err))
	}
	if n != p.Value() {
		return s.OK.Render(c.Cat.F(i18n.PhoneOKNormalized, n))
	}
	return s.OK.Render(c.Cat.T(i18n.PhoneOK))
}

// TopUpPhone is step 2 of the top up: the customer's phone number, checked
// as it is typed; Enter asks OVO for the account (an inquiry for
// ProbeAmount) and moves to the amount.
type TopUpPhone struct {
	area
	c     Common
	phone phoneInput
	ask   components.Request // the inquiry

}

// NewTopUpPhone returns the phone screen, empty.
func NewTopUpPhone(c Common) *TopUpPhone {
	p := &TopUpPhone{c: c, phone: phoneInput{field: newPhoneField()}, ask: c.newRequest()}
	p.phone.Focus()
	return p
}

// Init does nothing: the screen waits for the cashier.
func (p *TopUpPhone) Init() tea.Cmd { return nil }

// Unsent reports whether a number is typed (quitting asks first).
func (p *TopUpPhone) Unsent() bool { return p.phone.Value() != "" }

// Reveal is called when the cashier comes back from the amount screen.
func (p *TopUpPhone) Reveal() tea.Cmd { return p.ask.Restart() }

// Update takes digits, Backspace, Enter (inquiry when valid) and Esc.
func (p *TopUpPhone) Update(msg tea.Msg) (Next, tea.Cmd) {
	keys := p.c.Keys
	switch msg := msg.(type) {
	case inquiryMsg:
		if !p.ask.Answer(msg.id) {
			return Stay, nil
		}
		if msg.err != nil {
			p.ask.Fail(p.c.Cat.InquiryTitle(msg.err), p.c.Cat.Error(msg.err))
			return Stay, nil
		}
		return Push(NewTopUpAmount(p.c, msg.quote)), nil
	case tea.KeyMsg:
		if key.Matches(msg, keys.Back) {
			return Back(), nil
		}
		if p.ask.Active() {
			return Stay, nil
		}
		if key.Matches(msg, keys.Enter) {
			n, err := p.phone.normalized()
			p.phone.entered = true
			if err != nil {
				return Stay, nil // the live message already says why
			}
			p.phone.SetValue(n)
			id, tick := p.ask.Start()
			return Stay, tea.Batch(tick, p.c.inquiry(id, cashier.KindTopUp, n, ProbeAmount))
		}
		if p.phone.key(p.c.Cat, msg) {
			p.ask.ClearError()
		}
		return Stay, nil
	}
	return Stay, p.ask.Update(msg)
}

// View shows the field, its live message and OVO's answer.
func (p *TopUpPhone) View() string {
	s, cat := p.c.Styles, p.c.Cat
	// One builder, as join(title, field, waiting, error) stacked them.
	var b strings.Builder
	phoneSize.grow(&b)
	defer phoneSize.keep(&b)
	s.Title.RenderTo(&b, cat.T(i18n.TopUpTitle)+" · "+cat.T(i18n.StepPhone))
	b.WriteString("\n\n  ")
	b.WriteString(cat.T(i18n.PhoneLabel))
	b.WriteString("\n  ")
	p.phone.ViewTo(&b, s, 16)
	b.WriteString("\n  ")
	b.WriteString(p.phone.status(p.c))
	for _, m := range [...]string{p.ask.Waiting(cat.T(i18n.AskingOVO)), p.ask.ErrorView(p.width)} {
		if m != "" {
			b.WriteString("\n\n")
			b.WriteString(m)
		}
	}
	return b.String()
}

// ShortHelp lists the keys of the phone screen.
func (p *TopUpPhone) ShortHelp() []key.Binding {
	k := p.c.Keys
	if p.ask.Active() {
		return []key.Binding{k.Back}
	}
	return []key.Binding{withHelp(k.Enter, p.c.Cat.T(i18n.KeyContinue)), k.Back}
}

// FullHelp is ShortHelp in one column.
func (p *TopUpPhone) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// withHelp is b with another description.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
