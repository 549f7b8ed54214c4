package screens

import (
	"errors"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
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
func (p *phoneInput) normalized() (string, error) { return cashier.NormalizePhone(p.value) }

// key applies k; it reports whether the key was the field's.
func (p *phoneInput) key(cat *i18n.Catalog, k tea.KeyMsg) bool {
	p.note, p.entered = "", false
	switch p.field.key(k) {
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
func (p *phoneInput) status(c *Common) string {
	s := c.Styles
	if p.note != "" {
		return s.Error.Render("x " + p.note)
	}
	if p.value == "" {
		return s.Muted.Render(c.Cat.T(i18n.PhoneHint))
	}
	n, err := p.normalized()
	if errors.Is(err, cashier.ErrPhoneShort) && !p.entered {
		return s.Muted.Render(c.Cat.F(i18n.PhoneKeepTyping, len(p.value)))
	}
	if err != nil {
		return s.Error.Render("x " + c.Cat.Phone(err))
	}
	if n != p.value {
		return s.OK.Render(c.Cat.F(i18n.PhoneOKNormalized, n))
	}
	return s.OK.Render(c.Cat.T(i18n.PhoneOK))
}

// TopUpPhone is step 2 of the top up: the customer's phone number, checked
// as it is typed; Enter asks OVO for the account (an inquiry for
// ProbeAmount) and moves to the amount.
type TopUpPhone struct {
	c       *Common
	phone   phoneInput
	busy    Activity
	req     int
	errText string
	errHead string // the banner over errText
}

// NewTopUpPhone returns the phone screen, empty.
func NewTopUpPhone(c *Common) *TopUpPhone {
	p := &TopUpPhone{c: c, phone: phoneInput{field: newPhoneField()}, busy: NewActivity(c)}
	p.phone.focused = true
	return p
}

// Init does nothing: the screen waits for the cashier.
func (p *TopUpPhone) Init() tea.Cmd { return nil }

// Unsent reports whether a number is typed (quitting asks first).
func (p *TopUpPhone) Unsent() bool { return p.phone.value != "" }

// SetSize is a no-op: the screen fits any body of the minimum size.
func (p *TopUpPhone) SetSize(int, int) {}

// Reveal is called when the cashier comes back from the amount screen.
func (p *TopUpPhone) Reveal() tea.Cmd { return p.busy.Restart() }

// Update takes digits, Backspace, Enter (inquiry when valid) and Esc.
func (p *TopUpPhone) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	keys := p.c.Keys
	switch msg := msg.(type) {
	case inquiryMsg:
		if msg.id != p.req || !p.busy.Active() {
			return p, nil
		}
		p.busy.Stop()
		if msg.err != nil {
			p.errText, p.errHead = p.c.Cat.Error(msg.err), p.c.Cat.InquiryTitle(msg.err)
			return p, nil
		}
		return p, p.c.Push(NewTopUpAmount(p.c, msg.quote))
	case tea.KeyMsg:
		if key.Matches(msg, keys.Back) {
			return p, p.c.Back()
		}
		if p.busy.Active() {
			return p, nil
		}
		if key.Matches(msg, keys.Enter) {
			n, err := p.phone.normalized()
			p.phone.entered = true
			if err != nil {
				return p, nil // the live message already says why
			}
			p.phone.set(n)
			p.errText = ""
			p.req = p.c.NextID()
			return p, tea.Batch(p.busy.Start(), p.c.inquiry(p.req, cashier.KindTopUp, n, ProbeAmount))
		}
		if p.phone.key(p.c.Cat, msg) {
			p.errText = ""
		}
		return p, nil
	}
	return p, p.busy.Update(msg)
}

// View shows the field, its live message and OVO's answer.
func (p *TopUpPhone) View() string {
	s, cat := p.c.Styles, p.c.Cat
	parts := []string{
		title(s, cat.T(i18n.TopUpTitle)+" · "+cat.T(i18n.StepPhone)),
		"  " + cat.T(i18n.PhoneLabel) + "\n  " + p.phone.view(s, 16) + "\n  " + p.phone.status(p.c),
	}
	if p.busy.Active() {
		parts = append(parts, "  "+p.busy.View()+" "+cat.T(i18n.AskingOVO))
	}
	if p.errText != "" {
		parts = append(parts, banner(s, ToneError, p.errHead)+"\n"+paragraph(s.Error, p.c.Width, p.errText))
	}
	return join(parts...)
}

// ShortHelp lists the keys of the phone screen.
func (p *TopUpPhone) ShortHelp() []key.Binding {
	k := p.c.Keys
	if p.busy.Active() {
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
