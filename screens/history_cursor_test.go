package screens

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
)

// The cursor stays on the transaction the operator picked when the page is
// read again: a transaction made in another session (TxnMsg) reloads the
// first page with the new one on top, and the cursor, left at its row,
// sat on the next newer transaction — Enter opened one the operator had
// not picked (seen over ssh: Indah's Rp11.000 picked, Hendra's Rp12.000
// under the cursor after another operator's top up).
func TestHistoryCursorFollowsItsTransactionOnReload(t *testing.T) {
	h := sized(NewHistory(goldenCommon("en")))
	h.Init()
	press(h, historyMsg{id: h.read.ID(), page: cashier.Page{Txns: ledger[1:]}}, keyOf(tea.KeyDown))
	picked := h.txns[h.rows.Cursor()].PartnerReferenceNo
	// Another session's transaction: the page is read again, one newer on top.
	newer := ledger[0]
	h.Update(TxnMsg{Txn: newer})
	press(h, historyMsg{id: h.read.ID(), page: cashier.Page{Txns: ledger}})
	if got := h.txns[h.rows.Cursor()].PartnerReferenceNo; got != picked {
		t.Fatalf("cursor on %s after the reload, want %s (the one picked)", got, picked)
	}
	// Paging still starts at the top of the new page.
	press(h, keyOf(tea.KeyUp), keyOf(tea.KeyUp))
	if c := h.rows.Cursor(); c != 0 {
		t.Fatalf("cursor %d at the top", c)
	}
}
