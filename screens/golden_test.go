package screens

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// The body goldens: each screen's own part of the frame (no header, no
// footer), at the body size of an 80×24 terminal, in both languages, in
// testdata/<screen>/<case>_<lang>.golden. The shell's header and footer
// have their own few goldens in package tui, so a header change touches
// those, not these. go test ./screens -run TestBodyGoldens -update rewrites
// them.

var update = flag.Bool("update", false, "rewrite the body goldens")

// wib is the outlet's zone of the goldens.
var wib = time.FixedZone("WIB", 7*3600)

// at is the clock of the goldens: 23-11-2026 19:05:00 WIB.
var at = time.Date(2026, 11, 23, 19, 5, 0, 0, wib)

// goldenCommon is testCommon with the outlet's zone and a fixed clock.
func goldenCommon(lang string) Common {
	c := testCommon(lang)
	c.Cat = c.Cat.In(wib)
	c.Now = func() time.Time { return at }
	return c
}

// bodyCase drives one screen to a state; the golden is its View.
type bodyCase struct {
	screen, name string
	drive        func(c Common) Screen
}

// press sends each message to s, one at a time, as the shell would (the
// commands they return are not run: their answers are sent by the case).
func press(s Screen, msgs ...tea.Msg) Screen {
	for _, m := range msgs {
		s.Update(m)
	}
	return s
}

// typed is text as keys, one per character.
func typed(text string) []tea.Msg {
	var out []tea.Msg
	for _, r := range text {
		out = append(out, runes(string(r)))
	}
	return out
}

func keyOf(k tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: k} }

var (
	budiQuote = cashier.Quote{Kind: cashier.KindTopUp, Phone: "081234567890", Name: "Budi Santoso", Min: 10_000, Max: 10_000_000, Fee: 1_000}
	sitiQuote = cashier.Quote{Kind: cashier.KindDisburse, Phone: "081298765432", Name: "Siti Rahayu", Min: 10_000, Max: 10_000_000}
	knownDep  = DepositMsg{Deposit: cashier.Deposit{Balance: 50_000_000, Available: 49_950_000, Reserved: 50_000, RefreshedAt: at.Add(-time.Minute)}}
)

// txn is a recorded transaction of the goldens.
func txn(ref string, kind cashier.Kind, state cashier.State, phone, name string, amount int64) cashier.Txn {
	t := cashier.Txn{PartnerReferenceNo: ref, Kind: kind, State: state, CustomerNumber: phone, CustomerName: name,
		Amount: amount, Operator: "siti", CreatedAt: at.Add(-10 * time.Minute), UpdatedAt: at.Add(-10 * time.Minute)}
	t.History = []cashier.Change{{State: cashier.StatePending, At: t.CreatedAt}}
	switch state {
	case cashier.StateSuccess:
		t.Fee, t.ReferenceNo, t.ReceiptNo = 1_000, "OVO20261123190500", "R00000001"
		t.History = append(t.History, cashier.Change{State: state, At: t.CreatedAt.Add(time.Second), Code: "2003800"})
	case cashier.StateFailed:
		t.ResponseCode, t.ResponseMessage = "4033802", "Exceeds Transaction Amount Limit"
		t.History = append(t.History, cashier.Change{State: state, At: t.CreatedAt.Add(time.Second), Code: "4033802"})
	}
	return t
}

var ledger = []cashier.Txn{
	txn("20261123000000000001", cashier.KindTopUp, cashier.StateSuccess, "081298765432", "Siti Rahayu", 200_000),
	txn("20261123000000000002", cashier.KindDisburse, cashier.StateFailed, "081298765432", "Siti Rahayu", 10_000_001),
	txn("20261123000000000003", cashier.KindTopUp, cashier.StateSuccess, "081234567890", "Budi Santoso", 50_000),
}

// checkout is the checkout of q for amount, the deposit known and the
// repeat check answered with repeat.
func checkout(c Common, q cashier.Quote, amount int64, repeat error) Screen {
	q.Amount = amount
	k := sized(NewCheckout(c, q))
	k.Init()
	return press(k, knownDep, repeatMsg{id: k.req, err: repeat})
}

// result is the processing screen of q, with the call's answer when given.
func result(c Common, q cashier.Quote, answer *ExecutedMsg) Screen {
	q.Amount = max(q.Amount, 50_000)
	r := sized(NewResult(c, cashier.Order{Quote: q, Operator: "siti"}))
	r.Init()
	if answer != nil {
		answer.ID = r.call.ID()
		r.Update(*answer)
	}
	return r
}

func bodyCases() []bodyCase {
	notOVO := &ovo.Error{Op: "inquiry", HTTPStatus: 404, Code: "4043711", Message: "Invalid Account", Reason: ovo.ReasonInvalidAccount}
	return []bodyCase{
		{"menu", "menu", func(c Common) Screen { return sized(NewMenu(c)) }},
		{"menu", "down", func(c Common) Screen { return press(sized(NewMenu(c)), keyOf(tea.KeyDown), keyOf(tea.KeyDown)) }},

		{"phone", "empty", func(c Common) Screen { return sized(NewTopUpPhone(c)) }},
		{"phone", "prefix", func(c Common) Screen { return press(sized(NewTopUpPhone(c)), typed("0712")...) }},
		{"phone", "short", func(c Common) Screen {
			return press(sized(NewTopUpPhone(c)), append(typed("08123"), enter)...)
		}},
		{"phone", "pasted", func(c Common) Screen { return press(sized(NewTopUpPhone(c)), paste("+62 812-3456-7890")) }},
		{"phone", "asking", func(c Common) Screen {
			return press(sized(NewTopUpPhone(c)), append(typed("081234567890"), enter)...)
		}},
		{"phone", "not_ovo", func(c Common) Screen {
			p := press(sized(NewTopUpPhone(c)), append(typed("081100000404"), enter)...).(*TopUpPhone)
			return press(p, inquiryMsg{id: p.ask.ID(), err: notOVO})
		}},

		{"amount", "empty", func(c Common) Screen { return sized(NewTopUpAmount(c, budiQuote)) }},
		{"amount", "preset", func(c Common) Screen { return press(sized(NewTopUpAmount(c, budiQuote)), keyOf(tea.KeyF3)) }},
		{"amount", "typed", func(c Common) Screen { return press(sized(NewTopUpAmount(c, budiQuote)), typed("75000")...) }},
		{"amount", "below_min", func(c Common) Screen { return press(sized(NewTopUpAmount(c, budiQuote)), typed("5000")...) }},
		{"amount", "above_max", func(c Common) Screen {
			return press(sized(NewTopUpAmount(c, budiQuote)), typed("10000001")...)
		}},
		{"amount", "not_a_number", func(c Common) Screen { return press(sized(NewTopUpAmount(c, budiQuote)), typed("12.5")...) }},
		{"amount", "deposit_low", func(c Common) Screen {
			low := DepositMsg{Deposit: cashier.Deposit{Balance: 30_000, Available: 30_000, RefreshedAt: at}}
			return press(sized(NewTopUpAmount(c, budiQuote)), append([]tea.Msg{low}, typed("50000")...)...)
		}},

		{"checkout", "topup", func(c Common) Screen { return checkout(c, budiQuote, 50_000, nil) }},
		{"checkout", "repeat", func(c Common) Screen {
			return checkout(c, budiQuote, 50_000, &cashier.RepeatError{Earlier: ledger[2]})
		}},
		{"checkout", "disburse", func(c Common) Screen { return checkout(c, sitiQuote, 250_000, nil) }},
		{"checkout", "above_max", func(c Common) Screen { return checkout(c, sitiQuote, 10_000_001, nil) }},

		{"result", "processing", func(c Common) Screen { return result(c, budiQuote, nil) }},
		{"result", "success", func(c Common) Screen {
			return result(c, budiQuote, &ExecutedMsg{Result: cashier.Result{Txn: ledger[2]}})
		}},
		{"result", "failed", func(c Common) Screen {
			t := txn("20261123000000000004", cashier.KindTopUp, cashier.StateFailed, "081234567890", "Budi Santoso", 50_000)
			return result(c, budiQuote, &ExecutedMsg{Result: cashier.Result{Txn: t}})
		}},
		{"result", "pending", func(c Common) Screen {
			t := txn("20261123000000000005", cashier.KindTopUp, cashier.StateUnknown, "081234567890", "Budi Santoso", 50_000)
			return result(c, budiQuote, &ExecutedMsg{Result: cashier.Result{Txn: t}})
		}},
		{"result", "not_sent", func(c Common) Screen {
			err := &cashier.DepositError{Amount: 50_000, Available: 30_000}
			return result(c, budiQuote, &ExecutedMsg{Err: err})
		}},

		{"disburse", "form", func(c Common) Screen {
			return press(sized(NewDisburseForm(c)), append(append(typed("081298765432"), enter), typed("250000")...)...)
		}},

		{"status", "recent", func(c Common) Screen {
			s := sized(NewStatus(c, ""))
			s.Init()
			return press(s, historyMsg{id: s.listReq, page: cashier.Page{Txns: ledger}})
		}},
		{"status", "pick", func(c Common) Screen {
			s := sized(NewStatus(c, ""))
			s.Init()
			return press(s, historyMsg{id: s.listReq, page: cashier.Page{Txns: ledger}}, keyOf(tea.KeyDown), keyOf(tea.KeyDown))
		}},
		{"status", "answer", func(c Common) Screen {
			s := sized(NewStatus(c, ""))
			s.Init()
			press(s, historyMsg{id: s.listReq, page: cashier.Page{Txns: ledger}}, keyOf(tea.KeyDown), enter)
			st := &ovo.StatusAnswer{LatestTransactionStatus: "00"}
			return press(s, checkMsg{id: s.ask.ID(), check: cashier.Check{Ref: ledger[0].PartnerReferenceNo, Txn: ledger[0], InLedger: true, Status: st}})
		}},

		{"deposit", "read", func(c Common) Screen {
			d := sized(NewDeposit(c))
			d.Init()
			return press(d, depositReadMsg{id: d.read.ID(), deposit: knownDep.Deposit})
		}},

		{"history", "page", func(c Common) Screen {
			h := sized(NewHistory(c))
			h.Init()
			return press(h, historyMsg{id: h.read.ID(), page: cashier.Page{Txns: ledger}})
		}},
		{"history", "filter", func(c Common) Screen {
			h := sized(NewHistory(c))
			h.Init()
			press(h, historyMsg{id: h.read.ID(), page: cashier.Page{Txns: ledger}}, runes("/"))
			press(h, append(typed("5432"), enter)...)
			return press(h, historyMsg{id: h.read.ID(), page: cashier.Page{Txns: ledger[:2]}})
		}},
		{"history", "detail", func(c Common) Screen {
			d := sized(NewHistoryDetail(c, ledger[1]))
			d.Init()
			return d
		}},

		{"production", "wrong", func(c Common) Screen {
			return press(sized(NewProductionConfirm(c)), append(typed("no"), enter)...)
		}},
		{"too_small", "70x20", func(c Common) Screen {
			t := NewTooSmall(c)
			t.SetSize(70, 20)
			return t
		}},
	}
}

// TestBodyGoldens draws every screen's body in both languages and compares
// it with testdata/<screen>/<case>_<lang>.golden.
func TestBodyGoldens(t *testing.T) {
	for _, bc := range bodyCases() {
		for _, lang := range []string{"id", "en"} {
			t.Run(bc.screen+"/"+bc.name+"_"+lang, func(t *testing.T) {
				got := bc.drive(goldenCommon(lang)).View() + "\n"
				path := filepath.Join("testdata", bc.screen, bc.name+"_"+lang+".golden")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test ./screens -run TestBodyGoldens -update writes it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs (-update rewrites it)\n--- want\n%s--- got\n%s", path, want, got)
				}
				for i, l := range strings.Split(got, "\n") {
					if w := lipgloss.Width(l); w > testWidth {
						t.Errorf("line %d is %d columns wide, more than the body's %d", i+1, w, testWidth)
					}
				}
			})
		}
	}
}
