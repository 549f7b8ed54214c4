package screens

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
)

// Every call to the service runs in one of these commands; each result is
// tagged with the request id of the screen that asked.

type inquiryMsg struct {
	id    int
	quote cashier.Quote
	err   error
}

// Reply is the id of the call it answers (components.Reply).
func (m inquiryMsg) Reply() int { return m.id }

type checkMsg struct {
	id    int
	check cashier.Check
	err   error
}

// Reply is the id of the call it answers (components.Reply).
func (m checkMsg) Reply() int { return m.id }

type depositReadMsg struct {
	id      int
	deposit cashier.Deposit
	err     error
}

// Reply is the id of the call it answers (components.Reply).
func (m depositReadMsg) Reply() int { return m.id }

type historyMsg struct {
	id   int
	page cashier.Page
	err  error
}

type txnLoadedMsg struct {
	id  int
	txn cashier.Txn
	err error
}

// Reply is the id of the call it answers (components.Reply).
func (m txnLoadedMsg) Reply() int { return m.id }

type printedMsg struct {
	id    int
	where string // the printer's setting
	err   error
}

// Reply is the id of the call it answers (components.Reply).
func (m printedMsg) Reply() int { return m.id }

func (c Common) ctx() context.Context {
	if c.Ctx == nil {
		return context.Background()
	}
	return c.Ctx
}

// inquiry asks OVO about phone for amount.
func (c Common) inquiry(id int, kind cashier.Kind, phone string, amount int64) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		q, err := svc.Inquiry(ctx, kind, phone, amount)
		return inquiryMsg{id: id, quote: q, err: err}
	}
}

// Execute is the call that sends a confirmed order and answers with its
// ExecutedMsg. The shell's Sender runs it (and counts it as in flight);
// screens send through Common.send. The call runs to its own deadline even
// when the session ends: its outcome is always recorded.
func Execute(ctx context.Context, svc *cashier.Service, id int, o cashier.Order) tea.Cmd {
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		res, err := svc.Execute(ctx, o)
		return ExecutedMsg{ID: id, Result: res, Err: err}
	}
}

// errNoSender answers a send in a session without a Sender.
var errNoSender = errors.New("screens: this session cannot send")

// send sends o through the shell's Sender.
func (c Common) send(id int, o cashier.Order) tea.Cmd {
	if c.Sender == nil {
		return func() tea.Msg { return ExecutedMsg{ID: id, Err: errNoSender} }
	}
	return c.Sender.Send(id, o)
}

// matchesMsg answers statusOf when the text finds several transactions.
type matchesMsg struct {
	id   int
	txns []cashier.Txn
}

// Reply is the id of the call it answers (components.Reply).
func (m matchesMsg) Reply() int { return m.id }

// statusOf asks OVO the status of what text finds: a reference Lookup
// knows, else the one transaction cashier.Find finds; several found come
// back as a matchesMsg to pick from; none found is asked of OVO as typed
// (a reference this ledger may not hold).
func (c Common) statusOf(id int, text string) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		ref := text
		if _, err := svc.Lookup(text); err != nil {
			if p, ferr := svc.Find(text, "", 6); ferr == nil && len(p.Txns) > 1 {
				return matchesMsg{id: id, txns: p.Txns}
			} else if ferr == nil && len(p.Txns) == 1 {
				ref = p.Txns[0].PartnerReferenceNo
			}
		}
		ch, err := svc.CheckStatus(ctx, ref)
		return checkMsg{id: id, check: ch, err: err}
	}
}

// checkStatus asks OVO the latest status of ref.
func (c Common) checkStatus(id int, ref string) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		ch, err := svc.CheckStatus(ctx, ref)
		return checkMsg{id: id, check: ch, err: err}
	}
}

// refreshDeposit reads the deposit from OVO (the mirror when OVO fails).
func (c Common) refreshDeposit(id int) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		d, err := svc.RefreshDeposit(ctx)
		return depositReadMsg{id: id, deposit: d, err: err}
	}
}

// history reads one page of the ledger.
func (c Common) history(id int, q cashier.Query) tea.Cmd {
	svc := c.Svc
	q.Operator = c.historyOperator(q.Operator) // roles.go: a cashier sees their own
	return func() tea.Msg {
		p, err := svc.History(q)
		return historyMsg{id: id, page: p, err: err}
	}
}

// lookup reads one transaction by anything cashier.Lookup knows.
func (c Common) lookup(id int, ref string) tea.Cmd {
	svc := c.Svc
	return func() tea.Msg {
		t, err := svc.Lookup(ref)
		return txnLoadedMsg{id: id, txn: t, err: err}
	}
}

// find reads one page of the history search (cashier.FindBy) of
// operator's transactions ("" everyone's); a cashier's session finds only
// its operator's own (roles.go).
func (c Common) find(id int, text, operator, before string, limit int) tea.Cmd {
	svc := c.Svc
	operator = c.historyOperator(operator)
	return func() tea.Msg {
		p, err := svc.FindBy(text, operator, before, limit)
		return historyMsg{id: id, page: p, err: err}
	}
}

// print prints the receipt of ref on printer (the configured one when
// nil): one slip, or one per copy.
func (c Common) print(id int, ref string, printer cashier.Printer, copies ...cashier.Copy) tea.Cmd {
	ctx, svc, by := c.ctx(), c.Svc, c.actor()
	return func() tea.Msg {
		p := printer
		if p == nil {
			p = svc.Config().Printer
		}
		where := "none"
		if p != nil {
			where = p.String()
		}
		earlier, _ := svc.Get(ref) // printed before: this is a reprint
		err := svc.PrintBy(ctx, ref, p, by.Name, copies...)
		if err == nil && earlier.Printed > 0 {
			svc.AuditReprint(ref, by) // roles: who reprinted, and when
		}
		return printedMsg{id: id, where: where, err: err}
	}
}

// saveReceipt writes the receipt of ref as a file in ReceiptDir.
func (c Common) saveReceipt(id int, ref string) tea.Cmd {
	dir, width := c.ReceiptDir, c.Svc.Config().ReceiptWidth
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		p, err := cashier.NewPrinter(cashier.PrinterConfig{Spec: "file:" + dir, Width: width})
		if err != nil {
			return printedMsg{id: id, where: "file:" + dir, err: err}
		}
		err = svc.SaveCopy(ctx, ref, p) // a copy on disk is not a print: no REPRINT, no reprint record
		return printedMsg{id: id, where: p.String(), err: err}
	}
}

// noPrinter reports whether err says that no printer is configured.
func noPrinter(err error) bool {
	return errors.Is(err, cashier.ErrNoPrinter)
}

// knownRefusal is what the app already knows would refuse q (limits first,
// then the deposit the shell last gave the screen): cashier.KnownRefusal,
// one rule.
func knownRefusal(q cashier.Quote, d DepositMsg) error {
	return cashier.KnownRefusal(q, d.Deposit, d.Known())
}

type repeatMsg struct {
	id  int
	err error // a *cashier.RepeatError, another error, or nil
	// refusal is a refusal known before sending that needs the ledger to
	// tell (no open shift for the operator, with shifts on), or nil.
	refusal error
}

// Reply is the id of the call it answers (components.Reply).
func (m repeatMsg) Reply() int { return m.id }

// checkRepeat asks the service whether q repeats an earlier transaction,
// and whether the operator may send at all (an open shift).
func (c Common) checkRepeat(id int, q cashier.Quote) tea.Cmd {
	svc, operator := c.Svc, c.Operator
	if svc == nil {
		return nil
	}
	return func() tea.Msg {
		return repeatMsg{id: id, err: svc.CheckRepeat(q.Kind, q.Phone, q.Amount), refusal: svc.CheckShift(operator)}
	}
}
