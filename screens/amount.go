package screens

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage"
)

// Presets are the top up amounts on the number keys 1–6.
var Presets = []int64{20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000}

// TopUpAmount is step 3 of the top up: a preset (1–6) or a custom amount
// (7 or Tab, then digits), with the fee OVO deducts, what the customer
// receives and OVO's limits explained on the spot. Enter asks OVO again
// for the chosen amount and opens the checkout.
//
// What the screen shows is always what Enter sends: the custom field holds
// a value only while it is chosen (leaving it empties it), and an amount
// typed straight away ("25000") becomes a custom amount as soon as a digit
// shows it is no preset: digits 1–6 pick presets, and a following 0 (every
// amount ends in zeros) turns the digits typed so far into a custom amount.
type TopUpAmount struct {
	c       *Common
	probe   cashier.Quote // the inquiry for ProbeAmount: name, fee, limits
	preset  int           // selected preset, -1 for none
	typed   string        // digits typed on the presets since the last other key
	custom  field
	busy    Activity
	req     int
	errText string
	errHead string // the banner over errText
	note    string
}

// NewTopUpAmount returns the amount screen for the customer of probe.
func NewTopUpAmount(c *Common, probe cashier.Quote) *TopUpAmount {
	return &TopUpAmount{c: c, probe: probe, preset: -1, custom: newAmountField(), busy: NewActivity(c)}
}

// Init does nothing: the screen waits for the cashier.
func (a *TopUpAmount) Init() tea.Cmd { return nil }

// SetSize is a no-op: the screen fits any body of the minimum size.
func (a *TopUpAmount) SetSize(int, int) {}

// Reveal is called when the cashier comes back from the checkout.
func (a *TopUpAmount) Reveal() tea.Cmd { return a.busy.Restart() }

// amount is the amount chosen so far (0: none).
func (a *TopUpAmount) amount() int64 {
	if a.custom.focused {
		v, err := cashier.ParseAmount(a.custom.value)
		if err != nil {
			return 0
		}
		return v
	}
	if a.preset >= 0 {
		return Presets[a.preset]
	}
	return 0
}

// problem is why the chosen amount cannot go on ("" when it can).
func (a *TopUpAmount) problem() string {
	v := a.amount()
	if v == 0 {
		return ""
	}
	if err := a.probe.CheckLimits(v); err != nil {
		return a.c.Cat.Error(err)
	}
	return ""
}

// Update picks presets, edits the custom amount and sends the inquiry.
func (a *TopUpAmount) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	keys := a.c.Keys
	switch msg := msg.(type) {
	case inquiryMsg:
		if msg.id != a.req || !a.busy.Active() {
			return a, nil
		}
		a.busy.Stop()
		if msg.err != nil {
			a.errText, a.errHead = a.c.Cat.Error(msg.err), a.c.Cat.InquiryTitle(msg.err)
			return a, nil
		}
		return a, a.c.Push(NewCheckout(a.c, msg.quote))
	case tea.KeyMsg:
		if a.busy.Active() {
			if key.Matches(msg, keys.Back) {
				return a, a.c.Back()
			}
			return a, nil
		}
		a.note = ""
		if !isDigitKey(msg) {
			a.typed = ""
		}
		switch {
		case key.Matches(msg, keys.Back):
			if a.custom.focused {
				a.leaveCustom()
				return a, nil
			}
			return a, a.c.Back()
		case key.Matches(msg, keys.Enter):
			v := a.amount()
			if v == 0 || a.problem() != "" {
				return a, nil
			}
			a.errText = ""
			a.req = a.c.NextID()
			return a, tea.Batch(a.busy.Start(), a.c.inquiry(a.req, storage.KindTopUp, a.probe.Phone, v))
		}
		if a.custom.focused {
			switch {
			case msg.String() == "tab" || msg.String() == "shift+tab" || key.Matches(msg, keys.Up):
				a.leaveCustom()
				return a, nil
			}
			switch a.custom.key(msg) {
			case fieldRejected:
				a.note = a.c.Cat.T(i18n.AmountDigitsOnly)
			case fieldChanged:
				a.custom.value = strings.TrimLeft(a.custom.value, "0")
				a.errText = ""
			}
			return a, nil
		}
		switch {
		case key.Matches(msg, keys.Custom):
			a.custom.focused = true
			return a, nil
		case key.Matches(msg, keys.Up):
			a.preset = max(0, a.preset-1)
			return a, nil
		case key.Matches(msg, keys.Down):
			if a.preset == len(Presets)-1 {
				a.custom.focused = true
			} else {
				a.preset++
			}
			return a, nil
		}
		if n, err := strconv.Atoi(msg.String()); err == nil && n >= 1 && n <= len(Presets) {
			a.preset = n - 1
			a.typed += msg.String()
			a.errText = ""
			return a, nil
		}
		if msg.Type == tea.KeyRunes {
			// Digits 0, 8, 9 (or a paste) start a custom amount, carrying
			// the digits typed just before ("25" then "0" is 250…).
			a.custom.focused = true
			a.custom.value = a.typed
			a.typed = ""
			a.preset = -1
			if a.custom.key(msg) == fieldRejected {
				a.note = a.c.Cat.T(i18n.AmountDigitsOnly)
			}
			a.custom.value = strings.TrimLeft(a.custom.value, "0")
		}
		return a, nil
	}
	return a, a.busy.Update(msg)
}

// leaveCustom goes back to the presets; the custom value goes with it, so
// that nothing on screen differs from what Enter would send.
func (a *TopUpAmount) leaveCustom() {
	a.custom.focused = false
	a.custom.value = ""
	a.errText = ""
}

// isDigitKey reports whether m is one digit typed (not a paste).
func isDigitKey(m tea.KeyMsg) bool {
	return m.Type == tea.KeyRunes && !m.Paste && len(m.Runes) == 1 && m.Runes[0] >= '0' && m.Runes[0] <= '9'
}

// View shows the presets, the custom field and the money it makes.
func (a *TopUpAmount) View() string {
	s, cat := a.c.Styles, a.c.Cat
	q := a.probe
	head := detail(s, a.c.Width,
		row{cat.T(i18n.Customer), q.Phone + " · " + q.Name, true},
	)
	var grid strings.Builder
	for r := 0; r < 3; r++ {
		for col := 0; col < 2; col++ {
			i := col*3 + r
			mark := "  "
			text := keyHint(s, strconv.Itoa(i+1), cashier.Rupiah(Presets[i]))
			if i == a.preset && !a.custom.focused {
				mark = s.Selected.Render("> ")
				text = s.Selected.Render("["+strconv.Itoa(i+1)+"] "+cashier.Rupiah(Presets[i])) + " " + s.Selected.Render("<")
			}
			grid.WriteString(padRight("  "+mark+text, 30))
		}
		grid.WriteByte('\n')
	}
	mark := "  "
	if a.custom.focused {
		mark = s.Selected.Render("> ")
	}
	grid.WriteString("  " + mark + keyHint(s, "7", cat.T(i18n.CustomAmount)) + "  " + a.custom.view(s, 14))

	v := a.amount()
	var money, msgs []string
	if v > 0 {
		money = append(money, detail(s, a.c.Width,
			row{cat.T(i18n.Amount), cashier.Rupiah(v), true},
			row{cat.T(i18n.FeeDeducted), cashier.Rupiah(q.Fee), false},
			row{cat.T(i18n.CustomerReceives), cashier.Rupiah(max(0, v-q.Fee)), true},
		))
	}
	limits := ""
	if q.Min > 0 || q.Max > 0 {
		limits = s.Muted.Render("  " + cat.F(i18n.LimitsLine, cashier.Rupiah(q.Min), cashier.Rupiah(q.Max)))
	}
	if p := a.problem(); p != "" {
		msgs = append(msgs, s.Error.Render("  x "+p))
	} else if v > 0 && a.c.DepositKnown && v > a.c.Deposit.Available {
		msgs = append(msgs, s.Warn.Render("  ! "+cat.F(i18n.DepositLowWarn, cashier.Rupiah(a.c.Deposit.Available))))
	}
	if a.note != "" {
		msgs = append(msgs, s.Error.Render("  x "+a.note))
	}
	if a.busy.Active() {
		msgs = append(msgs, "  "+a.busy.View()+" "+cat.T(i18n.AskingOVO))
	}
	if a.errText != "" {
		msgs = append(msgs, banner(s, ToneError, a.errHead)+"\n"+paragraph(s.Error, a.c.Width, a.errText))
	}
	body := grid.String()
	if limits != "" {
		body += "\n\n" + limits
	}
	return join(title(s, cat.T(i18n.TopUpTitle)+" · "+cat.T(i18n.StepAmount)), head, body,
		strings.Join(money, "\n"), strings.Join(msgs, "\n"))
}

// ShortHelp lists the keys of the amount screen.
func (a *TopUpAmount) ShortHelp() []key.Binding {
	k := a.c.Keys
	if a.busy.Active() {
		return []key.Binding{k.Back}
	}
	if a.custom.focused {
		return []key.Binding{withHelp(k.Enter, a.c.Cat.T(i18n.KeyContinue)), withHelp(k.SwitchField, a.c.Cat.T(i18n.KeyPresets)), k.Back}
	}
	return []key.Binding{k.Presets, k.Custom, withHelp(k.Enter, a.c.Cat.T(i18n.KeyContinue)), k.Back}
}

// FullHelp is ShortHelp in one column.
func (a *TopUpAmount) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }
