package screens

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Result is the processing screen and then the outcome of one confirmed
// order: success (OVO reference, time, amounts, name, receipt number),
// failure (OVO's reason in words, with its code), pending ("checking with
// OVO", updating itself as the reconciler settles it) or refused before
// sending (deposit too low). It starts the money call in Init and has no
// key that sends anything again.
type Result struct {
	area
	c     Common
	order cashier.Order
	call  components.Request // the money call; then, while pending, the spinner

	executed bool
	txn      cashier.Txn // as last recorded
	callErr  error       // OVO's answer behind a failure or unknown outcome
	localErr error       // nothing was sent
	loadReq  int         // re-read of the ledger after the call

	receipt     receiptActions
	check       statusCheck
	autoPrinted bool // the success was sent to the printer (Common.AutoPrint)

	// The processing view around its spinner, drawn once per width: the
	// spinner turns ten times a second while OVO answers.
	proc struct {
		width         int
		before, after string
	}
}

// NewResult returns the processing screen of order; its Init sends it.
func NewResult(c Common, order cashier.Order) *Result {
	r := &Result{c: c, order: order, call: c.newRequest()}
	r.receipt = newReceiptActions(c)
	r.check = newStatusCheck(c)
	return r
}

// Init sends the order (once) and starts the spinner.
func (r *Result) Init() tea.Cmd {
	if r.call.ID() != 0 {
		return nil
	}
	id, tick := r.call.Start()
	return tea.Batch(tick, r.c.send(id, r.order))
}

// Reveal re-reads the transaction when the cashier comes back to it (from
// the receipt view): it may have been settled meanwhile.
func (r *Result) Reveal() tea.Cmd {
	cmds := []tea.Cmd{r.call.Restart()}
	if r.executed && r.txn.PartnerReferenceNo != "" {
		r.loadReq = components.NextID()
		cmds = append(cmds, r.c.lookup(r.loadReq, r.txn.PartnerReferenceNo))
	}
	return tea.Batch(cmds...)
}

// Txn is the transaction as this screen last saw it (zero before the call
// was recorded or when nothing was sent).
func (r *Result) Txn() cashier.Txn { return r.txn }

// adopt takes a newer reading of the transaction: never a step back from a
// final state, never an older reading.
func (r *Result) adopt(t cashier.Txn) {
	if !t.Supersedes(r.txn) {
		return
	}
	r.txn = t
	if t.State.Final() {
		r.call.Stop()
	}
}

// Update follows the call, the service's events and the cashier's keys.
func (r *Result) Update(msg tea.Msg) (Next, tea.Cmd) {
	switch msg := msg.(type) {
	case ExecutedMsg:
		if !r.call.Is(msg.ID) || r.executed {
			return Stay, nil
		}
		r.executed = true
		if msg.Err != nil {
			r.localErr = msg.Err
			r.call.Stop()
			return Stay, nil
		}
		r.txn, r.callErr = msg.Result.Txn, msg.Result.Err
		if r.txn.State.Final() {
			r.call.Stop()
			return Stay, r.autoPrint()
		}
		// An event may have settled it before this answer arrived.
		r.loadReq = components.NextID()
		return Stay, r.c.lookup(r.loadReq, r.txn.PartnerReferenceNo)
	case TxnMsg:
		if r.executed {
			r.adopt(msg.Txn)
		}
		return Stay, r.autoPrint()
	case txnLoadedMsg:
		if msg.id == r.loadReq && msg.err == nil {
			r.adopt(msg.txn)
		}
		return Stay, r.autoPrint()
	case checkMsg:
		if t, ok := r.check.done(msg); ok {
			r.adopt(t)
		}
		return Stay, r.autoPrint()
	case printedMsg:
		return r.receipt.done(msg, r.txn), nil
	case tea.KeyMsg:
		return r.key(msg)
	}
	return Stay, r.call.Update(msg)
}

func (r *Result) key(m tea.KeyMsg) (Next, tea.Cmd) {
	k := r.c.Keys
	if !r.executed {
		return Stay, nil // processing: nothing to press, nothing to send again
	}
	switch {
	case key.Matches(m, k.Back):
		return Home(nil), nil
	case key.Matches(m, k.Next):
		return Home(r.nextCustomer()), nil
	}
	t := r.txn
	switch {
	case t.PartnerReferenceNo == "":
		return Stay, nil
	case !t.State.Final() && key.Matches(m, k.Check):
		return Stay, r.check.start(t.PartnerReferenceNo)
	case !t.State.Final() && key.Matches(m, k.History):
		return Home(NewHistoryDetail(r.c, t)), nil
	}
	return r.receipt.key(m, t)
}

// autoPrint prints the customer's and the merchant's copy of a success
// once, when the session prints on success (Common.AutoPrint).
func (r *Result) autoPrint() tea.Cmd {
	if !r.c.AutoPrint || r.autoPrinted || r.txn.State != cashier.StateSuccess || r.receipt.job.Active() {
		return nil
	}
	r.autoPrinted = true
	id, _ := r.receipt.begin(r.c.Cat.T(i18n.Printing))
	return r.c.print(id, r.txn.PartnerReferenceNo, nil, cashier.CopyCustomer, cashier.CopyMerchant)
}

// nextCustomer is the first screen of the same journey, empty.
func (r *Result) nextCustomer() Screen {
	if r.order.Quote.Kind == cashier.KindDisburse {
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
		if p := &r.proc; p.before == "" || p.width != r.width {
			rows := detail(s, r.width,
				row{cat.T(i18n.AccountName), q.Name, true},
				row{cat.T(i18n.Phone), q.Phone, false},
				row{cat.T(i18n.Amount), cashier.Rupiah(q.Amount), true},
			)
			// join(head, banner+" "+spinner, rows, note): every block is
			// never empty.
			p.width = r.width
			p.before = head + "\n\n" + banner(s, ToneInfo, cat.T(i18n.Processing)) + " "
			p.after = "\n\n" + rows + "\n\n" + paragraph(s.Muted, r.width, cat.T(i18n.ProcessingNote))
		}
		return r.proc.before + r.call.Spinner() + r.proc.after
	}
	if r.localErr != nil {
		return join(head, banner(s, ToneError, cat.T(i18n.NotSent))+"\n"+
			paragraph(s.Error, r.width, cat.Error(r.localErr)),
			detail(s, r.width,
				row{cat.T(i18n.AccountName), q.Name, true},
				row{cat.T(i18n.Phone), q.Phone, false},
				row{cat.T(i18n.Amount), cashier.Rupiah(q.Amount), true}),
			paragraph(s.Value, r.width, cat.T(i18n.NothingSent)),
			r.keysLine())
	}
	t := r.txn
	if t.State == cashier.StateSuccess || t.State == cashier.StateFailed {
		// One builder, as join stacked the blocks (head, banner, detail,
		// cash or "no money moved", keys, the receipt's note).
		var b strings.Builder
		resultSize.grow(&b)
		defer resultSize.keep(&b)
		b.WriteString(head)
		b.WriteString("\n\n")
		if t.State == cashier.StateSuccess {
			b.WriteString(banner(s, ToneOK, cat.F(i18n.SuccessBanner, cat.Kind(t.Kind))))
		} else {
			b.WriteString(banner(s, ToneError, cat.F(i18n.FailedBanner, cat.Kind(t.Kind))))
			b.WriteByte('\n')
			components.ParagraphTo(&b, s.Error, r.width, failureText(cat, t))
		}
		b.WriteString("\n\n")
		txnDetailTo(&b, r.c, r.width, t)
		b.WriteString("\n\n")
		if t.State == cashier.StateSuccess {
			detailTo(&b, s, r.width, cashRow(r.c, cashier.CashToCollect(t.Kind, t.Amount)))
		} else {
			components.ParagraphTo(&b, s.Muted, r.width, cat.T(i18n.NoMoneyMoved))
		}
		b.WriteString("\n\n")
		b.WriteString(r.keysLine())
		if v := r.receipt.view(r.width); v != "" {
			b.WriteString("\n\n")
			b.WriteString(v)
		}
		return b.String()
	}
	why := ""
	if r.callErr != nil {
		why = cat.Error(r.callErr)
	}
	top := banner(s, TonePending, cat.T(i18n.PendingBanner)) + " " + r.call.Spinner()
	if why != "" {
		top += "\n" + paragraph(s.Warn, r.width, why)
	}
	return join(head, top, paragraph(s.Value, r.width, cat.T(i18n.PendingNote)),
		txnDetail(r.c, r.width, t), cashLine(r.c, r.width, cashier.CashToCollect(t.Kind, t.Amount)), r.check.view(r.width), r.keysLine(), r.receipt.view(r.width))
}

// keysLine lists what the cashier can do next, in the body (drawn once
// per theme, language, width and choices offered: resultKeys).
func (r *Result) keysLine() string {
	k := r.c.Keys
	lk := resultKeysKey{styles: r.c.Styles, lang: r.c.Cat.Lang(), width: r.width,
		receipt: r.executed && r.localErr == nil && r.txn.PartnerReferenceNo != "",
		check:   r.executed && r.localErr == nil && !r.txn.State.Final(),
		save:    r.receipt.canSave()}
	for i, b := range [...]key.Binding{k.Print, k.Save, k.View, k.Check, k.History, k.Next, k.Back} {
		lk.keys[i] = b.Help().Key
	}
	return resultKeys.Get(lk, func() string {
		s, cat := r.c.Styles, r.c.Cat
		var hints []string
		if lk.receipt {
			hints = append(hints, r.receipt.hints()...)
		}
		if lk.check {
			hints = append(hints, keyHint(s, k.Check, cat.T(i18n.KeyCheck)), keyHint(s, k.History, cat.T(i18n.KeyHistory)))
		}
		hints = append(hints, keyHint(s, k.Next, cat.T(i18n.KeyNext)), keyHint(s, k.Back, cat.T(i18n.KeyMenu)))
		return hintLines(lk.width, hints)
	})
}

// resultKeys are the result screens' key lines drawn, shared by every
// session: a top up's result draws the same line in every session of a
// language and width.
var resultKeys = components.NewMemo[resultKeysKey](1024)

// resultKeysKey is everything a result's key line depends on.
type resultKeysKey struct {
	styles               *Styles
	lang                 string
	width                int
	receipt, check, save bool      // the receipt's keys, the status check's, save among the receipt's
	keys                 [7]string // the keys' help: print, save, view, check, history, next, back
}

// ShortHelp lists the keys of the current state.
func (r *Result) ShortHelp() []key.Binding {
	k := r.c.Keys
	if !r.executed {
		return nil
	}
	var b []key.Binding
	if r.localErr == nil && r.txn.PartnerReferenceNo != "" {
		b = append(b, r.receipt.bindings()...)
	}
	if r.localErr == nil && !r.txn.State.Final() {
		b = append(b, k.Check, k.History)
	}
	return append(b, k.Next, withHelp(k.Back, r.c.Cat.T(i18n.KeyMenu)))
}

// FullHelp is ShortHelp in one column.
func (r *Result) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }

// failureText is why a transaction failed (Catalog.Why: the reason in
// words with OVO's evidence labelled).
func failureText(cat *i18n.Catalog, t cashier.Txn) string { return cat.Why(t) }

// txnDetail is the detail of a recorded transaction.
func txnDetail(c Common, width int, t cashier.Txn, extra ...row) string {
	var b strings.Builder
	b.Grow(640)
	txnDetailTo(&b, c, width, t, extra...)
	return b.String()
}

// txnDetailTo writes txnDetail(c, width, t, extra...) to b.
func txnDetailTo(b *strings.Builder, c Common, width int, t cashier.Txn, extra ...row) {
	cat := c.Cat
	var buf [10]row // the rows below, on the stack
	rows := append(buf[:0],
		row{cat.T(i18n.AccountName), t.CustomerName, true},
		row{cat.T(i18n.Phone), t.CustomerNumber, false},
		row{cat.T(i18n.Amount), cashier.Rupiah(t.Amount), true},
	)
	if t.State == cashier.StateSuccess {
		rows = append(rows,
			row{cat.T(i18n.FeeDeducted), cashier.Rupiah(t.Fee), false},
			row{cat.T(i18n.CustomerReceives), cashier.Rupiah(t.Receive()), true})
	}
	if t.ReferenceNo != "" {
		rows = append(rows, row{cat.T(i18n.OVOReference), t.ReferenceNo, true})
	}
	rows = append(rows, row{cat.T(i18n.PartnerReference), t.PartnerReferenceNo, false})
	if t.ReceiptNo != "" {
		rows = append(rows, row{cat.T(i18n.ReceiptNo), t.ReceiptNo, false})
	}
	rows = append(rows, row{cat.T(i18n.Time), cat.Time(t.CreatedAt), false})
	detailTo(b, c.Styles, width, append(rows, extra...)...)
}

// hintLines lays out key hints on as many lines as the width needs.
func hintLines(width int, hints []string) string {
	var lines []string
	cur := ""
	for _, h := range hints {
		switch {
		case cur == "":
			cur = "  " + h
		case components.Width(cur)+3+components.Width(h) <= width:
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

// FollowsTxns marks Result as showing transactions as they change.
func (*Result) FollowsTxns() {}

// FollowedRef is the transaction the result shows, once its call was
// recorded: events of other transactions change nothing on it.
func (r *Result) FollowedRef() string {
	if !r.executed {
		return ""
	}
	return r.txn.PartnerReferenceNo
}
