package screens

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// testCommon is a session without a service: enough for what Update and
// View decide on their own (commands are returned, never run). Its Sender
// records what was sent.
func testCommon(lang string) Common {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetColorProfile(termenv.Ascii)
	cat := i18n.New(lang)
	return Common{Cat: cat, Styles: NewStyles(r), Keys: NewKeyMap(cat), Static: true, Operator: "siti", Sender: &fakeSender{}}
}

// The body area of the screens under test (an 80×24 terminal less the
// shell's header and footer).
const testWidth, testHeight = 80, 20

// sized is s given the test body area, as the shell sizes a screen it shows.
func sized[S Screen](s S) S {
	s.SetSize(testWidth, testHeight)
	return s
}

// fakeSender records the ids of the orders sent; the calls never run.
type fakeSender struct{ sent []int }

func (f *fakeSender) Send(id int, _ cashier.Order) tea.Cmd {
	f.sent = append(f.sent, id)
	return func() tea.Msg { return nil }
}

// sent is how many orders c's Sender was asked to send.
func sent(c Common) int { return len(c.Sender.(*fakeSender).sent) }

// next is what s wants after msg.
func next(s Screen, msg tea.Msg) Next {
	n, _ := s.Update(msg)
	return n
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
func paste(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true} }

var enter = tea.KeyMsg{Type: tea.KeyEnter}

func typeInto(s Screen, text string) {
	for _, r := range text {
		s.Update(runes(string(r)))
	}
}

func TestPhoneFieldTakesDigitsAndNormalisesPastes(t *testing.T) {
	f := newPhoneField()
	for _, r := range "08a1+2 3" {
		f.Update(runes(string(r)))
	}
	if f.Value() != "08123" {
		t.Fatalf("typed: %q", f.Value())
	}
	for in, want := range map[string]string{
		"+62 812-3456-7890": "081234567890",
		"6281234567890":     "081234567890",
		"(0812) 3456.7890":  "081234567890",
	} {
		f := newPhoneField()
		if r := f.Update(paste(in)); r != fieldChanged || f.Value() != want {
			t.Errorf("paste %q: %v %q, want %q", in, r, f.Value(), want)
		}
	}
	f = newPhoneField()
	if r := f.Update(paste("0812-abc")); r != fieldRejected || f.Value() != "" {
		t.Errorf("a paste with letters: %v %q", r, f.Value())
	}
	f.SetValue("0812345678901")
	if r := f.Update(runes("2")); r != fieldFull {
		t.Errorf("14th digit: %v", r)
	}
}

func TestAmountPaste(t *testing.T) {
	f := newAmountField()
	if f.Update(paste("Rp 50.000")); f.Value() != "50.000" {
		t.Fatalf("paste: %q", f.Value())
	}
	if r := f.Update(paste("abc")); r != fieldRejected || f.Value() != "50.000" {
		t.Fatalf("paste of letters: %v %q", r, f.Value())
	}
}

func TestPhoneScreenLiveValidationAndEnter(t *testing.T) {
	c := testCommon("en")
	p := sized(NewTopUpPhone(c))
	typeInto(p, "0712")
	if v := p.View(); !strings.Contains(v, "must start with 08") {
		t.Fatalf("no prefix message:\n%s", v)
	}
	if next(p, enter) != Stay || p.ask.Active() {
		t.Fatal("Enter on an invalid number did something")
	}
	p.phone.SetValue("")
	typeInto(p, "x")
	if v := p.View(); !strings.Contains(v, "Only digits") {
		t.Fatalf("a letter was not refused:\n%s", v)
	}
	typeInto(p, "081234567890")
	_, cmd := p.Update(enter)
	if cmd == nil || !p.ask.Active() {
		t.Fatal("Enter on a valid number did not ask OVO")
	}
	// A stale answer (another request) changes nothing.
	if next(p, inquiryMsg{id: p.ask.ID() + 100, quote: cashier.Quote{Name: "Someone Else"}}) != Stay || !p.ask.Active() {
		t.Fatal("a stale answer was taken")
	}
	// Keys are locked while OVO is asked.
	typeInto(p, "9")
	if p.phone.Value() != "081234567890" {
		t.Fatalf("typing while busy changed the number: %q", p.phone.Value())
	}
	nav := next(p, inquiryMsg{id: p.ask.ID(), quote: cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}})
	if _, ok := nav.Screen.(*TopUpAmount); nav.Step != StepPush || !ok {
		t.Fatalf("navigation %+v", nav)
	}
}

func TestAmountPresetsCustomAndLimits(t *testing.T) {
	c := testCommon("id")
	a := sized(NewTopUpAmount(c, cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}))
	a.Update(tea.KeyMsg{Type: tea.KeyF3})
	if a.amount() != 100_000 {
		t.Fatalf("preset F3: %d", a.amount())
	}
	if v := a.View(); !strings.Contains(v, "Rp99.000") {
		t.Fatalf("what the customer receives is not shown:\n%s", v)
	}
	typeInto(a, "5000")
	if a.amount() != 5_000 {
		t.Fatalf("custom: %d", a.amount())
	}
	if v := a.View(); !strings.Contains(v, "di bawah minimum OVO Rp10.000") {
		t.Fatalf("below the minimum is not explained:\n%s", v)
	}
	if _, cmd := a.Update(enter); cmd != nil {
		t.Fatal("Enter below the minimum asked OVO")
	}
	a.custom.SetValue("")
	typeInto(a, "10000001")
	if v := a.View(); !strings.Contains(v, "di atas batas OVO Rp10.000.000") {
		t.Fatalf("above the maximum is not explained:\n%s", v)
	}
	a.custom.SetValue("75000")
	if _, cmd := a.Update(enter); cmd == nil {
		t.Fatal("a valid amount was not sent to the inquiry")
	}
}

// Above OVO's maximum says so even when the deposit is also too low: the
// reason that stays true comes first.
func TestAmountLimitBeforeDeposit(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		c := testCommon(lang)
		dep := DepositMsg{Deposit: cashier.Deposit{Balance: 5_000_000, Available: 5_000_000, RefreshedAt: time.Now()}}
		q := cashier.Quote{Kind: cashier.KindDisburse, Phone: "081234567890", Name: "Siti", Min: 10_000, Max: 10_000_000, Fee: 0}
		a := sized(NewTopUpAmount(c, q))
		a.Update(dep) // as the shell shows it
		typeInto(a, "10000001")
		v := a.View()
		if !strings.Contains(v, "Rp10.000.000") || strings.Contains(v, "Deposit") && strings.Contains(v, "5.000.000 ") {
			t.Fatalf("%s: the limit is not the reason given:\n%s", lang, v)
		}
		q.Amount = 10_000_001
		k := sized(NewCheckout(c, q))
		k.Update(dep)
		k.Init()
		if v := k.View(); !strings.Contains(v, "Rp10.000.000") || strings.Contains(v, "[y]") {
			t.Fatalf("%s: checkout offers y or lacks the limit:\n%s", lang, v)
		}
		if nav := next(k, runes("y")); nav != Stay {
			t.Fatalf("%s: y sent a known refusal: %+v", lang, nav)
		}
		// Within the limit but above the deposit: the deposit, and no y.
		q.Amount = 6_000_000
		k = sized(NewCheckout(c, q))
		k.Update(dep)
		k.Init()
		if v := k.View(); !strings.Contains(v, "Rp5.000.000") || strings.Contains(v, "[y]") {
			t.Fatalf("%s: checkout above the deposit:\n%s", lang, v)
		}
		if nav := next(k, runes("y")); nav != Stay {
			t.Fatalf("%s: y sent above the deposit: %+v", lang, nav)
		}
	}
}

// A checkout that repeats an earlier transaction warns with its receipt
// number; y does nothing, r sends.
func TestCheckoutRepeatTakesAnExtraKey(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		c := testCommon(lang)
		q := cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi", Amount: 50_000, Fee: 1_000, Min: 10_000, Max: 10_000_000}
		k := sized(NewCheckout(c, q))
		k.Init()
		earlier := cashier.Txn{Kind: cashier.KindTopUp, State: cashier.StateSuccess, CustomerNumber: q.Phone, Amount: 50_000, ReceiptNo: "R00000001", CreatedAt: time.Now()}
		k.Update(repeatMsg{id: k.req, err: &cashier.RepeatError{Earlier: earlier}})
		v := k.View()
		if !strings.Contains(v, "R00000001") || strings.Contains(v, "[y]") {
			t.Fatalf("%s: no warning:\n%s", lang, v)
		}
		for _, key := range []tea.KeyMsg{runes("y"), enter, runes("y")} {
			if next(k, key) != Stay {
				t.Fatalf("%s: %v sent a repeat", lang, key)
			}
		}
		if nav := next(k, runes("r")); nav.Step != StepHome {
			t.Fatalf("%s: r did not send: %+v", lang, nav)
		}
		// Pending: the same.
		k = sized(NewCheckout(c, q))
		k.Init()
		earlier.State, earlier.ReceiptNo, earlier.PartnerReferenceNo = cashier.StateUnknown, "", "2026120112345678901200000000001"
		k.Update(repeatMsg{id: k.req, err: &cashier.RepeatError{Earlier: earlier, Open: true}})
		if v := k.View(); !strings.Contains(v, earlier.PartnerReferenceNo) {
			t.Fatalf("%s: pending earlier not named:\n%s", lang, v)
		}
		if next(k, runes("y")) != Stay {
			t.Fatalf("%s: y sent while the earlier one is pending", lang)
		}
	}
}

func TestCheckoutSendsOnceAndResultLocksKeys(t *testing.T) {
	c := testCommon("en")
	q := cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Amount: 50_000, Fee: 1_000, Min: 10_000, Max: 10_000_000}
	k := sized(NewCheckout(c, q))
	k.Init()
	if next(k, enter) != Stay { // Enter does not send: a double Enter on the amount never confirms
		t.Fatal("Enter sent the checkout")
	}
	home := next(k, runes("y"))
	r, ok := home.Screen.(*Result)
	if home.Step != StepHome || !ok {
		t.Fatalf("navigation %+v", home)
	}
	r = sized(r)
	if cmd := r.Init(); cmd == nil || sent(c) != 1 {
		t.Fatalf("Init did not send (sent %d)", sent(c))
	}
	if cmd := r.Init(); cmd != nil || sent(c) != 1 {
		t.Fatal("a second Init sent again")
	}
	for _, key := range []tea.KeyMsg{runes("y"), enter, {Type: tea.KeyEsc}, runes("n")} {
		if nav, cmd := r.Update(key); cmd != nil || nav != Stay {
			t.Fatalf("%v did something while processing", key)
		}
	}
	// An unknown outcome, then the reconciler's success; never back.
	now := time.Now()
	pending := cashier.Txn{PartnerReferenceNo: "R1", State: cashier.StateUnknown, UpdatedAt: now}
	r.Update(ExecutedMsg{ID: r.call.ID(), Result: cashier.Result{Txn: pending}})
	if !r.call.Active() {
		t.Fatal("pending without its spinner")
	}
	done := pending
	done.State, done.UpdatedAt, done.ReceiptNo = cashier.StateSuccess, now.Add(time.Second), "R00000009"
	r.Update(TxnMsg{Txn: done})
	r.Update(TxnMsg{Txn: pending}) // a late, older event
	if r.Txn().State != cashier.StateSuccess || r.call.Active() {
		t.Fatalf("state %s, spinning %v", r.Txn().State, r.call.Active())
	}
	if v := r.View(); !strings.Contains(v, "SUCCESS") || !strings.Contains(v, "R00000009") {
		t.Fatalf("success not shown:\n%s", v)
	}
}

func TestMenuKeys(t *testing.T) {
	c := testCommon("en")
	m := sized(NewMenu(c))
	for key, want := range map[string]string{"1": "*screens.TopUpPhone", "2": "*screens.DisburseForm", "3": "*screens.Status", "4": "*screens.Deposit", "5": "*screens.History"} {
		nav := next(m, runes(key))
		if nav.Step != StepPush {
			t.Fatalf("%s: %+v", key, nav)
		}
		if got := typeName(nav.Screen); got != want {
			t.Errorf("%s opened %s, want %s", key, got, want)
		}
	}
	for _, key := range []tea.KeyMsg{runes("q"), runes("7")} {
		if nav := next(m, key); nav != Quit() {
			t.Fatalf("%v: %+v", key, nav)
		}
	}
	// Esc is how a cashier gets back to the menu: one too many never quits.
	if nav := next(m, tea.KeyMsg{Type: tea.KeyEsc}); nav != Stay {
		t.Fatalf("esc on the menu: %+v", nav)
	}
}

func typeName(s Screen) string { return fmt.Sprintf("%T", s) }

// What the amount screen shows is what Enter sends: digits typed one at a
// time build exactly the number typed, whatever the first digit.
func TestAmountShownIsAmountSent(t *testing.T) {
	q := cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}
	f := func(k tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: k} }
	for _, tc := range []struct {
		keys []tea.KeyMsg
		want int64
	}{
		{keysOf("750000"), 750_000},
		{keysOf("7500000"), 7_500_000},
		{keysOf("70000"), 70_000},
		{keysOf("25000"), 25_000},
		{keysOf("100000"), 100_000},
		{keysOf("5"), 5},
		{keysOf("50.000,00"), 50_000},
		{keysOf("12.5"), 0},
		{append([]tea.KeyMsg{f(tea.KeyF5)}, keysOf("25000")...), 25_000},
		{[]tea.KeyMsg{f(tea.KeyF5)}, 500_000},
		{append(keysOf("25"), f(tea.KeyF2)), 25}, // a preset never replaces what is typed
		{append(keysOf("25"), f(tea.KeyBackspace), f(tea.KeyBackspace), f(tea.KeyF2)), 50_000},
		{[]tea.KeyMsg{f(tea.KeyDown), f(tea.KeyDown)}, 50_000},
		{[]tea.KeyMsg{paste("Rp 50.000")}, 50_000},
		{[]tea.KeyMsg{paste("12.5")}, 0},
	} {
		a := sized(NewTopUpAmount(testCommon("en"), q))
		for _, k := range tc.keys {
			a.Update(k)
		}
		if got := a.amount(); got != tc.want {
			t.Errorf("keys %v: amount %d, want %d", tc.keys, got, tc.want)
		}
		v := a.View()
		if tc.want > 0 && !strings.Contains(v, cashier.Rupiah(tc.want)) {
			t.Errorf("keys %v: amount not shown:\n%s", tc.keys, v)
		}
		if tc.want == 0 && strings.Contains(v, "Customer receives") {
			t.Errorf("keys %v: a value is shown though none is chosen:\n%s", tc.keys, v)
		}
	}
}

func keysOf(s string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, r := range s {
		out = append(out, runes(string(r)))
	}
	return out
}

// Property: for random amounts with separators in random places, typed one
// key at a time or pasted, the screen's amount is ParseAmount of the same
// text, or both refuse.
func TestAmountScreenIsParseAmount(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	q := cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi"}
	for i := 0; i < 3000; i++ {
		digits := strconv.FormatInt(rng.Int64N(1_000_000_000)+1, 10)
		var b strings.Builder
		for j, r := range digits {
			b.WriteRune(r)
			if j < len(digits)-1 && rng.IntN(3) == 0 {
				b.WriteByte(".,"[rng.IntN(2)])
			}
		}
		if rng.IntN(4) == 0 {
			b.WriteString([]string{",00", ".00", ",0", ".5", ",50"}[rng.IntN(5)])
		}
		text := b.String()
		want, werr := cashier.ParseAmount(text)
		for _, pasted := range []bool{false, true} {
			a := sized(NewTopUpAmount(testCommon("id"), q))
			if pasted {
				a.Update(paste(text))
			} else {
				typeInto(a, text)
			}
			got := a.amount()
			if werr != nil && (got != 0 || a.problem() == "") || werr == nil && got != want {
				t.Fatalf("%q (pasted %v): screen %d (problem %q), ParseAmount %d %v", text, pasted, got, a.problem(), want, werr)
			}
			d := sized(NewDisburseForm(testCommon("id")))
			d.focusAmount(true)
			if pasted {
				d.Update(paste(text))
			} else {
				typeInto(d, text)
			}
			if got := d.amountValue(); werr != nil && got != 0 || werr == nil && got != want {
				t.Fatalf("%q (pasted %v) disburse: %d, ParseAmount %d %v", text, pasted, got, want, werr)
			}
		}
	}
}

// "Too short" waits until the number could be complete: while typing it is
// a hint; Enter on a short number says it is too short.
func TestPhoneTooShortWaitsForEnter(t *testing.T) {
	for lang, short := range map[string]string{"id": "terlalu pendek", "en": "too short"} {
		c := testCommon(lang)
		p := sized(NewTopUpPhone(c))
		for _, r := range "0812345" {
			p.Update(runes(string(r)))
			if v := p.View(); strings.Contains(v, short) {
				t.Fatalf("%s: %q already called too short:\n%s", lang, p.phone.Value(), v)
			}
		}
		p.Update(enter)
		if v := p.View(); !strings.Contains(v, short) {
			t.Fatalf("%s: Enter on a short number does not say so:\n%s", lang, v)
		}
		p.Update(runes("8"))
		if v := p.View(); strings.Contains(v, short) {
			t.Fatalf("%s: typing on keeps the complaint:\n%s", lang, v)
		}
	}
}

// Enter on an empty amount says what to do instead of nothing.
func TestAmountEnterOnEmptySaysWhatToDo(t *testing.T) {
	for lang, want := range map[string]string{"id": "Ketik nominalnya", "en": "Type the amount"} {
		q := cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi"}
		a := sized(NewTopUpAmount(testCommon(lang), q))
		if _, cmd := a.Update(enter); cmd != nil {
			t.Fatalf("%s: Enter on nothing asked OVO", lang)
		}
		if v := a.View(); !strings.Contains(v, want) || !strings.Contains(v, "F1–F6") {
			t.Fatalf("%s: Enter on nothing:\n%s", lang, v)
		}
		d := sized(NewDisburseForm(testCommon(lang)))
		d.phone.SetValue("081234567890")
		d.Update(enter) // to the amount
		d.Update(enter) // on nothing
		if v := d.View(); !strings.Contains(v, want) {
			t.Fatalf("%s: disbursement Enter on nothing:\n%s", lang, v)
		}
	}
}
