package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Presets are the top up amounts on the keys F1–F6.
var Presets = []int64{20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000}

// TopUpAmount is step 3 of the top up: the amount, typed as digits or
// chosen from the presets on F1–F6 (or ↑/↓), with the fee OVO deducts,
// what the customer receives and OVO's limits explained on the spot. Enter
// asks OVO again for the chosen amount and opens the checkout.
//
// Digits always type the amount: the first digit on an empty amount starts
// it, so no digit is ever taken as a preset, at any typing pace. The typed
// text is read by cashier.ParseAmount, the parser of the command line:
// thousands dots and a zero fraction are accepted, anything else ("12.5")
// is refused with its reason, never guessed. Presets act only while nothing
// is typed. What the screen shows is always what Enter sends.
type TopUpAmount struct {
	area
	c      Common
	probe  cashier.Quote // the inquiry for ProbeAmount: name, fee, limits
	preset int           // selected preset, -1 for none
	custom field
	parsed parsedAmount       // custom, read
	static amountStatic       // drawn once per width, preset and typing
	help   [3][]key.Binding   // ShortHelp's lists: asking OVO, typing, choosing
	ask    components.Request // the inquiry for the amount
	note   string
	dep    DepositMsg // the latest deposit the shell gave
}

// NewTopUpAmount returns the amount screen for the customer of probe.
func NewTopUpAmount(c Common, probe cashier.Quote) *TopUpAmount {
	a := &TopUpAmount{c: c, probe: probe, preset: -1, custom: newAmountField(), ask: c.newRequest()}
	a.custom.Focus()
	return a
}

// Init does nothing: the screen waits for the cashier.
func (a *TopUpAmount) Init() tea.Cmd { return nil }

// Reveal is called when the cashier comes back from the checkout.
func (a *TopUpAmount) Reveal() tea.Cmd { return a.ask.Restart() }

// Unsent reports whether the screen holds an amount not yet sent.
func (a *TopUpAmount) Unsent() bool { return a.custom.Value() != "" || a.preset >= 0 }

// typing reports whether a custom amount is being typed.
func (a *TopUpAmount) typing() bool { return a.custom.Value() != "" }

// amount is the amount chosen so far (0: none, or typed text ParseAmount
// refuses).
func (a *TopUpAmount) amount() int64 {
	if a.typing() {
		v, err := a.parsed.parse(a.custom.Value())
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

// problem is why the chosen amount cannot go on ("" when it can): the
// typed text is no amount, or it is outside OVO's limits, or the deposit
// cannot cover it.
func (a *TopUpAmount) problem() string {
	if a.typing() {
		if _, err := a.parsed.parse(a.custom.Value()); err != nil {
			return a.c.Cat.Error(err)
		}
	}
	v := a.amount()
	if v == 0 {
		return ""
	}
	q := a.probe
	q.Amount = v
	return a.c.Cat.Error(knownRefusal(q, a.dep))
}

// presetKey is the index of the preset of key m, -1 for none.
func (a *TopUpAmount) presetKey(m components.Pressed) int {
	for i, b := range a.c.Keys.Preset {
		if key.Matches(m, b) {
			return i
		}
	}
	return -1
}

// Update picks presets, edits the custom amount and sends the inquiry.
func (a *TopUpAmount) Update(msg tea.Msg) (Next, tea.Cmd) {
	keys := a.c.Keys
	switch msg := msg.(type) {
	case DepositMsg:
		a.dep = msg
		return Stay, nil
	case inquiryMsg:
		if !a.ask.Answer(msg.id) {
			return Stay, nil
		}
		if msg.err != nil {
			a.ask.Fail(a.c.Cat.InquiryTitle(msg.err), a.c.Cat.Error(msg.err))
			return Stay, nil
		}
		return Push(NewCheckout(a.c, msg.quote)), nil
	case tea.KeyMsg:
		p := components.Press(msg) // named once for every binding below
		if a.ask.Active() {
			if key.Matches(p, keys.Back) {
				return Back(), nil
			}
			return Stay, nil
		}
		a.note = ""
		switch {
		case key.Matches(p, keys.Back):
			return Back(), nil
		case key.Matches(p, keys.Enter):
			v := a.amount()
			if v == 0 && a.problem() == "" {
				a.note = a.c.Cat.T(i18n.AmountEmptyTopUp)
				return Stay, nil
			}
			if v == 0 || a.problem() != "" {
				return Stay, nil
			}
			id, tick := a.ask.Start()
			return Stay, tea.Batch(tick, a.c.inquiry(id, cashier.KindTopUp, a.probe.Phone, v))
		}
		if i := a.presetKey(p); i >= 0 || key.Matches(p, keys.Up) || key.Matches(p, keys.Down) {
			if a.typing() {
				a.note = a.c.Cat.T(i18n.PresetWhileTyping)
				return Stay, nil
			}
			a.ask.ClearError()
			switch {
			case i >= 0:
				a.preset = i
			case key.Matches(p, keys.Up):
				a.preset = max(0, a.preset-1)
			default:
				a.preset = min(len(Presets)-1, a.preset+1)
			}
			return Stay, nil
		}
		switch a.custom.Update(msg) {
		case fieldRejected:
			a.note = a.c.Cat.T(i18n.AmountDigitsOnly)
		case fieldChanged:
			a.preset = -1 // a typed amount replaces the preset
			a.ask.ClearError()
		}
		return Stay, nil
	}
	return Stay, a.ask.Update(msg)
}

// amountStatic is what the amount screen draws the same way at every key
// typed (its title and customer, the presets, OVO's limits), kept with
// what it was drawn from.
type amountStatic struct {
	width, preset int
	typing        bool
	top, presets  string
	limits        string
}

// View shows the presets, the typed amount and the money it makes.
func (a *TopUpAmount) View() string {
	s, cat := a.c.Styles, a.c.Cat
	q := a.probe
	st := &a.static
	if st.top == "" || st.width != a.width || st.preset != a.preset || st.typing != a.typing() {
		*st = amountStatic{width: a.width, preset: a.preset, typing: a.typing()}
		st.top = title(s, cat.T(i18n.TopUpTitle)+" · "+cat.T(i18n.StepAmount)) + "\n\n" + detail(s, a.width,
			row{cat.T(i18n.Customer), q.Phone + " · " + q.Name, true},
		)
		selected := a.preset
		if a.typing() {
			selected = -1
		}
		st.presets = presetGrid(s, cat, a.c.Keys, selected)
		if q.Min > 0 || q.Max > 0 {
			st.limits = s.Muted.Render("  " + cat.F(i18n.LimitsLine, cashier.Rupiah(q.Min), cashier.Rupiah(q.Max)))
		}
	}
	// One builder, in the order join would stack the blocks: the title
	// and customer, the amount typed with the presets (and the limits),
	// the money it makes, the messages.
	var b strings.Builder
	amountSize.grow(&b)
	defer amountSize.keep(&b)
	b.WriteString(st.top)
	b.WriteString("\n\n  ")
	b.WriteString(cat.T(i18n.AmountTypeLabel))
	b.WriteString("  ")
	a.custom.ViewTo(&b, s, 14)
	b.WriteString("\n\n")
	b.WriteString(st.presets)
	if st.limits != "" {
		b.WriteString("\n\n")
		b.WriteString(st.limits)
	}
	if v := a.amount(); v > 0 {
		b.WriteString("\n\n")
		detailTo(&b, s, a.width,
			row{cat.T(i18n.Amount), cashier.Rupiah(v), true},
			row{cat.T(i18n.FeeDeducted), cashier.Rupiah(q.Fee), false},
			row{cat.T(i18n.CustomerReceives), cashier.Rupiah(cashier.Received(v, q.Fee)), true},
		)
	}
	sep := "\n\n" // before the first message, "\n" between them
	for _, e := range [...]string{a.problem(), a.note} {
		if e != "" {
			b.WriteString(sep)
			components.ParagraphTo(&b, s.Error, a.width, "x "+e)
			sep = "\n"
		}
	}
	for _, m := range [...]string{a.ask.Waiting(cat.T(i18n.AskingOVO)), a.ask.ErrorView(a.width)} {
		if m != "" {
			b.WriteString(sep)
			b.WriteString(m)
			sep = "\n"
		}
	}
	return b.String()
}

// presetGrids are the presets' grids drawn, shared by every amount screen
// of the process: a grid depends only on the theme, the language, the
// keys, the amounts and the one shown selected.
var presetGrids = components.NewMemo[presetGridKey](1024)

type presetGridKey struct {
	styles   *Styles
	lang     string
	keys     [6]string // the keys' help ("F1"…)
	amounts  [6]int64
	selected int
}

// presetGrid is the presets on F1–F6 in two columns, selected (-1: none)
// marked.
func presetGrid(s *Styles, cat *i18n.Catalog, keys *KeyMap, selected int) string {
	k := presetGridKey{styles: s, lang: cat.Lang(), selected: selected}
	copy(k.amounts[:], Presets)
	for i, b := range keys.Preset {
		k.keys[i] = b.Help().Key
	}
	return presetGrids.Get(k, func() string {
		var grid strings.Builder
		for r := 0; r < 3; r++ {
			for col := 0; col < 2; col++ {
				i := col*3 + r
				b := keys.Preset[i]
				mark := "  "
				text := keyHint(s, b, cashier.Rupiah(k.amounts[i]))
				if i == selected {
					mark = s.Selected.Render("> ")
					text = s.Selected.Render("["+b.Help().Key+"] "+cashier.Rupiah(k.amounts[i])) + " " + s.Selected.Render("<")
				}
				grid.WriteString(padRight("  "+mark+text, 30))
			}
			if r < 2 {
				grid.WriteByte('\n')
			}
		}
		return grid.String()
	})
}

// ShortHelp lists the keys of the amount screen.
// The lists are made once per screen (asked at every frame) and must not
// be changed by the caller.
func (a *TopUpAmount) ShortHelp() []key.Binding {
	k := a.c.Keys
	if a.help[0] == nil {
		enter := withHelp(k.Enter, a.c.Cat.T(i18n.KeyContinue))
		a.help = [3][]key.Binding{{k.Back}, {enter, k.Back}, {k.Presets, enter, k.Back}}
	}
	switch {
	case a.ask.Active():
		return a.help[0]
	case a.typing():
		return a.help[1]
	}
	return a.help[2]
}

// FullHelp is ShortHelp in one column.
func (a *TopUpAmount) FullHelp() [][]key.Binding { return [][]key.Binding{a.ShortHelp()} }

// ShowsDeposit: the available deposit is in TopUpAmount's body.
func (*TopUpAmount) ShowsDeposit() bool { return false }
