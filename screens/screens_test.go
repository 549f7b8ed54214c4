package screens

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage"
)

// testCommon is a session without a service: enough for what Update and
// View decide on their own (commands are returned, never run).
func testCommon(lang string) *Common {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetColorProfile(termenv.Ascii)
	cat := i18n.New(lang)
	return &Common{Cat: cat, Styles: NewStyles(r), Keys: NewKeyMap(cat), Static: true, Width: 80, Height: 20, Operator: "siti"}
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
		f.key(runes(string(r)))
	}
	if f.value != "08123" {
		t.Fatalf("typed: %q", f.value)
	}
	for in, want := range map[string]string{
		"+62 812-3456-7890": "081234567890",
		"6281234567890":     "081234567890",
		"(0812) 3456.7890":  "081234567890",
	} {
		f := newPhoneField()
		if r := f.key(paste(in)); r != fieldChanged || f.value != want {
			t.Errorf("paste %q: %v %q, want %q", in, r, f.value, want)
		}
	}
	f = newPhoneField()
	if r := f.key(paste("0812-abc")); r != fieldRejected || f.value != "" {
		t.Errorf("a paste with letters: %v %q", r, f.value)
	}
	f.set("0812345678901")
	if r := f.key(runes("2")); r != fieldFull {
		t.Errorf("14th digit: %v", r)
	}
}

func TestAmountPaste(t *testing.T) {
	f := newAmountField()
	if f.key(paste("Rp 50.000")); f.value != "50000" {
		t.Fatalf("paste: %q", f.value)
	}
}

func TestPhoneScreenLiveValidationAndEnter(t *testing.T) {
	c := testCommon("en")
	p := NewTopUpPhone(c)
	typeInto(p, "0712")
	if v := p.View(); !strings.Contains(v, "must start with 08") {
		t.Fatalf("no prefix message:\n%s", v)
	}
	p.Update(enter)
	if p.busy.Active() || len(c.TakeNav()) != 0 {
		t.Fatal("Enter on an invalid number did something")
	}
	p.phone.set("")
	typeInto(p, "x")
	if v := p.View(); !strings.Contains(v, "Only digits") {
		t.Fatalf("a letter was not refused:\n%s", v)
	}
	typeInto(p, "081234567890")
	_, cmd := p.Update(enter)
	if cmd == nil || !p.busy.Active() {
		t.Fatal("Enter on a valid number did not ask OVO")
	}
	// A stale answer (another request) changes nothing.
	p.Update(inquiryMsg{id: p.req + 100, quote: cashier.Quote{Name: "Someone Else"}})
	if !p.busy.Active() || len(c.TakeNav()) != 0 {
		t.Fatal("a stale answer was taken")
	}
	// Keys are locked while OVO is asked.
	typeInto(p, "9")
	if p.phone.value != "081234567890" {
		t.Fatalf("typing while busy changed the number: %q", p.phone.value)
	}
	p.Update(inquiryMsg{id: p.req, quote: cashier.Quote{Kind: storage.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}})
	nav := c.TakeNav()
	if len(nav) != 1 {
		t.Fatalf("navigation %v", nav)
	}
	if _, ok := nav[0].(PushMsg).Screen.(*TopUpAmount); !ok {
		t.Fatalf("pushed %T", nav[0])
	}
}

func TestAmountPresetsCustomAndLimits(t *testing.T) {
	c := testCommon("id")
	a := NewTopUpAmount(c, cashier.Quote{Kind: storage.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000})
	typeInto(a, "3")
	if a.amount() != 100_000 {
		t.Fatalf("preset 3: %d", a.amount())
	}
	if v := a.View(); !strings.Contains(v, "Rp99.000") {
		t.Fatalf("what the customer receives is not shown:\n%s", v)
	}
	typeInto(a, "7")
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
	a.custom.set("")
	typeInto(a, "10000001")
	if v := a.View(); !strings.Contains(v, "di atas batas OVO Rp10.000.000") {
		t.Fatalf("above the maximum is not explained:\n%s", v)
	}
	a.custom.set("75000")
	if _, cmd := a.Update(enter); cmd == nil {
		t.Fatal("a valid amount was not sent to the inquiry")
	}
}

func TestCheckoutSendsOnceAndResultLocksKeys(t *testing.T) {
	c := testCommon("en")
	q := cashier.Quote{Kind: storage.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Amount: 50_000, Fee: 1_000, Min: 10_000, Max: 10_000_000}
	k := NewCheckout(c, q)
	k.Update(enter) // Enter does not send: a double Enter on the amount never confirms
	if len(c.TakeNav()) != 0 {
		t.Fatal("Enter sent the checkout")
	}
	k.Update(runes("y"))
	nav := c.TakeNav()
	home, ok := nav[0].(HomeMsg)
	if len(nav) != 1 || !ok {
		t.Fatalf("navigation %v", nav)
	}
	r := home.Then.(*Result)
	if cmd := r.Init(); cmd == nil || c.InFlight() != 1 {
		t.Fatalf("Init did not send (in flight %d)", c.InFlight())
	}
	if cmd := r.Init(); cmd != nil || c.InFlight() != 1 {
		t.Fatal("a second Init sent again")
	}
	for _, key := range []tea.KeyMsg{runes("y"), enter, {Type: tea.KeyEsc}, runes("n")} {
		if _, cmd := r.Update(key); cmd != nil || len(c.TakeNav()) != 0 {
			t.Fatalf("%v did something while processing", key)
		}
	}
	// An unknown outcome, then the reconciler's success; never back.
	now := time.Now()
	pending := storage.Txn{PartnerReferenceNo: "R1", State: storage.StateUnknown, UpdatedAt: now}
	r.Update(ExecutedMsg{ID: r.req, Result: cashier.Result{Txn: pending}})
	if !r.busy.Active() {
		t.Fatal("pending without its spinner")
	}
	done := pending
	done.State, done.UpdatedAt, done.ReceiptNo = storage.StateSuccess, now.Add(time.Second), "R00000009"
	r.Update(TxnMsg{Txn: done})
	r.Update(TxnMsg{Txn: pending}) // a late, older event
	if r.Txn().State != storage.StateSuccess || r.busy.Active() {
		t.Fatalf("state %s, spinning %v", r.Txn().State, r.busy.Active())
	}
	if v := r.View(); !strings.Contains(v, "SUCCESS") || !strings.Contains(v, "R00000009") {
		t.Fatalf("success not shown:\n%s", v)
	}
}

func TestMenuKeys(t *testing.T) {
	c := testCommon("en")
	m := NewMenu(c)
	for key, want := range map[string]string{"1": "*screens.TopUpPhone", "2": "*screens.DisburseForm", "3": "*screens.Status", "4": "*screens.Deposit", "5": "*screens.History"} {
		m.Update(runes(key))
		nav := c.TakeNav()
		if len(nav) != 1 {
			t.Fatalf("%s: %v", key, nav)
		}
		if got := typeName(nav[0].(PushMsg).Screen); got != want {
			t.Errorf("%s opened %s, want %s", key, got, want)
		}
	}
	for _, key := range []tea.KeyMsg{runes("q"), runes("7")} {
		m.Update(key)
		if nav := c.TakeNav(); len(nav) != 1 || nav[0] != (QuitMsg{}) {
			t.Fatalf("%v: %v", key, nav)
		}
	}
	// Esc is how a cashier gets back to the menu: one too many never quits.
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if nav := c.TakeNav(); len(nav) != 0 {
		t.Fatalf("esc on the menu: %v", nav)
	}
}

func typeName(s Screen) string { return fmt.Sprintf("%T", s) }

// What the amount screen shows is what Enter sends: leaving the custom
// field empties it, and an amount typed straight away is a custom amount.
func TestAmountShownIsAmountSent(t *testing.T) {
	q := cashier.Quote{Kind: storage.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}
	for _, tc := range []struct {
		keys []tea.KeyMsg
		want int64
	}{
		{[]tea.KeyMsg{runes("2"), runes("5"), runes("0"), runes("0"), runes("0")}, 25_000},
		{[]tea.KeyMsg{runes("1"), runes("0"), runes("0"), runes("0"), runes("0"), runes("0")}, 100_000},
		{[]tea.KeyMsg{runes("5")}, 500_000},
		{[]tea.KeyMsg{runes("7"), runes("2"), runes("5"), runes("0"), runes("0"), runes("0"), {Type: tea.KeyEsc}}, 0},
		// back to the preset chosen before, and only that on screen
		{[]tea.KeyMsg{runes("5"), runes("7"), runes("2"), runes("5"), runes("0"), runes("0"), runes("0"), {Type: tea.KeyEsc}}, 500_000},
		{[]tea.KeyMsg{runes("2"), {Type: tea.KeyDown}, runes("5"), runes("0"), runes("0"), runes("0"), runes("0")}, 50_000},
		{[]tea.KeyMsg{runes("9"), runes("0"), runes("0"), runes("0"), runes("0")}, 90_000},
	} {
		a := NewTopUpAmount(testCommon("en"), q)
		for _, k := range tc.keys {
			a.Update(k)
		}
		if got := a.amount(); got != tc.want {
			t.Errorf("keys %v: amount %d, want %d", tc.keys, got, tc.want)
		}
		v := a.View()
		if tc.want > 0 && !strings.Contains(v, "Amount") {
			t.Errorf("keys %v: no amount shown:\n%s", tc.keys, v)
		}
		if !a.custom.focused && strings.Contains(v, "25000") || tc.want == 0 && strings.Contains(v, "Customer receives") {
			t.Errorf("keys %v: a value is shown though none is chosen:\n%s", tc.keys, v)
		}
	}
}
