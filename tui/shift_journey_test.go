package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// Journeys of issue 13 through the real models, one key per message: the
// shift screen (menu 6), top ups refused without a shift, the X report,
// the close with its note, and the Z report shown again after a pending top
// up settled.

// shiftSession is a session with shifts on, on a tall terminal so that a
// report's cash block is on screen.
func shiftSession(t *testing.T, lang string, pendingFor time.Duration, low int64) *session {
	t.Helper()
	t.Parallel()
	env := testenv.New(t, testenv.Options{
		SimConfig: func(c *ovosim.Config) { c.PendingFor = pendingFor },
		CashierConfig: func(c *cashier.Config) {
			c.Shifts, c.CheckInterval, c.LowDeposit = true, 100*time.Millisecond, low
		},
	})
	return start(t, env, opts(env, lang), 100, 70)
}

// typeSettled types text one key per message, each after the model has
// handled the one before, as a person would.
func (s *session) typeSettled(text string) {
	s.t.Helper()
	for _, r := range text {
		n := s.updates()
		s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		deadline := time.Now().Add(5 * time.Second)
		for s.updates() <= n {
			if time.Now().After(deadline) {
				s.t.Fatalf("the key %q was never handled", r)
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// toMenu goes back to the menu with Esc, one at a time.
func (s *session) toMenu(lang string) {
	s.t.Helper()
	for range 3 {
		if strings.Contains(s.screen(), tr(lang, "Menu kasir", "Cashier menu")) {
			return
		}
		s.handled(tea.KeyMsg{Type: tea.KeyEsc})
	}
	s.waitFor(tr(lang, "Menu kasir", "Cashier menu"))
}

// openShift opens the shift screen from the menu and opens a shift with
// float.
func (s *session) openShift(lang, float string) {
	s.t.Helper()
	s.waitFor(tr(lang, "Menu kasir", "Cashier menu"))
	s.typeSettled("6")
	s.waitFor(tr(lang, "Modal awal di laci", "Float in the drawer"))
	s.typeSettled(float)
	s.enter()
	s.waitFor(tr(lang, "dibuka.", "opened."), tr(lang, "Seharusnya di laci", "Drawer should hold"))
}

// closeFromMenu opens the shift screen from the menu, waits for what the
// drawer should hold and closes with the cash counted.
func (s *session) closeFromMenu(lang, expected, counted string) {
	s.t.Helper()
	s.typeSettled("6")
	s.waitFor(tr(lang, "Seharusnya di laci", "Drawer should hold"), expected)
	s.typeSettled("c")
	s.waitFor(tr(lang, "Tunai dihitung di laci", "Cash counted in the drawer"))
	s.typeSettled(counted)
	s.enter()
}

// topUp sends a top up of preset 2 (Rp50.000) to phone and waits for want.
func (s *session) topUp(lang, phone string, want ...string) string {
	s.t.Helper()
	checkoutOf(s, lang, phone, "50000")
	s.waitFor(tr(lang, "Tunai dari pelanggan", "Cash from the customer"), "Rp50.000")
	s.typeSettled("y")
	return s.waitFor(want...)
}

func TestJourneyShiftExactClose(t *testing.T) {
	s := shiftSession(t, "en", 300*time.Millisecond, 0)
	s.waitDeposit()
	// No shift: the checkout stops with the reason and how to open one (no
	// [y] is offered); y does nothing, nothing is sent.
	topUpTo(s, "en", ovosim.NumberBudi)
	s.waitFor("Type the amount")
	s.typeSlowly("50000")
	s.enter()
	s.waitFor("CANNOT BE SENT", "No open shift", "[6] Shift & reports")
	s.typeSettled("y")
	s.waitFor("CANNOT BE SENT", "No open shift")
	ledgerEmpty(t, s.env)
	s.toMenu("en")
	s.openShift("en", "100000")
	s.toMenu("en")
	s.topUp("en", ovosim.NumberBudi, "SUCCESS", "R00000001")
	s.toMenu("en")
	s.topUp("en", ovosim.NumberFullWallet, "FAILED", "4033823")
	s.toMenu("en")
	s.topUp("en", ovosim.NumberPendingSuccess, "PENDING")
	s.waitFor("SUCCESS", "R00000002") // it settles while the cashier watches
	s.toMenu("en")
	s.typeSettled("6")
	s.waitFor("Drawer should hold", "Rp200.000")
	s.typeSettled("x")
	v := s.waitFor("X REPORT (SHIFT SO FAR)", "Top up cash", "Rp100.000")
	if strings.Contains(v, "PROVISIONAL") {
		t.Errorf("an X report is never provisional:\n%s", v)
	}
	s.esc()
	s.waitFor("Drawer should hold")
	s.typeSettled("c")
	s.waitFor("Cash counted in the drawer")
	s.typeSettled("200000")
	s.enter()
	v = s.waitFor("Z REPORT (SHIFT CLOSE)", "FINAL", "Shift S")
	for _, want := range []string{"Cash difference  Rp0", "OVO deposit difference  Rp0"} {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("Z lacks %q:\n%s", want, v)
		}
	}
	if _, err := s.env.Service.CurrentShift("siti"); err == nil {
		t.Error("the shift is still open")
	}
}

func TestJourneyShiftCloseShortNeedsNote(t *testing.T) {
	s := shiftSession(t, "id", time.Second, 0)
	s.waitDeposit()
	s.openShift("id", "100000")
	s.toMenu("id")
	s.topUp("id", ovosim.NumberBudi, "BERHASIL")
	s.toMenu("id")
	// Pay-in and pay-out on the shift screen: amount, Tab, reason, Enter.
	s.typeSettled("6")
	s.waitFor("Seharusnya di laci", "Rp150.000")
	for _, m := range []struct{ key, amount, reason, after string }{
		{"i", "20000", "tambah kembalian", "Rp170.000"},
		{"o", "20000", "setor ke bank", "Rp150.000"},
	} {
		s.typeSettled(m.key)
		s.waitFor("Nominal (Rp):", "Alasan:")
		s.typeSettled(m.amount)
		s.key(tea.KeyTab)
		s.typeSettled(m.reason)
		s.enter()
		s.waitFor("Tercatat", m.reason, m.after)
	}
	s.esc()
	s.closeFromMenu("id", "Rp150.000", "145000")
	v := s.waitFor("Ada selisih", "-Rp5.000", "Catatan:")
	if _, err := s.env.Service.CurrentShift("siti"); err != nil {
		t.Fatalf("closed without a note: %v\n%s", err, v)
	}
	s.enter() // no note yet: nothing happens
	time.Sleep(100 * time.Millisecond)
	if _, err := s.env.Service.CurrentShift("siti"); err != nil {
		t.Fatal("an empty note closed the shift")
	}
	s.typeSettled("uang kembalian salah")
	s.enter()
	v = s.waitFor("LAPORAN Z (TUTUP SHIFT)", "ditutup.", "uang kembalian salah")
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "Selisih kas -Rp5.000") {
		t.Errorf("the Z lacks the difference:\n%s", v)
	}
}

func TestJourneyShiftPendingAtCloseSettlesLater(t *testing.T) {
	s := shiftSession(t, "en", 2*time.Second, 1_000_000_000)
	s.waitDeposit()
	s.waitFor("LOW DEPOSIT (< Rp1.000.000.000)") // the header warns below the threshold
	s.openShift("en", "50000")
	s.toMenu("en")
	s.topUp("en", ovosim.NumberPendingSuccess, "PENDING")
	s.toMenu("en")
	s.closeFromMenu("en", "Rp50.000", "100000") // the pending top up's cash is in the drawer
	s.waitFor("Z REPORT (SHIFT CLOSE)", "PROVISIONAL: 1 transactions not final", "NOT FINAL")
	// It settles; the Z shown again is final.
	deadline := time.Now().Add(15 * time.Second)
	for {
		p, err := s.env.Service.History(cashier.Query{})
		if err == nil && len(p.Txns) == 1 && p.Txns[0].State == cashier.StateSuccess {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the pending top up never settled")
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.esc()
	s.waitFor("has no open shift")
	s.typeSettled("z")
	v := s.waitFor("Z REPORT (SHIFT CLOSE)", "REPRINT", "FINAL")
	if strings.Contains(v, "PROVISIONAL") {
		t.Errorf("the reprint is still provisional:\n%s", v)
	}
	flat := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(flat, "Cash difference Rp0") || !strings.Contains(flat, "settled_after_close") {
		t.Errorf("the reprint:\n%s", v)
	}
}

// roles: a cashier's close with a difference the pending transactions do
// not explain needs a supervisor (cashier.CloseShiftAs): the screen says
// so and nothing is closed; the same close without a difference is theirs.
func TestJourneyCashierCloseWithDifferenceNeedsSupervisor(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.Options{CashierConfig: func(c *cashier.Config) { c.Shifts = true }})
	o := opts(env, "en")
	o.Role, o.From = cashier.RoleCashier, "terminal T1"
	s := start(t, env, o, 100, 70)
	s.waitDeposit()
	s.openShift("en", "100000")
	s.toMenu("en")
	s.closeFromMenu("en", "Rp100.000", "90000")
	s.waitFor("needs a supervisor (you are a cashier)")
	if _, err := env.Service.CurrentShift("siti"); err != nil {
		t.Fatalf("a cashier closed with a difference: %v", err)
	}
	s.toMenu("en")
	s.closeFromMenu("en", "Rp100.000", "100000")
	s.waitFor("Z REPORT (SHIFT CLOSE)", "closed.")
	if _, err := env.Service.CurrentShift("siti"); err == nil {
		t.Fatal("the exact close left the shift open")
	}
}
