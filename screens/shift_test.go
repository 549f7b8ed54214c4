package screens

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
)

// The shift screen decides alone: a stale answer is dropped, keys wait
// while a call is under way, the float takes digits only, and a close
// refused for a note asks for one and takes blanks in it.
func TestShiftScreenStatesAndStaleAnswers(t *testing.T) {
	c := testCommon("en")
	s := sized(NewShift(c))
	s.Init()
	first := s.busy.ID()
	s.Update(shiftMsg{id: first + 7, status: &cashier.ShiftReport{ShiftID: "S00000009"}})
	if s.mode != shiftLoading {
		t.Fatalf("a stale answer was taken: mode %d", s.mode)
	}
	s.Update(shiftMsg{id: first})
	if s.mode != shiftNone || !strings.Contains(s.View(), "siti has no open shift") {
		t.Fatalf("no shift:\n%s", s.View())
	}
	typeInto(s, "1a0b0")
	if s.amount.Value() != "100" {
		t.Fatalf("float %q", s.amount.Value())
	}
	if _, cmd := s.Update(enter); cmd == nil || !s.busy.Active() {
		t.Fatal("Enter did not open the shift")
	}
	typeInto(s, "9")
	if s.amount.Value() != "100" {
		t.Fatal("a key changed the float while the shift was opening")
	}
	// Another session opened it meanwhile: said, and shown open.
	open := &cashier.ShiftReport{ShiftID: "S00000001", Float: 100, ExpectedCash: 100}
	s.Update(shiftMsg{id: s.busy.ID(), status: open, err: fmt.Errorf("%w: close it first", cashier.ErrShiftOpen)})
	if v := s.View(); s.mode != shiftOpen || !strings.Contains(v, "Shift S00000001 is already open.") || !strings.Contains(v, "Drawer should hold") {
		t.Fatalf("open:\n%s", v)
	}
	s.Update(runes("c"))
	typeInto(s, "95")
	s.Update(enter)
	diff := int64(-5)
	counted := int64(95)
	s.Update(shiftMsg{id: s.busy.ID(), err: &cashier.CloseError{Report: cashier.ShiftReport{Kind: cashier.ReportZ, ShiftID: "S00000001",
		ExpectedCash: 100, CountedCash: &counted, CashDifference: &diff}}})
	if s.mode != shiftNoting || !strings.Contains(s.View(), "type a note") {
		t.Fatalf("no note asked:\n%s", s.View())
	}
	if _, cmd := s.Update(enter); cmd != nil {
		t.Fatal("an empty note was sent")
	}
	typeInto(s, "kurang")
	s.Update(tea.KeyMsg{Type: tea.KeySpace})
	typeInto(s, "lima")
	if s.text.Value() != "kurang lima" {
		t.Fatalf("note %q", s.text.Value())
	}
	if _, cmd := s.Update(enter); cmd == nil {
		t.Fatal("the note was not sent")
	}
}

// The open shift's figures follow its transactions: a top up of this
// shift (made in this session or another of the same operator's) reads
// the shift again, and "Drawer should hold" shows the new amount — the
// screen declared it followed transactions but dropped them, and showed
// the amount from when it was opened (seen over ssh: Rp460.000 after a
// Rp17.000 top up that made it Rp477.000). Another shift's transaction
// reads nothing.
func TestShiftFollowsItsTransactions(t *testing.T) {
	s := sized(NewShift(testCommon("en")))
	s.Init()
	s.Update(shiftMsg{id: s.busy.ID(), status: &cashier.ShiftReport{ShiftID: "S00000001", Float: 100_000, ExpectedCash: 460_000}})
	if v := s.View(); s.mode != shiftOpen || !strings.Contains(v, "Rp460.000") {
		t.Fatalf("open:\n%s", v)
	}
	if _, cmd := s.Update(TxnMsg{Txn: cashier.Txn{PartnerReferenceNo: "r2", ShiftID: "S00000002"}}); cmd != nil {
		t.Fatal("another shift's transaction read the shift again")
	}
	_, cmd := s.Update(TxnMsg{Txn: cashier.Txn{PartnerReferenceNo: "r1", ShiftID: "S00000001", Amount: 17_000}})
	if cmd == nil || !s.peek.Active() {
		t.Fatal("a transaction of the open shift did not read it again")
	}
	if s.busy.Active() {
		t.Fatal("the re-read holds the keys")
	}
	s.Update(shiftMsg{id: s.peek.ID(), status: &cashier.ShiftReport{ShiftID: "S00000001", Float: 100_000, ExpectedCash: 477_000}})
	if v := s.View(); s.mode != shiftOpen || !strings.Contains(v, "Rp477.000") || strings.Contains(v, "Rp460.000") {
		t.Fatalf("after the top up:\n%s", v)
	}
}
