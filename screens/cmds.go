package screens

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// Every call to the service runs in one of these commands; each result is
// tagged with the request id of the screen that asked.

type inquiryMsg struct {
	id    int
	quote cashier.Quote
	err   error
}

type checkMsg struct {
	id    int
	check cashier.Check
	err   error
}

type depositReadMsg struct {
	id      int
	deposit storage.Deposit
	err     error
}

type historyMsg struct {
	id   int
	page storage.Page
	err  error
}

type txnLoadedMsg struct {
	id  int
	txn storage.Txn
	err error
}

type printedMsg struct {
	id    int
	where string // the printer's setting
	err   error
}

func (c *Common) ctx() context.Context {
	if c.Ctx == nil {
		return context.Background()
	}
	return c.Ctx
}

// inquiry asks OVO about phone for amount.
func (c *Common) inquiry(id int, kind storage.Kind, phone string, amount int64) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		q, err := svc.Inquiry(ctx, kind, phone, amount)
		return inquiryMsg{id: id, quote: q, err: err}
	}
}

// Execute sends a confirmed order (counted as in flight until the shell
// sees its ExecutedMsg). The call runs to its own deadline even when the
// session ends: its outcome is always recorded.
func (c *Common) Execute(id int, o cashier.Order) tea.Cmd {
	c.inflight++
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		res, err := svc.Execute(ctx, o)
		return ExecutedMsg{ID: id, Result: res, Err: err}
	}
}

// checkStatus asks OVO the latest status of ref.
func (c *Common) checkStatus(id int, ref string) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		ch, err := svc.CheckStatus(ctx, ref)
		return checkMsg{id: id, check: ch, err: err}
	}
}

// refreshDeposit reads the deposit from OVO (the mirror when OVO fails).
func (c *Common) refreshDeposit(id int) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		d, err := svc.RefreshDeposit(ctx)
		return depositReadMsg{id: id, deposit: d, err: err}
	}
}

// history reads one page of the ledger.
func (c *Common) history(id int, q storage.Query) tea.Cmd {
	svc := c.Svc
	q.Operator = c.historyOperator(q.Operator) // roles.go: a cashier sees their own
	return func() tea.Msg {
		p, err := svc.History(q)
		return historyMsg{id: id, page: p, err: err}
	}
}

// lookup reads one transaction by reference or receipt number.
func (c *Common) lookup(id int, ref string) tea.Cmd {
	svc := c.Svc
	return func() tea.Msg {
		t, err := svc.Get(ref)
		if errors.Is(err, storage.ErrNotFound) {
			t, err = svc.Ledger().GetByReceipt(ref)
		}
		return txnLoadedMsg{id: id, txn: t, err: err}
	}
}

// print prints the receipt of ref on printer (the configured one when nil).
func (c *Common) print(id int, ref string, reprint bool, printer receipts.Printer) tea.Cmd {
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		p := printer
		if p == nil {
			p = svc.Config().Printer
		}
		where := "none"
		if p != nil {
			where = p.String()
		}
		err := svc.Print(ctx, ref, reprint, p)
		if err == nil && reprint {
			svc.AuditReprint(ref, c.actor()) // roles: who reprinted, and when
		}
		return printedMsg{id: id, where: where, err: err}
	}
}

// saveReceipt writes the receipt of ref as a file in ReceiptDir.
func (c *Common) saveReceipt(id int, ref string, reprint bool) tea.Cmd {
	dir, width := c.ReceiptDir, c.Svc.Config().ReceiptWidth
	ctx, svc := c.ctx(), c.Svc
	return func() tea.Msg {
		p, err := receipts.NewPrinter(receipts.PrinterConfig{Spec: "file:" + dir, Width: width})
		if err != nil {
			return printedMsg{id: id, where: "file:" + dir, err: err}
		}
		err = svc.Print(ctx, ref, reprint, p)
		if err == nil && reprint {
			svc.AuditReprint(ref, c.actor())
		}
		return printedMsg{id: id, where: p.String(), err: err}
	}
}

// noPrinter reports whether err says that no printer is configured.
func noPrinter(err error) bool {
	return errors.Is(err, cashier.ErrNoPrinter)
}
