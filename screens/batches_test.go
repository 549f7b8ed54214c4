package screens

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
)

func TestBatchesScreenListsProgressAndCoalescesReads(t *testing.T) {
	for _, lang := range []string{"en", "id"} {
		c := testCommon(lang)
		b := sized(NewBatches(c))
		if b.Init() == nil || !b.loading {
			t.Fatal("the screen does not read the batches when opened")
		}
		// Two changes while the read is under way cause one more read, not two.
		if _, cmd := b.Update(TxnMsg{}); cmd != nil {
			t.Fatal("a second read started while one is under way")
		}
		b.Update(TxnMsg{})
		views := []cashier.BatchView{
			{Batch: cashier.Batch{ID: "B000002", Name: "wages", Rows: 500, Valid: 480, ApprovedBy: "citra", ApprovedRows: 470, ApprovedTotal: 9_400_000},
				State: cashier.BatchRunning, Succeeded: 300, Paid: 6_000_000, Waiting: 168, Open: 2, OpenTotal: 40_000},
			{Batch: cashier.Batch{ID: "B000001", Name: "komisi", Rows: 3, Valid: 2, Total: 70_000}, State: cashier.BatchChecked, Ready: 2, ReadyTotal: 70_000},
		}
		_, cmd := b.Update(batchesMsg{id: b.req, views: views})
		if cmd == nil || !b.loading {
			t.Fatal("the changes seen during the read were not read again")
		}
		b.Update(batchesMsg{id: b.req, views: views})
		if b.loading {
			t.Fatal("still loading after the last answer")
		}
		v := b.View()
		for _, want := range []string{"B000002", "300/470", "Rp6.000.000", "B000001", "> "} {
			if !strings.Contains(v, want) {
				t.Fatalf("%s: view lacks %q:\n%s", lang, want, v)
			}
		}
		if lang == "en" && (!strings.Contains(v, "running") || !strings.Contains(v, "2 unknown") || !strings.Contains(v, "\n  Paid Rp6.000.000")) {
			t.Fatalf("selected batch's progress missing:\n%s", v)
		}
		// One key at a time: down selects the second, a further down stays.
		b.Update(tea.KeyMsg{Type: tea.KeyDown})
		b.Update(tea.KeyMsg{Type: tea.KeyDown})
		if b.cursor != 1 {
			t.Fatalf("cursor %d after two downs", b.cursor)
		}
		if v := b.View(); lang == "en" && !strings.Contains(v, "2 ready (Rp70.000)") {
			t.Fatalf("second batch not shown:\n%s", v)
		}
		// A later list with fewer batches keeps the cursor in range.
		b.Update(runes("r"))
		b.Update(batchesMsg{id: b.req, views: views[:1]})
		if b.cursor != 0 {
			t.Fatalf("cursor %d beyond one batch", b.cursor)
		}
		// A stale answer is ignored.
		b.Update(batchesMsg{id: b.req - 1, views: nil})
		if len(b.views) != 1 {
			t.Fatal("a stale answer replaced the list")
		}
	}
}

// The batches are a supervisor's: a cashier's menu does not offer them,
// and b says in the operator's language that it needs a supervisor
// instead of opening the screen (nor does the screen read anything for
// them); a supervisor's and an owner's b opens it, as with roles not in use.
func TestBatchesNeedASupervisor(t *testing.T) {
	for _, tc := range []struct {
		lang         string
		role         cashier.Role
		open         bool
		label, words string
	}{
		{"en", cashier.RoleCashier, false, "Batch payouts", "the batch payouts screen needs a supervisor (you are a cashier)"},
		{"id", cashier.RoleCashier, false, "Batch pembayaran", "layar batch pembayaran memerlukan supervisor (Anda kasir)"},
		{"en", cashier.RoleSupervisor, true, "Batch payouts", ""},
		{"en", cashier.RoleOwner, true, "Batch payouts", ""},
		{"id", "", true, "Batch pembayaran", ""},
	} {
		c := testCommon(tc.lang)
		c.Role = tc.role
		m := sized(NewMenu(c))
		if got := strings.Contains(m.View(), tc.label); got != tc.open {
			t.Fatalf("%s %q: menu offers batches %v:\n%s", tc.lang, tc.role, got, m.View())
		}
		nav := next(m, runes("b"))
		_, isBatches := nav.Screen.(*Batches)
		opened := nav.Step == StepPush && isBatches
		if opened != tc.open {
			t.Fatalf("%s %q: b opened the batches %v: %#v", tc.lang, tc.role, opened, nav)
		}
		if v := m.View(); tc.words != "" && !strings.Contains(v, tc.words) {
			t.Fatalf("%s %q: b says nothing of the role:\n%s", tc.lang, tc.role, v)
		}
		if !tc.open {
			m.Update(tea.KeyMsg{Type: tea.KeyDown}) // the next key clears it
			if strings.Contains(m.View(), tc.words) {
				t.Fatalf("the refusal stays after another key:\n%s", m.View())
			}
			b := sized(NewBatches(c))
			if cmd := b.Init(); cmd != nil || !strings.Contains(b.View(), tc.words) {
				t.Fatalf("%s: a cashier's batches screen reads or shows:\n%s", tc.lang, b.View())
			}
		}
	}
}

// The cursor stays on the batch picked when the list is read again with a
// newer batch on top (loaded meanwhile): it kept its row, and the
// progress shown under it became another batch's.
func TestBatchesCursorFollowsItsBatch(t *testing.T) {
	b := sized(NewBatches(testCommon("en")))
	b.Init()
	older := []cashier.BatchView{
		{Batch: cashier.Batch{ID: "B000002", Name: "wages"}},
		{Batch: cashier.Batch{ID: "B000001", Name: "komisi"}},
	}
	b.Update(batchesMsg{id: b.req, views: older})
	b.Update(tea.KeyMsg{Type: tea.KeyDown})
	b.Update(TxnMsg{})
	b.Update(batchesMsg{id: b.req, views: append([]cashier.BatchView{{Batch: cashier.Batch{ID: "B000003", Name: "bonus"}}}, older...)})
	if got := b.views[b.cursor].ID; got != "B000001" {
		t.Fatalf("cursor on %s after a newer batch came on top, want B000001", got)
	}
}
