package screens

import (
	"errors"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"

	"github.com/ovocashier/ovocashier/screens/components"
)

// detailByConcat is detail as it was drawn by concatenating strings: the
// reference detailTo must match byte for byte.
func detailByConcat(s *Styles, width int, rows ...row) string {
	lw := 0
	for _, r := range rows {
		lw = max(lw, components.Width(r.label))
	}
	vw := max(10, width-lw-4)
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		label := s.Label.Render(padRight(r.label, lw))
		st := s.Value
		if r.strong {
			st = s.Strong
		}
		for j, l := range wrapText(r.value, vw) {
			if j == 0 {
				b.WriteString("  " + label + "  " + st.Render(l))
			} else {
				b.WriteString("\n  " + strings.Repeat(" ", lw) + "  " + st.Render(l))
			}
		}
	}
	return b.String()
}

func TestDetailDrawsLikeConcatenation(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	colour := NewStyles(r)
	long := "a value long enough to wrap under itself at the narrow widths, twice over"
	rows := []row{
		{"Name", "Budi Santoso", true},
		{"", "", false},
		{"Partner reference", long, false},
		{"Blank", strings.Repeat(" ", 90), false},
		{"Tab", "a\tb", true},
		{"Wide", "日本語のテキスト日本語のテキスト", true},
	}
	for _, s := range []*Styles{goldenCommon("en").Styles, colour} {
		for _, w := range []int{0, 20, 40, 80, 200} {
			for n := range len(rows) + 1 {
				if got, want := detail(s, w, rows[:n]...), detailByConcat(s, w, rows[:n]...); got != want {
					t.Errorf("width %d, %d rows:\n%q\nwant\n%q", w, n, got, want)
				}
			}
		}
	}
}

func TestJoinSkipsEmptyBlocks(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"", ""}, ""},
		{[]string{"a"}, "a"},
		{[]string{"", "a", "", "b\nc", ""}, "a\n\nb\nc"},
		{[]string{"a", "b", "c"}, "a\n\nb\n\nc"},
	} {
		if got := join(c.in...); got != c.want {
			t.Errorf("join(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The presets' grids shared by every amount screen follow what they are
// drawn from: each view equals the view drawn with the shared grids
// dropped, across screens with another preset selected, an amount typed,
// another language and other colours, in any order. (Not parallel: it
// swaps the shared grids.)
func TestPresetGridsFollowTheirInputs(t *testing.T) {
	q := cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	colour := testCommon("en")
	colour.Styles = NewStyles(r)
	views := 0
	check := func(what string, a *TopUpAmount) {
		t.Helper()
		got := a.View()
		shared := presetGrids // put back after the fresh view
		presetGrids = components.NewMemo[presetGridKey](1024)
		a.static = amountStatic{}
		want := a.View()
		presetGrids = shared
		if got != want {
			t.Fatalf("%s:\n%s\ndrawn afresh:\n%s", what, got, want)
		}
		views++
	}
	for range 2 { // the second round finds the grids of the first
		for _, c := range []Common{testCommon("en"), testCommon("id"), colour} {
			a := sized(NewTopUpAmount(c, q))
			check("empty", a)
			a.Update(keyOf(tea.KeyF3))
			check("F3", a)
			b := sized(NewTopUpAmount(c, q))
			check("another screen, empty", b)
			a.Update(keyOf(tea.KeyDown))
			check("F3 then ↓", a)
			a.Update(runes("5"))
			check("typed over F4", a)
			b.Update(keyOf(tea.KeyF1))
			check("another screen, F1", b)
		}
	}
	if views != 36 {
		t.Fatalf("%d views", views)
	}
}

// checkoutByJoin is Checkout.View as it was drawn by joining strings: the
// reference the one-builder View must match byte for byte.
func checkoutByJoin(k *Checkout) string {
	s, cat := k.c.Styles, k.c.Cat
	q := k.quote
	head := cat.T(i18n.TopUpTitle) + " · " + cat.T(i18n.StepCheckout)
	question := cat.T(i18n.CheckoutQuestion)
	if q.Kind == cashier.KindDisburse {
		head = cat.T(i18n.DisburseTitle) + " · " + cat.T(i18n.StepConfirm)
		question = cat.T(i18n.DisburseQuestion)
	}
	rows := []row{
		{cat.T(i18n.AccountName), q.Name, true},
		{cat.T(i18n.Phone), q.Phone, true},
		{cat.T(i18n.Amount), cashier.Rupiah(q.Amount), true},
		{cat.T(i18n.FeeDeducted), cashier.Rupiah(q.Fee), false},
		{cat.T(i18n.CustomerReceives), cashier.Rupiah(q.Receive()), true},
		cashRow(k.c, q.CashToCollect()),
	}
	if k.dep.Known() {
		rows = append(rows, row{cat.T(i18n.DepositAvailable), cashier.Rupiah(k.dep.Deposit.Available), false})
	}
	var tail string
	switch p := k.problem(); {
	case p != "":
		tail = banner(s, ToneError, cat.T(i18n.KnownRefusalHead)) + "\n" + paragraph(s.Error, k.width, p) +
			"\n\n  " + keyHint(s, k.c.Keys.Back, cat.T(i18n.KeyBack))
	case !k.checked:
		tail = paragraph(s.Value, k.width, question)
	case k.repeat != nil:
		tail = banner(s, TonePending, "!") + "\n" + paragraph(s.Warn, k.width, cat.Repeat(k.repeat)) + "\n\n  " +
			keyHint(s, k.c.Keys.SendAnyway, cat.T(i18n.KeySendAnyway)) + "    " + keyHint(s, k.c.Keys.Back, cat.T(i18n.KeyBack))
	default:
		tail = paragraph(s.Value, k.width, question) + "\n\n  " +
			keyHint(s, k.c.Keys.Confirm, cat.T(i18n.ConfirmSend)) + "    " + keyHint(s, k.c.Keys.Back, cat.T(i18n.KeyBack))
	}
	if k.warn != "" {
		tail += "\n" + paragraph(s.Warn, k.width, k.warn)
	}
	return join(title(s, head), detail(s, k.width, rows...), tail)
}

func TestCheckoutDrawsLikeJoin(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	colour := goldenCommon("id")
	colour.Styles = NewStyles(r)
	q := cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}
	d := q
	d.Kind = cashier.KindDisburse
	repeat := &cashier.RepeatError{}
	n := 0
	for _, c := range []Common{goldenCommon("en"), colour} {
		for _, quote := range []cashier.Quote{q, d} {
			for _, amount := range []int64{50_000, 20_000_000, 60_000_000} {
				for _, w := range []int{40, 80} {
					k := NewCheckout(c, quote)
					k.quote.Amount = amount
					k.SetSize(w, 20)
					k.Init()
					states := []tea.Msg{nil, knownDep, repeatMsg{id: k.req, err: errors.New("the ledger could not be read")}}
					if amount == 50_000 {
						states[2] = repeatMsg{id: k.req, err: repeat}
					}
					for _, m := range states {
						if m != nil {
							k.Update(m)
						}
						if got, want := k.View(), checkoutByJoin(k); got != want {
							t.Fatalf("%v %d at %d after %#v:\n%q\nwant\n%q", quote.Kind, amount, w, m, got, want)
						}
						n++
					}
				}
			}
		}
	}
	if n != 72 {
		t.Fatalf("%d views", n)
	}
}

// Every screen of the goldens, drawn one after the other in both languages,
// at two widths, in two colour profiles, with receipts saved on the machine
// and not (s among a result's keys), draws what it draws with the drawings
// shared between sessions (presetGrids, resultKeys) dropped: each shared
// drawing is keyed by everything it depends on. (Not parallel: it swaps the
// shared drawings.)
func TestSharedDrawingsFollowTheirInputs(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	colour := NewStyles(r)
	n := 0
	for _, w := range []int{80, 44} {
		for _, lang := range []string{"id", "en"} {
			for i, st := range []*Styles{nil, colour, nil, colour} {
				for _, bc := range bodyCases() {
					c := goldenCommon(lang)
					if st != nil {
						c.Styles = st
					}
					if i >= 2 { // receipts saved on this machine: s among the result's keys
						c.ReceiptDir = "receipts"
					}
					s := bc.drive(c)
					s.SetSize(w, testHeight)
					got := s.View()
					grids, keys := presetGrids, resultKeys
					presetGrids, resultKeys = components.NewMemo[presetGridKey](1024), components.NewMemo[resultKeysKey](1024)
					if a, ok := s.(*TopUpAmount); ok {
						a.static = amountStatic{}
					}
					want := s.View()
					presetGrids, resultKeys = grids, keys
					if got != want {
						t.Fatalf("%s/%s %s at %d:\n%s\ndrawn afresh:\n%s", bc.screen, bc.name, lang, w, got, want)
					}
					n++
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d views", n)
	}
}
