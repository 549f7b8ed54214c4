package screens

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Shift is the screen of the operator's shift and its reports (issue 13):
// with no open shift it asks the float and opens one (Enter), or shows the
// last Z report of today again (z); with one open it shows what the drawer
// should hold and offers the X report (x), pay-in (i), pay-out (o) and the
// close (c): the cash counted, then, when the close has a difference, a
// note. A report is shown as it prints (the same layout at the width that
// fits), and p prints it on the receipt printer. Every call goes through
// cashier.Service in a command; answers carry the request id.
type Shift struct {
	area
	c    Common
	keys shiftKeys
	mode shiftMode
	busy components.Request // the call under way (one at a time)
	peek components.Request // the open shift read again after a transaction of it (no spinner, keys not held)

	status  *cashier.ShiftReport // the open shift so far (nil: none open)
	report  *cashier.ShiftReport // the report on screen (X or Z)
	reprint bool                 // the report is a Z shown again

	amount field // the float, the count or a pay-in/out
	text   field // the note or the reason
	onText bool  // typing into text
	in     bool  // a pay-in (else a pay-out)
	count  int64 // the cash counted, while the note is asked

	info, errText string
	offset        int // first line of the report shown
}

type shiftMode int

const (
	shiftLoading  shiftMode = iota
	shiftNone               // no open shift: the float
	shiftOpen               // the open shift: its actions
	shiftCounting           // the close: the cash counted
	shiftNoting             // the close has a difference: the note
	shiftMoving             // a pay-in or pay-out: amount and reason
	shiftShowing            // an X or Z report
)

type shiftKeys struct{ x, z, close, payIn, payOut, print key.Binding }

func newShiftKeys(cat *i18n.Catalog) shiftKeys {
	b := func(k string, desc i18n.Key) key.Binding {
		return key.NewBinding(key.WithKeys(k, strings.ToUpper(k)), key.WithHelp(k, cat.T(desc)))
	}
	return shiftKeys{x: b("x", i18n.ShiftActionX), z: b("z", i18n.ShiftActionZ), close: b("c", i18n.ShiftActionClose),
		payIn: b("i", i18n.ShiftActionPayIn), payOut: b("o", i18n.ShiftActionPayOut), print: b("p", i18n.ShiftActionPrint)}
}

// shiftMsg is the answer of a shift call: the open shift's status or a
// report, or the error.
type shiftMsg struct {
	id      int
	status  *cashier.ShiftReport // the open shift now (nil with ErrNoShift)
	report  *cashier.ShiftReport // a report to show
	reprint bool
	info    string
	err     error
}

// NewShift returns the shift screen; Init reads the operator's shift.
func NewShift(c Common) *Shift {
	s := &Shift{c: c, keys: newShiftKeys(c.Cat), busy: c.newRequest(), peek: c.newRequest(), amount: newAmountField(),
		text: components.NewField(120, func(r rune) bool { return r >= ' ' }, nil)}
	s.amount.Focus()
	return s
}

// Init reads the operator's open shift.
func (s *Shift) Init() tea.Cmd {
	return s.call(func() shiftMsg { return shiftMsg{} })
}

// call runs f off the event loop and then reads the open shift; the answer
// comes back as a shiftMsg tagged with a new request id.
func (s *Shift) call(f func() shiftMsg) tea.Cmd {
	s.errText, s.info = "", ""
	id, tick := s.busy.Start()
	svc, op := s.c.Svc, s.c.Operator
	return tea.Batch(tick, func() tea.Msg {
		m := f()
		m.id = id
		if st, err := svc.ShiftStatus(op); err == nil {
			m.status = &st
		} else if m.err == nil && !errors.Is(err, cashier.ErrNoShift) {
			m.err = err
		}
		return m
	})
}

// Update follows the answers and the operator's keys.
func (s *Shift) Update(msg tea.Msg) (Next, tea.Cmd) {
	switch msg := msg.(type) {
	case shiftMsg:
		if s.peek.Answer(msg.id) {
			// What the drawer should hold, after a transaction of this
			// shift (made here or in another session): only the open
			// shift's figures change, and only while nothing else is
			// asked or typed.
			if msg.err == nil && s.mode == shiftOpen && !s.busy.Active() {
				s.status = msg.status
				if s.status == nil {
					s.home() // closed elsewhere
				}
			}
			return Stay, nil
		}
		if !s.busy.Answer(msg.id) {
			return Stay, nil
		}
		s.answer(msg)
		return Stay, nil
	case TxnMsg:
		if s.mode != shiftOpen || s.status == nil || msg.Txn.ShiftID != s.status.ShiftID || s.busy.Active() {
			return Stay, nil
		}
		id, _ := s.peek.Start() // no spinner: the figures show as they were until the new ones come
		svc, op := s.c.Svc, s.c.Operator
		return Stay, func() tea.Msg {
			m := shiftMsg{id: id}
			if st, err := svc.ShiftStatus(op); err == nil {
				m.status = &st
			} else if !errors.Is(err, cashier.ErrNoShift) {
				m.err = err
			}
			return m
		}
	case tea.KeyMsg:
		if s.busy.Active() {
			return Stay, nil // one call at a time; keys wait
		}
		if (s.mode == shiftNone || s.mode == shiftOpen) && key.Matches(msg, s.c.Keys.Back) {
			return Back(), nil
		}
		return Stay, s.key(msg)
	}
	return Stay, s.busy.Update(msg)
}

// answer takes a call's answer.
func (s *Shift) answer(m shiftMsg) {
	var ce *cashier.CloseError
	switch {
	case errors.As(m.err, &ce):
		// Nothing closed: show the differences and ask the note.
		r := ce.Report
		s.report, s.reprint, s.mode, s.onText, s.offset = &r, false, shiftNoting, true, 0
		s.text.SetValue("")
		s.info = s.c.Cat.T(i18n.ShiftNeedsNote)
		return
	case m.err != nil:
		s.errText = s.errorText(m.err, m.status)
		if s.mode == shiftLoading || s.mode == shiftNone && m.status != nil {
			s.status = m.status
			s.home()
		}
		return
	}
	s.status = m.status
	s.info = m.info
	if m.report != nil {
		s.report, s.reprint, s.mode, s.offset = m.report, m.reprint, shiftShowing, 0
		return
	}
	if s.mode == shiftShowing && s.report != nil {
		return // a print: the report stays
	}
	s.home()
}

// home shows the shift as it is: its actions, or the float to open one.
func (s *Shift) home() {
	s.mode = shiftNone
	if s.status != nil {
		s.mode = shiftOpen
	}
	s.amount.SetValue("")
	s.text.SetValue("")
	s.onText = false
}

func (s *Shift) errorText(err error, open *cashier.ShiftReport) string {
	if errors.Is(err, cashier.ErrShiftOpen) && open != nil {
		return s.c.Cat.F(i18n.ShiftAlreadyOpen, open.ShiftID)
	}
	if errors.Is(err, cashier.ErrNoShift) {
		return s.c.Cat.F(i18n.ShiftNone, s.c.Operator)
	}
	if errors.Is(err, cashier.ErrInvalidInput) {
		msg := err.Error()
		_, after, _ := strings.Cut(msg, ": ")
		return after
	}
	if noPrinter(err) {
		return s.c.Cat.T(i18n.NoPrinter)
	}
	var pe *cashier.PrintError
	if errors.As(err, &pe) {
		return s.c.Cat.PrintProblem(err)
	}
	return s.c.Cat.Error(err)
}

func (s *Shift) key(k tea.KeyMsg) tea.Cmd {
	keys := s.c.Keys
	switch s.mode {
	case shiftNone, shiftOpen:
		switch {
		case s.mode == shiftNone && key.Matches(k, keys.Enter):
			return s.open()
		case s.mode == shiftNone && key.Matches(k, s.keys.z):
			return s.lastZ()
		case s.mode == shiftOpen && key.Matches(k, s.keys.x):
			return s.xReport()
		case s.mode == shiftOpen && key.Matches(k, s.keys.close):
			s.mode, s.info, s.errText = shiftCounting, "", ""
			s.amount.SetValue("")
			return nil
		case s.mode == shiftOpen && (key.Matches(k, s.keys.payIn) || key.Matches(k, s.keys.payOut)):
			s.mode, s.in, s.onText, s.info, s.errText = shiftMoving, key.Matches(k, s.keys.payIn), false, "", ""
			s.amount.SetValue("")
			s.text.SetValue("")
			return nil
		case s.mode == shiftNone:
			s.amount.Update(k)
		}
		return nil
	case shiftCounting:
		switch {
		case key.Matches(k, keys.Back):
			s.home()
			return nil
		case key.Matches(k, keys.Enter):
			n, ok := s.amountValue()
			if !ok {
				return nil
			}
			s.count = n
			return s.closeShift("")
		}
		s.amount.Update(k)
		return nil
	case shiftNoting:
		switch {
		case key.Matches(k, keys.Back):
			s.report = nil
			s.home()
			return nil
		case key.Matches(k, keys.Enter):
			if strings.TrimSpace(s.text.Value()) == "" {
				return nil
			}
			return s.closeShift(s.text.Value())
		case key.Matches(k, keys.Up), key.Matches(k, keys.Down):
			s.scroll(k)
			return nil
		}
		s.typeText(k)
		return nil
	case shiftMoving:
		switch {
		case key.Matches(k, keys.Back):
			s.home()
			return nil
		case key.Matches(k, keys.SwitchField):
			s.onText = !s.onText
			return nil
		case key.Matches(k, keys.Enter):
			if !s.onText {
				s.onText = true
				return nil
			}
			return s.move()
		}
		if s.onText {
			s.typeText(k)
		} else {
			s.amount.Update(k)
		}
		return nil
	case shiftShowing:
		switch {
		case key.Matches(k, keys.Back):
			s.report = nil
			s.home()
			return nil
		case key.Matches(k, s.keys.print):
			return s.print()
		case key.Matches(k, keys.Up), key.Matches(k, keys.Down):
			s.scroll(k)
		}
	}
	return nil
}

// typeText types k into the text field (blanks included).
func (s *Shift) typeText(k tea.KeyMsg) {
	if k.Type == tea.KeySpace && !k.Paste {
		if v := s.text.Value(); v != "" && len([]rune(v)) < s.text.Max {
			s.text.SetValue(v + " ")
		}
		return
	}
	s.text.Update(k)
}

func (s *Shift) scroll(k tea.KeyMsg) {
	if key.Matches(k, s.c.Keys.Up) {
		s.offset = max(0, s.offset-1)
		return
	}
	if s.offset+1 < len(s.reportLines()) {
		s.offset++
	}
}

// amountValue is the typed amount (0 allowed for a float or a count).
func (s *Shift) amountValue() (int64, bool) {
	if s.amount.Value() == "" {
		return 0, false
	}
	n, err := cashier.ParseAmount(s.amount.Value())
	if err != nil {
		if strings.Trim(s.amount.Value(), "0") == "" {
			return 0, true
		}
		return 0, false
	}
	return n, true
}

func (s *Shift) open() tea.Cmd {
	float, ok := s.amountValue()
	if !ok {
		return nil
	}
	ctx, svc, op, cat := s.c.ctx(), s.c.Svc, s.c.Operator, s.c.Cat
	return s.call(func() shiftMsg {
		sh, err := svc.OpenShift(ctx, op, float)
		return shiftMsg{err: err, info: cat.F(i18n.ShiftOpened, sh.ID)}
	})
}

func (s *Shift) xReport() tea.Cmd {
	ctx, svc, op := s.c.ctx(), s.c.Svc, s.c.Operator
	return s.call(func() shiftMsg {
		r, err := svc.XReport(ctx, op)
		return shiftMsg{report: &r, err: err}
	})
}

func (s *Shift) lastZ() tea.Cmd {
	ctx, svc, op, now := s.c.ctx(), s.c.Svc, s.c.Operator, s.c.now()
	return s.call(func() shiftMsg {
		sh, err := svc.LastClosedShift(op, now)
		if err != nil {
			return shiftMsg{err: err}
		}
		r, err := svc.ZReport(ctx, sh.ID)
		return shiftMsg{report: &r, reprint: true, err: err}
	})
}

func (s *Shift) closeShift(note string) tea.Cmd {
	ctx, svc, op, n, cat, by := s.c.ctx(), s.c.Svc, s.c.Operator, s.count, s.c.Cat, s.c.actor()
	return s.call(func() shiftMsg {
		// roles: a cashier's close with a difference the pending
		// transactions do not explain needs a supervisor (nothing closed).
		r, err := svc.CloseShiftAs(ctx, by, op, n, note)
		return shiftMsg{report: &r, err: err, info: cat.F(i18n.ShiftClosed, r.ShiftID)}
	})
}

func (s *Shift) move() tea.Cmd {
	n, ok := s.amountValue()
	reason := strings.TrimSpace(s.text.Value())
	if !ok || n <= 0 || reason == "" {
		return nil
	}
	svc, op, in, cat := s.c.Svc, s.c.Operator, s.in, s.c.Cat
	return s.call(func() shiftMsg {
		move, what := svc.PayOut, i18n.ShiftActionPayOut
		if in {
			move, what = svc.PayIn, i18n.ShiftActionPayIn
		}
		m, err := move(op, n, reason)
		return shiftMsg{err: err, info: cat.F(i18n.ShiftCashDone, cat.T(what)+" "+cashier.Rupiah(m.Amount)+" ("+m.Reason+")")}
	})
}

// slip is the report on screen as it prints, in the operator's language
// and the outlet's zone.
func (s *Shift) slip() cashier.ReportSlip {
	slip := s.c.Svc.ShiftSlipBy(*s.report, s.reprint, s.c.actor())
	slip.Lang, slip.Location = s.c.Cat.Lang(), s.c.Cat.Location()
	return slip
}

func (s *Shift) print() tea.Cmd {
	ctx, svc, slip, cat := s.c.ctx(), s.c.Svc, s.slip(), s.c.Cat
	return s.call(func() shiftMsg {
		p := svc.Config().Printer
		if p == nil {
			return shiftMsg{err: cashier.ErrNoPrinter}
		}
		if err := cashier.PrintReport(ctx, p, svc.AnchorSlip(slip)); err != nil {
			return shiftMsg{err: err}
		}
		return shiftMsg{info: cat.F(i18n.ShiftReportPrinted, p.String())}
	})
}

// reportWidth is the paper width that fits the body: 48, 42 or 32.
func (s *Shift) reportWidth() int {
	for _, w := range []int{48, 42} {
		if s.width >= w+4 {
			return w
		}
	}
	return 32
}

func (s *Shift) reportLines() []string {
	if s.report == nil || s.c.Svc == nil {
		return nil
	}
	text, err := cashier.RenderReport(s.slip(), s.reportWidth())
	if err != nil {
		return []string{err.Error()}
	}
	return strings.Split(strings.TrimRight(text, "\n"), "\n")
}

// summary is the close at a glance: the drawer and the deposit, and
// whether the report is final.
func (s *Shift) summary(r cashier.ShiftReport) string {
	st, cat := s.c.Styles, s.c.Cat
	opt := func(v *int64) string {
		if v == nil {
			return "-"
		}
		if *v > 0 {
			return "+" + cashier.Rupiah(*v)
		}
		return cashier.Rupiah(*v)
	}
	rows := []row{{cat.T(i18n.ShiftExpected), cashier.Rupiah(r.ExpectedCash), true}}
	if r.CountedCash != nil {
		rows = append(rows, row{cat.T(i18n.ShiftCounted), cashier.Rupiah(*r.CountedCash), false},
			row{cat.T(i18n.ShiftCashDiff), opt(r.CashDifference), true})
	}
	rows = append(rows, row{cat.T(i18n.ShiftDepositDiff), opt(r.DepositDifference), false})
	if r.Note != "" {
		rows = append(rows, row{cat.T(i18n.ShiftNote), r.Note, false})
	}
	out := detail(st, s.width, rows...)
	if r.Kind == cashier.ReportZ {
		if r.Final {
			out += "\n" + banner(st, ToneOK, cat.T(i18n.ShiftFinal))
		} else {
			out += "\n" + banner(st, TonePending, cat.F(i18n.ShiftProvisional, len(r.Pending)))
		}
	}
	if r.LowDeposit.Below {
		out += "\n" + banner(st, ToneError, cat.F(i18n.HeaderLowDeposit, cashier.Rupiah(r.LowDeposit.Threshold)))
	}
	return out
}

// View shows the shift, the form being filled, or the report.
func (s *Shift) View() string {
	st, cat := s.c.Styles, s.c.Cat
	parts := []string{title(st, cat.T(i18n.ShiftTitle))}
	if s.info != "" {
		parts = append(parts, paragraph(st.Value, s.width, s.info))
	}
	if s.errText != "" {
		parts = append(parts, paragraph(st.Error, s.width, s.errText))
	}
	if s.busy.Active() {
		parts = append(parts, s.busy.Waiting(cat.T(i18n.AskingOVO)))
	}
	switch s.mode {
	case shiftNone:
		parts = append(parts, paragraph(st.Muted, s.width, cat.F(i18n.ShiftNone, s.c.Operator)),
			"  "+cat.T(i18n.ShiftFloatLabel)+"\n  "+s.amount.View(st, 14),
			"  "+keyHint(st, s.c.Keys.Enter, cat.T(i18n.ShiftActionOpen))+"    "+keyHint(st, s.keys.z, cat.T(i18n.ShiftActionZ)))
	case shiftOpen:
		r := *s.status
		parts = append(parts, paragraph(st.Value, s.width, cat.F(i18n.ShiftOpenSince, r.ShiftID, cat.Time(r.OpenedAt))),
			detail(st, s.width, row{cat.T(i18n.ShiftFloat), cashier.Rupiah(r.Float), false},
				row{cat.T(i18n.ShiftExpected), cashier.Rupiah(r.ExpectedCash), true}),
			"  "+keyHint(st, s.keys.x, cat.T(i18n.ShiftActionX))+"  "+keyHint(st, s.keys.payIn, cat.T(i18n.ShiftActionPayIn))+"  "+
				keyHint(st, s.keys.payOut, cat.T(i18n.ShiftActionPayOut))+"  "+keyHint(st, s.keys.close, cat.T(i18n.ShiftActionClose)))
	case shiftCounting:
		parts = append(parts, detail(st, s.width, row{cat.T(i18n.ShiftExpected), cashier.Rupiah(s.status.ExpectedCash), true}),
			"  "+cat.T(i18n.ShiftCountedLabel)+"\n  "+s.amount.View(st, 14))
	case shiftMoving:
		label := i18n.ShiftActionPayOut
		if s.in {
			label = i18n.ShiftActionPayIn
		}
		s.amount.SetFocus(!s.onText)
		s.text.SetFocus(s.onText)
		parts = append(parts, st.Strong.Render("  "+cat.T(label)),
			"  "+cat.T(i18n.ShiftAmountLabel)+"\n  "+s.amount.View(st, 14),
			"  "+cat.T(i18n.ShiftReasonLabel)+"\n  "+s.text.View(st, max(20, min(60, s.width-8))))
	case shiftNoting, shiftShowing:
		parts = append(parts, s.summary(*s.report))
		if s.mode == shiftNoting {
			s.text.Focus()
			parts = append(parts, "  "+cat.T(i18n.ShiftNoteLabel)+"\n  "+s.text.View(st, max(20, min(60, s.width-8))))
		}
		used := len(strings.Split(join(parts...), "\n")) + 2
		lines := s.reportLines()
		room := max(3, s.height-used)
		end := min(len(lines), s.offset+room)
		parts = append(parts, "  "+strings.Join(lines[min(s.offset, end):end], "\n  "))
	}
	s.amount.SetFocus(s.mode != shiftMoving || !s.onText)
	return join(parts...)
}

// ShortHelp lists the keys of the mode.
func (s *Shift) ShortHelp() []key.Binding {
	k := s.c.Keys
	switch s.mode {
	case shiftNone:
		return []key.Binding{k.Enter, s.keys.z, k.Back}
	case shiftOpen:
		return []key.Binding{s.keys.x, s.keys.payIn, s.keys.payOut, s.keys.close, k.Back}
	case shiftShowing:
		return []key.Binding{s.keys.print, k.ScrollUpDown, k.Back}
	case shiftNoting:
		return []key.Binding{k.Enter, k.ScrollUpDown, k.Back}
	case shiftMoving:
		return []key.Binding{k.SwitchField, k.Enter, k.Back}
	}
	return []key.Binding{k.Enter, k.Back}
}

// FullHelp is ShortHelp in one column.
func (s *Shift) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// cashRow says the cash to take from the customer (cash, from
// cashier.CashToCollect: a top up's amount) or that none moves (0: a
// disbursement, paid from the deposit), for the checkout and the result.
func cashRow(c Common, cash int64) row {
	text := c.Cat.T(i18n.CashNone)
	if cash > 0 {
		text = cashier.Rupiah(cash)
	}
	return row{c.Cat.T(i18n.CashFromCustomer), text, true}
}

// cashLine is cashRow on its own.
func cashLine(c Common, width int, cash int64) string {
	return detail(c.Styles, width, cashRow(c, cash))
}

// FollowsTxns marks Shift as showing transactions as they change.
func (*Shift) FollowsTxns() {}
