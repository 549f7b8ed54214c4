package screens

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/storage"
)

// Result is the processing screen and then the outcome of one confirmed
// order: success (OVO reference, time, amounts, name, receipt number),
// failure (OVO's reason in words, with its code), pending ("checking with
// OVO", updating itself as the reconciler settles it) or refused before
// sending (deposit too low). It starts the money call in Init and has no
// key that sends anything again.
type Result struct {
	c     *Common
	order cashier.Order
	req   int
	busy  Activity

	executed bool
	txn      storage.Txn // as last recorded
	callErr  error       // OVO's answer behind a failure or unknown outcome
	localErr error       // nothing was sent
	loadReq  int         // re-read of the ledger after the call

	receipt receiptActions
	check   statusCheck
}

// NewResult returns the processing screen of order; its Init sends it.
func NewResult(c *Common, order cashier.Order) *Result {
	r := &Result{c: c, order: order, busy: NewActivity(c)}
	r.receipt = newReceiptActions(c)
	r.check = statusCheck{c: c}
	return r
}

// Init sends the order (once) and starts the spinner.
func (r *Result) Init() tea.Cmd {
	if r.req != 0 {
		return nil
	}
	r.req = r.c.NextID()
	return tea.Batch(r.busy.Start(), r.c.Execute(r.req, r.order))
}

// SetSize is a no-op: the screen fits any body of the minimum size.
func (r *Result) SetSize(int, int) {}

// Reveal re-reads the transaction when the cashier comes back to it (from
// the receipt view): it may have been settled meanwhile.
func (r *Result) Reveal() tea.Cmd {
	cmds := []tea.Cmd{r.busy.Restart()}
	if r.executed && r.txn.PartnerReferenceNo != "" {
		r.loadReq = r.c.NextID()
		cmds = append(cmds, r.c.lookup(r.loadReq, r.txn.PartnerReferenceNo))
	}
	return tea.Batch(cmds...)
}

// Txn is the transaction as this screen last saw it (zero before the call
// was recorded or when nothing was sent).
func (r *Result) Txn() storage.Txn { return r.txn }

// adopt takes a newer reading of the transaction: never a step back from a
// final state, never an older reading.
func (r *Result) adopt(t storage.Txn) {
	if t.PartnerReferenceNo == "" || t.PartnerReferenceNo != r.txn.PartnerReferenceNo {
		return
	}
	if r.txn.State.Final() && !t.State.Final() {
		return
	}
	if t.UpdatedAt.Before(r.txn.UpdatedAt) {
		return
	}
	r.txn = t
	if t.State.Final() {
		r.busy.Stop()
	}
}

// Update follows the call, the service's events and the cashier's keys.
func (r *Result) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case ExecutedMsg:
		if msg.ID != r.req || r.executed {
			return r, nil
		}
		r.executed = true
		if msg.Err != nil {
			r.localErr = msg.Err
			r.busy.Stop()
			return r, nil
		}
		r.txn, r.callErr = msg.Result.Txn, msg.Result.Err
		if r.txn.State.Final() {
			r.busy.Stop()
			return r, nil
		}
		// An event may have settled it before this answer arrived.
		r.loadReq = r.c.NextID()
		return r, r.c.lookup(r.loadReq, r.txn.PartnerReferenceNo)
	case TxnMsg:
		if r.executed {
			r.adopt(msg.Txn)
		}
		return r, nil
	case txnLoadedMsg:
		if msg.id == r.loadReq && msg.err == nil {
			r.adopt(msg.txn)
		}
		return r, nil
	case checkMsg:
		if t, ok := r.check.done(msg); ok {
			r.adopt(t)
		}
		return r, nil
	case printedMsg:
		return r, r.receipt.done(msg, r.txn)
	case tea.KeyMsg:
		return r, r.key(msg)
	}
	return r, r.busy.Update(msg)
}

func (r *Result) key(m tea.KeyMsg) tea.Cmd {
	k := r.c.Keys
	if !r.executed {
		return nil // processing: nothing to press, nothing to send again
	}
	switch {
	case key.Matches(m, k.Back):
		return r.c.Home(nil)
	case key.Matches(m, k.Next):
		return r.c.Home(r.nextCustomer())
	}
	t := r.txn
	switch {
	case t.State == storage.StateSuccess:
		return r.receipt.key(m, t)
	case t.PartnerReferenceNo != "" && !t.State.Final() && key.Matches(m, k.Check):
		return r.check.start(t.PartnerReferenceNo)
	case t.PartnerReferenceNo != "" && key.Matches(m, k.History):
		return r.c.Home(NewHistoryDetail(r.c, t))
	}
	return nil
}

// nextCustomer is the first screen of the same journey, empty.
func (r *Result) nextCustomer() Screen {
	if r.order.Quote.Kind == storage.KindDisburse {
		return NewDisburseForm(r.c)
	}
	return NewTopUpPhone(r.c)
}

// View shows the processing spinner, then the outcome.
func (r *Result) View() string {
	s, cat := r.c.Styles, r.c.Cat
	q := r.order.Quote
	head := title(s, cat.Kind(q.Kind)+" · "+cat.T(i18n.StepResult))
	if !r.executed {
		rows := detail(s, r.c.Width,
			row{cat.T(i18n.AccountName), q.Name, true},
			row{cat.T(i18n.Phone), q.Phone, false},
			row{cat.T(i18n.Amount), cashier.Rupiah(q.Amount), true},
		)
		return join(head, banner(s, ToneInfo, cat.T(i18n.Processing))+" "+r.busy.View(),
			rows, paragraph(s.Muted, r.c.Width, cat.T(i18n.ProcessingNote)))
	}
	if r.localErr != nil {
		return join(head, banner(s, ToneError, cat.T(i18n.NotSent))+"\n"+
			paragraph(s.Error, r.c.Width, cat.Error(r.localErr)),
			detail(s, r.c.Width,
				row{cat.T(i18n.AccountName), q.Name, true},
				row{cat.T(i18n.Phone), q.Phone, false},
				row{cat.T(i18n.Amount), cashier.Rupiah(q.Amount), true}),
			paragraph(s.Value, r.c.Width, cat.T(i18n.NothingSent)),
			r.keysLine())
	}
	t := r.txn
	switch t.State {
	case storage.StateSuccess:
		return join(head, banner(s, ToneOK, cat.F(i18n.SuccessBanner, cat.Kind(t.Kind))),
			txnDetail(r.c, t), cashLine(r.c, cashier.CashToCollect(t.Kind, t.Amount)), r.keysLine(), r.receipt.view())
	case storage.StateFailed:
		return join(head, banner(s, ToneError, cat.F(i18n.FailedBanner, cat.Kind(t.Kind)))+"\n"+
			paragraph(s.Error, r.c.Width, failureText(cat, t, r.callErr)),
			txnDetail(r.c, t), paragraph(s.Muted, r.c.Width, cat.T(i18n.NoMoneyMoved)), r.keysLine())
	}
	why := ""
	if r.callErr != nil {
		why = cat.Error(r.callErr)
	}
	top := banner(s, TonePending, cat.T(i18n.PendingBanner)) + " " + r.busy.View()
	if why != "" {
		top += "\n" + paragraph(s.Warn, r.c.Width, why)
	}
	return join(head, top, paragraph(s.Value, r.c.Width, cat.T(i18n.PendingNote)),
		txnDetail(r.c, t), cashLine(r.c, cashier.CashToCollect(t.Kind, t.Amount)), r.check.view())
}

// keysLine lists what the cashier can do next, in the body.
func (r *Result) keysLine() string {
	s, cat := r.c.Styles, r.c.Cat
	var hints []string
	if r.executed && r.localErr == nil && r.txn.State == storage.StateSuccess {
		hints = append(hints, r.receipt.hints()...)
	}
	if r.executed && r.localErr == nil && !r.txn.State.Final() {
		hints = append(hints, keyHint(s, "c", cat.T(i18n.KeyCheck)), keyHint(s, "h", cat.T(i18n.KeyHistory)))
	}
	hints = append(hints, keyHint(s, "n", cat.T(i18n.KeyNext)), keyHint(s, "esc", cat.T(i18n.KeyMenu)))
	return hintLines(r.c.Width, hints)
}

// ShortHelp lists the keys of the current state.
func (r *Result) ShortHelp() []key.Binding {
	k := r.c.Keys
	if !r.executed {
		return nil
	}
	var b []key.Binding
	if r.localErr == nil && r.txn.State == storage.StateSuccess {
		b = append(b, r.receipt.bindings()...)
	}
	if r.localErr == nil && !r.txn.State.Final() {
		b = append(b, k.Check, k.History)
	}
	return append(b, k.Next, withHelp(k.Back, r.c.Cat.T(i18n.KeyMenu)))
}

// FullHelp is ShortHelp in one column.
func (r *Result) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }

// failureText is why a transaction failed: OVO's refusal in words with its
// code and message, or the final status OVO reported.
func failureText(cat *i18n.Catalog, t storage.Txn, callErr error) string {
	if t.LastStatus == "" {
		if e, ok := ovoclient.AsError(callErr); ok && !e.Unknown {
			return cat.Error(e)
		}
	}
	reason := cashier.TxnReason(t)
	if t.LastStatus != "" {
		return cat.ReasonWithCode(reason, "", cat.F(i18n.OVOStatusIs, cat.Status(t.LastStatus), t.ResponseMessage))
	}
	return cat.ReasonWithCode(reason, t.ResponseCode, t.ResponseMessage)
}

// txnDetail is the detail of a recorded transaction.
func txnDetail(c *Common, t storage.Txn, extra ...row) string {
	cat := c.Cat
	rows := []row{
		{cat.T(i18n.AccountName), t.CustomerName, true},
		{cat.T(i18n.Phone), t.CustomerNumber, false},
		{cat.T(i18n.Amount), cashier.Rupiah(t.Amount), true},
	}
	if t.State == storage.StateSuccess {
		rows = append(rows,
			row{cat.T(i18n.FeeDeducted), cashier.Rupiah(t.Fee), false},
			row{cat.T(i18n.CustomerReceives), cashier.Rupiah(max(0, t.Amount-t.Fee)), true})
	}
	if t.ReferenceNo != "" {
		rows = append(rows, row{cat.T(i18n.OVOReference), t.ReferenceNo, true})
	}
	rows = append(rows, row{cat.T(i18n.PartnerReference), t.PartnerReferenceNo, false})
	if t.ReceiptNo != "" {
		rows = append(rows, row{cat.T(i18n.ReceiptNo), t.ReceiptNo, false})
	}
	rows = append(rows, row{cat.T(i18n.Time), cat.Time(t.CreatedAt), false})
	return detail(c.Styles, c.Width, append(rows, extra...)...)
}

// hintLines lays out key hints on as many lines as the width needs.
func hintLines(width int, hints []string) string {
	var lines []string
	cur := ""
	for _, h := range hints {
		switch {
		case cur == "":
			cur = "  " + h
		case lipgloss.Width(cur)+3+lipgloss.Width(h) <= width:
			cur += "   " + h
		default:
			lines = append(lines, cur)
			cur = "  " + h
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}
